import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, watchErrors } from './browser';
import { GRID, injectFault, openApp, setText, waitForResult } from './appPage';

/** The page's own line saying which backend the model runs on. */
async function backendStatus(page: Page): Promise<string> {
  return (await page.getByTestId('backend-status').textContent()) ?? '';
}

describe('faults the page recovers from', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    watchErrors(page);
    await openApp(page, inject('baseUrl'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('restarts a crashed worker by itself, keeping the text', async () => {
    await setText(page, 'Before the crash.');
    await waitForResult(page, 'Before the crash.');

    await injectFault(page, 'crash');
    await page.getByTestId('worker-notice').waitFor();
    expect(await page.getByTestId('worker-notice').textContent()).toMatch(/restarted/);
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe('Before the crash.');

    await setText(page, 'After the crash.');
    await waitForResult(page, 'After the crash.');
    expect(await page.$$(`${GRID} canvas`)).not.toHaveLength(0);
  });

  it('says so when memory runs out, and keeps working', async () => {
    await injectFault(page, 'out-of-memory');
    await setText(page, 'This text meets no memory.');
    const alert = page.getByRole('alert').filter({ hasText: /out of memory/i });
    await alert.waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe(
      'This text meets no memory.',
    );

    await setText(page, 'Memory is back.');
    await waitForResult(page, 'Memory is back.');
    expect(
      await page
        .getByRole('alert')
        .filter({ hasText: /out of memory/i })
        .count(),
    ).toBe(0);
  });

  it('recovers from a lost WebGL context by itself', async () => {
    await page.getByLabel('Backend').selectOption('webgl');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="backend-status"]')?.textContent?.includes('webgl'),
      undefined,
      { timeout: 90_000 },
    );
    await setText(page, 'On the GPU.');
    await waitForResult(page, 'On the GPU.');

    await injectFault(page, 'lose-context');
    await page
      .getByTestId('worker-notice')
      .filter({ hasText: /context was lost/ })
      .waitFor();
    await setText(page, 'Context restored.');
    await waitForResult(page, 'Context restored.', 90_000);
    expect(await backendStatus(page)).toContain('webgl');
  });
});

describe('a browser without WebGL', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    // WebGL off everywhere: DOM canvases, OffscreenCanvas in workers, and the software renderer.
    browser = await launch([
      '--disable-webgl',
      '--disable-webgl2',
      '--disable-3d-apis',
      '--disable-gpu',
      '--disable-software-rasterizer',
    ]);
    page = await browser.newPage();
    errors = watchErrors(page);
    await openApp(page, inject('baseUrl'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('runs on WASM or CPU and says WebGL is missing', async () => {
    expect(await page.getByTestId('no-webgl-notice').textContent()).toMatch(/WebGL is not/);
    expect(await backendStatus(page)).toMatch(/running on (wasm|cpu)/);
  });

  it('falls back with a notice when WebGL is asked for', async () => {
    await page.getByLabel('Backend').selectOption('webgl');
    await page
      .locator('.notice')
      .filter({ hasText: /webgl backend could not start/i })
      .first()
      .waitFor({ timeout: 60_000 });
    await setText(page, 'Still drawn without a GPU.');
    await waitForResult(page, 'Still drawn without a GPU.');
    expect(await backendStatus(page)).toMatch(/running on (wasm|cpu)/);
  });

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
