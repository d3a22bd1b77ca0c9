/**
 * What a pool worker does, as one message handler shared by the worker thread (`worker.ts`) and
 * the in-process worker of `worker-threads.ts` (`workers: 0`), so both run the same code:
 * - `task`: a task handed over once under its strong id (compiled on first use, then cached);
 * - `batch`: sample, decode and count one batch of a known task → `result`;
 * - `sampler`: compile a circuit's frame sampler for `sample` jobs;
 * - `sample`: sample detection events of one batch into shared result tables → `sampled`;
 * - `splitting-setup`: the shared data of one splitting ladder (its decoder compiled once);
 * - `splitting-job`: one burn-in or measured chain of that ladder → `splitting-done`.
 * Failures become `error` replies carrying a {@link ProtocolError}, so the error class (and the
 * exit code) survives the thread boundary.
 */
import { ValidationError } from '../base/errors.js';
import { Rng } from '../base/prng.js';
import { compileTask, runBatch, type CompiledTask } from '../experiment/batch.js';
import {
  SplittingWorker,
  type SplittingJob,
  type SplittingJobResult,
  type SplittingSetup,
} from '../experiment/splitting-chain.js';
import { resolveTask } from '../experiment/task.js';
import {
  BatchRequestSchema,
  decodeMessage,
  TaskAssignmentSchema,
  toProtocolError,
  type BatchRequest,
  type BatchResult,
  type ProtocolError,
  type TaskAssignment,
} from '../protocol/index.js';
import {
  handleSampleRequest,
  type SampleReply,
  type SampleRequest,
  type SamplerHolder,
} from './sample-jobs.js';

export { batchView, type SampleJob } from './sample-jobs.js';

/** A message to a pool worker. */
export type WorkerRequest =
  | { readonly kind: 'task'; readonly assignment: TaskAssignment }
  | { readonly kind: 'batch'; readonly request: BatchRequest }
  | { readonly kind: 'splitting-setup'; readonly id: string; readonly setup: SplittingSetup }
  | { readonly kind: 'splitting-job'; readonly id: string; readonly job: SplittingJob }
  | SampleRequest;

/** A pool worker's answer (`task` messages have none unless they fail). */
export type WorkerReply =
  | { readonly kind: 'result'; readonly result: BatchResult }
  | { readonly kind: 'splitting-done'; readonly id: string; readonly result: SplittingJobResult }
  | Exclude<SampleReply, { kind: 'error' }>
  | {
      readonly kind: 'error';
      readonly error: ProtocolError;
      readonly strongId?: string;
      readonly batch?: number;
    };

/** A worker's state: the tasks it was given (compiled on first use) and its frame sampler. */
export interface WorkerState extends SamplerHolder {
  readonly assigned: Map<string, TaskAssignment>;
  readonly compiled: Map<string, CompiledTask>;
  /** Seconds from a monotonic clock (the worker's `performance.now`), for batch timings. */
  readonly clock: () => number;
  /** The splitting ladder last set up here (one at a time: a new setup replaces it). */
  splitting?: { readonly id: string; readonly worker: SplittingWorker };
}

/** A fresh worker state. */
export function newWorkerState(clock: () => number): WorkerState {
  return { assigned: new Map(), compiled: new Map(), clock };
}

function compiledTask(state: WorkerState, strongId: string): CompiledTask {
  let t = state.compiled.get(strongId);
  if (t !== undefined) return t;
  const a = state.assigned.get(strongId);
  if (a === undefined)
    throw new ValidationError(`batch for task ${strongId.slice(0, 8)}, which this worker was never given`);
  const resolved = resolveTask(a.task, `task ${strongId.slice(0, 8)}`);
  if (resolved.strongId !== strongId)
    throw new ValidationError(`task ${strongId.slice(0, 8)} resolves to a different strong id here`);
  t = compileTask(resolved);
  state.compiled.set(strongId, t);
  return t;
}

/**
 * Handles one message; returns the reply, or undefined for a `task` message that needs none.
 * Never throws: failures are `error` replies.
 */
export function handleWorkerRequest(state: WorkerState, msg: WorkerRequest): WorkerReply | undefined {
  try {
    switch (msg.kind) {
      case 'task': {
        const a = decodeMessage(TaskAssignmentSchema, msg.assignment, 'task assignment');
        state.assigned.set(a.strongId, a);
        return undefined;
      }
      case 'batch': {
        const req = decodeMessage(BatchRequestSchema, msg.request, 'batch request');
        const t = compiledTask(state, req.strongId);
        const t0 = state.clock();
        const r = runBatch(t, req.shots, new Rng(req.seed));
        const result: BatchResult = {
          strongId: req.strongId,
          batch: req.batch,
          shots: r.shots,
          errors: r.errors,
          discards: r.discards,
          seconds: Math.max(0, state.clock() - t0),
        };
        return { kind: 'result', result };
      }
      case 'splitting-setup':
        state.splitting = { id: msg.id, worker: new SplittingWorker(msg.setup) };
        return undefined;
      case 'splitting-job': {
        const s = state.splitting;
        if (s === undefined || s.id !== msg.id)
          throw new ValidationError(`splitting job for ladder ${msg.id}, which this worker was never given`);
        return { kind: 'splitting-done', id: msg.id, result: s.worker.run(msg.job) };
      }
      case 'sampler':
      case 'sample':
        return handleSampleRequest(state, msg);
    }
  } catch (e) {
    const where =
      msg.kind === 'batch'
        ? { strongId: msg.request.strongId, batch: msg.request.batch }
        : msg.kind === 'task'
          ? { strongId: msg.assignment.strongId }
          : {};
    return { kind: 'error', error: toProtocolError(e), ...where };
  }
}
