import { describe, expect, it } from 'vitest';
import { mechanismSteps } from '../../../src/analysis/mechanism';
import { maxAbs } from '../../../src/analysis/compare';

// Two tokens, head size 4 so that √d_k = 2 and every step can be worked out by hand.
const queries = new Float32Array([1, 0, 0, 0, 0, 2, 0, 0]);
const keys = new Float32Array([2, 0, 0, 0, 0, 2, 0, 0]);
const values = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]);

describe('mechanismSteps', () => {
  it('computes scores, scaling, softmax and output of a bidirectional head', () => {
    const steps = mechanismSteps(queries, keys, values, 2, false);
    expect(Array.from(steps.scores.data)).toEqual([2, 0, 0, 4]);
    expect(Array.from(steps.scaled.data)).toEqual([1, 0, 0, 2]);
    const e = Math.E;
    const w0 = e / (e + 1);
    const w1 = 1 / (1 + e * e);
    expect(steps.weights.data[0]).toBeCloseTo(w0, 6);
    expect(steps.weights.data[2]).toBeCloseTo(w1, 6);
    expect(steps.output.data[0]).toBeCloseTo(w0 * 1 + (1 - w0) * 5, 5);
  });

  it('masks keys after the query in a causal head', () => {
    const steps = mechanismSteps(queries, keys, values, 2, true);
    expect(steps.masked.data[1]).toBe(-Infinity);
    expect(Array.from(steps.weights.data.slice(0, 2))).toEqual([1, 0]);
    expect(Array.from(steps.output.data.slice(0, 4))).toEqual([1, 2, 3, 4]);
  });

  it('leaves scores unscaled when scaling is switched off', () => {
    const steps = mechanismSteps(queries, keys, values, 2, false, false);
    expect(steps.scale).toBe(1);
    expect(Array.from(steps.scaled.data)).toEqual([2, 0, 0, 4]);
  });

  it('keeps the masked -Infinity out of the colour domain', () => {
    expect(maxAbs(new Float32Array([-3, 1, -Infinity]))).toBe(3);
  });
});
