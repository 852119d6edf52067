/**
 * The opened model behind the AttentionModel interface: holds the weights on the tf backend,
 * tokenizes, runs the architecture's forward pass and reads the results back in one go.
 * Only load.ts creates it.
 */

import * as tf from '@tensorflow/tfjs';
import { encoderForward } from './bert';
import { gpt2Forward } from './gpt2';
import { fitToContext } from './tokenizer';
import { mapWeights } from './layout';
import { perLayerHead } from './perLayerHead';
import type { ForwardInputs, ForwardTensors, Tensor } from './blocks';
import type { ModelTokenizer } from './tokenizer';
import type { ModelWeights } from './layout';
import type { AttentionModel, ForwardOptions, ForwardResult, ModelConfig, Token } from './types';

export function createModel(
  name: string,
  config: ModelConfig,
  tokenizer: ModelTokenizer,
  hostWeights: ModelWeights,
): AttentionModel {
  const weights = mapWeights(hostWeights, ({ data, shape }) => tf.tensor(data, shape));
  const forward = config.modelType === 'gpt2' ? gpt2Forward : encoderForward;
  let disposed = false;

  const tokenize = (text: string) =>
    // Encoders end on a separator they were trained to see, so truncation keeps it.
    fitToContext(tokenizer.tokenize(text), config.maxPositions, !config.causal);

  return {
    name,
    config,
    maskToken: config.causal ? null : tokenizer.maskToken,
    hasLanguageModelHead: weights.head !== null,

    tokenize: (text) => tokenize(text).tokens,

    async run(text, options = {}) {
      if (disposed) throw new Error(`${name}: the model was closed; open it again.`);
      const { tokens, truncated, fullLength } = tokenize(text);
      if (tokens.length === 0) return emptyResult(config, tokens, options);
      const inputs = forwardInputs(tokens, config, options);
      const outputs = tf.tidy(() => {
        const out: ForwardTensors = forward(weights, config, inputs);
        return [out.attention, out.logits ?? tf.zeros([0]), out.projections, out.valueNorms];
      });
      try {
        const [attention, logits, projections, valueNorms] = await Promise.all(
          outputs.map((t) => t.data() as Promise<Float32Array>),
        );
        return {
          tokens,
          seqLen: tokens.length,
          attention: splitAttention(attention, config, tokens.length),
          logits,
          vocabSize: config.vocabSize,
          projections: splitProjections(
            projections,
            config,
            tokens.length,
            inputs.projectionsLayer,
          ),
          valueNorms: perLayerHead(valueNorms, config, tokens.length),
          truncated,
          fullLength,
        };
      } finally {
        tf.dispose(outputs);
      }
    },

    decode: (ids) => tokenizer.decode(ids),

    dispose() {
      if (disposed) return;
      disposed = true;
      disposeWeights(weights);
    },
  };
}

function forwardInputs(
  tokens: Token[],
  config: ModelConfig,
  options: ForwardOptions,
): ForwardInputs {
  const projectionsLayer = options.projectionsLayer ?? 0;
  if (
    !Number.isInteger(projectionsLayer) ||
    projectionsLayer < 0 ||
    projectionsLayer >= config.numLayers
  ) {
    throw new RangeError(
      `projectionsLayer ${projectionsLayer} is outside the layers 0-${config.numLayers - 1}.`,
    );
  }
  const ablate = Array.from({ length: config.numLayers }, () =>
    new Array<boolean>(config.numHeads).fill(false),
  );
  // Entries naming no head of this model (left over from another model) are ignored.
  for (const entry of options.ablate ?? []) {
    const [layer, head] = entry.split(':').map(Number);
    if (ablate[layer]?.[head] !== undefined) ablate[layer][head] = true;
  }
  return { ids: tokens.map((t) => t.id), projectionsLayer, ablate, logits: options.logits ?? true };
}

/** [numLayers, numHeads, seqLen, seqLen] as [layer][head] views into one buffer. */
function splitAttention(data: Float32Array, config: ModelConfig, seqLen: number) {
  return perLayerHead(data, config, seqLen * seqLen);
}

/** [3, numHeads, seqLen, headDim] as queries, keys and values, each [head] -> seqLen x headDim. */
function splitProjections(data: Float32Array, config: ModelConfig, seqLen: number, layer: number) {
  const size = seqLen * config.headDim;
  const part = (which: number) =>
    Array.from({ length: config.numHeads }, (_, h) => {
      const start = (which * config.numHeads + h) * size;
      return data.subarray(start, start + size);
    });
  return { layer, queries: part(0), keys: part(1), values: part(2) };
}

function emptyResult(config: ModelConfig, tokens: Token[], options: ForwardOptions): ForwardResult {
  const perHead = () => Array.from({ length: config.numHeads }, () => new Float32Array(0));
  return {
    tokens,
    seqLen: 0,
    attention: Array.from({ length: config.numLayers }, perHead),
    logits: new Float32Array(0),
    vocabSize: config.vocabSize,
    projections: {
      layer: options.projectionsLayer ?? 0,
      queries: perHead(),
      keys: perHead(),
      values: perHead(),
    },
    valueNorms: Array.from({ length: config.numLayers }, perHead),
    truncated: false,
    fullLength: 0,
  };
}

function disposeWeights(weights: ModelWeights<Tensor>) {
  // mapWeights visits each distinct tensor once, so tied tensors are disposed once.
  mapWeights(weights, (t) => t.dispose());
}
