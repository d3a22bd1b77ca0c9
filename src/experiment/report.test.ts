import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../base/prng.js';
import { allowedDistances, catFootprint, catFootprints, groupCurves, type ResultRecord } from './analysis.js';
import { lambdaFactors, sampleBinomial } from './fit.js';
import { groupSummary } from './report.js';

describe('study report numbers', () => {
  it('sampleBinomial has the binomial mean and variance (5σ over 4000 draws)', () => {
    const rng = new Rng(5);
    for (const [n, p] of [
      [1000, 0.01],
      [300000, 0.003],
      [50, 0.7],
    ] as const) {
      const k = Array.from({ length: 4000 }, () => sampleBinomial(n, p, rng));
      const mean = k.reduce((a, b) => a + b, 0) / k.length;
      const v = k.reduce((a, b) => a + (b - mean) ** 2, 0) / (k.length - 1);
      const sd = Math.sqrt(n * p * (1 - p));
      assert.ok(Math.abs(mean - n * p) < (5 * sd) / Math.sqrt(k.length), `mean ${mean} vs ${n * p}`);
      assert.ok(Math.abs(v / (sd * sd) - 1) < 0.15, `variance ${v} vs ${sd * sd}`);
    }
  });

  it('Λ ranges are bounded; pairs whose rate interval reaches ½ are left out', () => {
    const pts = [
      { p: 0.01, d: 3, rounds: 3, shots: 10000, errors: 300 },
      { p: 0.01, d: 5, rounds: 5, shots: 10000, errors: 100 },
      { p: 0.16, d: 3, rounds: 3, shots: 2000, errors: 990 },
      { p: 0.16, d: 5, rounds: 5, shots: 2000, errors: 995 },
    ];
    const l = lambdaFactors(pts);
    assert.equal(l.length, 1);
    assert.equal(l[0].p, 0.01);
    assert.ok(
      l[0].low < l[0].lambda && l[0].lambda < l[0].high && l[0].high < 2 * l[0].lambda,
      JSON.stringify(l[0]),
    );
  });

  it('footprint distances keep the measured parity; the cat floor makes a target unreachable', () => {
    const odd = allowedDistances(() => undefined, [3, 5, 7]);
    assert.ok(odd.distances.every((d) => d % 2 === 1));
    assert.match(odd.description, /^odd d ≥ 3/);
    const recs: ResultRecord[] = [3, 5, 7].map((d) => ({
      decoder: 'mwpm',
      metadata: { code: 'repetition', noise: 'cat', d, r: d, nbar: 4 },
      stats: {
        shots: 100000,
        errors: Math.round(100000 * 0.02 * 0.3 ** ((d - 3) / 2)),
        discards: 0,
        seconds: 1,
      },
    }));
    const [g] = groupCurves(recs, new Rng(1));
    const [row] = catFootprint(g, 1e-12, () => 1e-4);
    assert.equal(row.distance, undefined);
    assert.match(row.note, /^unreachable at n̄ = 4/);
    const [ok] = catFootprint(g, 1e-6, () => 1e-12);
    assert.ok(ok.distance !== undefined && ok.distance % 2 === 1);
    // The floor is (2d − 1)·p_X to first order, and a probability where p_X is large.
    assert.ok(Math.abs(ok.bitFlipFloor! / ((2 * ok.distance - 1) * 1e-12) - 1) < 1e-9);
    const [huge] = catFootprint(g, 1e-12, () => 0.2);
    assert.ok(huge.bitFlipFloor! > 0.9 && huge.bitFlipFloor! <= 1, `floor ${huge.bitFlipFloor}`);
  });

  it("the cat tables use each group's own bit-flip prefactor A (p_X = A·exp(−2n̄)), the model's 0.5 by default", () => {
    const recs: ResultRecord[] = [];
    for (const bitflip of [undefined, 0.05])
      for (const d of [3, 5, 7])
        recs.push({
          decoder: 'mwpm',
          metadata: { code: 'repetition', noise: 'cat', d, r: d, nbar: 8, ...(bitflip ? { bitflip } : {}) },
          stats: {
            shots: 100000,
            errors: Math.round(100000 * 0.02 * 0.3 ** ((d - 3) / 2)),
            discards: 0,
            seconds: 1,
          },
        });
    const tables = catFootprints(groupCurves(recs, new Rng(1)), 1e-4);
    assert.equal(tables.length, 2);
    const floorPerQubit = (t: (typeof tables)[number]): number => {
      const r = t.rows[0];
      assert.ok(r.distance !== undefined && r.bitFlipFloor !== undefined, JSON.stringify(r));
      return 1 - (1 - r.bitFlipFloor) ** (1 / (2 * r.distance - 1));
    };
    const byA = new Map(tables.map((t) => [/bitflip=/.test(t.group) ? 0.05 : 0.5, floorPerQubit(t)]));
    assert.ok(Math.abs(byA.get(0.5)! / (0.5 * Math.exp(-16)) - 1) < 1e-6, `default A: ${byA.get(0.5)}`);
    assert.ok(Math.abs(byA.get(0.05)! / (0.05 * Math.exp(-16)) - 1) < 1e-6, `A = 0.05: ${byA.get(0.05)}`);
  });

  it('the summary gives each threshold definition once, with its meaning, and never "± ?"', () => {
    const recs: ResultRecord[] = [];
    for (const d of [3, 5])
      for (const p of [0.001, 0.002])
        recs.push({
          decoder: 'mwpm',
          metadata: { code: 'rotated-surface', noise: 'uniform', d, r: d, p },
          stats: {
            shots: 100000,
            errors: Math.round(100000 * 0.5 * (p / 0.01) ** ((d + 1) / 2)),
            discards: 0,
            seconds: 1,
          },
        });
    const text = groupSummary(groupCurves(recs, new Rng(1))[0]).join('\n');
    assert.match(text, /per-round crossing: none/);
    assert.match(text, /per-shot crossing \(rounds = d\): none/);
    assert.match(text, /fit p_th = .*not a crossing/);
    assert.doesNotMatch(text, /\?/);
  });
});
