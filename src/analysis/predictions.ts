/**
 * Predictions from one row of logits, and how far an ablation moved them.
 *
 * Everything works on log-probabilities, with the largest logit subtracted first, so logits in
 * the hundreds neither overflow exp nor round small probabilities to zero before the log.
 */

import { checkIndex } from './shape';

type Logits = Float32Array | readonly number[];

/** The logits of one position: row `position` of a seqLen x vocabSize row-major matrix. */
export function logitsRow(logits: Float32Array, vocabSize: number, position: number): Float32Array {
  // A checkpoint without a language-model head returns empty logits.
  if (logits.length === 0) throw new Error('logitsRow: this result has no logits');
  const seqLen = logits.length / vocabSize;
  if (!Number.isInteger(seqLen)) {
    throw new Error(`logitsRow: ${logits.length} logits do not split into rows of ${vocabSize}`);
  }
  checkIndex(position, seqLen, 'logitsRow, position');
  return logits.subarray(position * vocabSize, (position + 1) * vocabSize);
}

/** log softmax, in doubles. A logit of -Infinity, as for a masked token, gives -Infinity. */
export function logSoftmax(logits: Logits): Float64Array {
  if (logits.length === 0) throw new Error('logSoftmax: no logits');
  let max = -Infinity;
  for (const logit of logits) max = Math.max(max, logit);
  if (!Number.isFinite(max)) throw new Error(`logSoftmax: the largest logit is ${max}`);

  let sum = 0;
  for (const logit of logits) sum += Math.exp(logit - max);
  const logSum = max + Math.log(sum);

  const result = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) result[i] = logits[i] - logSum;
  return result;
}

/** Probabilities that sum to one. */
export function softmax(logits: Logits): Float64Array {
  return logSoftmax(logits).map(Math.exp);
}

export interface RankedToken {
  id: number;
  probability: number;
}

/**
 * The k most probable ids, most probable first; ties go to the lower id. One pass that keeps
 * a short sorted list, since k is a handful and the vocabulary tens of thousands.
 */
export function topK(probabilities: ArrayLike<number>, k: number): RankedToken[] {
  if (!Number.isInteger(k) || k < 0) throw new Error(`topK: k must be a whole number, got ${k}`);
  const best: RankedToken[] = [];
  if (k === 0) return best;
  for (let id = 0; id < probabilities.length; id++) {
    const probability = probabilities[id];
    if (Number.isNaN(probability)) continue;
    if (best.length === k && !(probability > best[k - 1].probability)) continue;
    let slot = best.length;
    while (slot > 0 && best[slot - 1].probability < probability) slot--;
    best.splice(slot, 0, { id, probability });
    if (best.length > k) best.pop();
  }
  return best;
}

export type InformationUnit = 'nats' | 'bits';

/**
 * KL(before || after) = sum_i p_i (log p_i - log q_i), with p = softmax(before) and
 * q = softmax(after): the information lost when the ablated model's predictions stand in for
 * the intact one's. In nats unless bits are asked for. Terms with p_i = 0 count as 0; a token
 * that was possible before and impossible after makes it Infinity.
 */
export function klDivergence(
  before: Logits,
  after: Logits,
  unit: InformationUnit = 'nats',
): number {
  if (before.length !== after.length) {
    throw new Error(`klDivergence: ${before.length} logits before, ${after.length} after`);
  }
  const logP = logSoftmax(before);
  const logQ = logSoftmax(after);

  let divergence = 0;
  for (let i = 0; i < logP.length; i++) {
    if (logP[i] === -Infinity) continue;
    divergence += Math.exp(logP[i]) * (logP[i] - logQ[i]);
  }
  // Rounding can leave a hair below zero for identical inputs; KL never is.
  divergence = Math.max(0, divergence);
  return unit === 'bits' ? divergence / Math.LN2 : divergence;
}
