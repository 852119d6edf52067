import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, sameApartFromText } from '../../../src/app/settings';

describe('sameApartFromText', () => {
  const update = () => {};
  const base = { settings: DEFAULT_SETTINGS, update, layer: 1 };

  it('holds when only the text changed, so a view can wait for the new result', () => {
    const typed = { ...base, settings: { ...DEFAULT_SETTINGS, text: 'Another sentence.' } };
    expect(sameApartFromText(base, typed)).toBe(true);
  });

  it('fails when any other setting changed', () => {
    const other = { ...base, settings: { ...DEFAULT_SETTINGS, head: DEFAULT_SETTINGS.head + 1 } };
    expect(sameApartFromText(base, other)).toBe(false);
    const hidden = { ...base, settings: { ...DEFAULT_SETTINGS, lineHeads: [0] } };
    expect(sameApartFromText(base, hidden)).toBe(false);
  });

  it('fails when another prop is a different object or value', () => {
    expect(sameApartFromText(base, { ...base, layer: 2 })).toBe(false);
    expect(sameApartFromText(base, { ...base, update: () => {} })).toBe(false);
  });
});
