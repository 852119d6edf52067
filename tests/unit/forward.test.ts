/**
 * The tfjs forward pass of every architecture against the float64 reference in reference.ts,
 * plus the invariants every result must hold.
 */

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load';
import { asFilesSource, tinyCheckpoint } from '../fixtures/tinyCheckpoints';
import { referenceForward } from './reference';
import type { TinyCheckpoint, TinyOptions } from '../fixtures/tinyCheckpoints';
import type { AttentionModel, Architecture } from '../../src/model/types';

// float32 against float64 through two layers of random weights.
const ATTENTION_TOLERANCE = 1e-5;
const LOGITS_TOLERANCE = 1e-4;

const CASES: { arch: Architecture; options: TinyOptions; note: string }[] = [
  { arch: 'gpt2', options: { prefix: true }, note: 'prefixed names, float32' },
  { arch: 'bert', options: { prefix: true, dtype: 'F16' }, note: 'prefixed, float16' },
  { arch: 'distilbert', options: { dtype: 'BF16' }, note: 'bare names, bfloat16' },
  { arch: 'roberta', options: { prefix: true, shards: 2 }, note: 'prefixed, two shards' },
];

const TEXT = 'The cat sat on the mat, and the dog sat on it.';

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe.each(CASES)('$arch forward ($note)', ({ arch, options }) => {
  let checkpoint: TinyCheckpoint;
  let model: AttentionModel;

  beforeAll(async () => {
    checkpoint = tinyCheckpoint(arch, options);
    model = await loadModel(asFilesSource(checkpoint));
  });
  afterAll(() => model.dispose());

  it('matches the float64 reference in attention, logits and projections', async () => {
    const result = await model.run(TEXT, { projectionsLayer: 1 });
    const ids = result.tokens.map((t) => t.id);
    const ref = referenceForward(checkpoint.config as never, checkpoint.params, ids);

    let attention = 0;
    ref.attention.forEach((heads, l) =>
      heads.forEach((matrix, h) => {
        attention = Math.max(attention, maxDifference(result.attention[l][h], matrix));
      }),
    );
    expect(attention).toBeLessThan(ATTENTION_TOLERANCE);
    expect(maxDifference(result.logits, ref.logits!)).toBeLessThan(LOGITS_TOLERANCE);

    const { queries, keys, values } = result.projections;
    for (let h = 0; h < model.config.numHeads; h++) {
      expect(maxDifference(queries[h], ref.projections[1].q[h])).toBeLessThan(LOGITS_TOLERANCE);
      expect(maxDifference(keys[h], ref.projections[1].k[h])).toBeLessThan(LOGITS_TOLERANCE);
      expect(maxDifference(values[h], ref.projections[1].v[h])).toBeLessThan(LOGITS_TOLERANCE);
    }
  });

  it('returns the length of every value vector, in every layer', async () => {
    const result = await model.run(TEXT);
    const ids = result.tokens.map((t) => t.id);
    const ref = referenceForward(checkpoint.config as never, checkpoint.params, ids);
    const headDim = model.config.headDim;
    ref.projections.forEach((layer, l) =>
      layer.v.forEach((values, h) => {
        const norms = Array.from({ length: result.seqLen }, (_, k) =>
          Math.hypot(...values.subarray(k * headDim, (k + 1) * headDim)),
        );
        expect(maxDifference(result.valueNorms[l][h], norms)).toBeLessThan(LOGITS_TOLERANCE);
      }),
    );
  });

  it('zeroes an ablated head before the output projection, as the reference does', async () => {
    const ablate = new Set(['0:1', '1:3']);
    const result = await model.run(TEXT, { ablate });
    const ref = referenceForward(
      checkpoint.config as never,
      checkpoint.params,
      result.tokens.map((t) => t.id),
      ablate,
    );
    const plain = await model.run(TEXT);
    expect(maxDifference(result.logits, ref.logits!)).toBeLessThan(LOGITS_TOLERANCE);
    expect(maxDifference(result.logits, plain.logits)).toBeGreaterThan(1e-3);
  });

  it('gives attention rows that each sum to 1', async () => {
    const { attention, seqLen } = await model.run(TEXT);
    for (const heads of attention) {
      for (const matrix of heads) {
        for (let q = 0; q < seqLen; q++) {
          let sum = 0;
          for (let k = 0; k < seqLen; k++) sum += matrix[q * seqLen + k];
          expect(sum).toBeCloseTo(1, 5);
        }
      }
    }
  });

  it('skips the logits when asked, leaving attention as it was', async () => {
    const full = await model.run(TEXT);
    const lean = await model.run(TEXT, { logits: false });
    expect(lean.logits).toHaveLength(0);
    expect(Array.from(lean.attention[1][2])).toEqual(Array.from(full.attention[1][2]));
  });

  it('leaves the tensor count unchanged after a run', async () => {
    await model.run('warm');
    const before = tf.memory().numTensors;
    await model.run(TEXT, { projectionsLayer: 1, ablate: new Set(['0:0']) });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports truncation and keeps the context limit', async () => {
    const long = 'the cat sat on the mat '.repeat(40);
    const result = await model.run(long);
    expect(result.truncated).toBe(true);
    expect(result.seqLen).toBe(model.config.maxPositions);
    expect(result.fullLength).toBeGreaterThan(model.config.maxPositions);
    if (!model.config.causal) expect(result.tokens.at(-1)?.special).toBe(true);
  });
});

describe('causal attention', () => {
  it('puts zero weight above the diagonal', async () => {
    const model = await loadModel(asFilesSource(tinyCheckpoint('gpt2')));
    const { attention, seqLen } = await model.run(TEXT);
    for (const heads of attention) {
      for (const matrix of heads) {
        for (let q = 0; q < seqLen; q++) {
          for (let k = q + 1; k < seqLen; k++) expect(matrix[q * seqLen + k]).toBe(0);
        }
      }
    }
    model.dispose();
  });
});

describe('model lifetime', () => {
  it('frees every weight tensor on dispose', async () => {
    const before = tf.memory().numTensors;
    const model = await loadModel(asFilesSource(tinyCheckpoint('bert')));
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns empty logits, but full attention, for an encoder without its head', async () => {
    const model = await loadModel(asFilesSource(tinyCheckpoint('bert', { head: false })));
    expect(model.hasLanguageModelHead).toBe(false);
    const result = await model.run('the cat');
    expect(result.logits).toHaveLength(0);
    expect(result.attention[1][3]).toHaveLength(result.seqLen ** 2);
    model.dispose();
  });
});
