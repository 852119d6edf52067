/** Turns a flat result from the worker back into the per-head views ForwardResult promises. */
import type { ForwardResult, ModelConfig } from '../model/types';
import { perLayerHead } from '../model/perLayerHead';
import type { FlatResult } from './protocol';

export function unflatten(flat: FlatResult, config: ModelConfig): ForwardResult {
  const { seqLen } = flat;
  const { numHeads, headDim } = config;
  const square = seqLen * seqLen;
  // [numLayers, numHeads, seqLen, seqLen] -> [layer][head] views, no copies.
  const attention = perLayerHead(flat.attention, config, square);
  // [3, numHeads, seqLen, headDim] -> queries, keys, values, each [head] -> seqLen x headDim.
  const size = seqLen * headDim;
  const part = (which: number) =>
    Array.from({ length: numHeads }, (_, h) => {
      const start = (which * numHeads + h) * size;
      return flat.projections.subarray(start, start + size);
    });
  return {
    tokens: flat.tokens,
    seqLen,
    attention,
    logits: flat.logits,
    vocabSize: config.vocabSize,
    projections: { layer: flat.layer, queries: part(0), keys: part(1), values: part(2) },
    valueNorms: perLayerHead(flat.valueNorms, config, seqLen),
    truncated: flat.truncated,
    fullLength: flat.fullLength,
  };
}
