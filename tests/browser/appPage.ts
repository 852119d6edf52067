/** Helpers for driving the built app: waiting for results, reaching the inference worker. */
import { afterAll, beforeAll, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, watchErrors } from './browser';

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

export interface AppSession {
  page: Page;
  /** Page errors and console errors collected so far. */
  errors: string[];
}

/**
 * Opens the app in a fresh browser before the tests of the enclosing `describe` and closes it
 * after them. The returned object is filled in by the time the first test runs.
 */
export function appSession(viewport = { width: 1200, height: 900 }): AppSession {
  const session = { errors: [] } as unknown as AppSession;
  let browser: Browser | undefined;

  beforeAll(async () => {
    browser = await launch();
    session.page = await browser.newPage({ viewport });
    session.errors = watchErrors(session.page);
    await openApp(session.page, inject('baseUrl'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  return session;
}
