/**
 * What a pool worker does, as one message handler shared by the worker thread (`worker.ts`) and
 * the in-process worker of {@link WorkerPool} (`workers: 0`), so both run the same code:
 * - `task`: a task handed over once under its strong id (compiled on first use, then cached);
 * - `batch`: sample, decode and count one batch of a known task → `result`;
 * - `sampler`: compile a circuit's frame sampler for `sample` jobs;
 * - `sample`: sample detection events of one batch into shared result tables → `sampled`.
 * Failures become `error` replies carrying a {@link ProtocolError}, so the error class (and the
 * exit code) survives the thread boundary.
 */
import { ValidationError } from '../base/errors.js';
import { Rng } from '../base/prng.js';
import { parseCircuit } from '../circuit/parser.js';
import { compileTask, runBatch, type CompiledTask } from '../experiment/batch.js';
import { resolveTask } from '../experiment/task.js';
import { BitTable, paddedWords } from '../mem/bit-table.js';
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
import { compileSampler, type CompiledSampler, type DetectorSamples } from '../sim/frame/frame-simulator.js';

/** One batch of frame sampling: shots [start, start + count) seeded with `seed`, into shared tables. */
export interface SampleJob {
  readonly batch: number;
  readonly start: number;
  readonly count: number;
  readonly seed: number;
  readonly detectors: SharedArrayBuffer;
  readonly observables: SharedArrayBuffer;
}

/** A message to a pool worker. */
export type WorkerRequest =
  | { readonly kind: 'task'; readonly assignment: TaskAssignment }
  | { readonly kind: 'batch'; readonly request: BatchRequest }
  | { readonly kind: 'sampler'; readonly circuitText: string; readonly samplerBatchShots: number }
  | { readonly kind: 'sample'; readonly job: SampleJob };

/** A pool worker's answer (`task` messages have none unless they fail). */
export type WorkerReply =
  | { readonly kind: 'result'; readonly result: BatchResult }
  | { readonly kind: 'ready' }
  | { readonly kind: 'sampled'; readonly batch: number }
  | {
      readonly kind: 'error';
      readonly error: ProtocolError;
      readonly strongId?: string;
      readonly batch?: number;
    };

/** A worker's state: the tasks it was given (compiled on first use) and its frame sampler. */
export interface WorkerState {
  readonly assigned: Map<string, TaskAssignment>;
  readonly compiled: Map<string, CompiledTask>;
  sampler?: CompiledSampler;
  /** Seconds from a monotonic clock (the worker's `performance.now`), for batch timings. */
  readonly clock: () => number;
}

/** A fresh worker state. */
export function newWorkerState(clock: () => number): WorkerState {
  return { assigned: new Map(), compiled: new Map(), clock };
}

/**
 * Views of rows [start, start + count) of shot-major tables living in (shared) buffers, as
 * BitTables (the rows of one batch are contiguous).
 */
export function batchView(
  detectors: SharedArrayBuffer | ArrayBuffer,
  observables: SharedArrayBuffer | ArrayBuffer,
  numDetectors: number,
  numObservables: number,
  start: number,
  count: number,
): DetectorSamples {
  const ds = paddedWords(numDetectors);
  const os = paddedWords(numObservables);
  return {
    detectors: new BitTable(count, numDetectors, new Uint32Array(detectors, start * ds * 4, count * ds)),
    observables: new BitTable(
      count,
      numObservables,
      new Uint32Array(observables, start * os * 4, count * os),
    ),
  };
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
      case 'sampler':
        state.sampler = compileSampler(parseCircuit(msg.circuitText), { batchShots: msg.samplerBatchShots });
        return { kind: 'ready' };
      case 'sample': {
        const s = state.sampler;
        if (s === undefined) throw new ValidationError('sample job before the circuit was compiled');
        const j = msg.job;
        const out = batchView(j.detectors, j.observables, s.numDetectors, s.numObservables, j.start, j.count);
        s.sampleDetectors(j.count, new Rng(j.seed), { out });
        return { kind: 'sampled', batch: j.batch };
      }
    }
  } catch (e) {
    const where =
      msg.kind === 'batch'
        ? { strongId: msg.request.strongId, batch: msg.request.batch }
        : msg.kind === 'task'
          ? { strongId: msg.assignment.strongId }
          : msg.kind === 'sample'
            ? { batch: msg.job.batch }
            : {};
    return { kind: 'error', error: toProtocolError(e), ...where };
  }
}
