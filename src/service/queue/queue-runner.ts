import { Queue, QueueEvents, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { CancelledError, QecError } from '../../base/errors.js';
import { decodeMessage, type BatchRequest, type TaskAssignment } from '../../protocol/index.js';
import type { BatchOutcome, BatchRunner } from '../executor.js';
import {
  jobId,
  JobResultSchema,
  MAX_IDLE_SAMPLE_SECONDS,
  HEARTBEAT_MS,
  KEY_PREFIX,
  QUEUE_NAME,
  parseTaskError,
  taskKey,
  WORKERS_KEY,
  WorkerInfoSchema,
  type JobData,
  type RedisAddress,
  type WorkerInfo,
} from './queue-common.js';

/** Idle gaps kept to estimate the per-job overhead, and how many are needed first. */
const GAP_WINDOW = 32;
const MIN_GAP_SAMPLES = 4;

/** Options of the {@link QueueRunner}. */
export interface QueueRunnerOptions {
  /** Most batch jobs queued or running at once, over all studies (the executor shares them fairly). */
  readonly depth: number;
  /** How often jobs in flight are checked to still exist (they vanish when Redis restarts empty). */
  readonly checkMs?: number;
  /** Receives warnings. */
  readonly log?: (message: string) => void;
}

interface Pending {
  readonly id: string;
  readonly study: string;
  readonly data: JobData;
  readonly assignment: TaskAssignment;
  readonly reject: (e: Error) => void;
}

/**
 * The executor's {@link BatchRunner} on a BullMQ queue: each batch becomes a job (study, task
 * strong id, batch index, shots, seed) that any `qec worker` may take; the task itself is stored
 * once in Redis under its strong id. The job id is the batch's key, so a batch sent twice (after
 * a service restart) is one job, and a result computed while the service was away is picked up.
 * A job whose worker died is handed to another worker by BullMQ (stalled-job detection); if it
 * fails all the same, the executor sends it again. At most `depth` jobs are out at once.
 */
export class QueueRunner implements BatchRunner {
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly redis: Redis;
  private readonly pending = new Map<string, Pending>();
  /** Tasks already stored in Redis (forgotten when Redis turns out to have restarted empty). */
  private readonly stored = new Set<string>();
  /** The idle gaps (seconds) workers reported before their recent jobs, oldest first. */
  private readonly gaps: number[] = [];
  private readonly depth: number;
  private readonly log: (message: string) => void;
  private readonly timer: NodeJS.Timeout;
  private checking = false;
  /** Total concurrency of the workers seen in the registry (refreshed every heartbeat). */
  private concurrency = 0;
  private capacityListener: () => void = () => undefined;
  private readonly workerTimer: NodeJS.Timeout;
  private closed = false;

  constructor(address: RedisAddress, opts: QueueRunnerOptions) {
    const connection = { ...address, maxRetriesPerRequest: null };
    this.queue = new Queue(QUEUE_NAME, { connection, prefix: KEY_PREFIX });
    this.events = new QueueEvents(QUEUE_NAME, { connection, prefix: KEY_PREFIX });
    this.redis = new Redis({ ...address, maxRetriesPerRequest: null });
    this.depth = Math.max(1, opts.depth);
    this.log = opts.log ?? (() => undefined);
    // Each job waiting for its end listens to the queue's 'closing'.
    this.queue.setMaxListeners(this.depth + 100);
    this.queue.on('error', (e: Error) => this.log(`redis: ${e.message}`));
    this.events.on('error', (e: Error) => this.log(`redis: ${e.message}`));
    this.redis.on('error', (e: Error) => this.log(`redis: ${e.message}`));
    this.timer = setInterval(() => void this.check(), opts.checkMs ?? 5000);
    this.timer.unref();
    this.workerTimer = setInterval(() => void this.refreshWorkers(), HEARTBEAT_MS);
    this.workerTimer.unref();
  }

  /**
   * Waits until Redis answers.
   * @throws QecError (UNAVAILABLE) when it does not within `timeoutMs`.
   */
  async ready(address: RedisAddress, timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new QecError(`cannot reach Redis at ${address.host}:${address.port}`, { code: 'UNAVAILABLE' }),
          ),
        timeoutMs,
      );
    });
    try {
      await Promise.race([
        Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady(), this.redis.ping()]),
        late,
      ]);
      await this.refreshWorkers();
    } finally {
      clearTimeout(timer);
    }
  }

  /** Jobs that may still be sent. */
  get idle(): number {
    return this.closed ? 0 : Math.max(0, this.depth - this.pending.size);
  }

  /**
   * Most jobs one study may have queued or running: twice the connected workers' total
   * concurrency (one running and one waiting per batch thread, so no thread waits for the
   * service's round trip), at least 1 while no worker is connected.
   */
  studyDepth(): number {
    return Math.max(1, 2 * this.concurrency);
  }

  /** Calls `fn` when the workers' total concurrency grows (the executor then sends more jobs). */
  onCapacity(fn: () => void): void {
    this.capacityListener = fn;
  }

  /** Re-reads the worker registry's total concurrency. */
  private async refreshWorkers(): Promise<void> {
    if (this.closed) return;
    try {
      const total = (await this.workers()).reduce((a, w) => a + w.concurrency, 0);
      const grew = total > this.concurrency;
      this.concurrency = total;
      if (grew) this.capacityListener();
    } catch (e) {
      this.log(`reading workers: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Stores the task (once: the key is its strong id) and queues the job. */
  private async enqueue(p: Pending): Promise<Job> {
    const id = p.assignment.strongId;
    if (!this.stored.has(id)) {
      await this.redis.set(taskKey(id), JSON.stringify(p.assignment), 'NX');
      this.stored.add(id);
    }
    return this.queue.add('batch', p.data, {
      jobId: p.id,
      removeOnComplete: { count: 10000 },
      removeOnFail: { count: 1000 },
    });
  }

  async run(assignment: TaskAssignment, req: BatchRequest, studyId: string): Promise<BatchOutcome> {
    return (await this.runJob(assignment, [req], studyId))[0];
  }

  /** Seconds of worker time lost per job: the median of the recent idle gaps workers reported. */
  overheadSeconds(): number | undefined {
    if (this.gaps.length < MIN_GAP_SAMPLES) return undefined;
    const sorted = [...this.gaps].sort((a, b) => a - b);
    return sorted[sorted.length >> 1];
  }

  async runJob(
    assignment: TaskAssignment,
    reqs: readonly BatchRequest[],
    studyId: string,
  ): Promise<BatchOutcome[]> {
    if (this.closed) throw new QecError('the queue is closed');
    const [req] = reqs;
    const requests = reqs.map((r) => ({
      strongId: r.strongId,
      batch: r.batch,
      shots: r.shots,
      seed: r.seed,
    }));
    const total = reqs.reduce((a, r) => a + r.shots, 0);
    const id = jobId(studyId, req.strongId, req.batch, total, reqs.length);
    let reject: (e: Error) => void = () => undefined;
    const gone = new Promise<never>((_, rej) => (reject = rej));
    const p: Pending = {
      id,
      study: studyId,
      data: { study: studyId, requests },
      assignment,
      reject,
    };
    this.pending.set(id, p);
    try {
      const job = await this.enqueue(p);
      let raw: unknown;
      try {
        raw = await Promise.race([job.waitUntilFinished(this.events), gone]);
      } catch (e) {
        const failure = parseTaskError(e instanceof Error ? e.message : String(e));
        if (failure !== undefined) return reqs.map(() => ({ kind: 'failed', error: failure }));
        // A lost job: remove it so that sending the batch again makes a fresh job.
        if (!(e instanceof CancelledError)) await this.queue.remove(id).catch(() => 0);
        throw e;
      }
      const { results, worker, idleSeconds } = decodeMessage(JobResultSchema, raw, `result of job ${id}`);
      if (results.length !== reqs.length)
        throw new QecError(`job ${id} answered ${results.length} batches of ${reqs.length}`);
      if (idleSeconds !== undefined) {
        this.gaps.push(Math.min(idleSeconds, MAX_IDLE_SAMPLE_SECONDS));
        if (this.gaps.length > GAP_WINDOW) this.gaps.shift();
      }
      return reqs.map((r, k) => {
        const result = results[k];
        if (result.strongId !== r.strongId || result.batch !== r.batch)
          throw new QecError(`job ${id} answered for batch ${result.batch} of task ${result.strongId}`);
        return { kind: 'result', result, worker };
      });
    } finally {
      this.pending.delete(id);
    }
  }

  /** Removes a stopped study's jobs that no worker has taken yet. */
  forget(studyId: string): void {
    for (const p of this.pending.values())
      if (p.study === studyId)
        void this.queue.remove(p.id).then(
          (n) => {
            if (n === 1) p.reject(new CancelledError(`study ${studyId} stopped`));
          },
          () => undefined,
        );
  }

  /**
   * Sends again the jobs in flight that Redis no longer has (it restarted without its data), with
   * their tasks.
   */
  private async check(): Promise<void> {
    if (this.checking || this.closed) return;
    this.checking = true;
    try {
      for (const p of [...this.pending.values()]) {
        const state = await this.queue.getJobState(p.id);
        if (state !== 'unknown' || !this.pending.has(p.id)) continue;
        this.log(`job ${p.id} vanished from Redis: sending it again`);
        this.stored.clear();
        await this.enqueue(p);
      }
    } catch (e) {
      this.log(`checking jobs: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.checking = false;
    }
  }

  /** The workers that sent a heartbeat recently. */
  async workers(): Promise<WorkerInfo[]> {
    const all = await this.redis.hgetall(WORKERS_KEY);
    const now = Date.now();
    const out: WorkerInfo[] = [];
    for (const text of Object.values(all)) {
      const w = WorkerInfoSchema.safeParse(JSON.parse(text));
      if (w.success && now - w.data.lastSeen < 15_000) out.push(w.data);
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Stops waiting for jobs (they stay queued for the next start) and closes the connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    clearInterval(this.workerTimer);
    for (const p of this.pending.values()) p.reject(new QecError('the queue connection is closing'));
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    this.redis.disconnect();
  }
}
