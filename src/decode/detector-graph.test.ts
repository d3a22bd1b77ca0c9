import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UnsupportedError, ValidationError } from '../base/errors.js';
import type { FlatError } from '../dem/dem.js';
import { flatError, makeFlatDem } from './conformance.js';
import { buildDetectorGraph, type DetectorGraph } from './detector-graph.js';
import { buildMatchingGraph } from './matching/matching-graph.js';
import { buildUnionFindGraph } from './union-find/union-find-graph.js';

/** The edges of a graph as "a,b:p:obsword0" strings, in edge order. */
function edgesOf(g: DetectorGraph): string[] {
  const out: string[] = [];
  for (let e = 0; e < g.numEdges; e++)
    out.push(`${g.edgeA[e]},${g.edgeB[e]}:${g.edgeProbability[e].toFixed(12)}:${g.edgeObs[e * g.obsWords]}`);
  return out;
}

describe('buildDetectorGraph (shared by matching and union-find)', () => {
  it('one edge per component, parallel edges merged as independent with the first observables', () => {
    const dem = makeFlatDem(3, 2, [
      flatError(0.1, [[0], [0]], [[1, 2], []]), // boundary edge of D0 (L0) ^ edge D1-D2
      flatError(0.1, [[2, 1], [1]]), // parallel to D1-D2, other observables: merged, first kept
      flatError(0, [[0, 1], []]), // probability 0: no edge
      flatError(0.2, [[1, 1, 0], []]), // D1 D1 cancels: a second boundary edge of D0
      flatError(0.3, [[], [1]]), // no detector: cannot be matched, no edge
    ]);
    const g = buildDetectorGraph(dem, 'test');
    assert.equal(g.obsWords, 1);
    assert.deepEqual(edgesOf(g), [
      `0,-1:${(0.1 * 0.8 + 0.2 * 0.9).toFixed(12)}:1`,
      `1,2:${(0.1 * 0.9 + 0.1 * 0.9).toFixed(12)}:0`,
    ]);
  });

  it('names the decoder, the error and the remedies for a hyperedge; validates the DEM', () => {
    const hyper = makeFlatDem(3, 0, [flatError(0.1, [[0, 1, 2], []])]);
    assert.throws(
      () => buildDetectorGraph(hyper, 'mydecoder'),
      (e: unknown) =>
        e instanceof UnsupportedError &&
        /^mydecoder: error #0 has a component flipping 3 detectors \(D0 D1 D2\)/.test(e.message) &&
        /decompose_errors/.test(e.message) &&
        /bposd/.test(e.message),
    );
    assert.throws(
      () => buildDetectorGraph(makeFlatDem(1, 0, [flatError(1.5, [[0], []])]), 'x'),
      ValidationError,
    );
    assert.throws(
      () => buildDetectorGraph(makeFlatDem(1, 0, [flatError(0.1, [[3], []])]), 'x'),
      ValidationError,
    );
  });

  it('random graphlike DEMs: merged probabilities are P(odd number of parallel mechanisms fire); both decoders use these edges', () => {
    const comp = (nd: number) =>
      fc.tuple(
        fc.uniqueArray(fc.integer({ min: 0, max: nd - 1 }), { minLength: 1, maxLength: 2 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
      );
    const arb = fc
      .integer({ min: 2, max: 6 })
      .chain((nd) =>
        fc.tuple(
          fc.constant(nd),
          fc.array(
            fc.tuple(
              fc.double({ min: 0.001, max: 0.45, noNaN: true }),
              fc.array(comp(nd), { minLength: 1, maxLength: 2 }),
            ),
            { maxLength: 12 },
          ),
        ),
      );
    fc.assert(
      fc.property(arb, ([nd, raw]) => checkMergedEdges(nd, raw)),
      { numRuns: 200, seed: 2026 },
    );
  });

  it('a node with more than 32 edges (looked up by hashing) merges its parallel edges the same way', () => {
    // Hubs: most components touch D0 or D1, many parallel, among up to 80 detectors.
    const arb = fc.integer({ min: 34, max: 80 }).chain((nd) =>
      fc.tuple(
        fc.constant(nd),
        fc.array(
          fc.tuple(
            fc.double({ min: 0.001, max: 0.45, noNaN: true }),
            fc.array(
              fc.tuple(
                fc
                  .tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 2, max: nd - 1 }))
                  .map(([a, b]) => [a, b]),
                fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
              ),
              { minLength: 1, maxLength: 2 },
            ),
          ),
          { minLength: 40, maxLength: 200 },
        ),
      ),
    );
    fc.assert(
      fc.property(arb, ([nd, raw]) => checkMergedEdges(nd, raw)),
      { numRuns: 40, seed: 7 },
    );
  });
});

/**
 * Builds the graphs of the DEM of errors `raw` ([p, [[detectors, observables], ...]]) over `nd`
 * detectors and checks them against merging done independently here.
 */
function checkMergedEdges(nd: number, raw: readonly [number, readonly [number[], number[]][]][]): void {
  const errors: FlatError[] = raw.map(([p, comps]) => flatError(p, ...comps));
  const dem = makeFlatDem(nd, 3, errors);
  const g = buildDetectorGraph(dem, 'test');
  // Independent truth: group components by endpoint pair in order of first appearance.
  const keys: string[] = [];
  const prodOf = new Map<string, number>();
  const obsOf = new Map<string, number>();
  for (const [p, comps] of raw)
    for (const [dets, obs] of comps) {
      const s = [...dets].sort((x, y) => x - y);
      const key = s.length === 1 ? `${s[0]},-1` : `${s[0]},${s[1]}`;
      if (!prodOf.has(key)) {
        keys.push(key);
        prodOf.set(key, 1);
        obsOf.set(
          key,
          obs.reduce((m, o) => m ^ (1 << o), 0),
        );
      }
      prodOf.set(key, prodOf.get(key)! * (1 - 2 * p));
    }
  assert.equal(g.numEdges, keys.length);
  for (let e = 0; e < g.numEdges; e++) {
    const key = keys[e];
    assert.equal(`${g.edgeA[e]},${g.edgeB[e]}`, key);
    assert.ok(Math.abs(g.edgeProbability[e] - (1 - prodOf.get(key)!) / 2) < 1e-12);
    assert.equal(g.edgeObs[e], obsOf.get(key));
  }
  // Matching keeps every edge (all p < 1/2 here) in the same order with the same data.
  const mg = buildMatchingGraph(dem);
  assert.deepEqual(Array.from(mg.edgeA), Array.from(g.edgeA));
  assert.deepEqual(Array.from(mg.edgeB), Array.from(g.edgeB));
  assert.deepEqual(Array.from(mg.edgeProbability), Array.from(g.edgeProbability));
  assert.deepEqual(Array.from(mg.edgeObs), Array.from(g.edgeObs));
  // Union-find: the same edges, the boundary as node numDetectors.
  const ug = buildUnionFindGraph(dem);
  assert.deepEqual(
    Array.from(ug.edgeV),
    Array.from(g.edgeB, (b) => (b < 0 ? nd : b)),
  );
  assert.deepEqual(Array.from(ug.edgeU), Array.from(g.edgeA));
  assert.deepEqual(Array.from(ug.edgeProbability), Array.from(g.edgeProbability));
  assert.deepEqual(Array.from(ug.edgeObs), Array.from(g.edgeObs));
}
