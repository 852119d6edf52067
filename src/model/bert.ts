/**
 * The BERT family (BERT, DistilBERT, RoBERTa): one post-LayerNorm encoder. They differ only in
 * parameter names (resolved in weights.ts), token types (DistilBERT has none) and where position
 * ids start (RoBERTa counts from its padding index + 1).
 */

import * as tf from '@tensorflow/tfjs';
import { activate, headMaskFor, layerNorm, linear, selfAttention, valueLengths } from './blocks';
import type { ForwardInputs, ForwardTensors, Tensor } from './blocks';
import type { ModelWeights } from './layout';
import type { ModelConfig } from './types';

/** Runs the encoder on one sequence of ids; call inside tf.tidy. */
export function encoderForward(
  w: ModelWeights<Tensor>,
  config: ModelConfig,
  inputs: ForwardInputs,
): ForwardTensors {
  const { ids, projectionsLayer, ablate } = inputs;
  const eps = config.layerNormEps;
  const tokens = tf.gather(w.tokenEmbeddings, tf.tensor1d(ids, 'int32'));
  const positions = tf.gather(w.positionEmbeddings, tf.tensor1d(positionIds(ids, config), 'int32'));
  // [seqLen, hidden]
  let x = tf.add(tokens, positions);
  // A single text is all segment 0, so every token adds the first token-type row.
  if (w.typeEmbeddings) x = tf.add(x, tf.slice(w.typeEmbeddings, [0, 0], [1, -1]));
  if (w.embeddingNorm) x = layerNorm(x, w.embeddingNorm, eps);

  const attention: Tensor[] = [];
  const valueNorms: Tensor[] = [];
  let projections = tf.zeros([0]);
  for (let l = 0; l < w.layers.length; l++) {
    const layer = w.layers[l];
    const headMask = headMaskFor(ablate, l, config.numHeads);
    const attended = selfAttention(x, layer, config, headMask);
    attention.push(attended.probs);
    valueNorms.push(valueLengths(attended.value));
    if (l === projectionsLayer) {
      projections = tf.stack([attended.query, attended.key, attended.value]);
    }
    x = layerNorm(tf.add(x, attended.output), layer.attentionNorm, eps);

    const hidden = activate(linear(x, layer.ffnIn), config.activation);
    x = layerNorm(tf.add(x, linear(hidden, layer.ffnOut)), layer.ffnNorm, eps);
  }

  return {
    attention: tf.stack(attention),
    logits: inputs.logits ? maskedLogits(x, w, config) : null,
    projections,
    valueNorms: tf.stack(valueNorms),
  };
}

/**
 * Position of each token. RoBERTa gives padding tokens the padding index and numbers the others
 * from padding index + 1, so a typed <pad> does not advance the count.
 */
export function positionIds(ids: number[], config: ModelConfig): number[] {
  if (config.positionOffset === 0) return ids.map((_, i) => i);
  const paddingIndex = config.positionOffset - 1;
  let count = 0;
  return ids.map((id) => (id === paddingIndex ? paddingIndex : paddingIndex + ++count));
}

function maskedLogits(x: Tensor, w: ModelWeights<Tensor>, config: ModelConfig): Tensor | null {
  const head = w.head;
  if (!head) return null;
  let h = x;
  if (head.transform) {
    // RoBERTa's head always uses exact GELU, whatever the encoder's activation.
    const kind = config.modelType === 'roberta' ? 'gelu' : config.activation;
    h = activate(linear(h, head.transform), kind);
  }
  if (head.transformNorm) h = layerNorm(h, head.transformNorm, config.layerNormEps);
  // [seqLen, hidden] x [vocab, hidden]^T -> [seqLen, vocab]
  // Transposing first is cheaper than a transposed operand, which WASM multiplies slowly.
  const logits = tf.matMul(h, tf.transpose(head.decoder));
  return head.bias ? tf.add(logits, head.bias) : logits;
}
