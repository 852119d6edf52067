import { describe, expect, it } from 'vitest';
import type { Token } from '../../../src/model/types';
import {
  hidePositions,
  mergeWords,
  pieceStyleOf,
  specialPositions,
  wordGroups,
  wordTexts,
} from '../../../src/analysis/tokens';
import { expectAllClose, FLOAT32_TOLERANCE } from './close';

const m = (...weights: number[]) => new Float32Array(weights);

/** Tokens from [piece, text, special?] rows; ids do not matter here. */
function tokens(...rows: [string, string, boolean?][]): Token[] {
  return rows.map(([piece, text, special = false], id) => ({ id, piece, text, special }));
}

describe('hidePositions', () => {
  // Query 1 puts all its weight on token 0; query 2 splits 1/2, 1/4, 1/4.
  const sink = m(1, 0, 0, 1, 0, 0, 0.5, 0.25, 0.25);

  it('drops the first token and renormalises what is left of each row', () => {
    const hidden = hidePositions(sink, 3, [0]);
    expect(hidden.kept).toEqual([1, 2]);
    // Row for query 1: [0, 0] has nothing left; row for query 2: [1/4, 1/4] becomes halves.
    expectAllClose(hidden.matrix, [0, 0, 0.5, 0.5], FLOAT32_TOLERANCE);
    expect(hidden.emptyRows).toEqual([0]);
  });

  it('keeps rows with weight left on kept keys and flags none', () => {
    const causal3 = m(1, 0, 0, 0.5, 0.5, 0, 0.25, 0.25, 0.5);
    const hidden = hidePositions(causal3, 3, new Set([1]));
    expect(hidden.kept).toEqual([0, 2]);
    // Query 0: [1, 0]; query 2: [1/4, 1/2] over 3/4.
    expectAllClose(hidden.matrix, [1, 0, 1 / 3, 2 / 3], FLOAT32_TOLERANCE);
    expect(hidden.emptyRows).toEqual([]);
  });

  it('returns an empty matrix when every position is hidden', () => {
    expect(hidePositions(m(1), 1, [0])).toEqual({
      matrix: new Float32Array(0),
      kept: [],
      emptyRows: [],
    });
  });

  it('throws on a position outside the text', () => {
    expect(() => hidePositions(sink, 3, [3])).toThrow(/3 is outside 0..2/);
  });

  it('finds the special tokens to hide', () => {
    const bert = tokens(['[CLS]', '[CLS]', true], ['hi', 'hi'], ['[SEP]', '[SEP]', true]);
    expect(specialPositions(bert)).toEqual([0, 2]);
  });
});

describe('mergeWords', () => {
  const causal4 = m(
    ...[1, 0, 0, 0],
    ...[0.5, 0.5, 0, 0],
    ...[0.25, 0.25, 0.5, 0],
    ...[0.125, 0.125, 0.25, 0.5],
  );

  it('sums over key pieces and averages over query pieces', () => {
    // Tokens 1 and 2 form word 1. Its row: keys of word 0 get (1/2 + 1/4) / 2 = 3/8, keys of
    // word 1 get (1/2 + 0 + 1/4 + 1/2) / 2 = 5/8. Word 2 (token 3) sees word 1 as 1/8 + 1/4.
    const merged = mergeWords(causal4, 4, [0, 1, 1, 2]);
    expect(merged.numWords).toBe(3);
    expectAllClose(
      merged.matrix,
      [1, 0, 0, 3 / 8, 5 / 8, 0, 1 / 8, 3 / 8, 1 / 2],
      FLOAT32_TOLERANCE,
    );
  });

  it('leaves the matrix as it was when every token is its own word', () => {
    expectAllClose(mergeWords(causal4, 4, [0, 1, 2, 3]).matrix, [...causal4], FLOAT32_TOLERANCE);
  });

  it('throws when the words do not cover the tokens', () => {
    expect(() => mergeWords(causal4, 4, [0, 1, 2])).toThrow(/each of 4 tokens, got 3/);
    expect(() => mergeWords(causal4, 4, [0, 2, 2, 3])).toThrow(/word 1 has no pieces/);
  });
});

describe('wordGroups', () => {
  it('joins WordPiece continuations marked ## in the raw piece', () => {
    const bert = tokens(
      ['[CLS]', '[CLS]', true],
      ['play', 'play'],
      ['##ing', 'ing'],
      [',', ','],
      ['now', 'now'],
      ['[SEP]', '[SEP]', true],
    );
    const groups = wordGroups(bert, 'wordpiece');
    expect(groups).toEqual([0, 1, 1, 2, 3, 4]);
    expect(wordTexts(bert, groups)).toEqual(['[CLS]', 'playing', ',', 'now', '[SEP]']);
  });

  it('starts a word at a leading space, after a special token, and after a newline', () => {
    const gpt2 = tokens(
      ['<|endoftext|>', '<|endoftext|>', true],
      ['Hello', 'Hello'],
      [',', ','],
      ['Ġwor', ' wor'],
      ['ld', 'ld'],
      ['Ċ', '\n'],
      ['Next', 'Next'],
    );
    const groups = wordGroups(gpt2, 'space-prefix');
    expect(groups).toEqual([0, 1, 1, 2, 2, 3, 4]);
    expect(wordTexts(gpt2, groups)).toEqual(['<|endoftext|>', 'Hello,', ' world', '\n', 'Next']);
  });

  it('starts a word at a ## piece that follows a special token', () => {
    const odd = tokens(['[CLS]', '[CLS]', true], ['##s', 's']);
    expect(wordGroups(odd, 'wordpiece')).toEqual([0, 1]);
  });

  it('picks the piece style from the architecture', () => {
    expect(pieceStyleOf('bert')).toBe('wordpiece');
    expect(pieceStyleOf('distilbert')).toBe('wordpiece');
    expect(pieceStyleOf('gpt2')).toBe('space-prefix');
    expect(pieceStyleOf('roberta')).toBe('space-prefix');
  });
});
