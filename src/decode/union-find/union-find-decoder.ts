/**
 * Union-find decoder (`unionfind`) for graphlike DEMs, after Delfosse & Nickerson, "Almost-linear
 * time decoding algorithm for topological codes", Quantum 5, 595 (2021), with weighted growth
 * (as in Huang, Newman & Brown, "Fault-tolerant weighted union-find decoding on the toric code",
 * PRA 102, 012419 (2020)).
 *
 * Graph: the shared detector graph (`../detector-graph.ts`: one edge per graphlike error
 * component, the `^`-separated components of decomposed errors as separate edges, parallel edges
 * merged as independent mechanisms) plus one boundary node. Each edge gets an integer length
 * w = max(1, round(R × log((1−p)/p) / max log((1−p)/p))) so likelier edges are shorter (R is
 * the `weightResolution` option).
 * A component flipping more than two detectors is a hyperedge: UnsupportedError.
 *
 * Per shot:
 * 1. Syndrome validation (cluster growth). Every detection event starts an odd cluster. An odd
 *    cluster (odd number of events, not containing the boundary) is *active*: it grows each of its
 *    boundary edges by one unit per unit of time from its side, so an edge between two active
 *    clusters grows at rate 2 (half-edge growth from both ends) and an edge whose ends are both in
 *    inactive clusters does not grow. Time is integer: an edge is fully grown at the first integer
 *    time its growth reaches its length. Fully grown edges merge their endpoints' clusters (union
 *    by size, path compression); parities XOR and the boundary flag ORs. Growth stops when no
 *    active cluster has an edge left to grow.
 *
 *    The growth is event-driven, on a timeline as in sparse blossom (Higgott & Gidney 2023),
 *    instead of in rounds that rescan every boundary edge:
 *    - Exposure. X(x) is the total time node x's cluster has been active, so an edge (u, v)
 *      between two clusters has grown X(u) + X(v). X is kept per root as a linear function of
 *      time plus offsets along the union-find forest (a weighted union-find), so reading it costs
 *      one find, and a merge keeps every node's X without touching the nodes.
 *    - Schedule. Each boundary node of an active cluster has one entry in a radix-heap timeline
 *      (radix-queue.ts) at the earliest time one of its edges finishes, with that edge remembered
 *      (or "several"). The timeline hands out all entries of the next time T together; their
 *      finishing edges are collected against the clusters as they were before T, and only then
 *      merged, so ties behave exactly as synchronous rounds (the test checks the grown edges
 *      against a plain round-by-round growth). A popped node finds its next time after the
 *      merges, and only if its cluster still grows: most clusters stop at their first merge.
 *    - Starts and stops. A cluster that starts growing (an inactive one joining an active one)
 *      has its boundary nodes scheduled. A cluster that stops (becomes even or reaches the
 *      boundary) is not rescheduled: its entries are dropped when popped, and an active node
 *      whose edge finished later than it counted is rescanned when popped. A stopping cluster
 *      hands back the edges into other active clusters for which its own schedule counted
 *      their growth (their other ends are scheduled again); a per-node note of the active
 *      clusters a node's scans have seen limits this to the nodes that need it.
 *    Each cluster keeps a linked list of its boundary nodes (those with a not-yet-grown edge
 *    leaving it), concatenated in O(1) on union and pruned while scheduling, as in
 *    Delfosse–Nickerson. The cost per shot follows the number of edges touched, not
 *    (rounds × boundary size).
 * 2. Peeling (Delfosse & Zémor, "Linear-time maximum likelihood decoding of surface codes over
 *    the quantum erasure channel", PRR 2, 033042 (2020)) of a spanning forest of the grown
 *    edges: the edges whose merges joined two different clusters, which span every cluster (as in
 *    Kruskal's algorithm). Leaves are peeled one by one, never the boundary node: a leaf's edge
 *    joins the correction when the leaf carries a defect, which then moves to its neighbour.
 *    Each node keeps its tree degree and the XOR of its tree edges' indices, so a leaf's one
 *    remaining edge is known without adjacency lists. The prediction is the XOR of the
 *    observables of the correction's edges.
 *
 * A syndrome that no set of edges can produce (an odd cluster with nothing left to grow) leaves
 * that cluster unresolved; the prediction is still well-formed. Not exact: this is a fast
 * approximation of minimum-weight matching.
 *
 * Memory: all scratch arrays are fields sized at compile time (O(nodes + edges)), reset lazily
 * with stamps; decodeBatch allocates nothing per shot.
 */
import type { FlatDem } from '../../dem/dem.js';
import type { BitTable } from '../../mem/bit-table.js';
import type { CompiledDecoder, Decoder } from '../decoder.js';
import { RadixQueue } from '../radix-queue.js';
import { checkBatchShapes, resolveDecoderOptions } from '../decoder-support.js';
import {
  buildUnionFindGraph,
  UF_MAX_RESOLUTION,
  UNION_FIND_OPTIONS,
  type UnionFindGraph,
} from './union-find-graph.js';

export { buildUnionFindGraph, UF_MAX_RESOLUTION, UNION_FIND_OPTIONS, type UnionFindGraph };

/** The compiled union-find decoder of one DEM. Holds per-shot scratch: one instance per worker. */
export class UnionFindCompiledDecoder implements CompiledDecoder {
  readonly numDetectors: number;
  readonly numObservables: number;
  readonly graph: UnionFindGraph;

  // ---- per-shot scratch, reset lazily by stamps ----
  private stamp = 0;
  /**
   * seen[x] = 1 when node x is initialised this shot (some cluster reached it); the nodes set are
   * listed in `touched`, which clears them at the next shot. A byte per node keeps this, the
   * test of every scanned neighbour, in L1.
   */
  private readonly seen: Uint8Array;
  private readonly touched: Int32Array;
  private numTouched = 0;
  /** Parent in the union-find forest. */
  private readonly parent: Int32Array;
  /** offset[x] = X(x) − X(parent of x) for a non-root x (see `grow`). */
  private readonly offset: Float64Array;
  private readonly size: Int32Array;
  private readonly parity: Uint8Array;
  private readonly hasBoundary: Uint8Array;
  /**
   * Per root r, interleaved: rootX[2r] = 1 if the cluster is active (odd, not at the boundary),
   * else 0; the cluster's accumulated active time at time T is rootX[2r+1] + rootX[2r] × T.
   */
  private readonly rootX: Float64Array;
  /** The adjacency of the graph as (neighbour, length) pairs, CSR by node (edges: graph.adjEdge). */
  private readonly adj: Int32Array;
  private readonly defect: Uint8Array;
  /** Boundary-node lists per cluster root (linked through bNext). */
  private readonly bHead: Int32Array;
  private readonly bTail: Int32Array;
  private readonly bNext: Int32Array;
  /** Per node: the time of its one valid timeline entry, or −1. */
  private readonly nodeNext: Float64Array;
  /**
   * Per node: the adjacency index (into `adj`) of the one edge that finishes at nodeNext, or −1
   * when several do (then the pop rescans the node).
   */
  private readonly nodeMinK: Int32Array;
  /**
   * Per node x: which active clusters x's scans have seen across its edges: −1 none, a node y of
   * the one active cluster seen, or −2 several. Lets a stopping cluster skip, in releaseBoundary,
   * the nodes whose schedules counted no other active cluster.
   */
  private readonly activeNbr: Int32Array;
  /** Nodes popped at the current time whose next time is computed after the merges. */
  private readonly pending: Int32Array;
  private numPending = 0;
  /** `edgeStamp[e] === stamp` marks a fully grown edge (for deduplication). */
  private readonly edgeStamp: Int32Array;
  /** The timeline: (time, node) entries; an entry whose time is not nodeNext[node] is stale. */
  private readonly timeline = new RadixQueue();
  /** Number of active clusters. */
  private numActive = 0;
  /** Offset from the root left by the last `findOffset`. */
  private foundOffset = 0;
  /** Edges grown at the current time, to merge. */
  private readonly fused: Int32Array;
  private numFused = 0;
  /** All fully grown edges of the shot. */
  private readonly grownList: Int32Array;
  private numGrown = 0;
  private readonly events: Int32Array;
  private numEvents = 0;
  /** The spanning forest of the grown edges (edges whose merge joined two clusters). */
  private readonly treeList: Int32Array;
  private numTree = 0;
  /** Per node, for peeling: degree in the forest and XOR of its forest edges' indices. */
  private readonly treeDegree: Int32Array;
  private readonly treeXor: Int32Array;
  private readonly queue: Int32Array;
  private readonly obsOut: Uint32Array;
  private readonly correction: Int32Array;
  private numCorrection = 0;

  constructor(dem: FlatDem, resolution = UF_MAX_RESOLUTION) {
    const g = buildUnionFindGraph(dem, resolution);
    this.graph = g;
    this.numDetectors = dem.numDetectors;
    this.numObservables = dem.numObservables;
    const N = g.numNodes;
    const M = g.numEdges;
    this.seen = new Uint8Array(N);
    this.touched = new Int32Array(N);
    this.parent = new Int32Array(N);
    this.offset = new Float64Array(N);
    this.size = new Int32Array(N);
    this.parity = new Uint8Array(N);
    this.hasBoundary = new Uint8Array(N);
    this.rootX = new Float64Array(2 * N);
    this.adj = new Int32Array(4 * M);
    for (let k = 0; k < 2 * M; k++) {
      this.adj[2 * k] = g.adjNode[k];
      this.adj[2 * k + 1] = g.edgeLength[g.adjEdge[k]];
    }
    this.defect = new Uint8Array(N);
    this.bHead = new Int32Array(N);
    this.bTail = new Int32Array(N);
    this.bNext = new Int32Array(N);
    this.nodeNext = new Float64Array(N);
    this.nodeMinK = new Int32Array(N);
    this.pending = new Int32Array(N);
    this.activeNbr = new Int32Array(N);
    this.edgeStamp = new Int32Array(M);
    this.fused = new Int32Array(M);
    this.grownList = new Int32Array(M);
    this.events = new Int32Array(N);
    this.treeList = new Int32Array(N);
    this.treeDegree = new Int32Array(N);
    this.treeXor = new Int32Array(N);
    this.queue = new Int32Array(N);
    this.obsOut = new Uint32Array(g.obsWords);
    this.correction = new Int32Array(N);
  }

  /** Decodes every shot (row) of `detectionEvents` into the rows of `predictions` (overwritten). */
  decodeBatch(detectionEvents: BitTable, predictions: BitTable): void {
    checkBatchShapes('unionfind', this.numDetectors, this.numObservables, detectionEvents, predictions);
    const W = this.graph.obsWords;
    const ps = predictions.stride;
    const copy = Math.min(W, ps);
    for (let s = 0; s < detectionEvents.numRows; s++) {
      this.decodeShot(detectionEvents.data, s * detectionEvents.stride);
      const o = s * ps;
      for (let k = 0; k < copy; k++) predictions.data[o + k] = this.obsOut[k];
      for (let k = copy; k < ps; k++) predictions.data[o + k] = 0;
    }
  }

  /**
   * Decodes one shot and returns the correction's edges (as detector pairs, −1 for the boundary),
   * the predicted observables and the fully grown edges (graph edge indices, ascending). Allocates
   * the result (for tests and visualisation).
   * @param detWords the shot's bit-packed detection events (bit d = detector d).
   */
  decodeShotDetailed(detWords: Uint32Array): {
    edges: [number, number][];
    observables: number[];
    grown: number[];
  } {
    this.decodeShot(detWords, 0);
    const D = this.numDetectors;
    const edges: [number, number][] = [];
    for (let i = 0; i < this.numCorrection; i++) {
      const e = this.correction[i];
      const v = this.graph.edgeV[e];
      edges.push([this.graph.edgeU[e], v === D ? -1 : v]);
    }
    const observables: number[] = [];
    for (let o = 0; o < this.numObservables; o++)
      if (((this.obsOut[o >>> 5] >>> (o & 31)) & 1) !== 0) observables.push(o);
    const grown = Array.from(this.grownList.subarray(0, this.numGrown)).sort((a, b) => a - b);
    return { edges, observables, grown };
  }

  // ------------------------------------------------------------------------------------------

  private nextStamp(): void {
    if (++this.stamp === 0x7fffffff) {
      this.edgeStamp.fill(0);
      this.stamp = 1;
    }
  }

  private initNode(x: number): void {
    if (this.seen[x] === 1) return;
    this.seen[x] = 1;
    this.touched[this.numTouched++] = x;
    this.parent[x] = x;
    this.offset[x] = 0;
    this.size[x] = 1;
    this.parity[x] = 0;
    this.hasBoundary[x] = x === this.numDetectors ? 1 : 0;
    this.rootX[2 * x] = 0;
    this.rootX[2 * x + 1] = 0;
    this.defect[x] = 0;
    this.bHead[x] = x;
    this.bTail[x] = x;
    this.bNext[x] = -1;
    this.nodeNext[x] = -1;
    this.activeNbr[x] = -1;
    this.treeDegree[x] = 0;
    this.treeXor[x] = 0;
  }

  /**
   * Root of x (an initialised node), with path compression; leaves in `foundOffset` the sum of
   * the offsets from x to the root, so that X(x) = exposure(root, T) + foundOffset.
   */
  private findOffset(x: number): number {
    const parent = this.parent;
    const offset = this.offset;
    let r = x;
    let total = 0;
    let p = parent[r];
    if (p === r) {
      this.foundOffset = 0;
      return r;
    }
    while (p !== r) {
      total += offset[r];
      r = p;
      p = parent[r];
    }
    // compress: each node on the path points at r with its own total offset
    let rest = total;
    while (x !== r && parent[x] !== r) {
      const nx = parent[x];
      const o = offset[x];
      offset[x] = rest;
      parent[x] = r;
      rest -= o;
      x = nx;
    }
    this.foundOffset = total;
    return r;
  }

  /** 1 if the cluster of root r grows (odd and not touching the boundary), else 0. */
  private activity(r: number): number {
    return this.rootX[2 * r];
  }

  /** The accumulated active time of the cluster of root r at time T. */
  private exposure(r: number, T: number): number {
    return this.rootX[2 * r + 1] + this.rootX[2 * r] * T;
  }

  private decodeShot(det: Uint32Array, off: number): void {
    const g = this.graph;
    const D = this.numDetectors;
    const W = g.obsWords;
    this.nextStamp();
    for (let i = 0; i < this.numTouched; i++) this.seen[this.touched[i]] = 0;
    this.numTouched = 0;
    for (let k = 0; k < W; k++) this.obsOut[k] = 0;
    this.numCorrection = 0;
    this.numGrown = 0;
    this.numTree = 0;
    // events
    const words = (D + 31) >>> 5;
    let ne = 0;
    for (let w = 0; w < words; w++) {
      let x = det[off + w];
      if (w === words - 1 && (D & 31) !== 0) x &= (1 << (D & 31)) - 1;
      while (x !== 0) {
        const low = x & -x;
        const node = (w << 5) + (31 - Math.clz32(low));
        x ^= low;
        this.initNode(node);
        this.defect[node] = 1;
        this.parity[node] = 1;
        this.rootX[2 * node] = 1; // an active singleton: X = T
        this.events[ne++] = node;
      }
    }
    this.numEvents = ne;
    if (ne === 0) return;
    this.grow();
    this.peel();
  }

  /**
   * Event-driven cluster growth until no active cluster can grow (see the file comment: the
   * exposure X(x) of a node is rootX of its root at time T plus the offsets up the forest).
   */
  private grow(): void {
    const timeline = this.timeline;
    timeline.clear();
    this.numActive = this.numEvents;
    for (let i = 0; i < this.numEvents; i++) this.rekeyBoundary(this.events[i], -1, 0);
    while (this.numActive > 0) {
      const T = timeline.popBatch();
      if (T < 0) break;
      // all edges finishing at T, judged on the clusters as they were before T
      this.numFused = 0;
      this.numPending = 0;
      const batch = timeline.batch;
      for (let j = 0, n = timeline.batchSize; j < n; j++) {
        const x = batch[j];
        if (this.nodeNext[x] !== T) continue; // stale entry
        this.nodeNext[x] = -1;
        const r = this.findOffset(x);
        if (this.activity(r) === 0) continue; // its cluster stopped
        const Xx = this.exposure(r, T) + this.foundOffset;
        // Usually one known edge finishes: take it, and find x's next time after the merges
        // (often its cluster stops and x needs none). Otherwise scan all of x's edges now.
        if (this.nodeMinK[x] >= 0 && this.takeMinEdge(x, r, Xx, T)) this.pending[this.numPending++] = x;
        else this.scanNode(x, r, Xx, -1, T);
      }
      let i = 0;
      for (; i < this.numFused; i++) {
        const e = this.fused[i];
        this.merge(e, T);
      }
      for (let j = 0; j < this.numPending; j++) {
        const x = this.pending[j];
        const r = this.findOffset(x);
        if (this.activity(r) === 1) this.scanNode(x, r, this.exposure(r, T) + this.foundOffset, -1, T);
      }
      // (defensive: the invariant of the file comment says no edge can finish at T after the merges)
      for (; i < this.numFused; i++) {
        const e = this.fused[i];
        this.merge(e, T);
      }
    }
  }

  /**
   * At time T, the edge nodeMinK[x] of x (in the active cluster r, exposure Xx) is expected to
   * finish. If it has (or was already grown), marks it grown and returns true; returns false when
   * x must be rescanned (the edge turned internal, or its finish moved later because the other
   * side stopped growing).
   */
  private takeMinEdge(x: number, r: number, Xx: number, T: number): boolean {
    const adj = this.adj;
    const k = this.nodeMinK[x];
    const e = this.graph.adjEdge[k];
    const stamp = this.stamp;
    if (this.edgeStamp[e] === stamp) return true;
    const y = adj[2 * k];
    let rem = adj[2 * k + 1] - Xx;
    if (this.seen[y] === 1) {
      const ry = this.findOffset(y);
      if (ry === r) return false;
      rem -= this.exposure(ry, T) + this.foundOffset;
    }
    if (rem > 0) return false;
    this.edgeStamp[e] = stamp;
    this.fused[this.numFused++] = e;
    this.grownList[this.numGrown++] = e;
    return true;
  }

  /**
   * Scans the edges of node x (in the active cluster of root r, exposure Xx) at time T: edges
   * into r or `other` are internal and skipped; an edge whose growth has reached its length is
   * marked grown and appended to `fused`; x is scheduled at the earliest finish time of the
   * others. Returns false when x has no edge left to grow.
   */
  private scanNode(x: number, r: number, Xx: number, other: number, T: number): boolean {
    const adj = this.adj;
    const seen = this.seen;
    const rootX = this.rootX;
    const stamp = this.stamp;
    const adjStart = this.graph.adjStart;
    let next = Infinity;
    let nextK = -1;
    let live = false;
    const end = adjStart[x + 1];
    for (let k = adjStart[x]; k < end; k++) {
      const y = adj[2 * k];
      let rem: number;
      let rate: number;
      if (seen[y] === 0) {
        // a node no cluster has reached: inactive singleton with zero exposure
        rem = adj[2 * k + 1] - Xx;
        rate = 1;
      } else {
        // (a grown edge joins one cluster, so it is skipped here as internal, except for edges
        // grown at this very time and not merged yet: those are deduplicated below)
        const ry = this.findOffset(y);
        if (ry === r || ry === other) continue; // internal
        const act = rootX[2 * ry];
        rem = adj[2 * k + 1] - Xx - (rootX[2 * ry + 1] + act * T + this.foundOffset);
        rate = 1 + act;
        if (act === 1) {
          const s = this.activeNbr[x];
          if (s === -1) this.activeNbr[x] = y;
          else if (s >= 0 && s !== y && this.findOffset(s) !== ry) this.activeNbr[x] = -2;
        }
      }
      live = true;
      if (rem <= 0) {
        const e = this.graph.adjEdge[k];
        if (this.edgeStamp[e] !== stamp) {
          this.edgeStamp[e] = stamp;
          this.fused[this.numFused++] = e;
          this.grownList[this.numGrown++] = e;
        }
        continue;
      }
      const f = T + (rate === 1 ? rem : Math.ceil(rem * 0.5));
      if (f < next) {
        next = f;
        nextK = k;
      } else if (f === next) nextK = -1;
    }
    if (next !== Infinity) {
      this.nodeNext[x] = next;
      this.nodeMinK[x] = nextK;
      this.timeline.push(next, x);
    }
    return live;
  }

  /**
   * Merges the clusters of u and v at time T. A side that becomes active has its boundary nodes
   * keyed first, while both sides are still separate roots.
   */
  private merge(e: number, T: number): void {
    const u = this.graph.edgeU[e];
    const v = this.graph.edgeV[e];
    this.initNode(u);
    this.initNode(v);
    let a = this.findOffset(u);
    let b = this.findOffset(v);
    if (a === b) return;
    this.treeList[this.numTree++] = e;
    const actA = this.activity(a);
    const actB = this.activity(b);
    const Xa = this.exposure(a, T);
    const Xb = this.exposure(b, T);
    const parity = this.parity[a] ^ this.parity[b];
    const boundary = this.hasBoundary[a] | this.hasBoundary[b];
    const merged = parity === 1 && boundary === 0 ? 1 : 0;
    this.numActive += merged - actA - actB;
    if (merged === 1) {
      // the side that was inactive starts growing (the active side keeps its keys)
      if (actA === 0) this.rekeyBoundary(a, b, T);
      if (actB === 0) this.rekeyBoundary(b, a, T);
    } else {
      // a side that stops hands its edges into active clusters back to their other ends
      if (actA === 1) this.releaseBoundary(a, b, T);
      if (actB === 1) this.releaseBoundary(b, a, T);
    }
    let Xroot = Xa;
    let Xchild = Xb;
    if (this.size[a] < this.size[b]) {
      const t = a;
      a = b;
      b = t;
      Xroot = Xb;
      Xchild = Xa;
    }
    // b under a, keeping every node's exposure: X(b) = X(a) + offset[b]
    this.parent[b] = a;
    this.offset[b] = Xchild - Xroot;
    this.size[a] += this.size[b];
    this.parity[a] = parity;
    this.hasBoundary[a] = boundary;
    this.rootX[2 * a] = merged;
    this.rootX[2 * a + 1] = Xroot - merged * T;
    const bHead = this.bHead;
    if (bHead[b] !== -1) {
      if (bHead[a] === -1) {
        bHead[a] = bHead[b];
        this.bTail[a] = this.bTail[b];
      } else {
        this.bNext[this.bTail[a]] = bHead[b];
        this.bTail[a] = this.bTail[b];
      }
    }
  }

  /**
   * Keys, at time T, the boundary nodes of the cluster of root r, which is (now) active; edges
   * into `other` (a root about to be merged with r, or −1) count as internal. Boundary nodes with
   * nothing left to grow leave the list.
   */
  private rekeyBoundary(r: number, other: number, T: number): void {
    const bHead = this.bHead;
    const bNext = this.bNext;
    const Xr = this.exposure(r, T);
    let prev = -1;
    let x = bHead[r];
    while (x !== -1) {
      const nx = bNext[x];
      this.findOffset(x);
      const Xx = Xr + this.foundOffset;
      if (this.scanNode(x, r, Xx, other, T)) {
        if (prev === -1) bHead[r] = x;
        else bNext[prev] = x;
        prev = x;
      }
      x = nx;
    }
    if (prev === -1) bHead[r] = -1;
    else {
      bNext[prev] = -1;
      this.bTail[r] = prev;
    }
  }

  /**
   * The cluster of root r (active until now) stops growing at time T, merging with `other`. Its
   * boundary nodes may have been the ones scheduled for an edge into another active cluster
   * (whose own schedule did not count r's growth): each such edge's other end y is scheduled no
   * later than the edge's finish at rate 1, with a full rescan when popped.
   */
  private releaseBoundary(r: number, other: number, T: number): void {
    const adj = this.adj;
    const seen = this.seen;
    const rootX = this.rootX;
    const nodeNext = this.nodeNext;
    const adjStart = this.graph.adjStart;
    const Xr = this.exposure(r, T);
    for (let x = this.bHead[r]; x !== -1; x = this.bNext[x]) {
      const s = this.activeNbr[x];
      if (s === -1) continue; // x's schedules never counted another active cluster
      if (s >= 0) {
        const rs = this.findOffset(s);
        if (rs === r || rs === other) continue; // the one it counted is merging with r now
      }
      this.findOffset(x);
      const Xx = Xr + this.foundOffset;
      const end = adjStart[x + 1];
      for (let k = adjStart[x]; k < end; k++) {
        const y = adj[2 * k];
        if (seen[y] === 0) continue; // fresh: inactive
        const ry = this.findOffset(y);
        if (ry === r || ry === other || rootX[2 * ry] === 0) continue;
        const f = T + adj[2 * k + 1] - Xx - (rootX[2 * ry + 1] + T + this.foundOffset);
        const t = nodeNext[y];
        if (t === -1 || f < t) {
          nodeNext[y] = f < T ? T : f;
          this.nodeMinK[y] = -1;
          this.timeline.push(nodeNext[y], y);
        } else if (f === t) this.nodeMinK[y] = -1;
      }
    }
  }

  /** Peels the spanning forest from its leaves (see the file comment). */
  private peel(): void {
    const g = this.graph;
    const D = this.numDetectors;
    const W = g.obsWords;
    const edgeU = g.edgeU;
    const edgeV = g.edgeV;
    const deg = this.treeDegree;
    const xor = this.treeXor;
    const defect = this.defect;
    const queue = this.queue;
    for (let i = 0; i < this.numTree; i++) {
      const e = this.treeList[i];
      deg[edgeU[e]]++;
      deg[edgeV[e]]++;
      xor[edgeU[e]] ^= e;
      xor[edgeV[e]] ^= e;
    }
    let n = 0;
    for (let i = 0; i < this.numTree; i++) {
      const e = this.treeList[i];
      if (deg[edgeU[e]] === 1) queue[n++] = edgeU[e];
      if (deg[edgeV[e]] === 1 && edgeV[e] !== D) queue[n++] = edgeV[e];
    }
    while (n > 0) {
      const x = queue[--n];
      if (deg[x] !== 1) continue; // its last neighbour was peeled into it: a tree's last node
      const e = xor[x];
      const y = edgeU[e] === x ? edgeV[e] : edgeU[e];
      deg[x] = 0;
      xor[y] ^= e;
      if (--deg[y] === 1 && y !== D) queue[n++] = y;
      if (defect[x] === 0) continue;
      defect[x] = 0;
      defect[y] ^= 1;
      this.correction[this.numCorrection++] = e;
      for (let k = 0; k < W; k++) this.obsOut[k] ^= g.edgeObs[e * W + k];
    }
  }
}

/** The union-find decoder family (`unionfind`): graphlike DEMs only; no options. */
export const UNION_FIND_DECODER: Decoder = {
  name: 'unionfind',
  compile(dem: FlatDem, options?: Record<string, unknown>): UnionFindCompiledDecoder {
    const o = resolveDecoderOptions('unionfind', UNION_FIND_OPTIONS, options);
    return new UnionFindCompiledDecoder(dem, o.weightResolution as number);
  },
};
