import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, watchErrors } from './browser';
import { openApp, setText, waitForResult } from './appPage';

describe('nothing is lost on reload', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    errors = watchErrors(page);
    await openApp(page, inject('baseUrl'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('restores text and settings from local storage', async () => {
    await setText(page, 'Kept across a reload.');
    await page.getByLabel('Colour scheme').selectOption('inferno');
    await waitForResult(page, 'Kept across a reload.');
    // No query string: only local storage can bring the text back.
    await page.goto(inject('baseUrl'));
    await waitForResult(page, 'Kept across a reload.');
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe(
      'Kept across a reload.',
    );
    expect(await page.getByLabel('Colour scheme').inputValue()).toBe('inferno');
  });

  it('keeps the last keystrokes even when the page reloads at once', async () => {
    const box = page.getByLabel('Text', { exact: true });
    await box.fill('Typed just before');
    await box.pressSequentially(' leaving');
    await page.goto(inject('baseUrl'));
    await waitForResult(page, 'Typed just before leaving');
  });

  it('lets a link win over what is stored', async () => {
    await page.goto(`${inject('baseUrl')}?text=${encodeURIComponent('From the link.')}`);
    await waitForResult(page, 'From the link.');
    expect(await page.getByLabel('Colour scheme').inputValue()).toBe('inferno');
  });

  it('ignores a stored table that is broken', async () => {
    await page.evaluate(() =>
      localStorage.setItem(
        'attention-lens:settings',
        JSON.stringify({ text: 'Still readable.', view: 'no-such-view', layer: '-3', head: 7 }),
      ),
    );
    await page.goto(inject('baseUrl'));
    await waitForResult(page, 'Still readable.');
    expect(await page.getByRole('button', { name: 'All heads' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
  });

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
