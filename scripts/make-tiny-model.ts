/**
 * Writes a tiny random GPT-2 checkpoint folder, the placeholder the app opens until trained
 * built-in models exist: `tsx scripts/make-tiny-model.ts public/models/tiny-gpt2`.
 * The weights are random, so its attention shows structure but no meaning.
 */

import { resolve } from 'node:path';
import { tinyCheckpoint, writeCheckpoint } from '../tests/fixtures/tinyCheckpoints';

const folder = process.argv[2];
if (!folder || folder.startsWith('-')) {
  process.stderr.write('Usage: tsx scripts/make-tiny-model.ts <folder>\n');
  process.exit(1);
}

// Three layers of four heads fill a readable grid; float16 keeps the folder near 100 KB.
const checkpoint = tinyCheckpoint('gpt2', {
  layers: 3,
  heads: 4,
  hidden: 32,
  maxPositions: 128,
  dtype: 'F16',
  seed: 2024,
});
writeCheckpoint(checkpoint, resolve(folder));
process.stdout.write(`Wrote a tiny GPT-2 checkpoint to ${resolve(folder)}\n`);
