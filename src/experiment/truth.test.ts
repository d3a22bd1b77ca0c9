// Published thresholds and rates, checked at small scale (the full-size runs are in
// scripts/truth-checks.ts; their output is quoted in the issue notes and the README). The threshold
// checks compare logical error rates of two distances on either side of the published threshold:
// below it the larger code must be better, above it worse, by more than 5 binomial standard
// deviations. The rate checks compare against independent numbers (the exact majority-vote rate of
// the repetition code; PyMatching on Stim's circuits) within 5σ, which a factor of 2 leaves.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../base/prng.js';
import { compileTask, runBatch } from './batch.js';
import { resolveTask } from './task.js';
import type { ExperimentSpec } from '../codes/code-families.js';

function rate(gen: ExperimentSpec, shots: number, seed: number): { p: number; sigma: number } {
  const t = compileTask(resolveTask({ generator: gen, decoder: 'mwpm' }));
  const r = runBatch(t, shots, new Rng(seed));
  const p = r.errors / shots;
  return { p, sigma: Math.sqrt(Math.max(p * (1 - p), 1 / shots) / shots) };
}

/** Asserts that `better` has a lower rate than `worse` by more than 5σ. */
function assertBelow(
  better: { p: number; sigma: number },
  worse: { p: number; sigma: number },
  what: string,
): void {
  const gap = worse.p - better.p;
  assert.ok(gap > 5 * Math.hypot(better.sigma, worse.sigma), `${what}: ${better.p} vs ${worse.p}`);
}

/** Probability that more than half of d independent bits flip, each with probability p. */
function majorityFailure(d: number, p: number): number {
  let total = 0;
  let binom = 1; // C(d, k), updated incrementally
  for (let k = 0; k <= d; k++) {
    if (2 * k > d) total += binom * Math.pow(p, k) * Math.pow(1 - p, d - k);
    binom = (binom * (d - k)) / (k + 1);
  }
  return total;
}

describe('published thresholds (small scale)', () => {
  it('toric code, code-capacity bit flips, MWPM: threshold ≈ 10.3% (Dennis et al. 2002; Wang, Harrington, Preskill 2003)', () => {
    const g = (d: number, p: number): ExperimentSpec => ({
      code: 'toric',
      task: 'memory-z',
      distance: d,
      rounds: 1,
      noise: 'code-capacity-x',
      noiseParams: { p },
    });
    // Well below (7%) the larger torus wins; well above (14%) it loses.
    assertBelow(rate(g(8, 0.07), 20000, 1), rate(g(4, 0.07), 20000, 2), 'p = 0.07: L = 8 should beat L = 4');
    assertBelow(rate(g(4, 0.14), 20000, 3), rate(g(8, 0.14), 20000, 4), 'p = 0.14: L = 4 should beat L = 8');
  });

  it("rotated surface code, circuit-level depolarizing noise (uniform, Stim's four knobs), MWPM: threshold in 0.5–1%", () => {
    const g = (d: number, p: number): ExperimentSpec => ({
      code: 'rotated-surface',
      task: 'memory-z',
      distance: d,
      rounds: d,
      noise: 'uniform',
      noiseParams: { p },
    });
    assertBelow(
      rate(g(5, 0.003), 20000, 5),
      rate(g(3, 0.003), 20000, 6),
      'p = 0.3%: d = 5 should beat d = 3',
    );
    assertBelow(
      rate(g(3, 0.015), 10000, 7),
      rate(g(5, 0.015), 10000, 8),
      'p = 1.5%: d = 3 should beat d = 5',
    );
  });

  it('repetition code, code capacity: threshold 50%', () => {
    const g = (d: number, p: number): ExperimentSpec => ({
      code: 'repetition',
      task: 'memory-z',
      distance: d,
      rounds: 1,
      noise: 'code-capacity-x',
      noiseParams: { p },
    });
    const r9 = rate(g(9, 0.4), 20000, 9);
    const r3 = rate(g(3, 0.4), 20000, 10);
    assertBelow(r9, r3, 'p = 40%: d = 9 should beat d = 3');
    // Matching on a code-capacity repetition code is majority vote: it fails when more than half of
    // the d bits flip, exactly Σ_{k>d/2} C(d,k) p^k (1−p)^(d−k) (0.352 at d = 3, 0.2666 at d = 9).
    for (const [d, r] of [
      [3, r3],
      [9, r9],
    ] as const) {
      const exact = majorityFailure(d, 0.4);
      assert.ok(Math.abs(r.p - exact) < 5 * r.sigma, `d = ${d}: rate ${r.p} vs exact ${exact}`);
    }
    // At 50% every decoder is guessing: both rates are 1/2 within 5σ.
    for (const d of [3, 9]) {
      const r = rate(g(d, 0.5), 20000, 11 + d);
      assert.ok(Math.abs(r.p - 0.5) < 5 * r.sigma, `p = 50%, d = ${d}: rate ${r.p}`);
    }
  });

  it('biased noise: under pure Z noise (η = ∞, code capacity) the XZZX and phase-flip repetition codes behave as repetition codes (still improving with distance at 40%), the CSS surface code does not (worse with distance at 20%)', () => {
    const cc = (code: string, d: number, p: number): ExperimentSpec => ({
      code,
      task: 'memory-x',
      distance: d,
      rounds: 1,
      noise: 'code-capacity',
      noiseParams: { p, eta: Infinity },
    });
    assertBelow(
      rate(cc('xzzx', 9, 0.4), 20000, 21),
      rate(cc('xzzx', 3, 0.4), 20000, 22),
      'XZZX d=9 vs d=3 at 40% pure Z',
    );
    assertBelow(
      rate(cc('repetition', 9, 0.4), 20000, 23),
      rate(cc('repetition', 3, 0.4), 20000, 24),
      'phase-flip repetition d=9 vs d=3 at 40%',
    );
    assertBelow(
      rate(cc('rotated-surface', 3, 0.2), 20000, 25),
      rate(cc('rotated-surface', 7, 0.2), 20000, 26),
      'CSS surface code at 20% pure Z',
    );
  });
});

describe('rates against PyMatching on Stim circuits', () => {
  // shared/vectors/reference_rates.csv: errors of PyMatching in 100,000 shots sampled by Stim from
  // its own rotated memory-z circuits (rounds = d, the four knobs at p). qec gen's circuits are the
  // same circuits; the two rates must agree within 5σ of both binomial errors.
  for (const [d, p, refErrors] of [
    [3, 0.005, 1702],
    [5, 0.005, 1416],
  ] as const) {
    it(`rotated surface d = ${d}, p = ${p}: MWPM rate within 5σ of PyMatching's ${refErrors} / 100000`, () => {
      const shots = 20000;
      const r = rate(
        {
          code: 'rotated-surface',
          task: 'memory-z',
          distance: d,
          rounds: d,
          noise: 'uniform',
          noiseParams: { p },
        },
        shots,
        40 + d,
      );
      const ref = refErrors / 100_000;
      const sigma = Math.hypot(Math.sqrt((ref * (1 - ref)) / shots), Math.sqrt((ref * (1 - ref)) / 100_000));
      assert.ok(Math.abs(r.p - ref) < 5 * sigma, `rate ${r.p} vs PyMatching ${ref} ± ${sigma}`);
    });
  }
});
