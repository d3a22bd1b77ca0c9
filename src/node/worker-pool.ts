/**
 * The driven worker pool of QEC Lab: the workers of a {@link ThreadSet} (`worker-threads.ts`, which
 * owns start-up, liveness and what each worker knows) driven by a {@link PoolDriver} that says what
 * each idle worker does next and consumes the replies. The collector and the parallel frame
 * sampler are two drivers of this pool; `batch-threads.ts` runs batches as they come on the same
 * thread set.
 */
import { availableParallelism } from 'node:os';
import { CancelledError, QecError, ValidationError } from '../base/errors.js';
import { deriveSeed } from '../base/prng.js';
import { parseCircuit } from '../circuit/parser.js';
import { fromProtocolError } from '../protocol/errors.js';
import type { DetectorSamples } from '../sim/frame/frame-simulator.js';
import { compileSampler, DEFAULT_BATCH_SHOTS } from '../sim/frame/frame-simulator.js';
import {
  allocateSharedSamples,
  checkOptions,
  sampleDetectorsSerial,
  type ParallelSampleOptions,
} from './frame-sampling.js';
import type { WorkerReply, WorkerRequest } from './worker-jobs.js';
import {
  inlineEndpoint,
  threadEndpoint,
  ThreadSet,
  type Endpoint,
  type PoolWorker,
} from './worker-threads.js';

export {
  allocateSharedSamples,
  DEFAULT_PARALLEL_BATCH,
  sampleDetectorsSerial,
  type ParallelSampleOptions,
} from './frame-sampling.js';
export { batchView } from './sample-jobs.js';
export type { PoolWorker } from './worker-threads.js';

/** What a run of the pool does. */
export interface PoolDriver {
  /**
   * The messages for an idle worker (the last one expects a reply), or undefined when there is
   * nothing for it now.
   */
  next(worker: PoolWorker): WorkerRequest[] | undefined;
  /** Consumes a reply (not an error reply); may throw to end the run with that error. */
  reply(reply: WorkerReply, worker: PoolWorker): void;
  /** Whether the run is complete. */
  done(): boolean;
  /** The error to end the run with for an error reply (default: the rebuilt error). */
  failure?(reply: Extract<WorkerReply, { kind: 'error' }>): Error;
}

/**
 * A pool of `size` worker threads (0 = one worker in this thread), a {@link ThreadSet} started on
 * first use and kept between runs until {@link WorkerPool.close}. One run at a time.
 */
export class WorkerPool {
  private threads: ThreadSet | undefined;
  private running = false;

  /**
   * @param start starts one worker (default: a worker thread, or this thread's handler for size 0).
   * @throws ValidationError unless size is an integer in [0, 1024].
   */
  constructor(
    readonly size: number,
    private readonly start: () => Endpoint = size === 0 ? inlineEndpoint : threadEndpoint,
  ) {
    if (!Number.isInteger(size) || size < 0 || size > 1024)
      throw new ValidationError(`workers must be an integer in [0, 1024], got ${size}`, { workers: size });
  }

  /**
   * Runs `driver` until it is done, an error reply or a worker failure ends it (the pool is then
   * closed), or `signal` aborts it (CancelledError).
   */
  async run(driver: PoolDriver, signal?: AbortSignal): Promise<void> {
    if (this.running) throw new ValidationError('WorkerPool: one run at a time');
    this.running = true;
    const set = (this.threads ??= new ThreadSet(this.size, this.start));
    let failed: Error | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        let settled = false;
        const finish = (err?: Error): void => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          set.listen(undefined);
          if (err === undefined) resolve();
          else reject(err);
        };
        const onAbort = (): void => finish(new CancelledError('collection interrupted'));
        const feed = (): void => {
          for (const s of set.slots) {
            if (s.busy) continue;
            const msgs = driver.next(s);
            if (msgs !== undefined) set.post(s, msgs);
          }
          if (driver.done()) finish();
          else if (!set.slots.some((s) => s.busy))
            finish(
              new QecError('internal error: the pool has work left but gave none out', { code: 'INTERNAL' }),
            );
        };
        set.listen({
          reply(s, r) {
            if (settled) return;
            s.busy = false;
            if (r.kind === 'error') return finish(driver.failure?.(r) ?? fromProtocolError(r.error));
            try {
              driver.reply(r, s);
            } catch (e) {
              return finish(e instanceof Error ? e : new Error(String(e)));
            }
            feed();
          },
          died: (_s, e) => finish(e),
        });
        if (signal?.aborted === true) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        feed();
      });
    } catch (e) {
      failed = e instanceof Error ? e : new Error(String(e));
    } finally {
      this.running = false;
    }
    if (failed !== undefined) {
      // Workers may still be busy with abandoned work: start afresh next time.
      await this.close();
      throw failed;
    }
    // Batches still running past the end (work beyond a stop rule) are abandoned with their workers.
    if (set.slots.some((s) => s.busy)) await this.close();
  }

  /** Terminates the workers; the pool starts new ones if used again. */
  async close(): Promise<void> {
    const set = this.threads;
    this.threads = undefined;
    await set?.close();
  }
}

/** What a worker holds once the pool's circuit is compiled in it. */
const SAMPLER_READY = 'frame-sampler';

/**
 * A persistent pool of worker threads sampling one circuit: each worker compiles the circuit once,
 * then serves any number of {@link FrameSamplerPool.sampleDetectors} calls (one at a time).
 * Batches of one call are handed to whichever worker is free; workers write their rows straight
 * into the shared result tables. Call {@link FrameSamplerPool.close} when done.
 */
export class FrameSamplerPool {
  readonly numWorkers: number;
  readonly numDetectors: number;
  readonly numObservables: number;
  private readonly circuitText: string;
  private readonly samplerBatchShots: number;
  private pool: WorkerPool;

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
    this.pool = new WorkerPool(n);
  }

  /**
   * Samples numShots shots (batch b seeded with deriveSeed(opts.seed, b)); the same bits as
   * {@link sampleDetectorsSerial}. `opts.workers` is ignored (the pool's size is used).
   * @throws ValidationError for bad options, a busy pool, or a worker failure.
   */
  async sampleDetectors(numShots: number, opts: ParallelSampleOptions): Promise<DetectorSamples> {
    const { batchSize } = checkOptions(numShots, opts);
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
    let next = 0;
    let done = 0;
    await this.pool.run({
      next: (w) => {
        if (!w.known.has(SAMPLER_READY)) {
          w.known.add(SAMPLER_READY);
          return [
            { kind: 'sampler', circuitText: this.circuitText, samplerBatchShots: this.samplerBatchShots },
          ];
        }
        if (next >= numBatches) return undefined;
        const b = next++;
        const start = b * batchSize;
        const job = {
          batch: b,
          start,
          count: Math.min(batchSize, numShots - start),
          seed: deriveSeed(opts.seed, b),
          detectors: dBuf,
          observables: oBuf,
        };
        return [{ kind: 'sample', job }];
      },
      reply: (r) => {
        if (r.kind === 'sampled') done++;
      },
      done: () => done === numBatches,
      failure: (r) =>
        new ValidationError(
          `frame worker failed${r.batch === undefined ? '' : ` on batch ${r.batch}`}: ${r.error.message}`,
          { batch: r.batch },
        ),
    });
    return out;
  }

  /** Terminates the workers. The pool can be used again afterwards (workers restart). */
  async close(): Promise<void> {
    await this.pool.close();
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
