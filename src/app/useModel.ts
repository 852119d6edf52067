/**
 * Opens models and keeps the last good one: when a new model fails to load, the one that was
 * open stays on screen and usable, and the error is reported beside it.
 */
import { useEffect, useRef, useState } from 'react';
import type { AttentionModel } from '../model/types';
import { loadModel } from '../model/load';
import { builtinModelUrl } from './builtinModels';

export interface ModelState {
  model: AttentionModel | null;
  /** Name of the model being opened, or null when nothing is loading. */
  loading: string | null;
  error: string | null;
}

/** Opens the built-in model called `name` once the backend is ready. */
export function useModel(name: string, backendReady: boolean): ModelState {
  const [state, setState] = useState<ModelState>({ model: null, loading: name, error: null });
  const current = useRef<AttentionModel | null>(null);

  useEffect(() => {
    if (!backendReady) return;
    let cancelled = false;
    setState((s) => ({ ...s, loading: name, error: null }));

    loadModel({ kind: 'url', baseUrl: builtinModelUrl(name), name })
      .then((model) => {
        if (cancelled) {
          model.dispose();
          return;
        }
        current.current?.dispose();
        current.current = model;
        setState({ model, loading: null, error: null });
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        const message = error instanceof Error ? error.message : String(error);
        setState((s) => ({ ...s, loading: null, error: `Could not open ${name}: ${message}` }));
      });

    return () => {
      cancelled = true;
    };
  }, [name, backendReady]);

  useEffect(
    () => () => {
      current.current?.dispose();
      current.current = null;
    },
    [],
  );

  return state;
}
