import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { maxWeightMatching, minWeightPerfectMatching } from './blossom.js';

interface Graph {
  n: number;
  u: number[];
  v: number[];
  w: number[];
}

/** Random simple graphs with integer weights in [lo, hi]. */
function graphArb(maxN: number, lo: number, hi: number): fc.Arbitrary<Graph> {
  return fc.integer({ min: 1, max: maxN }).chain((n) => {
    const pairs: [number, number][] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
    return fc
      .array(fc.option(fc.integer({ min: lo, max: hi }), { freq: 2 }), {
        minLength: pairs.length,
        maxLength: pairs.length,
      })
      .map((ws) => {
        const g: Graph = { n, u: [], v: [], w: [] };
        ws.forEach((x, k) => {
          if (x !== null) {
            g.u.push(pairs[k][0]);
            g.v.push(pairs[k][1]);
            g.w.push(x);
          }
        });
        return g;
      });
  });
}

/** Brute force over all matchings: best [cardinality, weight] lexicographically (or weight only). */
function bruteMax(g: Graph, maxCard: boolean): { card: number; weight: number } {
  const adj = new Map<number, number>();
  g.u.forEach((a, k) => {
    adj.set(a * 64 + g.v[k], g.w[k]);
    adj.set(g.v[k] * 64 + a, g.w[k]);
  });
  let best = { card: 0, weight: 0 };
  const used = new Array<boolean>(g.n).fill(false);
  const rec = (i: number, card: number, weight: number): void => {
    while (i < g.n && used[i]) i++;
    if (i >= g.n) {
      const better = maxCard
        ? card > best.card || (card === best.card && weight > best.weight)
        : weight > best.weight;
      if (better) best = { card, weight };
      return;
    }
    used[i] = true;
    rec(i + 1, card, weight); // i unmatched
    for (let j = i + 1; j < g.n; j++) {
      const w = adj.get(i * 64 + j);
      if (!used[j] && w !== undefined) {
        used[j] = true;
        rec(i + 1, card + 1, weight + w);
        used[j] = false;
      }
    }
    used[i] = false;
  };
  rec(0, 0, 0);
  return best;
}

function evaluate(g: Graph, mate: Int32Array): { card: number; weight: number } {
  let card = 0;
  let weight = 0;
  for (let v = 0; v < g.n; v++) {
    const m = mate[v];
    if (m >= 0) {
      assert.equal(mate[m], v, 'mate must be symmetric');
      if (v < m) {
        const k = g.u.findIndex((a, kk) => (a === v && g.v[kk] === m) || (a === m && g.v[kk] === v));
        assert.ok(k >= 0, `matched pair ${v}-${m} is not an edge`);
        card++;
        weight += g.w[k];
      }
    }
  }
  return { card, weight };
}

describe('maxWeightMatching (Edmonds blossom) vs brute force', () => {
  it('maximum weight, arbitrary-sign weights', () => {
    fc.assert(
      fc.property(graphArb(9, -5, 20), (g) => {
        const mate = maxWeightMatching(g.n, g.u, g.v, g.w, g.u.length, false);
        assert.equal(evaluate(g, mate).weight, bruteMax(g, false).weight);
      }),
      { seed: 12345, numRuns: 400 },
    );
  });

  it('maximum cardinality, then maximum weight', () => {
    fc.assert(
      fc.property(graphArb(10, 0, 30), (g) => {
        const mate = maxWeightMatching(g.n, g.u, g.v, g.w, g.u.length, true);
        assert.deepEqual(evaluate(g, mate), bruteMax(g, true));
      }),
      { seed: 777, numRuns: 400 },
    );
  });

  it('minimum-weight perfect matching on dense graphs with many ties', () => {
    fc.assert(
      fc.property(graphArb(10, 0, 4), (g) => {
        const mate = minWeightPerfectMatching(g.n, g.u, g.v, g.w, g.u.length);
        // Min-weight perfect = max-card max-weight with negated weights, when perfect exists.
        const neg = { ...g, w: g.w.map((x) => -x) };
        const b = bruteMax(neg, true);
        if (2 * b.card !== g.n) {
          assert.equal(mate, undefined);
        } else {
          assert.ok(mate !== undefined);
          assert.equal(evaluate(g, mate).weight, b.weight === 0 ? 0 : -b.weight);
        }
      }),
      { seed: 99, numRuns: 500 },
    );
  });
});
