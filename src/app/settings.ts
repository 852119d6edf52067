/**
 * Every setting of the page in one typed table. Views read from it; the URL and local storage
 * are written from it, so a pasted link or a reload reproduces what was on screen.
 */
import type { ColorTransform, SequentialScheme } from '../draw/colors';
import type { Alignment } from '../analysis/compare';
import type { SortDirection, StatName } from '../analysis/stats';

export type ViewName = 'grid' | 'head' | 'lines' | 'mechanism' | 'aggregate' | 'compare' | 'ablate';
/** What the aggregate view folds: chosen heads, every head of the layer, or rollout. */
export type AggregateScope = 'heads' | 'layer' | 'rollout';
/** Two texts through the same head, or two heads on the same text. */
export type CompareMode = 'texts' | 'heads';
export type Normalization = 'row' | 'head' | 'all';
export type BackendChoice = 'auto' | 'webgl' | 'wasm' | 'cpu';
/** Page colours: follow the system's light or dark setting, or force one. */
export type ThemeChoice = 'system' | 'light' | 'dark';

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
  /** Lines fainter than this weight are not drawn in the line view. */
  lineThreshold: number;
  /** The line view keeps at most this many keys per query and head. */
  lineTopK: number;
  /** Statistic the model grid is ordered by; null keeps layer-then-head order. */
  gridSort: StatName | null;
  gridSortDirection: SortDirection;
  /** Statistic the model grid is filtered on, with inclusive bounds; null bound is open. */
  gridFilter: StatName;
  gridFilterMin: number | null;
  gridFilterMax: number | null;
  /** Heatmaps leave out special tokens, each row renormalised over the keys that remain. */
  hideSpecial: boolean;
  /** Heatmaps leave out the first token, which often soaks up weight as a sink. */
  hideFirst: boolean;
  /** Heatmaps show words instead of subword pieces, by WORD_MERGE_RULE. */
  mergeWords: boolean;
  /** The chosen layer's heads are scaled by the norm of each key's value vector. */
  valueWeighted: boolean;
  aggregateScope: AggregateScope;
  /** Heads folded in the 'heads' scope, as `${layer}:${head}`. */
  aggregateHeads: string[];
  compareMode: CompareMode;
  /** The second text of a comparison of texts. */
  compareText: string;
  compareAlignment: Alignment;
  /** The second head of a comparison of heads. */
  compareLayer: number;
  compareHead: number;
  /** Heads switched off (output zeroed), as `${layer}:${head}`. */
  ablate: string[];
  theme: ThemeChoice;
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
  lineThreshold: 0.05,
  lineTopK: 5,
  gridSort: null,
  gridSortDirection: 'descending',
  gridFilter: 'entropy',
  gridFilterMin: null,
  gridFilterMax: null,
  hideSpecial: false,
  hideFirst: false,
  mergeWords: false,
  valueWeighted: false,
  aggregateScope: 'layer',
  aggregateHeads: [],
  compareMode: 'texts',
  compareText: 'The dog sat on the mat because it was tired of the long day.',
  compareAlignment: 'position',
  compareLayer: 0,
  compareHead: 1,
  ablate: [],
  theme: 'system',
};

/**
 * Equal props for a view that draws a finished result: every prop the same object, and the
 * settings the same apart from the text. A keystroke changes only the text, and such a view
 * waits for the new result rather than redrawing the old one at once.
 */
export function sameApartFromText<P extends { settings: Settings }>(a: P, b: P): boolean {
  const keys = Object.keys(a) as (keyof P)[];
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (key === 'settings') continue;
    if (a[key] !== b[key]) return false;
  }
  const settingKeys = Object.keys(a.settings) as (keyof Settings)[];
  return settingKeys.every((key) => key === 'text' || a.settings[key] === b.settings[key]);
}
