/**
 * The sweep's Web Workers: spawning one with its replies validated ({@link sweepWorker}), and a
 * pool that hands out seeded batches until every point of the sweep is done ({@link startSweep}).
 */
import SweepWorker from './sweep-worker.ts?worker&inline';
import { decodeSweepReply, type BatchReply, type SweepReply, type SweepRequest } from './sweep-messages.js';
import {
  nextBatch,
  recordBatch,
  taskDone,
  type BatchOrder,
  type SweepSpec,
  type SweepTask,
} from './sweep-model.js';

/** A sweep worker whose replies reach `onReply` validated; a bad reply or a crash reaches `onFail` as one line. */
export function sweepWorker(onReply: (r: SweepReply) => void, onFail: (msg: string) => void): Worker {
  const w = new SweepWorker();
  w.onmessage = (ev: MessageEvent<unknown>) => {
    let r: SweepReply;
    try {
      r = decodeSweepReply(ev.data);
    } catch (err) {
      onFail(err instanceof Error ? err.message : String(err));
      return;
    }
    onReply(r);
  };
  w.onerror = (ev) => onFail(`sweep worker failed: ${ev.message}`);
  return w;
}

/** Sends a request to a worker (typed: only messages of `sweep-messages.ts`). */
export function send(w: Worker, req: SweepRequest): void {
  w.postMessage(req);
}

/** What a running sweep reports. */
export interface SweepEvents {
  /** A batch was counted (`worker`: the pool index of the worker that ran it). */
  batch(reply: BatchReply, worker: number): void;
  /** Every point is done (the pool has stopped). */
  finished(): void;
  /** The sweep stopped on an error (the pool has stopped): one line. */
  failed(message: string): void;
}

/**
 * Starts `nWorkers` workers on the batches of `tasks` (counts merged into `tasks` in place, by
 * {@link recordBatch}); returns a function that stops them.
 */
export function startSweep(
  spec: SweepSpec,
  tasks: SweepTask[],
  nWorkers: number,
  events: SweepEvents,
): () => void {
  let running = true;
  let nextId = 0;
  const orders = new Map<number, BatchOrder>();
  const pool: Worker[] = [];
  const stop = (): void => {
    running = false;
    for (const w of pool) w.terminate();
  };
  const fail = (msg: string): void => {
    if (!running) return;
    stop();
    events.failed(`sweep stopped: ${msg}`);
  };
  const dispatch = (w: Worker): void => {
    const order = nextBatch(tasks, spec);
    if (order === undefined) return;
    const id = nextId++;
    orders.set(id, order);
    const { generator } = tasks[order.task];
    send(w, { kind: 'batch', id, generator, decoder: spec.decoder, shots: order.shots, seed: order.seed });
  };
  for (let i = 0; i < nWorkers; i++) {
    const w = sweepWorker((r) => {
      if (!running) return;
      if (r.kind === 'error') return fail(r.error);
      const order = orders.get(r.id);
      orders.delete(r.id);
      if (r.kind !== 'batch' || order === undefined) return fail(`unexpected reply ${r.kind} #${r.id}`);
      recordBatch(tasks, order, r);
      events.batch(r, i);
      if (tasks.every((t) => taskDone(t, spec))) {
        stop();
        events.finished();
      } else dispatch(w);
    }, fail);
    pool.push(w);
  }
  for (const w of pool) dispatch(w);
  return stop;
}
