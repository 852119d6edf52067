import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { launch, watchErrors } from './browser';
import { VIEWS, exported, open, query } from './sharePage';

describe('reading the views by keyboard, in both themes, in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launch();
    // AxeBuilder reads the page through its context, which browser.newPage() does not expose.
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('moves between heads of the grid with the arrow keys', async () => {
    await open(page, query({ text: 'Arrow keys move.', view: 'grid' }));
    const grid = page.locator('[data-testid="model-grid"]');
    await grid.getByRole('button', { name: 'Open layer 0 head 0' }).focus();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('Open layer 0 head 1');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('Open layer 1 head 1');
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toBe('Open layer 1 head 0');
    // One tab stop for the whole grid: the cell with the focus.
    const stops = await grid.locator('button.grid-cell[tabindex="0"]').count();
    expect(stops).toBe(1);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.head-canvas-large');
  });

  it('announces the focused query row with its three heaviest keys', async () => {
    await page.getByTestId('head-plot').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const live = page.getByTestId('row-announcement');
    expect(await live.getAttribute('aria-live')).toBe('polite');
    const said = (await live.textContent()) ?? '';
    expect(said).toMatch(/^Query 2 /);
    expect(said.match(/\d\.\d\d/g)).toHaveLength(3);
  });

  it('reads the cells of the aggregate matrices with the arrow keys', async () => {
    await open(page, query({ text: 'Keys read cells.', view: 'aggregate' }));
    const matrix = page.getByRole('application').first();
    await matrix.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    const readout = page.locator('.matrix-readout').first();
    expect(await readout.textContent()).toMatch(/\(1\) → .*\(1\): \d\.\d{4}$/);
    const said = await page.getByTestId('row-announcement').first().textContent();
    expect(said).toMatch(/^Query 1 /);
  });

  it('follows the system theme and switches to the chosen one', async () => {
    await open(page, query({ text: 'Light or dark.', view: 'head' }));
    const rootBackground = () =>
      page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await rootBackground();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await rootBackground();
    expect(dark).not.toBe(light);

    await page.getByLabel('Theme').selectOption('light');
    expect(await rootBackground()).toBe(light);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByLabel('Theme').selectOption('dark');
    expect(await rootBackground()).toBe(dark);
    const svg = (await exported(page, 'SVG')).bytes.toString('utf8');
    expect(svg).toContain(`fill="${dark}"`);

    // The choice is kept on this device, though links leave it out.
    await page.waitForTimeout(500);
    await page.reload();
    await page.waitForSelector('main.views');
    expect(await page.getByLabel('Theme').inputValue()).toBe('dark');
    expect(await rootBackground()).toBe(dark);
    await page.getByLabel('Theme').selectOption('system');
    expect(await rootBackground()).toBe(light);
  });

  it.each([
    ['grid', '[data-testid="model-grid"] canvas'],
    ['head', '.head-canvas-large'],
  ])(
    'colours the %s view by each normalisation and scale, with a legend to match',
    async (view, canvas) => {
      await open(page, query({ text: 'The cat sat on the mat.', view, layer: '1', head: '1' }));
      const looks = new Map<string, string>();
      for (const normalization of ['row', 'head', 'all']) {
        for (const transform of ['linear', 'sqrt', 'log']) {
          await page.getByLabel('Colour normalisation').selectOption(normalization);
          await page.getByLabel('Colour scale').selectOption(transform);
          await page.waitForTimeout(100);
          const pixels = await page.$$eval(canvas, (canvases) =>
            (canvases as HTMLCanvasElement[]).map((c) => c.toDataURL()).join(),
          );
          const legend = await page.locator('svg.legend .legend-title').first().textContent();
          const ticks = await page.locator('svg.legend .legend-axis text').allTextContents();
          looks.set(`${normalization} ${transform}`, `${pixels} ${legend} ${ticks.join()}`);
        }
      }
      // Every combination draws differently, and each legend says which scale it shows.
      expect(new Set(looks.values()).size).toBe(9);
      await page.getByLabel('Colour normalisation').selectOption('row');
      expect(await page.locator('svg.legend .legend-title').first().textContent()).toMatch(/row/);
      await page.getByLabel('Colour scale').selectOption('linear');
    },
  );

  it('logged no errors before the accessibility checks', () => {
    expect(errors).toEqual([]);
  });

  /** Views in their other modes, beside the default of each view. */
  const STATES: [string, Record<string, string>][] = [
    ...VIEWS.map((view): [string, Record<string, string>] => [`the ${view} view`, { view }]),
    ['the grid sorted by entropy', { view: 'grid', gridSort: 'entropy' }],
    ['a comparison of two heads', { view: 'compare', compareMode: 'heads', compareHead: '1' }],
    ['the rollout', { view: 'aggregate', aggregateScope: 'rollout' }],
    ['the line view with words merged', { view: 'lines', mergeWords: '1', hideFirst: '1' }],
  ];

  for (const scheme of ['light', 'dark'] as const) {
    it.each(STATES)(
      `has no serious accessibility violation in %s, ${scheme}`,
      async (_, settings) => {
        await page.emulateMedia({ colorScheme: scheme });
        await open(page, query({ text: 'The cat sat on the mat.', ...settings }));
        await page.waitForTimeout(300);
        // The page is in the theme asked for, not left in the other one by an earlier test.
        const theme = await page.evaluate(() => document.documentElement.dataset.theme ?? '');
        expect([scheme, '']).toContain(theme);
        await expectNoSeriousViolation(page);
      },
    );

    it(`has no serious accessibility violation with an error shown, ${scheme}`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${inject('baseUrl')}?model=no-such-model&text=Hello`);
      await page.getByRole('alert').first().waitFor();
      await expectNoSeriousViolation(page);
    });
  }
});

async function expectNoSeriousViolation(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
}
