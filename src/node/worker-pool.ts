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

/** Data every frame worker starts with. */
export interface FrameWorkerInit {
  readonly circuitText: string;
  readonly samplerBatchShots: number;
}

/** One batch to sample: shots [start, start + count) with seed `seed`, into the shared tables. */
export interface FrameWorkerTask {
  readonly batch: number;
  readonly start: number;
  readonly count: number;
  readonly seed: number;
  readonly detectors: SharedArrayBuffer;
  readonly observables: SharedArrayBuffer;
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

/**
 * A persistent pool of worker threads sampling one circuit: each worker compiles the circuit once,
 * then serves any number of {@link FrameSamplerPool.sampleDetectors} calls (one at a time).
 * Call {@link FrameSamplerPool.close} when done.
 */
export class FrameSamplerPool {
  readonly numWorkers: number;
  readonly numDetectors: number;
  readonly numObservables: number;
  private readonly circuitText: string;
  private readonly samplerBatchShots: number;
  private readonly workers: Worker[] = [];
  private busy = false;

  /**
   * @param workers thread count (≥ 1; default available parallelism).
   * @throws ParseError / UnsupportedError from compiling the circuit (checked in this thread first).
   */
  constructor(circuitText: string, options: { workers?: number; samplerBatchShots?: number } = {}) {
    this.samplerBatchShots = options.samplerBatchShots ?? DEFAULT_BATCH_SHOTS;
    const probe = compileSampler(parseCircuit(circuitText), { batchShots: this.samplerBatchShots });
    this.numDetectors = probe.numDetectors;
    this.numObservables = probe.numObservables;
    this.circuitText = circuitText;
    const n = options.workers ?? availableParallelism();
    if (!Number.isInteger(n) || n < 1)
      throw new ValidationError(`workers must be a positive integer, got ${n}`, { workers: n });
    this.numWorkers = n;
  }

  private ensureWorkers(count: number): void {
    while (this.workers.length < count)
      this.workers.push(
        spawnFrameWorker({ circuitText: this.circuitText, samplerBatchShots: this.samplerBatchShots }),
      );
  }

  /**
   * Samples numShots shots (batch b seeded with deriveSeed(opts.seed, b)); the same bits as
   * {@link sampleDetectorsSerial}. `opts.workers` is ignored (the pool's size is used).
   * @throws ValidationError for bad options, a busy pool, or a worker failure.
   */
  async sampleDetectors(numShots: number, opts: ParallelSampleOptions): Promise<DetectorSamples> {
    const { batchSize } = checkOptions(numShots, opts);
    if (this.busy) throw new ValidationError('FrameSamplerPool: one sampleDetectors call at a time');
    const out = opts.out ?? allocateSharedSamples(numShots, this.numDetectors, this.numObservables);
    const dBuf = out.detectors.data.buffer;
    const oBuf = out.observables.data.buffer;
    if (
      !(dBuf instanceof SharedArrayBuffer) ||
      !(oBuf instanceof SharedArrayBuffer) ||
      out.detectors.numRows !== numShots ||
      out.detectors.numCols !== this.numDetectors ||
      out.observables.numRows !== numShots ||
      out.observables.numCols !== this.numObservables ||
      out.detectors.data.byteOffset !== 0 ||
      out.observables.data.byteOffset !== 0
    )
      throw new ValidationError(
        `output tables must be ${numShots} × ${this.numDetectors} and ${numShots} × ${this.numObservables}, ` +
          `starting at offset 0 of SharedArrayBuffers (use allocateSharedSamples)`,
      );
    const numBatches = Math.ceil(numShots / batchSize);
    if (numBatches === 0) return out;
    const active = Math.min(this.numWorkers, numBatches);
    this.ensureWorkers(active);
    this.busy = true;
    try {
      await new Promise<void>((resolve, reject) => {
        let next = 0;
        let done = 0;
        let settled = false;
        const used = this.workers.slice(0, active);
        const cleanup = (): void => {
          for (const w of used) {
            w.removeAllListeners('message');
            w.removeAllListeners('error');
            w.removeAllListeners('exit');
          }
        };
        const finish = (err?: Error): void => {
          if (settled) return;
          settled = true;
          cleanup();
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
            detectors: dBuf,
            observables: oBuf,
          };
          w.postMessage(task);
        };
        for (const w of used) {
          w.on('message', (reply: FrameWorkerReply) => {
            if (reply.error !== undefined) {
              finish(
                new ValidationError(`frame worker failed on batch ${reply.batch}: ${reply.error}`, {
                  ...reply,
                }),
              );
              return;
            }
            done++;
            if (done === numBatches) finish();
            else feed(w);
          });
          w.on('error', (e) => finish(e instanceof Error ? e : new Error(String(e))));
          w.on('exit', (code) => finish(new Error(`frame worker exited with code ${code}`)));
          feed(w);
        }
      });
    } catch (e) {
      await this.close();
      throw e;
    } finally {
      this.busy = false;
    }
    return out;
  }

  /** Terminates the workers. The pool can be used again afterwards (workers restart). */
  async close(): Promise<void> {
    const ws = this.workers.splice(0);
    await Promise.all(ws.map((w) => w.terminate()));
  }
}

/**
 * Samples `numShots` shots of detection events and observable flips of the circuit given as Stim
 * text, on `opts.workers` worker threads (a {@link FrameSamplerPool} for one call). Returns
 * shot-major tables backed by SharedArrayBuffers, bit-identical to {@link sampleDetectorsSerial}
 * with the same options whatever the number of workers or the scheduling.
 * @throws ValidationError for bad options or a worker failure; ParseError / UnsupportedError for
 *   the circuit (before any thread starts).
 */
export async function sampleDetectorsParallel(
  circuitText: string,
  numShots: number,
  opts: ParallelSampleOptions,
): Promise<DetectorSamples> {
  const { batchSize } = checkOptions(numShots, opts);
  const numBatches = Math.ceil(numShots / batchSize);
  const workers = Math.min(opts.workers ?? availableParallelism(), numBatches);
  if (workers <= 0) {
    const r = sampleDetectorsSerial(circuitText, numShots, opts);
    if (opts.out === undefined) return r;
    opts.out.detectors.data.set(r.detectors.data);
    opts.out.observables.data.set(r.observables.data);
    return opts.out;
  }
  const pool = new FrameSamplerPool(circuitText, { workers, samplerBatchShots: opts.samplerBatchShots });
  try {
    return await pool.sampleDetectors(numShots, opts);
  } finally {
    await pool.close();
  }
}
