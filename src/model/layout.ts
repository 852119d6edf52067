/**
 * The one layout the forward passes read, whatever the architecture: linear weights as
 * [in, out], so every layer is x @ weight + bias. weights.ts fills it from a checkpoint.
 *
 * Each type takes the tensor kind as a parameter: plain arrays on the host, tf.Tensor once
 * uploaded to the backend.
 */

import type { HostTensor } from './safetensors';

export interface Linear<T = HostTensor> {
  /** [in, out] */
  weight: T;
  /** [out] */
  bias: T;
}

export interface Norm<T = HostTensor> {
  gamma: T;
  beta: T;
}

export interface LayerWeights<T = HostTensor> {
  query: Linear<T>;
  key: Linear<T>;
  value: Linear<T>;
  output: Linear<T>;
  /** Before attention in GPT-2 (pre-LN); after the attention residual in encoders (post-LN). */
  attentionNorm: Norm<T>;
  ffnIn: Linear<T>;
  ffnOut: Linear<T>;
  /** Before the MLP in GPT-2; after the MLP residual in encoders. */
  ffnNorm: Norm<T>;
}

/** Encoders transform the final hidden state before the tied decoder; GPT-2 does not. */
export interface LanguageModelHead<T = HostTensor> {
  transform: Linear<T> | null;
  transformNorm: Norm<T> | null;
  /** [vocab, hidden], the word embeddings unless the checkpoint stores its own copy. */
  decoder: T;
  bias: T | null;
}

export interface ModelWeights<T = HostTensor> {
  /** [vocab, hidden] */
  tokenEmbeddings: T;
  /** [positionOffset + maxPositions, hidden] */
  positionEmbeddings: T;
  /** [typeVocab, hidden], or null where the model has no token types. */
  typeEmbeddings: T | null;
  embeddingNorm: Norm<T> | null;
  finalNorm: Norm<T> | null;
  layers: LayerWeights<T>[];
  head: LanguageModelHead<T> | null;
}

/** Applies `f` to every tensor, calling it once per distinct tensor (tied weights stay tied). */
export function mapWeights<A extends object, B>(
  weights: ModelWeights<A>,
  f: (tensor: A) => B,
): ModelWeights<B> {
  const seen = new Map<A, B>();
  const one = (t: A): B => {
    if (!seen.has(t)) seen.set(t, f(t));
    return seen.get(t) as B;
  };
  const linear = (l: Linear<A>): Linear<B> => ({ weight: one(l.weight), bias: one(l.bias) });
  const norm = (n: Norm<A>): Norm<B> => ({ gamma: one(n.gamma), beta: one(n.beta) });
  const { head } = weights;
  return {
    tokenEmbeddings: one(weights.tokenEmbeddings),
    positionEmbeddings: one(weights.positionEmbeddings),
    typeEmbeddings: weights.typeEmbeddings && one(weights.typeEmbeddings),
    embeddingNorm: weights.embeddingNorm && norm(weights.embeddingNorm),
    finalNorm: weights.finalNorm && norm(weights.finalNorm),
    layers: weights.layers.map((l) => ({
      query: linear(l.query),
      key: linear(l.key),
      value: linear(l.value),
      output: linear(l.output),
      attentionNorm: norm(l.attentionNorm),
      ffnIn: linear(l.ffnIn),
      ffnOut: linear(l.ffnOut),
      ffnNorm: norm(l.ffnNorm),
    })),
    head: head && {
      transform: head.transform && linear(head.transform),
      transformNorm: head.transformNorm && norm(head.transformNorm),
      decoder: one(head.decoder),
      bias: head.bias && one(head.bias),
    },
  };
}
