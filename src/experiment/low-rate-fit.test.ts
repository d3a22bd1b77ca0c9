import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../base/prng.js';
import { ValidationError } from '../base/errors.js';
import { sampleBinomial } from './fit.js';
import { likelihoodInterval } from './stats.js';
import {
  ansatzLogLikelihood,
  ansatzRate,
  extrapolateRate,
  fitLowRateAnsatz,
  shotFailureProbability,
  type CyclePoint,
  type LowRateModel,
} from './low-rate-fit.js';

const close = (a: number, b: number, rel: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${what}: ${a} vs ${b} (rel tol ${rel})`);

/** A model shaped like a distance-10 BB code's (hypothetical coefficients, not the paper's). */
const TRUTH: LowRateModel = { exponent: 5, c: [18, 700, -30000] };
const PS = [0.003, 0.004, 0.005, 0.006];
const CYCLES = 12;

/** Points whose failure counts are exactly their expectations (non-integer): the MLE is the truth. */
function expectedPoints(model: LowRateModel, shots: number): CyclePoint[] {
  return PS.map((p) => ({
    p,
    shots,
    failures: shots * shotFailureProbability(ansatzRate(model, p), CYCLES),
    cycles: CYCLES,
  }));
}

test('ansatz rate and shot failure probability by hand', () => {
  close(ansatzRate({ exponent: 5, c: [1, 2, 3] }, 0.01), 1e-10 * Math.exp(1 + 0.02 + 0.0003), 1e-12, 'rate');
  close(ansatzRate({ exponent: 3, c: [2] }, 0.1), 1e-3 * Math.exp(2), 1e-12, 'order-0 rate');
  close(shotFailureProbability(0.01, 12), 1 - 0.99 ** 12, 1e-12, 'P');
  close(shotFailureProbability(1e-12, 12), 12e-12, 1e-9, 'P small');
  assert.equal(shotFailureProbability(1, 5), 1);
});

test('exact expected counts: the fit recovers the coefficients and the rate at p = 1e-3', () => {
  const points = expectedPoints(TRUTH, 1e6);
  const fit = fitLowRateAnsatz(points, { exponent: 5 });
  close(fit.model.c[0], TRUTH.c[0], 1e-3, 'c0');
  close(fit.model.c[1], TRUTH.c[1], 2e-2, 'c1');
  close(fit.model.c[2], TRUTH.c[2], 5e-2, 'c2');
  close(ansatzRate(fit.model, 1e-3), ansatzRate(TRUTH, 1e-3), 1e-3, 'extrapolated rate');
  assert.equal(fit.degreesOfFreedom, 1);
  close(fit.logLikelihood, ansatzLogLikelihood(points, TRUTH), 1e-9, 'max log-likelihood = truth');
  // The truth is the maximum: moving c0 by ln 2 (a 2x rate error) lowers the likelihood a lot.
  const off = { exponent: 5, c: [TRUTH.c[0] + Math.log(2), TRUTH.c[1], TRUTH.c[2]] };
  assert.ok(ansatzLogLikelihood(points, off) < fit.logLikelihood - 1000);
});

test('order 1 recovers an order-1 truth; the exponent is not fitted', () => {
  const truth: LowRateModel = { exponent: 3, c: [12, 400] };
  const points = expectedPoints(truth, 1e5);
  const fit = fitLowRateAnsatz(points, { exponent: 3, order: 1 });
  assert.equal(fit.model.c.length, 2);
  close(ansatzRate(fit.model, 1e-3), ansatzRate(truth, 1e-3), 1e-3, 'order-1 extrapolation');
  // Fitting with the wrong exponent (d_circ/2 = 6 instead of 3) extrapolates far off.
  const wrong = fitLowRateAnsatz(points, { exponent: 6, order: 1 });
  assert.ok(ansatzRate(wrong.model, 1e-3) < ansatzRate(truth, 1e-3) / 2);
});

test('order 0 on one point: the profile interval is the binomial likelihood-ratio interval, mapped', () => {
  const p0 = 0.004;
  const pt: CyclePoint = { p: p0, shots: 1000, failures: 20, cycles: 12 };
  const r = extrapolateRate([pt], { exponent: 5, order: 0, target: 1e-3 });
  // Independent: the interval of P from the likelihood ratio, P → ε = 1 − (1 − P)^(1/12), ε × (1e-3/p0)^5.
  const lr = likelihoodInterval(20, 1000, Math.exp(3.84146 / 2));
  const map = (P: number): number => (1 - (1 - P) ** (1 / 12)) * (1e-3 / p0) ** 5;
  close(r.rate, map(0.02), 1e-6, 'rate');
  close(r.low, map(lr.low), 1e-3, 'low');
  close(r.high, map(lr.high), 1e-3, 'high');
  assert.equal(r.level, 0.95);
});

test('sampled counts: the 95% profile interval covers the true extrapolated rate for most seeds', () => {
  const truthRate = ansatzRate(TRUTH, 1e-3);
  let covered = 0;
  const widths: number[] = [];
  const seeds = 12;
  for (let s = 0; s < seeds; s++) {
    const rng = new Rng(1000 + s);
    const points = PS.map((p) => {
      const P = shotFailureProbability(ansatzRate(TRUTH, p), CYCLES);
      const shots = Math.ceil(40 / P); // about 40 failures per point
      return { p, shots, failures: sampleBinomial(shots, P, rng), cycles: CYCLES };
    });
    const r = extrapolateRate(points, { exponent: 5, target: 1e-3 });
    assert.ok(r.low <= r.rate && r.rate <= r.high, `seed ${1000 + s}: ${r.low} ${r.rate} ${r.high}`);
    if (r.low <= truthRate && truthRate <= r.high) covered++;
    widths.push(r.high / r.low);
  }
  // Nominal 95%: 12 seeds, at least 10 must cover (P(≤ 9 of 12) ≈ 2% at 95% coverage).
  assert.ok(covered >= 10, `covered ${covered} of ${seeds}`);
  // Not vacuous: the intervals are finite and narrower than a factor 1e4.
  for (const w of widths) assert.ok(w > 1.2 && w < 1e4, `width factor ${w}`);
});

test('bad input is refused with one clear message', () => {
  const good: CyclePoint = { p: 0.004, shots: 100, failures: 3, cycles: 12 };
  assert.throws(
    () => fitLowRateAnsatz([{ ...good, failures: 101 }], { exponent: 5, order: 0 }),
    ValidationError,
  );
  assert.throws(() => fitLowRateAnsatz([{ ...good, cycles: 0 }], { exponent: 5, order: 0 }), ValidationError);
  assert.throws(
    () => fitLowRateAnsatz([good, { ...good, p: 0.005 }], { exponent: 5, order: 2 }),
    /at least 3 distinct p values, got 2/,
  );
  assert.throws(
    () => fitLowRateAnsatz([{ ...good, failures: 0 }], { exponent: 5, order: 0 }),
    /no point has a failure/,
  );
  assert.throws(() => extrapolateRate([good], { exponent: 5, order: 0, target: 1e-3, level: 0.5 }), /level/);
});
