/**
 * Reads a model folder on the page's side of the worker: the source's own reader does the
 * fetching (so caching and progress stay where they were), config and tokenizer are parsed here
 * for the page's tokenizer, and every file is kept as a Blob that the worker can be sent again
 * if it has to be restarted.
 */
import { parseConfig } from '../model/config';
import { shardFiles } from '../model/safetensors';
import { openSource } from '../model/sources';
import { createTokenizer } from '../model/tokenizer';
import type { FolderReader } from '../model/sources';
import type { ModelTokenizer } from '../model/tokenizer';
import type { LoadOptions, ModelConfig, ModelSource } from '../model/types';

export interface ModelFolder {
  name: string;
  config: ModelConfig;
  tokenizer: ModelTokenizer;
  files: [string, Blob][];
}

const CHECKPOINT = 'model.safetensors';
const SHARD_INDEX = 'model.safetensors.index.json';

export async function readFolder(source: ModelSource, options: LoadOptions): Promise<ModelFolder> {
  const reader = openSource(source, options);
  const files: [string, Blob][] = [];
  const read = async (file: string, optional = false) => {
    const bytes = await reader.read(file);
    if (!bytes) {
      if (optional) return null;
      throw new Error(`${file}: not found in ${reader.where}.`);
    }
    files.push([file, new Blob([bytes])]);
    return bytes;
  };
  // Weights go straight to a Blob: copying hundreds of megabytes here would freeze the page.
  const keep = async (file: string, optional = false) => {
    const blob = await reader.readBlob(file);
    if (!blob) {
      if (optional) return null;
      throw new Error(`${file}: not found in ${reader.where}.`);
    }
    files.push([file, blob]);
    return blob;
  };

  const configBytes = (await read('config.json')) as ArrayBuffer;
  const config = parseConfig(parseJson(configBytes, 'config.json'), 'config.json');
  const tokenizerBytes = (await read('tokenizer.json')) as ArrayBuffer;
  const tokenizerConfigBytes = await read('tokenizer_config.json', true);
  const tokenizer = createTokenizer(
    parseJson(tokenizerBytes, 'tokenizer.json'),
    tokenizerConfigBytes && parseJson(tokenizerConfigBytes, 'tokenizer_config.json'),
  );

  if (!(await keep(CHECKPOINT, true))) await readShards(reader, read, keep);
  const name = source.name ?? (reader.where.replace(/\/+$/, '').split('/').pop() || reader.where);
  return { name, config, tokenizer, files };
}

async function readShards(
  reader: FolderReader,
  read: (file: string, optional?: boolean) => Promise<ArrayBuffer | null>,
  keep: (file: string) => Promise<Blob | null>,
) {
  const index = await read(SHARD_INDEX, true);
  if (!index) {
    throw new Error(
      `${CHECKPOINT}: not found in ${reader.where} (nor a sharded ${SHARD_INDEX}). Only ` +
        'safetensors checkpoints can be opened; convert .bin files with the transformers library.',
    );
  }
  for (const shard of shardFiles(new TextDecoder().decode(index), SHARD_INDEX)) {
    await keep(shard);
  }
}

function parseJson(bytes: ArrayBuffer, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message}).`, { cause: error });
  }
}
