import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/app/settings';
import {
  FIELDS,
  settingsFromQuery,
  settingsToQuery,
  withSettings,
} from '../../../src/app/urlSettings';

/** A value other than the default for every setting, with text that needs escaping. */
const CHANGED: Settings = {
  ...DEFAULT_SETTINGS,
  model: 'hub:openai-community/gpt2@main',
  text: 'a&b=c?d#e <b>"x"</b> 100% + ü 😀\nnext line, comma',
  view: 'mechanism',
  layer: 3,
  head: 11,
  scheme: 'cividis',
  transform: 'log',
  normalization: 'all',
  backend: 'wasm',
  scaled: false,
  lineHeads: [0, 2, 5],
  lineThreshold: 0.125,
  lineTopK: 3,
  gridSort: 'previousToken',
  gridSortDirection: 'ascending',
  gridFilter: 'distance',
  gridFilterMin: 0.5,
  gridFilterMax: 2.25,
  hideSpecial: true,
  hideFirst: true,
  mergeWords: true,
  valueWeighted: true,
  aggregateScope: 'heads',
  aggregateHeads: ['0:1', '2:3'],
  compareMode: 'heads',
  compareText: 'Another text, with a comma.',
  compareAlignment: 'prefix',
  compareLayer: 1,
  compareHead: 0,
  ablate: ['1:1'],
  theme: 'dark',
};

describe('settings in a link', () => {
  it('changes every setting in the round-trip fixture', () => {
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
      expect(CHANGED[key], key).not.toEqual(DEFAULT_SETTINGS[key]);
    }
  });

  it('has a field for every setting', () => {
    expect(Object.keys(FIELDS).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  });

  it('reads back every setting it writes, the reader’s own choices excepted', () => {
    const query = settingsToQuery(CHANGED);
    const { settings, notices } = settingsFromQuery(query);
    expect(notices).toEqual([]);
    expect(settings).toEqual({ ...CHANGED, theme: 'system', backend: 'auto' });
  });

  it.each<[keyof Settings, Settings[keyof Settings]]>([
    ['lineHeads', null],
    ['lineHeads', []],
    ['gridSort', null],
    ['gridFilterMin', null],
    ['aggregateHeads', []],
    ['text', ''],
    ['model', 'url:https://example.org/models/x/'],
    ['model', 'tiny-gpt2'],
    ['lineThreshold', 0],
  ])('round-trips %s = %j', (key, value) => {
    const wanted = { ...CHANGED, [key]: value } as Settings;
    expect(settingsFromQuery(settingsToQuery(wanted)).settings[key]).toEqual(value);
  });

  it('writes every setting of the view, defaults too, but not the reader’s choices', () => {
    const params = new URLSearchParams(settingsToQuery(DEFAULT_SETTINGS));
    const keys = Object.keys(DEFAULT_SETTINGS).filter((k) => k !== 'theme' && k !== 'backend');
    expect([...params.keys()]).toEqual(keys);
  });

  it('lays a partial link over what this device stored', () => {
    const { settings } = settingsFromQuery('layer=2', CHANGED);
    expect(settings).toEqual({ ...CHANGED, layer: 2 });
  });

  it('reproduces a written link whatever this device stored', () => {
    const link = settingsToQuery(DEFAULT_SETTINGS);
    const { settings } = settingsFromQuery(link, CHANGED);
    expect(settings).toEqual({
      ...DEFAULT_SETTINGS,
      theme: CHANGED.theme,
      backend: CHANGED.backend,
    });
  });

  it('keeps what this device stored when the address names no setting', () => {
    expect(settingsFromQuery('', CHANGED).settings).toEqual(CHANGED);
  });

  it('leaves a text too long for a link out of it, so a reload keeps the stored text', () => {
    const long = { ...CHANGED, text: 'word '.repeat(20_000) };
    const query = settingsToQuery(long);
    expect(new URLSearchParams(query).has('text')).toBe(false);
    const { settings, notices } = settingsFromQuery(query, long);
    expect(settings.text).toBe(long.text);
    expect(notices).toEqual([]);
  });

  it.each([
    ['theme', 'dark'],
    ['backend', 'cpu'],
  ])('ignores %s in a link: it is the reader’s choice', (key, value) => {
    const { settings, notices } = settingsFromQuery(`${key}=${value}`);
    expect(settings[key as keyof Settings]).toBe(DEFAULT_SETTINGS[key as keyof Settings]);
    expect(notices).toHaveLength(1);
  });

  it.each<[string, string]>([
    ['layer', 'abc'],
    ['layer', '-1'],
    ['layer', '1.5'],
    ['layer', ''],
    ['head', '1e3'],
    ['view', 'heatmap'],
    ['view', 'toString'],
    ['scheme', 'jet'],
    ['transform', 'exp'],
    ['normalization', 'column'],
    ['scaled', 'yes'],
    ['lineHeads', '1,x'],
    ['lineThreshold', '2'],
    ['lineThreshold', 'NaN'],
    ['lineTopK', '0'],
    ['gridSort', 'beauty'],
    ['gridFilterMin', 'Infinity'],
    ['aggregateHeads', '1-2'],
    ['ablate', '1:'],
    ['model', 'local:my-files'],
    ['model', '../../etc'],
    ['model', 'url:javascript:alert(1)'],
    ['text', 'x'.repeat(20_001)],
  ])('falls back to the default for %s = %j, with a notice', (key, raw) => {
    const base = { ...CHANGED };
    const { settings, notices } = settingsFromQuery(
      new URLSearchParams({ [key]: raw }).toString(),
      base,
    );
    const setting = key as keyof Settings;
    expect(settings[setting]).toEqual(DEFAULT_SETTINGS[setting]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(key);
  });

  it('keeps the page parameters that are not settings, and says nothing of them', () => {
    const search = withSettings('?hub=http%3A%2F%2F127.0.0.1%3A9%2F&layer=7', CHANGED);
    const params = new URLSearchParams(search);
    expect(params.get('hub')).toBe('http://127.0.0.1:9/');
    expect(params.getAll('layer')).toEqual([String(CHANGED.layer)]);
    const { settings, notices } = settingsFromQuery(search);
    expect(notices).toEqual([]);
    expect(settings.layer).toBe(CHANGED.layer);
  });

  it('reports unknown settings and keeps going', () => {
    const { settings, notices } = settingsFromQuery('colour=red&layer=1');
    expect(settings.layer).toBe(1);
    expect(notices).toEqual(['The link\'s setting "colour" is unknown and was ignored.']);
  });

  it('keeps a notice short whatever was pasted', () => {
    const { notices } = settingsFromQuery(`view=${'v'.repeat(500)}`);
    expect(notices[0].length).toBeLessThan(160);
  });
});
