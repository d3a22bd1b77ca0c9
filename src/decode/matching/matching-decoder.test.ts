import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FlatDem, FlatError } from '../../dem/dem.js';
import { BitTable } from '../../mem/bit-table.js';
import { UnsupportedError } from '../../base/errors.js';
import {
  CONFORMANCE_CASES,
  checkDecoderCase,
  flatError,
  makeFlatDem,
  minPairingWeight,
} from '../conformance.js';
import { MATCHING_DECODER, MatchingCompiledDecoder, type ShotMatching } from './matching-decoder.js';
import type { MatchingGraph } from './matching-graph.js';
import {
  SPARSE_BLOSSOM_DECODER,
  SparseBlossomDecoder,
  isShotMatcher,
  matchShot,
} from './sparse-blossom-decoder.js';
import { MAX_FEW_EVENTS, shortestEdgeSlots } from './few-events.js';
import { AllPairsMatcher } from './all-pairs-matcher.js';

/** The two exact matchers, run through the same property tests. */
interface ExactMatcher {
  readonly graph: MatchingGraph;
  matchShot(row: Uint32Array): ShotMatching;
  decodeBatch(det: BitTable, pred: BitTable): void;
}
const IMPLS: readonly { name: string; make: (dem: FlatDem) => ExactMatcher }[] = [
  { name: 'sparse blossom', make: (dem) => new SparseBlossomDecoder(dem) },
  {
    name: 'sparse blossom, flooder only',
    make: (dem) => new SparseBlossomDecoder(dem, { shortcuts: false }),
  },
  { name: 'certified local', make: (dem) => new MatchingCompiledDecoder(dem) },
];

describe('mwpm (sparse blossom) conformance suite', () => {
  for (const c of CONFORMANCE_CASES)
    it(`conformance: ${c.name}`, () => checkDecoderCase(SPARSE_BLOSSOM_DECODER, c));
});

describe('mwpm-local (certified local) conformance suite', () => {
  for (const c of CONFORMANCE_CASES)
    it(`conformance: ${c.name}`, () => checkDecoderCase(MATCHING_DECODER, c));
});

describe('matchShot', () => {
  it('takes either exact matcher and returns the same matched pairs on a unique optimum', () => {
    // chain 0 - 1 - 2 - 3 with a boundary at both ends: events {0, 1} pair with each other
    const dem = makeFlatDem(4, 1, [
      flatError(0.01, [[0], [0]]),
      flatError(0.1, [[0, 1], []]),
      flatError(0.01, [[1, 2], []]),
      flatError(0.01, [[2, 3], []]),
      flatError(0.01, [[3], []]),
    ]);
    const row = new Uint32Array([0b11]);
    const decoders = [new SparseBlossomDecoder(dem), new MatchingCompiledDecoder(dem)];
    const results = decoders.map((d) => {
      assert.ok(isShotMatcher(d));
      return matchShot(d, row);
    });
    for (const r of results) {
      assert.deepEqual(
        r.pairs.map((p) => [Math.min(p.a, p.b), Math.max(p.a, p.b)]),
        [[0, 1]],
      );
      assert.deepEqual(r.observables, []);
    }
    assert.equal(results[0].weight, results[1].weight);
  });
});

/** One independent graphlike mechanism: detectors a (and b, or -1 = boundary), observables mask. */
interface Mech {
  a: number;
  b: number;
  p: number;
  obs: number;
}

function makeDem(numDetectors: number, numObservables: number, mechs: readonly Mech[]): FlatDem {
  const errors: FlatError[] = mechs.map((m) => {
    const detectors = m.b < 0 ? [m.a] : [Math.min(m.a, m.b), Math.max(m.a, m.b)];
    const observables: number[] = [];
    for (let o = 0; o < numObservables; o++) if ((m.obs >> o) & 1) observables.push(o);
    return { probability: m.p, detectors, observables, components: [{ detectors, observables }] };
  });
  return { numDetectors, numObservables, errors, detectorCoords: [] };
}

const weightOf = (p: number): number => Math.log((1 - p) / p);

/** A row of detection events as bit-packed words. */
function eventsRow(numDetectors: number, events: Iterable<number>): Uint32Array {
  const t = new BitTable(1, numDetectors);
  for (const d of events) t.set(0, d, true);
  return t.row(0);
}

/**
 * Exhaustive oracle: for every subset of the (distinct) edges, its syndrome, real weight and
 * observable mask; returns min weight per (syndrome, obs mask). This is the most-likely-error
 * problem MWPM solves, computed without any matching.
 */
function exhaustive(n: number, mechs: readonly Mech[]): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  const E = mechs.length;
  for (let s = 0; s < 1 << E; s++) {
    let syn = 0;
    let obs = 0;
    let w = 0;
    for (let e = 0; e < E; e++) {
      if ((s >> e) & 1) {
        const m = mechs[e];
        syn ^= 1 << m.a;
        if (m.b >= 0) syn ^= 1 << m.b;
        obs ^= m.obs;
        w += weightOf(m.p);
      }
    }
    let byObs = out.get(syn);
    if (byObs === undefined) out.set(syn, (byObs = new Map<number, number>()));
    const prev = byObs.get(obs);
    if (prev === undefined || w < prev) byObs.set(obs, w);
  }
  void n;
  return out;
}

/** Random graphs with distinct edges (so the oracle needs no merging). */
function mechsArb(
  maxN: number,
  maxE: number,
  pArb: fc.Arbitrary<number>,
  numObs: number,
): fc.Arbitrary<{ n: number; mechs: Mech[] }> {
  return fc.integer({ min: 2, max: maxN }).chain((n) =>
    fc
      .uniqueArray(
        fc.record({
          a: fc.integer({ min: 0, max: n - 1 }),
          b: fc.integer({ min: -1, max: n - 1 }),
          p: pArb,
          obs: fc.integer({ min: 0, max: (1 << numObs) - 1 }),
        }),
        {
          minLength: 1,
          maxLength: maxE,
          selector: (m) => (m.b < 0 ? `${m.a}` : `${Math.min(m.a, m.b)},${Math.max(m.a, m.b)}`),
        },
      )
      .map((ms) => ({ n, mechs: ms.filter((m) => m.a !== m.b) })),
  );
}

/** Checks every reachable syndrome of the graph against the exhaustive oracle. */
function checkAgainstOracle(
  impl: (dem: FlatDem) => ExactMatcher,
  n: number,
  mechs: Mech[],
  numObs: number,
): void {
  if (mechs.length === 0) return;
  const dec = impl(makeDem(n, numObs, mechs));
  const kappa = dec.graph.kappa;
  const oracle = exhaustive(n, mechs);
  let flipWeight = 0; // real weight of the negative edges assumed fired
  for (const m of mechs) if (weightOf(m.p) < 0) flipWeight += weightOf(m.p);
  for (const [syn, byObs] of oracle) {
    const events: number[] = [];
    for (let d = 0; d < n; d++) if ((syn >> d) & 1) events.push(d);
    const r = dec.matchShot(eventsRow(n, events));
    let best = Infinity;
    for (const w of byObs.values()) best = Math.min(best, w);
    // Decoder weight is the weight relative to "negative edges fired", in integer units.
    const ours = r.weight / kappa + flipWeight;
    const tol = 1e-6 * (1 + mechs.length) * Math.max(1, ...mechs.map((m) => Math.abs(weightOf(m.p))));
    assert.ok(
      Math.abs(ours - best) <= tol,
      `syndrome ${events.join(',')}: decoder weight ${ours}, brute-force min ${best} (graph ${JSON.stringify(mechs)})`,
    );
    let obsMask = 0;
    for (const o of r.observables) obsMask |= 1 << o;
    const achieved = byObs.get(obsMask);
    assert.ok(
      achieved !== undefined && Math.abs(achieved - best) <= tol,
      `syndrome ${events.join(',')}: predicted observables ${obsMask} are not those of any minimum-weight error ` +
        `(${JSON.stringify([...byObs])})`,
    );
  }
}

/** Shortest-path pairing oracle on larger graphs ({@link minPairingWeight} on the mechanisms' weights). */
function pairingOracle(n: number, mechs: readonly Mech[], events: readonly number[]): number {
  return minPairingWeight(
    n,
    mechs.map((m) => ({ a: m.a, b: m.b, w: weightOf(m.p) })),
    events,
  );
}

describe('sparse blossom: shots of few events matched without flooding', () => {
  // Random graphs with ties, negative weights, no boundary or several, disconnected parts.
  const pArb = fc.oneof(
    fc.integer({ min: 1, max: 3 }).map((k) => 1 / (1 + Math.exp(k))),
    fc.double({ min: 0.01, max: 0.45, noNaN: true }),
    fc.double({ min: 0.55, max: 0.99, noNaN: true }),
  );

  it('marks only edges that are shortest paths between their nodes (vs Floyd-Warshall)', () => {
    fc.assert(
      fc.property(mechsArb(9, 14, pArb, 1), ({ n, mechs }) => {
        const g = new SparseBlossomDecoder(makeDem(n, 1, mechs)).graph;
        const d = new Float64Array(n * n).fill(Infinity);
        for (let v = 0; v < n; v++) d[v * n + v] = 0;
        for (let k = 0; k < g.adjNode.length; k++)
          d[g.edgeA[g.adjEdge[k]] * n + g.edgeB[g.adjEdge[k]]] = g.adjWeight[k];
        for (let e = 0; e < g.numEdges; e++)
          if (g.edgeB[e] >= 0) d[g.edgeB[e] * n + g.edgeA[e]] = g.edgeWeight[e];
        for (let k = 0; k < n; k++)
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++) d[i * n + j] = Math.min(d[i * n + j], d[i * n + k] + d[k * n + j]);
        const marked = shortestEdgeSlots(g);
        for (let v = 0; v < n; v++)
          for (let k = g.adjStart[v]; k < g.adjStart[v + 1]; k++)
            if (marked[k] === 1)
              assert.equal(g.adjWeight[k], d[v * n + g.adjNode[k]], `slot ${k} of node ${v}`);
      }),
      { seed: 77, numRuns: 200 },
    );
  });

  it('equals the full flooder and the exhaustive oracle on every shot (all-pairs: any count; few-events: at most MAX_FEW_EVENTS)', () => {
    fc.assert(
      fc.property(mechsArb(7, 11, pArb, 2), ({ n, mechs }) => {
        if (mechs.length === 0) return;
        const dem = makeDem(n, 2, mechs);
        const allPairs = new SparseBlossomDecoder(dem);
        const few = new SparseBlossomDecoder(dem, { allPairsBytes: 0 });
        const full = new SparseBlossomDecoder(dem, { shortcuts: false });
        const table = new AllPairsMatcher(full.graph);
        const obsScratch = new Uint32Array(full.graph.obsWords);
        const oracle = exhaustive(n, mechs);
        let flipWeight = 0;
        for (const m of mechs) if (weightOf(m.p) < 0) flipWeight += weightOf(m.p);
        const tol = 1e-6 * (1 + mechs.length) * 10;
        for (let syn = 0; syn < 1 << n; syn++) {
          const events: number[] = [];
          for (let d = 0; d < n; d++) if ((syn >> d) & 1) events.push(d);
          const row = eventsRow(n, events);
          const byObs = oracle.get(syn);
          const fasts = events.length <= MAX_FEW_EVENTS ? [allPairs, few] : [allPairs];
          if (byObs === undefined) {
            for (const dec of [...fasts, full]) assert.throws(() => dec.matchShot(row));
            continue;
          }
          // The all-pairs matcher handles every shot of these small graphs itself (no fallback).
          const flipped = events.filter((d) => ((full.graph.flipDetectors[d >>> 5] >>> (d & 31)) & 1) === 0);
          for (let d = 0; d < n; d++)
            if (((full.graph.flipDetectors[d >>> 5] >>> (d & 31)) & 1) !== 0 && !events.includes(d))
              flipped.push(d);
          flipped.sort((a, b) => a - b);
          if (flipped.length > 0)
            assert.ok(
              table.match(Int32Array.from(flipped), flipped.length, obsScratch),
              `events ${events.join(',')}`,
            );
          let best = Infinity;
          for (const w of byObs.values()) best = Math.min(best, w);
          const fullWeight = full.matchShot(row).weight;
          for (const dec of fasts) {
            const r = dec.matchShot(row);
            assert.equal(r.weight, fullWeight, `events ${events.join(',')}`);
            assert.ok(
              Math.abs(r.weight / dec.graph.kappa + flipWeight - best) <= tol,
              `events ${events.join(',')}: weight`,
            );
            let mask = 0;
            for (const o of r.observables) mask |= 1 << o;
            const achieved = byObs.get(mask);
            assert.ok(
              achieved !== undefined && Math.abs(achieved - best) <= tol,
              `events ${events.join(',')}: prediction`,
            );
            let sum = 0;
            for (const p of r.pairs) sum += p.weight;
            assert.equal(sum, r.weight, `events ${events.join(',')}: pair weights`);
          }
        }
      }),
      { seed: 909, numRuns: 200 },
    );
  });
});

for (const { name: implName, make } of IMPLS) {
  describe(`${implName}: matching vs exhaustive most-likely-error search`, () => {
    it('random graphs, p < 1/2, two observables', () => {
      fc.assert(
        fc.property(mechsArb(8, 13, fc.double({ min: 0.001, max: 0.45, noNaN: true }), 2), ({ n, mechs }) =>
          checkAgainstOracle(make, n, mechs, 2),
        ),
        { seed: 2024, numRuns: 150 },
      );
    });

    it('random graphs with negative weights (p > 1/2) and p = 1/2', () => {
      const pArb = fc.oneof(
        fc.double({ min: 0.01, max: 0.45, noNaN: true }),
        fc.double({ min: 0.55, max: 0.99, noNaN: true }),
        fc.constant(0.5),
      );
      fc.assert(
        fc.property(mechsArb(8, 13, pArb, 2), ({ n, mechs }) => checkAgainstOracle(make, n, mechs, 2)),
        { seed: 31337, numRuns: 150 },
      );
    });

    it('integer-weight graphs with many exact ties', () => {
      // p = 1/(1+e^k) gives weight k: many equal-weight alternatives.
      const pArb = fc.integer({ min: 1, max: 3 }).map((k) => 1 / (1 + Math.exp(k)));
      fc.assert(
        fc.property(mechsArb(9, 14, pArb, 1), ({ n, mechs }) => checkAgainstOracle(make, n, mechs, 1)),
        { seed: 5, numRuns: 150 },
      );
    });
  });

  describe(`${implName}: matching vs shortest-path pairing DP`, () => {
    it('random sparse graphs up to 40 nodes, up to 10 events', () => {
      const arb = fc.integer({ min: 4, max: 40 }).chain((n) =>
        fc.record({
          n: fc.constant(n),
          mechs: fc.uniqueArray(
            fc.record({
              a: fc.integer({ min: 0, max: n - 1 }),
              b: fc.integer({ min: -1, max: n - 1 }),
              p: fc.double({ min: 0.001, max: 0.4, noNaN: true }),
              obs: fc.constant(0),
            }),
            {
              minLength: n,
              maxLength: 3 * n,
              selector: (m) => (m.b < 0 ? `${m.a}` : `${Math.min(m.a, m.b)},${Math.max(m.a, m.b)}`),
            },
          ),
          events: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), {
            maxLength: 10,
          }),
        }),
      );
      fc.assert(
        fc.property(arb, ({ n, mechs: ms, events }) => {
          const mechs = ms.filter((m) => m.a !== m.b);
          // Every node gets a boundary edge somewhere reachable: add one to node 0.
          if (!mechs.some((m) => m.b < 0 && m.a === 0)) mechs.push({ a: 0, b: -1, p: 0.01, obs: 0 });
          const truth = pairingOracle(n, mechs, events);
          const dec = make(makeDem(n, 1, mechs));
          if (truth === Infinity) {
            assert.throws(() => dec.matchShot(eventsRow(n, events)));
            return;
          }
          const r = dec.matchShot(eventsRow(n, events));
          const ours = r.weight / dec.graph.kappa;
          assert.ok(Math.abs(ours - truth) <= 1e-5 * (1 + events.length) * 10, `ours ${ours} truth ${truth}`);
        }),
        { seed: 4242, numRuns: 300 },
      );
    });

    it('large components use Edmonds (more events than the DP limit) and stay optimal', () => {
      // A repetition-code-like chain of 30 detectors with boundaries at both ends and dense events.
      const n = 30;
      const mechs: Mech[] = [
        { a: 0, b: -1, p: 0.1, obs: 1 },
        { a: n - 1, b: -1, p: 0.1, obs: 0 },
      ];
      for (let i = 0; i + 1 < n; i++)
        mechs.push({
          a: i,
          b: i + 1,
          p: 0.05 + (0.3 * ((i * 7) % 5)) / 5,
          obs: 0,
        });
      const dec = make(makeDem(n, 1, mechs));
      let seed = 1;
      for (let trial = 0; trial < 40; trial++) {
        const events: number[] = [];
        for (let d = 0; d < n; d++) {
          seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
          if (seed >>> 30 === 0 || seed >>> 30 === 1) events.push(d);
        }
        const sub = events.slice(0, 16);
        const r = dec.matchShot(eventsRow(n, sub));
        assert.ok(Math.abs(r.weight / dec.graph.kappa - pairingOracle(n, mechs, sub)) < 1e-4);
      }
    });
  });

  describe(`${implName}: matching graph construction`, () => {
    it('merges parallel edges as independent XOR and keeps the first observables', () => {
      const errors: FlatError[] = [
        {
          probability: 0.1,
          detectors: [0, 1],
          observables: [0],
          components: [{ detectors: [0, 1], observables: [0] }],
        },
        {
          probability: 0.2,
          detectors: [0, 1],
          observables: [],
          components: [{ detectors: [0, 1], observables: [] }],
        },
        {
          probability: 0.3,
          detectors: [0],
          observables: [],
          components: [{ detectors: [0], observables: [] }],
        },
      ];
      const dec = make({
        numDetectors: 2,
        numObservables: 1,
        errors,
        detectorCoords: [],
      });
      const g = dec.graph;
      assert.equal(g.numEdges, 2);
      assert.ok(Math.abs(g.edgeProbability[0] - (0.1 * 0.8 + 0.2 * 0.9)) < 1e-15);
      assert.equal(g.edgeObs[0], 1);
      // D0 D1 fired: the merged edge (p=0.26) is cheaper than D0->boundary + D1->boundary via D0.
      const r = dec.matchShot(eventsRow(2, [0, 1]));
      assert.deepEqual(r.observables, [0]);
      assert.deepEqual(
        r.pairs.map((p) => [p.a, p.b]),
        [[0, 1]],
      );
    });

    it('uses ^ components of decomposed errors as separate edges', () => {
      const errors: FlatError[] = [
        {
          probability: 0.1,
          detectors: [0, 1, 2, 3],
          observables: [0],
          components: [
            { detectors: [0, 1], observables: [0] },
            { detectors: [2, 3], observables: [] },
          ],
        },
        {
          probability: 0.01,
          detectors: [0],
          observables: [],
          components: [{ detectors: [0], observables: [] }],
        },
        {
          probability: 0.01,
          detectors: [3],
          observables: [],
          components: [{ detectors: [3], observables: [] }],
        },
      ];
      const dec = make({
        numDetectors: 4,
        numObservables: 1,
        errors,
        detectorCoords: [],
      });
      assert.equal(dec.graph.numEdges, 4);
      const r = dec.matchShot(eventsRow(4, [0, 1, 2, 3]));
      assert.deepEqual(r.observables, [0]);
      assert.equal(r.pairs.length, 2);
    });

    it('rejects a component with more than two detectors, naming the error and the remedies', () => {
      const errors: FlatError[] = [
        {
          probability: 0.1,
          detectors: [0, 1, 2],
          observables: [],
          components: [{ detectors: [0, 1, 2], observables: [] }],
        },
      ];
      assert.throws(
        () => make({ numDetectors: 3, numObservables: 0, errors, detectorCoords: [] }),
        (e: unknown) =>
          e instanceof UnsupportedError &&
          /error #0/.test(e.message) &&
          /D0 D1 D2/.test(e.message) &&
          /decompose_errors/.test(e.message) &&
          /bposd/i.test(e.message),
      );
    });

    it('supports more than 32 observables (multi-word masks)', () => {
      const n = 3;
      const errors: FlatError[] = [
        {
          probability: 0.1,
          detectors: [0],
          observables: [40],
          components: [{ detectors: [0], observables: [40] }],
        },
        {
          probability: 0.1,
          detectors: [0, 1],
          observables: [3, 70],
          components: [{ detectors: [0, 1], observables: [3, 70] }],
        },
        {
          probability: 0.1,
          detectors: [1, 2],
          observables: [],
          components: [{ detectors: [1, 2], observables: [] }],
        },
        {
          probability: 0.05,
          detectors: [2],
          observables: [33],
          components: [{ detectors: [2], observables: [33] }],
        },
      ];
      const dec = make({
        numDetectors: n,
        numObservables: 80,
        errors,
        detectorCoords: [],
      });
      assert.deepEqual(dec.matchShot(eventsRow(n, [1])).observables, [3, 40, 70]);
      assert.deepEqual(dec.matchShot(eventsRow(n, [0, 1])).observables, [3, 70]);
      // decodeBatch writes the same masks into the prediction rows.
      const det = new BitTable(2, n);
      det.set(0, 1, true);
      det.set(1, 2, true);
      const pred = new BitTable(2, 80);
      dec.decodeBatch(det, pred);
      const ones = (r: number): number[] => [...Array(80).keys()].filter((o) => pred.get(r, o));
      assert.deepEqual(ones(0), [3, 40, 70]);
      assert.deepEqual(ones(1), [33]);
    });

    it('throws a ValidationError for events that cannot be matched', () => {
      const errors: FlatError[] = [
        {
          probability: 0.1,
          detectors: [0, 1],
          observables: [],
          components: [{ detectors: [0, 1], observables: [] }],
        },
      ];
      const dec = make({
        numDetectors: 3,
        numObservables: 1,
        errors,
        detectorCoords: [],
      });
      assert.throws(() => dec.matchShot(eventsRow(3, [0])), /no perfect matching/);
      assert.throws(() => dec.matchShot(eventsRow(3, [2])), /no perfect matching/);
      // and the decoder is still usable afterwards
      assert.deepEqual(dec.matchShot(eventsRow(3, [0, 1])).pairs.length, 1);
    });
  });
}

describe('certified local algorithm and sparse blossom vs full search on lattice graphs', () => {
  it('3D lattices with boundaries: equal matching weights on dense random syndromes', () => {
    // A (w x h x t) cubic lattice with boundary edges on the two x-faces, random probabilities,
    // and up to 40 events: exercises radius growth, pair re-search and large components.
    const w = 7;
    const h = 5;
    const t = 4;
    const id = (x: number, y: number, z: number): number => (z * h + y) * w + x;
    const n = w * h * t;
    let seed = 99;
    const rand = (): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const mechs: Mech[] = [];
    for (let z = 0; z < t; z++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const p = (): number => 0.002 + 0.08 * rand();
          if (x + 1 < w) mechs.push({ a: id(x, y, z), b: id(x + 1, y, z), p: p(), obs: y === 0 ? 1 : 0 });
          if (y + 1 < h) mechs.push({ a: id(x, y, z), b: id(x, y + 1, z), p: p(), obs: 0 });
          if (z + 1 < t) mechs.push({ a: id(x, y, z), b: id(x, y, z + 1), p: p(), obs: 0 });
          if (x === 0 || x === w - 1) mechs.push({ a: id(x, y, z), b: -1, p: p(), obs: x === 0 ? 1 : 0 });
        }
    const dem = makeDem(n, 1, mechs);
    const certified = new MatchingCompiledDecoder(dem, true);
    const full = new MatchingCompiledDecoder(dem, false);
    const sparse = new SparseBlossomDecoder(dem);
    for (let trial = 0; trial < 150; trial++) {
      const count = 1 + Math.floor(rand() * (trial < 100 ? 12 : 40));
      const events = new Set<number>();
      while (events.size < count) events.add(Math.floor(rand() * n));
      const row = eventsRow(n, events);
      const a = matchShot(certified, row);
      const b = matchShot(full, row);
      const c = sparse.matchShot(row);
      assert.equal(a.weight, b.weight, `trial ${trial}: certified ${a.weight} vs full ${b.weight}`);
      assert.equal(c.weight, b.weight, `trial ${trial}: sparse blossom ${c.weight} vs full ${b.weight}`);
      if (events.size <= 10) {
        const truth = pairingOracle(n, mechs, [...events]);
        assert.ok(Math.abs(a.weight / certified.graph.kappa - truth) < 1e-4, `trial ${trial}`);
      }
    }
  });
});
