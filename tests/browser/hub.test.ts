/**
 * Opening models from a Hub in real Chromium: a local fake Hub serves tiny checkpoints, slow,
 * broken and corrupt files, and records every request, so download, progress, cancel, caching
 * and each failure can be checked with no network.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyCheckpoint, writeCheckpoint } from '../fixtures/tinyCheckpoints';
import { launch, watchErrors } from './browser';
import { startFakeHub, type FakeHub } from './fakeHub';

// The tiny checkpoints have 2 layers of 4 heads.
const TINY_HEADS = 8;

function repositories() {
  const gpt2 = tinyCheckpoint('gpt2').files;
  const without = (file: string) => new Map([...gpt2].filter(([name]) => name !== file));
  const corrupt = new Map(gpt2);
  const checkpoint = gpt2.get('model.safetensors')!.slice();
  // Overwrites the start of the JSON header, so it no longer parses.
  checkpoint.fill(0x7d, 8, 24);
  corrupt.set('model.safetensors', checkpoint);
  return {
    'tiny/gpt2': gpt2,
    'slow/gpt2': gpt2,
    'slow/bert': tinyCheckpoint('bert').files,
    'cut/gpt2': gpt2,
    'missing/gpt2': without('tokenizer.json'),
    'corrupt/gpt2': corrupt,
    'tiny/bert': tinyCheckpoint('bert', { prefix: true, dtype: 'F16' }).files,
    'tiny/roberta': tinyCheckpoint('roberta', { prefix: true, shards: 2 }).files,
    'tiny/distilbert': tinyCheckpoint('distilbert').files,
  };
}

describe('opening models from a Hub', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let hub: FakeHub;

  const pageUrl = (query = '') => `${inject('baseUrl')}?hub=${hub.url}${query}`;

  /** Types a repository id into the opener and presses Open. */
  async function openFromHub(repo: string) {
    await page.getByLabel('Hub model id or URL').fill(repo);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
  }

  async function waitForOpenModel(name: string) {
    await page.waitForFunction(
      (expected) =>
        document.querySelector('[data-testid="open-model"]')?.textContent?.includes(expected),
      `Showing ${name} `,
      { timeout: 30_000 },
    );
  }

  /** The model on screen still runs: new text gives new tokens and every head is drawn. */
  async function expectStillWorks(word: string) {
    await page.getByLabel('Text', { exact: true }).fill(`the dog and the ${word}`);
    await page.waitForFunction(
      (w) => document.querySelector('[data-testid="token-strip"]')?.textContent?.includes(w),
      word.slice(0, 1),
    );
    await page.getByRole('button', { name: 'All heads' }).click();
    await expect(page.locator('[data-testid="model-grid"] canvas').count()).resolves.toBe(
      TINY_HEADS,
    );
  }

  async function alertText(repo: string): Promise<string> {
    const alert = page.getByRole('alert').filter({ hasText: `Could not open ${repo}:` });
    await alert.waitFor({ timeout: 30_000 });
    return (await alert.textContent()) ?? '';
  }

  beforeAll(async () => {
    hub = await startFakeHub(repositories(), {
      'slow/gpt2/model.safetensors': 'slow',
      'slow/bert/model.safetensors': 'slow',
      'cut/gpt2/model.safetensors': 'cut',
    });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    errors = watchErrors(page);
    await page.goto(pageUrl());
    await page.getByTestId('hub-endpoint').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('opens a tiny gpt2 typed into the Hub field, showing bytes, speed and time left', async () => {
    await openFromHub('slow/gpt2');
    await page.waitForFunction(
      () => {
        const text = document.querySelector('[data-testid="download-text"]')?.textContent ?? '';
        return /kB of .*kB · .*\/s · .* left · model\.safetensors/.test(text);
      },
      undefined,
      { timeout: 30_000 },
    );
    await waitForOpenModel('slow/gpt2');
    await expectStillWorks('cat');
  });

  it('cancels a download and keeps the model that was open', async () => {
    await openFromHub('slow/bert');
    await page.getByTestId('download-progress').getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('model-notice').textContent()).resolves.toBe(
      'Opening slow/bert was cancelled. slow/gpt2 stays open.',
    );
    await expect(page.getByTestId('download-progress').count()).resolves.toBe(0);
    await expectStillWorks('mat');
  });

  it('names the missing file when the Hub answers 404', async () => {
    await openFromHub('missing/gpt2');
    const text = await alertText('missing/gpt2');
    expect(text).toContain(`tokenizer.json: not found in ${hub.url}/missing/gpt2/resolve/main/`);
    expect(text).toContain('slow/gpt2 stays open');
    await expectStillWorks('sat');
  });

  it('names the file when its download breaks off', async () => {
    await openFromHub('cut/gpt2');
    expect(await alertText('cut/gpt2')).toContain('model.safetensors: the download broke off');
    await expectStillWorks('on');
  });

  it('names the file when the checkpoint is corrupt', async () => {
    await openFromHub('corrupt/gpt2');
    expect(await alertText('corrupt/gpt2')).toMatch(/model\.safetensors: corrupt header/);
    await expectStillWorks('cat');
  });

  it('opens a model again from the cache after a reload, with no request to the Hub', async () => {
    await openFromHub('tiny/gpt2');
    await waitForOpenModel('tiny/gpt2');
    const before = hub.requests.length;

    await page.goto(pageUrl('&model=hub:tiny/gpt2@main'));
    await waitForOpenModel('tiny/gpt2');
    await expectStillWorks('dog');
    expect(hub.requests.slice(before)).toEqual([]);
  });

  it('lists cached models with their sizes and deletes one', async () => {
    const list = page.getByTestId('cached-models');
    await list.locator('summary').click();
    const tiny = list.locator('li', { hasText: 'tiny/gpt2@main' });
    await expect(tiny.textContent()).resolves.toMatch(/tiny\/gpt2@main \d+(\.\d+)? kB/);
    // Failed downloads left nothing behind.
    await expect(list.locator('li', { hasText: 'corrupt/gpt2' }).count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Delete hub:tiny/gpt2@main' }).click();
    await tiny.waitFor({ state: 'detached' });
  });

  it.each([
    ['tiny/bert', 'the cat [MASK] on the mat'],
    ['tiny/roberta', 'The cat<mask> on the mat.'],
    ['tiny/distilbert', 'the dog [MASK] on it'],
  ])('opens %s and fills its mask with five predictions', async (repo, text) => {
    await openFromHub(repo);
    await waitForOpenModel(repo);
    await page.getByLabel('Text', { exact: true }).fill(text);
    const rows = page.locator('[data-testid="predictions"] tr');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="predictions"] tr').length === 5,
    );
    await expect(rows.count()).resolves.toBe(5);
  });

  it('warns before opening a model too large for the device, and opens it when asked', async () => {
    const context = await browser.newContext();
    // No device has a ten-thousandth of a gigabyte, so even a tiny model looks too large.
    await context.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => 0.0001 }),
    );
    const small = await context.newPage();
    const smallErrors = watchErrors(small);
    try {
      await small.goto(pageUrl());
      const warn = async () => {
        await small.getByLabel('Hub model id or URL').fill('tiny/distilbert');
        await small.getByRole('button', { name: 'Open', exact: true }).click();
        await small
          .getByTestId('memory-estimate')
          .getByRole('alert')
          .filter({ hasText: 'more than half of the 0.0001 GB this device reports' })
          .waitFor();
      };
      await warn();
      await small.getByRole('button', { name: 'Don’t open' }).click();
      await small
        .getByTestId('model-notice')
        .filter({ hasText: 'Opening tiny/distilbert was cancelled.' })
        .waitFor();

      await warn();
      await small.getByRole('button', { name: 'Open anyway' }).click();
      await small
        .getByTestId('open-model')
        .filter({ hasText: 'Showing tiny/distilbert ' })
        .waitFor({ timeout: 30_000 });
      expect(smallErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('opens a folder picked from this computer, and says a link cannot open it again', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'attention-lens-')), 'my-distilbert');
    writeCheckpoint(tinyCheckpoint('distilbert'), folder);
    await page.getByLabel('Model folder').setInputFiles(folder);
    await waitForOpenModel('my-distilbert');
    await expect(
      page.getByText('a link to this page cannot open them again').count(),
    ).resolves.toBe(1);
    await page.getByLabel('Text', { exact: true }).fill('the [MASK] sat');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="predictions"] tr').length === 5,
    );
  });

  it('opens model files dropped on the opener', async () => {
    const files = [...tinyCheckpoint('bert', { dtype: 'BF16' }).files].map(
      ([name, bytes]) => [name, [...bytes]] as const,
    );
    await page.getByTestId('model-opener').evaluate((opener, dropped) => {
      const data = new DataTransfer();
      for (const [name, bytes] of dropped) data.items.add(new File([new Uint8Array(bytes)], name));
      opener.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true }));
    }, files);
    await waitForOpenModel('local files');
    await expectStillWorks('mat');
  });

  it('logged no errors besides the failed downloads the tests asked for', () => {
    // Chromium logs each failed response (the 404 and the cut file) as a console error.
    expect(errors.filter((e) => !e.startsWith('console: Failed to load resource'))).toEqual([]);
  });
});
