// The interval of a ladder with three or more lanes, from the spread of the lanes' estimates
// (spreadOfLanes in ./splitting.ts): the formula on hand-made lanes, and its coverage on lanes
// whose own error bars understate their scatter (the failure it was built for).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../base/prng.js';
import { spreadOfLanes, studentT975, type SplittingEstimate, type SplittingResult } from './splitting.js';

function est(p: number, rate: number, logSigma: number): SplittingEstimate {
  return {
    p,
    rate,
    low: rate * Math.exp(-2 * logSigma),
    high: rate * Math.exp(2 * logSigma),
    logSigma,
    acceptance: 0.5,
    overlapUp: 0.3,
    overlapDown: 0.4,
    meanFaults: 3,
    tau: 10,
  };
}

/** A two-level lane: the shared top rung (rate r0, σ0) and its own estimate at the target. */
function lane(r0: number, sigma0: number, rate: number, logSigma: number): SplittingResult {
  return { levels: [est(0.01, r0, sigma0), est(0.001, rate, logSigma)], startErrors: 100, startShots: 2000 };
}

/** A standard normal draw (Box–Muller). */
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(rng.nextFloatNonZero())) * Math.cos(2 * Math.PI * rng.nextFloat());
}

describe('the interval from the spread of lanes', () => {
  it("Student's t 97.5% quantiles: the table, and the expansion beyond it within 1e-3", () => {
    const exact: [number, number][] = [
      [1, 12.706],
      [3, 3.182],
      [20, 2.086],
      [21, 2.08],
      [30, 2.042],
      [60, 2.0],
      [120, 1.98],
      [1e6, 1.96],
    ];
    for (const [nu, t] of exact)
      assert.ok(Math.abs(studentT975(nu) - t) < 1.5e-3, `ν=${nu}: ${studentT975(nu)}`);
    assert.throws(() => studentT975(0), RangeError);
  });

  it('the formula: geometric mean, t·√(max(s², w̄)/L) ⊕ 2σ_0, and the agreement √(s²/w̄)', () => {
    const s0 = 0.1;
    const rates = [1e-9, 2e-9, 4e-9, 1e-9];
    const own = [0.2, 0.3, 0.25, 0.2];
    const r = spreadOfLanes(rates.map((x, k) => lane(0.05, s0, x, own[k])));
    const logs = rates.map(Math.log);
    const m = logs.reduce((a, b) => a + b) / 4;
    const s2 = logs.reduce((a, x) => a + (x - m) ** 2, 0) / 3;
    const w = own.reduce((a, x) => a + x * x - s0 * s0, 0) / 4;
    assert.ok(s2 > w);
    const half = Math.sqrt((3.1824 ** 2 * s2) / 4 + 4 * s0 * s0);
    const t = r.levels[1];
    assert.ok(Math.abs(t.rate / Math.exp(m) - 1) < 1e-12);
    assert.ok(
      Math.abs(Math.log(t.high / t.rate) - half) < 1e-9 && Math.abs(Math.log(t.rate / t.low) - half) < 1e-9,
    );
    assert.ok(Math.abs(t.logSigma - half / 2) < 1e-12);
    assert.ok(Math.abs((r.agreement as number[])[1] - Math.sqrt(s2 / w)) < 1e-12);
    assert.equal((r.lanes as SplittingEstimate[][]).length, 4);
    assert.deepEqual(r.down, r.lanes?.[0]);
    assert.deepEqual(r.up, r.lanes?.[1]);
    // At the top rung every lane holds the same plain Monte Carlo count: ±2σ_0, agreement 0.
    assert.equal((r.agreement as number[])[0], 0);
    assert.ok(Math.abs(Math.log(r.levels[0].high / 0.05) - 2 * s0) < 1e-12);
    // Lanes that agree exactly still get the lanes' own variance (the floor), not a zero width.
    const same = spreadOfLanes([0, 1, 2].map(() => lane(0.05, s0, 3e-9, 0.3)));
    const floor = Math.sqrt((4.3027 ** 2 * (0.09 - 0.01)) / 3 + 4 * s0 * s0);
    assert.ok(Math.abs(Math.log(same.levels[1].high / 3e-9) - floor) < 1e-9);
  });

  it('holds the truth 95% of the time when the lanes scatter 10x more than their own error bars say (2σ would not)', () => {
    // Each lane's ln rate = truth + shared top-rung error (σ_0) + its own scatter τ, while it
    // claims only √(σ_0² + 0.05²): batch means that understate the error, as measured on XZZX
    // d = 15 (docs/rare-events.md). 4000 ladders of 4 lanes: the coverage's standard error is
    // 0.0035; with 2 in place of Student's t (3.18 at 3 degrees of freedom) it would be ≈ 0.87.
    const rng = new Rng(2026);
    const truth = Math.log(1e-12);
    const [s0, tau, L, trials] = [0.05, 0.5, 4, 4000];
    let covered = 0;
    let coveredZ2 = 0;
    for (let k = 0; k < trials; k++) {
      const top = s0 * normal(rng);
      const lanes = Array.from({ length: L }, () =>
        lane(0.05, s0, Math.exp(truth + top + tau * normal(rng)), Math.hypot(s0, 0.05)),
      );
      const e = spreadOfLanes(lanes).levels[1];
      if (e.low <= Math.exp(truth) && Math.exp(truth) <= e.high) covered++;
      // The same interval with 2 for t.
      const half = Math.log(e.high / e.rate);
      const lanePart = Math.sqrt(half * half - 4 * s0 * s0) / studentT975(L - 1);
      if (Math.abs(Math.log(e.rate) - truth) <= Math.hypot(2 * lanePart, 2 * s0)) coveredZ2++;
    }
    assert.ok(covered / trials > 0.935 && covered / trials < 0.975, `coverage ${covered / trials}`);
    assert.ok(coveredZ2 / trials < 0.9, `coverage with 2σ: ${coveredZ2 / trials}`);
  });
});
