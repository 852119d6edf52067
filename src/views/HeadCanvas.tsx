import { useEffect, useRef } from 'react';
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

/** One attention matrix as canvas pixels, scaled up by CSS. */
export function HeadCanvas(props: HeadCanvasProps) {
  const { matrix, seqLen, paint, label, className, style } = props;
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (canvas.current) drawMatrixToCanvas(canvas.current, matrix, seqLen, paint);
  }, [matrix, seqLen, paint]);

  return (
    <canvas
      ref={canvas}
      className={className ?? 'head-canvas'}
      style={style}
      role="img"
      aria-label={label}
    />
  );
}
