/**
 * The benchmark's page: the app's own model code, without the app around it, so load and
 * forward times measure the model layer on one backend and nothing else. The benchmark drives
 * it through `window.bench`.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/model/backend';
import { loadModel } from '../../../src/model/load';
import type { BackendName } from '../../../src/model/backend';
import type { AttentionModel } from '../../../src/model/types';

export interface LoadFigures {
  backend: string;
  loadMs: number;
  /** Bytes of tensors on the backend once loaded. */
  tensorBytes: number;
  /** Chromium's used JS heap once loaded, or null elsewhere. */
  jsHeapBytes: number | null;
}

export interface ForwardFigures {
  tokens: number;
  /** The first pass at this length; on WebGL it includes compiling shaders for the shape. */
  firstMs: number;
  /** Later passes, fastest first; empty when the first was too slow to repeat. */
  repeatMs: number[];
  /**
   * The most bytes of tensors alive at once during a pass, weights included, or null where it
   * was not measured (see `forward`).
   */
  peakTensorBytes: number | null;
  /** WebGL only: bytes of textures allocated, those kept in its pool for reuse included. */
  gpuAllocatedBytes: number | null;
}

let model: AttentionModel | null = null;

/** The heap still in use, after a collection where the page may ask for one (--expose-gc). */
function jsHeap(): number | null {
  (window as Window & { gc?: () => void }).gc?.();
  // performance.memory is Chromium-only and missing from TypeScript's DOM types.
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? memory.usedJSHeapSize : null;
}

/** The longest prefix of a sentence repeated that the model reads as exactly `tokens` tokens. */
function textOfLength(tokens: number): string {
  const long = 'The cat sat on the mat and the dog ran to the park. '.repeat(tokens);
  let low = 0;
  let high = long.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (model!.tokenize(long.slice(0, middle)).length <= tokens) low = middle;
    else high = middle - 1;
  }
  return long.slice(0, low);
}

async function load(baseUrl: string, backend: BackendName): Promise<LoadFigures> {
  const used = await initBackend(backend);
  if (used !== backend) throw new Error(`bench: ${backend} did not start (got ${used})`);
  const started = performance.now();
  model = await loadModel({ kind: 'url', baseUrl });
  const loadMs = performance.now() - started;
  return { backend: used, loadMs, tensorBytes: tf.memory().numBytes, jsHeapBytes: jsHeap() };
}

async function timed(pass: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await pass();
  return performance.now() - started;
}

/**
 * Times passes over `tokens` tokens, then measures the peak in one more, profiled pass. The
 * profiler reads every kernel's output back where the backend has no GPU timer, which on
 * software WebGL takes many minutes, so WebGL reports its texture allocation instead; the
 * tensors themselves are the same on every backend.
 */
async function forward(
  tokens: number,
  repeatUnderMs: number,
  profileUnderMs: number,
): Promise<ForwardFigures> {
  const open = model;
  if (!open) throw new Error('bench: load a model first');
  const text = textOfLength(tokens);
  const run = () => open.run(text);

  const firstMs = await timed(run);
  const repeatMs: number[] = [];
  if (firstMs < repeatUnderMs) {
    for (let i = 0; i < 3; i++) repeatMs.push(await timed(run));
  }

  let peakTensorBytes: number | null = null;
  if (tf.getBackend() !== 'webgl' && firstMs < profileUnderMs) {
    // Reading every output back to look for NaN would make the profiled pass far slower.
    tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
    peakTensorBytes = (
      await tf.profile(async () => {
        await run();
      })
    ).peakBytes;
  }
  const memory = tf.memory() as tf.MemoryInfo & { numBytesInGPUAllocated?: number };
  return {
    tokens: open.tokenize(text).length,
    firstMs,
    repeatMs: repeatMs.sort((a, b) => a - b),
    peakTensorBytes,
    gpuAllocatedBytes: memory.numBytesInGPUAllocated ?? null,
  };
}

declare global {
  interface Window {
    bench: { load: typeof load; forward: typeof forward };
  }
}

window.bench = { load, forward };
