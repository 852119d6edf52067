import { describe, expect, it } from 'vitest';
import type { ForwardResult, Token } from '../../../src/model/types';
import {
  pieceStyleFor,
  shownAttention,
  shownIndex,
  sourcePosition,
  type ViewOptions,
} from '../../../src/app/shownAttention';
import { expectAllClose, FLOAT32_TOLERANCE } from '../analysis/close';

const m = (...weights: number[]) => new Float32Array(weights);

const TOKENS: Token[] = [
  { id: 0, piece: '<|endoftext|>', text: '<|endoftext|>', special: true },
  { id: 1, piece: 'The', text: 'The', special: false },
  { id: 2, piece: 'Ġca', text: ' ca', special: false },
  { id: 3, piece: 't', text: 't', special: false },
];

// Layer 0 head 0, causal; each row is worked through by hand in the tests below.
const HEAD = m(1, 0, 0, 0, 0.5, 0.5, 0, 0, 0.5, 0.25, 0.25, 0, 0.4, 0.2, 0.2, 0.2);
// Layer 1 head 0: query 1 looks only at the first token, so hiding it empties that row.
const SINK = m(1, 0, 0, 0, 1, 0, 0, 0, 0.5, 0.5, 0, 0, 0.25, 0.25, 0.25, 0.25);

function result(): ForwardResult {
  return {
    tokens: TOKENS,
    seqLen: 4,
    attention: [[HEAD], [SINK]],
    logits: new Float32Array(0),
    vocabSize: 4,
    projections: {
      layer: 1,
      queries: [m(0, 0, 0, 0)],
      keys: [m(0, 0, 0, 0)],
      values: [m(-2, 1, 1, 1)],
    },
    // Value norms: every position equal in layer 0, so weighting leaves it as it is; 2, 1, 1, 1
    // in layer 1.
    valueNorms: [[m(3, 3, 3, 3)], [m(2, 1, 1, 1)]],
    truncated: false,
    fullLength: 4,
  };
}

const NONE: ViewOptions = {
  hideSpecial: false,
  hideFirst: false,
  mergeWords: false,
  valueWeighted: false,
};

describe('shownAttention', () => {
  it('passes the attention through untouched with every option off', () => {
    const shown = shownAttention(result(), 'gpt2', NONE);
    expect(shown.attention[0][0]).toBe(HEAD);
    expect(shown.tokens).toBe(TOKENS);
    expect(shown.sources).toEqual([[0], [1], [2], [3]]);
  });

  it('hides the special first token and renormalises each row over the keys left', () => {
    const shown = shownAttention(result(), 'gpt2', { ...NONE, hideSpecial: true });
    expect(shown.tokens.map((t) => t.text)).toEqual(['The', ' ca', 't']);
    expect(shown.sources).toEqual([[1], [2], [3]]);
    // Rows [0.5, 0, 0], [0.25, 0.25, 0] and [0.2, 0.2, 0.2], each scaled to sum to one.
    expectAllClose(
      shown.attention[0][0],
      [1, 0, 0, 0.5, 0.5, 0, 1 / 3, 1 / 3, 1 / 3],
      FLOAT32_TOLERANCE,
    );
    // Query 1 of the sink head had all its weight on the hidden token.
    expect(shown.emptyRows).toEqual([0]);
  });

  it('merges pieces into words after hiding: keys summed, queries averaged', () => {
    const shown = shownAttention(result(), 'gpt2', { ...NONE, hideFirst: true, mergeWords: true });
    expect(shown.tokens.map((t) => t.text)).toEqual(['The', ' cat']);
    expect(shown.sources).toEqual([[1], [2, 3]]);
    // ' cat' as query: rows [1/2, 1/2, 0] and [1/3, 1/3, 1/3] of ' ca' and 't', keys of ' cat'
    // summed: (1/2 + 1/3) / 2 = 5/12 on 'The' and (1/2 + 2/3) / 2 = 7/12 on itself.
    expectAllClose(shown.attention[0][0], [1, 0, 5 / 12, 7 / 12], FLOAT32_TOLERANCE);
    // 'The' was empty in the sink head, and it is a word of one piece.
    expect(shown.emptyRows).toEqual([0]);
  });

  it('weights every layer by its own value norms', () => {
    const shown = shownAttention(result(), 'gpt2', { ...NONE, valueWeighted: true });
    expectAllClose(shown.attention[0][0], [...HEAD], FLOAT32_TOLERANCE);
    // Query 2 of the sink head: [0.5·2, 0.5·1] over 1.5; query 3: [2, 1, 1, 1] / 5 of 0.25 each.
    expectAllClose(
      shown.attention[1][0],
      [1, 0, 0, 0, 1, 0, 0, 0, 2 / 3, 1 / 3, 0, 0, 0.4, 0.2, 0.2, 0.2],
      FLOAT32_TOLERANCE,
    );
  });

  it('shows every token when the options would hide them all', () => {
    const single = { ...result(), tokens: [TOKENS[0]], seqLen: 1, attention: [[m(1)], [m(1)]] };
    single.projections = { layer: 1, queries: [m(0)], keys: [m(0)], values: [m(1)] };
    single.valueNorms = [[m(1)], [m(1)]];
    const shown = shownAttention(single, 'gpt2', { ...NONE, hideSpecial: true, hideFirst: true });
    expect(shown.seqLen).toBe(1);
    expect(shown.tokens).toHaveLength(1);
  });

  it('maps token positions to shown rows and back, hidden tokens to none', () => {
    const shown = shownAttention(result(), 'gpt2', { ...NONE, hideFirst: true, mergeWords: true });
    expect([0, 1, 2, 3].map((p) => shownIndex(shown, p))).toEqual([null, 0, 1, 1]);
    expect(shownIndex(shown, null)).toBeNull();
    expect([0, 1].map((i) => sourcePosition(shown, i))).toEqual([1, 2]);
    expect(sourcePosition(shown, null)).toBeNull();
  });

  it('reads the piece style from the tokens before trusting the architecture', () => {
    const piece = (text: string, raw = text): Token => ({
      id: 0,
      piece: raw,
      text,
      special: false,
    });
    // A BERT-architecture model with a byte-level BPE tokenizer: spaces lead its pieces.
    expect(pieceStyleFor([piece('The'), piece(' cat', 'Ġcat')], 'bert')).toBe('space-prefix');
    expect(pieceStyleFor([piece('play'), piece('ing', '##ing')], 'gpt2')).toBe('wordpiece');
    // Nothing to go on: one word in one piece.
    expect(pieceStyleFor([piece('cat')], 'bert')).toBe('wordpiece');
    expect(pieceStyleFor([piece('cat')], 'roberta')).toBe('space-prefix');
  });

  it('keeps a mask token when special tokens are hidden', () => {
    const masked = result();
    masked.tokens = [
      TOKENS[0],
      TOKENS[1],
      { id: 9, piece: '[MASK]', text: '[MASK]', special: true },
      TOKENS[3],
    ];
    const shown = shownAttention(masked, 'bert', { ...NONE, hideSpecial: true });
    expect(shown.sources).toEqual([[1], [2], [3]]);
  });
});
