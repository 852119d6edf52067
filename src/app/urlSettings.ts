/**
 * The settings table as a link. Every setting has a field here that writes it as text and reads
 * it back with a check, so a hand-edited or truncated link can never put a value into the page
 * that the views were not written for: a bad value falls back to its default, with a notice.
 *
 * A new setting needs one line in FIELDS; the type below refuses to compile until it has one.
 */
import type { Alignment } from '../analysis/compare';
import { STAT_NAMES, type SortDirection } from '../analysis/stats';
import { SEQUENTIAL_SCHEMES, COLOR_TRANSFORMS } from '../draw/colors';
import { parseReference } from '../hub/reference';
import { DEFAULT_SETTINGS } from './settings';
import type { AggregateScope, BackendChoice, CompareMode, Normalization } from './settings';
import type { Settings, ThemeChoice, ViewName } from './settings';

/** How one setting travels as text. */
export interface Field<T> {
  /** The value the text stands for, or undefined when it is not a valid value. */
  parse: (text: string) => T | undefined;
  format: (value: T) => string;
  /** False for choices that belong to the reader rather than to the view: theme, backend. */
  inLink?: boolean;
}

// Texts and lists are bounded so that a pasted link cannot make the page tokenise megabytes.
const MAX_TEXT = 20_000;
const MAX_LIST = 4096;
const MAX_INDEX = 10_000;

function oneOf<T extends string>(values: readonly T[]): Field<T> {
  return {
    parse: (text) => ((values as readonly string[]).includes(text) ? (text as T) : undefined),
    format: (value) => value,
  };
}

/** Like oneOf, but naming the type makes the compiler check that every member is listed. */
function choices<T extends string>(members: Record<T, true>): Field<T> {
  return oneOf(Object.keys(members) as T[]);
}

function integer(min: number, max: number): Field<number> {
  return {
    parse: (text) => {
      if (!/^-?\d+$/.test(text)) return undefined;
      const value = Number(text);
      return value >= min && value <= max ? value : undefined;
    },
    format: String,
  };
}

function decimal(min: number, max: number): Field<number> {
  return {
    parse: (text) => {
      if (!/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(text)) return undefined;
      const value = Number(text);
      return Number.isFinite(value) && value >= min && value <= max ? value : undefined;
    },
    format: String,
  };
}

const flag: Field<boolean> = {
  parse: (text) =>
    text === '1' || text === 'true' ? true : text === '0' || text === 'false' ? false : undefined,
  format: (value) => (value ? '1' : '0'),
};

function text(maxLength: number): Field<string> {
  return {
    parse: (value) => (value.length <= maxLength ? value : undefined),
    format: (value) => value,
  };
}

/** Null is written as a word no valid value can be. */
function nullable<T>(field: Field<T>, word = 'none'): Field<T | null> {
  return {
    parse: (value) => (value === word ? null : field.parse(value)),
    format: (value) => (value === null ? word : field.format(value)),
  };
}

/** Comma-separated; the items' own texts never contain commas. */
function list<T>(item: Field<T>): Field<T[]> {
  return {
    parse: (value) => {
      if (value === '') return [];
      const parts = value.split(',');
      if (parts.length > MAX_LIST) return undefined;
      const items = parts.map(item.parse);
      return items.every((v) => v !== undefined) ? (items as T[]) : undefined;
    },
    format: (values) => values.map(item.format).join(','),
  };
}

/** `${layer}:${head}`, the way sets of heads are named in the settings. */
const headId: Field<string> = {
  parse: (value) => (/^\d{1,5}:\d{1,5}$/.test(value) ? value : undefined),
  format: (value) => value,
};

/** A model reference that can be opened by whoever follows the link; local files cannot. */
const modelReference: Field<string> = {
  parse: (value) => {
    try {
      return parseReference(value).kind === 'local' ? undefined : value;
    } catch {
      return undefined;
    }
  },
  format: (value) => value,
};

export const FIELDS: { [K in keyof Settings]: Field<Settings[K]> } = {
  model: modelReference,
  text: text(MAX_TEXT),
  view: choices<ViewName>({
    grid: true,
    head: true,
    lines: true,
    mechanism: true,
    aggregate: true,
    compare: true,
    ablate: true,
  }),
  layer: integer(0, MAX_INDEX),
  head: integer(0, MAX_INDEX),
  scheme: oneOf(SEQUENTIAL_SCHEMES),
  transform: oneOf(COLOR_TRANSFORMS),
  normalization: choices<Normalization>({ row: true, head: true, all: true }),
  backend: {
    ...choices<BackendChoice>({ auto: true, webgl: true, wasm: true, cpu: true }),
    inLink: false,
  },
  scaled: flag,
  lineHeads: nullable(list(integer(0, MAX_INDEX)), 'all'),
  lineThreshold: decimal(0, 1),
  lineTopK: integer(1, MAX_INDEX),
  gridSort: nullable(oneOf(STAT_NAMES)),
  gridSortDirection: choices<SortDirection>({ ascending: true, descending: true }),
  gridFilter: oneOf(STAT_NAMES),
  gridFilterMin: nullable(decimal(-1e9, 1e9)),
  gridFilterMax: nullable(decimal(-1e9, 1e9)),
  hideSpecial: flag,
  hideFirst: flag,
  mergeWords: flag,
  valueWeighted: flag,
  aggregateScope: choices<AggregateScope>({ heads: true, layer: true, rollout: true }),
  aggregateHeads: list(headId),
  compareMode: choices<CompareMode>({ texts: true, heads: true }),
  compareText: text(MAX_TEXT),
  compareAlignment: choices<Alignment>({ position: true, prefix: true }),
  compareLayer: integer(0, MAX_INDEX),
  compareHead: integer(0, MAX_INDEX),
  ablate: list(headId),
  theme: { ...choices<ThemeChoice>({ system: true, light: true, dark: true }), inLink: false },
};

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

function formatField<K extends keyof Settings>(key: K, value: Settings[K]): string {
  return FIELDS[key].format(value);
}

/**
 * The query string of a link to `settings`. Every setting of the view is written, even at its
 * default, so the link shows the same view to a reader whose stored settings differ, and keeps
 * showing it if a default changes.
 */
export function settingsToQuery(settings: Settings): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    if (FIELDS[key].inLink === false) continue;
    const value = formatField(key, settings[key]);
    // A value a link cannot carry back (a text longer than links allow) is left out, so that a
    // reload keeps this device's stored value instead of falling back to the default.
    if (FIELDS[key].parse(value) === undefined) continue;
    params.set(key, value);
  }
  return params.toString();
}

/**
 * Page parameters that are not settings but are read elsewhere: `hub` names a Hub mirror
 * (src/hub/endpoint.ts). They are kept when the settings are written and raise no notice.
 */
export const PAGE_PARAMETERS: ReadonlySet<string> = new Set(['hub']);

/** `search` with the settings written in; every parameter that is not a setting is kept. */
export function withSettings(search: string, settings: Settings): string {
  const params = new URLSearchParams(search);
  for (const key of KEYS) params.delete(key);
  for (const [key, value] of new URLSearchParams(settingsToQuery(settings))) {
    params.append(key, value);
  }
  return params.toString();
}

export interface LinkReading {
  settings: Settings;
  /** One sentence per value that was not used, for the page. */
  notices: string[];
}

/**
 * Reads a query string over `base` (defaults, or this device's stored settings): settings the
 * query names replace the base's. Links this page writes name every setting of the view, so
 * they reproduce it whatever the reader has stored; a hand-written `?text=…` changes one.
 */
export function settingsFromQuery(query: string, base: Settings = DEFAULT_SETTINGS): LinkReading {
  const params = new URLSearchParams(query);
  const settings: Settings = { ...base };
  const notices: string[] = [];
  const assign = <K extends keyof Settings>(key: K, raw: string) => {
    const value = FIELDS[key].parse(raw);
    if (value !== undefined) {
      settings[key] = value;
      return;
    }
    const fallback = formatField(key, DEFAULT_SETTINGS[key]);
    settings[key] = DEFAULT_SETTINGS[key];
    notices.push(
      `The link's ${key} "${clip(raw)}" is not a valid value, so the default ` +
        `"${clip(fallback)}" is used.`,
    );
  };

  for (const [key, raw] of params) {
    if (PAGE_PARAMETERS.has(key)) continue;
    if (!isSettingKey(key)) {
      notices.push(`The link's setting "${clip(key)}" is unknown and was ignored.`);
    } else if (FIELDS[key].inLink === false) {
      notices.push(`The link's ${key} was ignored: each reader chooses their own.`);
    } else {
      assign(key, raw);
    }
  }
  return { settings, notices };
}

function isSettingKey(key: string): key is keyof Settings {
  return Object.hasOwn(FIELDS, key);
}

/** Keeps a notice one line long whatever was pasted into the link. */
function clip(value: string, length = 40): string {
  const chars = Array.from(value);
  return chars.length > length ? chars.slice(0, length - 1).join('') + '…' : value;
}
