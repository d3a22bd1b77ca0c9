import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { QecError } from '../../base/errors.js';
import { BatchThreads } from '../../node/batch-threads.js';
import {
  decodeMessage,
  fromProtocolError,
  TaskAssignmentSchema,
  type BatchResult,
  type TaskAssignment,
} from '../../protocol/index.js';
import {
  HEARTBEAT_MS,
  JobDataSchema,
  MAX_IDLE_SAMPLE_SECONDS,
  KEY_PREFIX,
  QUEUE_NAME,
  taskErrorReason,
  taskKey,
  WORKERS_KEY,
  type JobResult,
  type RedisAddress,
  type WorkerInfo,
} from './queue-common.js';
import { probeRedis } from './redis-probe.js';

/** Options of {@link startQueueWorker} (`qec worker` flags). */
export interface QueueWorkerOptions {
  readonly address: RedisAddress;
  /** Batches run at once, each on its own thread. */
  readonly concurrency: number;
  /**
   * Milliseconds a job stays locked to this worker without a renewal: when the worker dies, its
   * job goes to another worker after about this long (BullMQ's lockDuration and stalledInterval).
   */
  readonly lockMs?: number;
  /** Receives warnings. */
  readonly log?: (message: string) => void;
}

/** A running `qec worker`. */
export interface RunningWorker {
  /** `host:pid:random`, as listed by `GET /api/v1/workers`. */
  readonly id: string;
  /** Finishes the batches being run, then disconnects. */
  close(): Promise<void>;
}

/** One of the `concurrency` jobs this worker runs at once, and when it finished its last job. */
interface Lane {
  /** performance.now() at the end of its previous job; undefined before its first. */
  freeSince?: number;
}

/**
 * Starts a queue worker: takes batch jobs from Redis, fetches each task's assignment once by
 * strong id (cached), runs the job's batches on the Node layer's batch threads
 * ({@link BatchThreads}, `concurrency` of them, the same threads and handler as the service's
 * in-process pool), and returns the protocol's BatchResults. Batches run off the main thread, so
 * job locks are renewed while they run. A task that throws fails its job for good with the
 * error's code and message (the service fails that task); a thread that dies is replaced and its
 * job failed, to be retried.
 */
export async function startQueueWorker(opts: QueueWorkerOptions): Promise<RunningWorker> {
  const log = opts.log ?? (() => undefined);
  // Before any client or thread exists: an unreachable Redis ends the command with one line.
  await probeRedis(opts.address);
  const id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const redis = new Redis({ ...opts.address, maxRetriesPerRequest: null });
  redis.on('error', (e: Error) => log(`redis: ${e.message}`));
  const tasks = new Map<string, TaskAssignment>();
  const info: WorkerInfo = {
    id,
    host: hostname(),
    pid: process.pid,
    concurrency: opts.concurrency,
    batches: 0,
    shots: 0,
    jobs: 0,
    busySeconds: 0,
    idleSeconds: 0,
    started: Date.now(),
    lastSeen: Date.now(),
  };

  const threads = new BatchThreads(opts.concurrency);
  // BullMQ runs at most `concurrency` jobs at once, so a lane is always free.
  const lanes: Lane[] = Array.from({ length: opts.concurrency }, () => ({}));

  async function assignment(strongId: string): Promise<TaskAssignment> {
    const known = tasks.get(strongId);
    if (known !== undefined) return known;
    const text = await redis.get(taskKey(strongId));
    // Missing (Redis restarted empty): an ordinary failure, so the service sends it again.
    if (text === null) throw new QecError(`task ${strongId.slice(0, 8)} is not in Redis`);
    let a: TaskAssignment;
    try {
      a = decodeMessage(TaskAssignmentSchema, JSON.parse(text), `task ${strongId.slice(0, 8)}`);
    } catch (e) {
      throw new UnrecoverableError(taskErrorReason(e));
    }
    tasks.set(strongId, a);
    return a;
  }

  async function processJob(job: Job): Promise<JobResult> {
    let data;
    try {
      data = decodeMessage(JobDataSchema, job.data, `job ${job.id}`);
    } catch (e) {
      throw new UnrecoverableError(taskErrorReason(e));
    }
    const strongId = data.requests[0].strongId;
    if (data.requests.some((r) => r.strongId !== strongId))
      throw new UnrecoverableError(taskErrorReason(new QecError(`job ${job.id} mixes tasks`)));
    const a = await assignment(strongId);
    const lane = lanes.pop() ?? {};
    // The lane's idle time since its previous job: the queue's overhead as this worker pays it.
    const idle = lane.freeSince === undefined ? undefined : (performance.now() - lane.freeSince) / 1000;
    if (idle !== undefined)
      info.idleSeconds = (info.idleSeconds ?? 0) + Math.min(idle, MAX_IDLE_SAMPLE_SECONDS);
    try {
      const results: BatchResult[] = [];
      for (const req of data.requests) {
        const r = await threads.run(a, req);
        if (r.kind === 'error') throw new UnrecoverableError(taskErrorReason(fromProtocolError(r.error)));
        info.batches++;
        info.shots += r.result.shots;
        info.busySeconds = (info.busySeconds ?? 0) + r.result.seconds;
        results.push(r.result);
      }
      info.jobs = (info.jobs ?? 0) + 1;
      return { results, worker: id, ...(idle === undefined ? {} : { idleSeconds: idle }) };
    } finally {
      lane.freeSince = performance.now();
      lanes.push(lane);
    }
  }

  const lockMs = opts.lockMs ?? 30_000;
  const worker = new Worker(QUEUE_NAME, processJob, {
    connection: { ...opts.address, maxRetriesPerRequest: null },
    prefix: KEY_PREFIX,
    concurrency: opts.concurrency,
    name: id,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 3,
    autorun: false,
  });
  worker.on('error', (e: Error) => log(`redis: ${e.message}`));
  worker.on('failed', (job, e) => log(`job ${job?.id ?? '?'} failed: ${e.message}`));

  const beat = async (): Promise<void> => {
    info.lastSeen = Date.now();
    await redis.hset(WORKERS_KEY, id, JSON.stringify(info));
  };
  await redis.ping();
  await beat();
  const heartbeat = setInterval(() => void beat().catch(() => undefined), HEARTBEAT_MS);
  void worker.run();
  await worker.waitUntilReady();

  let closing: Promise<void> | undefined;
  return {
    id,
    close() {
      closing ??= (async () => {
        clearInterval(heartbeat);
        await worker.close();
        await redis.hdel(WORKERS_KEY, id).catch(() => 0);
        redis.disconnect();
        await threads.close();
      })();
      return closing;
    },
  };
}
