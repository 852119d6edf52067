import { describe, expect, it } from 'vitest';
import { shortLabel, visibleText } from '../../../src/draw/tokenText';

describe('visibleText', () => {
  it.each([
    [' the', '·the'],
    ['line\n', 'line↵'],
    ['\t', '⇥'],
    ['\u0000', '\\x00'],
    ['\u007f', '\\x7f'],
    ['', '∅'],
    ['👩‍👩‍👧', '👩‍👩‍👧'],
    ['שלום', 'שלום'],
    ['e\u0301', 'e\u0301'],
    ['<b>x</b>', '<b>x</b>'],
  ])('shows %j as %j', (text, shown) => {
    expect(visibleText(text)).toBe(shown);
  });

  it('shortens long labels without splitting a surrogate pair', () => {
    expect(shortLabel('😀😀😀😀😀😀', 4)).toBe('😀😀😀…');
    expect(shortLabel(' abc', 10)).toBe('·abc');
  });
});
