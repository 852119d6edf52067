/**
 * Reads a model folder's bytes into host arrays (config, tokenizer, weights) with the loader's
 * own parsers, for the plain reference forward pass.
 */
import { parseConfig } from '../../src/model/config';
import { parseSafetensors } from '../../src/model/safetensors';
import { createTokenizer } from '../../src/model/tokenizer';
import { collectWeights } from '../../src/model/weights';
import type { ModelTokenizer } from '../../src/model/tokenizer';
import type { ModelWeights } from '../../src/model/weights';
import type { ModelConfig } from '../../src/model/types';

export interface HostModel {
  config: ModelConfig;
  tokenizer: ModelTokenizer;
  weights: ModelWeights;
}

/** `files` holds config.json, tokenizer.json and a single model.safetensors. */
export function hostModel(files: Map<string, ArrayBuffer>): HostModel {
  const json = (file: string) => {
    const bytes = files.get(file);
    if (!bytes) throw new Error(`${file}: missing from the model folder.`);
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  };
  const config = parseConfig(json('config.json'));
  const tokenizerConfig = files.has('tokenizer_config.json') ? json('tokenizer_config.json') : null;
  const tokenizer = createTokenizer(json('tokenizer.json'), tokenizerConfig);
  const checkpoint = files.get('model.safetensors');
  if (!checkpoint) throw new Error('model.safetensors: missing from the model folder.');
  const tensors = parseSafetensors(checkpoint, 'model.safetensors');
  return { config, tokenizer, weights: collectWeights(tensors, config, 'model.safetensors') };
}
