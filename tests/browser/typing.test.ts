import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, watchErrors } from './browser';
import { openApp, setText, waitForResult } from './appPage';

describe('typing fast', () => {
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

  it('never shows the attention of a text no longer in the box as current', async () => {
    await setText(page, 'Start');
    await waitForResult(page, 'Start');
    // Checked on every frame: either the views drew the box's text, or they are marked stale.
    await page.evaluate(() => {
      const box = document.querySelector('textarea[aria-label="Text"]') as HTMLTextAreaElement;
      const wrong: string[] = [];
      (window as { __wrongFrames?: string[] }).__wrongFrames = wrong;
      const check = () => {
        const main = document.querySelector('main');
        if (main && !main.classList.contains('stale')) {
          const shown = main.getAttribute('data-result-text');
          if (shown !== box.value) wrong.push(`${shown} | ${box.value}`);
        }
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });

    const box = page.getByLabel('Text', { exact: true });
    await box.press('Control+End');
    await box.pressSequentially(' of a sentence typed without a pause', { delay: 5 });
    await waitForResult(page, 'Start of a sentence typed without a pause');
    expect(
      await page.evaluate(() => (window as { __wrongFrames?: string[] }).__wrongFrames),
    ).toEqual([]);
  });

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
