import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UnsupportedError, ValidationError } from '../../base/errors.js';
import type { FlatDem } from '../../dem/dem.js';
import { BitTable } from '../../mem/bit-table.js';
import { parseDem } from '../../dem/dem-parser.js';
import { flattenDem } from '../../dem/flatten.js';
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
import { UNION_FIND_DECODER, UnionFindCompiledDecoder, type UnionFindGraph } from './union-find-decoder.js';
import { compileDemSampler } from '../../dem/dem-sampler.js';
import { Rng } from '../../base/prng.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const vectors = path.resolve(repoRoot, '../shared/vectors');

/** A Stim-produced DEM of ../shared/vectors/dems, flattened. */
function vectorDem(name: string): FlatDem {
  return flattenDem(parseDem(readFileSync(path.join(vectors, 'dems', `${name}.dem`), 'utf8'), name));
}

/** Syndrome (sorted detector ids) and observable ids of a set of error mechanisms. */
function symptomOf(dem: FlatDem, errors: readonly number[]): { dets: number[]; obs: number[] } {
  const dets = new Set<number>();
  const obs = new Set<number>();
  const flip = (s: Set<number>, x: number) => (s.has(x) ? s.delete(x) : s.add(x));
  for (const e of errors) {
    for (const d of dem.errors[e].detectors) flip(dets, d);
    for (const o of dem.errors[e].observables) flip(obs, o);
  }
  return { dets: [...dets].sort((a, b) => a - b), obs: [...obs].sort((a, b) => a - b) };
}

function row(numDetectors: number, dets: readonly number[]): Uint32Array {
  const t = new BitTable(1, numDetectors);
  for (const d of dets) t.set(0, d, true);
  return t.row(0);
}

/**
 * Reference cluster growth, written for clarity: synchronous rounds over every edge of the graph.
 * Each round, an edge joining two different clusters grows by (number of its endpoint clusters
 * that are odd and boundary-free) per unit of time; time jumps to the first integer time some
 * edge reaches its length; every edge that has then reached its length is grown, and only then
 * are the clusters merged. Returns the grown edges, ascending.
 */
function referenceGrowth(g: UnionFindGraph, events: readonly number[]): number[] {
  const parent = Array.from({ length: g.numNodes }, (_, i) => i);
  const parity = new Array<number>(g.numNodes).fill(0);
  const boundary = new Array<number>(g.numNodes).fill(0);
  boundary[g.numNodes - 1] = 1;
  for (const x of events) parity[x] = 1;
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  const active = (r: number) => (parity[r] === 1 && boundary[r] === 0 ? 1 : 0);
  const growth = new Array<number>(g.numEdges).fill(0);
  const grown: number[] = [];
  const done = new Set<number>();
  for (;;) {
    const rates: [number, number][] = [];
    for (let e = 0; e < g.numEdges; e++) {
      if (done.has(e)) continue;
      const a = find(g.edgeU[e]);
      const b = find(g.edgeV[e]);
      if (a === b) continue;
      const rate = active(a) + active(b);
      if (rate > 0) rates.push([e, rate]);
    }
    if (rates.length === 0) return grown.sort((a, b) => a - b);
    const step = Math.min(...rates.map(([e, r]) => Math.ceil((g.edgeLength[e] - growth[e]) / r)));
    const fused: number[] = [];
    for (const [e, r] of rates) {
      growth[e] += step * r;
      if (growth[e] >= g.edgeLength[e]) fused.push(e);
    }
    for (const e of fused) {
      done.add(e);
      grown.push(e);
      const a = find(g.edgeU[e]);
      const b = find(g.edgeV[e]);
      if (a === b) continue;
      parent[b] = a;
      parity[a] ^= parity[b];
      boundary[a] |= boundary[b];
    }
  }
}

function subsets(n: number, maxSize: number): number[][] {
  const out: number[][] = [[]];
  const rec = (start: number, cur: number[]) => {
    if (cur.length === maxSize) return;
    for (let i = start; i < n; i++) {
      out.push([...cur, i]);
      rec(i + 1, [...cur, i]);
    }
  };
  rec(0, []);
  return out;
}

describe('union-find decoder', () => {
  for (const c of CONFORMANCE_CASES)
    it(`conformance: ${c.name}`, () => checkDecoderCase(UNION_FIND_DECODER, c));

  it('decodes every single error mechanism of Stim circuit-level DEMs (d=5 surface, d=5 repetition) to its observables', () => {
    for (const name of [
      'surface_code-rotated_memory_z-d5-r5-p0.005',
      'repetition_code-memory-d5-r5-p0.001',
    ]) {
      const dem = vectorDem(name);
      const n = dem.errors.length;
      const dets = new BitTable(n, dem.numDetectors);
      dem.errors.forEach((e, i) => e.detectors.forEach((d) => dets.set(i, d, true)));
      const pred = new BitTable(n, dem.numObservables);
      UNION_FIND_DECODER.compile(dem).decodeBatch(dets, pred);
      dem.errors.forEach((e, i) => {
        const got: number[] = [];
        for (let o = 0; o < dem.numObservables; o++) if (pred.get(i, o)) got.push(o);
        assert.deepEqual(got, e.observables, `${name}: error #${i} (D${e.detectors.join(' D')})`);
      });
    }
  });

  it('corrects every single error of repetition and surface code-capacity DEMs', () => {
    const dems = [
      repetitionCodeCapacityDem(5, 0.01),
      repetitionCodeCapacityDem(12, 0.01),
      surfaceCodeCapacityDem(3, 0.01),
      surfaceCodeCapacityDem(5, 0.01),
      surfaceCodeCapacityDem(7, 0.01),
      surfaceCodeCapacityDem(5, 0.01, 0, 0.02),
    ];
    for (const dem of dems) {
      const dec = UNION_FIND_DECODER.compile(dem) as UnionFindCompiledDecoder;
      for (let e = 0; e < dem.errors.length; e++) {
        const { dets, obs } = symptomOf(dem, [e]);
        const got = dec.decodeShotDetailed(row(dem.numDetectors, dets));
        assert.deepEqual(got.observables, obs, `error #${e} (detectors ${dets.join(' ')})`);
      }
    }
  });

  it('corrects every set of at most (d-1)/2 flips of the distance-d repetition code (d = 3..11)', () => {
    for (let d = 3; d <= 11; d += 2) {
      const dem = repetitionCodeCapacityDem(d, 0.05);
      const dec = UNION_FIND_DECODER.compile(dem);
      const sets = subsets(d, (d - 1) / 2);
      const dets = new BitTable(sets.length, dem.numDetectors);
      const expected: boolean[] = [];
      sets.forEach((s, i) => {
        const sym = symptomOf(dem, s);
        for (const x of sym.dets) dets.set(i, x, true);
        expected.push(sym.obs.length === 1);
      });
      const pred = new BitTable(sets.length, 1);
      dec.decodeBatch(dets, pred);
      sets.forEach((s, i) => assert.equal(pred.get(i, 0), expected[i], `d=${d}, flips [${s.join(' ')}]`));
    }
  });

  it('its correction always reproduces the syndrome (random graphlike DEMs, syndromes of random error sets)', () => {
    const arb = fc.integer({ min: 1, max: 9 }).chain((nd) =>
      fc.record({
        nd: fc.constant(nd),
        edges: fc.array(
          fc.record({
            a: fc.integer({ min: 0, max: nd - 1 }),
            b: fc.integer({ min: -1, max: nd - 1 }),
            p: fc.double({ min: 0.001, max: 0.4, noNaN: true }),
            obs: fc.integer({ min: 0, max: 3 }),
          }),
          { minLength: 1, maxLength: 16 },
        ),
        pick: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ nd, edges, pick }) => {
        const errs = edges
          .filter((e) => e.a !== e.b)
          .map((e) => {
            const dets = e.b < 0 ? [e.a] : [Math.min(e.a, e.b), Math.max(e.a, e.b)];
            return flatError(e.p, [dets, [0, 1].filter((o) => (e.obs >> o) & 1)]);
          });
        const dem = makeFlatDem(nd, 2, errs);
        const chosen = errs.map((_, i) => i).filter((i) => pick[i]);
        const { dets } = symptomOf(dem, chosen);
        const dec = UNION_FIND_DECODER.compile(dem) as UnionFindCompiledDecoder;
        const got = dec.decodeShotDetailed(row(nd, dets));
        const parity = new Set<number>();
        const flip = (x: number) => (parity.has(x) ? parity.delete(x) : parity.add(x));
        for (const [u, v] of got.edges) {
          flip(u);
          if (v >= 0) flip(v);
        }
        assert.deepEqual(
          [...parity].sort((a, b) => a - b),
          dets,
          `correction edges ${JSON.stringify(got.edges)}`,
        );
        // the predicted observables are the XOR of the correction edges' observables
        const byEdge = new Map<string, number>();
        for (let j = 0; j < dec.graph.numEdges; j++) {
          const v = dec.graph.edgeV[j];
          byEdge.set(`${dec.graph.edgeU[j]},${v === nd ? -1 : v}`, dec.graph.edgeObs[j]);
        }
        let mask = 0;
        for (const [u, v] of got.edges) mask ^= byEdge.get(`${u},${v}`)!;
        assert.deepEqual(
          got.observables,
          [0, 1].filter((o) => (mask >> o) & 1),
        );
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  it('grows exactly the edges of the reference synchronous growth (circuit-level DEMs, every weight resolution; random graphs)', () => {
    for (const [name, shots] of [
      ['surface_code-rotated_memory_z-d5-r5-p0.005', 150],
      ['repetition_code-memory-d5-r5-p0.001', 50],
    ] as const) {
      const dem = vectorDem(name);
      // a high noise level gives large clusters, merges of many kinds and (coarse resolutions) ties
      const hot = {
        ...dem,
        errors: dem.errors.map((e) => ({ ...e, probability: Math.min(0.2, 12 * e.probability) })),
      };
      const { detectors } = compileDemSampler(hot).sample(shots, new Rng(5));
      for (const resolution of [1, 3, 16, 65536]) {
        const dec = UNION_FIND_DECODER.compile(dem, {
          weightResolution: resolution,
        }) as UnionFindCompiledDecoder;
        for (let s = 0; s < shots; s++) {
          const row = detectors.row(s);
          const events: number[] = [];
          for (let d = 0; d < dem.numDetectors; d++) if (detectors.get(s, d)) events.push(d);
          assert.deepEqual(
            dec.decodeShotDetailed(row).grown,
            referenceGrowth(dec.graph, events),
            `${name}, resolution ${resolution}, shot ${s} (${events.length} events)`,
          );
        }
      }
    }
    const arb = fc.integer({ min: 1, max: 12 }).chain((nd) =>
      fc.record({
        nd: fc.constant(nd),
        edges: fc.array(
          fc.record({
            a: fc.integer({ min: 0, max: nd - 1 }),
            b: fc.integer({ min: -1, max: nd - 1 }),
            p: fc.constantFrom(0.001, 0.01, 0.03, 0.1, 0.2, 0.3),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        events: fc.uniqueArray(fc.integer({ min: 0, max: nd - 1 })),
        resolution: fc.constantFrom(1, 2, 5, 65536),
      }),
    );
    fc.assert(
      fc.property(arb, ({ nd, edges, events, resolution }) => {
        const errs = edges
          .filter((e) => e.a !== e.b)
          .map((e) => flatError(e.p, [e.b < 0 ? [e.a] : [Math.min(e.a, e.b), Math.max(e.a, e.b)], []]));
        const dem = makeFlatDem(nd, 0, errs);
        const dec = UNION_FIND_DECODER.compile(dem, {
          weightResolution: resolution,
        }) as UnionFindCompiledDecoder;
        assert.deepEqual(dec.decodeShotDetailed(row(nd, events)).grown, referenceGrowth(dec.graph, events));
      }),
      { seed: 12, numRuns: 1000 },
    );
  });

  it('exact logical error rate (all syndromes enumerated) within 1.5x of the exact ML lookup decoder', () => {
    const cases: [string, FlatDem][] = [
      ['repetition d=11, p=0.1', repetitionCodeCapacityDem(11, 0.1)],
      ['surface d=5 X noise, p=0.05', surfaceCodeCapacityDem(5, 0.05)],
      ['surface d=5 X noise, p=0.1', surfaceCodeCapacityDem(5, 0.1)],
    ];
    for (const [name, dem] of cases) {
      const ml = LOOKUP_DECODER.compile(dem, { keepDistribution: true }) as LookupCompiledDecoder;
      const best = ml.exactLogicalErrorRate(ml.best);
      const uf = ml.exactLogicalErrorRate(predictAllSyndromes(UNION_FIND_DECODER.compile(dem)));
      assert.ok(uf >= best - 1e-12 && uf <= 1.5 * best, `${name}: unionfind ${uf} vs ML ${best}`);
    }
  });

  it('merges parallel edges and uses decomposed components as separate edges', () => {
    const dem = makeFlatDem(2, 1, [
      flatError(0.1, [[0], [0]], [[1], []]),
      flatError(0.1, [[0, 1], []]),
      flatError(0.1, [[0, 1], []]),
    ]);
    const dec = UNION_FIND_DECODER.compile(dem) as UnionFindCompiledDecoder;
    assert.equal(dec.graph.numEdges, 3);
    const j = Array.from(dec.graph.edgeV).findIndex((v, k) => v === 1 && dec.graph.edgeU[k] === 0);
    assert.ok(Math.abs(dec.graph.edgeProbability[j] - 0.18) < 1e-12);
  });

  it('rejects hyperedges (UnsupportedError), bad DEMs and options (ValidationError)', () => {
    const hyper = makeFlatDem(3, 0, [flatError(0.1, [[0, 1, 2], []])]);
    assert.throws(() => UNION_FIND_DECODER.compile(hyper), UnsupportedError);
    assert.throws(() => UNION_FIND_DECODER.compile(hyper), /error #0 has a component flipping 3 detectors/);
    assert.throws(
      () => UNION_FIND_DECODER.compile(makeFlatDem(1, 0, [flatError(-1, [[0], []])])),
      ValidationError,
    );
    assert.throws(
      () => UNION_FIND_DECODER.compile(makeFlatDem(1, 0, []), { x: 1 }),
      /no option 'x'; valid options: weightResolution/,
    );
    assert.throws(
      () => UNION_FIND_DECODER.compile(makeFlatDem(1, 0, []), { weightResolution: 0 }),
      /must be >= 1/,
    );
  });

  it('weightResolution sets the integer edge lengths (1 = unweighted)', () => {
    const dem = makeFlatDem(2, 0, [flatError(0.1, [[0], []]), flatError(0.001, [[0, 1], []])]);
    const fine = UNION_FIND_DECODER.compile(dem) as UnionFindCompiledDecoder;
    const lengths = Array.from(fine.graph.edgeLength).sort((a, b) => a - b);
    assert.equal(lengths[1], 65536);
    assert.equal(lengths[0], Math.round((65536 * Math.log(9)) / Math.log(999)));
    const flat = UNION_FIND_DECODER.compile(dem, { weightResolution: 1 }) as UnionFindCompiledDecoder;
    assert.deepEqual(Array.from(flat.graph.edgeLength), [1, 1]);
  });
});
