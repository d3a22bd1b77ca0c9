/**
 * Parallel detection-event sampling on worker threads. Shots are cut into batches of `batchSize`;
 * batch b is sampled with `new Rng(deriveSeed(seed, b))` by whichever worker is free, so the
 * result depends only on (circuit, numShots, seed, batchSize, samplerBatchShots) and equals the
 * single-thread result computed batch by batch ({@link sampleDetectorsSerial}). Workers write
 * their rows straight into shared result tables (SharedArrayBuffer): nothing is copied or
 * serialised on the way back, and the main thread only hands out batch numbers.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ValidationError } from '../base/errors.js';
import { deriveSeed, Rng } from '../base/prng.js';
import { parseCircuit } from '../circuit/parser.js';
import { BitTable, paddedWords } from '../mem/bit-table.js';
import type { DetectorSamples } from '../sim/frame/frame-simulator.js';
import { compileSampler, DEFAULT_BATCH_SHOTS } from '../sim/frame/frame-simulator.js';

/** Options of {@link sampleDetectorsParallel}. */
export interface ParallelSampleOptions {
  /** Task seed, an integer in [0, 2^53). Batch b uses deriveSeed(seed, b). */
  seed: number;
  /** Worker threads (default: available parallelism, at most the number of batches). 0 = this thread. */
  workers?: number;
  /** Shots per batch, the unit of work and of seeding (default 65536). */
  batchSize?: number;
  /** The frame sampler's internal batch width in shots (a multiple of 32; default 1024). */
  samplerBatchShots?: number;
}

/** A message from the main thread to a frame worker. */
export interface FrameWorkerInit {
  readonly circuitText: string;
  readonly samplerBatchShots: number;
  readonly detectors: SharedArrayBuffer;
  readonly observables: SharedArrayBuffer;
  readonly numShots: number;
}

/** One batch to sample: shots [start, start + count) with seed `seed`. */
export interface FrameWorkerTask {
  readonly batch: number;
  readonly start: number;
  readonly count: number;
  readonly seed: number;
}

/** A worker's reply: the batch is written, or it failed with `error`. */
export interface FrameWorkerReply {
  readonly batch: number;
  readonly error?: string;
}

/** Default shots per batch. */
export const DEFAULT_PARALLEL_BATCH = 65536;

/**
 * Views of rows [start, start + count) of shot-major tables living in shared buffers, as
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
 * Starts a worker running `frame-worker` next to this module: the built `.js` in dist/, or, when
 * running from TypeScript sources (tests, tsx), an eval bootstrap that registers tsx's ESM loader
 * inside the worker before importing the `.ts` entry (the parent's loader hooks and an inherited
 * `--import tsx` do not take effect for a worker's main module in Node 20).
 */
function spawnFrameWorker(init: FrameWorkerInit): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./frame-worker.js', here), { workerData: init });
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./frame-worker.ts', here).href;
  return new Worker(
    `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(entry)});`,
    { eval: true, workerData: init },
  );
}

function checkOptions(
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
 * with `new Rng(deriveSeed(seed, b))`. Returns shot-major tables.
 * @throws ValidationError for bad options; UnsupportedError / ParseError from the circuit.
 */
export function sampleDetectorsSerial(
  circuitText: string,
  numShots: number,
  opts: ParallelSampleOptions,
): DetectorSamples {
  const { batchSize, samplerBatchShots } = checkOptions(numShots, opts);
  const sampler = compileSampler(parseCircuit(circuitText), { batchShots: samplerBatchShots });
  const detectors = new BitTable(numShots, sampler.numDetectors);
  const observables = new BitTable(numShots, sampler.numObservables);
  for (let b = 0, start = 0; start < numShots; b++, start += batchSize) {
    const count = Math.min(batchSize, numShots - start);
    const out = batchView(
      detectors.data.buffer,
      observables.data.buffer,
      sampler.numDetectors,
      sampler.numObservables,
      start,
      count,
    );
    sampler.sampleDetectors(count, new Rng(deriveSeed(opts.seed, b)), { out });
  }
  return { detectors, observables };
}

/**
 * Samples `numShots` shots of detection events and observable flips of the circuit given as Stim
 * text, on `opts.workers` worker threads. Returns shot-major tables backed by SharedArrayBuffers,
 * bit-identical to {@link sampleDetectorsSerial} with the same options whatever the number of
 * workers or the scheduling. Each worker compiles the circuit once.
 * @throws ValidationError for bad options; the first worker error (ParseError/UnsupportedError
 *   text) as a ValidationError naming the batch.
 */
export async function sampleDetectorsParallel(
  circuitText: string,
  numShots: number,
  opts: ParallelSampleOptions,
): Promise<DetectorSamples> {
  const { batchSize, samplerBatchShots } = checkOptions(numShots, opts);
  // Compile here too: validates the circuit before any thread starts and gives the shapes.
  const probe = compileSampler(parseCircuit(circuitText), { batchShots: samplerBatchShots });
  const numBatches = Math.ceil(numShots / batchSize);
  const numWorkers = Math.min(opts.workers ?? availableParallelism(), numBatches);
  if (numWorkers <= 0) return sampleDetectorsSerial(circuitText, numShots, opts);
  const dBuf = new SharedArrayBuffer(Math.max(4, numShots * paddedWords(probe.numDetectors) * 4));
  const oBuf = new SharedArrayBuffer(Math.max(4, numShots * paddedWords(probe.numObservables) * 4));
  const init: FrameWorkerInit = {
    circuitText,
    samplerBatchShots,
    detectors: dBuf,
    observables: oBuf,
    numShots,
  };
  await new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (err !== undefined) reject(err);
      else resolve();
    };
    const feed = (w: Worker): void => {
      if (next >= numBatches) return;
      const b = next++;
      const start = b * batchSize;
      const task: FrameWorkerTask = {
        batch: b,
        start,
        count: Math.min(batchSize, numShots - start),
        seed: deriveSeed(opts.seed, b),
      };
      w.postMessage(task);
    };
    for (let i = 0; i < numWorkers; i++) {
      const w = spawnFrameWorker(init);
      workers.push(w);
      w.on('message', (reply: FrameWorkerReply) => {
        if (reply.error !== undefined) {
          finish(
            new ValidationError(`frame worker failed on batch ${reply.batch}: ${reply.error}`, { ...reply }),
          );
          return;
        }
        done++;
        if (done === numBatches) finish();
        else feed(w);
      });
      w.on('error', (e) => finish(e instanceof Error ? e : new Error(String(e))));
      w.on('exit', (code) => {
        if (code !== 0 && done < numBatches) finish(new Error(`frame worker exited with code ${code}`));
      });
      feed(w);
    }
  });
  return {
    detectors: new BitTable(
      numShots,
      probe.numDetectors,
      new Uint32Array(dBuf, 0, numShots * paddedWords(probe.numDetectors)),
    ),
    observables: new BitTable(
      numShots,
      probe.numObservables,
      new Uint32Array(oBuf, 0, numShots * paddedWords(probe.numObservables)),
    ),
  };
}
