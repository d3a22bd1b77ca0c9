/**
 * Splitting in p (src/experiment/splitting.ts) on worker threads: the plain Monte Carlo at the top
 * rung runs here, then the ladder's jobs run on the pool's workers, one after another (each starts
 * where the previous one ended: see `SplittingSchedule` for why they do not run at once). Every job
 * carries its own seed and start, so the result is bit-identical to `estimateBySplitting` with the
 * same options, for any number of workers; this thread stays free (progress, other work).
 */
import {
  prepareSplitting,
  SplittingSchedule,
  type SplittingOptions,
  type SplittingResult,
} from '../experiment/splitting.js';
import type { WorkerPool } from './worker-pool.js';

let ladders = 0;

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
    const { plan } = prepareSplitting(opts);
    const schedule = new SplittingSchedule(plan);
    if (schedule.done()) return schedule.result();
    // Each ladder has its own id: a worker that already holds it gets only the jobs.
    const id = `splitting-${++ladders}`;
    let ended = 0;
    await pool.run({
      next: (w) => {
        const job = schedule.next();
        if (job === undefined) return undefined;
        if (w.known.has(id)) return [{ kind: 'splitting-job', id, job }];
        w.known.add(id);
        return [
          { kind: 'splitting-setup', id, setup: plan.setup },
          { kind: 'splitting-job', id, job },
        ];
      },
      reply: (r) => {
        if (r.kind !== 'splitting-done' || r.id !== id) return;
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
