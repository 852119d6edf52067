/**
 * Command line over the same model code as the app: opens a model folder, runs one text, and
 * prints one JSON object with the tokens and every head's attention, indexed
 * [layer][head][query][key]. Errors go to stderr with a non-zero exit.
 */

import { openAsBlob, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '../src/model/load';
import { headStats, rollout, toRows } from '../src/analysis';
import type { ForwardResult } from '../src/model/types';

const HELP = `Usage: npm run --silent attention -- --model <folder> --text "<text>"

Prints one JSON object: {model, tokens: [{id, text}], attention: [layer][head][query][key],
truncated, fullLength}, and the sections the flags below ask for.

  --model <folder>  a Hugging Face model folder: config.json, tokenizer.json and
                    model.safetensors (or model.safetensors.index.json with its shards)
  --text <text>     the text to run; it is cut to the model's context when longer
  --stats           adds heads: [{layer, head, entropy, distance, previousToken,
                    firstToken, self}], each a mean over queries
  --rollout         adds rollout: [query][key], attention rolled out through every layer
                    (each layer's head mean as 0.5·A + 0.5·I, multiplied from the first up)
  --help            this message
`;

interface Options {
  model: string;
  text: string;
  stats: boolean;
  rollout: boolean;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      text: { type: 'string' },
      stats: { type: 'boolean' },
      rollout: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return null;
  if (!values.model) throw new Error('--model <folder> is required (see --help).');
  if (values.text === undefined) throw new Error('--text "<text>" is required (see --help).');
  return {
    model: values.model,
    text: values.text,
    stats: values.stats ?? false,
    rollout: values.rollout ?? false,
  };
}

/** The folder's files as lazy Blobs, so only the files the loader asks for are read. */
async function folderFiles(folder: string): Promise<Map<string, Blob>> {
  const path = resolve(folder);
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`${folder}: no such folder.`);
  }
  const files = new Map<string, Blob>();
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isFile()) files.set(entry.name, await openAsBlob(join(path, entry.name)));
  }
  return files;
}

/** The printed object, with the statistics and rollout sections when the options ask. */
function report(model: string, result: ForwardResult, options: Options) {
  const { seqLen } = result;
  return {
    model,
    tokens: result.tokens.map(({ id, text }) => ({ id, text })),
    attention: result.attention.map((heads) =>
      heads.map((matrix) =>
        Array.from({ length: seqLen }, (_, q) =>
          Array.from(matrix.subarray(q * seqLen, (q + 1) * seqLen)),
        ),
      ),
    ),
    truncated: result.truncated,
    fullLength: result.fullLength,
    ...(options.stats && { heads: headStats(result.attention, seqLen) }),
    ...(options.rollout && { rollout: toRows(rollout(result.attention, seqLen), seqLen) }),
  };
}

async function main(): Promise<number> {
  // Production mode silences tfjs's advice to install its native Node backend on stderr.
  tf.enableProdMode();
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    process.stdout.write(HELP);
    return 0;
  }
  const name = basename(resolve(options.model));
  const model = await loadModel({ kind: 'files', files: await folderFiles(options.model), name });
  try {
    const result = await model.run(options.text);
    process.stdout.write(`${JSON.stringify(report(name, result, options))}\n`);
  } finally {
    model.dispose();
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`attention: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
