/**
 * What the service and `qec worker` agree on over Redis: the queue's name and key prefix, the
 * keys of task assignments and of the worker registry, the job payload, and how a `redis://`
 * address becomes connection options. Messages are the protocol's (src/protocol/): a job carries
 * a {@link BatchRequest}, a task is stored once as a {@link TaskAssignment}, a job returns a
 * {@link BatchResult}.
 */
import { z } from 'zod';
import { ValidationError } from '../../base/errors.js';
import { MAX_BATCHES_PER_JOB } from '../../experiment/job-size.js';
import { BatchRequestSchema, BatchResultSchema, toProtocolError } from '../../protocol/index.js';

/** The BullMQ queue of batch jobs. */
export const QUEUE_NAME = 'batches';
/** Prefix of every Redis key QEC Lab uses (BullMQ's keys included). */
export const KEY_PREFIX = 'qec';
/** The key holding a task's assignment (protocol TaskAssignment JSON) under its strong id. */
export const taskKey = (strongId: string): string => `${KEY_PREFIX}:task:${strongId}`;
/** The hash of connected workers: worker id → {@link WorkerInfo} JSON, refreshed by heartbeats. */
export const WORKERS_KEY = `${KEY_PREFIX}:workers`;
/** How often a worker refreshes its registry entry. */
export const HEARTBEAT_MS = 2000;
/**
 * Prefix of the failure reason of a job whose task throws (a poisoned task), followed by the
 * error's code and message as JSON ({@link taskErrorReason}): the service fails that task (not
 * its study, not the queue) instead of retrying; any other failure (a lost worker) is retried.
 */
export const TASK_ERROR = 'task error: ';

/** A task's error as it crosses the queue: its code and message. */
export interface TaskError {
  readonly code: string;
  readonly message: string;
}

/** The failure reason of a job whose task threw `e`. */
export function taskErrorReason(e: unknown): string {
  const { code, message } = toProtocolError(e);
  return TASK_ERROR + JSON.stringify({ code, message });
}

const TaskErrorSchema = z.strictObject({ code: z.string().min(1), message: z.string() });

/** The task error in a job's failure reason, or undefined when the job failed for another cause. */
export function parseTaskError(reason: string): TaskError | undefined {
  if (!reason.startsWith(TASK_ERROR)) return undefined;
  const text = reason.slice(TASK_ERROR.length);
  try {
    const e = TaskErrorSchema.safeParse(JSON.parse(text));
    if (e.success) return e.data;
  } catch {
    // Not JSON: a worker of an older version; keep its text.
  }
  return { code: 'INTERNAL', message: text };
}

/**
 * A batch job: which study wants it, and the protocol's batch requests, consecutive batches of
 * one task's plan run one after the other (the service grows jobs so that a queue round trip is
 * a small share of the job's time; see experiment/job-size.ts).
 */
export const JobDataSchema = z.strictObject({
  study: z.string().min(1),
  requests: z.array(BatchRequestSchema).min(1).max(MAX_BATCHES_PER_JOB),
});
export type JobData = z.infer<typeof JobDataSchema>;

/**
 * What a job returns: each batch's counts, the worker that made them, and the seconds the
 * worker's thread sat idle between its previous job and this one (absent for its first): the
 * queue's overhead as the worker pays it.
 */
export const JobResultSchema = z.strictObject({
  results: z.array(BatchResultSchema).min(1),
  worker: z.string(),
  idleSeconds: z.number().min(0).optional(),
});
export type JobResult = z.infer<typeof JobResultSchema>;

/** A worker's registry entry. */
export const WorkerInfoSchema = z.strictObject({
  id: z.string(),
  host: z.string(),
  pid: z.int(),
  concurrency: z.int().min(1),
  batches: z.int().min(0),
  shots: z.int().min(0),
  /** Jobs done (a job carries one or more batches). */
  jobs: z.int().min(0).optional(),
  /** Thread-seconds spent running batches. */
  busySeconds: z.number().min(0).optional(),
  /** Thread-seconds idle between jobs (each gap counted up to 1 s): the queue's overhead. */
  idleSeconds: z.number().min(0).optional(),
  /** Milliseconds since the epoch. */
  started: z.number(),
  lastSeen: z.number(),
});
export type WorkerInfo = z.infer<typeof WorkerInfoSchema>;

/**
 * The job id of a run of batches (`study.strongId.firstBatch.shots` for one batch, then
 * `+count`): the same batches of the same study are one job, however often they are sent.
 */
export function jobId(study: string, strongId: string, batch: number, shots: number, count = 1): string {
  return `${study}.${strongId}.${batch}.${shots}${count > 1 ? `+${count}` : ''}`;
}

/** Idle gaps longer than this are capped: a worker waiting for work is not overhead. */
export const MAX_IDLE_SAMPLE_SECONDS = 1;

/** Connection options of a `redis://[user:password@]host[:port][/db]` address. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
}

/**
 * Parses a `redis://` address.
 * @throws ValidationError naming the option for anything else.
 */
export function parseRedisUrl(text: string, option = '--queue'): RedisAddress {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new ValidationError(`${option}: expected redis://HOST:PORT, got '${text}'`);
  }
  if (u.protocol !== 'redis:' || u.hostname === '')
    throw new ValidationError(`${option}: expected redis://HOST:PORT, got '${text}'`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const path = u.pathname.replace(/^\//, '');
  const db = path === '' ? 0 : Number(path);
  if (!Number.isInteger(db) || db < 0 || db > 15)
    throw new ValidationError(`${option}: the database number must be 0..15, got '${path}'`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    db,
    ...(u.username === '' ? {} : { username: decodeURIComponent(u.username) }),
    ...(u.password === '' ? {} : { password: decodeURIComponent(u.password) }),
  };
}
