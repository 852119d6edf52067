/**
 * The inference worker: opens the model from the bytes the page sends, runs it, and posts the
 * attention back with its buffers transferred. Typing on the page never waits on a forward pass.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { initBackend } from '../model/backend';
import { loadModel } from '../model/load';
import type { AttentionModel, ForwardResult } from '../model/types';
import { contextPrefix } from './prefix';
import { isOutOfMemory } from './protocol';
import type { FlatResult, FromWorker, ToWorker } from './protocol';

// A dedicated worker's global scope, typed without pulling the WebWorker lib into every file.
const scope = self as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

let model: AttentionModel | null = null;
// Runs that arrive while a model loads wait for it, so the page may send them at once.
let loading: Promise<void> = Promise.resolve();
// Set by the 'out-of-memory' fault: the next forward pass asks for more memory than exists.
let exhaustMemory = false;

function post(message: FromWorker, transfer: Transferable[] = []) {
  scope.postMessage(message, transfer);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.type) {
    case 'load':
      loading = load(message);
      break;
    case 'run':
      void run(message);
      break;
    case 'memory': {
      const { numTensors, numBytes } = tf.memory();
      post({ type: 'memory', id: message.id, numTensors, numBytes });
      break;
    }
    case 'fault':
      injectFault(message.fault);
      break;
  }
};

async function load(message: Extract<ToWorker, { type: 'load' }>) {
  try {
    const backend = await initBackend(message.backend);
    if (backend === 'webgl') watchContext();
    model?.dispose();
    model = null;
    model = await loadModel({ kind: 'files', files: new Map(message.files), name: message.name });
    post({
      type: 'loaded',
      id: message.id,
      backend,
      hasLanguageModelHead: model.hasLanguageModelHead,
    });
  } catch (error) {
    const text = messageOf(error);
    post({ type: 'error', id: message.id, message: text, outOfMemory: isOutOfMemory(text) });
  }
}

async function run(message: Extract<ToWorker, { type: 'run' }>) {
  try {
    await loading;
    if (!model) throw new Error('no model is open in the worker.');
    if (exhaustMemory) {
      exhaustMemory = false;
      // Sixteen gigabytes: more than any backend here can hold, so the allocator itself fails.
      tf.tidy(() => tf.zeros([65536, 65536]).sum().dataSync());
    }
    const { text, cut } = contextPrefix(message.text, model.config);
    const result = await model.run(text, {
      projectionsLayer: message.projectionsLayer,
      ablate: new Set(message.ablate),
    });
    // Past the prefix the text only grows, so a cut text is always longer than the context.
    const flat = flatten({ ...result, truncated: result.truncated || cut });
    post({ type: 'result', id: message.id, result: flat }, [
      flat.attention.buffer,
      flat.logits.buffer,
      flat.projections.buffer,
      flat.valueNorms.buffer,
    ]);
  } catch (error) {
    const text = messageOf(error);
    post({ type: 'error', id: message.id, message: text, outOfMemory: isOutOfMemory(text) });
  }
}

function flatten(result: ForwardResult): FlatResult {
  const { projections } = result;
  return {
    tokens: result.tokens,
    seqLen: result.seqLen,
    attention: joined(result.attention.flat()),
    logits: ownBuffer(result.logits),
    projections: joined([...projections.queries, ...projections.keys, ...projections.values]),
    layer: projections.layer,
    valueNorms: joined(result.valueNorms.flat()),
    truncated: result.truncated,
    fullLength: result.fullLength,
  };
}

/**
 * The parts as one array. The model returns them as consecutive views of one read-back buffer,
 * which is then sent whole; anything else is copied into a fresh buffer.
 */
function joined(parts: Float32Array[]): Float32Array {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const first = parts[0];
  if (first && first.byteOffset === 0 && first.buffer.byteLength === length * 4) {
    const whole = new Float32Array(first.buffer as ArrayBuffer);
    let offset = 0;
    const consecutive = parts.every((part) => {
      const ok = part.buffer === first.buffer && part.byteOffset === offset * 4;
      offset += part.length;
      return ok;
    });
    if (consecutive) return whole;
  }
  const out = new Float32Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A view that owns its whole buffer, so transferring it cannot take anything else along. */
function ownBuffer(array: Float32Array): Float32Array {
  const whole = array.byteOffset === 0 && array.buffer.byteLength === array.byteLength;
  return whole ? array : array.slice();
}

function webglContext(): WebGL2RenderingContext | WebGLRenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as MathBackendWebGL).gpgpu.gl;
}

/** After a lost context every WebGL texture is gone, so the page starts a fresh worker. */
function watchContext() {
  const canvas = webglContext()?.canvas;
  canvas?.addEventListener('webglcontextlost', () => post({ type: 'context-lost' }));
}

function injectFault(fault: Extract<ToWorker, { type: 'fault' }>['fault']) {
  switch (fault) {
    case 'crash':
      // Thrown outside any handler, so it reaches the page as the worker's error event.
      setTimeout(() => {
        throw new Error('inference worker: crash requested by the page');
      });
      break;
    case 'out-of-memory':
      exhaustMemory = true;
      break;
    case 'lose-context':
      webglContext()?.getExtension('WEBGL_lose_context')?.loseContext();
      break;
  }
}
