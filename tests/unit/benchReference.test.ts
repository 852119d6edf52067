import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load';
import { referenceGpt2 } from '../../scripts/bench/reference';
import { hostModel } from '../../scripts/bench/hostModel';
import { asFilesSource, tinyCheckpoint } from '../fixtures/tinyCheckpoints';

// Float32 sums in a different order than TensorFlow.js differ in the last few bits.
const ATTENTION_TOLERANCE = 1e-5;
const LOGIT_TOLERANCE = 1e-4;

function largestGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let gap = 0;
  for (let i = 0; i < a.length; i++) gap = Math.max(gap, Math.abs(a[i] - b[i]));
  return gap;
}

describe('the benchmark reference forward pass', () => {
  it('agrees with the TensorFlow.js model on every head and logit', async () => {
    const checkpoint = tinyCheckpoint('gpt2', { layers: 2, heads: 4, hidden: 32 });
    const files = new Map<string, ArrayBuffer>();
    for (const [name, bytes] of checkpoint.files) files.set(name, bytes.slice().buffer);
    const host = hostModel(files);
    const model = await loadModel(asFilesSource(checkpoint));
    const text = 'the cat sat on the mat';

    const result = await model.run(text);
    const reference = referenceGpt2(
      host.weights,
      host.config,
      result.tokens.map((t) => t.id),
    );
    model.dispose();

    for (let l = 0; l < result.attention.length; l++) {
      for (let h = 0; h < result.attention[l].length; h++) {
        const gap = largestGap(result.attention[l][h], reference.attention[l][h]);
        expect(gap).toBeLessThan(ATTENTION_TOLERANCE);
      }
    }
    expect(largestGap(result.logits, reference.logits)).toBeLessThan(LOGIT_TOLERANCE);
  });
});
