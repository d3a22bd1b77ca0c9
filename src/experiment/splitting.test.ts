// Splitting (Bravyi & Vargo 2013) against exact rates far below what plain Monte Carlo reaches:
// the repetition code's majority-vote formula, and the surface code's rate summed over every error
// pattern up to the weight where the rest is negligible (brute force with the same decoder).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../base/prng.js';
import { repetitionCodeCapacityDem, surfaceCodeCapacityDem } from '../decode/conformance.js';
import { compileDecoder } from '../decode/registry.js';
import { BitTable } from '../mem/bit-table.js';
import type { FlatDem } from '../dem/dem.js';
import { analyzeErrors } from '../dem/error-analyzer.js';
import { flattenDem } from '../dem/flatten.js';
import { generateExperiment } from '../codes/code-families.js';
import { estimateBySplitting, splittingLadder } from './splitting.js';

/** P(more than half of d bits flip), each with probability p. */
function majorityFailure(d: number, p: number): number {
  let total = 0;
  let binom = 1;
  for (let k = 0; k <= d; k++) {
    if (2 * k > d) total += binom * Math.pow(p, k) * Math.pow(1 - p, d - k);
    binom = (binom * (d - k)) / (k + 1);
  }
  return total;
}

/**
 * Exact failure probability of `decoder` on a DEM whose mechanisms all have probability p, summed
 * over every pattern of at most `maxWeight` mechanisms (the rest bounded by P(weight > maxWeight)).
 */
function exactByWeight(dem: FlatDem, p: number, maxWeight: number): { rate: number; rest: number } {
  const n = dem.errors.length;
  const dec = compileDecoder(dem, 'mwpm');
  const syn = new BitTable(1, dem.numDetectors);
  const pred = new BitTable(1, dem.numObservables);
  const failing = new Array<number>(maxWeight + 1).fill(0);
  const chosen: number[] = [];
  const visit = (from: number): void => {
    if (chosen.length > 0) {
      syn.data.fill(0);
      let obs = 0;
      for (const i of chosen) {
        for (const d of dem.errors[i].detectors) syn.data[d >>> 5] ^= 1 << (d & 31);
        for (const o of dem.errors[i].observables) obs ^= 1 << o;
      }
      dec.decodeBatch(syn, pred);
      if ((pred.data[0] | 0) !== obs) failing[chosen.length]++;
    }
    if (chosen.length === maxWeight) return;
    for (let i = from; i < n; i++) {
      chosen.push(i);
      visit(i + 1);
      chosen.pop();
    }
  };
  visit(0);
  let rate = 0;
  let covered = 0;
  let binom = 1;
  for (let w = 0; w <= maxWeight; w++) {
    const pw = Math.pow(p, w) * Math.pow(1 - p, n - w);
    rate += failing[w] * pw;
    covered += binom * pw;
    binom = (binom * (n - w)) / (w + 1);
  }
  return { rate, rest: 1 - covered };
}

describe('estimateBySplitting', () => {
  it('repetition code d = 7: matches the exact majority-vote rate down to 1e-11 within its interval', () => {
    const d = 7;
    const ps = splittingLadder(0.3, 1e-3, 12);
    const levels = ps.map((p) => ({ p, dem: repetitionCodeCapacityDem(d, p) }));
    const r = estimateBySplitting({
      levels,
      decoder: 'mwpm',
      startShots: 20000,
      steps: 200_000,
      rng: new Rng(17),
    });
    assert.equal(r.levels.length, ps.length);
    for (const e of r.levels) {
      const exact = majorityFailure(d, e.p);
      assert.ok(e.low <= exact && exact <= e.high, `p = ${e.p}: [${e.low}, ${e.high}] vs exact ${exact}`);
      // and the interval is informative: within a factor 1.5 either way (a 2× error fails).
      assert.ok(e.high < 1.5 * exact && e.low > exact / 1.5, `p = ${e.p}: [${e.low}, ${e.high}] vs ${exact}`);
    }
    const last = r.levels[r.levels.length - 1];
    assert.ok(last.rate < 1e-10 && last.rate > 1e-11, `${last.rate}`);
  });

  it('surface code d = 5 (code capacity): matches the brute-force rate at p = 1e-3 (≈ 1e-6)', () => {
    const pT = 1e-3;
    const ps = splittingLadder(0.08, pT, 8);
    const levels = ps.map((p) => ({ p, dem: surfaceCodeCapacityDem(5, p) }));
    const r = estimateBySplitting({
      levels,
      decoder: 'mwpm',
      startShots: 20000,
      steps: 200_000,
      rng: new Rng(23),
    });
    const last = r.levels[r.levels.length - 1];
    const exact = exactByWeight(levels[levels.length - 1].dem, pT, 4);
    assert.ok(exact.rest < 1e-3 * exact.rate, `truncation ${exact.rest} vs ${exact.rate}`);
    assert.ok(
      last.low <= exact.rate + exact.rest && exact.rate <= last.high,
      `[${last.low}, ${last.high}] vs exact ${exact.rate}`,
    );
    assert.ok(last.high < 2 * exact.rate && last.low > exact.rate / 2, `[${last.low}, ${last.high}]`);
  });

  it('circuit level, rotated surface d = 3 (uniform noise): agrees with PyMatching on Stim at p = 0.001', () => {
    // shared/vectors/reference_rates.csv: 769 errors in 1,000,000 shots (7.69e-4 ± 0.28e-4).
    const dem = (p: number): FlatDem =>
      flattenDem(
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
      );
    const levels = splittingLadder(0.01, 0.001, 5).map((p) => ({ p, dem: dem(p) }));
    const r = estimateBySplitting({
      levels,
      decoder: 'mwpm',
      startShots: 20000,
      steps: 200_000,
      rng: new Rng(5),
    });
    const last = r.levels[r.levels.length - 1];
    const ref = 769 / 1_000_000;
    assert.ok(last.low <= ref && ref <= last.high, `[${last.low}, ${last.high}] vs PyMatching ${ref}`);
    assert.ok(last.high < 2 * ref && last.low > ref / 2, `[${last.low}, ${last.high}]`);
  });

  it('refuses levels that are not the same circuit, and a start with no failure', () => {
    const rng = new Rng(1);
    assert.throws(
      () =>
        estimateBySplitting({
          levels: [
            { p: 0.1, dem: repetitionCodeCapacityDem(5, 0.1) },
            { p: 0.05, dem: repetitionCodeCapacityDem(7, 0.05) },
          ],
          decoder: 'mwpm',
          startShots: 10,
          steps: 100,
          rng,
        }),
      /every level must be the same circuit/,
    );
    assert.throws(
      () =>
        estimateBySplitting({
          levels: [{ p: 1e-6, dem: repetitionCodeCapacityDem(9, 1e-6) }],
          decoder: 'mwpm',
          startShots: 100,
          steps: 100,
          rng,
        }),
      /no logical error in 100 shots/,
    );
    assert.throws(() => splittingLadder(0.1, 0.2, 5), /ladder/);
  });
});
