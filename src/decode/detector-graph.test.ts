import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UnsupportedError, ValidationError } from '../base/errors.js';
import type { FlatDem, FlatError } from '../dem/dem.js';
import { PackedFlatDem } from '../dem/packed-dem.js';
import { parseFlatDem } from '../dem/parse-flat-dem.js';
import { flatError, makeFlatDem } from './conformance.js';
import { buildDetectorGraph, type DetectorGraph } from './detector-graph.js';
import { buildMatchingGraph } from './matching/matching-graph.js';
import { buildUnionFindGraph } from './union-find/union-find-graph.js';

/** The same flat DEM in typed arrays (components as written). */
function packed(dem: FlatDem): PackedFlatDem {
  const comps = dem.errors.flatMap((e) => e.components);
  const starts = (key: 'detectors' | 'observables') =>
    Int32Array.from(
      [0, ...comps.map((c) => c[key].length)].map((_, i, a) => a.slice(0, i + 1).reduce((x, y) => x + y)),
    );
  const compStart = [0];
  for (const e of dem.errors) compStart.push(compStart[compStart.length - 1] + e.components.length);
  return new PackedFlatDem({
    numDetectors: dem.numDetectors,
    numObservables: dem.numObservables,
    probability: Float64Array.from(dem.errors.map((e) => e.probability)),
    compStart: Int32Array.from(compStart),
    detStart: starts('detectors'),
    dets: Int32Array.from(comps.flatMap((c) => c.detectors)),
    obsStart: starts('observables'),
    obs: Int32Array.from(comps.flatMap((c) => c.observables)),
    detectorCoords: dem.detectorCoords,
  });
}

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

  it('the typed-array path throws the same errors (hyperedge, bad probability, id out of range)', () => {
    const cases = [
      makeFlatDem(4, 1, [flatError(0.1, [[0], []]), flatError(0.1, [[3], [0]], [[0, 1, 2, 2, 2], [0]])]),
      makeFlatDem(1, 0, [flatError(1.5, [[0], []])]),
      makeFlatDem(1, 0, [flatError(0.1, [[3], []])]),
      makeFlatDem(2, 1, [flatError(0.1, [[0, 1], [4]])]),
    ];
    for (const dem of cases) {
      const message = (d: FlatDem): string => {
        try {
          buildDetectorGraph(d, 'dec');
        } catch (e) {
          return `${(e as Error).constructor.name}: ${(e as Error).message}`;
        }
        return 'no error';
      };
      const want = message(dem);
      assert.notEqual(want, 'no error');
      assert.equal(message(packed(dem)), want);
    }
    // A component reduced to at most two detectors by cancellation is an edge on both paths.
    const reduced = makeFlatDem(3, 0, [flatError(0.1, [[2, 0, 1, 1], []])]);
    assert.deepStrictEqual(buildDetectorGraph(packed(reduced), 'x'), buildDetectorGraph(reduced, 'x'));
    assert.equal(buildDetectorGraph(reduced, 'x').numEdges, 1);
  });

  it('a parsed .dem (packed) gives the graph of its objects; neighbours sorted by (weight, node)', () => {
    // D0 is a hub with 20 neighbours of 3 weights (Array.prototype.sort path), D1 has 5 (insertion).
    const lines: string[] = [];
    for (let k = 2; k < 22; k++) lines.push(`error(${[0.1, 0.01, 0.001][k % 3]}) D0 D${k}`);
    for (let k = 2; k < 7; k++) lines.push(`error(${[0.2, 0.02][k % 2]}) D1 D${k}${k === 4 ? ' L0' : ''}`);
    lines.push('error(0.3) D1', 'error(0.6) D5 D6 ^ D0 D2');
    const flat = parseFlatDem(lines.join('\n'));
    assert.ok(flat instanceof PackedFlatDem);
    const objects = makeFlatDem(flat.numDetectors, flat.numObservables, flat.errors);
    assert.deepStrictEqual(buildMatchingGraph(flat), buildMatchingGraph(objects));
    const m = buildMatchingGraph(flat);
    assert.equal(m.adjStart[1] - m.adjStart[0], 20);
    for (let v = 0; v < m.numDetectors; v++)
      for (let i = m.adjStart[v] + 1; i < m.adjStart[v + 1]; i++)
        assert.ok(
          m.adjWeight[i - 1] < m.adjWeight[i] ||
            (m.adjWeight[i - 1] === m.adjWeight[i] && m.adjNode[i - 1] < m.adjNode[i]),
          `node ${v} entry ${i}`,
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
  // The typed-array path builds the same graph.
  const p = packed(dem);
  assert.deepStrictEqual(p.errors, dem.errors);
  assert.deepStrictEqual(buildDetectorGraph(p, 'test'), g);
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
