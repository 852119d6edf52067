/**
 * Opens models and keeps the last good one: when a new model fails to load or the download is
 * cancelled, the one that was open stays on screen and usable, and the page says why.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AttentionModel } from '../model/types';
import { describeBackend } from '../model/backend';
import { openModelCache } from '../hub/cache';
import { DEFAULT_HUB, hubEndpointFromQuery } from '../hub/endpoint';
import { readDeviceLimits } from '../hub/memory';
import { isAbort, openModel } from '../hub/open';
import { displayName, parseReference } from '../hub/reference';
import type { MemoryEstimate } from '../hub/memory';
import type { DownloadProgress } from '../hub/progress';
import { builtinModelUrl } from './builtinModels';
import { localFiles } from './localFiles';
import { loadModelInWorker } from '../worker';

export interface ModelState {
  model: AttentionModel | null;
  /** Name of the model being opened, or null when nothing is loading. */
  loading: string | null;
  error: string | null;
  /** Something to know that is not a failure, such as a cancelled download. */
  notice: string | null;
  progress: DownloadProgress | null;
  /** The memory estimate of the model being opened, or of the one open. */
  estimate: MemoryEstimate | null;
  /** Set while a memory warning waits for the person: true goes on, false stops. */
  answerMemoryWarning: ((proceed: boolean) => void) | null;
  /** Stops the download in progress; null when nothing is loading. */
  cancel: (() => void) | null;
  /** Opens the current reference again, after a failure or a cancel. */
  retry: () => void;
  /** Where Hub repositories come from. */
  hubEndpoint: string;
  /** Set when the page's `?hub=` parameter was refused. */
  hubError: string | null;
}

// Progress arrives once per network chunk; the page needs a fraction of that.
const PROGRESS_INTERVAL_MS = 100;

const modelCache = openModelCache();

function initialHub(): { endpoint: string; error: string | null } {
  try {
    return { endpoint: hubEndpointFromQuery(window.location.search), error: null };
  } catch (error) {
    return { endpoint: DEFAULT_HUB, error: `${(error as Error).message} Using ${DEFAULT_HUB}.` };
  }
}

/** Opens the model named by `reference` (see src/hub/reference.ts) once the backend is ready. */
export function useModel(reference: string, backendReady: boolean): ModelState {
  const [hub] = useState(initialHub);
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  const [state, setState] = useState<Omit<ModelState, 'retry' | 'hubEndpoint' | 'hubError'>>({
    model: null,
    loading: reference,
    error: null,
    notice: null,
    progress: null,
    estimate: null,
    answerMemoryWarning: null,
    cancel: null,
  });
  const current = useRef<AttentionModel | null>(null);

  useEffect(() => {
    if (!backendReady) return;
    // Set when another reference, a retry or unmounting takes over from this load.
    let superseded = false;
    const controller = new AbortController();
    const cancel = () => controller.abort();
    let name = reference;
    const previous = current.current?.name;
    const stays = previous ? ` ${previous} stays open.` : '';

    let lastProgress = 0;
    const onProgress = (progress: DownloadProgress) => {
      const now = performance.now();
      const done = progress.total !== null && progress.loaded >= progress.total;
      if (!done && now - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = now;
      if (!superseded) setState((s) => ({ ...s, progress }));
    };
    const confirmMemory = (estimate: MemoryEstimate) =>
      new Promise<boolean>((resolve) => {
        controller.signal.addEventListener('abort', () => resolve(false), { once: true });
        const answer = (proceed: boolean) => {
          setState((s) => ({ ...s, answerMemoryWarning: null }));
          resolve(proceed);
        };
        setState((s) => ({ ...s, estimate, answerMemoryWarning: answer }));
      });

    const open = async () => {
      const parsed = parseReference(reference);
      name = displayName(parsed);
      setState((s) => ({
        ...s,
        loading: name,
        error: null,
        notice: null,
        progress: null,
        estimate: null,
        answerMemoryWarning: null,
        cancel,
      }));
      const cache = parsed.kind === 'hub' || parsed.kind === 'url' ? await modelCache : null;
      const backend = describeBackend().name;
      return openModel(parsed, {
        hubEndpoint: hub.endpoint,
        builtinUrl: builtinModelUrl,
        localFiles,
        cache,
        limits: readDeviceLimits(backend),
        backend,
        onProgress,
        onEstimate: (estimate) => setState((s) => ({ ...s, estimate })),
        confirmMemory,
        signal: controller.signal,
        load: loadModelInWorker,
      });
    };

    open()
      .then((model) => {
        if (superseded) {
          model.dispose();
          return;
        }
        current.current?.dispose();
        current.current = model;
        setState((s) => ({ ...s, model, loading: null, progress: null, cancel: null }));
      })
      .catch((error: unknown) => {
        if (superseded) return;
        const message = error instanceof Error ? error.message : String(error);
        // A cancelled download may fail with the stream's own error rather than an AbortError.
        const cancelled = controller.signal.aborted || isAbort(error);
        setState((s) => ({
          ...s,
          loading: null,
          progress: null,
          cancel: null,
          answerMemoryWarning: null,
          error: cancelled ? null : `Could not open ${name}: ${message}${stays}`,
          notice: cancelled ? `Opening ${name} was cancelled.${stays}` : null,
        }));
      });

    return () => {
      superseded = true;
      controller.abort();
    };
  }, [reference, backendReady, attempt, hub.endpoint]);

  useEffect(
    () => () => {
      current.current?.dispose();
      current.current = null;
    },
    [],
  );

  return { ...state, retry, hubEndpoint: hub.endpoint, hubError: hub.error };
}
