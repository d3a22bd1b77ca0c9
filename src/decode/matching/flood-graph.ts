/**
 * The permanent structure the sparse-blossom {@link Flooder} reads (Higgott & Gidney 2023,
 * "Sparse Blossom", arXiv:2303.15933): the detector graph's CSR adjacency with its integer weights
 * in flooder units (doubled, {@link TIME_SCALE}), boundary weights per node and observable masks
 * split into 32-bit words, plus per-shot weight overrides (correlated matching re-weights a few
 * edges for one shot) that are applied in place and restored without allocating.
 */
import type { MatchingGraph } from './matching-graph.js';
import { TIME_SCALE, type Time } from './ints.js';

/** The flooder's view of one {@link MatchingGraph}. Weights are mutable only through the override API. */
export class FloodGraph {
  readonly adjStart: Int32Array;
  readonly adjNode: Int32Array;
  /** Doubled edge weights (flooder units), CSR order. */
  readonly adjW: Float64Array;
  /** Doubled boundary weight per node, or -1 when the node has no boundary edge. */
  readonly bndW: Float64Array;
  /** Per observable word k: the edges' mask words in CSR order, and the boundary edges' per node. */
  readonly adjObsWords: Int32Array[];
  readonly bndObsWords: Int32Array[];
  /** The graph's own integer weights, from which {@link restoreEdgeWeights} restores. */
  private readonly edgeWeight: Int32Array;
  private readonly edgeA: Int32Array;
  /**
   * The two CSR slots of each detector-detector edge (`edgeSlot[2e]`, `edgeSlot[2e+1]`); -1 for
   * a boundary edge (its weight lives in `bndW[edgeA[e]]`).
   */
  private readonly edgeSlot: Int32Array;
  /** Edges whose weight is overridden, each listed once. */
  private readonly overridden: Int32Array;
  private readonly isOverridden: Uint8Array;
  private numOverridden = 0;

  /** Keeps `g`'s arrays by reference (they are never written). O(nodes + edges · obsWords). */
  constructor(g: MatchingGraph) {
    const n = g.numDetectors;
    this.adjStart = g.adjStart;
    this.adjNode = g.adjNode;
    this.adjW = new Float64Array(g.adjWeight.length);
    for (let k = 0; k < g.adjWeight.length; k++) this.adjW[k] = TIME_SCALE * g.adjWeight[k];
    this.bndW = new Float64Array(n);
    for (let v = 0; v < n; v++) this.bndW[v] = g.boundaryEdge[v] < 0 ? -1 : TIME_SCALE * g.boundaryWeight[v];
    this.adjObsWords = [];
    this.bndObsWords = [];
    const W = g.obsWords;
    for (let word = 0; word < W; word++) {
      const a = new Int32Array(g.adjEdge.length);
      for (let k = 0; k < a.length; k++) a[k] = g.edgeObs[g.adjEdge[k] * W + word];
      const b = new Int32Array(n);
      for (let v = 0; v < n; v++) if (g.boundaryEdge[v] >= 0) b[v] = g.edgeObs[g.boundaryEdge[v] * W + word];
      this.adjObsWords.push(a);
      this.bndObsWords.push(b);
    }
    this.edgeWeight = g.edgeWeight;
    this.edgeA = g.edgeA;
    this.edgeSlot = new Int32Array(2 * g.numEdges).fill(-1);
    for (let k = 0; k < g.adjEdge.length; k++) {
      const e = g.adjEdge[k];
      this.edgeSlot[this.edgeSlot[2 * e] < 0 ? 2 * e : 2 * e + 1] = k;
    }
    this.overridden = new Int32Array(g.numEdges);
    this.isOverridden = new Uint8Array(g.numEdges);
  }

  /**
   * Gives edge `e` of the graph the integer weight `w` (graph units, >= 0) until
   * {@link restoreEdgeWeights}. Call between shots only. O(1), allocation-free.
   */
  setEdgeWeight(e: number, w: number): void {
    if (this.isOverridden[e] === 0) {
      this.isOverridden[e] = 1;
      this.overridden[this.numOverridden++] = e;
    }
    this.writeEdgeWeight(e, TIME_SCALE * w);
  }

  /** Number of edges whose weight is currently overridden. */
  get numOverriddenEdges(): number {
    return this.numOverridden;
  }

  /** Gives every overridden edge its graph weight back. O(edges overridden). */
  restoreEdgeWeights(): void {
    for (let i = 0; i < this.numOverridden; i++) {
      const e = this.overridden[i];
      this.isOverridden[e] = 0;
      this.writeEdgeWeight(e, TIME_SCALE * this.edgeWeight[e]);
    }
    this.numOverridden = 0;
  }

  private writeEdgeWeight(e: number, w2: Time): void {
    const k = this.edgeSlot[2 * e];
    if (k < 0) {
      this.bndW[this.edgeA[e]] = w2;
      return;
    }
    this.adjW[k] = w2;
    this.adjW[this.edgeSlot[2 * e + 1]] = w2;
  }
}
