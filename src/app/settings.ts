/**
 * Every setting of the page in one typed table. Views read from it; the URL and local storage
 * are written from it, so a pasted link or a reload reproduces what was on screen.
 */
import type { ColorTransform, SequentialScheme } from '../draw/colors';

export type ViewName = 'grid' | 'head' | 'lines' | 'mechanism';
export type Normalization = 'row' | 'head' | 'all';
export type BackendChoice = 'auto' | 'webgl' | 'wasm' | 'cpu';

export interface Settings {
  /** Built-in model name or the source the person opened. */
  model: string;
  text: string;
  view: ViewName;
  layer: number;
  head: number;
  scheme: SequentialScheme;
  transform: ColorTransform;
  normalization: Normalization;
  backend: BackendChoice;
  /** Whether the mechanism view divides scores by the square root of the head size. */
  scaled: boolean;
  /** Heads drawn in the line view; null draws them all. */
  lineHeads: number[] | null;
}

export const DEFAULT_TEXT = 'The cat sat on the mat because it was tired of the long day.';

export const DEFAULT_SETTINGS: Settings = {
  model: 'brown-gpt',
  text: DEFAULT_TEXT,
  view: 'grid',
  layer: 0,
  head: 0,
  scheme: 'viridis',
  transform: 'linear',
  normalization: 'row',
  backend: 'auto',
  scaled: true,
  lineHeads: null,
};
