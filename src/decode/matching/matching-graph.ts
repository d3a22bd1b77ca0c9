/**
 * The detector graph the matching decoders work on, built once per DEM from the shared
 * {@link DetectorGraph} (`../detector-graph.ts`: nodes, merged edges with probabilities and
 * observable masks, boundary edges).
 *
 * Weights are log((1-p)/p), discretised once to integers as PyMatching 2 does: scaled by
 * kappa = (2^24 - 1) / max|w| and rounded (kappa = 1 when every weight is already an integer),
 * so all comparisons during decoding are exact. Negative weights (p > 1/2) are made positive with
 * the standard trick: the edge is assumed to have fired, i.e. its endpoints' detection events are
 * toggled and its observables XORed into every prediction ({@link MatchingGraph.flipDetectors},
 * {@link MatchingGraph.flipObservables}), and its weight becomes |w|. p = 1 is the limit of that:
 * a certain flip, after which the edge has p = 0 and is dropped.
 *
 * Observables are bit masks of {@link MatchingGraph.obsWords} 32-bit words per edge, so any
 * number of observables is supported.
 */
import type { FlatDem } from '../../dem/dem.js';
import { paddedWords } from '../../mem/bit-table.js';
import { buildDetectorGraph, xorReduce, type DetectorGraph } from '../detector-graph.js';

export { xorReduce };

/** Integer edge weight after discretisation (an integer in [0, 2^24) stored in an Int32Array). */
export type Weight = number;

/** Number of distinct integer weights: max |weight| maps to NUM_DISTINCT_WEIGHTS - 1 (PyMatching 2). */
export const NUM_DISTINCT_WEIGHTS = 1 << 24;

/** Marks "no boundary edge" in {@link MatchingGraph.boundaryWeight}. */
export const NO_EDGE = -1;

/**
 * The compiled detector graph of the matching decoders. Immutable after
 * {@link buildMatchingGraph}. Its edges (endpoints, merged probabilities before the flip,
 * observable masks) are the {@link DetectorGraph}'s minus those of probability 1, which are
 * folded into {@link MatchingGraph.flipDetectors} and {@link MatchingGraph.flipObservables}.
 */
export interface MatchingGraph extends DetectorGraph {
  /** Integer weight of each edge after the negative-weight flip (>= 0). */
  readonly edgeWeight: Int32Array;
  /**
   * CSR adjacency over detector-detector edges: neighbours of node v are
   * adj*[adjStart[v]..adjStart[v+1]), sorted by ascending weight.
   */
  readonly adjStart: Int32Array;
  readonly adjNode: Int32Array;
  readonly adjWeight: Int32Array;
  readonly adjEdge: Int32Array;
  /** Boundary edge of each node: its weight or {@link NO_EDGE}, and its edge id (or -1). */
  readonly boundaryWeight: Int32Array;
  readonly boundaryEdge: Int32Array;
  /**
   * Shortest-path distance from each node to the boundary (Infinity if unreachable) and the
   * observable mask of one such shortest path (`obsWords` words per node).
   */
  readonly boundaryDist: Float64Array;
  readonly boundaryObs: Uint32Array;
  /** Detection events toggled by the negative-weight flips, bit-packed over detectors (padded words). */
  readonly flipDetectors: Uint32Array;
  /** Observables flipped by the negative-weight flips (`obsWords` words). */
  readonly flipObservables: Uint32Array;
  /** Scale from real weights (log-likelihood ratios) to integer weights. */
  readonly kappa: number;
}

/**
 * Builds the {@link MatchingGraph} of a flat DEM. O(E log E + N log N) for E error components
 * and N detectors. Does not keep `dem`.
 *
 * @param decoderName named in error messages.
 * @throws UnsupportedError when an error component has more than two detectors (the DEM must be
 *   decomposed, or a hypergraph decoder used).
 * @throws ValidationError on a probability outside [0, 1] or an id out of range.
 */
export function buildMatchingGraph(dem: FlatDem, decoderName = 'mwpm'): MatchingGraph {
  const dg = buildDetectorGraph(dem, decoderName);
  const { numDetectors, numObservables, obsWords } = dg;
  const ea = dg.edgeA;
  const eb = dg.edgeB;
  const ep = dg.edgeProbability;

  // Real weights, then one discretisation scale for the whole graph.
  const m0 = dg.numEdges;
  const realW = new Float64Array(m0);
  let maxAbs = 0;
  let allIntegral = true;
  for (let e = 0; e < m0; e++) {
    const p = ep[e];
    const w = p === 0 || p === 1 ? 0 : Math.log((1 - p) / p);
    realW[e] = w;
    if (Math.abs(w) > maxAbs) maxAbs = Math.abs(w);
    if (Math.round(w) !== w) allIntegral = false;
  }
  const kappa = allIntegral || maxAbs === 0 ? 1 : (NUM_DISTINCT_WEIGHTS - 1) / maxAbs;

  const flipDetectors = new Uint32Array(Math.max(4, paddedWords(numDetectors)));
  const flipObservables = new Uint32Array(obsWords);
  const keep: number[] = [];
  const intW: number[] = [];
  for (let e = 0; e < m0; e++) {
    const p = ep[e];
    let w = Math.sign(realW[e]) * Math.round(Math.abs(realW[e]) * kappa);
    const certain = p === 1;
    if (w < 0 || certain) {
      // Assume the edge fired; matching then decides whether to "un-fire" it at cost |w|.
      flipDetectors[ea[e] >>> 5] ^= 1 << (ea[e] & 31);
      if (eb[e] >= 0) flipDetectors[eb[e] >>> 5] ^= 1 << (eb[e] & 31);
      for (let k = 0; k < obsWords; k++) flipObservables[k] ^= dg.edgeObs[e * obsWords + k];
      w = -w;
    }
    if (certain || p === 0) continue; // after the flip a certain edge never fires again
    keep.push(e);
    intW.push(w === 0 ? 0 : w); // normalise -0
  }

  const numEdges = keep.length;
  const edgeA = new Int32Array(numEdges);
  const edgeB = new Int32Array(numEdges);
  const edgeWeight = new Int32Array(numEdges);
  const edgeProbability = new Float64Array(numEdges);
  const edgeObs = new Uint32Array(numEdges * obsWords);
  const boundaryWeight = new Int32Array(numDetectors).fill(NO_EDGE);
  const boundaryEdge = new Int32Array(numDetectors).fill(-1);
  const degree = new Int32Array(numDetectors + 1);
  for (let k = 0; k < numEdges; k++) {
    const e = keep[k];
    edgeA[k] = ea[e];
    edgeB[k] = eb[e];
    edgeWeight[k] = intW[k];
    edgeProbability[k] = ep[e];
    for (let w = 0; w < obsWords; w++) edgeObs[k * obsWords + w] = dg.edgeObs[e * obsWords + w];
    if (eb[e] < 0) {
      boundaryWeight[ea[e]] = intW[k];
      boundaryEdge[ea[e]] = k;
    } else {
      degree[ea[e]]++;
      degree[eb[e]]++;
    }
  }
  const adjStart = new Int32Array(numDetectors + 1);
  for (let v = 0; v < numDetectors; v++) adjStart[v + 1] = adjStart[v] + degree[v];
  const fill = adjStart.slice(0, numDetectors);
  const total = adjStart[numDetectors];
  const adjNode = new Int32Array(total);
  const adjWeight = new Int32Array(total);
  const adjEdge = new Int32Array(total);
  for (let k = 0; k < numEdges; k++) {
    const a = edgeA[k];
    const b = edgeB[k];
    if (b < 0) continue;
    let i = fill[a]++;
    adjNode[i] = b;
    adjWeight[i] = edgeWeight[k];
    adjEdge[i] = k;
    i = fill[b]++;
    adjNode[i] = a;
    adjWeight[i] = edgeWeight[k];
    adjEdge[i] = k;
  }

  // Sort each node's neighbours by weight so that truncated searches can stop scanning a node's
  // adjacency at the first edge that leaves the search radius.
  for (let v = 0; v < numDetectors; v++)
    sortAdjacency(adjStart[v], adjStart[v + 1], adjNode, adjWeight, adjEdge);

  const { dist: boundaryDist, obs: boundaryObs } = boundaryDistances(
    numDetectors,
    obsWords,
    adjStart,
    adjNode,
    adjWeight,
    adjEdge,
    edgeObs,
    boundaryWeight,
    boundaryEdge,
  );

  return {
    numDetectors,
    numObservables,
    obsWords,
    numEdges,
    edgeA,
    edgeB,
    edgeWeight,
    edgeProbability,
    edgeObs,
    adjStart,
    adjNode,
    adjWeight,
    adjEdge,
    boundaryWeight,
    boundaryEdge,
    boundaryDist,
    boundaryObs,
    flipDetectors,
    flipObservables,
    kappa,
  };
}

/** Neighbour lists longer than this are sorted by `Array.prototype.sort`, shorter ones by insertion. */
const INSERTION_SORT_MAX = 16;

/**
 * Sorts entries [lo, hi) of the three parallel adjacency arrays by (weight, node) ascending. A
 * node's neighbours are distinct (parallel edges are merged), so the order is total and unique.
 */
function sortAdjacency(
  lo: number,
  hi: number,
  adjNode: Int32Array,
  adjWeight: Int32Array,
  adjEdge: Int32Array,
): void {
  if (hi - lo < 2) return;
  if (hi - lo <= INSERTION_SORT_MAX) {
    for (let i = lo + 1; i < hi; i++) {
      const w = adjWeight[i];
      const x = adjNode[i];
      const e = adjEdge[i];
      let j = i;
      for (; j > lo && (adjWeight[j - 1] > w || (adjWeight[j - 1] === w && adjNode[j - 1] > x)); j--) {
        adjWeight[j] = adjWeight[j - 1];
        adjNode[j] = adjNode[j - 1];
        adjEdge[j] = adjEdge[j - 1];
      }
      adjWeight[j] = w;
      adjNode[j] = x;
      adjEdge[j] = e;
    }
    return;
  }
  const order: number[] = [];
  for (let i = lo; i < hi; i++) order.push(i);
  order.sort((x, y) => adjWeight[x] - adjWeight[y] || adjNode[x] - adjNode[y]);
  const nodes = order.map((i) => adjNode[i]);
  const ws = order.map((i) => adjWeight[i]);
  const es = order.map((i) => adjEdge[i]);
  for (let i = lo; i < hi; i++) {
    adjNode[i] = nodes[i - lo];
    adjWeight[i] = ws[i - lo];
    adjEdge[i] = es[i - lo];
  }
}

/** Multi-source Dijkstra from the virtual boundary node. O((N + E) log N). */
function boundaryDistances(
  n: number,
  W: number,
  adjStart: Int32Array,
  adjNode: Int32Array,
  adjWeight: Int32Array,
  adjEdge: Int32Array,
  edgeObs: Uint32Array,
  boundaryWeight: Int32Array,
  boundaryEdge: Int32Array,
): { dist: Float64Array; obs: Uint32Array } {
  const dist = new Float64Array(n).fill(Infinity);
  const obs = new Uint32Array(n * W);
  const done = new Uint8Array(n);
  const heap = new MinHeap(n + adjNode.length + 1);
  for (let v = 0; v < n; v++) {
    if (boundaryWeight[v] !== NO_EDGE) {
      dist[v] = boundaryWeight[v];
      const e = boundaryEdge[v];
      for (let k = 0; k < W; k++) obs[v * W + k] = edgeObs[e * W + k];
      heap.push(dist[v], v);
    }
  }
  while (heap.size > 0) {
    const d = heap.topKey();
    const x = heap.pop();
    if (done[x] !== 0 || d > dist[x]) continue;
    done[x] = 1;
    for (let i = adjStart[x]; i < adjStart[x + 1]; i++) {
      const y = adjNode[i];
      const nd = d + adjWeight[i];
      if (nd < dist[y]) {
        dist[y] = nd;
        const e = adjEdge[i];
        for (let k = 0; k < W; k++) obs[y * W + k] = obs[x * W + k] ^ edgeObs[e * W + k];
        heap.push(nd, y);
      }
    }
  }
  return { dist, obs };
}

/**
 * A binary min-heap of (key, value) pairs in typed arrays, with lazy deletion left to the caller.
 * Fixed capacity (grows by doubling if exceeded). No allocation per operation.
 */
export class MinHeap {
  private keys: Float64Array;
  private vals: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.vals = new Int32Array(Math.max(16, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      const v = new Int32Array(this.size * 2);
      v.set(this.vals);
      this.keys = k;
      this.vals = v;
    }
    const keys = this.keys;
    const vals = this.vals;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      vals[i] = vals[parent];
      i = parent;
    }
    keys[i] = key;
    vals[i] = val;
  }

  /** Key of the minimum (heap must be non-empty). */
  topKey(): number {
    return this.keys[0];
  }

  /** Removes the minimum and returns its value (heap must be non-empty). */
  pop(): number {
    const keys = this.keys;
    const vals = this.vals;
    const top = vals[0];
    const n = --this.size;
    if (n === 0) return top;
    const key = keys[n];
    const val = vals[n];
    let i = 0;
    while (true) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && keys[c + 1] < keys[c]) c++;
      if (keys[c] >= key) break;
      keys[i] = keys[c];
      vals[i] = vals[c];
      i = c;
    }
    keys[i] = key;
    vals[i] = val;
    return top;
  }
}
