/**
 * Parity with the training code: the built-in models, loaded from their shipped files exactly
 * as the app loads them, must reproduce the attention and logits that PyTorch recorded in
 * tests/golden/. Skipped until the trained models and their golden files are in the repository.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load';

// Float32 in the browser against float32 PyTorch, through differently ordered sums.
const ATTENTION_TOLERANCE = 1e-4;
const LOGITS_TOLERANCE = 1e-3;

interface GoldenCase {
  text: string;
  ids: number[];
  /** [layer][head][query][key] */
  attention: number[][][][];
  /** [position][vocab] */
  logits: number[][];
}

function readFolder(folder: string): Map<string, ArrayBuffer> {
  const files = new Map<string, ArrayBuffer>();
  for (const name of readdirSync(folder)) {
    const bytes = readFileSync(join(folder, name));
    files.set(name, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }
  return files;
}

for (const name of ['brown-gpt', 'brown-bert']) {
  const folder = join('public', 'models', name);
  const goldenFile = join('tests', 'golden', `${name}.json`);
  const present = existsSync(join(folder, 'config.json')) && existsSync(goldenFile);

  describe.skipIf(!present)(`${name} agrees with its golden outputs`, () => {
    const tolerances = `attention within ${ATTENTION_TOLERANCE}, logits within ${LOGITS_TOLERANCE}`;
    it(`matches ${tolerances}`, async () => {
      const golden = JSON.parse(readFileSync(goldenFile, 'utf8')) as { cases: GoldenCase[] };
      const model = await loadModel({ kind: 'files', files: readFolder(folder), name });
      try {
        for (const goldenCase of golden.cases) {
          const result = await model.run(goldenCase.text);
          expect(
            result.tokens.map((t) => t.id),
            goldenCase.text,
          ).toEqual(goldenCase.ids);

          let attention = 0;
          let logits = 0;
          const n = result.seqLen;
          goldenCase.attention.forEach((heads, l) =>
            heads.forEach((rows, h) =>
              rows.forEach((row, q) =>
                row.forEach((value, k) => {
                  attention = Math.max(
                    attention,
                    Math.abs(result.attention[l][h][q * n + k] - value),
                  );
                }),
              ),
            ),
          );
          goldenCase.logits.forEach((row, q) =>
            row.forEach((value, v) => {
              logits = Math.max(logits, Math.abs(result.logits[q * result.vocabSize + v] - value));
            }),
          );
          expect(attention, goldenCase.text).toBeLessThan(ATTENTION_TOLERANCE);
          expect(logits, goldenCase.text).toBeLessThan(LOGITS_TOLERANCE);
        }
      } finally {
        model.dispose();
      }
    });
  });
}
