// Sparse blossom's flooder fast paths (the remembered collision slot of a node's event, the
// look-ahead fills, simultaneous events) checked against an independent truth: the minimum total
// shortest-path pairing weight (Floyd-Warshall + DP over subsets of the events) on graphs whose
// small integer weights make many events happen at the same time.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FlatDem } from '../../dem/dem.js';
import { BitTable } from '../../mem/bit-table.js';
import { SparseBlossomDecoder } from './sparse-blossom-decoder.js';

interface Edge {
  a: number;
  /** -1: the boundary. */
  b: number;
  /** Integer weight. */
  w: number;
}

/** p with log((1 - p) / p) = w. */
const probabilityOf = (w: number): number => 1 / (1 + Math.exp(w));

function makeDem(n: number, edges: readonly Edge[]): FlatDem {
  return {
    numDetectors: n,
    numObservables: 1,
    detectorCoords: [],
    errors: edges.map((e) => {
      const detectors = e.b < 0 ? [e.a] : [Math.min(e.a, e.b), Math.max(e.a, e.b)];
      return {
        probability: probabilityOf(e.w),
        detectors,
        observables: [],
        components: [{ detectors, observables: [] }],
      };
    }),
  };
}

/** Minimum total weight of pairing `events` with each other or the boundary along shortest paths. */
function pairingTruth(n: number, edges: readonly Edge[], events: readonly number[]): number {
  const N = n + 1;
  const d = new Float64Array(N * N).fill(Infinity);
  for (let i = 0; i < N; i++) d[i * N + i] = 0;
  for (const e of edges) {
    const b = e.b < 0 ? n : e.b;
    if (e.w < d[e.a * N + b]) d[e.a * N + b] = d[b * N + e.a] = e.w;
  }
  for (let k = 0; k < N; k++)
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++)
        if (d[i * N + k] + d[k * N + j] < d[i * N + j]) d[i * N + j] = d[i * N + k] + d[k * N + j];
  const m = events.length;
  const dp = new Float64Array(1 << m).fill(Infinity);
  dp[0] = 0;
  for (let S = 1; S < 1 << m; S++) {
    const i = 31 - Math.clz32(S & -S);
    const rest = S & ~(1 << i);
    let best = d[events[i] * N + n] + dp[rest];
    for (let j = i + 1; j < m; j++)
      if ((rest >> j) & 1) best = Math.min(best, d[events[i] * N + events[j]] + dp[rest & ~(1 << j)]);
    dp[S] = best;
  }
  return dp[(1 << m) - 1];
}

/**
 * Checks one shot against the pairing truth: with `only` if given, else with the flooder alone and
 * with the default decoder (all-pairs matching on these small graphs).
 */
function check(
  n: number,
  edges: readonly Edge[],
  events: readonly number[],
  only?: SparseBlossomDecoder,
): void {
  const truth = pairingTruth(n, edges, events);
  const dem = makeDem(n, edges);
  const decs =
    only !== undefined
      ? [only]
      : [new SparseBlossomDecoder(dem, { shortcuts: false }), new SparseBlossomDecoder(dem)];
  for (const dec of decs) {
    const row = new BitTable(1, n);
    for (const v of events) row.set(0, v, true);
    if (truth === Infinity) {
      assert.throws(() => dec.matchShot(row.row(0)));
      continue;
    }
    const r = dec.matchShot(row.row(0));
    // Equal integer weights stay equal after discretisation: compare in units of the lightest edge.
    const unit = r.weight / dec.graph.kappa;
    assert.ok(
      Math.abs(unit - truth) <= 1e-6 * (1 + truth),
      `events ${events.join(',')}: ours ${unit}, truth ${truth}`,
    );
    // Every event is matched exactly once.
    const seen = new Set<number>();
    for (const p of r.pairs) {
      for (const x of p.b < 0 ? [p.a] : [p.a, p.b]) {
        assert.ok(!seen.has(x), `event ${x} matched twice`);
        seen.add(x);
      }
    }
    assert.equal(seen.size, events.length);
  }
}

describe('sparse blossom flooder: simultaneous events on tie-heavy integer graphs vs pairing DP', () => {
  it('random graphs, weights 1..3, up to 12 events', () => {
    const arb = fc.integer({ min: 4, max: 24 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        edges: fc.uniqueArray(
          fc.record({
            a: fc.integer({ min: 0, max: n - 1 }),
            b: fc.integer({ min: -1, max: n - 1 }),
            w: fc.integer({ min: 1, max: 3 }),
          }),
          {
            minLength: n,
            maxLength: 3 * n,
            selector: (e) => (e.b < 0 ? `${e.a}` : `${Math.min(e.a, e.b)},${Math.max(e.a, e.b)}`),
          },
        ),
        events: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 12 }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ n, edges, events }) => {
        const es = edges.filter((e) => e.a !== e.b);
        if (!es.some((e) => e.b < 0)) es.push({ a: 0, b: -1, w: 2 });
        check(n, es, events);
      }),
      { seed: 1207, numRuns: 300 },
    );
  });

  it('one decoder reused over many shots, its tree stamps crossing the int32 limit', () => {
    // Per-shot scratch that is not cleared between shots (tree-node stamps, sibling links) must
    // never leak into the next shot, also when the stamps restart near 2^31.
    const rows = 4;
    const cols = 5;
    const edges: Edge[] = [];
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) {
        const v = r * cols + c;
        if (c + 1 < cols) edges.push({ a: v, b: v + 1, w: 1 + ((v * 7) % 3) });
        if (r + 1 < rows) edges.push({ a: v, b: v + cols, w: 1 + ((v * 5) % 2) });
        if (c === 0 || c === cols - 1) edges.push({ a: v, b: -1, w: 3 });
      }
    const dec = new SparseBlossomDecoder(makeDem(rows * cols, edges), { shortcuts: false });
    const matcher = (dec as unknown as { matcher: { stamp: number } }).matcher;
    matcher.stamp = 0x7fffffff - 40;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: rows * cols - 1 }), { minLength: 6, maxLength: 13 }),
        (events) => check(rows * cols, edges, events, dec),
      ),
      { seed: 31, numRuns: 200 },
    );
    assert.ok(matcher.stamp < 0x7fffffff - 40, 'the stamps restarted during the run');
  });

  it('grids with boundaries on two sides, weights 1..2, dense events (blossoms, implosions)', () => {
    const arb = fc
      .record({ rows: fc.integer({ min: 2, max: 5 }), cols: fc.integer({ min: 2, max: 6 }) })
      .chain(({ rows, cols }) =>
        fc.record({
          rows: fc.constant(rows),
          cols: fc.constant(cols),
          ws: fc.array(fc.integer({ min: 1, max: 2 }), {
            minLength: 3 * rows * cols,
            maxLength: 3 * rows * cols,
          }),
          events: fc.uniqueArray(fc.integer({ min: 0, max: rows * cols - 1 }), {
            minLength: 4,
            maxLength: 13,
          }),
        }),
      );
    fc.assert(
      fc.property(arb, ({ rows, cols, ws, events }) => {
        const edges: Edge[] = [];
        let i = 0;
        for (let r = 0; r < rows; r++)
          for (let c = 0; c < cols; c++) {
            const v = r * cols + c;
            if (c + 1 < cols) edges.push({ a: v, b: v + 1, w: ws[i++] });
            if (r + 1 < rows) edges.push({ a: v, b: v + cols, w: ws[i++] });
            if (c === 0 || c === cols - 1) edges.push({ a: v, b: -1, w: ws[i++] + 1 });
          }
        check(rows * cols, edges, events);
      }),
      { seed: 77, numRuns: 300 },
    );
  });
});
