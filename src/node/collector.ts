import { QecError } from '../base/errors.js';
import { EMPTY_STATS, type TaskStats } from '../experiment/stats.js';
import { BatchScheduler, type TaskStart } from '../experiment/schedule.js';
import type { ResolvedTask } from '../experiment/task.js';
import {
  fromProtocolError,
  prefixError,
  type ProgressEvent,
  type TaskAssignment,
  type TaskSpecMessage,
} from '../protocol/index.js';
import type { ResultStore } from './result-store.js';
import { WorkerPool } from './worker-pool.js';
import { batchMessages } from './worker-threads.js';

/** Live state of one task, for progress displays. */
export interface TaskProgress {
  readonly task: ResolvedTask;
  stats: TaskStats;
  inFlightShots: number;
  done: boolean;
  /** Clock reading (ms) when the run started. */
  readonly startedAt: number;
}

/** Options of {@link collect}. */
export interface CollectOptions {
  readonly maxShots: number;
  readonly maxErrors: number;
  /** Worker threads; 0 runs batches in this thread (tests, small runs). */
  readonly workers: number;
  readonly store?: ResultStore;
  /** Largest batch; batch k of a run has min(maxBatchShots, 256·2^k) shots (experiment/schedule.ts). */
  readonly maxBatchShots?: number;
  readonly onProgress?: (tasks: readonly TaskProgress[]) => void;
  readonly signal?: AbortSignal;
  /** Clock in ms (for progress); default performance.now. */
  readonly now?: () => number;
}

/** The task as the protocol hands it to a worker (circuit text, decoder, options, metadata). */
export function taskSpecOf(t: ResolvedTask): TaskSpecMessage {
  return {
    circuit: t.circuitText,
    decoder: t.decoder,
    decoderOptions: t.decoderOptions as TaskSpecMessage['decoderOptions'],
    metadata: t.metadata as TaskSpecMessage['metadata'],
    ...(t.postselectDetectors.length > 0 ? { postselectDetectors: [...t.postselectDetectors] } : {}),
    ...(t.decodeBasis !== undefined ? { decodeBasis: t.decodeBasis } : {}),
  };
}

/** The protocol's progress event for a collection's progress. */
export function progressEvent(tasks: readonly TaskProgress[], elapsedSeconds: number): ProgressEvent {
  return {
    tasks: tasks.map((p) => ({
      strongId: p.task.strongId,
      decoder: p.task.decoder,
      metadata: p.task.metadata as ProgressEvent['tasks'][number]['metadata'],
      ...p.stats,
      inFlightShots: p.inFlightShots,
      done: p.done,
    })),
    elapsedSeconds,
  };
}

/**
 * Collects statistics for `tasks`: samples and decodes batches on the worker pool until each task
 * reaches `maxShots` shots or `maxErrors` errors. Batches, seeds, the stop rule and the counting
 * order come from {@link BatchScheduler}, so the counts do not depend on the number of workers.
 * Each task is sent to a worker once; batches refer to it by strong id. Every counted batch is
 * appended to the store as one row with its batch index (an interrupted run loses only batches in
 * flight), and a run resumes from what the store holds, on batch indices it has not used.
 * Returns the totals per strong id (previous runs included).
 * @throws the error of a failing batch with its class (a LimitError stays a LimitError),
 * prefixed with the task; CancelledError when `signal` aborts.
 */
export async function collect(
  tasks: readonly ResolvedTask[],
  opts: CollectOptions,
): Promise<Map<string, TaskStats>> {
  const now = opts.now ?? (() => performance.now());
  const previous = opts.store?.load();
  const starts: TaskStart[] = tasks.map((t) => ({
    strongId: t.strongId,
    previous: previous?.totals.get(t.strongId) ?? EMPTY_STATS,
    firstBatch: previous?.firstFreeBatch(t.strongId) ?? 0,
  }));
  const schedule = new BatchScheduler(
    starts,
    { maxShots: opts.maxShots, maxErrors: opts.maxErrors },
    { maxBatchShots: opts.maxBatchShots, maxOutstanding: Math.max(4, 2 * opts.workers) },
  );
  const byId = new Map(tasks.map((t) => [t.strongId, t]));
  const assignments = new Map(tasks.map((t) => [t.strongId, { strongId: t.strongId, task: taskSpecOf(t) }]));
  const t0 = now();
  const progress: TaskProgress[] = tasks.map((task) => ({
    task,
    stats: schedule.stats(task.strongId),
    inFlightShots: 0,
    done: schedule.isTaskDone(task.strongId),
    startedAt: t0,
  }));
  const refresh = (): void => {
    for (const p of progress) {
      p.stats = schedule.stats(p.task.strongId);
      p.inFlightShots = schedule.inFlightShots(p.task.strongId);
      p.done = schedule.isTaskDone(p.task.strongId);
    }
    opts.onProgress?.(progress);
  };
  opts.onProgress?.(progress);
  const pool = new WorkerPool(opts.workers);
  try {
    await pool.run(
      {
        next(w) {
          const b = schedule.next();
          if (b === undefined) return undefined;
          return batchMessages(w, assignments.get(b.strongId) as TaskAssignment, b);
        },
        reply(r) {
          if (r.kind !== 'result')
            throw new QecError(`internal error: unexpected '${r.kind}' reply`, { code: 'INTERNAL' });
          const task = byId.get(r.result.strongId) as ResolvedTask;
          for (const c of schedule.finish(r.result))
            opts.store?.append({
              shots: c.shots,
              errors: c.errors,
              discards: c.discards,
              seconds: c.seconds,
              decoder: task.decoder,
              strongId: c.strongId,
              metadata: task.metadata,
              batch: c.batch,
            });
          refresh();
        },
        done: () => schedule.finished,
        failure(r) {
          const id = r.strongId ?? '';
          const t = byId.get(id);
          const label = t === undefined ? '' : `task ${id.slice(0, 8)} (${t.decoder}): `;
          return label === '' ? fromProtocolError(r.error) : prefixError(fromProtocolError(r.error), label);
        },
      },
      opts.signal,
    );
  } finally {
    await pool.close();
  }
  refresh();
  return new Map(tasks.map((t) => [t.strongId, schedule.stats(t.strongId)]));
}
