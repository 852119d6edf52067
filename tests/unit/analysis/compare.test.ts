import { describe, expect, it } from 'vitest';
import type { Token } from '../../../src/model/types';
import {
  alignedDifference,
  commonPrefixLength,
  cropMatrix,
  difference,
  divergingDomain,
  maxAbs,
} from '../../../src/analysis/compare';
import { toRows } from '../../../src/analysis/shape';
import { expectAllClose, FLOAT32_TOLERANCE } from './close';

const m = (...weights: number[]) => new Float32Array(weights);

function tokens(...ids: number[]): Token[] {
  return ids.map((id) => ({ id, piece: `t${id}`, text: `t${id}`, special: false }));
}

describe('difference', () => {
  it('subtracts the second matrix from the first', () => {
    const diff = difference(m(1, 0, 0.5, 0.5), m(0.5, 0.5, 0.25, 0.75), 2);
    expectAllClose(diff, [0.5, -0.5, 0.25, -0.25], FLOAT32_TOLERANCE);
  });

  it('throws when either matrix has the wrong size', () => {
    expect(() => difference(m(1, 0, 0, 1), m(1), 2)).toThrow(/second matrix/);
  });
});

describe('alignment of two texts', () => {
  // Text a has 3 tokens, text b has 2; they share only their first token.
  const a = { matrix: m(1, 0, 0, 0.5, 0.5, 0, 0.25, 0.25, 0.5), tokens: tokens(7, 8, 9) };
  const b = { matrix: m(1, 0, 0.75, 0.25), tokens: tokens(7, 5) };

  it('crops to the top-left block', () => {
    expectAllClose(cropMatrix(a.matrix, 3, 2), [1, 0, 0.5, 0.5], FLOAT32_TOLERANCE);
    expect(() => cropMatrix(a.matrix, 3, 4)).toThrow(/size 4 is outside 0..3/);
  });

  it('counts the shared leading token ids', () => {
    expect(commonPrefixLength(a.tokens, b.tokens)).toBe(1);
    expect(commonPrefixLength(tokens(1, 2), tokens(1, 2, 3))).toBe(2);
  });

  it('pairs positions up to the shorter text and marks where the tokens differ', () => {
    const diff = alignedDifference(a, b, 'position');
    expect(diff.seqLen).toBe(2);
    expect(diff.sameToken).toEqual([true, false]);
    expectAllClose(diff.matrix, [0, 0, -0.25, 0.25], FLOAT32_TOLERANCE);
  });

  it('keeps only the shared prefix when asked', () => {
    const diff = alignedDifference(a, b, 'prefix');
    expect(diff.seqLen).toBe(1);
    expect(diff.sameToken).toEqual([true]);
    expectAllClose(diff.matrix, [0], FLOAT32_TOLERANCE);
  });

  it('returns an empty difference when the texts share no first token', () => {
    const other = { matrix: m(1), tokens: tokens(4) };
    expect(alignedDifference(a, other, 'prefix')).toEqual({
      matrix: new Float32Array(0),
      seqLen: 0,
      sameToken: [],
    });
  });
});

describe('colour domain', () => {
  it('takes the largest absolute value over one or several matrices', () => {
    expect(maxAbs(m(0.5, -0.75, 0.25))).toBe(0.75);
    expect(maxAbs([m(0.5, -0.25), m(0.125, 0.625)])).toBe(0.625);
    expect(maxAbs(m(NaN, -0.5))).toBe(0.5);
  });

  it('is symmetric about zero', () => {
    expect(divergingDomain(m(0.5, -0.75))).toEqual([-0.75, 0, 0.75]);
  });

  it('falls back to [-1, 0, 1] when nothing differs', () => {
    expect(divergingDomain(m(0, 0, 0, 0))).toEqual([-1, 0, 1]);
  });
});

describe('toRows', () => {
  it('splits a row-major matrix into [query][key] arrays for JSON', () => {
    expect(toRows(m(1, 0, 0.5, 0.5), 2)).toEqual([
      [1, 0],
      [0.5, 0.5],
    ]);
    expect(() => toRows(m(1, 0, 0), 2)).toThrow(/got 3/);
  });
});
