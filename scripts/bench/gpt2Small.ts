/**
 * Load and forward time of a model of GPT-2 small's shape on each backend in headless Chromium,
 * with peak memory. The checkpoint is random (the figures do not depend on the values) and is
 * written to a temporary folder, served with the benchmark page from one local server.
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { launch } from '../../tests/browser/browser';
import { writeGpt2Small } from './gpt2Checkpoint';
import { measureOpenInApp } from './openInApp';
import type { AddressInfo } from 'node:net';
import type { Benchmark } from './types';
import type { ForwardFigures, LoadFigures } from './page/main';

const BACKENDS = ['wasm', 'webgl', 'cpu'] as const;
const TOKENS = 64;
// A pass slower than this is measured once: on the CPU backend one pass of 124M parameters
// takes tens of seconds, and three more would not change the figure.
const REPEAT_UNDER_MS = 15_000;
// The profiled pass that measures peak memory is one more pass; past this it is skipped.
// The tensors are the same on every backend, so the peak measured on WASM holds for the CPU.
const PROFILE_UNDER_MS = 30_000;
const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
// Keeps the whole benchmark near ten minutes even when a backend is far slower than expected.
const BACKEND_LIMIT_MS = 240_000;
const MB = 2 ** 20;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

export const gpt2SmallBenchmark: Benchmark = {
  title: 'GPT-2 small shape (124M parameters), load and forward on each backend',
  async run(report) {
    const work = mkdtempSync(join(tmpdir(), 'attention-lens-bench-'));
    try {
      const pageDir = join(work, 'page');
      await build({
        configFile: false,
        logLevel: 'warn',
        root: fileURLToPath(new URL('./page', import.meta.url)),
        base: './',
        build: {
          outDir: pageDir,
          emptyOutDir: true,
          target: 'es2022',
          chunkSizeWarningLimit: 8000,
        },
      });
      const written = writeGpt2Small(join(work, 'model'));
      report('parameters_gpt2small', written.parameters);
      report('checkpoint_mb_gpt2small', Math.round(written.bytes / MB));

      const server = serve({ page: pageDir, model: join(work, 'model'), app: DIST });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const browser = await launch(['--enable-precise-memory-info', '--js-flags=--expose-gc']);
      try {
        for (const backend of BACKENDS) {
          await measure(backend, origin, browser, report).catch((error: unknown) => {
            report(`error_gpt2small_${backend}`, String((error as Error).message ?? error));
          });
        }
        await measureOpenInApp(`${origin}/app/`, `${origin}/model/`, browser, report).catch(
          (error: unknown) => report('error_open_in_app_gpt2small', String(error)),
        );
      } finally {
        await browser.close();
        server.closeAllConnections();
        server.close();
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

async function measure(
  backend: (typeof BACKENDS)[number],
  origin: string,
  browser: Awaited<ReturnType<typeof launch>>,
  report: (name: string, value: number | string) => void,
) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/page/index.html`);
    await page.waitForFunction(() => 'bench' in window);
    const figures = await withLimit(
      (async () => {
        const loaded: LoadFigures = await page.evaluate(
          ([url, name]) => window.bench.load(url, name),
          [`${origin}/model/`, backend] as const,
        );
        report(`load_ms_gpt2small_${backend}`, Math.round(loaded.loadMs));
        const run: ForwardFigures = await page.evaluate(
          ([tokens, repeat, profile]) => window.bench.forward(tokens, repeat, profile),
          [TOKENS, REPEAT_UNDER_MS, PROFILE_UNDER_MS] as const,
        );
        return { loaded, run };
      })(),
      BACKEND_LIMIT_MS,
      `${backend} took longer than ${BACKEND_LIMIT_MS / 1000} s`,
    );
    const { loaded, run } = figures;
    if (run.tokens !== TOKENS) throw new Error(`the text read as ${run.tokens} tokens`);
    const typical = run.repeatMs.length > 0 ? run.repeatMs[run.repeatMs.length >> 1] : run.firstMs;
    report(`forward_ms_gpt2small_${backend}`, Math.round(typical));
    report(`forward_first_ms_gpt2small_${backend}`, Math.round(run.firstMs));
    report(`forward_runs_gpt2small_${backend}`, 1 + run.repeatMs.length);
    if (run.peakTensorBytes !== null) {
      report(`peak_tensor_mb_gpt2small_${backend}`, Math.round(run.peakTensorBytes / MB));
    }
    if (run.gpuAllocatedBytes !== null) {
      report(`gpu_allocated_mb_gpt2small_${backend}`, Math.round(run.gpuAllocatedBytes / MB));
    }
    if (loaded.jsHeapBytes !== null) {
      report(`js_heap_mb_gpt2small_${backend}`, Math.round(loaded.jsHeapBytes / MB));
    }
  } finally {
    await context.close();
  }
}

function withLimit<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** Serves folders read-only, each under its own path: `{ page: '/tmp/x' }` serves /page/…. */
function serve(mounts: Record<string, string>) {
  return createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const [, mount, ...rest] = path.split('/');
    const root = mounts[mount];
    const file = root ? join(root, ...rest) : '';
    let size: number;
    try {
      if (!root || !file.startsWith(root + '/')) throw new Error('outside');
      size = statSync(file).size;
    } catch {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': String(size),
    });
    createReadStream(file).pipe(response);
  });
}
