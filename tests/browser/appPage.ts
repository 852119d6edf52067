/** Helpers for driving the built app: waiting for results, reaching the inference worker. */
import type { Page } from 'playwright-core';

export const GRID = '[data-testid="model-grid"]';

/** Opens the page on a clean slate (nothing stored from an earlier test) and waits for a grid. */
export async function openApp(page: Page, baseUrl: string, query = ''): Promise<void> {
  await page.goto(baseUrl + query);
  await page.evaluate(() => localStorage.clear());
  await page.goto(baseUrl + query);
  await page.waitForSelector(`${GRID} canvas`, { timeout: 90_000 });
}

/** Waits until the views show the attention of exactly `text`. */
export async function waitForResult(page: Page, text: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (expected) => document.querySelector('main')?.getAttribute('data-result-text') === expected,
    text,
    { timeout },
  );
}

/** Asks the inference worker to suffer a fault, as the page's debug event allows. */
export async function injectFault(page: Page, fault: string): Promise<void> {
  await page.evaluate((detail) => {
    window.dispatchEvent(new CustomEvent('attention-lens:fault', { detail }));
  }, fault);
}

/** The number of tensors the worker's backend holds. */
export async function workerTensors(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        window.addEventListener(
          'attention-lens:memory-report',
          (event) => resolve((event as CustomEvent<{ numTensors: number }>).detail.numTensors),
          { once: true },
        );
        window.dispatchEvent(new Event('attention-lens:memory'));
      }),
  );
}

/** Replaces the text in the box, the way typing a paste would. */
export async function setText(page: Page, text: string): Promise<void> {
  await page.getByLabel('Text', { exact: true }).fill(text);
}

/**
 * Whether each canvas matching `selector` holds more than one colour, in document order: a
 * blank or single-colour canvas means nothing was drawn.
 */
export async function paintedCanvases(page: Page, selector: string): Promise<boolean[]> {
  return page.$$eval(selector, (elements) =>
    (elements as HTMLCanvasElement[]).map((canvas) => {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) return false;
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 4; i < data.length; i += 4) {
        if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) return true;
      }
      return false;
    }),
  );
}
