/**
 * Exact matching of shots with very few detection events (at most {@link MAX_FEW_EVENTS}) without
 * flooding, when it can be certified from precomputed data; at low noise most shots are such.
 *
 * A minimum-weight perfect matching of k events (each paired with another or with the boundary)
 * needs the shortest-path distances between the events and to the boundary. Boundary distances
 * are precomputed exactly ({@link MatchingGraph.boundaryDist}). Between two events the distance is
 * known exactly when an edge joins them that is itself a shortest path ({@link shortestEdgeSlots});
 * otherwise only a lower bound is known: a path of two or more edges leaves one event by one edge
 * and enters the other by another, so it weighs at least the sum of the two events' lightest edges.
 * A dynamic programme over subsets of the events computes the best matching using exact distances
 * only, and a lower bound on every matching using the bounds; when the bound is not below the best,
 * that best matching is a minimum (exact, up to ties), else the caller floods.
 *
 * Cost per shot O(k² · degree + 2^k · k); no allocation.
 */
import type { MatchingGraph } from './matching-graph.js';

/** Largest number of events handled here. */
export const MAX_FEW_EVENTS = 6;

/**
 * Marks (1) the adjacency slots of `g` whose edge is a shortest path between its two nodes, by a
 * sufficient test in O(slots): any other path from a to b leaves a by another edge and enters b
 * by another edge, so it weighs at least the lightest other edge at a plus the lightest other
 * edge at b (each node's adjacency is sorted by weight: its first or second slot). Unmarked
 * edges may still be shortest. Returns one byte per adjacency slot.
 */
export function shortestEdgeSlots(g: MatchingGraph): Uint8Array {
  const out = new Uint8Array(g.adjNode.length);
  const lightestOther = (v: number, e: number): number => {
    const lo = g.adjStart[v];
    const hi = g.adjStart[v + 1];
    if (g.adjEdge[lo] !== e) return g.adjWeight[lo];
    return lo + 1 < hi ? g.adjWeight[lo + 1] : Infinity;
  };
  for (let v = 0; v < g.numDetectors; v++)
    for (let k = g.adjStart[v]; k < g.adjStart[v + 1]; k++) {
      const e = g.adjEdge[k];
      if (g.adjWeight[k] <= lightestOther(v, e) + lightestOther(g.adjNode[k], e)) out[k] = 1;
    }
  return out;
}

/** The few-event matcher of one {@link MatchingGraph}. Not reentrant (scratch per call). */
export class FewEventMatcher {
  private readonly adjShortest: Uint8Array;
  /** Weight of each node's lightest edge to another node (Infinity: none). */
  private readonly lightest: Float64Array;
  // ---- scratch, indexed i * MAX_FEW_EVENTS + j for events i < j ----
  /** Exact distance (Infinity: unknown) and its edge; lower bound on the distance. */
  private readonly exact = new Float64Array(MAX_FEW_EVENTS * MAX_FEW_EVENTS);
  private readonly exactEdge = new Int32Array(MAX_FEW_EVENTS * MAX_FEW_EVENTS);
  private readonly bound = new Float64Array(MAX_FEW_EVENTS * MAX_FEW_EVENTS);
  // ---- per subset of the events ----
  private readonly best = new Float64Array(1 << MAX_FEW_EVENTS);
  private readonly low = new Float64Array(1 << MAX_FEW_EVENTS);
  /** Partner of the subset's lowest event in its best matching (-1: the boundary). */
  private readonly choice = new Int32Array(1 << MAX_FEW_EVENTS);

  /** The result of the last successful {@link match}: pairs (b = -1: boundary) and weights. */
  readonly pairA = new Int32Array(MAX_FEW_EVENTS);
  readonly pairB = new Int32Array(MAX_FEW_EVENTS);
  readonly pairW = new Float64Array(MAX_FEW_EVENTS);
  numPairs = 0;

  /** @param g the graph (kept; read only). O(nodes + slots). */
  constructor(private readonly g: MatchingGraph) {
    this.adjShortest = shortestEdgeSlots(g);
    this.lightest = new Float64Array(g.numDetectors);
    for (let v = 0; v < g.numDetectors; v++)
      this.lightest[v] = g.adjStart[v + 1] > g.adjStart[v] ? g.adjWeight[g.adjStart[v]] : Infinity;
  }

  /**
   * Matches the `k` (1 ≤ k ≤ {@link MAX_FEW_EVENTS}) detection events `events[0..k)` when a minimum
   * matching is certified: writes its observables XOR `flipObs` into `obsOut` (`obsWords` words),
   * its pairs into {@link pairA}/{@link pairB}/{@link pairW}, and returns true. Returns false
   * (nothing written) when it cannot certify one; the caller must then flood.
   */
  match(events: Int32Array, k: number, obsOut: Uint32Array): boolean {
    const g = this.g;
    const M = MAX_FEW_EVENTS;
    for (let i = 0; i < k; i++) {
      const a = events[i];
      const end = g.adjStart[a + 1];
      for (let j = i + 1; j < k; j++) {
        const b = events[j];
        let s = g.adjStart[a];
        while (s < end && g.adjNode[s] !== b) s++;
        const o = i * M + j;
        if (s < end && this.adjShortest[s] === 1) {
          this.exact[o] = this.bound[o] = g.adjWeight[s];
          this.exactEdge[o] = g.adjEdge[s];
        } else {
          this.exact[o] = Infinity;
          this.bound[o] = this.lightest[a] + this.lightest[b];
        }
      }
    }
    const full = (1 << k) - 1;
    this.best[0] = this.low[0] = 0;
    for (let S = 1; S <= full; S++) {
      const i = 31 - Math.clz32(S & -S);
      const rest = S & ~(1 << i);
      const bnd = g.boundaryDist[events[i]];
      let best = bnd + this.best[rest];
      let low = bnd + this.low[rest];
      let choice = -1;
      for (let j = i + 1; j < k; j++) {
        if (((rest >>> j) & 1) === 0) continue;
        const o = i * M + j;
        const without = rest & ~(1 << j);
        const w = this.exact[o] + this.best[without];
        if (w < best) {
          best = w;
          choice = j;
        }
        const l = this.bound[o] + this.low[without];
        if (l < low) low = l;
      }
      this.best[S] = best;
      this.low[S] = low;
      this.choice[S] = choice;
    }
    if (this.best[full] === Infinity || this.low[full] < this.best[full]) return false;
    // Read the best matching back and XOR its paths' observables.
    const W = obsOut.length;
    for (let w = 0; w < W; w++) obsOut[w] = g.flipObservables[w];
    this.numPairs = 0;
    for (let S = full; S !== 0;) {
      const i = 31 - Math.clz32(S & -S);
      const j = this.choice[S];
      const p = this.numPairs++;
      this.pairA[p] = events[i];
      if (j < 0) {
        const v = events[i];
        this.pairB[p] = -1;
        this.pairW[p] = g.boundaryDist[v];
        for (let w = 0; w < W; w++) obsOut[w] ^= g.boundaryObs[v * W + w];
        S &= ~(1 << i);
      } else {
        const o = i * M + j;
        const e = this.exactEdge[o];
        this.pairB[p] = events[j];
        this.pairW[p] = this.exact[o];
        for (let w = 0; w < W; w++) obsOut[w] ^= g.edgeObs[e * W + w];
        S &= ~((1 << i) | (1 << j));
      }
    }
    return true;
  }
}
