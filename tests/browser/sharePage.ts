/** Opening the app at a link and waiting for its view, for the sharing and access tests. */
import { inject } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

/** The tiny random model the page ships, quick to open. */
export const MODEL = 'tiny-gpt2';
export const VIEWS = ['grid', 'head', 'lines', 'mechanism', 'aggregate', 'compare', 'ablate'];

/** The query string of a link to the tiny model with `settings`. */
export function query(settings: Record<string, string>): string {
  return '?' + new URLSearchParams({ model: MODEL, ...settings }).toString();
}

/** Opens the page at `search` and waits until the attention of its text is drawn. */
export async function open(page: Page, search: string): Promise<void> {
  await page.goto(inject('baseUrl') + search);
  // The views are marked stale while they still show an earlier text.
  await page.waitForSelector('main.views:not(.stale)', { timeout: 90_000 });
}

/** Clicks an export button and returns the file's name and bytes. */
export async function exported(page: Page, format: string) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('group', { name: 'Export' }).getByRole('button', { name: format }).click(),
  ]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}
