import { QecError } from '../base/errors.js';
import { EMPTY_STATS, type TaskStats } from '../experiment/stats.js';
import { resolveTask, type ResolvedTask } from '../experiment/task.js';
import { batchSeed, BatchScheduler, type TaskStart } from '../experiment/schedule.js';
import { jobShotTarget, MAX_BATCHES_PER_JOB } from '../experiment/job-size.js';
import { taskSpecOf } from '../node/collector.js';
import type { BatchRequest, BatchResult, TaskAssignment } from '../protocol/index.js';
import type { ServiceStore, StoredBatch, StudyRecord, StudyStatus, TaskFailure } from './store.js';

/** Batch `batch` of task `t` with `shots` shots, seeded as `qec collect` seeds it. */
export function batchRequest(t: ResolvedTask, batch: number, shots: number): BatchRequest {
  return { strongId: t.strongId, batch, shots, seed: batchSeed(t.strongId, batch) };
}

/** The protocol's TaskAssignment of a task: what a worker is sent once, before its batches. */
export function taskAssignment(t: ResolvedTask): TaskAssignment {
  return { strongId: t.strongId, task: taskSpecOf(t) };
}

/**
 * How a batch ended: its counts, or the error its task raised in the worker (its error class's
 * code, `VALIDATION`, `LIMIT`, ..., and message), which fails the study. A batch lost with its
 * worker is a rejection instead (sent again).
 */
export type BatchOutcome =
  | {
      readonly kind: 'result';
      readonly result: BatchResult;
      /** The `qec worker` that ran it (undefined: this process's threads). */
      readonly worker?: string;
    }
  | { readonly kind: 'failed'; readonly error: { readonly code: string; readonly message: string } };

/**
 * What the executor needs of a worker pool (the service's BatchPool, the queue's QueueRunner;
 * fakes in tests).
 */
export interface BatchRunner {
  /** Workers free for another batch now. */
  readonly idle: number;
  /**
   * Runs one batch of study `studyId` of the task `assignment` (sent to a worker once, then
   * referred to by its strong id); rejects when the batch is lost (its worker died, the pool
   * closed).
   */
  run(assignment: TaskAssignment, req: BatchRequest, studyId: string): Promise<BatchOutcome>;
  /**
   * Runs several batches of one task as one job (a queue round trip each costs worker time);
   * resolves with their outcomes in order, rejects when the job is lost. Runners without it get
   * one batch at a time.
   */
  runJob?(
    assignment: TaskAssignment,
    reqs: readonly BatchRequest[],
    studyId: string,
  ): Promise<BatchOutcome[]>;
  /**
   * Measured worker seconds lost to the runner per job (undefined until measured): jobs are
   * grown to take {@link JOB_OVERHEAD_FACTOR} times as long.
   */
  overheadSeconds?(): number | undefined;
  /**
   * Most jobs one study may have queued or running (undefined: only {@link idle} bounds them):
   * enough to keep every worker busy, not the whole study.
   */
  studyDepth?(): number;
  /** The study stopped (cancelled, deleted, finished): drop its batches not yet started. */
  forget?(studyId: string): void;
}

/** Progress of one task of a running study. */
export interface LiveTask {
  readonly task: ResolvedTask;
  readonly stats: TaskStats;
  readonly inFlightShots: number;
}

/** What subscribers of a study hear: a batch landed (progress) or the study reached a status. */
export type StudyEvent =
  | { readonly type: 'progress'; readonly studyId: string }
  | {
      readonly type: 'status';
      readonly studyId: string;
      readonly status: StudyStatus;
      readonly error?: string;
    };

/** Options of the {@link Executor}. */
export interface ExecutorOptions {
  /** Largest batch, as `qec collect` (65536): batch b has min(cap, 256·2^b) shots. */
  readonly maxBatchShots?: number;
  /** Logs problems that are not the client's (a lost worker). */
  readonly log?: (message: string) => void;
}

/** Times a batch may be lost to a dying worker before its task fails (code `WORKER_LOST`). */
const MAX_BATCH_LOSSES = 2;

/**
 * One study being run. Its batches come from the shared pure {@link BatchScheduler} exactly as
 * `qec collect` gets them: the same indices, sizes and seeds from the task's strong id, served
 * round-robin over the tasks, and counted in batch order with the stop rule applied after each
 * counted batch (results that arrive early wait for the ones before them; those past a stop are
 * dropped). So a study gives the counts `qec collect` gives for the same tasks, whatever the
 * runner, the number of workers or the order results arrive in.
 */
class StudyRun {
  readonly id: string;
  readonly userId: number;
  readonly maxErrors: number;
  readonly tasks: LiveTask[];
  /** Tasks that failed (a batch threw, or its worker died too often): they get no more batches. */
  readonly failed: Map<string, TaskFailure>;
  /** Each task's assignment by strong id, built once. */
  private readonly assignments = new Map<string, TaskAssignment>();
  private readonly schedule: BatchScheduler;
  private readonly retry: BatchRequest[] = [];
  /** The `qec worker` that made each result waiting to be counted (`strongId:batch`). */
  private readonly workers = new Map<string, string>();
  readonly losses = new Map<string, number>();
  inFlight = 0;
  stopped = false;

  constructor(
    study: StudyRecord,
    tasks: ResolvedTask[],
    committed: Map<string, Set<number>>,
    totals: Map<string, TaskStats>,
    failed: Map<string, TaskFailure>,
    cap: number,
  ) {
    this.failed = failed;
    this.id = study.id;
    this.userId = study.userId;
    this.maxErrors = study.maxErrors;
    for (const t of tasks) this.assignments.set(t.strongId, taskAssignment(t));
    // Batches are counted in order, so a study's committed batches are 0..k-1: it goes on at k,
    // with batch b of size batchShots(b) as before. (A store written before in-order counting
    // may have gaps: they stay unused.)
    const starts = tasks.map((t): TaskStart => {
      let first = 0;
      for (const b of committed.get(t.strongId) ?? []) first = Math.max(first, b + 1);
      const previous = totals.get(t.strongId) ?? EMPTY_STATS;
      return { strongId: t.strongId, previous, firstBatch: first, sizeStep: first };
    });
    this.schedule = new BatchScheduler(
      starts,
      { maxShots: study.maxShots, maxErrors: study.maxErrors },
      // The runner's depth bounds the batches out; growing jobs needs many of one task at once.
      { maxBatchShots: cap, maxOutstanding: Number.POSITIVE_INFINITY },
    );
    for (const id of failed.keys()) this.schedule.abandon(id);
    // The live view reads the schedule, which holds each task's counts and shots in flight.
    const schedule = this.schedule;
    this.tasks = tasks.map((task) => ({
      task,
      get stats() {
        return schedule.stats(task.strongId);
      },
      get inFlightShots() {
        return schedule.inFlightShots(task.strongId);
      },
    }));
  }

  /** Every task met its stop rule or failed, and nothing is in flight. */
  get finished(): boolean {
    return this.inFlight === 0 && this.schedule.finished;
  }

  /** The next batch of this study (a lost one again first, else round-robin over its tasks). */
  nextRequest(): BatchRequest | undefined {
    for (let again = this.retry.shift(); again !== undefined; again = this.retry.shift())
      if (!this.failed.has(again.strongId)) return again;
    return this.schedule.next();
  }

  /**
   * A job starting with `first`: more batches of the same task's plan while the job has fewer
   * shots than `target` (see {@link jobShotTarget}).
   */
  grow(first: BatchRequest, target: number): BatchRequest[] {
    const job = [first];
    let shots = first.shots;
    while (shots < target && job.length < MAX_BATCHES_PER_JOB) {
      const more = this.schedule.nextOf(first.strongId);
      if (more === undefined) break;
      job.push(more);
      shots += more.shots;
    }
    return job;
  }

  /** A batch that was lost (its worker died): run it again, same index and seed. */
  requeue(req: BatchRequest): void {
    this.retry.push(req);
  }

  /**
   * Records a batch's result; returns the batches counted now, in batch order (this one and any
   * that waited for it, up to the stop rule), each with the `qec worker` that made it.
   */
  finish(r: BatchResult, worker: string | undefined): { batch: StoredBatch; worker?: string }[] {
    if (worker !== undefined) this.workers.set(`${r.strongId}:${r.batch}`, worker);
    return this.schedule.finish(r).map((batch) => {
      const key = `${batch.strongId}:${batch.batch}`;
      const w = this.workers.get(key);
      this.workers.delete(key);
      return { batch, ...(w === undefined ? {} : { worker: w }) };
    });
  }

  /** Marks a task failed: it gets no more batches and its results still out no longer count. */
  fail(strongId: string, failure: TaskFailure): void {
    this.failed.set(strongId, failure);
    this.schedule.abandon(strongId);
  }

  assignment(strongId: string): TaskAssignment {
    const a = this.assignments.get(strongId);
    if (a === undefined) throw new QecError(`study ${this.id}: no task ${strongId}`, { code: 'INTERNAL' });
    return a;
  }

  task(strongId: string): LiveTask {
    const t = this.tasks.find((x) => x.task.strongId === strongId);
    if (t === undefined) throw new QecError(`study ${this.id}: no task ${strongId}`, { code: 'INTERNAL' });
    return t;
  }
}

/**
 * Runs every queued or running study of the store on one worker pool, shared fairly:
 * each free worker goes to the next user in turn, then to that user's next study in turn, then
 * to that study's next task in turn. Batches are counted in batch order per task, with the stop
 * rule after each (the shared schedule of experiment/schedule.ts, as `qec collect`), and each is
 * committed under its (task, batch index) key, so a batch counts at most once; after a restart,
 * {@link resume} picks studies up from their committed batches 0..k-1 (only batches in flight or
 * waiting for an earlier one are lost and redone, with the same indices, sizes and seeds).
 */
export class Executor {
  private readonly runs = new Map<string, StudyRun>();
  private readonly listeners = new Map<string, Set<(e: StudyEvent) => void>>();
  private readonly cap: number;
  private readonly log: (message: string) => void;
  private userTurn = 0;
  private readonly studyTurn = new Map<number, number>();
  private draining = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: ServiceStore,
    private readonly pool: BatchRunner,
    opts: ExecutorOptions = {},
  ) {
    this.cap = opts.maxBatchShots ?? 65536;
    this.log = opts.log ?? (() => undefined);
  }

  /** Loads every unfinished study of the store and starts running them. */
  resume(): void {
    for (const s of this.store.activeStudies()) this.start(s.id);
  }

  /**
   * Starts running a stored study (new, or unfinished after a restart). `resolved` are its tasks
   * when the caller has them already (a new submission); otherwise they are rebuilt from the
   * store and their strong ids checked.
   */
  start(studyId: string, resolved?: readonly ResolvedTask[]): void {
    const study = this.store.study(studyId);
    if (study === undefined || this.runs.has(studyId)) return;
    try {
      const tasks =
        resolved?.slice() ??
        this.store.tasks(studyId).map((t) => {
          const r = resolveTask({
            circuit: t.circuit,
            decoder: t.decoder,
            decoderOptions: t.decoderOptions,
            metadata: t.metadata,
            ...(t.postselectDetectors.length > 0 ? { postselectDetectors: t.postselectDetectors } : {}),
            ...(t.decodeBasis !== undefined ? { decodeBasis: t.decodeBasis } : {}),
          });
          if (r.strongId !== t.strongId)
            throw new QecError(`task ${t.index}: stored strong id ${t.strongId} does not match its circuit`, {
              code: 'INTERNAL',
            });
          return r;
        });
      const committed = new Map<string, Set<number>>();
      for (const b of this.store.batches(studyId)) {
        const s = committed.get(b.strongId) ?? new Set<number>();
        s.add(b.batch);
        committed.set(b.strongId, s);
      }
      const totals = new Map<string, TaskStats>();
      for (const [id, t] of this.store.totals(studyId))
        totals.set(id, { shots: t.shots, errors: t.errors, discards: t.discards, seconds: t.seconds });
      const run = new StudyRun(study, tasks, committed, totals, this.store.taskFailures(studyId), this.cap);
      this.runs.set(studyId, run);
      if (study.status === 'queued') this.store.setStatus(studyId, 'running');
      this.emit({ type: 'status', studyId, status: 'running' });
      this.settle(run);
    } catch (e) {
      this.finish(studyId, 'failed', e instanceof Error ? e.message : String(e));
    }
    this.pump();
  }

  /** Hands out batches again: call when the runner can take more (workers joined). */
  poke(): void {
    this.pump();
  }

  /** The live state of a running study's tasks (undefined when it is not running here). */
  live(studyId: string): readonly LiveTask[] | undefined {
    return this.runs.get(studyId)?.tasks;
  }

  /** Stops a study: it is marked `cancelled`; batches in flight are not counted. */
  cancel(studyId: string): boolean {
    const changed = this.store.setStatus(studyId, 'cancelled');
    this.stop(studyId);
    if (changed) this.emit({ type: 'status', studyId, status: 'cancelled' });
    return changed;
  }

  /** Stops a study and removes it with its batches. */
  delete(studyId: string): boolean {
    this.stop(studyId);
    const gone = this.store.deleteStudy(studyId);
    if (gone) this.emit({ type: 'status', studyId, status: 'cancelled', error: 'deleted' });
    return gone;
  }

  /** Listens to a study's events; returns the function that stops listening. */
  subscribe(studyId: string, fn: (e: StudyEvent) => void): () => void {
    const set = this.listeners.get(studyId) ?? new Set();
    set.add(fn);
    this.listeners.set(studyId, set);
    return () => {
      set.delete(fn);
      if (set.size === 0) this.listeners.delete(studyId);
    };
  }

  /**
   * Stops handing out batches and waits up to `graceMs` for those in flight to be committed;
   * the rest are abandoned (not committed, so a restart redoes them). The studies stay `running`
   * in the store and resume on the next start.
   */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    const inFlight = (): number => [...this.runs.values()].reduce((a, r) => a + r.inFlight, 0);
    if (inFlight() > 0)
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, graceMs);
        this.idleWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    for (const r of this.runs.values()) r.stopped = true;
  }

  private stop(studyId: string): void {
    const run = this.runs.get(studyId);
    if (run === undefined) return;
    run.stopped = true;
    this.runs.delete(studyId);
    this.pool.forget?.(studyId);
  }

  private emit(e: StudyEvent): void {
    for (const fn of this.listeners.get(e.studyId) ?? []) fn(e);
  }

  private finish(studyId: string, status: StudyStatus, error?: string): void {
    this.stop(studyId);
    if (this.store.setStatus(studyId, status, error ?? null))
      this.emit({ type: 'status', studyId, status, ...(error === undefined ? {} : { error }) });
  }

  /**
   * Ends a run whose tasks all met their stop rule or failed: `done` when none failed,
   * `done-with-failures` when some did, `failed` when every task did.
   */
  private settle(run: StudyRun): void {
    if (run.stopped || !run.finished) return;
    const n = run.failed.size;
    if (n === 0) return this.finish(run.id, 'done');
    const [id, first] = [...run.failed][0];
    const why = `task ${id.slice(0, 8)} failed: ${first.code}: ${first.message}`;
    if (n === run.tasks.length)
      this.finish(run.id, 'failed', n === 1 ? why : `all ${n} tasks failed; first: ${why}`);
    else this.finish(run.id, 'done-with-failures', `${n} of ${run.tasks.length} tasks failed; first: ${why}`);
  }

  /** Fails one task of a run (it gets no more batches); the others go on. */
  private failTask(run: StudyRun, strongId: string, failure: TaskFailure): void {
    if (run.failed.has(strongId)) return;
    run.fail(strongId, failure);
    this.store.failTask(run.id, strongId, failure);
    this.log(`study ${run.id}: task ${strongId.slice(0, 8)} failed: ${failure.code}: ${failure.message}`);
    this.emit({ type: 'progress', studyId: run.id });
  }

  /** The next (study, batch) in fair order: users in turn, a user's studies in turn. */
  private pick(): [StudyRun, BatchRequest] | undefined {
    const depth = this.pool.studyDepth?.() ?? Number.POSITIVE_INFINITY;
    const all = [...this.runs.values()].filter((r) => !r.stopped && r.inFlight < depth);
    const users = [...new Set(all.map((r) => r.userId))].sort((a, b) => a - b);
    for (let k = 0; k < users.length; k++) {
      const ui = (this.userTurn + k) % users.length;
      const mine = all.filter((r) => r.userId === users[ui]);
      const start = this.studyTurn.get(users[ui]) ?? 0;
      for (let j = 0; j < mine.length; j++) {
        const si = (start + j) % mine.length;
        const req = mine[si].nextRequest();
        if (req === undefined) continue;
        this.userTurn = ui + 1;
        this.studyTurn.set(users[ui], si + 1);
        return [mine[si], req];
      }
    }
    return undefined;
  }

  /** The shots a job of this task should reach on this runner (0: one batch per job). */
  private jobTarget(run: StudyRun, strongId: string): number {
    const overhead = this.pool.runJob === undefined ? undefined : this.pool.overheadSeconds?.();
    if (overhead === undefined) return 0;
    const { stats } = run.task(strongId);
    return jobShotTarget({
      overheadSeconds: overhead,
      secondsPerShot: stats.shots > 0 ? stats.seconds / stats.shots : 0,
      shots: stats.shots,
      errors: stats.errors,
      maxErrors: run.maxErrors,
    });
  }

  /** Fills every idle worker, one job (a batch, or a run of batches of one task) each. */
  private pump(): void {
    while (!this.draining && this.pool.idle > 0) {
      const next = this.pick();
      if (next === undefined) return;
      const [run, first] = next;
      const job = run.grow(first, this.jobTarget(run, first.strongId));
      run.inFlight++;
      const assignment = run.assignment(first.strongId);
      const done =
        this.pool.runJob !== undefined && job.length > 1
          ? this.pool.runJob(assignment, job, run.id)
          : this.pool.run(assignment, first, run.id).then((r) => [r]);
      done.then(
        (rs) => this.landed(run, job, rs),
        (e: unknown) => this.lost(run, job, e),
      );
    }
  }

  private afterJob(run: StudyRun): void {
    run.inFlight--;
    if (this.idleWaiters.length > 0 && [...this.runs.values()].every((r) => r.inFlight === 0))
      for (const w of this.idleWaiters.splice(0)) w();
  }

  private landed(run: StudyRun, job: readonly BatchRequest[], rs: readonly BatchOutcome[]): void {
    this.afterJob(run);
    if (!(run.stopped && !this.draining)) for (let k = 0; k < job.length; k++) this.count(run, job[k], rs[k]);
    this.settle(run);
    this.pump();
  }

  /**
   * Takes one batch's outcome: fails its task with its error, or hands the result to the
   * schedule and commits the batches it counts now (in batch order, up to the stop rule).
   */
  private count(run: StudyRun, req: BatchRequest, r: BatchOutcome | undefined): void {
    if (run.failed.has(req.strongId)) return;
    if (r === undefined) {
      this.failTask(run, req.strongId, { code: 'INTERNAL', message: `no result for batch ${req.batch}` });
      return;
    }
    if (r.kind === 'failed') {
      this.failTask(run, req.strongId, r.error);
      return;
    }
    if (r.result.strongId !== req.strongId || r.result.batch !== req.batch) {
      this.failTask(run, req.strongId, {
        code: 'INTERNAL',
        message: `batch ${req.batch} was answered for batch ${r.result.batch} of task ${r.result.strongId.slice(0, 8)}`,
      });
      return;
    }
    let counted;
    try {
      counted = run.finish(r.result, r.worker);
    } catch (e) {
      // A result the schedule never handed out (or got twice): a bug, failed loudly on its task.
      const message = e instanceof Error ? e.message : String(e);
      this.failTask(run, req.strongId, { code: 'INTERNAL', message });
      return;
    }
    let committed = false;
    for (const c of counted) committed = this.store.commitBatch(run.id, c.batch, c.worker) || committed;
    if (committed) this.emit({ type: 'progress', studyId: run.id });
  }

  private lost(run: StudyRun, job: readonly BatchRequest[], e: unknown): void {
    this.afterJob(run);
    if (!this.draining && !run.stopped) for (const req of job) this.lostBatch(run, req, e);
    this.pump();
  }

  /** A batch whose job was lost: run it again (same index and seed), or fail its task. */
  private lostBatch(run: StudyRun, req: BatchRequest, e: unknown): void {
    if (run.failed.has(req.strongId)) return;
    const key = `${req.strongId}:${req.batch}`;
    const n = (run.losses.get(key) ?? 0) + 1;
    run.losses.set(key, n);
    const why = e instanceof Error ? e.message : String(e);
    this.log(`study ${run.id}: batch ${req.batch} of task ${req.strongId.slice(0, 8)} lost (${why})`);
    if (n > MAX_BATCH_LOSSES) {
      this.failTask(run, req.strongId, {
        code: 'WORKER_LOST',
        message: `batch ${req.batch}: its worker died ${n} times (${why})`,
      });
      this.settle(run);
    } else run.requeue(req);
  }
}
