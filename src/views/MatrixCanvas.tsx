import { useEffect, useRef } from 'react';
import { schemeTable } from '../draw/colors';
import { paintSigned } from '../draw/heatmap';

interface MatrixCanvasProps {
  data: Float32Array;
  rows: number;
  cols: number;
  /** Values at ±limit get the two ends of the diverging scale. */
  limit: number;
  label: string;
  /** Pixels per cell on screen, across and down. */
  cellWidth: number;
  cellHeight: number;
}

/** Any signed matrix (queries, keys, scores) on the diverging scale, one pixel per cell. */
export function MatrixCanvas(props: MatrixCanvasProps) {
  const { data, rows, cols, limit, label, cellWidth, cellHeight } = props;
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context || rows === 0 || cols === 0) return;
    element.width = cols;
    element.height = rows;
    const image = context.createImageData(cols, rows);
    paintSigned(image, data, rows, cols, schemeTable('rdbu'), limit);
    context.putImageData(image, 0, 0);
  }, [data, rows, cols, limit]);

  return (
    <canvas
      ref={canvas}
      className="matrix-canvas"
      role="img"
      aria-label={label}
      style={{ width: cols * cellWidth, height: rows * cellHeight }}
    />
  );
}
