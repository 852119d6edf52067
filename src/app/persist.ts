/**
 * Keeps the settings table in local storage, so a reload or a crash of the page gives back the
 * text and the view. Every value is written in its link form and read back through the same
 * checks as a link (see urlSettings.ts), so a stale or hand-edited entry can only fall back to
 * the default, never reach a view. A link, when the page has one, wins over what is stored.
 */
import { useEffect, useRef } from 'react';
import { DEFAULT_SETTINGS } from './settings';
import type { Settings } from './settings';
import { FIELDS } from './urlSettings';

export const STORAGE_KEY = 'attention-lens:settings';

// Links bound texts tightly to stay short; storage can keep a long text whole.
const MAX_STORED_TEXT = 1_000_000;
const TEXT_KEYS: ReadonlySet<keyof Settings> = new Set(['text', 'compareText']);

// Writing a long text on every keystroke would cost more than typing it.
const SAVE_DELAY_MS = 300;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage can be switched off, and reading the property then throws.
    return null;
  }
}

/** The stored settings over `base`; entries that are missing or fail their check keep `base`. */
export function storedSettings(base: Settings = DEFAULT_SETTINGS): Settings {
  let stored: unknown;
  try {
    stored = JSON.parse(storage()?.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    return base;
  }
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return base;

  const restored: Settings = { ...base };
  const write = <K extends keyof Settings>(key: K, value: Settings[K] | undefined) => {
    if (value !== undefined) restored[key] = value;
  };
  for (const key of Object.keys(base) as (keyof Settings)[]) {
    const raw = (stored as Record<string, unknown>)[key];
    if (typeof raw !== 'string') continue;
    if (TEXT_KEYS.has(key)) {
      if (raw.length <= MAX_STORED_TEXT) write(key, raw as Settings[typeof key]);
      continue;
    }
    write(key, FIELDS[key].parse(raw));
  }
  return restored;
}

export function saveSettings(settings: Settings): void {
  const entries: Record<string, string> = {};
  for (const key of Object.keys(settings) as (keyof Settings)[]) {
    entries[key] = formatField(key, settings[key]);
  }
  try {
    storage()?.setItem(STORAGE_KEY, JSON.stringify(entries));
  } catch (error) {
    // A full or refused storage loses only the convenience of a restore, so the page goes on.
    console.warn('persist: the settings could not be saved to local storage.', error);
  }
}

function formatField<K extends keyof Settings>(key: K, value: Settings[K]): string {
  return FIELDS[key].format(value);
}

/**
 * Saves the settings a moment after they stop changing, and at once when the page is hidden or
 * closed, so the last keystrokes before a reload are kept too.
 */
export function usePersistedSettings(settings: Settings): void {
  const latest = useRef(settings);
  const saved = useRef<Settings | null>(null);

  useEffect(() => {
    latest.current = settings;
    const timer = window.setTimeout(() => {
      saved.current = settings;
      saveSettings(settings);
    }, SAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [settings]);

  useEffect(() => {
    const flush = () => {
      if (saved.current === latest.current) return;
      saved.current = latest.current;
      saveSettings(latest.current);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
}
