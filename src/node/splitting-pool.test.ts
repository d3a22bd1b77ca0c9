// Splitting on worker threads gives the same estimates, bit for bit, as in this thread, for any
// number of workers (each job carries its own seed and start configuration).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../base/prng.js';
import { generateExperiment } from '../codes/code-families.js';
import { analyzeErrors } from '../dem/error-analyzer.js';
import { flattenDem } from '../dem/flatten.js';
import { estimateBySplitting, splittingLadder, type SplittingOptions } from '../experiment/splitting.js';
import { SplittingWorker } from '../experiment/splitting-chain.js';
import { runStartChunks, START_CHUNK_SHOTS, StartChunks } from '../experiment/splitting-start.js';
import { splittingOnPool, startOnPool } from './splitting-pool.js';
import { WorkerPool } from './worker-pool.js';

function options(seed: number, bothWays = false, tempering = false, startShots = 400): SplittingOptions {
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
    startShots,
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
        // Four lanes: lanes 0 and 1 are the two-lane run's; the same result on any number of workers.
        const four = estimateBySplitting({ ...options(7, true, true), lanes: 4 });
        assert.deepEqual(four.lanes?.slice(0, 2), [tempered.down, tempered.up]);
        assert.deepEqual(
          await run({ ...options(7, true, true), lanes: 4 }),
          four,
          `${workers} workers, 4 lanes`,
        );
      } finally {
        await pool.close();
      }
    }
  });

  it("runs the top rung's plain Monte Carlo in chunks on the workers: the same count, start and estimates", async () => {
    // 2.5 chunks of shots: the last chunk is partial, and two workers take chunks at once.
    const shots = Math.round(2.5 * START_CHUNK_SHOTS);
    const serial = estimateBySplitting(options(9, true, true, shots));
    assert.equal(serial.startShots, shots);
    const setup = {
      dem: options(9).levels[4].dem,
      decoder: 'mwpm',
      probs: [Float64Array.from(options(9).levels[0].dem.errors, (e) => e.probability)],
    };
    const w = new SplittingWorker(setup);
    const full = runStartChunks(new StartChunks(shots, 77), (j) => w.runMonteCarlo(j));
    const stopped = runStartChunks(new StartChunks(shots, 77, 1), (j) => w.runMonteCarlo(j));
    assert.ok(full.errors > 10 && stopped.shots === START_CHUNK_SHOTS && stopped.errors < full.errors);
    for (const workers of [1, 2]) {
      const pool = new WorkerPool(workers);
      try {
        assert.deepEqual(
          await splittingOnPool(pool)(options(9, true, true, shots)),
          serial,
          `${workers} workers`,
        );
        const run = startOnPool(pool);
        assert.deepEqual(await run(setup, new StartChunks(shots, 77)), full, `${workers} workers`);
        assert.deepEqual(
          await run(setup, new StartChunks(shots, 77, 1)),
          stopped,
          `${workers} workers, early stop`,
        );
      } finally {
        await pool.close();
      }
    }
  });
});
