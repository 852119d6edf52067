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
  /** Chromium's used JS heap, or null elsewhere. */
  jsHeapBytes: number | null;
}

export interface ForwardFigures {
  tokens: number;
  /** The first pass at this length; on WebGL it includes compiling shaders for the shape. */
  firstMs: number;
  /** Later passes, fastest first; empty when the first was too slow to repeat. */
  repeatMs: number[];
  /** The most bytes of tensors alive at once during the first pass, weights included. */
  peakTensorBytes: number;
}

let model: AttentionModel | null = null;

function jsHeap(): number | null {
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

async function forward(tokens: number, repeatUnderMs: number): Promise<ForwardFigures> {
  if (!model) throw new Error('bench: load a model first');
  const text = textOfLength(tokens);
  const count = model.tokenize(text).length;

  let firstMs = 0;
  const profile = await tf.profile(async () => {
    const started = performance.now();
    await model!.run(text);
    firstMs = performance.now() - started;
  });

  const repeatMs: number[] = [];
  if (firstMs < repeatUnderMs) {
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await model.run(text);
      repeatMs.push(performance.now() - started);
    }
  }
  return {
    tokens: count,
    firstMs,
    repeatMs: repeatMs.sort((a, b) => a - b),
    peakTensorBytes: profile.peakBytes,
  };
}

declare global {
  interface Window {
    bench: { load: typeof load; forward: typeof forward };
  }
}

window.bench = { load, forward };
