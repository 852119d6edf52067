/**
 * tensors_leaked_1000_updates and heap_growth_mb_1000_updates: the worker's tensor count and
 * the page's JavaScript heap after a garbage collection, before and after 1000 texts have each
 * been run and drawn.
 */
import type { Page } from 'playwright-core';
import { round } from './forward';
import { openApp, textFor } from './appPage';
import { workerTensors } from '../../tests/browser/appPage';
import type { BenchContext, Report } from './context';

const UPDATES = 1000;
const WARM_UP = 50;

/** Sets the box to each of `count` texts in turn, waiting for each to be drawn. */
async function update(page: Page, base: string, from: number, count: number) {
  await page.evaluate(
    async ([text, first, n]) => {
      const box = document.querySelector('textarea[aria-label="Text"]') as HTMLTextAreaElement;
      const main = document.querySelector('main') as HTMLElement;
      const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')
        ?.set as (this: HTMLTextAreaElement, value: string) => void;
      for (let i = first; i < first + n; i++) {
        const next = `${text} ${i}`;
        setValue.call(box, next);
        box.dispatchEvent(new Event('input', { bubbles: true }));
        while (main.getAttribute('data-result-text') !== next) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
      }
    },
    [base, from, count] as const,
  );
}

async function heapBytes(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  await session.detach();
  return usedSize;
}

export async function memoryFigures(context: BenchContext, report: Report): Promise<void> {
  {
    const model = context.modelFor(32);
    const base = textFor(model, 28);
    const page = await openApp(context, model, base);
    try {
      await update(page, base, 0, WARM_UP);
      const tensorsBefore = await workerTensors(page);
      const heapBefore = await heapBytes(page);
      await update(page, base, WARM_UP, UPDATES);
      const tensorsAfter = await workerTensors(page);
      const heapAfter = await heapBytes(page);
      report('tensors_leaked_1000_updates', tensorsAfter - tensorsBefore);
      report('heap_growth_mb_1000_updates', round((heapAfter - heapBefore) / 2 ** 20));
    } finally {
      await page.close();
    }
  }
}
