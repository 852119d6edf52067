/**
 * Head atlases: what each head of a built-in model was found to do, measured over a corpus
 * when the model was trained, and shipped beside it as `heads.json`. The page shows an
 * atlas label next to the live figures, which describe only the text in the box.
 */
import { useEffect, useState } from 'react';

export interface AtlasEntry {
  layer: number;
  head: number;
  /** Short names of what the head does, strongest first; may be empty. */
  labels: string[];
  /** Corpus-wide scores by name, as the atlas gives them. */
  scores: Record<string, number>;
  /** The atlas's other notes on the head, as `name: value` lines for a tooltip. */
  notes: string[];
}

/** Keyed by `${layer}:${head}`. */
export type HeadAtlas = Map<string, AtlasEntry>;

export const ATLAS_FILE = 'heads.json';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NOT_SCORES = new Set(['layer', 'head']);

// Scores sit beside layer and head, or under `scores`; both are read.
function numbersOf(entry: Record<string, unknown>): Record<string, number> {
  const scores: Record<string, number> = {};
  const nested = isRecord(entry.scores) ? entry.scores : {};
  for (const [name, score] of Object.entries({ ...entry, ...nested })) {
    if (NOT_SCORES.has(name)) continue;
    if (typeof score === 'number' && Number.isFinite(score)) scores[name] = score;
  }
  return scores;
}

// Nested descriptions, such as the part-of-speech pair a head prefers, become readable lines.
function notesOf(entry: Record<string, unknown>): string[] {
  return Object.entries(entry)
    .filter(([name, value]) => name !== 'scores' && isRecord(value))
    .map(([name, value]) => {
      const parts = Object.entries(value as Record<string, unknown>)
        .filter(([, part]) => typeof part === 'string' || typeof part === 'number')
        .map(([key, part]) => `${key} ${String(part)}`);
      return `${name.replace(/_/g, ' ')}: ${parts.join(', ')}`;
    });
}

function labelsOf(entry: Record<string, unknown>): string[] {
  const raw = entry.labels ?? entry.label ?? entry.role ?? entry.roles;
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return list.filter((label): label is string => typeof label === 'string' && label !== '');
}

function entryOf(value: unknown, layer?: number, head?: number): AtlasEntry | null {
  if (!isRecord(value)) return null;
  const l = typeof value.layer === 'number' ? value.layer : layer;
  const h = typeof value.head === 'number' ? value.head : head;
  if (l === undefined || h === undefined) return null;
  return {
    layer: l,
    head: h,
    labels: labelsOf(value),
    scores: numbersOf(value),
    notes: notesOf(value),
  };
}

/**
 * Reads an atlas in either of two shapes: a list of `{layer, head, labels | label, scores}`
 * (bare or under `heads`), or a list per layer of lists per head (bare or under `layers`).
 * Entries it cannot read are skipped, since an atlas only annotates the live figures.
 */
export function parseHeadAtlas(json: unknown): HeadAtlas {
  const atlas: HeadAtlas = new Map();
  const root = isRecord(json) ? (json.heads ?? json.layers) : json;
  if (!Array.isArray(root)) return atlas;

  const add = (entry: AtlasEntry | null) => {
    if (entry) atlas.set(`${entry.layer}:${entry.head}`, entry);
  };
  root.forEach((item, layer) => {
    if (Array.isArray(item)) item.forEach((cell, head) => add(entryOf(cell, layer, head)));
    else if (isRecord(item) && Array.isArray(item.heads)) {
      const l = typeof item.layer === 'number' ? item.layer : layer;
      item.heads.forEach((cell: unknown, head: number) => add(entryOf(cell, l, head)));
    } else add(entryOf(item));
  });
  return atlas;
}

/**
 * The atlas in the model folder at `baseUrl`, or null while it loads and when the folder has
 * none: a checkpoint a person opens has no atlas, and that is not an error.
 */
export function useHeadAtlas(baseUrl: string | null): HeadAtlas | null {
  const [atlas, setAtlas] = useState<{ url: string; atlas: HeadAtlas } | null>(null);

  useEffect(() => {
    if (!baseUrl) return;
    // Read once per folder: the grid mounts again whenever the text box is emptied and refilled.
    if (readAtlases.has(baseUrl)) return;
    const controller = new AbortController();
    const url = new URL(ATLAS_FILE, baseUrl).href;
    fetch(url, { signal: controller.signal })
      // A static server may answer a missing file with the page itself, so only JSON counts.
      .then((response) =>
        response.ok && /json/.test(response.headers.get('content-type') ?? '')
          ? response.json()
          : null,
      )
      .then((json: unknown) => {
        const read = json === null ? null : parseHeadAtlas(json);
        readAtlases.set(baseUrl, read);
        if (read) setAtlas({ url: baseUrl, atlas: read });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) {
          console.warn(`useHeadAtlas: ${url} could not be read`, error);
        }
      });
    return () => controller.abort();
  }, [baseUrl]);

  if (atlas && atlas.url === baseUrl) return atlas.atlas;
  return baseUrl ? (readAtlases.get(baseUrl) ?? null) : null;
}

/** Atlases already read, by folder URL; null where the folder has none. */
const readAtlases = new Map<string, HeadAtlas | null>();
