import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, deriveSeed } from './prng.js';
import { RareEventSampler } from './rare.js';

describe('Rng', () => {
  it('is reproducible and seed-sensitive', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xa = Array.from({ length: 8 }, () => a.nextU32());
    const xb = Array.from({ length: 8 }, () => b.nextU32());
    const xc = Array.from({ length: 8 }, () => c.nextU32());
    assert.deepEqual(xa, xb);
    assert.notDeepEqual(xa, xc);
  });

  it('has unbiased bits within 5 sigma', () => {
    const r = new Rng(7);
    const n = 20000;
    const counts = new Array<number>(32).fill(0);
    for (let i = 0; i < n; i++) {
      const x = r.nextU32();
      for (let b = 0; b < 32; b++) counts[b] += (x >>> b) & 1;
    }
    const sigma = Math.sqrt(n * 0.25);
    for (const c of counts) assert.ok(Math.abs(c - n / 2) < 5 * sigma, `bit count ${c}`);
  });

  it('derived seeds differ per index and are stable', () => {
    const s = new Set<number>();
    for (let i = 0; i < 1000; i++) s.add(deriveSeed(5, i));
    assert.equal(s.size, 1000);
    assert.equal(deriveSeed(5, 3), deriveSeed(5, 3));
    assert.ok(Number.isSafeInteger(deriveSeed(2 ** 52, 2 ** 40)));
  });
});

describe('RareEventSampler', () => {
  it('event count matches binomial mean within 5 sigma', () => {
    const rng = new Rng(11);
    const p = 0.003;
    const n = 2_000_000;
    const count = new RareEventSampler(p).forEachEvent(n, rng, () => {});
    const sigma = Math.sqrt(n * p * (1 - p));
    assert.ok(Math.abs(count - n * p) < 5 * sigma, `count ${count}`);
  });

  it('p = 1 fires every slot, p = 0 none', () => {
    const rng = new Rng(1);
    assert.equal(
      new RareEventSampler(1).forEachEvent(100, rng, () => {}),
      100,
    );
    assert.equal(
      new RareEventSampler(0).forEachEvent(100, rng, () => {}),
      0,
    );
  });
});
