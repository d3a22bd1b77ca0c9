import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addStats, likelihoodInterval, perRoundRate, wilsonInterval } from './stats.js';

describe('binomial intervals', () => {
  it('Wilson interval: known values and containment of the point estimate', () => {
    // 10 of 100 at 95%: [0.0552, 0.1744] (textbook value).
    const w = wilsonInterval(10, 100);
    assert.ok(Math.abs(w.low - 0.0552) < 1e-4 && Math.abs(w.high - 0.1744) < 1e-4, JSON.stringify(w));
    const z = wilsonInterval(0, 1000);
    assert.equal(z.low, 0);
    assert.ok(Math.abs(z.high - 0.00383) < 1e-4);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const e = Math.floor(f * n);
        const iv = wilsonInterval(e, n);
        assert.ok(iv.low <= iv.rate + 1e-12 && iv.rate <= iv.high + 1e-12);
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('likelihood interval: bounds have likelihood ratio exactly the factor, and shrink with more shots', () => {
    const iv = likelihoodInterval(20, 1000, 1000);
    const ll = (p: number): number => 20 * Math.log(p) + 980 * Math.log(1 - p);
    assert.ok(Math.abs(ll(0.02) - ll(iv.low) - Math.log(1000)) < 1e-6);
    assert.ok(Math.abs(ll(0.02) - ll(iv.high) - Math.log(1000)) < 1e-6);
    const big = likelihoodInterval(200, 10000, 1000);
    assert.ok(big.high - big.low < iv.high - iv.low);
    const zero = likelihoodInterval(0, 1000);
    // With no errors the bound solves (1-p)^1000 = 1/1000: p = 1 - 1000^(-1/1000).
    assert.ok(Math.abs(zero.high - (1 - Math.pow(1000, -1 / 1000))) < 1e-9);
  });

  it('coverage: the 95% Wilson interval covers the true rate about 95% of the time (5σ)', () => {
    let s = 99;
    const rand = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const trials = 2000;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      let e = 0;
      for (let i = 0; i < 200; i++) if (rand() < 0.05) e++;
      const iv = wilsonInterval(e, 200);
      if (iv.low <= 0.05 && 0.05 <= iv.high) covered++;
    }
    const sigma = Math.sqrt((0.95 * 0.05) / trials);
    assert.ok(Math.abs(covered / trials - 0.95) < 5 * sigma + 0.01, `coverage ${covered / trials}`);
  });
});

describe('per-round rates and additive stats', () => {
  it('per-round rate inverts the composition of independent rounds', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.49, noNaN: true }), fc.integer({ min: 1, max: 50 }), (q, r) => {
        // r rounds each flipping with probability q: total flip probability (1 - (1-2q)^r)/2.
        const shot = (1 - Math.pow(1 - 2 * q, r)) / 2;
        // Near shot = 1/2 the inversion is ill-conditioned (all information is lost); skip there.
        fc.pre(Math.pow(1 - 2 * q, r) > 1e-6);
        assert.ok(Math.abs(perRoundRate(shot, r) - q) < 1e-9);
      }),
      { seed: 5, numRuns: 200 },
    );
    assert.equal(perRoundRate(0.1, 1), 0.1);
  });
  it("per-round rate with several observables inverts sinter's or-of-xor composition", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 12 }),
        (q, r, v) => {
          // v independent observables, each flipped per round with probability q: a shot fails when
          // any observable ends flipped, 1 − (1 − (1 − (1−2q)^r)/2)^v; per round that is 1 − (1−q)^v.
          fc.pre(Math.pow(1 - 2 * q, r) > 1e-6);
          const shot = 1 - Math.pow(1 - (1 - Math.pow(1 - 2 * q, r)) / 2, v);
          const expected = 1 - Math.pow(1 - q, v);
          assert.ok(Math.abs(perRoundRate(shot, r, v) - expected) < 1e-9 * Math.max(1, v));
        },
      ),
      { seed: 11, numRuns: 300 },
    );
    // Two observables at rate ε_shot = 0.19 over 1 round: 1 − 0.81 = 0.19 (no change at one round).
    assert.ok(Math.abs(perRoundRate(0.19, 1, 2) - 0.19) < 1e-12);
    // ε_shot = 0.3 over 10 rounds. One piece: (1 − 0.4^0.1)/2 = 0.04380. Two observables:
    // q = 1 − 0.7^½ = 0.16334, q_r = (1 − (1 − 2q)^0.1)/2 = 0.019391, 1 − (1 − q_r)² = 0.038405.
    assert.ok(Math.abs(perRoundRate(0.3, 10, 1) - 0.0438) < 1e-4);
    assert.ok(Math.abs(perRoundRate(0.3, 10, 2) - 0.038405) < 1e-5);
    // Far below 1e-16 the map stays relative-precise (ε_round ≈ ε_shot / rounds there), where
    // 1 − (1 − 2ε)^(1/r) would round to 0.
    assert.ok(Math.abs(perRoundRate(2e-20, 20) / 1e-21 - 1) < 1e-9);
    assert.ok(Math.abs(perRoundRate(2e-20, 20, 3) / 1e-21 - 1) < 1e-9);
  });
  it('stats add field by field', () => {
    assert.deepEqual(
      addStats(
        { shots: 1, errors: 2, discards: 3, seconds: 4 },
        { shots: 10, errors: 20, discards: 30, seconds: 40 },
      ),
      {
        shots: 11,
        errors: 22,
        discards: 33,
        seconds: 44,
      },
    );
  });
});
