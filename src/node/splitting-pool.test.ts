// Splitting on worker threads gives the same estimates, bit for bit, as in this thread, for any
// number of workers (each job carries its own seed and start configuration).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../base/prng.js';
import { generateExperiment } from '../codes/code-families.js';
import { analyzeErrors } from '../dem/error-analyzer.js';
import { flattenDem } from '../dem/flatten.js';
import { estimateBySplitting, splittingLadder, type SplittingOptions } from '../experiment/splitting.js';
import { splittingOnPool } from './splitting-pool.js';
import { WorkerPool } from './worker-pool.js';

function options(seed: number, bothWays = false, tempering = false): SplittingOptions {
  const levels = splittingLadder(0.01, 0.002, 5).map((p) => ({
    p,
    dem: flattenDem(
      analyzeErrors(
        generateExperiment({
          code: 'rotated-surface',
          task: 'memory-z',
          distance: 3,
          rounds: 3,
          noise: 'uniform',
          noiseParams: { p },
        }).circuit,
        { decomposeErrors: true },
      ),
    ),
  }));
  return {
    levels,
    decoder: 'mwpm',
    startShots: 400,
    steps: 400,
    batches: 10,
    rng: new Rng(seed),
    bothWays,
    tempering,
  };
}

describe('splittingOnPool', () => {
  it('gives the estimates of estimateBySplitting bit for bit with 1 and 2 worker threads', async () => {
    const serial = estimateBySplitting(options(7));
    assert.equal(serial.levels.length, 5);
    for (const workers of [1, 2]) {
      const pool = new WorkerPool(workers);
      try {
        const run = splittingOnPool(pool);
        assert.deepEqual(await run(options(7)), serial, `${workers} workers`);
        // The pool is reused for a second ladder (a new setup reaches every worker).
        const other = await run(options(8));
        assert.deepEqual(other, estimateBySplitting(options(8)), `${workers} workers, second ladder`);
        assert.notDeepEqual(other.levels, serial.levels);
        // Both ways: the two chains run at once on two workers, with the same result as in this
        // thread; the chain down the ladder is the single chain's, bit for bit.
        const both = estimateBySplitting(options(7, true));
        assert.deepEqual(both.down, serial.levels);
        assert.deepEqual(await run(options(7, true)), both, `${workers} workers, both ways`);
        // Replica exchange: each lane is one job; the same result on any number of workers.
        const tempered = estimateBySplitting(options(7, true, true));
        assert.ok(tempered.swapAcceptance !== undefined && tempered.swapAcceptance.length === 2);
        assert.notDeepEqual(tempered.levels, both.levels);
        assert.deepEqual(await run(options(7, true, true)), tempered, `${workers} workers, tempering`);
      } finally {
        await pool.close();
      }
    }
  });
});
