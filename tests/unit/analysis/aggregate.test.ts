import { describe, expect, it } from 'vitest';
import {
  layerMax,
  layerMean,
  maxHeads,
  meanHeads,
  rollout,
  rolloutLayers,
  valueWeighted,
} from '../../../src/analysis/aggregate';
import { expectAllClose, FLOAT32_TOLERANCE } from './close';

const m = (...weights: number[]) => new Float32Array(weights);

describe('mean and max over heads', () => {
  // Layer 0 has a head that splits query 1 evenly and one that keeps it on itself.
  const attention = [[m(1, 0, 0.5, 0.5), m(1, 0, 0, 1)], [m(0, 1, 0, 1)]];

  it('averages the chosen heads cell by cell', () => {
    const refs = [
      { layer: 0, head: 0 },
      { layer: 0, head: 1 },
    ];
    expectAllClose(meanHeads(attention, refs, 2), [1, 0, 0.25, 0.75], FLOAT32_TOLERANCE);
  });

  it('takes the cell-wise max without renormalising rows', () => {
    const refs = [
      { layer: 0, head: 0 },
      { layer: 0, head: 1 },
    ];
    expectAllClose(maxHeads(attention, refs, 2), [1, 0, 0.5, 1], FLOAT32_TOLERANCE);
  });

  it('mixes heads from different layers', () => {
    const refs = [
      { layer: 0, head: 0 },
      { layer: 1, head: 0 },
    ];
    expectAllClose(meanHeads(attention, refs, 2), [0.5, 0.5, 0.25, 0.75], FLOAT32_TOLERANCE);
  });

  it('covers every head of a layer', () => {
    expectAllClose(layerMean(attention, 0, 2), [1, 0, 0.25, 0.75], FLOAT32_TOLERANCE);
    expectAllClose(layerMax(attention, 0, 2), [1, 0, 0.5, 1], FLOAT32_TOLERANCE);
    expectAllClose(layerMean(attention, 1, 2), [0, 1, 0, 1], FLOAT32_TOLERANCE);
  });

  it('throws on an empty selection or an index out of range', () => {
    expect(() => meanHeads(attention, [], 2)).toThrow(/no heads selected/);
    expect(() => maxHeads(attention, [{ layer: 1, head: 1 }], 2)).toThrow(/1 is outside 0..0/);
    expect(() => layerMean(attention, 2, 2)).toThrow(/2 is outside 0..1/);
  });
});

describe('rollout', () => {
  // Layer 0: one head, both queries on token 0, so Â_0 = [[1, 0], [0.5, 0.5]].
  // Layer 1: heads [[0, 1], [0, 1]] and [[0, 1], [1, 0]], mean [[0, 1], [0.5, 0.5]],
  // so Â_1 = [[0.5, 0.5], [0.25, 0.75]].
  const attention = [[m(1, 0, 1, 0)], [m(0, 1, 0, 1), m(0, 1, 1, 0)]];

  it('multiplies later layers on the left: Â_1 · Â_0', () => {
    // Row 0: [0.5 + 0.5 * 0.5, 0.5 * 0.5]; row 1: [0.25 + 0.75 * 0.5, 0.75 * 0.5].
    // The other order, Â_0 · Â_1, would give [[0.5, 0.5], [0.375, 0.625]].
    expectAllClose(rollout(attention, 2), [0.75, 0.25, 0.625, 0.375], FLOAT32_TOLERANCE);
  });

  it('returns the rollout after each layer, the first being Â_0 alone', () => {
    const layers = rolloutLayers(attention, 2);
    expect(layers).toHaveLength(2);
    expectAllClose(layers[0], [1, 0, 0.5, 0.5], FLOAT32_TOLERANCE);
    expectAllClose(layers[1], [0.75, 0.25, 0.625, 0.375], FLOAT32_TOLERANCE);
  });

  it('renormalises rows of 0.5 A + 0.5 I when A rows do not sum to one', () => {
    // Row 0: [0.1 + 0.5, 0.1] sums to 0.7; row 1 has no attention and keeps only the identity.
    expectAllClose(rollout([[m(0.2, 0.2, 0, 0)]], 2), [6 / 7, 1 / 7, 0, 1], FLOAT32_TOLERANCE);
  });

  it('works on 3 x 3 causal heads and keeps rows summing to one', () => {
    // Â_0 for a uniform causal head: [[1,0,0], [1/4,3/4,0], [1/6,1/6,2/3]].
    // Â_1 for a head that always looks at token 0: [[1,0,0], [1/2,1/2,0], [1/2,0,1/2]].
    // Â_1 · Â_0, row 1: 1/2 [1,0,0] + 1/2 [1/4,3/4,0] = [5/8, 3/8, 0];
    // row 2: 1/2 [1,0,0] + 1/2 [1/6,1/6,2/3] = [7/12, 1/12, 1/3].
    const uniform = m(1, 0, 0, 0.5, 0.5, 0, 1 / 3, 1 / 3, 1 / 3);
    const first = m(1, 0, 0, 1, 0, 0, 1, 0, 0);
    expectAllClose(
      rollout([[uniform], [first]], 3),
      [1, 0, 0, 5 / 8, 3 / 8, 0, 7 / 12, 1 / 12, 1 / 3],
      FLOAT32_TOLERANCE,
    );
  });

  it('agrees with a plain triple-loop reference on random causal and full heads', () => {
    // Fixed linear congruential numbers, so a failure reproduces.
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const n = 5;
    const randomHead = (causal: boolean) => {
      const head = new Float32Array(n * n);
      for (let q = 0; q < n; q++) {
        const limit = causal ? q + 1 : n;
        const raw = Array.from({ length: limit }, random);
        const sum = raw.reduce((total, value) => total + value, 0);
        raw.forEach((value, k) => (head[q * n + k] = value / sum));
      }
      return head;
    };

    for (const causal of [true, false]) {
      const attention = [0, 1, 2].map(() => [randomHead(causal), randomHead(causal)]);
      let expected: number[][] | null = null;
      for (const [first, second] of attention) {
        const mixed = Array.from({ length: n }, (_, q) => {
          const row = Array.from(
            { length: n },
            (_, k) => 0.25 * (first[q * n + k] + second[q * n + k]) + (q === k ? 0.5 : 0),
          );
          const sum = row.reduce((total, value) => total + value, 0);
          return row.map((value) => value / sum);
        });
        const below: number[][] | null = expected;
        expected =
          below === null
            ? mixed
            : mixed.map((row) =>
                Array.from({ length: n }, (_, k) =>
                  row.reduce((total, weight, j) => total + weight * below[j][k], 0),
                ),
              );
      }
      expectAllClose(rollout(attention, n), expected?.flat() ?? [], FLOAT32_TOLERANCE);
    }
  });

  it('throws when there are no layers', () => {
    expect(() => rollout([], 2)).toThrow(/no layers/);
  });
});

describe('valueWeighted', () => {
  // Value vectors (3, 4) and (0, 1) have norms 5 and 1.
  const norms = m(5, 1);

  it('scales each key by its value norm and renormalises rows', () => {
    // Row 0: [0.5 * 5, 0.5 * 1] = [2.5, 0.5], over 3; row 1 has all its weight on key 0.
    const weighted = valueWeighted(m(0.5, 0.5, 1, 0), norms, 2);
    expectAllClose(weighted, [5 / 6, 1 / 6, 1, 0], FLOAT32_TOLERANCE);
  });

  it('leaves a row at zero when every key it attends to carries a zero value', () => {
    const weighted = valueWeighted(m(0.5, 0.5, 0, 1), m(5, 0), 2);
    expectAllClose(weighted, [1, 0, 0, 0], FLOAT32_TOLERANCE);
  });

  it('throws when there is not one norm per position', () => {
    expect(() => valueWeighted(m(1, 0, 0, 1), m(1, 2, 3), 2)).toThrow(/2 value norms, got 3/);
  });
});
