import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTokenizer } from '../../src/model/tokenizer';

/**
 * The built-in models' tokenizers, opened the way the app opens them, must give exactly the ids
 * the training side gave (validation sentences, Unicode, emoji, typed special tokens), and
 * give back the text they were given.
 */
interface TokenizerCases {
  model: string;
  cases: { text: string; ids: number[] }[];
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

for (const name of ['brown-gpt', 'brown-bert']) {
  const folder = `public/models/${name}`;
  const golden = `tests/golden/${name}-tokenizer.json`;
  const present = existsSync(`${folder}/tokenizer.json`) && existsSync(golden);

  describe.skipIf(!present)(`${name} tokenizer`, () => {
    const load = () =>
      createTokenizer(
        readJson(`${folder}/tokenizer.json`),
        readJson(`${folder}/tokenizer_config.json`),
      );
    const { cases } = present ? (readJson(golden) as TokenizerCases) : { cases: [] };

    it('gives the ids the training side gave, for every case', () => {
      const tokenizer = load();
      const mismatches = cases.filter(
        (c) =>
          JSON.stringify(tokenizer.tokenize(c.text).map((t) => t.id)) !== JSON.stringify(c.ids),
      );
      expect(cases.length).toBeGreaterThan(200);
      expect(mismatches.map((c) => c.text)).toEqual([]);
    });

    it('gives back the text it was given', () => {
      const tokenizer = load();
      const lossless = cases.filter(
        (c) => !/\[MASK\]|\[CLS\]|\[SEP\]|<\|endoftext\|>/.test(c.text),
      );
      for (const { text } of lossless) {
        const ids = tokenizer.tokenize(text).map((t) => t.id);
        expect(tokenizer.decode(ids, true)).toBe(text);
      }
    });
  });
}
