/**
 * Worker threads that run task batches handed to them one at a time, for callers that receive
 * batches as they come (the service's executor, `qec worker`) rather than driving a whole
 * collection ({@link WorkerPool}). Each thread is the pool's worker (`threadEndpoint`, the shared
 * handler of `worker-jobs.ts`): a task is sent to a thread once, as a protocol TaskAssignment
 * under its strong id, and batches are protocol BatchRequests that refer to it.
 */
import { QecError } from '../base/errors.js';
import type { BatchRequest, TaskAssignment } from '../protocol/index.js';
import type { WorkerReply } from './worker-jobs.js';
import { threadEndpoint, type Endpoint } from './worker-pool.js';

/** How a batch ended on its thread: its counts, or the error its task raised (the thread lives on). */
export type BatchReply = Extract<WorkerReply, { kind: 'result' } | { kind: 'error' }>;

interface Waiter {
  readonly resolve: (r: BatchReply) => void;
  readonly reject: (e: Error) => void;
}

/** One thread, the tasks it was given, and the batch it is running. */
interface Slot {
  endpoint: Endpoint;
  readonly known: Set<string>;
  waiting?: Waiter;
  /** The error of a task assignment that failed in the thread (reported for the batch after it). */
  taskError?: Extract<WorkerReply, { kind: 'error' }>;
}

interface Queued {
  readonly assignment: TaskAssignment;
  readonly request: BatchRequest;
  readonly waiter: Waiter;
}

/**
 * A fixed set of `size` long-lived worker threads, each running one batch at a time. Batches
 * beyond the free threads wait in a FIFO. A thread that dies is replaced at once (the new one
 * is given tasks again as needed) and its batch rejected, so the caller can send it again.
 */
export class BatchThreads {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly free: Slot[] = [];
  private readonly queued: Queued[] = [];
  private closed = false;

  /**
   * @param size thread count (at least 1 is started).
   * @param start starts one worker (default: a worker thread).
   */
  constructor(size: number, start: () => Endpoint = threadEndpoint) {
    this.size = Math.max(1, size);
    for (let i = 0; i < this.size; i++) {
      const s: Slot = { endpoint: start(), known: new Set() };
      this.listen(s, start);
      this.slots.push(s);
      this.free.push(s);
    }
  }

  /** Threads without a batch. */
  get idle(): number {
    return this.free.length;
  }

  private listen(s: Slot, start: () => Endpoint): void {
    s.endpoint.listen(
      (r) => {
        // A failed assignment answers before its batch does (which then fails as 'never given'):
        // the batch is reported with the assignment's error, the more telling one.
        if (r.kind === 'error' && r.batch === undefined) {
          s.taskError ??= r;
          return;
        }
        const w = s.waiting;
        s.waiting = undefined;
        const taskError = s.taskError;
        s.taskError = undefined;
        if (w === undefined) return;
        if (r.kind === 'result' || r.kind === 'error') w.resolve(taskError ?? r);
        else w.reject(new QecError(`batch thread answered '${r.kind}' to a batch`, { code: 'INTERNAL' }));
        this.release(s);
      },
      (e) => {
        // The thread died: start a fresh one (knowing no task) and fail the batch it had.
        const w = s.waiting;
        s.waiting = undefined;
        s.taskError = undefined;
        s.endpoint.unlisten();
        void s.endpoint.terminate().catch(() => undefined);
        s.known.clear();
        if (this.closed) return w?.reject(e);
        s.endpoint = start();
        this.listen(s, start);
        // A thread that dies while free is already in the free list.
        if (w === undefined) return;
        w.reject(e);
        this.release(s);
      },
    );
  }

  private release(s: Slot): void {
    const next = this.closed ? undefined : this.queued.shift();
    if (next === undefined) this.free.push(s);
    else this.dispatch(s, next);
  }

  private dispatch(s: Slot, q: Queued): void {
    s.waiting = q.waiter;
    const id = q.assignment.strongId;
    if (!s.known.has(id)) {
      s.endpoint.post({ kind: 'task', assignment: q.assignment });
      s.known.add(id);
    }
    s.endpoint.post({ kind: 'batch', request: q.request });
  }

  /**
   * Runs one batch of the task `assignment` (whose strong id `request.strongId` must be) on a
   * free thread, or after the batches already waiting. Resolves with the thread's reply: the
   * batch's counts or its task's error; rejects when the thread died or the set was closed.
   */
  run(assignment: TaskAssignment, request: BatchRequest): Promise<BatchReply> {
    if (this.closed) return Promise.reject(new QecError('the batch threads are closed'));
    if (assignment.strongId !== request.strongId)
      return Promise.reject(
        new QecError(`batch of task ${request.strongId} sent with the assignment of ${assignment.strongId}`, {
          code: 'INTERNAL',
        }),
      );
    return new Promise((resolve, reject) => {
      const q: Queued = { assignment, request, waiter: { resolve, reject } };
      const s = this.free.pop();
      if (s === undefined) this.queued.push(q);
      else this.dispatch(s, q);
    });
  }

  /** Stops every thread; batches waiting or in flight are abandoned (their promises reject). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const gone = new QecError('the batch threads are closed');
    for (const q of this.queued.splice(0)) q.waiter.reject(gone);
    for (const s of this.slots) {
      s.endpoint.unlisten();
      s.waiting?.reject(gone);
      s.waiting = undefined;
    }
    await Promise.all(this.slots.map((s) => s.endpoint.terminate()));
  }
}
