/** Opening the built app on a model and a text of a given length, for the timing benchmarks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createTokenizer } from '../../src/model/tokenizer';
import { textOfLength } from './harness/textOfLength';
import { SITE } from './context';
import type { BenchContext } from './context';

/** Text of `tokens` tokens for the model, counted by its own tokenizer. */
export function textFor(model: string, tokens: number): string {
  const read = (file: string) =>
    JSON.parse(readFileSync(join(SITE, 'models', model, file), 'utf8'));
  const tokenizer = createTokenizer(read('tokenizer.json'), read('tokenizer_config.json'));
  return textOfLength(tokenizer, tokens);
}

/** The app on `model` with `text` in the box, once the grid shows that text. */
export async function openApp(context: BenchContext, model: string, text: string): Promise<Page> {
  const page = await context.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const query = new URLSearchParams({ model, text });
  await page.goto(`${context.baseUrl}?${query}`);
  await waitForShown(page, text, 120_000);
  return page;
}

export async function waitForShown(page: Page, text: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (expected) =>
      document.querySelector('main')?.getAttribute('data-result-text') === expected &&
      document.querySelector('[data-testid="model-grid"] canvas') !== null,
    text,
    { timeout },
  );
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
