/**
 * Owns the inference worker: starts it, matches answers to requests, and when it dies (an
 * uncaught error, a lost GPU context, memory running out) starts a fresh one, sends it the same
 * model files and sends again every request that had no answer. The page notices only a delay.
 */
import type { BackendName } from '../model/backend';
import { setWorkerStatus } from './status';
import type { Fault, FlatResult, FromWorker, ToWorker } from './protocol';

type Request = Exclude<ToWorker, { type: 'fault' }>;
type Answer = Exclude<FromWorker, { type: 'context-lost' | 'error' }>;
type Payload<T> = T extends Request ? Omit<T, 'id'> : never;

interface Pending {
  request: Request;
  resolve: (answer: Answer) => void;
  reject: (error: Error) => void;
  /** Set once the request has been sent again after a restart; a second crash rejects it. */
  resent: boolean;
}

// More restarts than this in a minute mean the fault is not passing; the host then gives up.
const MAX_RESTARTS_PER_MINUTE = 3;

export class WorkerHost {
  private worker: Worker | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private restarts: number[] = [];
  private closed = false;
  private loadRequest: Payload<Extract<Request, { type: 'load' }>>;

  constructor(name: string, files: [string, Blob][], backend: BackendName) {
    this.loadRequest = { type: 'load', name, files, backend };
  }

  /** Starts the worker and opens the model in it; resolves once it is ready to run. */
  async start(): Promise<{ backend: BackendName; hasLanguageModelHead: boolean }> {
    const worker = new Worker(new URL('./inference.worker.ts', import.meta.url), {
      type: 'module',
      name: 'attention-lens inference',
    });
    this.worker = worker;
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.restart(`it crashed (${event.message || 'no message'})`);
    };
    worker.onmessageerror = () => this.restart('it sent a message that could not be read');
    const wanted = this.loadRequest.backend;
    const answer = await this.send(this.loadRequest);
    if (answer.type !== 'loaded') throw new Error(`inference worker: answered ${answer.type}`);
    setWorkerStatus({ backend: answer.backend });
    if (answer.backend !== wanted) {
      setWorkerStatus({
        notice:
          `The ${wanted} backend could not start in the background worker, so the model runs ` +
          `on ${answer.backend} instead.`,
      });
    }
    return answer;
  }

  async run(text: string, projectionsLayer: number, ablate: string[]): Promise<FlatResult> {
    const answer = await this.send({ type: 'run', text, projectionsLayer, ablate });
    if (answer.type !== 'result') throw new Error(`inference worker: answered ${answer.type}`);
    return answer.result;
  }

  async memory(): Promise<{ numTensors: number; numBytes: number }> {
    const answer = await this.send({ type: 'memory' });
    if (answer.type !== 'memory') throw new Error(`inference worker: answered ${answer.type}`);
    return answer;
  }

  /** Moves the model to another backend: a fresh worker opens it there. */
  switchBackend(backend: BackendName): void {
    if (this.closed || backend === this.loadRequest.backend) return;
    this.loadRequest = { ...this.loadRequest, backend };
    this.replaceWorker(null);
  }

  fault(fault: Fault): void {
    this.post({ type: 'fault', fault });
  }

  close(): void {
    this.closed = true;
    this.worker?.terminate();
    this.worker = null;
    this.rejectAll(new Error('the model was closed.'));
  }

  private send(payload: Payload<Request>): Promise<Answer> {
    if (this.closed || !this.worker) {
      return Promise.reject(new Error('the model was closed; open it again.'));
    }
    const request = { ...payload, id: this.nextId++ } as Request;
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { request, resolve, reject, resent: false });
      this.post(request);
    });
  }

  private receive(message: FromWorker) {
    if (message.type === 'context-lost') {
      this.restart('the GPU context was lost');
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.type !== 'error') {
      pending.resolve(message);
      return;
    }
    if (message.outOfMemory) {
      pending.reject(new Error(outOfMemoryMessage(message.message)));
      // A failed allocation can leave a backend half-broken; a fresh worker is cheap insurance.
      this.restart('it ran out of memory', { quiet: true });
      return;
    }
    pending.reject(new Error(message.message));
  }

  private restart(reason: string, { quiet = false } = {}) {
    if (this.closed) return;
    const now = Date.now();
    this.restarts = this.restarts.filter((time) => now - time < 60_000);
    this.worker?.terminate();
    this.worker = null;
    if (this.restarts.length >= MAX_RESTARTS_PER_MINUTE) {
      this.closed = true;
      const notice =
        `The model's background worker stopped: ${reason}, again. Reload the page to try ` +
        'once more, or pick a smaller model or another backend.';
      setWorkerStatus({ notice });
      this.rejectAll(new Error(notice));
      return;
    }
    this.restarts.push(now);
    if (!quiet) {
      setWorkerStatus({
        notice:
          `The model's background worker stopped (${reason}); it was restarted and the ` +
          'model opened again. Your text and settings are unchanged.',
      });
    }
    this.replaceWorker(reason);
  }

  /**
   * Starts a fresh worker and sends it every request still waiting. After a crash (`reason`
   * set) a request that already went through one crash is rejected instead, so a text that
   * kills the worker cannot restart it for ever.
   */
  private replaceWorker(reason: string | null) {
    this.worker?.terminate();
    this.worker = null;
    const waiting = [...this.pending.values()].filter((p) => p.request.type !== 'load');
    this.pending.clear();
    this.start().catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      setWorkerStatus({
        notice: `The model could not be opened again after a restart: ${message}`,
      });
    });
    for (const pending of waiting) {
      if (reason !== null && pending.resent) {
        pending.reject(new Error(`the model's worker stopped twice on this request (${reason}).`));
        continue;
      }
      pending.resent ||= reason !== null;
      this.pending.set(pending.request.id, pending);
      this.post(pending.request);
    }
  }

  private post(message: ToWorker) {
    this.worker?.postMessage(message);
  }

  private rejectAll(error: Error) {
    const all = [...this.pending.values()];
    this.pending.clear();
    all.forEach((p) => p.reject(error));
  }
}

function outOfMemoryMessage(detail: string): string {
  return (
    `the model ran out of memory (${detail}). Try a shorter text, a smaller model, or another ` +
    'backend in the Backend menu.'
  );
}
