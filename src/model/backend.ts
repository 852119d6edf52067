/**
 * Picks the TensorFlow.js backend in the browser: WebGL on a real GPU, else WASM, else plain
 * CPU. Browser only: the `?url` imports are resolved by Vite, so Node code must not import this
 * module (Node uses the CPU backend that @tensorflow/tfjs registers by default).
 */

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainWasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import { backendOrder, isSoftwareRenderer } from './renderer';
import type { BackendName } from './renderer';

export type { BackendName };

export interface BackendInfo {
  name: string;
  /** The WebGL renderer string, or null where WebGL is missing. */
  glRenderer: string | null;
  /** True when WebGL renders on the CPU (SwiftShader, llvmpipe). */
  software: boolean;
}

// The multithreaded WASM build fails in minified bundles, so threads stay off and its file is
// never fetched; setWasmPaths still wants an entry for it, and gets the SIMD file's URL.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
// WebGL otherwise bakes tensor shapes into each shader, so every new text length would compile
// new programs while the person types; with shapes as uniforms the warm-up's shaders are reused.
tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true);
setWasmPaths({
  'tfjs-backend-wasm.wasm': plainWasmUrl,
  'tfjs-backend-wasm-simd.wasm': simdWasmUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': simdWasmUrl,
});

/**
 * Switches to `preferred` when given and it starts; otherwise (or when it fails) picks the best
 * the device offers. Returns the backend in use.
 */
export async function initBackend(preferred?: BackendName): Promise<BackendName> {
  const candidates = backendOrder(glRenderer(), preferred);
  for (const name of candidates) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch (error) {
      console.warn(`backend: ${name} failed to start, trying the next one.`, error);
    }
  }
  throw new Error('No TensorFlow.js backend could start (tried ' + candidates.join(', ') + ').');
}

export function describeBackend(): BackendInfo {
  const renderer = glRenderer();
  return {
    name: tf.getBackend(),
    glRenderer: renderer,
    software: renderer !== null && isSoftwareRenderer(renderer),
  };
}

let cachedRenderer: string | null | undefined;

/**
 * The unmasked renderer string where the browser exposes it, else the masked one. Works on the
 * page and in a worker, which has no document but has OffscreenCanvas.
 */
function glRenderer(): string | null {
  if (cachedRenderer !== undefined) return cachedRenderer;
  cachedRenderer = null;
  const gl = probeContext();
  if (gl) {
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    cachedRenderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
  return cachedRenderer;
}

function probeContext(): WebGLRenderingContext | WebGL2RenderingContext | null {
  if (typeof document !== 'undefined') {
    const canvas = document.createElement('canvas');
    return canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  }
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(1, 1);
    return canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  }
  return null;
}
