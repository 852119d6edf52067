import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launch, watchErrors } from './browser';
import { paintedCanvases } from './appPage';

const OUTPUT = 'tests/output';

interface Cell {
  layer: number;
  head: number;
  value: number;
}

/** The grid's cells in the order drawn, with the value of one statistic for each. */
async function gridCells(page: Page, stat: string): Promise<Cell[]> {
  return page.$$eval(
    '[data-testid="model-grid"] .grid-item',
    (items, name) =>
      items.map((item) => ({
        layer: Number(item.getAttribute('data-layer')),
        head: Number(item.getAttribute('data-head')),
        value: Number(item.querySelector(`[data-stat="${name}"]`)?.getAttribute('data-value')),
      })),
    stat,
  );
}

/** True when the first canvas matching `selector` holds more than one colour. */
async function painted(page: Page, selector: string): Promise<boolean> {
  const [first] = await paintedCanvases(page, selector);
  return first ?? false;
}

interface AtlasHead {
  layer: number;
  head: number;
  previous_token: number;
}

/** The shipped causal model's sharpest previous-token head, from its atlas: switching it off
 * moves the next-token guess visibly, where a head that rests on the first token may not. */
function previousTokenHead(): AtlasHead {
  const atlas = JSON.parse(readFileSync('public/models/brown-gpt/heads.json', 'utf8')) as {
    heads: AtlasHead[];
  };
  return atlas.heads.reduce((best, h) => (h.previous_token > best.previous_token ? h : best));
}

async function klValue(page: Page): Promise<number> {
  const kl = page.getByTestId('kl-divergence');
  await kl.waitFor();
  return Number(await kl.getAttribute('data-kl'));
}

describe('the interpretability toolkit in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    errors = watchErrors(page);
    await page.goto(inject('baseUrl'));
    await page.waitForSelector('[data-testid="model-grid"] .stat-badge', { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('sorts the grid by a statistic in the order its numbers say', async () => {
    const layerOrder = await gridCells(page, 'entropy');
    expect(layerOrder.length).toBeGreaterThan(1);
    const expected = [...layerOrder]
      .sort((a, b) => b.value - a.value || a.layer - b.layer || a.head - b.head)
      .map(({ layer, head }) => `${layer}:${head}`);

    await page.getByLabel('Sort heads by').selectOption('entropy');
    await page.waitForSelector('[data-testid="model-grid"].sorted');
    const sorted = await gridCells(page, 'entropy');
    expect(sorted.map(({ layer, head }) => `${layer}:${head}`)).toEqual(expected);
    for (let i = 1; i < sorted.length; i++) {
      expect(sorted[i].value).toBeLessThanOrEqual(sorted[i - 1].value);
    }
    // Each cell still names its head, since its place no longer does.
    const labels = await page.$$eval('[data-testid="model-grid"] .cell-label', (spans) =>
      spans.map((span) => span.textContent?.replace(/\s+/g, ' ').trim()),
    );
    expect(labels).toEqual(sorted.map(({ layer, head }) => `L${layer} H${head}`));

    await page.getByLabel('Sort direction').selectOption('ascending');
    await page.waitForFunction(() => {
      const values = Array.from(
        document.querySelectorAll('[data-testid="model-grid"] [data-stat="entropy"]'),
      ).map((badge) => Number(badge.getAttribute('data-value')));
      return values.every((value, i) => i === 0 || value >= values[i - 1]);
    });
    await page.screenshot({ path: `${OUTPUT}/grid-sorted.png`, fullPage: true });
  });

  it('filters the grid to the heads within a range of a statistic', async () => {
    const all = await gridCells(page, 'firstToken');
    const median = [...all.map((c) => c.value)].sort((a, b) => a - b)[all.length >> 1];
    await page.getByLabel('Filter heads by').selectOption('firstToken');
    await page.getByLabel('Filter minimum').fill(String(median));
    const expected = all.filter((c) => c.value >= median).length;
    await page.waitForFunction(
      (count) =>
        document.querySelectorAll('[data-testid="model-grid"] .grid-item').length === count,
      expected,
    );
    const kept = await gridCells(page, 'firstToken');
    expect(kept.every((c) => c.value >= median)).toBe(true);
    await page.getByLabel('Filter minimum').fill('');
    await page.getByLabel('Sort heads by').selectOption('');
  });

  it('draws lines in the line view and keeps only the hovered token’s lines', async () => {
    await page.getByRole('button', { name: 'Lines' }).click();
    const lines = page.locator('[data-testid="line-view"] .links line');
    // A line from a token to itself is flat and has no box to wait for, so count instead.
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="line-view"] .links line').length > 0,
    );
    const total = await lines.count();
    expect(total).toBeGreaterThan(0);
    const colours = await lines.evaluateAll(
      (all) => new Set(all.map((l) => l.getAttribute('stroke'))).size,
    );
    expect(colours).toBeGreaterThan(1);

    const query = 3;
    await page.locator('[data-testid="line-view"] .token-labels text').nth(query).hover();
    await page.waitForFunction(
      (before) =>
        document.querySelectorAll('[data-testid="line-view"] .links line').length < before,
      total,
    );
    const queries = await lines.evaluateAll((all) => all.map((l) => l.getAttribute('data-query')));
    expect(queries.length).toBeGreaterThan(0);
    expect(new Set(queries)).toEqual(new Set([String(query)]));
    await page.screenshot({ path: `${OUTPUT}/lines-hover.png`, fullPage: true });

    await page.mouse.move(0, 0);
    await page.getByLabel('Top k per query').fill('1');
    await page.waitForFunction(
      (before) =>
        document.querySelectorAll('[data-testid="line-view"] .links line').length < before,
      total,
    );
  });

  it('turns heads off in the line view and prunes faint lines by a threshold', async () => {
    const view = page.getByTestId('line-view');
    const lines = view.locator('.links line');
    const headsDrawn = async () =>
      new Set(await lines.evaluateAll((all) => all.map((l) => l.getAttribute('data-head'))));
    await page.getByLabel('Top k per query').fill('64');
    const toggles = page.locator('.line-view button.head-toggle');
    const numHeads = await toggles.count();
    expect(await headsDrawn()).toEqual(new Set(Array.from({ length: numHeads }, (_, h) => `${h}`)));

    await toggles.nth(0).click();
    await expect(toggles.nth(0).getAttribute('aria-pressed')).resolves.toBe('false');
    await page.waitForFunction(
      () =>
        !Array.from(document.querySelectorAll('[data-testid="line-view"] .links line')).some(
          (l) => l.getAttribute('data-head') === '0',
        ),
    );
    await toggles.nth(0).click();
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('[data-testid="line-view"] .links line')).some(
        (l) => l.getAttribute('data-head') === '0',
      ),
    );

    await page.getByLabel('Threshold').fill('0.3');
    await page.waitForFunction(() => {
      const all = document.querySelectorAll('[data-testid="line-view"] .links line');
      return Array.from(all).every((l) => Number(l.getAttribute('data-weight')) >= 0.3);
    });
    await page.getByLabel('Threshold').fill('0');
  });

  it('weights every layer by the value norms when asked', async () => {
    await page.getByRole('button', { name: 'All heads' }).click();
    const pixels = () =>
      page.$$eval('[data-testid="model-grid"] canvas', (canvases) =>
        (canvases as HTMLCanvasElement[]).map((c) => c.toDataURL()),
      );
    const plain = await pixels();
    await page.getByLabel('Value-weighted').check();
    await page.waitForFunction(
      (before) =>
        Array.from(document.querySelectorAll('[data-testid="model-grid"] canvas')).every(
          (c, i) => (c as HTMLCanvasElement).toDataURL() !== before[i],
        ),
      plain,
    );
    const layers = await page.getByLabel('Layer').locator('option').count();
    const heads = await page.getByLabel('Head', { exact: true }).locator('option').count();
    expect((await pixels()).length).toBe(layers * heads);
    await page.getByLabel('Value-weighted').uncheck();
  });

  it('compares two texts and two heads with a difference heatmap and its legend', async () => {
    await page.getByRole('button', { name: 'Compare' }).click();
    await page
      .getByRole('textbox', { name: 'Second text' })
      .fill('The dog sat on the mat because it was tired.');
    const difference = '[data-testid="compare-difference"] canvas';
    await page.waitForSelector(difference);
    expect(await painted(page, difference)).toBe(true);
    expect(await page.locator('svg.legend[aria-label^="difference"]').count()).toBe(1);
    await page.screenshot({ path: `${OUTPUT}/compare-texts.png`, fullPage: true });

    await page.getByRole('button', { name: 'Two heads' }).click();
    await page.getByLabel('Second head').selectOption('1');
    await page.waitForSelector(difference);
    expect(await painted(page, difference)).toBe(true);
  });

  it('shows the ablated predictions and a KL divergence, exactly 0 with nothing off', async () => {
    await page.getByRole('button', { name: 'Ablate' }).click();
    expect(await klValue(page)).toBe(0);
    // Token and probability of each row; the third cell quotes the other side.
    const top = (side: string) =>
      page
        .getByTestId(`ablation-${side}`)
        .locator('tbody tr')
        .evaluateAll((rows) =>
          (rows as HTMLTableRowElement[]).map((row) =>
            [row.cells[0].textContent, row.cells[1].textContent].join(' '),
          ),
        );
    const before = await top('before');
    expect(await top('after')).toEqual(before);

    const { layer, head } = previousTokenHead();
    await page.getByRole('button', { name: `Layer ${layer} head ${head}`, exact: true }).click();
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid="kl-divergence"]')?.getAttribute('data-kl')) >
        0,
    );
    expect(await klValue(page)).toBeGreaterThan(0);
    expect(await top('after')).not.toEqual(before);
    await page.screenshot({ path: `${OUTPUT}/ablation.png`, fullPage: true });

    await page.getByRole('button', { name: 'Switch all back on' }).click();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="kl-divergence"]')?.getAttribute('data-kl') === '0',
    );
  });

  it('folds heads by mean and max, and rolls attention out across layers', async () => {
    await page.getByRole('button', { name: 'Aggregate' }).click();
    await page.getByRole('button', { name: /^Layer \d+$/ }).click();
    for (const panel of ['aggregate-mean', 'aggregate-max']) {
      await page.waitForSelector(`[data-testid="${panel}"] canvas`);
      expect(await painted(page, `[data-testid="${panel}"] canvas`)).toBe(true);
    }

    await page.getByRole('button', { name: 'Chosen heads' }).click();
    await page.getByRole('group', { name: 'Heads to fold' }).getByRole('button').nth(1).click();
    await page.waitForSelector('[data-testid="aggregate-mean"] canvas');

    await page.getByRole('button', { name: 'Rollout' }).click();
    await page.waitForSelector('[data-testid="rollout"] canvas');
    expect(await painted(page, '[data-testid="rollout"] canvas')).toBe(true);
    expect(await page.getByTestId('rollout-rule').textContent()).toContain('0.5·A + 0.5·I');
    await page.screenshot({ path: `${OUTPUT}/rollout.png`, fullPage: true });
  });

  it('hides the first token and merges words in the heatmaps, stating the rule', async () => {
    await page.getByRole('button', { name: 'One head' }).click();
    const labels = () =>
      page.$$eval('[data-testid="head-plot"] text.query-label', (texts) =>
        texts.map((text) => text.textContent ?? ''),
      );
    const pieces = await labels();
    await page.getByLabel('Hide first token').check();
    await page.waitForFunction(
      (count) =>
        document.querySelectorAll('[data-testid="head-plot"] text.query-label').length === count,
      pieces.length - 1,
    );
    expect(await labels()).toEqual(pieces.slice(1));

    await page.getByLabel('Merge words').check();
    expect(await page.getByTestId('merge-rule').textContent()).toMatch(/sum.*averaged/);
    await page.waitForFunction(
      (count) =>
        document.querySelectorAll('[data-testid="head-plot"] text.query-label').length < count,
      pieces.length - 1,
    );
    await page.screenshot({ path: `${OUTPUT}/merged-words.png`, fullPage: true });
    await page.getByLabel('Merge words').uncheck();
    await page.getByLabel('Hide first token').uncheck();
  });

  it('reads a masked model at its mask and moves it by ablation', async (context) => {
    // The masked built-in ships separately from the page code; without it there is nothing to open.
    const config = await page.request.get(`${inject('baseUrl')}models/brown-bert/config.json`);
    if (!config.ok()) context.skip();

    await page.getByLabel('Model', { exact: true }).selectOption('brown-bert');
    await page.getByLabel('Text', { exact: true }).fill('The [MASK] sat on the mat.');
    await page.waitForFunction(() =>
      (document.querySelector('[data-testid="token-strip"]')?.textContent ?? '').includes('[SEP]'),
    );
    await page.getByRole('button', { name: 'Ablate' }).click();
    expect(await klValue(page)).toBe(0);
    const tokens = await page.$$eval('[data-testid="token-strip"] li', (items) =>
      items.map((li) => li.textContent ?? ''),
    );
    expect(Number(await page.getByLabel('Prediction position').inputValue())).toBe(
      tokens.indexOf('[MASK]'),
    );

    await page.getByRole('button', { name: 'Layer 1 head 1', exact: true }).click();
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid="kl-divergence"]')?.getAttribute('data-kl')) >
        0,
    );
    await page.screenshot({ path: `${OUTPUT}/ablation-masked.png`, fullPage: true });
  });

  it('fills every mask of a masked model with five candidates', async () => {
    const text = page.getByLabel('Text', { exact: true });
    await text.fill('The dog sat on the mat.');
    await page.getByText('Type [MASK] in the text').waitFor();
    await text.fill('The [MASK] sat on the [MASK].');
    const tables = page.locator('[data-testid="predictions"] .prediction-table');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="predictions"] .prediction-table').length === 2,
    );
    const tokens = await page.$$eval('[data-testid="token-strip"] li', (items) =>
      items.map((li) => li.textContent ?? ''),
    );
    const masks = tokens.flatMap((t, i) => (t === '[MASK]' ? [i] : []));
    expect(masks).toHaveLength(2);
    for (const [n, position] of masks.entries()) {
      await expect(tables.nth(n).locator('caption').textContent()).resolves.toContain(
        `mask at position ${position}`,
      );
      await expect(tables.nth(n).locator('tr').count()).resolves.toBe(5);
    }
  });

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
