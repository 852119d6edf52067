/**
 * What the page should tell the person about the inference worker: the backend it runs on and
 * the latest thing that went wrong and was recovered from. A tiny store, read by a React hook.
 */
import type { BackendName } from '../model/backend';

export interface WorkerStatus {
  /** Backend the worker's model runs on, or null before one has loaded. */
  backend: BackendName | null;
  /** A sentence for the page (a fallback, a restart), or null. */
  notice: string | null;
}

let status: WorkerStatus = { backend: null, notice: null };
const listeners = new Set<() => void>();

export function workerStatus(): WorkerStatus {
  return status;
}

export function setWorkerStatus(patch: Partial<WorkerStatus>): void {
  status = { ...status, ...patch };
  listeners.forEach((listener) => listener());
}

export function subscribeWorkerStatus(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
