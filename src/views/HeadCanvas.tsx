import { memo, useLayoutEffect, useRef } from 'react';
import { drawMatrixToCanvas, type PaintOptions } from '../draw/heatmap';

interface HeadCanvasProps {
  /** One head's attention, seqLen x seqLen row-major. */
  matrix: Float32Array;
  seqLen: number;
  paint: PaintOptions;
  /** Accessible name and tooltip. */
  label: string;
  className?: string;
  /** Display size; the canvas itself keeps one pixel per cell. */
  style?: React.CSSProperties;
}

/**
 * One attention matrix as canvas pixels, scaled up by CSS. Grids hold a hundred of these, so a
 * canvas is repainted only when what it shows changes, not on every render of its parent, and
 * in a layout effect, so new pixels land in the same frame as the rest of the new result.
 */
export const HeadCanvas = memo(function HeadCanvas(props: HeadCanvasProps) {
  const { matrix, seqLen, paint, label, className, style } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const { table, transform, max, causal, maskedColor } = paint;

  useLayoutEffect(() => {
    if (canvas.current) {
      drawMatrixToCanvas(canvas.current, matrix, seqLen, {
        table,
        transform,
        max,
        causal,
        maskedColor,
      });
    }
  }, [matrix, seqLen, table, transform, max, causal, maskedColor]);

  return (
    <canvas
      ref={canvas}
      className={className ?? 'head-canvas'}
      style={style}
      role="img"
      aria-label={label}
    />
  );
}, sameDrawing);

/** Equal for drawing: paint options compared field by field, since parents rebuild them. */
function sameDrawing(a: HeadCanvasProps, b: HeadCanvasProps): boolean {
  return (
    a.matrix === b.matrix &&
    a.seqLen === b.seqLen &&
    a.label === b.label &&
    a.className === b.className &&
    a.style === b.style &&
    a.paint.table === b.paint.table &&
    a.paint.transform === b.paint.transform &&
    a.paint.max === b.paint.max &&
    a.paint.causal === b.paint.causal &&
    a.paint.maskedColor === b.paint.maskedColor
  );
}
