import { describe, expect, it } from 'vitest';
import {
  filterHeads,
  headStats,
  isStatName,
  sortHeads,
  statsOf,
  type HeadStats,
} from '../../../src/analysis/stats';
import { DOUBLE_TOLERANCE, expectClose } from './close';

// Rows: query 0 looks only at itself; query 1 splits evenly over 0 and 1; query 2 gives
// 1/4, 1/4, 1/2. Every weight is a power of two, so Float32Array stores it exactly.
const causal3 = new Float32Array([1, 0, 0, 0.5, 0.5, 0, 0.25, 0.25, 0.5]);

describe('statsOf', () => {
  it('matches the hand-worked causal 3 x 3 head', () => {
    const stats = statsOf(causal3, 3);
    // Row entropies 0, 1 and 1/4*2 + 1/4*2 + 1/2*1 = 1.5 bits.
    expectClose(stats.entropy, (0 + 1 + 1.5) / 3, DOUBLE_TOLERANCE);
    // Row distances 0, 1/2*1 and 1/4*2 + 1/4*1 = 3/4.
    expectClose(stats.distance, (0 + 0.5 + 0.75) / 3, DOUBLE_TOLERANCE);
    // p[1][0] = 1/2 and p[2][1] = 1/4, averaged over the two queries that have a predecessor.
    expectClose(stats.previousToken, (0.5 + 0.25) / 2, DOUBLE_TOLERANCE);
    expectClose(stats.firstToken, (1 + 0.5 + 0.25) / 3, DOUBLE_TOLERANCE);
    expectClose(stats.self, (1 + 0.5 + 0.5) / 3, DOUBLE_TOLERANCE);
  });

  it('gives one bit and half a position for a uniform 2 x 2 head', () => {
    const stats = statsOf(new Float32Array([0.5, 0.5, 0.5, 0.5]), 2);
    expect(stats).toEqual({
      entropy: 1,
      distance: 0.5,
      previousToken: 0.5,
      firstToken: 0.5,
      self: 0.5,
    });
  });

  it('reports previousToken 0 for a single token, which has no predecessor', () => {
    expect(statsOf(new Float32Array([1]), 1)).toEqual({
      entropy: 0,
      distance: 0,
      previousToken: 0,
      firstToken: 1,
      self: 1,
    });
  });

  it('throws when the matrix does not match seqLen', () => {
    expect(() => statsOf(causal3, 2)).toThrow(/expected 2 x 2 = 4 weights, got 9/);
    expect(() => statsOf(new Float32Array(0), 0)).toThrow(/positive integer/);
  });
});

describe('headStats', () => {
  const uniform2 = new Float32Array([0.5, 0.5, 0.5, 0.5]);
  const first2 = new Float32Array([1, 0, 1, 0]);

  it('lists every head, layer by layer, with its indices', () => {
    const stats = headStats([[uniform2, first2], [first2]], 2);
    expect(stats.map(({ layer, head }) => [layer, head])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
    ]);
    expect(stats[1]).toEqual({
      layer: 0,
      head: 1,
      entropy: 0,
      distance: 0.5,
      previousToken: 1,
      firstToken: 1,
      self: 0.5,
    });
  });

  it('names the layer and head of a matrix of the wrong size', () => {
    expect(() => headStats([[uniform2], [causal3]], 2)).toThrow(/layer 1 head 0/);
  });
});

function head(layer: number, headIndex: number, self: number): HeadStats {
  return { layer, head: headIndex, entropy: 0, distance: 0, previousToken: 0, firstToken: 0, self };
}

describe('sortHeads and filterHeads', () => {
  const heads = [head(0, 0, 0.2), head(0, 1, 0.9), head(1, 0, 0.2), head(1, 1, 0.5)];

  it('sorts descending by default and breaks ties by layer, then head', () => {
    const order = sortHeads(heads, 'self').map((h) => `${h.layer}:${h.head}`);
    expect(order).toEqual(['0:1', '1:1', '0:0', '1:0']);
  });

  it('sorts ascending on request and leaves the input untouched', () => {
    const order = sortHeads(heads, 'self', 'ascending').map((h) => `${h.layer}:${h.head}`);
    expect(order).toEqual(['0:0', '1:0', '1:1', '0:1']);
    expect(heads[0]).toEqual(head(0, 0, 0.2));
  });

  it('keeps heads within inclusive bounds, either of which may be left open', () => {
    expect(filterHeads(heads, 'self', { min: 0.5 }).map((h) => h.self)).toEqual([0.9, 0.5]);
    expect(filterHeads(heads, 'self', { max: 0.2 })).toHaveLength(2);
    expect(filterHeads(heads, 'self', { min: 0.3, max: 0.6 })).toEqual([head(1, 1, 0.5)]);
  });

  it('recognises statistic names read back from a URL', () => {
    expect(isStatName('previousToken')).toBe(true);
    expect(isStatName('layer')).toBe(false);
  });
});
