import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, watchErrors } from './browser';
import { GRID, openApp, waitForResult } from './appPage';

describe('privacy and the Content-Security-Policy', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    errors = watchErrors(page);
    // Init scripts come from the test harness, not the page, so the policy lets them run.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as { __violations?: string[] }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (event) =>
        seen.push(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    await openApp(page, inject('baseUrl'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('sends no request while text is typed', async () => {
    // Whatever the page or the browser still had to fetch for the page itself comes first.
    await page.waitForLoadState('networkidle');
    const requests: string[] = [];
    // The browser fetches the page's icon on its own schedule; it is the page's, not the text's.
    const record = (request: { url(): string }) => {
      if (!request.url().endsWith('/favicon.svg')) requests.push(request.url());
    };
    page.context().on('request', record);

    const box = page.getByLabel('Text', { exact: true });
    await box.fill('');
    await box.pressSequentially('My secret diary entry, typed key by key.', { delay: 20 });
    await waitForResult(page, 'My secret diary entry, typed key by key.');
    page.context().off('request', record);

    expect(requests).toEqual([]);
  });

  it('ships a policy without inline script or eval', async () => {
    const policy = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (meta) =>
      meta.getAttribute('content'),
    );
    const scripts = /script-src ([^;]*)/.exec(policy ?? '')?.[1] ?? '';
    expect(scripts).toContain("'self'");
    expect(scripts).toContain("'wasm-unsafe-eval'");
    expect(scripts).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
  });

  it('works under the policy: the grid draws and nothing is blocked', async () => {
    expect(await page.$$(`${GRID} canvas`)).not.toHaveLength(0);
    expect(await page.evaluate(() => (window as { __violations?: string[] }).__violations)).toEqual(
      [],
    );
  });

  it('blocks an inline script and eval', async () => {
    const outcome = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1;';
      document.body.append(script);
      // A timer given a string compiles it in the page, where the policy forbids eval.
      const compileString: TimerHandler = 'window.__compiled = 1;';
      setTimeout(compileString);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return {
        inline: (window as { __inline?: number }).__inline,
        compiled: (window as { __compiled?: number }).__compiled,
        violations: (window as { __violations?: string[] }).__violations ?? [],
      };
    });
    expect(outcome.inline).toBeUndefined();
    expect(outcome.compiled).toBeUndefined();
    expect(outcome.violations.some((v) => v.startsWith('script-src-elem'))).toBe(true);
    expect(outcome.violations.some((v) => v.includes('eval'))).toBe(true);
    // The blocked script and eval are reported as console errors; only those may be there.
    expect(errors.filter((e) => !/Content Security Policy|unsafe-eval|EvalError/i.test(e))).toEqual(
      [],
    );
  });
});
