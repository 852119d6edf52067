/**
 * Keeps the address bar a link to what is on screen. The link is read once when the page opens;
 * afterwards every change is written back with replaceState, debounced, so typing a sentence
 * neither floods the history nor leaves the back button full of half-typed words.
 */
import { useEffect, useState } from 'react';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { settingsFromQuery, withSettings, type LinkReading } from './urlSettings';

const WRITE_DELAY_MS = 300;

let opened: LinkReading | null = null;

/**
 * The settings the page opens with: `base` (defaults, or what was stored on this device) with
 * the link's values over it. Read once per page load, so React's double render in development
 * does not read a URL the first render has already rewritten.
 */
export function initialSettings(base: Settings = DEFAULT_SETTINGS): LinkReading {
  opened ??= settingsFromQuery(window.location.search, base);
  return opened;
}

/** The link that reproduces `settings`, for the copy button. */
export function linkTo(settings: Settings): string {
  const url = new URL(window.location.href);
  url.search = withSettings(url.search, settings);
  return url.href;
}

interface ModelShape {
  numLayers: number;
  numHeads: number;
}

/**
 * Writes the settings into the URL as they change, and checks the layer and head against the
 * open model, which the link reader could not know. Returns the notices for the page.
 */
export function useUrlSettings(
  settings: Settings,
  update: (patch: Partial<Settings>) => void,
  shape: ModelShape | null,
): string[] {
  const [notices, setNotices] = useState<string[]>(() => initialSettings().notices);

  useEffect(() => {
    const timer = window.setTimeout(() => {
      const href = linkTo(settings);
      if (href !== window.location.href)
        window.history.replaceState(window.history.state, '', href);
    }, WRITE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [settings]);

  // Checked while rendering, so the fallback lands in the same pass as the model, and once
  // for each model shape and set of indexes, so a fallback can never start a loop of renders.
  const [checked, setChecked] = useState<string | null>(null);
  const key = shape && shapeKey(settings, shape);
  if (key !== null && key !== checked) {
    setChecked(key);
    const { patch, found } = checkShape(settings, shape);
    if (found.length > 0) {
      setNotices((old) => [...old, ...found.filter((notice) => !old.includes(notice))]);
      update(patch);
    }
  }

  return notices;
}

type IndexSetting = 'layer' | 'head' | 'compareLayer' | 'compareHead';

/** Settings that index the model, with the words a notice uses for them. */
const INDEXES: { key: IndexSetting; name: string; kind: 'layer' | 'head' }[] = [
  { key: 'layer', name: 'Layer', kind: 'layer' },
  { key: 'head', name: 'Head', kind: 'head' },
  { key: 'compareLayer', name: 'The compared layer', kind: 'layer' },
  { key: 'compareHead', name: 'The compared head', kind: 'head' },
];

/** What the model-shape check depends on; it runs again only when this changes. */
function shapeKey(settings: Settings, shape: ModelShape): string {
  const lists = [settings.lineHeads ?? [], settings.aggregateHeads, settings.ablate];
  return JSON.stringify([shape, INDEXES.map(({ key }) => settings[key]), lists]);
}

/**
 * Settings that name a layer or head the open model does not have fall back: an index to its
 * default (or 0 where the default is missing too), a list of heads to the heads that exist.
 */
function checkShape(settings: Settings, shape: ModelShape | null) {
  const patch: Partial<Settings> = {};
  const found: string[] = [];
  if (!shape) return { patch, found };
  const count = { layer: shape.numLayers, head: shape.numHeads };

  for (const { key, name, kind } of INDEXES) {
    const value = settings[key];
    if (value < count[kind]) continue;
    const fallback = DEFAULT_SETTINGS[key] < count[kind] ? DEFAULT_SETTINGS[key] : 0;
    found.push(
      `${name} ${value} does not exist in this model (${kind}s 0 to ${count[kind] - 1}); ` +
        `showing ${kind} ${fallback}.`,
    );
    patch[key] = fallback;
  }

  const exists = (id: string) => {
    const [layer, head] = id.split(':').map(Number);
    return layer < shape.numLayers && head < shape.numHeads;
  };
  const lineHeads = settings.lineHeads?.filter((head) => head < shape.numHeads) ?? null;
  if (lineHeads && lineHeads.length !== settings.lineHeads?.length) patch.lineHeads = lineHeads;
  for (const key of ['aggregateHeads', 'ablate'] as const) {
    const kept = settings[key].filter(exists);
    if (kept.length !== settings[key].length) patch[key] = kept;
  }
  const dropped = (['lineHeads', 'aggregateHeads', 'ablate'] as const).filter((k) => k in patch);
  if (dropped.length > 0) {
    found.push(`Heads this model does not have were left out of ${dropped.join(', ')}.`);
  }
  return { patch, found };
}
