/**
 * The figures of the page as a person uses it, on the built-in causal model: forward time per
 * backend against a plain reference, heatmap painting, keystroke to paint, long tasks while
 * typing, and leaks over 1000 updates. `--model <name>` picks another built-in model folder.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { openContext } from './context';
import { forwardFigures, LENGTHS } from './forward';
import { memoryFigures } from './memory';
import { paintFigures } from './paint';
import { typingFigures } from './typing';
import type { Benchmark } from './types';

const MODELS = resolve(import.meta.dirname, '../../public/models');

function modelName(): string {
  const flag = process.argv.indexOf('--model');
  if (flag >= 0 && process.argv[flag + 1]) return process.argv[flag + 1];
  return existsSync(resolve(MODELS, 'brown-gpt/config.json')) ? 'brown-gpt' : 'tiny-gpt2';
}

export const interactiveBenchmark: Benchmark = {
  title: 'the page while typing: forward passes, painting, latency, long tasks, leaks',
  async run(report) {
    const model = modelName();
    // Timings on a shared machine mean little without knowing how busy it was.
    const loadBefore = loadavg()[0];
    const { context, close } = await openContext(model, Math.max(...LENGTHS));
    try {
      for (const figures of [forwardFigures, paintFigures, typingFigures, memoryFigures]) {
        try {
          await figures(context, report);
        } catch (error) {
          report(`failed_${figures.name}`, (error as Error).message.split('\n')[0]);
        }
      }
      const load = `${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`;
      const machine = `${cpus().length} cores, load average ${load}`;
      for (const note of [`model: ${model}`, machine, ...context.notes]) console.log(`# ${note}`);
    } finally {
      await close();
    }
  },
};
