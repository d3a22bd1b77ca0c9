import { Worker } from 'node:worker_threads';
import { CancelledError, QecError } from '../base/errors.js';
import { deriveSeed, Rng } from '../base/prng.js';
import { compileTask, runBatch, type CompiledTask } from '../experiment/batch.js';
import { addStats, EMPTY_STATS, type TaskStats } from '../experiment/stats.js';
import type { ResolvedTask } from '../experiment/task.js';
import type { ResultStore } from './result-store.js';

/** A batch sent to a worker. */
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

/** A worker's answer. */
export interface BatchResult extends BatchRequest {
  readonly errors: number;
  readonly seconds: number;
  readonly error?: string;
}

/** Live state of one task, for progress displays. */
export interface TaskProgress {
  readonly task: ResolvedTask;
  stats: TaskStats;
  inFlightShots: number;
  done: boolean;
  /** Shots per second over the last batches (core-seconds based). */
  readonly startedAt: number;
}

/** Options of {@link collect}. */
export interface CollectOptions {
  readonly maxShots: number;
  readonly maxErrors: number;
  /** Worker threads; 0 runs batches in this thread (tests, small runs). */
  readonly workers: number;
  readonly store?: ResultStore;
  /** Largest batch; batch b of a task has min(maxBatchShots, 256·2^b) shots (deterministic). */
  readonly maxBatchShots?: number;
  readonly onProgress?: (tasks: readonly TaskProgress[]) => void;
  readonly signal?: AbortSignal;
  /** Clock in ms (for progress); default performance.now. */
  readonly now?: () => number;
}

/** Shots of batch `b`: doubling from 256 up to the cap, so the layout (and thus the seeds' use) is deterministic. */
export function batchShots(b: number, cap: number): number {
  return Math.min(cap, 256 * 2 ** Math.min(b, 30));
}

/** The seed of batch `b` of a task: derived from its strong id, so reruns reproduce it. */
export function batchSeed(strongId: string, b: number): number {
  const taskSeed = parseInt(strongId.slice(0, 13), 16);
  return deriveSeed(taskSeed, b);
}

/**
 * Starts a worker running `collect-worker` next to this module: the built JavaScript in dist/, or,
 * when running from TypeScript sources (tests, `tsx`), an eval bootstrap that registers tsx's
 * loader inside the worker first (loader hooks of the parent thread do not reach workers).
 */
function spawnWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./collect-worker.js', here));
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./collect-worker.ts', here).href;
  return new Worker(
    `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(entry)});`,
    {
      eval: true,
    },
  );
}

/**
 * Collects statistics for `tasks`: samples and decodes in batches on worker threads until each
 * task reaches `maxShots` shots or `maxErrors` errors, appending every finished batch to the store
 * (so an interrupted run loses only the batches in flight) and resuming from what the store
 * already holds (batch indices already recorded are never reused). Returns the totals per strong id
 * (previous runs included).
 */
export async function collect(
  tasks: readonly ResolvedTask[],
  opts: CollectOptions,
): Promise<Map<string, TaskStats>> {
  const now = opts.now ?? (() => performance.now());
  const cap = opts.maxBatchShots ?? 65536;
  const previous = opts.store?.load();
  const progress: TaskProgress[] = tasks.map((task) => ({
    task,
    stats: previous?.totals.get(task.strongId) ?? EMPTY_STATS,
    inFlightShots: 0,
    done: false,
    startedAt: now(),
  }));
  const usedBatches = tasks.map((t) => new Set(previous?.batches.get(t.strongId) ?? []));
  const nextBatch = tasks.map(() => 0);
  const isDone = (p: TaskProgress): boolean =>
    p.stats.shots >= opts.maxShots || p.stats.errors >= opts.maxErrors;
  for (const p of progress) p.done = isDone(p);

  /** The next batch to run, or undefined when nothing needs more shots. Round-robin over tasks. */
  let rr = 0;
  const nextRequest = (): BatchRequest | undefined => {
    for (let k = 0; k < progress.length; k++) {
      const i = (rr + k) % progress.length;
      const p = progress[i];
      if (p.done || p.stats.shots + p.inFlightShots >= opts.maxShots) continue;
      while (usedBatches[i].has(nextBatch[i])) nextBatch[i]++;
      const b = nextBatch[i]++;
      usedBatches[i].add(b);
      const shots = Math.min(batchShots(b, cap), opts.maxShots - p.stats.shots - p.inFlightShots);
      p.inFlightShots += shots;
      rr = i + 1;
      const t = p.task;
      return {
        strongId: t.strongId,
        circuitText: t.circuitText,
        decoder: t.decoder,
        decoderOptions: t.decoderOptions,
        metadata: t.metadata,
        batch: b,
        shots,
        seed: batchSeed(t.strongId, b),
      };
    }
    return undefined;
  };

  const record = (r: BatchResult): void => {
    const i = tasks.findIndex((t) => t.strongId === r.strongId);
    const p = progress[i];
    p.inFlightShots -= r.shots;
    if (r.error !== undefined)
      throw new QecError(`task ${r.strongId.slice(0, 8)} failed: ${r.error}`, { code: 'TASK_FAILED' });
    const batchStats: TaskStats = { shots: r.shots, errors: r.errors, discards: 0, seconds: r.seconds };
    p.stats = addStats(p.stats, batchStats);
    opts.store?.append({
      ...batchStats,
      decoder: r.decoder,
      strongId: r.strongId,
      metadata: r.metadata,
      batch: r.batch,
    });
    p.done = isDone(p);
    opts.onProgress?.(progress);
  };

  opts.onProgress?.(progress);
  if (opts.workers <= 0) {
    const compiled = new Map<string, CompiledTask>();
    for (let req = nextRequest(); req !== undefined; req = nextRequest()) {
      if (opts.signal?.aborted === true) throw new CancelledError('collection interrupted');
      const task = tasks.find((t) => t.strongId === req.strongId);
      if (task === undefined) break;
      let c = compiled.get(req.strongId);
      if (c === undefined) compiled.set(req.strongId, (c = compileTask(task)));
      const start = now();
      const r = runBatch(c, req.shots, new Rng(req.seed));
      record({ ...req, errors: r.errors, seconds: (now() - start) / 1000 });
    }
  } else {
    await new Promise<void>((resolve, reject) => {
      const workers: Worker[] = [];
      let busy = 0;
      let failed = false;
      const finish = (err?: unknown): void => {
        if (failed) return;
        if (err !== undefined) failed = true;
        for (const w of workers) void w.terminate();
        if (err !== undefined) reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
        else resolve();
      };
      const feed = (w: Worker): void => {
        if (opts.signal?.aborted === true) return finish(new CancelledError('collection interrupted'));
        const req = nextRequest();
        if (req === undefined) {
          if (busy === 0) finish();
          return;
        }
        busy++;
        w.postMessage(req);
      };
      opts.signal?.addEventListener('abort', () => finish(new CancelledError('collection interrupted')), {
        once: true,
      });
      for (let k = 0; k < opts.workers; k++) {
        const w = spawnWorker();
        workers.push(w);
        w.on('message', (r: BatchResult) => {
          busy--;
          try {
            record(r);
          } catch (e) {
            return finish(e);
          }
          feed(w);
          if (busy === 0 && progress.every((p) => p.done || p.stats.shots + p.inFlightShots >= opts.maxShots))
            finish();
        });
        w.on('error', (e) => finish(e));
      }
      for (const w of workers) feed(w);
    });
  }
  return new Map(progress.map((p) => [p.task.strongId, p.stats]));
}
