/**
 * Paints attention matrices into canvas pixels: one pixel per cell, scaled up by CSS with
 * `image-rendering: pixelated`. A 128 x 128 head is 16k pixels, far cheaper than 16k SVG nodes.
 */
import type { ColorTransform } from './colors';
import { transformValue } from './colors';

export interface PaintOptions {
  /** 256-entry RGBA lookup table from `schemeTable`. */
  table: Uint8ClampedArray;
  transform: ColorTransform;
  /** The value that gets the top colour; rows are normalised to their own max when 'row'. */
  max: number | 'row';
  /** Cells above the diagonal of a causal model are drawn in this colour, not as zero. */
  maskedColor?: [number, number, number];
  causal?: boolean;
}

/** Fills `image` (seqLen x seqLen) with the colours of `matrix` (row-major, seqLen x seqLen). */
export function paintMatrix(
  image: ImageData,
  matrix: Float32Array,
  seqLen: number,
  options: PaintOptions,
): void {
  const { table, transform, causal } = options;
  const pixels = image.data;
  const masked = options.maskedColor ?? [128, 128, 128];

  for (let q = 0; q < seqLen; q++) {
    let max = options.max === 'row' ? 0 : options.max;
    if (options.max === 'row') {
      for (let k = 0; k < seqLen; k++) max = Math.max(max, matrix[q * seqLen + k]);
    }
    for (let k = 0; k < seqLen; k++) {
      const p = (q * seqLen + k) * 4;
      if (causal && k > q) {
        pixels[p] = masked[0];
        pixels[p + 1] = masked[1];
        pixels[p + 2] = masked[2];
        pixels[p + 3] = 255;
        continue;
      }
      const t = transformValue(matrix[q * seqLen + k], max, transform);
      const c = Math.round(t * 255) * 4;
      pixels[p] = table[c];
      pixels[p + 1] = table[c + 1];
      pixels[p + 2] = table[c + 2];
      pixels[p + 3] = 255;
    }
  }
}

/**
 * Paints a signed matrix on a diverging table: -limit is the first colour, 0 the middle,
 * +limit the last.
 */
export function paintSigned(
  image: ImageData,
  matrix: Float32Array,
  rows: number,
  cols: number,
  table: Uint8ClampedArray,
  limit: number,
): void {
  const pixels = image.data;
  const scale = limit > 0 ? 1 / limit : 0;
  for (let i = 0; i < rows * cols; i++) {
    if (!Number.isFinite(matrix[i])) {
      // Masked scores (-Infinity) are drawn as neutral grey, apart from every real value.
      pixels.set([128, 128, 128, 255], i * 4);
      continue;
    }
    const t = Math.max(-1, Math.min(1, matrix[i] * scale));
    const c = Math.round(((t + 1) / 2) * 255) * 4;
    pixels[i * 4] = table[c];
    pixels[i * 4 + 1] = table[c + 1];
    pixels[i * 4 + 2] = table[c + 2];
    pixels[i * 4 + 3] = 255;
  }
}

/** Draws a matrix onto a canvas sized to it, reusing the canvas's pixel buffer. */
export function drawMatrixToCanvas(
  canvas: HTMLCanvasElement,
  matrix: Float32Array,
  seqLen: number,
  options: PaintOptions,
): void {
  if (canvas.width !== seqLen || canvas.height !== seqLen) {
    canvas.width = seqLen;
    canvas.height = seqLen;
  }
  const context = canvas.getContext('2d');
  if (!context || seqLen === 0) return;
  const image = context.createImageData(seqLen, seqLen);
  paintMatrix(image, matrix, seqLen, options);
  context.putImageData(image, 0, 0);
}

/** Largest value of a matrix, 0 for an empty one. */
export function matrixMax(matrix: Float32Array): number {
  let max = 0;
  for (let i = 0; i < matrix.length; i++) if (matrix[i] > max) max = matrix[i];
  return max;
}

const largestCache = new WeakMap<readonly Float32Array[][], number>();

/** Largest weight of any head, [layer][head]; the top of the scale shared by all heads. */
export function largestWeight(attention: readonly Float32Array[][]): number {
  let max = largestCache.get(attention);
  if (max === undefined) {
    max = 0;
    for (const heads of attention) for (const matrix of heads) max = Math.max(max, matrixMax(matrix));
    largestCache.set(attention, max);
  }
  return max;
}
