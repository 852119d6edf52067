/** Reads a Hugging Face `config.json` into the one set of names the forward pass uses. */

import type { Architecture, ModelConfig } from './types';

export const SUPPORTED_MODEL_TYPES: readonly Architecture[] = [
  'gpt2',
  'bert',
  'distilbert',
  'roberta',
];

type RawConfig = Record<string, unknown>;

/** Builds a ModelConfig; `file` names the source in errors. */
export function parseConfig(raw: unknown, file = 'config.json'): ModelConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`${file}: expected a JSON object.`);
  }
  const config = raw as RawConfig;
  const modelType = config.model_type;
  if (typeof modelType !== 'string') {
    throw new Error(
      `${file}: has no "model_type"; supported types are ${SUPPORTED_MODEL_TYPES.join(', ')}.`,
    );
  }

  const read = reader(config, file);
  let result: ModelConfig;
  switch (modelType) {
    case 'gpt2': {
      const hiddenSize = read.int('n_embd');
      result = {
        modelType,
        causal: true,
        numLayers: read.int('n_layer'),
        numHeads: read.int('n_head'),
        hiddenSize,
        headDim: 0,
        // GPT-2 leaves n_inner null to mean the usual four times the width.
        intermediateSize: read.int('n_inner', 4 * hiddenSize),
        vocabSize: read.int('vocab_size'),
        maxPositions: read.int('n_positions', read.int('n_ctx', 1024)),
        layerNormEps: read.num('layer_norm_epsilon', 1e-5),
        activation: activation(config.activation_function ?? 'gelu_new', file),
        typeVocabSize: 0,
        positionOffset: 0,
      };
      break;
    }
    case 'distilbert':
      result = {
        modelType,
        causal: false,
        numLayers: read.int('n_layers'),
        numHeads: read.int('n_heads'),
        hiddenSize: read.int('dim'),
        headDim: 0,
        intermediateSize: read.int('hidden_dim'),
        vocabSize: read.int('vocab_size'),
        maxPositions: read.int('max_position_embeddings', 512),
        // DistilBERT fixes its LayerNorm epsilon in code rather than in the config.
        layerNormEps: 1e-12,
        activation: activation(config.activation ?? 'gelu', file),
        typeVocabSize: 0,
        positionOffset: 0,
      };
      break;
    case 'bert':
    case 'roberta': {
      // RoBERTa numbers positions after the padding index, so the table has offset spare rows.
      const positionOffset = modelType === 'roberta' ? read.int('pad_token_id', 1) + 1 : 0;
      result = {
        modelType,
        causal: false,
        numLayers: read.int('num_hidden_layers'),
        numHeads: read.int('num_attention_heads'),
        hiddenSize: read.int('hidden_size'),
        headDim: 0,
        intermediateSize: read.int('intermediate_size'),
        vocabSize: read.int('vocab_size'),
        maxPositions: read.int('max_position_embeddings', 512) - positionOffset,
        layerNormEps: read.num('layer_norm_eps', 1e-12),
        activation: activation(config.hidden_act ?? 'gelu', file),
        typeVocabSize: read.int('type_vocab_size', 2),
        positionOffset,
      };
      break;
    }
    default:
      throw new Error(
        `${file}: model_type "${modelType}" is not supported; supported types are ` +
          `${SUPPORTED_MODEL_TYPES.join(', ')}.`,
      );
  }

  rejectVariants(config, file);
  if (result.hiddenSize % result.numHeads !== 0) {
    throw new Error(
      `${file}: hidden size ${result.hiddenSize} does not divide into ${result.numHeads} heads.`,
    );
  }
  if (result.maxPositions < 1) {
    throw new Error(`${file}: the model has no room for positions (${result.maxPositions}).`);
  }
  return { ...result, headDim: result.hiddenSize / result.numHeads };
}

/** Options that change the attention maths in ways the forward pass does not implement. */
function rejectVariants(config: RawConfig, file: string) {
  const supported: [string, unknown][] = [
    ['position_embedding_type', 'absolute'],
    ['scale_attn_weights', true],
    ['scale_attn_by_inverse_layer_idx', false],
  ];
  for (const [key, expected] of supported) {
    const value = config[key];
    if (value !== undefined && value !== null && value !== expected) {
      throw new Error(
        `${file}: "${key}" is ${JSON.stringify(value)}; only ${JSON.stringify(expected)} ` +
          'is supported.',
      );
    }
  }
}

function reader(config: RawConfig, file: string) {
  const num = (key: string, fallback?: number): number => {
    const value = config[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    if (value === undefined) throw new Error(`${file}: "${key}" is missing; it must be a number.`);
    throw new Error(`${file}: "${key}" must be a number, found ${JSON.stringify(value)}.`);
  };
  const int = (key: string, fallback?: number): number => {
    const value = num(key, fallback);
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`${file}: "${key}" must be a whole number, found ${value}.`);
    }
    return value;
  };
  return { num, int };
}

function activation(name: unknown, file: string): ModelConfig['activation'] {
  switch (name) {
    case 'gelu':
      return 'gelu';
    // These are all the tanh approximation under different names.
    case 'gelu_new':
    case 'gelu_pytorch_tanh':
    case 'gelu_fast':
      return 'gelu_new';
    case 'relu':
      return 'relu';
    default:
      throw new Error(
        `${file}: activation ${JSON.stringify(name)} is not supported; use gelu, gelu_new or relu.`,
      );
  }
}
