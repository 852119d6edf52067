import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, watchErrors } from './browser';
import { MODEL, VIEWS, exported, open, query } from './sharePage';

/** Markup and quotes in the text prove that token text is escaped, never parsed. */
const TEXT = 'Tom & <b>Ann</b> said "hi" <img src=x onerror="window.__pwned=1">';
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Reads an exported SVG as XML: its parse error, root, texts and what it holds. */
async function parseSvg(scratch: Page, source: string) {
  return scratch.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.localName,
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? ''),
      images: doc.querySelectorAll('image').length,
      markup: doc.querySelectorAll('b, img, script, foreignObject').length,
    };
  }, source);
}

/** Token ids as the token strip shows them. */
async function stripIds(page: Page): Promise<number[]> {
  return page.$$eval('[data-testid="token-strip"] li', (items) =>
    items.map((li) => Number(li.getAttribute('data-id'))),
  );
}

/** What a person would compare by eye: the settings controls, the text and the heatmap. */
async function viewState(page: Page) {
  return page.evaluate(() => {
    const value = (label: string) =>
      (document.querySelector(`select[aria-label="${label}"]`) as HTMLSelectElement | null)?.value;
    const canvas = document.querySelector('.head-canvas-large') as HTMLCanvasElement | null;
    return {
      view: document.querySelector('.view-tabs button[aria-pressed="true"]')?.textContent,
      layer: value('Layer'),
      head: value('Head'),
      scheme: value('Colour scheme'),
      transform: value('Colour scale'),
      normalization: value('Colour normalisation'),
      text: (document.querySelector('textarea') as HTMLTextAreaElement).value,
      pixels: canvas?.toDataURL(),
    };
  });
}

describe('sharing a view in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** A blank page, outside the app's content security policy, to read exported files in. */
  let scratch: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launch();
    context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    page = await context.newPage();
    errors = watchErrors(page);
    scratch = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('exports the head view as a PNG that decodes to the size its header states', async () => {
    await open(page, query({ text: TEXT, view: 'head', layer: '1', head: '2' }));
    const { name, bytes } = await exported(page, 'PNG');

    expect(name).toBe('attention_tiny-gpt2_head_L1H2.png');
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_MAGIC);
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    expect(width).toBeGreaterThan(400);
    expect(height).toBeGreaterThan(400);
    const decoded = await scratch.evaluate(async (base64) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([data], { type: 'image/png' }));
      return { width: bitmap.width, height: bitmap.height };
    }, bytes.toString('base64'));
    expect(decoded).toEqual({ width, height });
  });

  it('exports the head view as SVG XML holding every axis label as escaped text', async () => {
    const { bytes } = await exported(page, 'SVG');
    const svg = bytes.toString('utf8');
    const labels = await page.$$eval('.head-plot svg text.query-label', (texts) =>
      texts.map((t) => t.textContent ?? ''),
    );
    const parsed = await parseSvg(scratch, svg);

    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('svg');
    expect(labels.length).toBeGreaterThan(5);
    for (const label of labels) expect(parsed.texts).toContain(label);
    // The heatmap travels as an image, the token markup only as escaped text.
    expect(parsed.images).toBeGreaterThanOrEqual(1);
    expect(parsed.markup).toBe(0);
    expect(svg).not.toMatch(/<b>|<img/);
    expect(svg).toMatch(/&lt;/);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('exports the head view as CSV: one row per query and key, with token text', async () => {
    const ids = await stripIds(page);
    const { bytes } = await exported(page, 'CSV');
    const lines = bytes.toString('utf8').trimEnd().split('\r\n');

    expect(lines[0]).toBe('model,matrix,layer,head,query,query_token,key,key_token,weight');
    expect(lines.length - 1).toBe(ids.length * ids.length);
    const rowSums = new Map<number, number>();
    for (const line of lines.slice(1)) {
      const match = /^"tiny-gpt2","attention",1,2,(\d+),".*",(\d+),".*",([\d.e-]+)$/.exec(line);
      expect(match, line).not.toBeNull();
      const q = Number(match?.[1]);
      rowSums.set(q, (rowSums.get(q) ?? 0) + Number(match?.[3]));
    }
    for (const sum of rowSums.values()) expect(sum).toBeCloseTo(1, 4);
    // The query tokens of key 0, in order and unquoted, give the text back.
    const queryTokens = lines
      .slice(1)
      .filter((line) => /^"[^"]*","[^"]*",\d+,\d+,\d+,"(?:[^"]|"")*",0,/.test(line))
      .map((line) => /^"[^"]*","[^"]*",\d+,\d+,\d+,"((?:[^"]|"")*)"/.exec(line)?.[1] ?? '')
      .map((cell) => cell.replaceAll('""', '"'));
    expect(queryTokens).toHaveLength(ids.length);
    expect(queryTokens.join('')).toContain('<b>Ann</b> said "hi"');
  });

  it('exports the head view as JSON: model, tokens, head, [query][key] weights', async () => {
    const ids = await stripIds(page);
    const { bytes } = await exported(page, 'JSON');
    const data = JSON.parse(bytes.toString('utf8'));

    expect(data.model).toBe(MODEL);
    expect(data.text).toBe(TEXT);
    expect(data.tokens.map((t: { id: number }) => t.id)).toEqual(ids);
    expect(data.tokens.map((t: { text: string }) => t.text).join('')).toContain('<b>');
    expect(data.heads).toHaveLength(1);
    expect(data.heads[0]).toMatchObject({ layer: 1, head: 2 });
    const weights: number[][] = data.heads[0].weights;
    expect(weights).toHaveLength(ids.length);
    for (const row of weights) {
      expect(row).toHaveLength(ids.length);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
  });

  it('exports every head of the grid, with its legend, as JSON and SVG', async () => {
    await open(page, query({ text: 'The cat sat.', view: 'grid' }));
    const cells = await page.locator('[data-testid="model-grid"] canvas').count();
    const data = JSON.parse((await exported(page, 'JSON')).bytes.toString('utf8'));
    expect(data.heads).toHaveLength(cells);

    const svg = (await exported(page, 'SVG')).bytes.toString('utf8');
    const images = (svg.match(/<image /g) ?? []).length;
    expect(images).toBe(cells);
    expect(svg).toContain('weight ÷ largest weight of its row');
  });

  it('exports what a derived view draws: the comparison and its difference', async () => {
    await open(
      page,
      query({ text: 'The cat sat.', view: 'compare', compareMode: 'heads', layer: '1', head: '2' }),
    );
    const data = JSON.parse((await exported(page, 'JSON')).bytes.toString('utf8'));
    const names: string[] = data.heads.map((h: { matrix: string }) => h.matrix);
    expect(names).toHaveLength(3);
    expect(names[2]).toBe('difference, first minus second');
    const [a, b, diff] = data.heads.map((h: { weights: number[][] }) => h.weights.flat());
    diff.forEach((d: number, i: number) => expect(d).toBeCloseTo(a[i] - b[i], 5));

    await page.getByRole('button', { name: 'Aggregate' }).click();
    await page.getByTestId('aggregate-mean').waitFor();
    const csv = (await exported(page, 'CSV')).bytes.toString('utf8').split('\r\n');
    expect(csv[1]).toMatch(/^"tiny-gpt2","mean over the heads of layer \d",,,0,/);
  });

  it.each(VIEWS)('exports the %s view as a picture with its token labels', async (view) => {
    await open(page, query({ text: 'The cat sat on the mat.', view }));
    const svg = await parseSvg(scratch, (await exported(page, 'SVG')).bytes.toString('utf8'));
    expect(svg.error).toBeNull();
    expect(svg.texts).toEqual(expect.arrayContaining(['·cat', '·mat']));
    const png = (await exported(page, 'PNG')).bytes;
    expect([...png.subarray(0, 8)]).toEqual(PNG_MAGIC);
  });

  it('reproduces a view from its link: settings, head, text and pixels', async () => {
    await open(page, query({ text: 'A link keeps the view.', view: 'grid' }));
    await page.getByLabel('Colour scheme').selectOption('cividis');
    await page.getByLabel('Colour scale').selectOption('sqrt');
    await page.getByLabel('Colour normalisation').selectOption('head');
    await page.getByRole('button', { name: 'Open layer 2 head 1' }).click();
    await page.waitForSelector('.head-canvas-large');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('view') === 'head');
    const before = await viewState(page);
    const link = page.url();

    // A fresh context shares no local storage with the first page, so only the link can
    // carry the view across.
    const fresh = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const other = await fresh.newPage();
    await open(other, new URL(link).search);
    const after = await viewState(other);
    await fresh.close();

    expect(before).toMatchObject({ view: 'One head', layer: '2', head: '1', scheme: 'cividis' });
    expect(before.pixels).toMatch(/^data:image\/png/);
    expect(after).toEqual(before);
  });

  it('copies the link to the clipboard', async () => {
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Link copied').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(copied).searchParams.get('view')).toBe('head');
    expect(new URL(copied).searchParams.get('scheme')).toBe('cividis');
  });

  it('falls back to the default for bad values in a link, and says so', async () => {
    await open(page, query({ text: 'Bad links.', view: 'heatmap', scheme: 'jet', layer: '99' }));
    const notices = await page.getByTestId('link-notice').allTextContents();
    expect(notices.join('\n')).toMatch(/view "heatmap" is not a valid value/);
    expect(notices.join('\n')).toMatch(/scheme "jet" is not a valid value/);
    expect(notices.join('\n')).toMatch(/Layer 99 does not exist/);
    const state = await viewState(page);
    expect(state).toMatchObject({ view: 'All heads', scheme: 'viridis', layer: '0' });
    await page.waitForFunction(() => new URL(location.href).searchParams.get('layer') === '0');
  });

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
