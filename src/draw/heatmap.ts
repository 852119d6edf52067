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

/**
 * Fills `image` (seqLen x seqLen) with the colours of `matrix` (row-major, seqLen x seqLen).
 * A grid paints a hundred heads per keystroke, so each pixel is one 32-bit write of a colour
 * packed in advance, and the linear scale skips the general transform.
 */
export function paintMatrix(
  image: ImageData,
  matrix: Float32Array,
  seqLen: number,
  options: PaintOptions,
): void {
  const { transform, causal } = options;
  const colors = packedColors(options.table);
  const pixels = new Uint32Array(image.data.buffer, image.data.byteOffset, seqLen * seqLen);
  const [r, g, b] = options.maskedColor ?? [128, 128, 128];
  const masked = packColor(r, g, b);

  for (let q = 0; q < seqLen; q++) {
    const row = q * seqLen;
    let max = options.max === 'row' ? 0 : options.max;
    if (options.max === 'row') {
      for (let k = 0; k < seqLen; k++) if (matrix[row + k] > max) max = matrix[row + k];
    }
    // Keys after the query are masked in a causal model and take the masked colour.
    const visible = causal ? q + 1 : seqLen;
    if (transform === 'linear') {
      for (let k = 0; k < visible; k++) {
        const value = matrix[row + k];
        // The same arithmetic as transformValue, inlined: this loop is the whole cost.
        const t = max > 0 && value > 0 ? Math.min(value / max, 1) : 0;
        pixels[row + k] = colors[Math.round(t * 255)];
      }
    } else {
      for (let k = 0; k < visible; k++) {
        pixels[row + k] = colors[Math.round(transformValue(matrix[row + k], max, transform) * 255)];
      }
    }
    pixels.fill(masked, row + visible, row + seqLen);
  }
}

const packedCache = new WeakMap<Uint8ClampedArray, Uint32Array>();

/** The RGBA table as one 32-bit word per colour, in the byte order ImageData uses. */
function packedColors(table: Uint8ClampedArray): Uint32Array {
  let packed = packedCache.get(table);
  if (!packed) {
    packed = new Uint32Array(256);
    new Uint8Array(packed.buffer).set(table.subarray(0, 256 * 4));
    packedCache.set(table, packed);
  }
  return packed;
}

function packColor(r: number, g: number, b: number): number {
  return new Uint32Array(new Uint8Array([r, g, b, 255]).buffer)[0];
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

const imageCache = new WeakMap<HTMLCanvasElement, ImageData>();

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
  // A small canvas redrawn from the CPU on every result is cheapest in CPU memory; a GPU-backed
  // one pays an upload per head per keystroke, and far more where WebGL is software.
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context || seqLen === 0) return;
  // Reused while the size holds, so a grid does not allocate a buffer per head per keystroke.
  let image = imageCache.get(canvas);
  if (!image || image.width !== seqLen) {
    image = context.createImageData(seqLen, seqLen);
    imageCache.set(canvas, image);
  }
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
    for (const heads of attention)
      for (const matrix of heads) max = Math.max(max, matrixMax(matrix));
    largestCache.set(attention, max);
  }
  return max;
}
