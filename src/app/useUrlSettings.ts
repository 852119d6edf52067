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
  // for each layer, head and model shape, so a fallback can never start a loop of renders.
  const [checked, setChecked] = useState<string | null>(null);
  const key = shape && `${settings.layer}:${settings.head}:${shape.numLayers}:${shape.numHeads}`;
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

/** The layer and head fall back to their defaults when the open model has no such head. */
function checkShape(settings: Settings, shape: ModelShape | null) {
  const patch: Partial<Settings> = {};
  const found: string[] = [];
  if (!shape) return { patch, found };
  const { numLayers, numHeads } = shape;
  if (settings.layer >= numLayers) {
    found.push(
      `Layer ${settings.layer} does not exist in this model (layers 0 to ${numLayers - 1}); ` +
        `showing layer ${DEFAULT_SETTINGS.layer}.`,
    );
    patch.layer = DEFAULT_SETTINGS.layer;
  }
  if (settings.head >= numHeads) {
    found.push(
      `Head ${settings.head} does not exist in this model (heads 0 to ${numHeads - 1}); ` +
        `showing head ${DEFAULT_SETTINGS.head}.`,
    );
    patch.head = DEFAULT_SETTINGS.head;
  }
  return { patch, found };
}
