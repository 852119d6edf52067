/**
 * Sets up what the benchmarks share: a private copy of the built app with the harness page
 * built beside it, a copy of the model stretched to the longest length timed when its own
 * context is shorter, one preview server and one headless Chromium. `close` removes the copy.
 */
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';
import { launch } from '../../tests/browser/browser';
import { stretchContext } from './stretch';
import type { Browser } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');
// A private copy of the built site: a build started elsewhere while the benchmark runs (a test
// run, say) empties dist/ and would pull the page from under it.
export const SITE = join(ROOT, 'node_modules/.cache/attention-lens-bench');
const HARNESS_DIR = 'bench-harness';

export interface BenchContext {
  /** The built app (dist/) and the harness page, served by one preview server. */
  baseUrl: string;
  /** URL of the benchmark harness page (scripts/bench/harness). */
  harnessUrl: string;
  browser: Browser;
  /** Built-in model name, as the app opens it. */
  model: string;
  /** The model's context length. */
  maxPositions: number;
  /**
   * Built-in model name to use for a length: the model itself when its context allows, else a
   * copy with its position table repeated (same cost per token, attention without meaning).
   */
  modelFor(tokens: number): string;
  /** Sentences saying how the figures were made, printed with them. */
  notes: string[];
}

/** Reports one figure by name: a number, or a sentence saying why it could not be measured. */
export type Report = (name: string, value: number | string) => void;

export interface OpenedContext {
  context: BenchContext;
  close(): Promise<void>;
}

export async function openContext(model: string, longest: number): Promise<OpenedContext> {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error('dist/ holds no built app; run `npx vite build` first (npm run bench does).');
  }
  rmSync(SITE, { recursive: true, force: true });
  cpSync(DIST, SITE, { recursive: true });
  const folder = join(SITE, 'models', model);
  if (!existsSync(join(folder, 'config.json'))) {
    throw new Error(`${model}: no such built-in model folder in dist/models.`);
  }
  await build({
    configFile: false,
    logLevel: 'warn',
    root: join(ROOT, 'scripts/bench/harness'),
    base: './',
    publicDir: false,
    build: {
      outDir: join(SITE, HARNESS_DIR),
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 8000,
    },
  });

  const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8'));
  const maxPositions: number = config.n_positions ?? config.max_position_embeddings;
  const notes: string[] = [];
  const stretched = `${model}-ctx${longest}`;
  if (maxPositions < longest) {
    stretchContext(folder, join(SITE, 'models', stretched), longest);
    notes.push(
      `${model} reads at most ${maxPositions} tokens; figures for longer texts ran on a copy ` +
        `whose position table is repeated to ${longest} (same cost per token).`,
    );
  }

  const server = await preview({
    root: ROOT,
    build: { outDir: SITE },
    logLevel: 'warn',
    preview: { port: 0, host: '127.0.0.1' },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  const baseUrl = `http://127.0.0.1:${address.port}/`;
  // Exposes gc() so the memory benchmark can measure what survives a collection.
  const browser = await launch(['--js-flags=--expose-gc']);

  return {
    context: {
      baseUrl,
      harnessUrl: `${baseUrl}${HARNESS_DIR}/index.html`,
      browser,
      model,
      maxPositions,
      modelFor: (tokens) => (tokens <= maxPositions ? model : stretched),
      notes,
    },
    async close() {
      await browser.close();
      await server.close();
      rmSync(SITE, { recursive: true, force: true });
    },
  };
}
