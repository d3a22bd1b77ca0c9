/**
 * Pure scheduling of a collection, shared by the in-process and worker-thread pool (`node/`), the
 * service and the distributed queue, so they all produce the same numbers: batch sizes, seeds from
 * (strong id, batch index), the stop rule, the order tasks are served in, and the order batches
 * are counted in. No clock, no I/O, no randomness.
 *
 * Determinism: batch j of a run of a task has a size that depends only on j, the cap and the
 * shots already counted before the run; its seed depends only on the strong id and its batch
 * index. Results are counted in batch order, and the stop rule is applied after each counted
 * batch; batches finished beyond the stopping point are dropped. So the counts of a run do not
 * depend on the number of workers or on the order in which batches finish.
 */
import { deriveSeed } from '../base/prng.js';
import { ValidationError } from '../base/errors.js';
import { addStats, type TaskStats } from './stats.js';

/** When a task stops: at `maxShots` shots or `maxErrors` logical errors, whichever comes first. */
export interface StopRule {
  readonly maxShots: number;
  readonly maxErrors: number;
}

/** Shots of the first batch of a run; later batches double up to the cap. */
export const FIRST_BATCH_SHOTS = 256;
/** Default largest batch, in shots. */
export const DEFAULT_MAX_BATCH_SHOTS = 65536;
/**
 * Batch indices are integers in [0, 2^32): {@link batchSeed} is injective on this range for a
 * given task, so two different batch indices of a task never share a seed.
 */
export const BATCH_INDEX_LIMIT = 2 ** 32;
/**
 * First batch index of new work for a task that has rows without a recorded batch index (files
 * written by sinter, or by QEC Lab before batch indices were recorded in the CSV). Those rows
 * used indices counted from 0 by at most one per batch ever dispatched, so far below 2^31
 * (2^31 batches of at least 256 shots each is more than 5·10^11 shots).
 */
export const UNRECORDED_INDEX_BOUND = 2 ** 31;

/** Shots of the `k`-th batch of a run (k from 0): 256·2^k, capped at `cap`. */
export function batchShots(k: number, cap: number = DEFAULT_MAX_BATCH_SHOTS): number {
  return Math.min(cap, FIRST_BATCH_SHOTS * 2 ** Math.min(k, 30));
}

/** The task seed of a strong id: its first 52 bits, an integer in [0, 2^52). */
export function taskSeed(strongId: string): number {
  return parseInt(strongId.slice(0, 13), 16);
}

/**
 * The seed of batch `b` of a task: `deriveSeed(taskSeed(strongId), b)`. For a fixed task the
 * low 32 bits of the seed are a bijection of b (deriveSeed's first word is mix32 of b plus
 * constants, and mix32 is bijective), so distinct indices in [0, 2^32) give distinct seeds.
 * @throws ValidationError for an index outside [0, 2^32).
 */
export function batchSeed(strongId: string, b: number): number {
  if (!Number.isInteger(b) || b < 0 || b >= BATCH_INDEX_LIMIT)
    throw new ValidationError(`batch index must be an integer in [0, 2^32), got ${b}`, { batch: b });
  return deriveSeed(taskSeed(strongId), b);
}

/** Whether a task with these counts is finished under `rule`. */
export function isDone(stats: { readonly shots: number; readonly errors: number }, rule: StopRule): boolean {
  return stats.shots >= rule.maxShots || stats.errors >= rule.maxErrors;
}

/**
 * The first batch index new work of a task may use, given the batch indices recorded in the
 * results file and the number of its rows without one (see {@link UNRECORDED_INDEX_BOUND}).
 */
export function firstFreeBatch(maxRecorded: number | undefined, unrecordedRows: number): number {
  const afterRecorded = maxRecorded === undefined ? 0 : maxRecorded + 1;
  return unrecordedRows > 0 ? Math.max(afterRecorded, UNRECORDED_INDEX_BOUND) : afterRecorded;
}

/** Where a task starts in a run: what the results file already holds. */
export interface TaskStart {
  readonly strongId: string;
  /** Counts already in the results file. */
  readonly previous: TaskStats;
  /** The first batch index this run may use ({@link firstFreeBatch}). */
  readonly firstBatch: number;
  /**
   * The size step of the run's first batch: run batch j has {@link batchShots}(sizeStep + j)
   * shots. Default 0 (a run starts at 256 shots, as `qec collect` does on a results file). The
   * service resumes a study whose batches 0..k-1 are counted with firstBatch = sizeStep = k, so
   * batch b always has batchShots(b) shots and a resumed study plans what an uninterrupted one does.
   */
  readonly sizeStep?: number;
}

/** One batch to run: task, batch index, shots and seed (the protocol's BatchRequest). */
export interface ScheduledBatch {
  readonly strongId: string;
  readonly batch: number;
  readonly shots: number;
  readonly seed: number;
}

/** A finished batch's counts (the protocol's BatchResult). */
export interface FinishedBatch extends TaskStats {
  readonly strongId: string;
  readonly batch: number;
}

interface TaskState {
  readonly start: TaskStart;
  counted: TaskStats;
  /** Run-relative number of the next batch to hand out. */
  nextJ: number;
  /** Run-relative number of the next batch to count. */
  countJ: number;
  /** previous.shots + shots of every batch handed out. */
  plannedShots: number;
  /** Shots handed out and not yet counted (for progress). */
  inFlightShots: number;
  stopped: boolean;
  /** Finished batches waiting for an earlier one, by run-relative number. */
  readonly waiting: Map<number, FinishedBatch>;
}

/** Options of {@link BatchScheduler}. */
export interface SchedulerOptions {
  /** Largest batch in shots (default 65536). */
  readonly maxBatchShots?: number;
  /**
   * Most batches of one task handed out and not yet counted (in workers or waiting for an earlier
   * batch). Bounds the work done past a stop and the results held back. Default 16; the service
   * passes Infinity (its runner's depth bounds the batches out instead).
   */
  readonly maxOutstanding?: number;
}

/**
 * The schedule of one collection: which batch to run next (round-robin over the tasks that
 * still need shots), and which finished batches to count (in batch order, until the stop rule).
 * Deterministic: the same tasks and options give the same batches and the same counts whatever
 * the number of workers and the order results arrive in.
 */
export class BatchScheduler {
  private readonly tasks: TaskState[];
  private readonly byId = new Map<string, TaskState>();
  private readonly cap: number;
  private readonly maxOutstanding: number;
  private rr = 0;

  constructor(
    starts: readonly TaskStart[],
    readonly rule: StopRule,
    options: SchedulerOptions = {},
  ) {
    this.cap = options.maxBatchShots ?? DEFAULT_MAX_BATCH_SHOTS;
    this.maxOutstanding = options.maxOutstanding ?? 16;
    if (!Number.isInteger(this.cap) || this.cap < 1)
      throw new ValidationError(`maxBatchShots must be a positive integer, got ${this.cap}`);
    this.tasks = starts.map((start) => ({
      start,
      counted: start.previous,
      nextJ: 0,
      countJ: 0,
      plannedShots: start.previous.shots,
      inFlightShots: 0,
      stopped: isDone(start.previous, rule),
      waiting: new Map(),
    }));
    for (const t of this.tasks) this.byId.set(t.start.strongId, t);
  }

  /**
   * The next batch to run, or undefined when no task may take one now (all done, or waiting for
   * results). Tasks are served round-robin in the order given.
   */
  next(): ScheduledBatch | undefined {
    const n = this.tasks.length;
    for (let k = 0; k < n; k++) {
      const i = (this.rr + k) % n;
      const b = this.take(this.tasks[i]);
      if (b === undefined) continue;
      this.rr = i + 1;
      return b;
    }
    return undefined;
  }

  /**
   * The next batch of one task's plan (what {@link next} would give for it, without moving the
   * round-robin turn), or undefined when it may take none now. Callers that send several
   * consecutive batches of a task as one job grow the job with it.
   */
  nextOf(strongId: string): ScheduledBatch | undefined {
    const t = this.byId.get(strongId);
    return t === undefined ? undefined : this.take(t);
  }

  private take(t: TaskState): ScheduledBatch | undefined {
    if (t.stopped || t.plannedShots >= this.rule.maxShots) return undefined;
    if (t.nextJ - t.countJ >= this.maxOutstanding) return undefined;
    const j = t.nextJ++;
    const batch = t.start.firstBatch + j;
    const size = batchShots((t.start.sizeStep ?? 0) + j, this.cap);
    const shots = Math.min(size, this.rule.maxShots - t.plannedShots);
    t.plannedShots += shots;
    t.inFlightShots += shots;
    return { strongId: t.start.strongId, batch, shots, seed: batchSeed(t.start.strongId, batch) };
  }

  /**
   * Stops a task for good (it failed): it gets no more batches, its results still out are no
   * longer counted, and it counts as finished.
   */
  abandon(strongId: string): void {
    const t = this.byId.get(strongId);
    if (t === undefined) return;
    t.stopped = true;
    t.waiting.clear();
    t.inFlightShots = 0;
  }

  /**
   * Records a finished batch. Returns the batches that are counted now, in batch order: this one
   * and any that waited for it, up to the stop rule. Batches past the stop are dropped.
   * @throws ValidationError for a batch this schedule did not hand out or got twice.
   */
  finish(r: FinishedBatch): FinishedBatch[] {
    const t = this.byId.get(r.strongId);
    const j = t === undefined ? -1 : r.batch - t.start.firstBatch;
    if (t === undefined || j < 0 || j >= t.nextJ || j < t.countJ || t.waiting.has(j))
      throw new ValidationError(`unexpected result for batch ${r.batch} of task ${r.strongId.slice(0, 8)}`);
    t.waiting.set(j, r);
    const out: FinishedBatch[] = [];
    while (!t.stopped && t.waiting.has(t.countJ)) {
      const b = t.waiting.get(t.countJ) as FinishedBatch;
      t.waiting.delete(t.countJ);
      t.countJ++;
      t.inFlightShots -= b.shots;
      t.counted = addStats(t.counted, b);
      out.push(b);
      t.stopped = isDone(t.counted, this.rule);
    }
    if (t.stopped) {
      t.waiting.clear();
      t.inFlightShots = 0;
    }
    return out;
  }

  /** True when every task is finished: stopped, or all its shots handed out and counted. */
  get finished(): boolean {
    return this.tasks.every(
      (t) => t.stopped || (t.plannedShots >= this.rule.maxShots && t.countJ === t.nextJ),
    );
  }

  /** Counts of a task so far (previous runs included). */
  stats(strongId: string): TaskStats {
    const t = this.byId.get(strongId);
    if (t === undefined) throw new ValidationError(`unknown task ${strongId.slice(0, 8)}`);
    return t.counted;
  }

  /** Shots of a task handed out and not yet counted. */
  inFlightShots(strongId: string): number {
    return this.byId.get(strongId)?.inFlightShots ?? 0;
  }

  /** Whether a task needs no more batches. */
  isTaskDone(strongId: string): boolean {
    const t = this.byId.get(strongId);
    return t === undefined || t.stopped || (t.plannedShots >= this.rule.maxShots && t.countJ === t.nextJ);
  }
}
