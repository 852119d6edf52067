/**
 * Opens a model in a Web Worker behind the same AttentionModel interface `loadModel` returns,
 * so typing never waits on a forward pass. Files are read here, through the source's own
 * reader; tokenize and decode answer at once from a tokenizer kept on this side.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../model/backend';
import { fitToContext } from '../model/tokenizer';
import type { AttentionModel, LoadOptions, ModelSource } from '../model/types';
import { readFolder } from './folder';
import { WorkerHost } from './host';
import { contextPrefix } from './prefix';
import { unflatten } from './split';
import { setWorkerStatus } from './status';
import type { Fault } from './protocol';

export { prefixLength } from './prefix';

export interface WorkerLoadOptions extends LoadOptions {
  /** Backend for the worker; by default the one this page started, so both agree. */
  backend?: BackendName;
}

/**
 * Events on `window` that reach the open worker. Harmless in production (the worker restarts
 * and the model reopens) and the only way the browser tests and the benchmark can reach it.
 */
export const FAULT_EVENT = 'attention-lens:fault';
export const MEMORY_EVENT = 'attention-lens:memory';
export const MEMORY_REPORT_EVENT = 'attention-lens:memory-report';

export async function loadModelInWorker(
  source: ModelSource,
  options: WorkerLoadOptions = {},
): Promise<AttentionModel> {
  const folder = await readFolder(source, options);
  options.signal?.throwIfAborted();
  const { config, tokenizer } = folder;
  const backend = options.backend ?? chosenBackend ?? pageBackend();
  const host = new WorkerHost(folder.name, folder.files, backend);
  const unlisten = listenForDebugEvents(host);
  // Whatever went wrong with the previous model is no news about this one.
  setWorkerStatus({ notice: null });
  let loaded: Awaited<ReturnType<WorkerHost['start']>>;
  try {
    loaded = await host.start();
  } catch (error) {
    unlisten();
    host.close();
    throw error;
  }
  hosts.add(host);

  return {
    name: folder.name,
    config,
    maskToken: config.causal ? null : tokenizer.maskToken,
    hasLanguageModelHead: loaded.hasLanguageModelHead,
    tokenize: (text) =>
      fitToContext(
        tokenizer.tokenize(contextPrefix(text, config).text),
        config.maxPositions,
        !config.causal,
      ).tokens,
    decode: (ids) => tokenizer.decode(ids),
    async run(text, forward = {}) {
      const layer = forward.projectionsLayer ?? 0;
      if (!Number.isInteger(layer) || layer < 0 || layer >= config.numLayers) {
        throw new RangeError(
          `projectionsLayer ${layer} is outside the model's layers 0-${config.numLayers - 1}.`,
        );
      }
      const flat = await host.run(text, layer, [...(forward.ablate ?? [])]);
      return unflatten(flat, config);
    },
    dispose() {
      unlisten();
      hosts.delete(host);
      host.close();
    },
  };
}

const hosts = new Set<WorkerHost>();
let chosenBackend: BackendName | null = null;

/**
 * Moves every open model, and every model opened later, to `backend`. The page calls this when
 * the person picks another backend; each worker is replaced by one that starts there.
 */
export function switchWorkerBackend(backend: BackendName): void {
  chosenBackend = backend;
  hosts.forEach((host) => host.switchBackend(backend));
}

function pageBackend(): BackendName {
  const name = tf.getBackend();
  return name === 'webgl' || name === 'cpu' ? name : 'wasm';
}

function listenForDebugEvents(host: WorkerHost): () => void {
  if (typeof window === 'undefined') return () => {};
  const onFault = (event: Event) => host.fault((event as CustomEvent<Fault>).detail);
  const onMemory = () => {
    host
      .memory()
      .then((memory) =>
        window.dispatchEvent(new CustomEvent(MEMORY_REPORT_EVENT, { detail: memory })),
      )
      .catch((error: unknown) => console.warn('inference worker: no memory report', error));
  };
  window.addEventListener(FAULT_EVENT, onFault);
  window.addEventListener(MEMORY_EVENT, onMemory);
  return () => {
    window.removeEventListener(FAULT_EVENT, onFault);
    window.removeEventListener(MEMORY_EVENT, onMemory);
  };
}
