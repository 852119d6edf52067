/**
 * The same forward pass on the WASM backend, which the app uses wherever WebGL is only software
 * (headless Chromium among them): every kernel must exist there and agree with the reference.
 */

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load';
import { asFilesSource, tinyCheckpoint } from '../fixtures/tinyCheckpoints';
import { referenceForward } from './reference';
import type { Architecture } from '../../src/model/types';

const ATTENTION_TOLERANCE = 1e-5;
const LOGITS_TOLERANCE = 1e-4;

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('WASM backend', () => {
  beforeAll(async () => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    expect(await tf.setBackend('wasm')).toBe(true);
  });

  it.each<Architecture>(['gpt2', 'bert', 'distilbert', 'roberta'])(
    '%s agrees with the reference, ablation included, and leaks nothing',
    async (arch) => {
      const checkpoint = tinyCheckpoint(arch, { dtype: arch === 'bert' ? 'F16' : 'F32' });
      const model = await loadModel(asFilesSource(checkpoint));
      const ablate = new Set(['0:1']);
      const before = tf.memory().numTensors;
      const result = await model.run('The cat sat on the mat, and the dog sat on it.', { ablate });
      expect(tf.memory().numTensors).toBe(before);
      expect(tf.getBackend()).toBe('wasm');

      const ids = result.tokens.map((t) => t.id);
      const ref = referenceForward(checkpoint.config as never, checkpoint.params, ids, ablate);
      ref.attention.forEach((heads, l) =>
        heads.forEach((matrix, h) => {
          expect(maxDifference(result.attention[l][h], matrix)).toBeLessThan(ATTENTION_TOLERANCE);
        }),
      );
      expect(maxDifference(result.logits, ref.logits!)).toBeLessThan(LOGITS_TOLERANCE);
      model.dispose();
    },
  );
});
