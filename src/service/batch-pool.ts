import { BatchThreads } from '../node/batch-threads.js';
import type { BatchRequest, TaskAssignment } from '../protocol/index.js';
import type { BatchOutcome, BatchRunner } from './executor.js';

/**
 * The service's in-process {@link BatchRunner}: `size` long-lived worker threads of the Node
 * layer ({@link BatchThreads}: each compiles a task once, under its strong id, then samples,
 * decodes and counts its batches). The executor keeps at most `size` batches in flight, so `run`
 * is called only when {@link idle} > 0; extra calls wait in a FIFO. A thread that dies is
 * replaced and its batch rejected (the executor sends it again).
 */
export class BatchPool implements BatchRunner {
  private readonly threads: BatchThreads;

  constructor(size: number) {
    this.threads = new BatchThreads(size);
  }

  /** Threads without a batch. */
  get idle(): number {
    return this.threads.idle;
  }

  /** Runs one batch on a free thread (or after the ones waiting). */
  async run(assignment: TaskAssignment, request: BatchRequest): Promise<BatchOutcome> {
    const r = await this.threads.run(assignment, request);
    return r.kind === 'result'
      ? { kind: 'result', result: r.result }
      : { kind: 'failed', error: { code: r.error.code, message: r.error.message } };
  }

  /** Stops every thread; batches in flight are abandoned (their promises reject). */
  close(): Promise<void> {
    return this.threads.close();
  }
}
