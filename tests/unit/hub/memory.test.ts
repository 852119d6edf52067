import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/model/config';
import { countParameters, estimateMemory, storedBytesPerParameter } from '../../../src/hub/memory';
import { tinyCheckpoint } from '../../fixtures/tinyCheckpoints';
import type { Architecture } from '../../../src/model/types';

const GPT2_SMALL = parseConfig({
  model_type: 'gpt2',
  n_layer: 12,
  n_head: 12,
  n_embd: 768,
  n_positions: 1024,
  vocab_size: 50257,
});

const BERT_BASE = parseConfig({
  model_type: 'bert',
  num_hidden_layers: 12,
  num_attention_heads: 12,
  hidden_size: 768,
  intermediate_size: 3072,
  max_position_embeddings: 512,
  vocab_size: 30522,
  type_vocab_size: 2,
});

const GB = 2 ** 30;

describe('parameter counts from config.json', () => {
  it('match the published sizes of GPT-2 small and BERT base with its masked-LM head', () => {
    // transformers' num_parameters() for GPT2LMHeadModel and BertForMaskedLM (tied outputs).
    expect(countParameters(GPT2_SMALL)).toBe(124_439_808);
    expect(countParameters(BERT_BASE)).toBe(109_514_298);
  });

  it.each<Architecture>(['gpt2', 'bert', 'distilbert', 'roberta'])(
    'match the float tensors a tiny %s checkpoint stores, pooler aside',
    (arch) => {
      const checkpoint = tinyCheckpoint(arch);
      let stored = 0;
      for (const [name, param] of checkpoint.params) {
        if (!name.includes('pooler')) stored += param.data.length;
      }
      expect(countParameters(parseConfig(checkpoint.config))).toBe(stored);
    },
  );
});

describe('memory estimate', () => {
  it('puts GPT-2 small at about half a gigabyte of float32 weights', () => {
    const estimate = estimateMemory(
      GPT2_SMALL,
      4,
      { deviceMemoryGb: 8, maxTextureSize: 16384 },
      'wasm',
    );
    expect(estimate.downloadBytes).toBe(4 * 124_439_808);
    expect(estimate.deviceBytes).toBeGreaterThan(4 * 124_439_808);
    expect(estimate.deviceBytes).toBeLessThan(0.6 * GB);
    expect(estimate.warnings).toEqual([]);
  });

  it('counts a float16 download at two bytes a parameter but float32 on the device', () => {
    expect(storedBytesPerParameter({ torch_dtype: 'float16' })).toBe(2);
    expect(storedBytesPerParameter({ torch_dtype: 'float32' })).toBe(4);
    expect(storedBytesPerParameter({})).toBe(4);
    const half = estimateMemory(
      GPT2_SMALL,
      2,
      { deviceMemoryGb: null, maxTextureSize: null },
      'cpu',
    );
    const full = estimateMemory(
      GPT2_SMALL,
      4,
      { deviceMemoryGb: null, maxTextureSize: null },
      'cpu',
    );
    expect(half.downloadBytes).toBe(full.downloadBytes / 2);
    expect(half.deviceBytes).toBe(full.deviceBytes);
  });

  it('warns when loading would need more than half of what the device reports', () => {
    const estimate = estimateMemory(
      GPT2_SMALL,
      4,
      { deviceMemoryGb: 2, maxTextureSize: null },
      'wasm',
    );
    expect(estimate.peakBytes).toBeGreaterThan(GB);
    expect(estimate.warnings).toHaveLength(1);
    expect(estimate.warnings[0]).toMatch(/more than half of the 2 GB this device reports/);
  });

  it('warns past 4 GB when the device does not say how much memory it has', () => {
    const large = { ...GPT2_SMALL, numLayers: 48, hiddenSize: 1600, intermediateSize: 6400 };
    const limits = { deviceMemoryGb: null, maxTextureSize: null };
    expect(estimateMemory(GPT2_SMALL, 4, limits, 'wasm').warnings).toEqual([]);
    expect(estimateMemory(large, 4, limits, 'wasm').warnings[0]).toMatch(/most browser tabs/);
  });

  it('warns on WebGL only when the largest matrix cannot fit one texture', () => {
    const small = { deviceMemoryGb: 8, maxTextureSize: 2048 };
    const [texture] = estimateMemory(GPT2_SMALL, 4, small, 'webgl').warnings;
    // 50257 x 768 numbers at four per texel fold into a square of 3107 texels a side.
    expect(texture).toMatch(/needs a 3107-pixel texture but WebGL here allows 2048/);
    expect(estimateMemory(GPT2_SMALL, 4, small, 'wasm').warnings).toEqual([]);
    expect(
      estimateMemory(GPT2_SMALL, 4, { ...small, maxTextureSize: 4096 }, 'webgl').warnings,
    ).toEqual([]);
  });
});
