/**
 * The one thread set of the Node layer: worker start-up (a worker thread running `worker.ts`, or
 * the same handler in this thread for `workers: 0`), each worker's liveness (a dead worker is
 * replaced at once by a fresh one) and what each worker already holds. {@link WorkerPool} (driven
 * collections) and {@link BatchThreads} (batches as they come) both run on it.
 */
import { Worker } from 'node:worker_threads';
import { QecError } from '../base/errors.js';
import type { BatchRequest, TaskAssignment } from '../protocol/index.js';
import type { WorkerReply, WorkerRequest } from './worker-jobs.js';

/** A worker as drivers see it. */
export interface PoolWorker {
  /** 0-based position in the pool. */
  readonly id: number;
  /** What this worker already holds (task strong ids, a compiled sampler...); cleared when it is replaced. */
  readonly known: Set<string>;
}

/** The transport to one worker (a thread, or this thread for `workers: 0`). */
export interface Endpoint {
  post(msg: WorkerRequest): void;
  listen(onReply: (r: WorkerReply) => void, onFail: (e: Error) => void): void;
  unlisten(): void;
  terminate(): Promise<void>;
}

/**
 * Starts a worker thread running `worker` next to this module: the built `.js` in dist/, or, when
 * running from TypeScript sources (tests, tsx), an eval bootstrap that registers tsx's ESM loader
 * inside the worker before importing the `.ts` entry (the parent's loader hooks and an inherited
 * `--import tsx` do not take effect for a worker's main module in Node 20).
 */
export function threadEndpoint(): Endpoint {
  const here = import.meta.url;
  let w: Worker;
  if (!here.endsWith('.ts')) w = new Worker(new URL('./worker.js', here));
  else {
    const api = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./worker.ts', here).href;
    w = new Worker(
      `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(entry)});`,
      { eval: true },
    );
  }
  return {
    post: (msg) => w.postMessage(msg),
    listen(onReply, onFail) {
      w.on('message', onReply);
      w.on('error', (e) => onFail(e instanceof Error ? e : new Error(String(e))));
      w.on('exit', (code) =>
        onFail(new QecError(`worker thread exited with code ${code}`, { code: 'INTERNAL' })),
      );
    },
    unlisten() {
      w.removeAllListeners('message');
      w.removeAllListeners('error');
      w.removeAllListeners('exit');
    },
    terminate: async () => {
      w.removeAllListeners();
      await w.terminate();
    },
  };
}

/**
 * A worker in this thread: the same handler (loaded on first use, like a thread's task handler),
 * one message per event-loop turn.
 */
export function inlineEndpoint(): Endpoint {
  let handle: ((msg: WorkerRequest) => WorkerReply | undefined) | undefined;
  let onReply: ((r: WorkerReply) => void) | undefined;
  let onFail: ((e: Error) => void) | undefined;
  const queue: WorkerRequest[] = [];
  let scheduled = false;
  const drain = (): void => {
    scheduled = false;
    const msg = queue.shift();
    if (msg === undefined || handle === undefined) return;
    const r = handle(msg);
    if (queue.length > 0) schedule();
    if (r !== undefined) onReply?.(r);
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    if (handle !== undefined) {
      setImmediate(drain);
      return;
    }
    import('./worker-jobs.js').then(
      (m) => {
        const state = m.newWorkerState(() => performance.now() / 1000);
        handle = (msg) => m.handleWorkerRequest(state, msg);
        drain();
      },
      (e: unknown) => onFail?.(e instanceof Error ? e : new Error(String(e))),
    );
  };
  return {
    post(msg) {
      queue.push(msg);
      schedule();
    },
    listen(reply, fail) {
      onReply = reply;
      onFail = fail;
    },
    unlisten() {
      onReply = undefined;
      onFail = undefined;
    },
    terminate: () => {
      queue.length = 0;
      onReply = undefined;
      onFail = undefined;
      return Promise.resolve();
    },
  };
}

/** One worker of a {@link ThreadSet}. */
export interface ThreadSlot extends PoolWorker {
  /** The worker's transport (a new one after the worker died and was replaced). */
  readonly endpoint: Endpoint;
  /** Whether work was posted to it that its user has not yet seen answered. */
  busy: boolean;
}

/** What the user of a {@link ThreadSet} does with its workers' replies and deaths. */
export interface ThreadListener {
  /** A worker's reply (the user clears `slot.busy` when the reply ends the slot's work). */
  reply(slot: ThreadSlot, reply: WorkerReply): void;
  /**
   * The slot's worker died with `error`: it was already replaced by a fresh worker that knows
   * nothing and is not busy (unless the set was closed meanwhile).
   */
  died(slot: ThreadSlot, error: Error): void;
}

interface Slot extends ThreadSlot {
  endpoint: Endpoint;
}

/**
 * A fixed set of `size` (at least 1) workers started at once with `start`: the single owner of the
 * workers, their liveness (a worker that dies is terminated and replaced, its `known` set cleared)
 * and what each knows. Replies and deaths go to the current {@link ThreadListener}, if any.
 */
export class ThreadSet {
  /** The workers, by id. */
  readonly slots: readonly ThreadSlot[];
  private readonly all: Slot[] = [];
  private listener: ThreadListener | undefined;
  private closed = false;

  /**
   * @param size worker count (at least 1 is started).
   * @param start starts one worker (default: a worker thread).
   */
  constructor(
    size: number,
    private readonly start: () => Endpoint = threadEndpoint,
  ) {
    for (let i = 0; i < Math.max(1, size); i++) {
      const s: Slot = { id: i, known: new Set(), busy: false, endpoint: start() };
      this.attach(s);
      this.all.push(s);
    }
    this.slots = this.all;
  }

  /** Sets who hears replies and deaths from now on (undefined: nobody; the dead are still replaced). */
  listen(listener: ThreadListener | undefined): void {
    this.listener = listener;
  }

  private attach(s: Slot): void {
    s.endpoint.listen(
      (r) => {
        if (!this.closed) this.listener?.reply(s, r);
      },
      (e) => {
        s.endpoint.unlisten();
        void s.endpoint.terminate().catch(() => undefined);
        s.known.clear();
        s.busy = false;
        if (this.closed) return;
        s.endpoint = this.start();
        this.attach(s);
        this.listener?.died(s, e);
      },
    );
  }

  /** Posts `msgs` to the slot's worker (the last one expects a reply) and marks the slot busy. */
  post(slot: ThreadSlot, msgs: readonly WorkerRequest[]): void {
    if (this.closed) throw new QecError('the worker threads are closed', { code: 'INTERNAL' });
    const s = this.all[slot.id];
    s.busy = true;
    for (const m of msgs) s.endpoint.post(m);
  }

  /** Stops every worker; later replies and deaths are ignored. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listener = undefined;
    for (const s of this.all) s.endpoint.unlisten();
    await Promise.all(this.all.map((s) => s.endpoint.terminate()));
  }
}

/**
 * The messages that run batch `request` of the task `assignment` on `slot`: the assignment first
 * if the worker does not hold that task yet (it is then recorded as known), then the batch.
 */
export function batchMessages(
  slot: PoolWorker,
  assignment: TaskAssignment,
  request: BatchRequest,
): WorkerRequest[] {
  const id = assignment.strongId;
  if (slot.known.has(id)) return [{ kind: 'batch', request }];
  slot.known.add(id);
  return [
    { kind: 'task', assignment },
    { kind: 'batch', request },
  ];
}
