import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, watchErrors } from './browser';
import { GRID, openApp, setText, waitForResult } from './appPage';
import { tinyCheckpoint } from '../fixtures/tinyCheckpoints';

/** Texts that have broken text tools before, and what each one tries. */
const CASES: { name: string; text: string }[] = [
  { name: 'emoji joined by zero-width joiners', text: 'Family 👩‍👩‍👧‍👦, flag 🏳️‍🌈, thumb 👍🏽.' },
  { name: 'right-to-left and mixed scripts', text: 'שלום world مرحبا ١٢٣ Привет 你好 नमस्ते' },
  {
    name: 'combining marks',
    text: 'e\u0301 a\u0308 Z\u0351\u0364\u0300\u0300 n\u0303 \u1100\u1161',
  },
  { name: 'control characters and NUL', text: 'a\u0000b\u0007c\u001b[31md\u007f\u200b\ufeffe\tf' },
  {
    name: 'HTML and script tags',
    text: '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><b>bold</b>',
  },
];

// Elements that would exist only if text had been read as markup.
const INJECTED = 'main script, main img, main b, [data-testid="token-strip"] *:is(script,img,b)';

async function pwned(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as { __pwned?: unknown }).__pwned);
}

describe('strange text', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    errors = watchErrors(page);
    await openApp(page, inject('baseUrl'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the empty state for empty text', async () => {
    await setText(page, '');
    await page.getByTestId('empty-state').waitFor();
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe('');
  });

  for (const { name, text } of CASES) {
    it(`keeps and draws ${name}`, async () => {
      await setText(page, text);
      await waitForResult(page, text);
      expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe(text);
      expect(await page.$$(`${GRID} canvas`)).not.toHaveLength(0);
      expect(await page.$$(INJECTED)).toEqual([]);
      expect(await pwned(page)).toBeUndefined();
    });
  }

  it('cuts 100,000 characters to the context with a notice and keeps the text', async () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(2300).slice(0, 100_000);
    await setText(page, text);
    await waitForResult(page, text);
    const notice = page.getByTestId('truncation-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/reads at most \d+/);
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).toHaveLength(100_000);

    // The page still answers typing at this length.
    await page.getByLabel('Text', { exact: true }).press('End');
    await page.keyboard.type('!');
    await waitForResult(page, `${text}!`);
  });

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});

describe('a tokenizer whose vocabulary holds HTML', () => {
  const MARKUP = '<img src=x onerror="window.__pwned=3"><script>window.__pwned=4</script>';
  let browser: Browser;
  let page: Page;
  let errors: string[];

  /** A tiny GPT-2 whose start token is a piece of markup, served as a built-in model. */
  function markupFiles(): Map<string, Uint8Array> {
    const { files } = tinyCheckpoint('gpt2');
    const tokenizer = new TextDecoder().decode(files.get('tokenizer.json'));
    const swapped = tokenizer
      .split(JSON.stringify('<|endoftext|>').slice(1, -1))
      .join(JSON.stringify(MARKUP).slice(1, -1));
    return new Map([...files, ['tokenizer.json', new TextEncoder().encode(swapped)]]);
  }

  beforeAll(async () => {
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    errors = watchErrors(page);
    const files = markupFiles();
    await page.route('**/models/markup-vocab/*', (route) => {
      const file = new URL(route.request().url()).pathname.split('/').pop() ?? '';
      const body = files.get(file);
      return body
        ? route.fulfill({ status: 200, body: Buffer.from(body), contentType: 'application/json' })
        : route.fulfill({ status: 404, body: '' });
    });
    await openApp(page, inject('baseUrl'), '?model=markup-vocab&text=Hello');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the markup token as text, never as HTML', async () => {
    await setText(page, `a ${MARKUP} b`);
    await waitForResult(page, `a ${MARKUP} b`);
    const strip = (await page.getByTestId('token-strip').textContent()) ?? '';
    expect(strip).toContain('<script>');
    // The vocabulary entry itself, the start token, is one piece holding all of the markup.
    const first =
      (await page.locator('[data-testid="token-strip"] li').first().textContent()) ?? '';
    expect(first).toMatch(/^<img.*onerror=.*<script>window\.__pwned=4<\/script>$/);
    expect(await page.$$(INJECTED)).toEqual([]);
    expect(await pwned(page)).toBeUndefined();
  });

  it('logged no errors', () => {
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
  });
});
