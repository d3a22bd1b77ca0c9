import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../base/errors.js';
import { Rng } from '../base/prng.js';
import type { ResultRecord } from './analysis.js';
import { plotFigures, type PlotFigure } from './plot-series.js';

/** A record of `shots` with `errors` and `discards`, one round unless `r` is given. */
const rec = (
  decoder: string,
  metadata: Record<string, unknown>,
  errors: number,
  discards = 0,
  shots = 10_000,
): ResultRecord => ({ stats: { shots, errors, discards, seconds: 1 }, decoder, metadata });

/** Two decoders × d = 3, 5 × p = 0.002, 0.01 with distinct error counts (errors = 100·d·p·1000 + decoder). */
const SWEEP: ResultRecord[] = ['mwpm', 'uf'].flatMap((dec, j) =>
  [3, 5].flatMap((d) =>
    [0.002, 0.01].map((p) =>
      rec(dec, { code: 'surface', noise: 'si1000', d, p }, Math.round(p * 1000 * d * 10) + j, d * 10),
    ),
  ),
);

type Row = { x: number; rate: number | null; group: string };
const rows = (f: PlotFigure): Row[] => (f.spec.data as { values: Row[] }).values;
const layers = (f: PlotFigure): Record<string, unknown>[] => f.spec.layer as Record<string, unknown>[];
/** The y scale domain of the first layer that has one. */
function yDomain(f: PlotFigure): number[] {
  for (const l of layers(f)) {
    const y = (l.encoding as { y?: { scale?: { domain?: number[] } } } | undefined)?.y;
    if (y?.scale?.domain !== undefined) return y.scale.domain;
  }
  throw new Error('no y domain');
}

describe('plotFigures (qec plot)', () => {
  it('default: one figure per decoder, one series per distance, rates = errors / kept shots', () => {
    const figs = plotFigures(SWEEP, { kind: 'rate' }, new Rng(1));
    assert.equal(figs.length, 2);
    assert.deepEqual(
      figs.map((f) => f.fixed.find(([k]) => k === 'decoder')?.[1]),
      ['mwpm', 'uf'],
    );
    assert.deepEqual(figs[0].series, ['d=3', 'd=5']);
    for (const f of figs)
      for (const r of rows(f)) {
        const d = Number(r.group.slice(2));
        const src = SWEEP.find(
          (s) =>
            s.decoder === f.fixed.find(([k]) => k === 'decoder')?.[1] &&
            s.metadata.d === d &&
            s.metadata.p === r.x,
        )!;
        assert.ok(Math.abs(r.rate! - src.stats.errors / (src.stats.shots - src.stats.discards)) < 1e-15);
      }
  });

  it('--group decoder,d overlays decoders in one figure, series ordered by value', () => {
    const figs = plotFigures(SWEEP, { kind: 'rate', group: ['decoder', 'distance'] }, new Rng(1));
    assert.equal(figs.length, 1);
    assert.deepEqual(figs[0].series, ['mwpm d=3', 'mwpm d=5', 'uf d=3', 'uf d=5']);
    assert.equal(rows(figs[0]).length, 8);
    assert.ok(!figs[0].fixed.some(([k]) => k === 'decoder'));
  });

  it('--x chooses any key: rate vs d, one series per p, the other keys fixed per figure', () => {
    const figs = plotFigures(SWEEP, { kind: 'rate', x: 'd', group: ['p'] }, new Rng(1));
    assert.equal(figs.length, 2);
    assert.deepEqual(figs[0].series, ['p=0.002', 'p=0.01']);
    assert.deepEqual([...new Set(rows(figs[0]).map((r) => r.x))].sort(), [3, 5]);
    const x = (layers(figs[0])[1].encoding as { x: { title: string; scale: { type?: string } } }).x;
    assert.equal(x.title, 'd');
    // 3..5 spans less than a decade: a linear axis.
    assert.equal(x.scale.type, undefined);
  });

  it('per-round rates use r: ε_round = (1 − (1 − 2 ε_shot)^(1/r)) / 2', () => {
    const r = [rec('mwpm', { d: 3, r: 5, p: 0.01 }, 400), rec('mwpm', { d: 5, r: 5, p: 0.01 }, 100)];
    const [f] = plotFigures(r, { kind: 'rate' }, new Rng(1));
    const want = [0.04, 0.01].map((e) => (1 - (1 - 2 * e) ** (1 / 5)) / 2);
    rows(f).forEach((q, i) => assert.ok(Math.abs(q.rate! - want[i]) < 1e-12, `${q.rate} vs ${want[i]}`));
    assert.ok(Math.abs(rows(f)[0].rate! - 0.04 / 5) < 0.04 / 5 / 10, 'per round, not per shot');
  });

  it('--title replaces the title and keeps the figure description; --ymin/--ymax fix the y domain', () => {
    const [f] = plotFigures(
      SWEEP,
      { kind: 'rate', group: ['decoder', 'd'], title: 'MWPM vs UF', yDomain: [1e-5, 0.5] },
      new Rng(1),
    );
    const title = f.spec.title as { text: string; subtitle: string };
    assert.equal(title.text, 'MWPM vs UF');
    assert.match(title.subtitle, /^surface · si1000 noise/);
    assert.deepEqual(yDomain(f), [1e-5, 0.5]);
    const [g] = plotFigures(
      SWEEP,
      { kind: 'rate', group: ['decoder', 'd'], yDomain: [undefined, 0.5] },
      new Rng(1),
    );
    assert.equal(yDomain(g)[1], 0.5);
    assert.ok(yDomain(g)[0] < 1e-3, 'the bottom follows the data');
  });

  it('--kind discard plots discards per shot (not errors)', () => {
    const [f] = plotFigures(SWEEP, { kind: 'discard' }, new Rng(1));
    for (const r of rows(f)) assert.equal(r.rate, (Number(r.group.slice(2)) * 10) / 10_000);
    assert.equal((layers(f)[0].encoding as { y: { title: string } }).y.title, 'discard rate per shot');
  });

  it('--kind lambda: x is the swept key (n̄ for cat results), Λ = per-round rate ratio per distance pair', () => {
    const cat = [2, 4, 6].flatMap((nbar) =>
      [3, 5].map((d) =>
        rec('mwpm', { code: 'repetition', noise: 'cat', nbar, d, r: 1 }, Math.round(4000 / nbar / d)),
      ),
    );
    const [f] = plotFigures(cat, { kind: 'lambda', group: ['decoder'] }, new Rng(1));
    assert.deepEqual(f.series, ['mwpm d=3→5']);
    const vals = (f.spec.data as { values: { x: number; lambda: number }[] }).values;
    assert.deepEqual(
      vals.map((v) => v.x),
      [2, 4, 6],
    );
    for (const v of vals) {
      const e3 = Math.round(4000 / v.x / 3);
      const e5 = Math.round(4000 / v.x / 5);
      assert.ok(Math.abs(v.lambda - e3 / e5) < 1e-12, `${v.lambda} vs ${e3 / e5}`);
    }
    const x = (layers(f)[1].encoding as { x: { title: string } }).x;
    assert.match(x.title, /mean photon number/);
  });

  it('a key nobody has is one clear error naming the keys present', () => {
    assert.throws(
      () => plotFigures(SWEEP, { kind: 'rate', x: 'eta' }, new Rng(1)),
      (e: unknown) =>
        e instanceof ValidationError && /'eta'.*keys present: code, d, noise, p/.test(e.message),
    );
  });

  it('more than ten series get a twenty-colour palette (no two series share a colour)', () => {
    const many = Array.from({ length: 12 }, (_, i) => rec('mwpm', { d: 3, p: 0.01, seed: i }, 10 + i));
    const [f] = plotFigures(many, { kind: 'rate', group: ['seed'] }, new Rng(1));
    assert.equal(f.series.length, 12);
    const color = (layers(f)[1].encoding as { color: { scale?: { scheme: string } } }).color;
    assert.equal(color.scale?.scheme, 'category20');
  });
});
