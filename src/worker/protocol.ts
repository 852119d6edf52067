/**
 * The messages between the page and the inference worker. Arrays of numbers travel as
 * Float32Arrays whose buffers are transferred, never copied.
 */
import type { BackendName } from '../model/backend';
import type { Token } from '../model/types';

/** Faults the page can ask the worker to suffer, so recovery can be tested end to end. */
export type Fault = 'crash' | 'out-of-memory' | 'lose-context';

export type ToWorker =
  | {
      type: 'load';
      id: number;
      name: string;
      /** File name and bytes, as a `files` model source. Blobs are shared, not copied. */
      files: [string, Blob][];
      backend: BackendName;
    }
  | { type: 'run'; id: number; text: string; projectionsLayer: number; ablate: string[] }
  | { type: 'memory'; id: number }
  | { type: 'fault'; fault: Fault };

/** One forward result, flattened for transfer; the page splits it back into heads. */
export interface FlatResult {
  tokens: Token[];
  seqLen: number;
  /** [numLayers, numHeads, seqLen, seqLen] */
  attention: Float32Array;
  /** [seqLen, vocabSize], or empty without a language-model head. */
  logits: Float32Array;
  /** [3, numHeads, seqLen, headDim]: queries, keys and values of `layer`. */
  projections: Float32Array;
  layer: number;
  /** [numLayers, numHeads, seqLen]: the length of every position's value vector. */
  valueNorms: Float32Array;
  truncated: boolean;
  fullLength: number;
}

export type FromWorker =
  | { type: 'loaded'; id: number; backend: BackendName; hasLanguageModelHead: boolean }
  | { type: 'result'; id: number; result: FlatResult }
  | { type: 'memory'; id: number; numTensors: number; numBytes: number }
  | { type: 'error'; id: number; message: string; outOfMemory: boolean }
  /** The GPU context went away; the worker is useless until it is started again. */
  | { type: 'context-lost' };

/** Messages of allocation failures in V8, WASM and WebGL, which all mean "out of memory". */
export function isOutOfMemory(message: string): boolean {
  return /out of memory|allocation failed|cannot enlarge memory|failed to allocate/i.test(message);
}
