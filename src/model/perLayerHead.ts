/** Cuts one buffer laid out [numLayers, numHeads, size] into [layer][head] views, no copies. */
import type { ModelConfig } from './types';

export function perLayerHead(
  data: Float32Array,
  config: Pick<ModelConfig, 'numLayers' | 'numHeads'>,
  size: number,
): Float32Array[][] {
  return Array.from({ length: config.numLayers }, (_, l) =>
    Array.from({ length: config.numHeads }, (_, h) => {
      const start = (l * config.numHeads + h) * size;
      return data.subarray(start, start + size);
    }),
  );
}
