/**
 * The attention mechanism of one head, step by step, recomputed from its queries, keys and
 * values so that each intermediate matrix can be shown: scores, scaled scores, masked scores,
 * softmax weights and the weighted sum of values.
 */

/** A row-major matrix with its shape. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

export interface MechanismSteps {
  queries: Matrix;
  keys: Matrix;
  values: Matrix;
  /** Q·Kᵀ, seqLen x seqLen. */
  scores: Matrix;
  /** Scores divided by √headDim, or the raw scores when scaling is switched off. */
  scaled: Matrix;
  /** Scaled scores with -Infinity where the causal mask forbids looking ahead. */
  masked: Matrix;
  /** Row-wise softmax of the masked scores: the attention weights. */
  weights: Matrix;
  /** weights · V, seqLen x headDim: what the head writes for each query. */
  output: Matrix;
  scale: number;
}

function matrix(rows: number, cols: number, data?: Float32Array): Matrix {
  return { rows, cols, data: data ?? new Float32Array(rows * cols) };
}

/**
 * Recomputes one head. `queries`, `keys` and `values` are seqLen x headDim row-major;
 * `scaled` false skips the division by √headDim to show how large scores saturate the softmax.
 */
export function mechanismSteps(
  queries: Float32Array,
  keys: Float32Array,
  values: Float32Array,
  seqLen: number,
  causal: boolean,
  scaled = true,
): MechanismSteps {
  const headDim = seqLen > 0 ? queries.length / seqLen : 0;
  const scale = scaled ? 1 / Math.sqrt(headDim) : 1;
  const scores = matrix(seqLen, seqLen);
  const scaledScores = matrix(seqLen, seqLen);
  const masked = matrix(seqLen, seqLen);
  const weights = matrix(seqLen, seqLen);
  const output = matrix(seqLen, headDim);

  for (let q = 0; q < seqLen; q++) {
    let rowMax = -Infinity;
    for (let k = 0; k < seqLen; k++) {
      let dot = 0;
      for (let d = 0; d < headDim; d++) dot += queries[q * headDim + d] * keys[k * headDim + d];
      const i = q * seqLen + k;
      scores.data[i] = dot;
      scaledScores.data[i] = dot * scale;
      masked.data[i] = causal && k > q ? -Infinity : dot * scale;
      rowMax = Math.max(rowMax, masked.data[i]);
    }

    // Subtracting the row maximum keeps exp() finite; it does not change the softmax.
    let sum = 0;
    for (let k = 0; k < seqLen; k++) {
      const e = Math.exp(masked.data[q * seqLen + k] - rowMax);
      weights.data[q * seqLen + k] = e;
      sum += e;
    }
    for (let k = 0; k < seqLen; k++) weights.data[q * seqLen + k] /= sum;

    for (let k = 0; k < seqLen; k++) {
      const w = weights.data[q * seqLen + k];
      if (w === 0) continue;
      for (let d = 0; d < headDim; d++) output.data[q * headDim + d] += w * values[k * headDim + d];
    }
  }

  return {
    queries: matrix(seqLen, headDim, queries),
    keys: matrix(seqLen, headDim, keys),
    values: matrix(seqLen, headDim, values),
    scores,
    scaled: scaledScores,
    masked,
    weights,
    output,
    scale,
  };
}
