/** config.json of each supported architecture, read into one set of names. */

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/model/config';
import { backendOrder, isSoftwareRenderer } from '../../src/model/renderer';

describe('parseConfig', () => {
  it('reads GPT-2, filling n_inner and the activation from their defaults', () => {
    const config = parseConfig({
      model_type: 'gpt2',
      n_layer: 12,
      n_head: 12,
      n_embd: 768,
      n_positions: 1024,
      vocab_size: 50257,
      n_inner: null,
      layer_norm_epsilon: 1e-5,
    });
    expect(config).toEqual({
      modelType: 'gpt2',
      causal: true,
      numLayers: 12,
      numHeads: 12,
      hiddenSize: 768,
      headDim: 64,
      intermediateSize: 3072,
      vocabSize: 50257,
      maxPositions: 1024,
      layerNormEps: 1e-5,
      activation: 'gelu_new',
      typeVocabSize: 0,
      positionOffset: 0,
    });
  });

  it('reads BERT', () => {
    const config = parseConfig({
      model_type: 'bert',
      num_hidden_layers: 12,
      num_attention_heads: 12,
      hidden_size: 768,
      intermediate_size: 3072,
      vocab_size: 30522,
      max_position_embeddings: 512,
      type_vocab_size: 2,
      layer_norm_eps: 1e-12,
      hidden_act: 'gelu',
    });
    expect(config).toMatchObject({
      causal: false,
      headDim: 64,
      maxPositions: 512,
      positionOffset: 0,
    });
  });

  it('reads DistilBERT under its own names', () => {
    const config = parseConfig({
      model_type: 'distilbert',
      n_layers: 6,
      n_heads: 12,
      dim: 768,
      hidden_dim: 3072,
      vocab_size: 30522,
      max_position_embeddings: 512,
      activation: 'gelu',
    });
    expect(config).toMatchObject({
      numLayers: 6,
      intermediateSize: 3072,
      typeVocabSize: 0,
      layerNormEps: 1e-12,
    });
  });

  it('gives RoBERTa positions from pad_token_id + 1, leaving 512 of 514 rows for text', () => {
    const config = parseConfig({
      model_type: 'roberta',
      num_hidden_layers: 12,
      num_attention_heads: 12,
      hidden_size: 768,
      intermediate_size: 3072,
      vocab_size: 50265,
      max_position_embeddings: 514,
      type_vocab_size: 1,
      pad_token_id: 1,
    });
    expect(config).toMatchObject({ positionOffset: 2, maxPositions: 512 });
  });

  it('names an unsupported model_type and lists the supported ones', () => {
    expect(() => parseConfig({ model_type: 'llama' })).toThrow(
      'config.json: model_type "llama" is not supported; ' +
        'supported types are gpt2, bert, distilbert, roberta.',
    );
  });

  it('names a missing field', () => {
    expect(() => parseConfig({ model_type: 'gpt2', n_layer: 2 })).toThrow(
      'config.json: "n_embd" is missing; it must be a number.',
    );
  });

  it('refuses a width that does not split into heads', () => {
    expect(() =>
      parseConfig({ model_type: 'gpt2', n_layer: 1, n_head: 5, n_embd: 32, vocab_size: 10 }),
    ).toThrow(/hidden size 32 does not divide into 5 heads/);
  });
});

describe('isSoftwareRenderer', () => {
  it.each([
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)', true],
    ['llvmpipe (LLVM 15.0.7, 256 bits)', true],
    ['Google SwiftShader', true],
    ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0, D3D11)', false],
    ['Apple M2', false],
    ['Mali-G78', false],
  ])('%s -> %s', (renderer, software) => {
    expect(isSoftwareRenderer(renderer)).toBe(software);
  });
});

describe('attention variants the forward pass does not implement', () => {
  it.each([
    ['position_embedding_type', 'relative_key', '"relative_key"; only "absolute"'],
    ['scale_attn_by_inverse_layer_idx', true, 'true; only false'],
  ])('refuses %s = %j', (key, value, message) => {
    const base = { model_type: 'gpt2', n_layer: 1, n_head: 2, n_embd: 8, vocab_size: 10 };
    expect(() => parseConfig({ ...base, [key]: value })).toThrow(
      `config.json: "${key}" is ${message} is supported.`,
    );
  });
});

describe('backendOrder', () => {
  it.each([
    ['a real GPU', 'Apple M2', undefined, ['webgl', 'wasm', 'cpu']],
    ['SwiftShader', 'Google SwiftShader', undefined, ['wasm', 'cpu']],
    ['no WebGL', null, undefined, ['wasm', 'cpu']],
    ['a chosen backend', 'Google SwiftShader', 'webgl', ['webgl', 'wasm', 'cpu']],
    ['CPU chosen on a GPU', 'Apple M2', 'cpu', ['cpu', 'webgl', 'wasm']],
  ] as const)('with %s (renderer %j, chosen %j) tries %j', (_, renderer, preferred, order) => {
    expect(backendOrder(renderer, preferred)).toEqual(order);
  });
});
