import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveSettings, STORAGE_KEY, storedSettings } from '../../src/app/persist';
import { DEFAULT_SETTINGS } from '../../src/app/settings';
import type { Settings } from '../../src/app/settings';

/** A Map behind the Storage methods persist.ts calls. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
    key: (index) => [...items.keys()][index] ?? null,
    get length() {
      return items.size;
    },
  };
}

describe('settings in local storage', () => {
  beforeEach(() => {
    (globalThis as { localStorage?: Storage }).localStorage = memoryStorage();
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: Storage }).localStorage;
  });

  it('gives back every setting that was saved', () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      text: 'A long text '.repeat(5000),
      view: 'head',
      layer: 2,
      head: 3,
      lineHeads: [0, 2],
      gridSort: null,
      ablate: ['1:2'],
    };
    saveSettings(settings);
    expect(storedSettings()).toEqual(settings);
  });

  it('keeps the defaults when nothing was stored', () => {
    expect(storedSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it.each([
    ['not JSON', '{'],
    ['a list', '[1, 2]'],
    ['null', 'null'],
  ])('ignores a stored value that is %s', (_, stored) => {
    localStorage.setItem(STORAGE_KEY, stored);
    expect(storedSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('drops each entry that fails its check and keeps the rest', () => {
    localStorage.setItem(
      STORAGE_KEY,
      JSON.stringify({
        text: 'kept',
        view: 'no-such-view',
        layer: '-1',
        head: 4,
        scheme: 'inferno',
      }),
    );
    const restored = storedSettings();
    expect(restored.text).toBe('kept');
    expect(restored.scheme).toBe('inferno');
    expect(restored.view).toBe(DEFAULT_SETTINGS.view);
    expect(restored.layer).toBe(DEFAULT_SETTINGS.layer);
    expect(restored.head).toBe(DEFAULT_SETTINGS.head);
  });

  it('goes on without storage', () => {
    delete (globalThis as { localStorage?: Storage }).localStorage;
    expect(() => saveSettings(DEFAULT_SETTINGS)).not.toThrow();
    expect(storedSettings()).toEqual(DEFAULT_SETTINGS);
  });
});
