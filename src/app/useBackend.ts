/** Starts the TensorFlow.js backend the person chose, or the best one this device offers. */
import { useEffect, useState } from 'react';
import { describeBackend, initBackend, type BackendInfo } from '../model/backend';
import type { BackendChoice } from './settings';

export interface BackendState {
  ready: boolean;
  info: BackendInfo | null;
  /** Set when the chosen backend could not start and another took its place. */
  notice: string | null;
}

export function useBackend(choice: BackendChoice): BackendState {
  const [state, setState] = useState<BackendState>({ ready: false, info: null, notice: null });

  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, ready: false }));
    initBackend(choice === 'auto' ? undefined : choice)
      .then(() => {
        if (cancelled) return;
        const info = describeBackend();
        const notice =
          choice !== 'auto' && info.name !== choice
            ? `The ${choice} backend could not start here, so ${info.name} is used instead.`
            : null;
        setState({ ready: true, info, notice });
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        const message = error instanceof Error ? error.message : String(error);
        setState({ ready: false, info: null, notice: `No TensorFlow.js backend started: ${message}` });
      });
    return () => {
      cancelled = true;
    };
  }, [choice]);

  return state;
}
