/**
 * Opens a model folder in the Hugging Face layout and returns it ready to run. The one entry
 * point for the app, the command line and the tests.
 */

import { parseConfig } from './config';
import { createModel } from './model';
import { parseSafetensors, shardFiles } from './safetensors';
import { openSource } from './sources';
import { createTokenizer } from './tokenizer';
import { collectWeights } from './weights';
import type { StoredTensor } from './safetensors';
import type { FolderReader } from './sources';
import type { AttentionModel, LoadOptions, ModelSource } from './types';

const CHECKPOINT = 'model.safetensors';
const SHARD_INDEX = 'model.safetensors.index.json';

// Short enough to be cheap, long enough to touch every kernel a real text will use.
const WARM_UP_TEXT = 'Attention, please.';

/**
 * Loads config, tokenizer and weights, checks them against each other, and runs one throwaway
 * forward pass so that backend start-up (shader compilation on WebGL) is paid here, not on the
 * first keystroke. Every error names the file and what is wrong with it.
 */
export async function loadModel(
  source: ModelSource,
  options: LoadOptions = {},
): Promise<AttentionModel> {
  const reader = cancellable(openSource(source, options), options.signal);
  const name = source.name ?? folderName(reader.where);

  const config = parseConfig(await readJson(reader, 'config.json'), 'config.json');
  const tokenizerConfig = await readJson(reader, 'tokenizer_config.json', { optional: true });
  const tokenizer = createTokenizer(await readJson(reader, 'tokenizer.json'), tokenizerConfig);
  if (tokenizer.idLimit > config.vocabSize) {
    throw new Error(
      `tokenizer.json: produces ids up to ${tokenizer.idLimit - 1} but config.json sets ` +
        `vocab_size ${config.vocabSize}; the two files belong to different models.`,
    );
  }

  const { tensors, checkpoint } = await readCheckpoint(reader);
  const weights = collectWeights(tensors, config, checkpoint);
  const model = createModel(name, config, tokenizer, weights);
  try {
    await model.run(WARM_UP_TEXT);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

async function readCheckpoint(reader: FolderReader) {
  const single = await reader.read(CHECKPOINT);
  if (single) return { tensors: parseSafetensors(single, CHECKPOINT), checkpoint: CHECKPOINT };

  const index = await reader.read(SHARD_INDEX);
  if (!index) {
    throw new Error(
      `${CHECKPOINT}: not found in ${reader.where} (nor a sharded ${SHARD_INDEX}). Only ` +
        'safetensors checkpoints can be opened; convert .bin files with the transformers library.',
    );
  }
  const tensors = new Map<string, StoredTensor>();
  for (const shard of shardFiles(new TextDecoder().decode(index), SHARD_INDEX)) {
    const buffer = await reader.read(shard);
    if (!buffer) {
      throw new Error(`${shard}: listed in ${SHARD_INDEX} but not found in ${reader.where}.`);
    }
    for (const [key, tensor] of parseSafetensors(buffer, shard)) tensors.set(key, tensor);
  }
  return { tensors, checkpoint: SHARD_INDEX };
}

async function readJson(reader: FolderReader, file: string, { optional = false } = {}) {
  const buffer = await reader.read(file);
  if (!buffer) {
    if (optional) return null;
    throw new Error(`${file}: not found in ${reader.where}.`);
  }
  try {
    return JSON.parse(new TextDecoder().decode(buffer)) as unknown;
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message}).`, { cause: error });
  }
}

/** Stops between files once the signal fires, for sources whose reads cannot be aborted. */
function cancellable(reader: FolderReader, signal: AbortSignal | undefined): FolderReader {
  if (!signal) return reader;
  return {
    where: reader.where,
    async read(file) {
      signal.throwIfAborted();
      const buffer = await reader.read(file);
      signal.throwIfAborted();
      return buffer;
    },
    async readBlob(file) {
      signal.throwIfAborted();
      const blob = await reader.readBlob(file);
      signal.throwIfAborted();
      return blob;
    },
  };
}

function folderName(where: string): string {
  return where.replace(/\/+$/, '').split('/').pop() || where;
}
