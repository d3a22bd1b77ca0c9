import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../base/prng.js';
import {
  distanceForTarget,
  estimateThreshold,
  findCrossings,
  fitSuppression,
  lambdaFactors,
  nelderMead,
  pointRate,
  type RatePoint,
} from './fit.js';

/** Binomial sample by inversion-free normal approximation with exact small-count fallback. */
function binomial(rng: Rng, n: number, p: number): number {
  if (n * p < 30) {
    let k = 0;
    for (let i = 0; i < n; i++) if (rng.nextFloat() < p) k++;
    return k;
  }
  return Math.max(0, Math.min(n, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * rng.nextGaussian())));
}

describe('fits', () => {
  it('Nelder–Mead finds the minimum of the Rosenbrock function', () => {
    const r = nelderMead((x) => (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2, [-1.2, 1], [0.5, 0.5], 5000);
    assert.ok(Math.abs(r.x[0] - 1) < 1e-3 && Math.abs(r.x[1] - 1) < 2e-3, JSON.stringify(r));
  });

  it('recovers A and p_th of ε = A (p/p_th)^((d+1)/2) from sampled counts, within 5σ', () => {
    const rng = new Rng(11);
    const A = 0.1;
    const pth = 0.01;
    const points: RatePoint[] = [];
    for (const d of [3, 5, 7])
      for (const p of [0.002, 0.003, 0.005]) {
        const shots = 200000;
        const rate = A * Math.pow(p / pth, (d + 1) / 2);
        points.push({ p, d, rounds: 1, shots, errors: binomial(rng, shots, rate) });
      }
    const fit = fitSuppression(points);
    assert.ok(fit !== undefined);
    assert.ok(
      Math.abs(Math.log(fit.pth / pth)) < 5 * fit.sigmaLogPth + 1e-3,
      `p_th ${fit.pth} ± ${fit.sigmaLogPth}`,
    );
    assert.ok(Math.abs(Math.log(fit.A / A)) < 5 * fit.sigmaLogA + 1e-3, `A ${fit.A} ± ${fit.sigmaLogA}`);
    // Footprint: the smallest odd d reaching 2e-12 at p = 1e-3: 0.1·0.1^((d+1)/2) ≤ 2e-12 → d = 21.
    assert.equal(
      distanceForTarget({ ...fit, A, pth }, 0.001, 2e-12, [3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23]),
      21,
    );
    assert.equal(distanceForTarget({ ...fit, A, pth }, 0.02, 1e-12, [3, 5]), undefined);
  });

  it('finds the threshold of finite-size-scaling data and Λ below it', () => {
    const rng = new Rng(5);
    const pth = 0.1;
    const nu = 1.5;
    const points: RatePoint[] = [];
    for (const d of [5, 9, 13])
      for (const p of [0.08, 0.09, 0.095, 0.1, 0.105, 0.11, 0.12]) {
        const x = (p - pth) * Math.pow(d, 1 / nu);
        const rate = Math.min(0.45, Math.max(1e-4, 0.2 + 0.8 * x + 1.0 * x * x));
        const shots = 100000;
        points.push({ p, d, rounds: 1, shots, errors: binomial(rng, shots, rate) });
      }
    const crossings = findCrossings(points);
    assert.ok(crossings.length >= 2);
    for (const c of crossings) assert.ok(Math.abs(c.p - pth) < 0.01, `crossing at ${c.p}`);
    const est = estimateThreshold(points, new Rng(1), { bootstrap: 10 });
    assert.ok(est !== undefined);
    assert.ok(
      Math.abs(est.threshold - pth) < Math.max(5 * est.sigma, 0.002),
      `${est.threshold} ± ${est.sigma}`,
    );
    assert.ok(est.sigma > 0 && est.sigma < 0.01);
    const lam = lambdaFactors(points).filter((l) => l.p === 0.08);
    assert.equal(lam.length, 2);
    for (const l of lam) assert.ok(l.lambda > 1, `Λ below threshold should exceed 1, got ${l.lambda}`);
    const above = lambdaFactors(points).filter((l) => l.p === 0.12);
    for (const l of above) assert.ok(l.lambda < 1);
  });

  it('says there is no threshold when the curves never cross', () => {
    const pts: RatePoint[] = [
      { p: 0.001, d: 3, rounds: 1, shots: 1000, errors: 10 },
      { p: 0.002, d: 3, rounds: 1, shots: 1000, errors: 40 },
      { p: 0.001, d: 5, rounds: 1, shots: 1000, errors: 1 },
      { p: 0.002, d: 5, rounds: 1, shots: 1000, errors: 8 },
    ];
    assert.equal(estimateThreshold(pts, new Rng(1)), undefined);
  });
});

describe('pointRate', () => {
  it('its sigma is the binomial sigma carried through the per-round map (analytic for one observable)', () => {
    for (const [errors, shots, rounds] of [
      [100, 10_000, 5],
      [3, 1_000_000, 11],
      [400, 1000, 3],
    ] as const) {
      const e = errors / shots;
      const se = Math.sqrt((e * (1 - e)) / shots);
      const deriv = Math.pow(1 - 2 * e, 1 / rounds - 1) / rounds;
      const { rate, sigma } = pointRate({ p: 0.001, d: 3, rounds, shots, errors });
      assert.ok(Math.abs(rate - (1 - Math.pow(1 - 2 * e, 1 / rounds)) / 2) < 1e-12);
      assert.ok(Math.abs(sigma - se * deriv) < 1e-4 * se * deriv, `${sigma} vs ${se * deriv}`);
    }
  });
  it('uses the number of observables (values) for the per-round rate', () => {
    const one = pointRate({ p: 0.01, d: 4, rounds: 10, shots: 1000, errors: 300 });
    const two = pointRate({ p: 0.01, d: 4, rounds: 10, shots: 1000, errors: 300, values: 2 });
    assert.ok(Math.abs(one.rate - 0.0438) < 1e-4);
    assert.ok(Math.abs(two.rate - 0.038405) < 1e-5);
    assert.ok(two.sigma > 0 && two.sigma < one.sigma);
  });
});
