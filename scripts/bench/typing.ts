/**
 * keystroke_to_paint_*: from a key press in the text box to the frame that shows the new text
 * in every heatmap, read from the page's data-result-text mark; and longtask_max_ms_typing:
 * the longest main-thread task while 200 characters are typed.
 */
import type { Page } from 'playwright-core';
import { round } from './forward';
import { openApp, percentile, textFor, waitForShown } from './appPage';
import type { BenchContext, Report } from './context';

// Enough presses that the 95th percentile is not just the second-slowest.
const KEYSTROKES = 100;
const TYPED = 'and then the quiet town went back to its work as if nothing had happened at all. ';

/**
 * Installs the stopwatch: a key press starts it; when the views mark the box's text as drawn,
 * the next animation frame is the one that shows it, and the time is taken once that frame's
 * rendering work has run (a message posted from its animation-frame callback).
 */
async function installStopwatch(page: Page) {
  await page.evaluate(() => {
    const box = document.querySelector('textarea[aria-label="Text"]') as HTMLTextAreaElement;
    const main = document.querySelector('main') as HTMLElement;
    const state = { start: 0, times: [] as number[] };
    (window as unknown as { stopwatch: typeof state }).stopwatch = state;
    box.addEventListener('keydown', () => (state.start = performance.now()), true);
    const channel = new MessageChannel();
    let pending = 0;
    channel.port1.onmessage = () => state.times.push(performance.now() - pending);
    new MutationObserver(() => {
      if (state.start === 0 || main.getAttribute('data-result-text') !== box.value) return;
      pending = state.start;
      state.start = 0;
      requestAnimationFrame(() => channel.port2.postMessage(null));
    }).observe(main, { attributes: true, attributeFilter: ['data-result-text'] });
  });
}

async function keystrokes(context: BenchContext, tokens: number): Promise<number[]> {
  const model = context.modelFor(tokens);
  // One token short: the keys typed add about one more.
  const text = textFor(model, tokens - 1);
  const page = await openApp(context, model, text);
  try {
    await installStopwatch(page);
    await page.getByLabel('Text', { exact: true }).focus();
    await page.keyboard.press('Control+End');
    for (let i = 0; i < KEYSTROKES; i++) {
      // Alternating a letter and its deletion keeps the length where it was set.
      await page.keyboard.press(i % 2 === 0 ? 'x' : 'Backspace');
      await page.waitForFunction((n) => {
        const state = (window as unknown as { stopwatch: { times: number[] } }).stopwatch;
        return state.times.length === n;
      }, i + 1);
      await page.waitForTimeout(30);
    }
    return page.evaluate(
      () => (window as unknown as { stopwatch: { times: number[] } }).stopwatch.times,
    );
  } finally {
    await page.close();
  }
}

async function longestTask(context: BenchContext): Promise<number> {
  const model = context.modelFor(32);
  const start = textFor(model, 16);
  const page = await openApp(context, model, start);
  try {
    await page.evaluate(() => {
      const longest = { ms: 0 };
      (window as unknown as { longest: typeof longest }).longest = longest;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longest.ms = Math.max(longest.ms, entry.duration);
      }).observe({ type: 'longtask' });
    });
    await page.getByLabel('Text', { exact: true }).focus();
    await page.keyboard.press('Control+End');
    const typed = TYPED.repeat(3).slice(0, 200);
    await page.keyboard.type(typed, { delay: 25 });
    await waitForShown(page, start + typed);
    await page.waitForTimeout(200);
    // Only tasks over 50 ms are reported as long; 0 means none was.
    return page.evaluate(() => (window as unknown as { longest: { ms: number } }).longest.ms);
  } finally {
    await page.close();
  }
}

export async function typingFigures(context: BenchContext, report: Report): Promise<void> {
  for (const tokens of [32, 128]) {
    const times = await keystrokes(context, tokens);
    report(`keystroke_to_paint_p50_ms_T${tokens}`, round(percentile(times, 50)));
    report(`keystroke_to_paint_p95_ms_T${tokens}`, round(percentile(times, 95)));
  }
  report('longtask_max_ms_typing', round(await longestTask(context)));
}
