/**
 * Splitting in p (src/experiment/splitting.ts) on worker threads: the plain Monte Carlo at the top
 * rung runs in chunks on the pool's workers (./splitting-start.ts), then the ladder's jobs run on
 * them, one after another (each starts
 * where the previous one ended: see `SplittingSchedule` for why they do not run at once). Every job
 * carries its own seed and start, so the result is bit-identical to `estimateBySplitting` with the
 * same options, for any number of workers; this thread stays free (progress, other work).
 */
import type { SplittingSetup } from '../experiment/splitting-chain.js';
import {
  prepareSplitting,
  splittingSetup,
  SplittingSchedule,
  type SplittingOptions,
  type SplittingResult,
} from '../experiment/splitting.js';
import type { StartRunner } from '../experiment/splitting-placement.js';
import { StartChunks, type StartSample } from '../experiment/splitting-start.js';
import type { WorkerRequest } from './worker-jobs.js';
import type { PoolWorker, WorkerPool } from './worker-pool.js';

let ladders = 0;

/** The messages that hand a job of ladder `id` to worker `w`, with the ladder's setup if `w` lacks it. */
function handOut(w: PoolWorker, id: string, setup: SplittingSetup, job: WorkerJob): WorkerRequest[] {
  if (w.known.has(id)) return [{ kind: 'splitting-job', id, job }];
  w.known.add(id);
  return [
    { kind: 'splitting-setup', id, setup },
    { kind: 'splitting-job', id, job },
  ];
}

type WorkerJob = Extract<WorkerRequest, { kind: 'splitting-job' }>['job'];

/** Runs the chunks of a top-rung Monte Carlo on `pool`'s workers under ladder id `id`. */
async function chunksOnPool(
  pool: WorkerPool,
  id: string,
  setup: SplittingSetup,
  chunks: StartChunks,
): Promise<StartSample> {
  await pool.run({
    next: (w) => {
      const job = chunks.next();
      return job === undefined ? undefined : handOut(w, id, setup, job);
    },
    reply: (r) => {
      if (r.kind === 'splitting-done' && r.id === id && r.result.kind === 'monte-carlo')
        chunks.complete(r.result);
    },
    done: () => chunks.done(),
  });
  return chunks.result();
}

/**
 * A top-rung Monte Carlo runner (`StartRunner`) on `pool`'s workers: the chunks spread over them,
 * with the same result as in this thread.
 */
export function startOnPool(pool: WorkerPool): StartRunner {
  return (setup, chunks) => chunksOnPool(pool, `splitting-${++ladders}`, setup, chunks);
}

/**
 * A splitting estimator that runs its chains on `pool` (one run of the pool per ladder; the pool
 * stays open for the caller to reuse and close). `onChain` hears each measured chain that ends
 * (how many of the ladder's have ended, and how many it has).
 * @throws ValidationError as `prepareSplitting`; a worker's error as the pool rethrows it.
 */
export function splittingOnPool(
  pool: WorkerPool,
  onChain?: (done: number, total: number) => void,
): (opts: SplittingOptions) => Promise<SplittingResult> {
  return async (opts) => {
    // Each ladder has its own id: a worker that already holds it gets only the jobs.
    const id = `splitting-${++ladders}`;
    // The top rung's Monte Carlo first, on the workers, from the seed prepareSplitting would take.
    const start =
      opts.start ??
      (await chunksOnPool(
        pool,
        id,
        splittingSetup(opts),
        new StartChunks(opts.startShots, opts.rng.nextU32()),
      ));
    const { plan } = prepareSplitting({ ...opts, start });
    const schedule = new SplittingSchedule(plan);
    if (schedule.done()) return schedule.result();
    let ended = 0;
    await pool.run({
      next: (w) => {
        const job = schedule.next();
        return job === undefined ? undefined : handOut(w, id, plan.setup, job);
      },
      reply: (r) => {
        if (r.kind !== 'splitting-done' || r.id !== id || r.result.kind === 'monte-carlo') return;
        schedule.complete(r.result);
        if (r.result.kind === 'measure') onChain?.(++ended, schedule.numMeasured);
        else if (r.result.kind === 'tempered')
          onChain?.((ended += r.result.runs.length), schedule.numMeasured);
      },
      done: () => schedule.done(),
    });
    return schedule.result();
  };
}
