/**
 * GPT-2: pre-LayerNorm blocks, causal attention, and logits from the tied token embeddings.
 */

import * as tf from '@tensorflow/tfjs';
import { activate, headMaskFor, layerNorm, linear, selfAttention, valueLengths } from './blocks';
import type { ForwardInputs, ForwardTensors, Tensor } from './blocks';
import type { ModelWeights } from './layout';
import type { ModelConfig } from './types';

/** Runs GPT-2 on one sequence of ids; call inside tf.tidy. */
export function gpt2Forward(
  w: ModelWeights<Tensor>,
  config: ModelConfig,
  inputs: ForwardInputs,
): ForwardTensors {
  const { ids, projectionsLayer, ablate } = inputs;
  const eps = config.layerNormEps;
  const tokens = tf.gather(w.tokenEmbeddings, tf.tensor1d(ids, 'int32'));
  const positions = tf.gather(w.positionEmbeddings, tf.range(0, ids.length, 1, 'int32'));
  // [seqLen, hidden]
  let x = tf.add(tokens, positions);

  const attention: Tensor[] = [];
  const valueNorms: Tensor[] = [];
  let projections = tf.zeros([0]);
  for (let l = 0; l < w.layers.length; l++) {
    const layer = w.layers[l];
    const headMask = headMaskFor(ablate, l, config.numHeads);
    const attended = selfAttention(layerNorm(x, layer.attentionNorm, eps), layer, config, headMask);
    attention.push(attended.probs);
    valueNorms.push(valueLengths(attended.value));
    if (l === projectionsLayer) {
      projections = tf.stack([attended.query, attended.key, attended.value]);
    }
    x = tf.add(x, attended.output);

    const hidden = linear(layerNorm(x, layer.ffnNorm, eps), layer.ffnIn);
    x = tf.add(x, linear(activate(hidden, config.activation), layer.ffnOut));
  }

  if (w.finalNorm) x = layerNorm(x, w.finalNorm, eps);
  // [seqLen, hidden] x [vocab, hidden]^T -> [seqLen, vocab]
  // Transposing first is cheaper than a transposed operand, which WASM multiplies slowly.
  const decoder = w.head && inputs.logits ? tf.transpose(w.head.decoder) : null;
  const logits = decoder ? tf.matMul(x, decoder) : null;
  return { attention: tf.stack(attention), logits, projections, valueNorms: tf.stack(valueNorms) };
}
