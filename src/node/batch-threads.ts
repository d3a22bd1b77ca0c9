/**
 * Worker threads that run task batches handed to them one at a time, for callers that receive
 * batches as they come (the service's executor, `qec worker`) rather than driving a whole
 * collection ({@link WorkerPool}), on the same {@link ThreadSet} (`worker-threads.ts`: start-up,
 * liveness, what each thread knows; the shared handler of `worker-jobs.ts`): a task is sent to a thread once, as a protocol TaskAssignment
 * under its strong id, and batches are protocol BatchRequests that refer to it.
 */
import { QecError } from '../base/errors.js';
import type { BatchRequest, TaskAssignment } from '../protocol/index.js';
import type { WorkerReply } from './worker-jobs.js';
import {
  batchMessages,
  threadEndpoint,
  ThreadSet,
  type Endpoint,
  type ThreadSlot,
} from './worker-threads.js';

/** How a batch ended on its thread: its counts, or the error its task raised (the thread lives on). */
export type BatchReply = Extract<WorkerReply, { kind: 'result' } | { kind: 'error' }>;

interface Waiter {
  readonly resolve: (r: BatchReply) => void;
  readonly reject: (e: Error) => void;
}

/** The batch a thread is running. */
interface Running {
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
 * A fixed set of `size` long-lived worker threads (a {@link ThreadSet}), each running one batch at
 * a time. Batches beyond the free threads wait in a FIFO. A thread that dies is replaced at once
 * by the thread set (the new one is given tasks again as needed) and its batch rejected, so the
 * caller can send it again.
 */
export class BatchThreads {
  readonly size: number;
  private readonly threads: ThreadSet;
  /** What each thread runs, by slot id. */
  private readonly running: Running[];
  private readonly queued: Queued[] = [];
  private closed = false;

  /**
   * @param size thread count (at least 1 is started).
   * @param start starts one worker (default: a worker thread).
   */
  constructor(size: number, start: () => Endpoint = threadEndpoint) {
    this.size = Math.max(1, size);
    this.threads = new ThreadSet(this.size, start);
    this.running = this.threads.slots.map(() => ({}));
    this.threads.listen({ reply: (s, r) => this.onReply(s, r), died: (s, e) => this.onDied(s, e) });
  }

  /** Threads without a batch. */
  get idle(): number {
    return this.threads.slots.filter((s) => !s.busy).length;
  }

  private onReply(s: ThreadSlot, r: WorkerReply): void {
    const run = this.running[s.id];
    // A failed assignment answers before its batch does (which then fails as 'never given'):
    // the batch is reported with the assignment's error, the more telling one.
    if (r.kind === 'error' && r.batch === undefined) {
      run.taskError ??= r;
      return;
    }
    const w = run.waiting;
    const taskError = run.taskError;
    run.waiting = undefined;
    run.taskError = undefined;
    if (w === undefined) return;
    if (r.kind === 'result' || r.kind === 'error') w.resolve(taskError ?? r);
    else w.reject(new QecError(`batch thread answered '${r.kind}' to a batch`, { code: 'INTERNAL' }));
    this.release(s);
  }

  /** The thread set replaced the dead thread (knowing no task): fail the batch it had. */
  private onDied(s: ThreadSlot, e: Error): void {
    const run = this.running[s.id];
    const w = run.waiting;
    run.waiting = undefined;
    run.taskError = undefined;
    if (w === undefined) return;
    w.reject(e);
    this.release(s);
  }

  private release(s: ThreadSlot): void {
    const next = this.closed ? undefined : this.queued.shift();
    if (next === undefined) s.busy = false;
    else this.dispatch(s, next);
  }

  private dispatch(s: ThreadSlot, q: Queued): void {
    this.running[s.id].waiting = q.waiter;
    this.threads.post(s, batchMessages(s, q.assignment, q.request));
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
      const free = this.threads.slots.filter((t) => !t.busy);
      const s = free[free.length - 1];
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
    for (const run of this.running) {
      run.waiting?.reject(gone);
      run.waiting = undefined;
    }
    await this.threads.close();
  }
}
