import { Worker } from 'node:worker_threads';
import { QecError } from '../base/errors.js';

/** A batch of a study task sent to a worker (its circuit travels with it; workers cache by id). */
export interface BatchRequest {
  readonly strongId: string;
  readonly circuitText: string;
  readonly decoder: string;
  readonly decoderOptions: Readonly<Record<string, unknown>>;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly batch: number;
  readonly shots: number;
  readonly seed: number;
}

/** A worker's answer: the batch's logical errors and core-seconds, or the task's error. */
export interface BatchResult extends BatchRequest {
  readonly errors: number;
  readonly seconds: number;
  /** The task threw: its error's code (`VALIDATION`, `LIMIT`, `INTERNAL`, ...) and message. */
  readonly error?: { readonly code: string; readonly message: string };
  /** The `qec worker` that ran it (undefined: this process's pool). */
  readonly worker?: string;
}

/**
 * Starts `batch-worker` next to this module: the built JavaScript, or from TypeScript sources
 * (tests, tsx) an eval bootstrap that registers tsx's loader inside the worker first.
 */
function spawnWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./batch-worker.js', here));
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./batch-worker.ts', here).href;
  return new Worker(
    `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(entry)});`,
    { eval: true },
  );
}

interface Job {
  readonly req: BatchRequest;
  readonly resolve: (r: BatchResult) => void;
  readonly reject: (e: Error) => void;
}

/**
 * A fixed set of long-lived worker threads running collection batches (the collector's worker:
 * each compiles a task once, cached by strong id, then samples, decodes and counts). The service
 * keeps at most `size` batches in flight, so `run` is called only when {@link idle} > 0; extra
 * calls wait in a FIFO. A worker that dies is replaced and its batch rejected.
 */
export class BatchPool {
  readonly size: number;
  private readonly free: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly waiting: Job[] = [];
  private closed = false;

  constructor(size: number) {
    this.size = Math.max(1, size);
    for (let i = 0; i < this.size; i++) this.free.push(this.start());
  }

  /** Workers without a batch. */
  get idle(): number {
    return this.free.length;
  }

  private start(): Worker {
    const w = spawnWorker();
    w.on('message', (r: BatchResult) => {
      const job = this.busy.get(w);
      this.busy.delete(w);
      this.release(w);
      job?.resolve(r);
    });
    w.on('error', (e) => this.lost(w, e));
    w.on('exit', (code) => this.lost(w, new QecError(`batch worker exited with code ${code}`)));
    w.unref();
    return w;
  }

  private lost(w: Worker, e: Error): void {
    const job = this.busy.get(w);
    this.busy.delete(w);
    const i = this.free.indexOf(w);
    if (i >= 0) this.free.splice(i, 1);
    job?.reject(e);
    if (!this.closed && this.free.length + this.busy.size < this.size) this.release(this.start());
  }

  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next === undefined || this.closed) this.free.push(w);
    else this.dispatch(w, next);
  }

  private dispatch(w: Worker, job: Job): void {
    this.busy.set(w, job);
    w.postMessage(job.req);
  }

  /** Runs one batch on a free worker (or after the ones waiting). */
  run(req: BatchRequest): Promise<BatchResult> {
    if (this.closed) return Promise.reject(new QecError('the batch pool is closed'));
    return new Promise((resolve, reject) => {
      const job: Job = { req, resolve, reject };
      const w = this.free.pop();
      if (w === undefined) this.waiting.push(job);
      else this.dispatch(w, job);
    });
  }

  /** Stops every worker; batches in flight are abandoned (their promises reject). */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.free, ...this.busy.keys()];
    for (const j of this.waiting.splice(0)) j.reject(new QecError('the batch pool is closed'));
    await Promise.all(all.map((w) => w.terminate()));
  }
}
