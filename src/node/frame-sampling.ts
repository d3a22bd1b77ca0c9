/**
 * Batched frame sampling without worker threads: the single-thread definition of the parallel
 * sampler's output ({@link sampleDetectorsSerial}), its options, and shared-memory result tables.
 * Kept apart from `worker-pool.ts` so commands sampling in this thread (`qec detect --workers 0`)
 * load neither the pool nor what workers need (protocol schemas, decoders): start-up stays short.
 */
import { ValidationError } from '../base/errors.js';
import { deriveSeed, Rng } from '../base/prng.js';
import { parseCircuit } from '../circuit/parser.js';
import { BitTable, paddedWords } from '../mem/bit-table.js';
import {
  compileSampler,
  DEFAULT_BATCH_SHOTS,
  type CompiledSampler,
  type DetectorSamples,
} from '../sim/frame/frame-simulator.js';

/** Options of {@link sampleDetectorsParallel}. */
export interface ParallelSampleOptions {
  /** Task seed, an integer in [0, 2^53). Batch b uses deriveSeed(seed, b). */
  seed: number;
  /** Worker threads (default: available parallelism, at most the number of batches). 0 = this thread. */
  workers?: number;
  /**
   * Shot-major output tables (numShots rows) to overwrite instead of allocating, backed by
   * SharedArrayBuffers so workers can write them (see {@link allocateSharedSamples}).
   */
  out?: DetectorSamples;
  /** Shots per batch, the unit of work and of seeding (default 65536). */
  batchSize?: number;
  /** The frame sampler's internal batch width in shots (a multiple of 32; default DEFAULT_BATCH_SHOTS = 2048). */
  samplerBatchShots?: number;
}

/** Default shots per batch. */
export const DEFAULT_PARALLEL_BATCH = 65536;

/** Checks numShots and the options; returns the batch sizes with their defaults filled in. */
export function checkOptions(
  numShots: number,
  opts: ParallelSampleOptions,
): { batchSize: number; samplerBatchShots: number } {
  if (!Number.isInteger(numShots) || numShots < 0)
    throw new ValidationError(`numShots must be a non-negative integer, got ${numShots}`, { numShots });
  if (!Number.isInteger(opts.seed) || opts.seed < 0 || opts.seed >= 2 ** 53)
    throw new ValidationError(`seed must be an integer in [0, 2^53), got ${opts.seed}`, { seed: opts.seed });
  const batchSize = opts.batchSize ?? DEFAULT_PARALLEL_BATCH;
  if (!Number.isInteger(batchSize) || batchSize <= 0 || batchSize % 32 !== 0)
    throw new ValidationError(`batchSize must be a positive multiple of 32, got ${batchSize}`, { batchSize });
  const samplerBatchShots = opts.samplerBatchShots ?? DEFAULT_BATCH_SHOTS;
  return { batchSize, samplerBatchShots };
}

/**
 * The single-thread definition of the parallel result: batch b = shots [b·batchSize, ...) sampled
 * with `new Rng(deriveSeed(seed, b))`. Returns shot-major tables: `opts.out` (overwritten) when
 * given, else new ones. Takes the circuit's Stim text or a sampler already compiled with the same
 * `samplerBatchShots` (so a caller streaming many calls compiles once).
 * @throws ValidationError for bad options or `opts.out` of the wrong shape; UnsupportedError /
 *   ParseError from the circuit.
 */
export function sampleDetectorsSerial(
  circuit: string | CompiledSampler,
  numShots: number,
  opts: ParallelSampleOptions,
): DetectorSamples {
  const { batchSize, samplerBatchShots } = checkOptions(numShots, opts);
  const sampler =
    typeof circuit === 'string'
      ? compileSampler(parseCircuit(circuit), { batchShots: samplerBatchShots })
      : circuit;
  const out = opts.out ?? {
    detectors: new BitTable(numShots, sampler.numDetectors),
    observables: new BitTable(numShots, sampler.numObservables),
  };
  const { detectors, observables } = out;
  if (
    detectors.numRows !== numShots ||
    detectors.numCols !== sampler.numDetectors ||
    observables.numRows !== numShots ||
    observables.numCols !== sampler.numObservables
  )
    throw new ValidationError(
      `output tables must be ${numShots} × ${sampler.numDetectors} and ${numShots} × ${sampler.numObservables}`,
    );
  for (let b = 0, start = 0; start < numShots; b++, start += batchSize) {
    const count = Math.min(batchSize, numShots - start);
    const view = {
      detectors: new BitTable(
        count,
        sampler.numDetectors,
        detectors.data.subarray(start * detectors.stride, (start + count) * detectors.stride),
      ),
      observables: new BitTable(
        count,
        sampler.numObservables,
        observables.data.subarray(start * observables.stride, (start + count) * observables.stride),
      ),
    };
    sampler.sampleDetectors(count, new Rng(deriveSeed(opts.seed, b)), { out: view });
  }
  return out;
}

/**
 * Shot-major tables (numShots rows) backed by SharedArrayBuffers, for {@link ParallelSampleOptions.out}.
 * Reusing them across calls avoids faulting in fresh memory every time.
 */
export function allocateSharedSamples(
  numShots: number,
  numDetectors: number,
  numObservables: number,
): DetectorSamples {
  const ds = paddedWords(numDetectors);
  const os = paddedWords(numObservables);
  return {
    detectors: new BitTable(
      numShots,
      numDetectors,
      new Uint32Array(new SharedArrayBuffer(Math.max(4, numShots * ds * 4)), 0, numShots * ds),
    ),
    observables: new BitTable(
      numShots,
      numObservables,
      new Uint32Array(new SharedArrayBuffer(Math.max(4, numShots * os * 4)), 0, numShots * os),
    ),
  };
}
