/**
 * The benchmark's page: times the model's forward pass on each backend, the plain reference,
 * and the app's own heatmap painting, in the browser, and answers through `window.harness`.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/model/backend';
import { loadModel } from '../../../src/model/load';
import { schemeTable } from '../../../src/draw/colors';
import { drawMatrixToCanvas } from '../../../src/draw/heatmap';
import type { BackendName } from '../../../src/model/backend';
import type { AttentionModel } from '../../../src/model/types';
import { hostModel } from '../hostModel';
import { referenceGpt2 } from '../reference';
import { textOfLength } from './textOfLength';

export interface ForwardTiming {
  backend: string;
  seqLen: number;
  medianMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// The last wasm attention per length, so the reference can be checked against it.
const wasmAttention = new Map<number, Float32Array[][]>();

async function forward(
  backend: BackendName,
  modelUrl: string,
  tokens: number,
  repeats: number,
): Promise<ForwardTiming> {
  const started = await initBackend(backend);
  if (started !== backend) throw new Error(`${backend} did not start (got ${started})`);
  const model: AttentionModel = await loadModel({ kind: 'url', baseUrl: modelUrl });
  try {
    const text = textOfLength(model, tokens);
    // Shapes new to a backend compile kernels (WebGL) or grow buffers on the first pass.
    const first = await model.run(text);
    if (backend === 'wasm') wasmAttention.set(first.seqLen, first.attention);
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      await model.run(text);
      times.push(performance.now() - start);
    }
    return { backend: tf.getBackend(), seqLen: first.seqLen, medianMs: median(times) };
  } finally {
    model.dispose();
  }
}

async function readFolder(modelUrl: string): Promise<Map<string, ArrayBuffer>> {
  const files = new Map<string, ArrayBuffer>();
  for (const file of [
    'config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    'model.safetensors',
  ]) {
    const response = await fetch(new URL(file, modelUrl));
    if (response.ok) files.set(file, await response.arrayBuffer());
  }
  return files;
}

/** Times the reference, and gives its largest difference from the wasm attention. */
async function reference(modelUrl: string, tokens: number, repeats: number) {
  const host = hostModel(await readFolder(modelUrl));
  const text = textOfLength(
    { tokenize: (t) => host.tokenizer.tokenize(t).slice(0, host.config.maxPositions) },
    tokens,
  );
  const ids = host.tokenizer.tokenize(text).map((token) => token.id);
  const times: number[] = [];
  let result = referenceGpt2(host.weights, host.config, ids);
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    result = referenceGpt2(host.weights, host.config, ids);
    times.push(performance.now() - start);
  }
  let gap = Number.NaN;
  const wasm = wasmAttention.get(ids.length);
  if (wasm) {
    gap = 0;
    result.attention.forEach((heads, l) =>
      heads.forEach((matrix, h) =>
        matrix.forEach((value, i) => (gap = Math.max(gap, Math.abs(value - wasm[l][h][i])))),
      ),
    );
  }
  return { seqLen: ids.length, medianMs: median(times), maxAttentionGap: gap };
}

/**
 * The reference's time over the backend's, pass by pass in alternation, so that a busy machine
 * slows both sides of each ratio alike; the median ratio of `pairs` pairs.
 */
async function pairedSpeedup(
  backend: BackendName,
  modelUrl: string,
  tokens: number,
  pairs: number,
): Promise<number> {
  await initBackend(backend);
  const host = hostModel(await readFolder(modelUrl));
  const model = await loadModel({ kind: 'url', baseUrl: modelUrl });
  try {
    const text = textOfLength(model, tokens);
    const ids = (await model.run(text)).tokens.map((token) => token.id);
    const ratios: number[] = [];
    for (let i = 0; i < pairs; i++) {
      let start = performance.now();
      await model.run(text);
      const backendMs = performance.now() - start;
      start = performance.now();
      referenceGpt2(host.weights, host.config, ids);
      ratios.push((performance.now() - start) / backendMs);
    }
    return median(ratios);
  } finally {
    model.dispose();
  }
}

/** Paints `heads` random row-stochastic causal matrices of `seqLen` with the app's painter. */
function gridPaint(heads: number, seqLen: number, repeats: number): number {
  const holder = document.getElementById('canvases') as HTMLElement;
  holder.replaceChildren();
  const canvases = Array.from({ length: heads }, () => {
    const canvas = document.createElement('canvas');
    canvas.style.width = '96px';
    canvas.style.imageRendering = 'pixelated';
    holder.append(canvas);
    return canvas;
  });
  const matrices = canvases.map(() => {
    const m = new Float32Array(seqLen * seqLen);
    for (let q = 0; q < seqLen; q++) {
      for (let k = 0; k <= q; k++) m[q * seqLen + k] = Math.random() / (q + 1);
    }
    return m;
  });
  const options = { table: schemeTable('viridis'), transform: 'linear' as const, causal: true };
  const times: number[] = [];
  for (let i = 0; i <= repeats; i++) {
    const start = performance.now();
    canvases.forEach((canvas, h) =>
      drawMatrixToCanvas(canvas, matrices[h], seqLen, { ...options, max: 'row' }),
    );
    // The first round sizes the canvases, which a live grid does only when the length changes.
    if (i > 0) times.push(performance.now() - start);
  }
  return median(times);
}

const harness = { forward, reference, pairedSpeedup, gridPaint };
export type Harness = typeof harness;
(window as unknown as { harness: Harness }).harness = harness;
document.title = 'harness ready';
