import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launch, watchErrors } from './browser';
import { paintedCanvases } from './appPage';

const OUTPUT = 'tests/output';

describe('the visualizer in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    errors = watchErrors(page);
    await page.goto(inject('baseUrl'));
    await page.waitForSelector('[data-testid="model-grid"]', { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('tokenizes typed text live and shows every token', async () => {
    const text = page.getByLabel('Text', { exact: true });
    await text.fill('');
    await expect(page.getByTestId('empty-state').isVisible()).resolves.toBe(true);

    await text.pressSequentially('The dog ran home.', { delay: 10 });
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('[data-testid="token-strip"] li'))
        .map((li) => li.textContent)
        .join('')
        .includes('home'),
    );
    const tokens = await page.$$eval('[data-testid="token-strip"] li', (items) =>
      items.map((li) => ({ text: li.textContent ?? '', id: li.getAttribute('data-id') })),
    );
    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens.every((t) => t.id !== null && /^\d+$/.test(t.id))).toBe(true);
    // Whitespace is shown, so the spaces of the sentence appear as visible dots.
    expect(tokens.map((t) => t.text).join('')).toContain('·dog');
  });

  it('draws one painted canvas per layer and head', async () => {
    const layers = Number(await page.getByLabel('Layer').locator('option').count());
    const heads = Number(await page.getByLabel('Head', { exact: true }).locator('option').count());
    const cells = await page.$$('[data-testid="model-grid"] canvas');
    expect(cells.length).toBe(layers * heads);
    const painted = await paintedCanvases(page, '[data-testid="model-grid"] canvas');
    expect(painted.filter(Boolean).length).toBe(layers * heads);
    await page.screenshot({ path: `${OUTPUT}/model-grid.png`, fullPage: true });
  });

  it('opens a head on click and shows a weight in the tooltip', async () => {
    await page.locator('[data-testid="model-grid"] button').nth(1).click();
    const plot = page.getByTestId('head-plot');
    await plot.waitFor();
    const box = await plot.boundingBox();
    if (!box) throw new Error('head plot has no box');
    // Hover inside the plot area, past the label margins, near the first cells.
    await page.mouse.move(box.x + 96 + 3, box.y + 96 + 3);
    const tooltip = page.getByTestId('tooltip');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toMatch(/weight\s*\d\.\d{4}/);
    await page.screenshot({ path: `${OUTPUT}/head-view.png`, fullPage: true });
  });

  it('walks through the mechanism and matches the model', async () => {
    await page.getByRole('button', { name: 'Mechanism' }).click();
    const agreement = page.getByTestId('mechanism-agreement');
    await agreement.waitFor();
    const match = /within (\S+)\./.exec((await agreement.textContent()) ?? '');
    expect(match).not.toBeNull();
    expect(Number(match?.[1])).toBeLessThan(1e-4);
    await page.screenshot({ path: `${OUTPUT}/mechanism.png`, fullPage: true });
  });

  it('renders markup typed as text, never as HTML', async () => {
    await page.getByRole('button', { name: 'All heads' }).click();
    const text = page.getByLabel('Text', { exact: true });
    await text.fill('<img src=x onerror="window.__pwned=1"><b>bold</b>');
    await page.waitForFunction(() =>
      (document.querySelector('[data-testid="token-strip"]')?.textContent ?? '').includes('bold'),
    );
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.$$('[data-testid="token-strip"] img, [data-testid="token-strip"] b')).toEqual(
      [],
    );
  });

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
