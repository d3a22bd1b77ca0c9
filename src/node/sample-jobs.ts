/**
 * The frame-sampling half of a pool worker's messages (`sampler`, `sample`), apart from
 * `worker-jobs.ts` so a thread that only samples loads the sampler and nothing of what tasks need
 * (protocol schemas, DEM analysis, decoders): workers of `qec detect` start as fast as the sampler.
 */
import { ValidationError } from '../base/errors.js';
import { Rng } from '../base/prng.js';
import { parseCircuit } from '../circuit/parser.js';
import { BitTable, paddedWords } from '../mem/bit-table.js';
import { toProtocolError } from '../protocol/errors.js';
import type { ProtocolError } from '../protocol/messages.js';
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

/** A frame-sampling message to a pool worker: compile a circuit's sampler, or sample one batch. */
export type SampleRequest =
  | { readonly kind: 'sampler'; readonly circuitText: string; readonly samplerBatchShots: number }
  | { readonly kind: 'sample'; readonly job: SampleJob };

/** The answer to a {@link SampleRequest}. */
export type SampleReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'sampled'; readonly batch: number }
  | { readonly kind: 'error'; readonly error: ProtocolError; readonly batch?: number };

/** What a worker keeps for sampling: the sampler of the last `sampler` message. */
export interface SamplerHolder {
  sampler?: CompiledSampler;
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

/**
 * Handles one sampling message (mutates `state.sampler` on `sampler`). Never throws: failures are
 * `error` replies (with the batch of a failed `sample`).
 */
export function handleSampleRequest(state: SamplerHolder, msg: SampleRequest): SampleReply {
  try {
    if (msg.kind === 'sampler') {
      state.sampler = compileSampler(parseCircuit(msg.circuitText), { batchShots: msg.samplerBatchShots });
      return { kind: 'ready' };
    }
    const s = state.sampler;
    if (s === undefined) throw new ValidationError('sample job before the circuit was compiled');
    const j = msg.job;
    const out = batchView(j.detectors, j.observables, s.numDetectors, s.numObservables, j.start, j.count);
    s.sampleDetectors(j.count, new Rng(j.seed), { out });
    return { kind: 'sampled', batch: j.batch };
  } catch (e) {
    return {
      kind: 'error',
      error: toProtocolError(e),
      ...(msg.kind === 'sample' ? { batch: msg.job.batch } : {}),
    };
  }
}
