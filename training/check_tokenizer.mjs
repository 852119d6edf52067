// Checks that the app's tokenizer (@huggingface/tokenizers reading the shipped tokenizer.json)
// gives exactly the ids of the training-side encoder, and that decoding gives the text back.
//
//   node training/check_tokenizer.mjs            # every model with a case file
//   node training/check_tokenizer.mjs brown-gpt
//
// The expected ids live in tests/golden/<model>-tokenizer.json, written by the training
// export, so this check needs no Python.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tokenizer } from '@huggingface/tokenizers';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const models = process.argv.slice(2).length ? process.argv.slice(2) : ['brown-gpt', 'brown-bert'];

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

let failures = 0;
let checked = 0;
for (const model of models) {
  const casesPath = join(root, 'tests', 'golden', `${model}-tokenizer.json`);
  if (!existsSync(casesPath)) {
    console.log(`check_tokenizer: ${model}: no ${casesPath}, skipped`);
    continue;
  }
  const dir = join(root, 'public', 'models', model);
  const tokenizer = new Tokenizer(
    readJson(join(dir, 'tokenizer.json')),
    readJson(join(dir, 'tokenizer_config.json')),
  );
  const { cases } = readJson(casesPath);
  let modelFailures = 0;
  for (const { text, ids } of cases) {
    const got = tokenizer.encode(text).ids;
    const decoded = tokenizer.decode(got, { skip_special_tokens: true });
    const sameIds = got.length === ids.length && got.every((id, i) => id === ids[i]);
    // Typed special tokens are kept as tokens, so they vanish when specials are skipped.
    const typedSpecial = /<\|endoftext\|>|\[(MASK|CLS|SEP|PAD|UNK)\]/.test(text);
    if (!sameIds || (!typedSpecial && decoded !== text)) {
      modelFailures += 1;
      if (modelFailures <= 5) {
        console.error(`check_tokenizer: ${model}: ${JSON.stringify(text)}`);
        if (!sameIds) console.error(`  ids  expected ${ids}\n       got      ${got}`);
        if (decoded !== text) console.error(`  decode gave ${JSON.stringify(decoded)}`);
      }
    }
  }
  console.log(`check_tokenizer: ${model}: ${cases.length - modelFailures}/${cases.length} agree`);
  failures += modelFailures;
  checked += cases.length;
}
if (failures > 0 || checked === 0) process.exit(1);
