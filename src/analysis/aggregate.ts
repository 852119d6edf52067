/**
 * Many heads folded into one matrix: mean and max over chosen heads or a whole layer,
 * attention rollout through the layers, and value-weighted attention.
 *
 * Every matrix here is seqLen x seqLen, row-major, indexed [query][key].
 */

import type { HeadMatrix } from '../model/types';
import { checkIndex, checkSquare, normaliseRows } from './shape';

export interface HeadRef {
  layer: number;
  head: number;
}

function selectedMatrices(
  attention: HeadMatrix[][],
  heads: readonly HeadRef[],
  seqLen: number,
  what: string,
): HeadMatrix[] {
  if (heads.length === 0) throw new Error(`${what}: no heads selected`);
  return heads.map(({ layer, head }) => {
    checkIndex(layer, attention.length, `${what}, layer`);
    checkIndex(head, attention[layer].length, `${what}, head of layer ${layer}`);
    const matrix = attention[layer][head];
    checkSquare(matrix, seqLen, `${what}, layer ${layer} head ${head}`);
    return matrix;
  });
}

function meanOf(matrices: readonly HeadMatrix[], seqLen: number): HeadMatrix {
  const mean = new Float32Array(seqLen * seqLen);
  for (let i = 0; i < mean.length; i++) {
    let sum = 0;
    for (const matrix of matrices) sum += matrix[i];
    mean[i] = sum / matrices.length;
  }
  return mean;
}

// A cell-wise max does not keep rows summing to one; it answers "does any of these heads
// look here", so it is left unnormalised on purpose.
function maxOf(matrices: readonly HeadMatrix[], seqLen: number): HeadMatrix {
  const max = new Float32Array(seqLen * seqLen);
  for (let i = 0; i < max.length; i++) {
    let best = -Infinity;
    for (const matrix of matrices) best = Math.max(best, matrix[i]);
    max[i] = best;
  }
  return max;
}

/** Cell-wise mean over the chosen heads; rows still sum to one. */
export function meanHeads(
  attention: HeadMatrix[][],
  heads: readonly HeadRef[],
  seqLen: number,
): HeadMatrix {
  return meanOf(selectedMatrices(attention, heads, seqLen, 'meanHeads'), seqLen);
}

/** Cell-wise max over the chosen heads; rows are not renormalised. */
export function maxHeads(
  attention: HeadMatrix[][],
  heads: readonly HeadRef[],
  seqLen: number,
): HeadMatrix {
  return maxOf(selectedMatrices(attention, heads, seqLen, 'maxHeads'), seqLen);
}

function layerRefs(attention: HeadMatrix[][], layer: number, what: string): HeadRef[] {
  checkIndex(layer, attention.length, `${what}, layer`);
  return attention[layer].map((_, head) => ({ layer, head }));
}

/** Cell-wise mean over every head of one layer. */
export function layerMean(attention: HeadMatrix[][], layer: number, seqLen: number): HeadMatrix {
  return meanHeads(attention, layerRefs(attention, layer, 'layerMean'), seqLen);
}

/** Cell-wise max over every head of one layer; rows are not renormalised. */
export function layerMax(attention: HeadMatrix[][], layer: number, seqLen: number): HeadMatrix {
  return maxHeads(attention, layerRefs(attention, layer, 'layerMax'), seqLen);
}

/**
 * a · b for two seqLen x seqLen row-major matrices. Row q of the product is built as a sum of
 * rows of b, which reads memory in order and lets zeros be skipped: a causal model's matrices
 * are lower-triangular, so most of the n³ products are zero. At a few hundred tokens this
 * turns seconds into a fraction of one.
 */
function multiply(a: HeadMatrix, b: HeadMatrix, seqLen: number): HeadMatrix {
  // One past the last non-zero key in each row of b.
  const rowEnds = new Int32Array(seqLen);
  for (let j = 0; j < seqLen; j++) {
    let end = seqLen;
    while (end > 0 && b[j * seqLen + end - 1] === 0) end--;
    rowEnds[j] = end;
  }

  const product = new Float32Array(seqLen * seqLen);
  const row = new Float64Array(seqLen);
  for (let q = 0; q < seqLen; q++) {
    row.fill(0);
    for (let j = 0; j < seqLen; j++) {
      const weight = a[q * seqLen + j];
      if (weight === 0) continue;
      const offset = j * seqLen;
      for (let k = 0; k < rowEnds[j]; k++) row[k] += weight * b[offset + k];
    }
    product.set(row, q * seqLen);
  }
  return product;
}

/**
 * Rollout after each layer: entry l says how much each query at the output of layer l draws,
 * through the residual stream, on each input token.
 *
 * Per layer, Â_l = rows renormalised of 0.5 · (mean over heads) + 0.5 · I; the identity stands
 * for the residual connection, which carries each token past the attention unchanged.
 * The product runs from the first layer up, with later layers on the left:
 * rollout_l = Â_l · Â_(l-1) · ... · Â_0, so rollout_l = Â_l · rollout_(l-1).
 * Row q of Â_l mixes the rows of rollout_(l-1), which already point back at the input.
 */
export function rolloutLayers(attention: HeadMatrix[][], seqLen: number): HeadMatrix[] {
  if (attention.length === 0) throw new Error('rolloutLayers: the model has no layers');
  const rollouts: HeadMatrix[] = [];
  let rollout: HeadMatrix | null = null;

  for (let layer = 0; layer < attention.length; layer++) {
    const mixed = layerMean(attention, layer, seqLen);
    for (let i = 0; i < mixed.length; i++) mixed[i] *= 0.5;
    for (let q = 0; q < seqLen; q++) mixed[q * seqLen + q] += 0.5;
    normaliseRows(mixed, seqLen);

    rollout = rollout === null ? mixed : multiply(mixed, rollout, seqLen);
    rollouts.push(rollout);
  }
  return rollouts;
}

/** Rollout through every layer, [query][key] with keys the input tokens. */
export function rollout(attention: HeadMatrix[][], seqLen: number): HeadMatrix {
  const all = rolloutLayers(attention, seqLen);
  return all[all.length - 1];
}

/**
 * One head's weights scaled by the L2 norm of each key position's value vector, rows
 * renormalised. A key that is attended to but carries a near-zero value moves little into the
 * output, and this shows it. `norms` holds that head's value norm for each position.
 */
export function valueWeighted(
  attention: HeadMatrix,
  norms: Float32Array,
  seqLen: number,
): HeadMatrix {
  checkSquare(attention, seqLen, 'valueWeighted');
  if (norms.length !== seqLen) {
    throw new Error(`valueWeighted: expected ${seqLen} value norms, got ${norms.length}`);
  }

  const weighted = new Float32Array(seqLen * seqLen);
  for (let q = 0; q < seqLen; q++) {
    for (let k = 0; k < seqLen; k++) {
      weighted[q * seqLen + k] = attention[q * seqLen + k] * norms[k];
    }
  }
  normaliseRows(weighted, seqLen);
  return weighted;
}
