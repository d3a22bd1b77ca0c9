// The top rung's plain Monte Carlo in chunks (./splitting-start.ts) and the placement of the top
// rung by probes (./splitting-placement.ts), on the code-capacity repetition code, where minimum
// weight matching is majority vote and the rate is an exact binomial tail.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../base/prng.js';
import { repetitionCodeCapacityDem } from '../decode/conformance.js';
import { SplittingWorker } from './splitting-chain.js';
import { placeTopRung, PROBE_FRACTION, type StartRunner } from './splitting-placement.js';
import {
  MAX_STARTS,
  runStartChunks,
  START_CHUNK_SHOTS,
  StartChunks,
  type MonteCarloResult,
} from './splitting-start.js';

const N = 5;

/** P(majority of N bits flipped) at flip rate p: the repetition code's exact failure rate. */
function exactRate(p: number): number {
  let c = 1;
  let s = 0;
  for (let k = 0; k <= N; k++) {
    if (2 * k > N) s += c * p ** k * (1 - p) ** (N - k);
    c = (c * (N - k)) / (k + 1);
  }
  return s;
}

const inThread: StartRunner = (setup, chunks) => {
  const w = new SplittingWorker(setup);
  return Promise.resolve(runStartChunks(chunks, (job) => w.runMonteCarlo(job)));
};

function setupAt(p: number, target = 0.01) {
  const dem = repetitionCodeCapacityDem(N, p);
  return {
    dem: repetitionCodeCapacityDem(N, target),
    decoder: 'mwpm',
    probs: [Float64Array.from(dem.errors, (e) => e.probability)],
  };
}

describe('top-rung Monte Carlo in chunks', () => {
  it('cuts the shots into chunks of distinct seeds, and combines results in chunk order whatever order they arrive in', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 * START_CHUNK_SHOTS }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
        fc.infiniteStream(fc.nat()),
        fc.infiniteStream(fc.integer({ min: 0, max: 3 })),
        (shots, seed, stopAt, order, errs) => {
          const jobs = [];
          const chunks = new StartChunks(shots, seed, stopAt);
          for (let j = chunks.next(); j !== undefined; j = chunks.next()) jobs.push(j);
          if (stopAt === undefined) {
            assert.equal(
              jobs.reduce((a, j) => a + j.shots, 0),
              shots,
            );
            assert.equal(new Set(jobs.map((j) => j.seed)).size, jobs.length);
          }
          assert.ok(jobs.every((j, k) => j.chunk === k && j.shots <= START_CHUNK_SHOTS));
          // Fake results: chunk k has e_k failures, the i-th of them being configuration [k, i].
          const e = jobs.map(() => errs.next().value as number);
          const results: MonteCarloResult[] = jobs.map((j, k) => ({
            kind: 'monte-carlo',
            chunk: j.chunk,
            errors: e[k],
            starts: Array.from({ length: Math.min(e[k], MAX_STARTS) }, (_, i) => Uint32Array.of(k, i)),
          }));
          // Deliver in a random order.
          const pending = [...results];
          while (pending.length > 0) {
            const i = (order.next().value as number) % pending.length;
            chunks.complete(pending.splice(i, 1)[0]);
          }
          assert.ok(chunks.done());
          // The expected prefix: chunks in order until the failures reach stopAt.
          let k = 0;
          let sumE = 0;
          let sumS = 0;
          const starts: Uint32Array[] = [];
          while (k < jobs.length && sumE < (stopAt ?? Infinity)) {
            sumE += e[k];
            sumS += jobs[k].shots;
            for (let i = 0; i < e[k] && starts.length < MAX_STARTS; i++) starts.push(Uint32Array.of(k, i));
            k++;
          }
          const r = chunks.result();
          assert.equal(r.errors, sumE);
          assert.equal(r.shots, sumS);
          assert.deepEqual(r.starts, starts);
          assert.deepEqual(r.start, starts[0]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an early stop hands out no chunk past the stopping prefix when chunks return in order', () => {
    const chunks = new StartChunks(10 * START_CHUNK_SHOTS, 5, 4);
    let handed = 0;
    for (let j = chunks.next(); j !== undefined; j = chunks.next()) {
      handed++;
      chunks.complete({ kind: 'monte-carlo', chunk: j.chunk, errors: 1, starts: [Uint32Array.of(0)] });
    }
    assert.equal(handed, 4);
    assert.deepEqual(chunks.result().shots, 4 * START_CHUNK_SHOTS);
  });

  it('estimates the exact rate: majority vote of 5 bits at p = 0.15 and 0.25 (within 4σ, σ below a 2x error)', async () => {
    for (const [p, seed] of [
      [0.15, 1],
      [0.25, 2],
    ]) {
      const shots = 2 * START_CHUNK_SHOTS + 3_000;
      const r = await inThread(setupAt(p), new StartChunks(shots, seed));
      assert.equal(r.shots, shots);
      const truth = exactRate(p);
      const sigma = Math.sqrt((truth * (1 - truth)) / shots);
      assert.ok(Math.abs(r.errors / shots - truth) < 4 * sigma, `p ${p}: ${r.errors}/${shots} vs ${truth}`);
      assert.ok(4 * sigma < truth / 2);
      // The first failures (hundreds were seen) are kept, and each fails: more than half the bits are in it.
      assert.equal(r.starts.length, MAX_STARTS);
      assert.equal(r.start, r.starts[0]);
      for (const c of r.starts) assert.ok(2 * c.length > N, String(c));
    }
  });
});

describe('placing the top rung by probes', () => {
  const base = {
    pFloor: 0.01,
    shots: 2000,
    distance: N,
    demAt: (p: number) => repetitionCodeCapacityDem(N, p),
    target: repetitionCodeCapacityDem(N, 0.01),
    decoder: 'mwpm',
    run: inThread,
  };

  it('keeps a proposal at the wanted rate, and moves one at 4x the rate down to within 2.5x of it', async () => {
    const rate = 0.01;
    // exactRate(0.1056) ≈ 0.0100 and exactRate(0.1742) ≈ 0.040.
    assert.ok(
      Math.abs(exactRate(0.1056) / rate - 1) < 0.05 && Math.abs(exactRate(0.1742) / (4 * rate) - 1) < 0.05,
    );
    const kept = await placeTopRung({ ...base, pStart: 0.1056, rate, rng: new Rng(3) });
    assert.equal(kept.pStart, 0.1056);
    assert.equal(kept.probes.length, 1);
    assert.equal(kept.probes[0].shots, Math.ceil(base.shots * PROBE_FRACTION));
    assert.ok(!kept.probes[0].tooHigh);

    const moved = await placeTopRung({ ...base, pStart: 0.1742, rate, rng: new Rng(3) });
    assert.ok(moved.probes[0].tooHigh && moved.probes.length >= 2, JSON.stringify(moved.probes));
    assert.ok(moved.pStart < 0.1742 && moved.pStart >= base.pFloor);
    assert.ok(exactRate(moved.pStart) < 2.5 * rate, `${moved.pStart}: ${exactRate(moved.pStart)}`);
    assert.ok(!moved.probes[moved.probes.length - 1].tooHigh);
    // Each step down moves p by the excess seen, as ε ∝ p^((d+1)/2) says, within [0.7, 0.97].
    for (let k = 1; k < moved.probes.length; k++) {
      const f = moved.probes[k].p / moved.probes[k - 1].p;
      assert.ok(f >= 0.7 - 1e-12 && f <= 0.97 + 1e-12, `${f}`);
    }
    // The same seed gives the same placement; the top's DEM is the DEM at that p. Each probe is
    // heard as it ends, in order.
    const heard: unknown[] = [];
    const again = await placeTopRung({
      ...base,
      pStart: 0.1742,
      rate,
      rng: new Rng(3),
      onProbe: (q) => heard.push(q),
    });
    assert.deepEqual(again.probes, moved.probes);
    assert.deepEqual(heard, moved.probes);
    assert.equal(moved.top.errors[0].probability, moved.pStart);
  });

  it('never goes below the floor', async () => {
    const r = await placeTopRung({ ...base, pFloor: 0.15, pStart: 0.3, rate: 0.01, rng: new Rng(4) });
    assert.equal(r.pStart, 0.15);
    assert.ok(r.probes[r.probes.length - 1].tooHigh, 'still too high at the floor, and it says so');
  });
});
