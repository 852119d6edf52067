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

  it('marks the query row, the key column and the query token when a cell is hovered', async () => {
    const canvas = await page.locator('.head-canvas-large').boundingBox();
    if (!canvas) throw new Error('head canvas has no box');
    const seqLen = await page.locator('[data-testid="token-strip"] li').count();
    const cell = canvas.width / seqLen;
    // Query 3, key 1.
    await page.mouse.move(canvas.x + 1.5 * cell, canvas.y + 3.5 * cell);
    await expect(page.getByTestId('tooltip').textContent()).resolves.toMatch(/\(3\)[\s\S]*\(1\)/);
    const row = page.getByTestId('row-highlight');
    const column = page.getByTestId('column-highlight');
    expect(Number(await row.getAttribute('y'))).toBeCloseTo(3 * cell, 0);
    expect(Number(await column.getAttribute('x'))).toBeCloseTo(1 * cell, 0);
    const strip = page.locator('[data-testid="token-strip"] li');
    await expect(strip.nth(3).getAttribute('class')).resolves.toMatch(/highlighted/);

    // A query label left of the plot marks that token's row and column, with no tooltip.
    await page.mouse.move(canvas.x - 20, canvas.y + 2.5 * cell);
    await page.getByTestId('tooltip').waitFor({ state: 'detached' });
    expect(Number(await row.getAttribute('y'))).toBeCloseTo(2 * cell, 0);
    expect(Number(await column.getAttribute('x'))).toBeCloseTo(2 * cell, 0);
    await expect(strip.nth(2).getAttribute('class')).resolves.toMatch(/highlighted/);
  });

  it('moves between heads and layers with Shift and the arrow keys', async () => {
    const layer = page.getByLabel('Layer', { exact: true });
    const head = page.getByLabel('Head', { exact: true });
    const before = {
      layer: Number(await layer.inputValue()),
      head: Number(await head.inputValue()),
    };
    await page.getByTestId('head-plot').focus();
    await page.keyboard.press('Shift+ArrowRight');
    await expect(head.inputValue()).resolves.toBe(String(before.head + 1));
    await page.keyboard.press('Shift+ArrowDown');
    await expect(layer.inputValue()).resolves.toBe(String(before.layer + 1));
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Shift+ArrowUp');
    await expect(head.inputValue()).resolves.toBe(String(before.head));
    await expect(layer.inputValue()).resolves.toBe(String(before.layer));
  });

  it('shows the five likeliest next tokens with their probabilities', async () => {
    const predictions = page.getByTestId('predictions');
    await predictions.waitFor();
    const probabilities = await predictions
      .locator('.prediction-probability')
      .evaluateAll((cells) => cells.map((c) => parseFloat(c.textContent ?? '')));
    expect(probabilities).toHaveLength(5);
    expect(probabilities.every((p) => p > 0 && p <= 100)).toBe(true);
    expect([...probabilities].sort((a, b) => b - a)).toEqual(probabilities);
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

  it('steps through the mechanism and sharpens the softmax without the scaling', async () => {
    const step = page.getByRole('slider', { name: 'Step' });
    await step.fill('0');
    await expect(page.locator('.mechanism-steps li.shown').count()).resolves.toBe(1);
    await step.fill('5');
    await expect(page.locator('.mechanism-steps li.shown').count()).resolves.toBe(6);

    // The largest weight of the query's row: dropping the division by √d_k multiplies every
    // score by √d_k, so the softmax puts more on its favourite key.
    const top = () =>
      page
        .locator('.query-table tbody tr:not(.masked) td:last-child')
        .evaluateAll((cells) => Math.max(...cells.map((c) => Number(c.textContent))));
    const scaled = await top();
    await page.getByLabel(/divide by √d_k/).uncheck();
    await page.getByText('Without scaling the weights differ').waitFor();
    const unscaled = await top();
    expect(unscaled).toBeGreaterThan(scaled);
    await page.getByLabel(/divide by √d_k/).check();
    await page.getByTestId('mechanism-agreement').getByText('match').waitFor();
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
