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
  // The state remembers which choice it answers, so a new choice reads as not ready at once.
  const [state, setState] = useState<BackendState & { choice: BackendChoice | null }>({
    choice: null,
    ready: false,
    info: null,
    notice: null,
  });

  useEffect(() => {
    let cancelled = false;
    initBackend(choice === 'auto' ? undefined : choice)
      .then(() => {
        if (cancelled) return;
        const info = describeBackend();
        const notice =
          choice !== 'auto' && info.name !== choice
            ? `The ${choice} backend could not start here, so ${info.name} is used instead.`
            : null;
        setState({ choice, ready: true, info, notice });
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        const message = error instanceof Error ? error.message : String(error);
        const notice = `No TensorFlow.js backend started: ${message}`;
        setState({ choice, ready: false, info: null, notice });
      });
    return () => {
      cancelled = true;
    };
  }, [choice]);

  const { info, notice } = state;
  return { ready: state.ready && state.choice === choice, info, notice };
}
