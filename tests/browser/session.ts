/** One browser and page for a group of browser tests. */
import { afterAll, beforeAll, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, watchErrors } from './browser';
import { openApp } from './appPage';

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
