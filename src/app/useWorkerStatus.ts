/** The inference worker's status for React components; see src/worker/status. */
import { useSyncExternalStore } from 'react';
import { subscribeWorkerStatus, workerStatus } from '../worker/status';
import type { WorkerStatus } from '../worker/status';

export function useWorkerStatus(): WorkerStatus {
  return useSyncExternalStore(subscribeWorkerStatus, workerStatus);
}
