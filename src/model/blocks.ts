/**
 * The pieces GPT-2 and the BERT family share, in TensorFlow.js. Hidden states are [seqLen, width]
 * for one text; callers run these inside tf.tidy.
 */

import * as tf from '@tensorflow/tfjs';
import type { LayerWeights, Linear, Norm } from './layout';
import type { ModelConfig } from './types';

export type Tensor = tf.Tensor;

/** What a forward pass leaves for the model to read back, all inside the caller's tidy. */
export interface ForwardTensors {
  /** [numLayers, numHeads, seqLen, seqLen] */
  attention: tf.Tensor;
  /** [seqLen, vocabSize], or null without a language-model head. */
  logits: tf.Tensor | null;
  /** [3, numHeads, seqLen, headDim]: queries, keys and values of the requested layer. */
  projections: tf.Tensor;
  /** [numLayers, numHeads, seqLen]: the length of each position's value vector, every layer. */
  valueNorms: tf.Tensor;
}

export interface ForwardInputs {
  ids: number[];
  /** Layer whose queries, keys and values are kept. */
  projectionsLayer: number;
  /** ablate[layer][head] is true when that head's output is zeroed. */
  ablate: boolean[][];
  /** False skips the language-model head. */
  logits: boolean;
}

export function linear(x: Tensor, { weight, bias }: Linear<Tensor>): Tensor {
  return tf.add(tf.matMul(x, weight), bias);
}

export function layerNorm(x: Tensor, { gamma, beta }: Norm<Tensor>, eps: number): Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const normalized = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(normalized, gamma), beta);
}

export function activate(x: Tensor, kind: ModelConfig['activation']): Tensor {
  switch (kind) {
    case 'relu':
      return tf.relu(x);
    case 'gelu':
      return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
    case 'gelu_new': {
      const cubic = tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715));
      // 0.5 x (1 + tanh(z)) is x sigmoid(2z); WASM computes sigmoid vectorised, tanh not.
      return tf.mul(x, tf.sigmoid(tf.mul(cubic, 2 * Math.sqrt(2 / Math.PI))));
    }
  }
}

export interface AttentionOutput {
  /** [seqLen, hidden], after the output projection. */
  output: Tensor;
  /** [numHeads, seqLen, seqLen] */
  probs: Tensor;
  /** Each [numHeads, seqLen, headDim]. */
  query: Tensor;
  key: Tensor;
  value: Tensor;
}

/**
 * Multi-head self-attention over x [seqLen, hidden]. `headMask` [numHeads] holds 1 to keep a
 * head and 0 to zero its output before the output projection.
 */
export function selfAttention(
  x: Tensor,
  w: LayerWeights<Tensor>,
  config: ModelConfig,
  headMask: Tensor,
): AttentionOutput {
  const { numHeads, headDim, hiddenSize } = config;
  const seqLen = x.shape[0];
  // [seqLen, hidden] -> [seqLen, numHeads, headDim] -> [numHeads, seqLen, headDim]
  const split = (t: Tensor) => tf.transpose(tf.reshape(t, [seqLen, numHeads, headDim]), [1, 0, 2]);
  const query = split(linear(x, w.query));
  const key = split(linear(x, w.key));
  const value = split(linear(x, w.value));

  // Products are taken head by head, with keys transposed first: WASM multiplies plain 2-D
  // matrices several times faster than batched or transposed ones.
  const keysT = tf.unstack(tf.transpose(key, [0, 2, 1]));
  const values = tf.unstack(value);
  // [numHeads, seqLen, seqLen]
  const products = tf.unstack(query).map((q, h) => tf.matMul(q, keysT[h]));
  let scores = tf.mul(tf.stack(products), 1 / Math.sqrt(headDim));
  if (config.causal) scores = tf.add(scores, causalMask(seqLen));
  const probs = tf.softmax(scores);

  // [numHeads, seqLen, headDim], then back to [seqLen, hidden]
  const perHead = tf.stack(tf.unstack(probs).map((p, h) => tf.matMul(p, values[h])));
  const context = tf.mul(perHead, tf.reshape(headMask, [numHeads, 1, 1]));
  const merged = tf.reshape(tf.transpose(context, [1, 0, 2]), [seqLen, hiddenSize]);
  return { output: linear(merged, w.output), probs, query, key, value };
}

/** [numHeads, seqLen, headDim] -> [numHeads, seqLen]: the length of each value vector. */
export function valueLengths(value: Tensor): Tensor {
  return tf.sqrt(tf.sum(tf.square(value), -1));
}

/**
 * [seqLen, seqLen]: 0 on and below the diagonal, a large negative number above, so a query
 * never sees later keys. Large and finite rather than -Infinity, whose products give NaN.
 */
function causalMask(seqLen: number): Tensor {
  const mask = new Float32Array(seqLen * seqLen);
  for (let q = 0; q < seqLen; q++) mask.fill(-1e9, q * seqLen + q + 1, (q + 1) * seqLen);
  return tf.tensor2d(mask, [seqLen, seqLen]);
}

/** [numLayers][numHeads] booleans as one [numHeads] keep-mask tensor for the given layer. */
export function headMaskFor(ablate: boolean[][], layer: number, numHeads: number): Tensor {
  const keep = Array.from({ length: numHeads }, (_, h) => (ablate[layer]?.[h] ? 0 : 1));
  return tf.tensor1d(keep);
}
