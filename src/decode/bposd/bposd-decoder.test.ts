import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '../../base/errors.js';
import { Rng } from '../../base/prng.js';
import type { FlatDem } from '../../dem/dem.js';
import { BitTable } from '../../mem/bit-table.js';
import { parseDem } from '../../dem/dem-parser.js';
import { flattenDem } from '../../dem/flatten.js';
import type { Decoder } from '../decoder.js';
import {
  CONFORMANCE_CASES,
  checkDecoderCase,
  flatError,
  makeFlatDem,
  predictAllSyndromes,
  repetitionCodeCapacityDem,
  surfaceCodeCapacityDem,
} from '../conformance.js';
import { LOOKUP_DECODER, LookupCompiledDecoder } from '../lookup/lookup-decoder.js';
import { BPOSD_DECODER, BPOSD_LLR_CAP, BpOsdCompiledDecoder, resolveBpOsdParams } from './bposd-decoder.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const vectors = path.resolve(repoRoot, '../shared/vectors');

/** A Stim-produced DEM of ../shared/vectors/dems, flattened. */
function vectorDem(name: string): FlatDem {
  return flattenDem(parseDem(readFileSync(path.join(vectors, 'dems', `${name}.dem`), 'utf8'), name));
}

/**
 * Samples shots of a DEM (independent mechanisms, Bernoulli draws): detection events and actual
 * observable flips. Test-local stand-in for the DEM sampler.
 */
function sampleShots(dem: FlatDem, shots: number, rng: Rng): { dets: BitTable; obs: BitTable } {
  const dets = new BitTable(shots, dem.numDetectors);
  const obs = new BitTable(shots, dem.numObservables);
  for (let s = 0; s < shots; s++)
    for (const e of dem.errors)
      if (rng.nextFloat() < e.probability) {
        for (const d of e.detectors) dets.toggle(s, d);
        for (const o of e.observables) obs.toggle(s, o);
      }
  return { dets, obs };
}

function logicalErrors(decoder: Decoder, dem: FlatDem, dets: BitTable, obs: BitTable): number {
  const pred = new BitTable(dets.numRows, dem.numObservables);
  decoder.compile(dem).decodeBatch(dets, pred);
  let k = 0;
  for (let s = 0; s < dets.numRows; s++) {
    let differ = false;
    for (let o = 0; o < dem.numObservables; o++) if (pred.get(s, o) !== obs.get(s, o)) differ = true;
    if (differ) k++;
  }
  return k;
}

describe('BP-OSD decoder', () => {
  for (const c of CONFORMANCE_CASES) it(`conformance: ${c.name}`, () => checkDecoderCase(BPOSD_DECODER, c));
  for (const c of CONFORMANCE_CASES)
    it(`conformance (OSD-0 after 1 BP iteration): ${c.name}`, () =>
      checkDecoderCase(BPOSD_DECODER, c, { maxIterations: 1, osdMethod: 'osd0', osdOrder: 0 }));

  it('decodes every single error mechanism of Stim circuit-level DEMs (d=3 surface, d=5 repetition) to its observables', () => {
    for (const name of [
      'surface_code-rotated_memory_z-d5-r5-p0.005',
      'repetition_code-memory-d5-r5-p0.001',
    ]) {
      const dem = vectorDem(name);
      const n = dem.errors.length;
      const dets = new BitTable(n, dem.numDetectors);
      dem.errors.forEach((e, i) => e.detectors.forEach((d) => dets.set(i, d, true)));
      const pred = new BitTable(n, dem.numObservables);
      BPOSD_DECODER.compile(dem).decodeBatch(dets, pred);
      dem.errors.forEach((e, i) => {
        const got: number[] = [];
        for (let o = 0; o < dem.numObservables; o++) if (pred.get(i, o)) got.push(o);
        assert.deepEqual(got, e.observables, `${name}: error #${i} (D${e.detectors.join(' D')})`);
      });
    }
  });

  it('always satisfies syndromes in the column space (random hypergraph DEMs, OSD forced by few iterations)', () => {
    const arb = fc
      .record({ m: fc.integer({ min: 1, max: 8 }), n: fc.integer({ min: 1, max: 16 }) })
      .chain(({ m, n }) =>
        fc.record({
          m: fc.constant(m),
          cols: fc.array(
            fc.record({
              det: fc.integer({ min: 1, max: (1 << m) - 1 }),
              obs: fc.integer({ min: 0, max: 3 }),
              p: fc.double({ min: 0.01, max: 0.45, noNaN: true }),
            }),
            { minLength: n, maxLength: n },
          ),
          pick: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
          iters: fc.integer({ min: 1, max: 4 }),
        }),
      );
    let osdShots = 0;
    let exhaustive = 0;
    fc.assert(
      fc.property(arb, ({ m, cols, pick, iters }) => {
        const ids = (mask: number, k: number) =>
          Array.from({ length: k }, (_, i) => i).filter((i) => (mask >> i) & 1);
        const dem = makeFlatDem(
          m,
          2,
          cols.map((c) => flatError(c.p, [ids(c.det, m), ids(c.obs, 2)])),
        );
        let syn = 0;
        cols.forEach((c, i) => {
          if (pick[i]) syn ^= c.det;
        });
        const row = new BitTable(1, m);
        for (const d of ids(syn, m)) row.set(0, d, true);
        const costs: number[] = [];
        for (const osdMethod of ['osd0', 'osd_cs']) {
          const options =
            osdMethod === 'osd_cs'
              ? { maxIterations: iters, osdMethod, osdOrder: 16 }
              : { maxIterations: iters, osdMethod };
          const dec = BPOSD_DECODER.compile(dem, options) as BpOsdCompiledDecoder;
          const got = dec.decodeShotDetailed(row.row(0));
          let check = 0;
          let obsMask = 0;
          let cost = 0;
          for (const j of got.columns) {
            for (let a = dec.columns.detStart[j]; a < dec.columns.detStart[j + 1]; a++)
              check ^= 1 << dec.columns.detIndex[a];
            obsMask ^= dec.columns.obsMask[j];
            const p = dec.columns.probability[j];
            cost += Math.log((1 - p) / p);
          }
          assert.equal(
            check,
            syn,
            `${osdMethod}: chosen columns ${JSON.stringify(got.columns)} miss the syndrome`,
          );
          assert.deepEqual(got.observables, ids(obsMask, 2));
          if (got.osd) {
            osdShots++;
            costs.push(cost);
          }
          // With at most two non-information-set columns, OSD-CS (λ >= n) tries every solution of
          // H e = s (the kernel is spanned by those columns' flips), so it must find the lightest.
          const numCols = dec.columns.numColumns;
          if (osdMethod === 'osd_cs' && got.osd && numCols - dec.rank <= 2) {
            let best = Infinity;
            for (let e = 0; e < 1 << numCols; e++) {
              let chk = 0;
              let c = 0;
              for (let j = 0; j < numCols; j++)
                if ((e >> j) & 1) {
                  for (let a = dec.columns.detStart[j]; a < dec.columns.detStart[j + 1]; a++)
                    chk ^= 1 << dec.columns.detIndex[a];
                  const p = dec.columns.probability[j];
                  c += Math.log((1 - p) / p);
                }
              if (chk === syn && c < best) best = c;
            }
            assert.ok(cost <= best + 1e-9, `osd_cs chose cost ${cost}, the lightest solution costs ${best}`);
            exhaustive++;
          }
        }
        // OSD-CS includes the OSD-0 candidate, so it is never heavier (same BP, same ordering)
        if (costs.length === 2)
          assert.ok(costs[1] <= costs[0] + 1e-9, `osd_cs ${costs[1]} > osd0 ${costs[0]}`);
      }),
      { seed: 21, numRuns: 400 },
    );
    assert.ok(osdShots > 50, `OSD ran on only ${osdShots} shots; the property would be vacuous`);
    assert.ok(exhaustive > 20, `only ${exhaustive} OSD-CS shots were checked against all solutions`);
  });

  it('BP equals a textbook min-sum (per-edge messages, minima over the other edges) bit for bit', () => {
    // Reference: flooding min-sum with messages indexed by (check, column) and each check's
    // outgoing magnitude the minimum over its *other* inputs, found by a quadratic scan, and the
    // syndrome re-checked from scratch each iteration. The decoder (after decoding another shot)
    // must choose the same columns
    // and agree on convergence (osdMethod 'none' returns BP's last hard decision), ties included:
    // priors from two values make equal input magnitudes common.
    const arb = fc
      .record({ m: fc.integer({ min: 1, max: 7 }), n: fc.integer({ min: 1, max: 14 }) })
      .chain(({ m, n }) =>
        fc.record({
          m: fc.constant(m),
          cols: fc.array(
            fc.record({ det: fc.integer({ min: 1, max: (1 << m) - 1 }), p: fc.constantFrom(0.05, 0.2) }),
            { minLength: n, maxLength: n },
          ),
          syn: fc.integer({ min: 0, max: (1 << m) - 1 }),
          before: fc.integer({ min: 0, max: (1 << m) - 1 }),
          iters: fc.integer({ min: 1, max: 12 }),
          scaling: fc.constantFrom(0, 0.625, 1),
        }),
      );
    let converged = 0;
    let failed = 0;
    fc.assert(
      fc.property(arb, ({ m, cols, syn, before, iters, scaling }) => {
        const ids = (mask: number): number[] =>
          Array.from({ length: m }, (_, i) => i).filter((i) => (mask >> i) & 1);
        const dem = makeFlatDem(
          m,
          1,
          cols.map((c) => flatError(c.p, [ids(c.det), []])),
        );
        // both check passes: the WebAssembly kernel and the TypeScript fallback
        const params = resolveBpOsdParams({ maxIterations: iters, scaling, osdMethod: 'none' });
        const decs = [true, false].map((wasm) => new BpOsdCompiledDecoder(dem, params, { wasm }));
        assert.deepEqual(
          decs.map((d) => d.kernel),
          ['wasm', 'typescript'],
        );
        // a shot decoded before, so state left over from it would show
        const row = new BitTable(2, m);
        for (const d of ids(before)) row.set(0, d, true);
        for (const d of ids(syn)) row.set(1, d, true);
        const gots = decs.map((dec) => {
          dec.decodeShotDetailed(row.row(0));
          return dec.decodeShotDetailed(row.row(1));
        });
        // the reference on the decoder's merged columns
        const { numColumns: n, detStart, detIndex, probability } = decs[0].columns;
        const prior = Array.from(probability, (p) => Math.log((1 - p) / p));
        const checksOf = (v: number): number[] => Array.from(detIndex.subarray(detStart[v], detStart[v + 1]));
        const r = new Map<string, number>();
        let post = prior.slice();
        let hard: number[] = [];
        let ok = false;
        for (let it = 1; it <= iters && !ok; it++) {
          const alpha = scaling === 0 ? 1 - 2 ** -it : scaling;
          const q = new Map<string, number>();
          for (let v = 0; v < n; v++)
            for (const c of checksOf(v)) q.set(`${c},${v}`, post[v] - (r.get(`${c},${v}`) ?? 0));
          for (let c = 0; c < m; c++) {
            const vs = [...Array(n).keys()].filter((v) => checksOf(v).includes(c));
            for (const v of vs) {
              let sign = (syn >> c) & 1;
              let mag = BPOSD_LLR_CAP;
              for (const u of vs)
                if (u !== v) {
                  const x = q.get(`${c},${u}`) ?? 0;
                  if (x < 0) sign ^= 1;
                  mag = Math.min(mag, Math.abs(x));
                }
              r.set(`${c},${v}`, sign === 1 ? -alpha * mag : alpha * mag);
            }
          }
          post = prior.map((p0, v) => checksOf(v).reduce((acc, c) => acc + (r.get(`${c},${v}`) ?? 0), p0));
          hard = post.map((x) => (x < 0 ? 1 : 0));
          ok = [...Array(m).keys()].every(
            (c) =>
              hard.reduce((a, h, v) => a ^ (h & (checksOf(v).includes(c) ? 1 : 0)), (syn >> c) & 1) === 0,
          );
        }
        for (const got of gots) {
          assert.equal(got.converged, ok, 'convergence');
          assert.deepEqual(
            got.columns,
            hard.flatMap((h, v) => (h === 1 ? [v] : [])),
          );
        }
        if (ok) converged++;
        else failed++;
      }),
      { seed: 5, numRuns: 400 },
    );
    assert.ok(converged > 50 && failed > 50, `converged ${converged}, not ${failed}: both must be exercised`);
  });

  it('the WebAssembly check pass equals the TypeScript one bit for bit (posteriors, decisions, OSD)', () => {
    // Random hypergraph DEMs up to 24 checks x 60 columns, priors with ties and without, long runs
    // (up to 300 iterations, so adaptive scaling reaches 1), OSD-0 / OSD-CS on what BP leaves, three
    // shots in a row per decoder pair: every posterior must have the same bits.
    const arb = fc
      .record({ m: fc.integer({ min: 1, max: 24 }), n: fc.integer({ min: 1, max: 60 }) })
      .chain(({ m, n }) =>
        fc.record({
          m: fc.constant(m),
          cols: fc.array(
            fc.record({
              dets: fc.uniqueArray(fc.integer({ min: 0, max: m - 1 }), { minLength: 1, maxLength: 5 }),
              p: fc.oneof(fc.constantFrom(0.01, 0.05, 0.2), fc.double({ min: 1e-4, max: 0.45, noNaN: true })),
            }),
            { minLength: n, maxLength: n },
          ),
          shots: fc.array(fc.array(fc.boolean(), { minLength: m, maxLength: m }), {
            minLength: 3,
            maxLength: 3,
          }),
          iters: fc.integer({ min: 1, max: 300 }),
          scaling: fc.constantFrom(0, 0.625, 1),
          osdMethod: fc.constantFrom('osd0', 'osd_cs'),
        }),
      );
    let bpRuns = 0;
    let osdRuns = 0;
    fc.assert(
      fc.property(arb, ({ m, cols, shots, iters, scaling, osdMethod }) => {
        const dem = makeFlatDem(
          m,
          2,
          cols.map((c, i) => flatError(c.p, [c.dets, [i % 3 === 0 ? 0 : 1]])),
        );
        const params = resolveBpOsdParams({ maxIterations: iters, scaling, osdMethod });
        const [w, t] = [true, false].map((wasm) => new BpOsdCompiledDecoder(dem, params, { wasm }));
        assert.equal(w.kernel, 'wasm');
        assert.equal(t.kernel, 'typescript');
        const row = new BitTable(1, m);
        for (const shot of shots) {
          for (let d = 0; d < m; d++) row.set(0, d, shot[d]);
          const a = w.decodeShotDetailed(row.row(0));
          const b = t.decodeShotDetailed(row.row(0));
          assert.deepEqual(a, b);
          const pa = new Uint8Array(w.posteriors().slice().buffer);
          const pb = new Uint8Array(t.posteriors().slice().buffer);
          assert.deepEqual(pa, pb, 'posterior bits');
        }
        bpRuns += w.stats.bpIterations;
        osdRuns += w.stats.osdRuns;
        assert.equal(w.stats.bpIterations, t.stats.bpIterations);
      }),
      { seed: 18, numRuns: 300 },
    );
    assert.ok(bpRuns > 0 && osdRuns > 50, `OSD ran ${osdRuns} times: both paths must be exercised`);
  });

  it('logical error rate <= 2x the exact lookup decoder on code-capacity repetition and surface codes', (t) => {
    const cases: { name: string; dem: FlatDem; shots: number }[] = [
      { name: 'repetition d=7, p=0.18', dem: repetitionCodeCapacityDem(7, 0.18), shots: 3000 },
      { name: 'surface d=5 X noise, p=0.06', dem: surfaceCodeCapacityDem(5, 0.06), shots: 3000 },
      {
        name: 'surface d=3 depolarizing, p=0.09',
        dem: surfaceCodeCapacityDem(3, 0.03, 0.03, 0.03),
        shots: 3000,
      },
    ];
    for (const [i, c] of cases.entries()) {
      const { dets, obs } = sampleShots(c.dem, c.shots, new Rng(1000 + i));
      const kL = logicalErrors(LOOKUP_DECODER, c.dem, dets, obs);
      const kB = logicalErrors(BPOSD_DECODER, c.dem, dets, obs);
      const sigma = Math.sqrt(kB + 4 * kL + 1);
      t.diagnostic(`${c.name}: lookup ${kL}, bposd ${kB}`);
      assert.ok(kL >= 20, `${c.name}: lookup made only ${kL} errors; raise p or shots`);
      assert.ok(
        kB <= 2 * kL + 5 * sigma,
        `${c.name}: bposd ${kB} vs lookup ${kL} logical errors in ${c.shots} shots`,
      );
      // and the ML decoder is not beaten beyond noise (a check of the lookup decoder too)
      assert.ok(kL <= kB + 5 * Math.sqrt(kB + kL + 1), `${c.name}: lookup ${kL} > bposd ${kB}`);
    }
  });

  it('exact logical error rate (all syndromes enumerated) within 1.2x of the exact ML lookup decoder', () => {
    const cases: [string, FlatDem][] = [
      ['repetition d=11, p=0.1', repetitionCodeCapacityDem(11, 0.1)],
      ['surface d=5 X noise, p=0.05', surfaceCodeCapacityDem(5, 0.05)],
      ['surface d=3 depolarizing, p=0.1', surfaceCodeCapacityDem(3, 0.1 / 3, 0.1 / 3, 0.1 / 3)],
    ];
    for (const [name, dem] of cases) {
      const ml = LOOKUP_DECODER.compile(dem, { keepDistribution: true }) as LookupCompiledDecoder;
      const best = ml.exactLogicalErrorRate(ml.best);
      const bp = ml.exactLogicalErrorRate(predictAllSyndromes(BPOSD_DECODER.compile(dem)));
      assert.ok(bp >= best - 1e-12, `${name}: bposd ${bp} below the ML optimum ${best}`);
      assert.ok(bp <= 1.2 * best, `${name}: bposd ${bp} vs ML ${best}`);
    }
  });

  it('validates options with clear errors', () => {
    const dem = repetitionCodeCapacityDem(3, 0.1);
    assert.throws(
      () => BPOSD_DECODER.compile(dem, { maxIterations: 0 }),
      /'maxIterations' = 0: must be >= 1/,
    );
    assert.throws(() => BPOSD_DECODER.compile(dem, { scaling: 1.5 }), /'scaling' = 1.5: must be <= 1/);
    assert.throws(
      () => BPOSD_DECODER.compile(dem, { osdMethod: 'osd9' }),
      /must be one of none, osd0, osd_cs/,
    );
    assert.throws(
      () => BPOSD_DECODER.compile(dem, { osdMethod: 'osd0', osdOrder: 3 }),
      /only applies to osdMethod/,
    );
    assert.throws(() => BPOSD_DECODER.compile(dem, { maxIter: 3 }), ValidationError);
    assert.throws(
      () => BPOSD_DECODER.compile(dem, { maxIter: 3 }),
      /valid options: maxIterations, scaling, osdMethod, osdOrder/,
    );
    const d = BPOSD_DECODER.compile(dem, { osdMethod: 'none', scaling: 0 }) as BpOsdCompiledDecoder;
    assert.equal(d.params.osdMethod, 'none');
    assert.equal(d.rank, 2);
  });
});
