// Sparse blossom's flooder fast paths (the remembered collision slot of a node's event, the
// look-ahead fills, simultaneous events) checked against an independent truth: the minimum total
// shortest-path pairing weight (Floyd-Warshall + DP over subsets of the events) on graphs whose
// small integer weights make many events happen at the same time.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FlatDem } from '../../dem/dem.js';
import { BitTable } from '../../mem/bit-table.js';
import { EV_NONE, type Flooder } from './flooder.js';
import type { Matcher } from './matcher.js';
import { SparseBlossomDecoder } from './sparse-blossom-decoder.js';
import { minPairingWeight } from '../conformance.js';

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
  const truth = minPairingWeight(n, edges, events);
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

/** The flooder's per-node scratch the fresh-node invariant is stated on (protected fields). */
interface FloodInternals {
  numNodes: number;
  now: number;
  adjStart: Int32Array;
  adjNode: Int32Array;
  adjW: Float64Array;
  nTop: Int32Array;
  nOff: Float64Array;
  nSlope: Int8Array;
  nFresh: Uint8Array;
  nodeEvents: { desired: Float64Array };
  pendingA: number;
  pendingB: number;
}

/**
 * The invariant that lets a frozen *fresh* node (a detection event that grew from time 0 and then
 * stopped) go without a look-ahead of its own: every growing neighbour in another region wants an
 * event no later than the time its cover reaches the node's (the ends of the collision just
 * returned are skipped: they are rescheduled before the next event). Returns the pairs checked.
 */
function checkFreshNodes(fl: Flooder, context: string): number {
  const f = fl as unknown as FloodInternals;
  let pairs = 0;
  for (let v = 0; v < f.numNodes; v++) {
    if (f.nFresh[v] !== 1) continue;
    assert.notEqual(f.nTop[v], -1, `${context}: an empty node ${v} is marked fresh`);
    assert.notEqual(f.nSlope[v], -1, `${context}: a shrinking node ${v} is marked fresh`);
    if (f.nSlope[v] !== 0) continue;
    for (let k = f.adjStart[v]; k < f.adjStart[v + 1]; k++) {
      const w = f.adjNode[k];
      if (f.nSlope[w] !== 1 || f.nTop[w] === f.nTop[v] || w === f.pendingA || w === f.pendingB) continue;
      const reach = f.adjW[k] - f.nOff[v] - f.nOff[w];
      const want = f.nodeEvents.desired[w];
      assert.ok(
        want >= f.now && want <= reach,
        `${context}: growing node ${w} wants its event at ${want}, reaches frozen fresh node ${v} at ${reach}`,
      );
      pairs++;
    }
  }
  return pairs;
}

describe('sparse blossom flooder: frozen fresh nodes need no look-ahead', () => {
  it('periodic 3D lattices, weights 1..3 or uniform, dense events: the invariant after every event, optimal weights', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        fc.record({
          L: fc.integer({ min: 3, max: 5 }),
          T: fc.integer({ min: 2, max: 4 }),
          uniform: fc.boolean(),
          seed: fc.integer({ min: 1, max: 2 ** 30 }),
          density: fc.double({ min: 0.08, max: 0.35, noNaN: true }),
        }),
        ({ L, T, uniform, seed, density }) => {
          let s = seed;
          const rand = (): number => {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            return s / 2 ** 32;
          };
          const id = (x: number, y: number, z: number): number => (z * L + y) * L + x;
          const n = L * L * T;
          const edges: Edge[] = [];
          const w = (): number => (uniform ? 2 : 1 + Math.floor(3 * rand()));
          for (let z = 0; z < T; z++)
            for (let y = 0; y < L; y++)
              for (let x = 0; x < L; x++) {
                edges.push({ a: id(x, y, z), b: id((x + 1) % L, y, z), w: w() });
                edges.push({ a: id(x, y, z), b: id(x, (y + 1) % L, z), w: w() });
                if (z + 1 < T) edges.push({ a: id(x, y, z), b: id(x, y, z + 1), w: w() });
              }
          edges.push({ a: 0, b: -1, w: 4 * L });
          const dec = new SparseBlossomDecoder(makeDem(n, edges), { shortcuts: false });
          const inner = dec as unknown as { flooder: Flooder; matcher: Matcher };
          for (let shot = 0; shot < 3; shot++) {
            const events: number[] = [];
            for (let v = 0; v < n; v++) if (rand() < density) events.push(v);
            // Drive the flooder and matcher as the decoder does, checking after every event.
            const f = inner.flooder;
            const m = inner.matcher;
            const ev = Int32Array.from(events);
            f.reset();
            m.reset();
            f.beginShot(0);
            for (const v of events) m.addRoot(f.addDetectionEvent(v));
            f.start(ev, ev.length);
            for (let kind = f.nextEvent(); kind !== EV_NONE; kind = f.nextEvent()) {
              m.handle(kind);
              checked += checkFreshNodes(f, `L=${L} T=${T} seed=${seed} shot ${shot}`);
            }
            // And the whole decoder still finds a minimum (vs the pairing DP when it is small enough).
            if (events.length <= 12) check(n, edges, events, dec);
          }
        },
      ),
      { seed: 2026, numRuns: 60 },
    );
    assert.ok(checked > 1000, `only ${checked} fresh-node pairs were checked`);
  });
});
