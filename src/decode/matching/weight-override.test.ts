import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BitTable } from '../../mem/bit-table.js';
import { flatError, makeFlatDem, minPairingWeight } from '../conformance.js';
import type { MatchingGraph } from './matching-graph.js';
import { SparseBlossomDecoder } from './sparse-blossom-decoder.js';

/** Minimum total weight of pairing `events` on the graph's edges with weights `w` (brute force). */
function pairingMin(g: MatchingGraph, w: Int32Array, events: readonly number[]): number {
  const edges = Array.from({ length: g.numEdges }, (_, e) => ({ a: g.edgeA[e], b: g.edgeB[e], w: w[e] }));
  return minPairingWeight(g.numDetectors, edges, events);
}

function row(n: number, events: readonly number[]): Uint32Array {
  const t = new BitTable(1, n);
  for (const v of events) t.set(0, v, true);
  return t.row(0);
}

/** A random connected-ish graph (probabilities < 1/2, so no flips), events and weight overrides. */
const caseArb = fc.integer({ min: 2, max: 14 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.uniqueArray(
      fc.record({
        a: fc.integer({ min: 0, max: n - 1 }),
        b: fc.integer({ min: -1, max: n - 1 }),
        p: fc.double({ min: 0.005, max: 0.45, noNaN: true }),
      }),
      { minLength: n, maxLength: 3 * n, selector: (e) => `${Math.min(e.a, e.b)},${Math.max(e.a, e.b)}` },
    ),
    events: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 9 }),
    // Override k-th edge (mod numEdges) with weight fraction f of its own (0: weight 0).
    overrides: fc.array(fc.record({ k: fc.nat(), f: fc.constantFrom(0, 0.1, 0.5, 0.9, 1) }), {
      maxLength: 6,
    }),
  }),
);

describe('sparse blossom: per-shot edge weight overrides', () => {
  it('match with the overridden weights exactly (brute-force pairing), then restore the graph weights', () => {
    fc.assert(
      fc.property(caseArb, ({ n, edges, events, overrides }) => {
        const errs = edges
          .filter((e) => e.a !== e.b)
          .map((e) => flatError(e.p, [e.b < 0 ? [e.a] : [e.a, e.b], e.a % 2 === 0 ? [0] : []]));
        errs.push(flatError(0.01, [[0], []])); // a boundary edge somewhere
        const dec = new SparseBlossomDecoder(makeFlatDem(n, 1, errs));
        const g = dec.graph;
        const plain = pairingMin(g, g.edgeWeight, events);
        const w = Int32Array.from(g.edgeWeight);
        for (const { k, f } of overrides) {
          const e = k % g.numEdges;
          w[e] = Math.round(f * w[e]);
          dec.setEdgeWeight(e, w[e]);
        }
        const lowered = pairingMin(g, w, events);
        if (lowered === Infinity) {
          assert.throws(() => dec.matchShot(row(n, events)));
          dec.restoreEdgeWeights();
          return;
        }
        const r1 = dec.matchShot(row(n, events));
        assert.equal(r1.weight, lowered, `overridden: ours ${r1.weight}, brute force ${lowered}`);
        let sum = 0;
        for (const p of r1.pairs) sum += p.weight;
        assert.equal(sum, lowered);
        dec.restoreEdgeWeights();
        const r0 = dec.matchShot(row(n, events));
        assert.equal(r0.weight, plain, `restored: ours ${r0.weight}, brute force ${plain}`);
      }),
      { seed: 1812, numRuns: 400 },
    );
  });

  it('a lone event is matched along the overridden weights (no precomputed boundary path)', () => {
    // Chain D0 - D1 - D2, boundary edges at D0 (rare) and D2 (common).
    const dem = makeFlatDem(3, 1, [
      flatError(0.001, [[0], [0]]),
      flatError(0.1, [[0, 1], []]),
      flatError(0.1, [[1, 2], []]),
      flatError(0.1, [[2], []]),
    ]);
    const dec = new SparseBlossomDecoder(dem);
    const g = dec.graph;
    assert.deepEqual(dec.matchShot(row(3, [0])).observables, []);
    let b0 = -1;
    for (let e = 0; e < g.numEdges; e++) if (g.edgeA[e] === 0 && g.edgeB[e] === -1) b0 = e;
    dec.setEdgeWeight(b0, 0);
    const r = dec.matchShot(row(3, [0]));
    assert.deepEqual(r.observables, [0]);
    assert.equal(r.weight, 0);
    dec.restoreEdgeWeights();
    assert.deepEqual(dec.matchShot(row(3, [0])).observables, []);
  });
});
