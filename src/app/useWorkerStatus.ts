/** The inference worker seen from React: its status, and the backend it should run on. */
import { useEffect, useSyncExternalStore } from 'react';
import type { BackendName } from '../model/backend';
import { switchWorkerBackend } from '../worker';
import { subscribeWorkerStatus, workerStatus } from '../worker/status';
import type { WorkerStatus } from '../worker/status';

export function useWorkerStatus(): WorkerStatus {
  return useSyncExternalStore(subscribeWorkerStatus, workerStatus);
}

/** Keeps the worker on the backend the page started (`name` from describeBackend). */
export function useWorkerBackend(name: string | undefined): void {
  useEffect(() => {
    if (name === 'webgl' || name === 'wasm' || name === 'cpu') {
      switchWorkerBackend(name satisfies BackendName);
    }
  }, [name]);
}
