/**
 * forward_ms_<backend>_T<n>: median time of one forward pass (tokenizing, running and reading
 * back every head) on each TensorFlow.js backend and on the plain TypeScript reference, and how
 * many times faster the best backend is than the reference, timed pass for pass in alternation.
 */
import type { Page } from 'playwright-core';
import type { Harness } from './harness/main';
import type { BenchContext, Report } from './context';

export const LENGTHS = [32, 128];
const SPEEDUP_LENGTH = 128;
const SPEEDUP_PAIRS = 7;
const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
type BackendName = (typeof BACKENDS)[number];
const REPEATS: Record<BackendName | 'reference', number> = {
  webgl: 10,
  wasm: 20,
  cpu: 5,
  reference: 5,
};

type HarnessWindow = { harness: Harness };

async function openHarness(context: BenchContext): Promise<Page> {
  const page = await context.browser.newPage();
  await page.goto(context.harnessUrl);
  await page.waitForFunction(() => document.title === 'harness ready', undefined, {
    timeout: 60_000,
  });
  return page;
}

export async function forwardFigures(context: BenchContext, report: Report): Promise<void> {
  for (const tokens of LENGTHS) {
    const modelUrl = `${context.baseUrl}models/${context.modelFor(tokens)}/`;
    const times = new Map<BackendName, number>();
    let referenceMs = Number.NaN;
    for (const backend of BACKENDS) {
      // A fresh page per backend, so one backend's memory and kernels do not weigh on another.
      const page = await openHarness(context);
      try {
        const timing = await page.evaluate(
          ([b, url, n, repeats]) =>
            (window as unknown as HarnessWindow).harness.forward(b, url, n, repeats),
          [backend, modelUrl, tokens, REPEATS[backend]] as const,
        );
        report(`forward_ms_${backend}_T${tokens}`, round(timing.medianMs));
        times.set(backend, timing.medianMs);
        if (timing.seqLen !== tokens) {
          context.notes.push(`T${tokens} ran at ${timing.seqLen} tokens.`);
        }
        if (backend === 'wasm') {
          const reference = await page.evaluate(
            ([url, n, repeats]) =>
              (window as unknown as HarnessWindow).harness.reference(url, n, repeats),
            [modelUrl, tokens, REPEATS.reference] as const,
          );
          report(`forward_ms_reference_T${tokens}`, round(reference.medianMs));
          referenceMs = reference.medianMs;
          report(`reference_max_attention_gap_vs_wasm_T${tokens}`, reference.maxAttentionGap);
        }
      } catch (error) {
        report(`forward_ms_${backend}_T${tokens}`, `failed (${(error as Error).message})`);
      } finally {
        await page.close();
      }
    }
    if (tokens === SPEEDUP_LENGTH && times.size > 0) {
      const best = [...times].sort((a, b) => a[1] - b[1])[0][0];
      const page = await openHarness(context);
      try {
        const speedup = await page.evaluate(
          ([b, url, n, pairs]) =>
            (window as unknown as HarnessWindow).harness.pairedSpeedup(b, url, n, pairs),
          [best, modelUrl, tokens, SPEEDUP_PAIRS] as const,
        );
        report(`speedup_best_vs_reference_T${tokens}`, round(speedup));
        // The same ratio from the medians above, taken minutes apart on a machine whose load
        // may have changed in between.
        const fromMedians = referenceMs / (times.get(best) ?? Number.NaN);
        report(`speedup_best_vs_reference_T${tokens}_from_medians`, round(fromMedians));
        context.notes.push(
          `speedup: ${best} against the reference, the median ratio of ${SPEEDUP_PAIRS} ` +
            'passes run in alternation.',
        );
      } finally {
        await page.close();
      }
    }
  }
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
