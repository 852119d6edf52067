/**
 * Colour scales, in one place so every heatmap and legend agree.
 *
 * Scales map a value in [0, 1] (or [-1, 1] for diverging ones) to a colour. Heatmaps read them
 * through a 256-entry lookup table, because calling an interpolator per cell is too slow for
 * dozens of 128 x 128 matrices.
 */
import {
  interpolateBlues,
  interpolateCividis,
  interpolateInferno,
  interpolateRdBu,
  interpolateViridis,
} from 'd3-scale-chromatic';
import { rgb } from 'd3';

export type SequentialScheme = 'viridis' | 'cividis' | 'inferno' | 'blues';
export type DivergingScheme = 'rdbu';
export type ColorTransform = 'linear' | 'sqrt' | 'log';

export const SEQUENTIAL_SCHEMES: readonly SequentialScheme[] = [
  'viridis',
  'cividis',
  'inferno',
  'blues',
];
export const COLOR_TRANSFORMS: readonly ColorTransform[] = ['linear', 'sqrt', 'log'];

const SEQUENTIAL: Record<SequentialScheme, (t: number) => string> = {
  viridis: interpolateViridis,
  cividis: interpolateCividis,
  inferno: interpolateInferno,
  blues: interpolateBlues,
};

/** Reversed so that positive differences are red and negative blue, the usual reading. */
const DIVERGING: Record<DivergingScheme, (t: number) => string> = {
  rdbu: (t) => interpolateRdBu(1 - t),
};

export function sequentialInterpolator(scheme: SequentialScheme): (t: number) => string {
  return SEQUENTIAL[scheme];
}

export function divergingInterpolator(scheme: DivergingScheme = 'rdbu'): (t: number) => string {
  return DIVERGING[scheme];
}

/**
 * Log scale floor: attention weights below 1e-3 of the maximum all get the lowest colour, which
 * keeps one tiny weight from stretching the whole scale.
 */
const LOG_FLOOR = 1e-3;

/** Maps a value in [0, max] to [0, 1] under the chosen transform. */
export function transformValue(value: number, max: number, transform: ColorTransform): number {
  if (!(max > 0) || !(value > 0)) return 0;
  const t = Math.min(value / max, 1);
  if (transform === 'sqrt') return Math.sqrt(t);
  if (transform === 'log')
    return Math.max(0, 1 - Math.log(Math.max(t, LOG_FLOOR)) / Math.log(LOG_FLOOR));
  return t;
}

/** 256 RGBA colours sampled from an interpolator, packed for ImageData. */
export function lookupTable(interpolate: (t: number) => string): Uint8ClampedArray {
  const table = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const c = rgb(interpolate(i / 255));
    table.set([c.r, c.g, c.b, 255], i * 4);
  }
  return table;
}

const tableCache = new Map<string, Uint8ClampedArray>();

/** The cached lookup table of a sequential or diverging scheme. */
export function schemeTable(scheme: SequentialScheme | DivergingScheme): Uint8ClampedArray {
  let table = tableCache.get(scheme);
  if (!table) {
    const interpolate =
      scheme === 'rdbu' ? divergingInterpolator(scheme) : sequentialInterpolator(scheme);
    table = lookupTable(interpolate);
    tableCache.set(scheme, table);
  }
  return table;
}

/**
 * Hues spread evenly around the colour wheel, one per head, so colours stay distinct past the
 * ten of a categorical palette. Lightness alternates so neighbouring heads differ in two ways.
 */
export function headColor(head: number, numHeads: number): string {
  const hue = (360 * head) / Math.max(numHeads, 1);
  const lightness = head % 2 === 0 ? 45 : 60;
  return `hsl(${hue.toFixed(1)} 70% ${lightness}%)`;
}
