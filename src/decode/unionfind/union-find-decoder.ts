/**
 * Union-find decoder (`unionfind`) for graphlike DEMs, after Delfosse & Nickerson, "Almost-linear
 * time decoding algorithm for topological codes", Quantum 5, 595 (2021), with weighted growth
 * (as in Huang, Newman & Brown, "Fault-tolerant weighted union-find decoding on the toric code",
 * PRA 102, 012419 (2020)).
 *
 * Graph: one node per detector plus one boundary node; one edge per graphlike error component
 * (the `^`-separated components of decomposed errors are separate edges, each with its error's
 * probability). Parallel edges with the same observables are merged (p1 + p2 − 2 p1 p2); with
 * different observables the more likely one is kept. Each edge gets an integer length
 * w = max(1, round(R × log((1−p)/p) / max log((1−p)/p))) so likelier edges are shorter (R is
 * the `weightResolution` option).
 * A component flipping more than two detectors is a hyperedge: UnsupportedError.
 *
 * Per shot:
 * 1. Syndrome validation (cluster growth). Every detection event starts an odd cluster. In each
 *    round every odd cluster (odd number of events, not containing the boundary) grows all its
 *    boundary edges by one unit from its side — an edge between two odd clusters grows by two
 *    (half-edge growth from both ends). Rather than step unit by unit, the round jumps straight
 *    to the first time some edge becomes fully grown (growth = length), which is equivalent
 *    because clusters do not change between merges. Fully grown edges merge their endpoints'
 *    clusters with union by size and path compression; parities XOR and the boundary flag ORs.
 *    Each cluster keeps a linked list of its boundary nodes (those with a not-yet-grown edge
 *    leaving it), concatenated in O(1) on union and pruned lazily, as in Delfosse–Nickerson.
 *    Growth stops when no odd cluster is left.
 * 2. Peeling (Delfosse & Zémor, "Linear-time maximum likelihood decoding of surface codes over
 *    the quantum erasure channel", PRR 2, 033042 (2020)): a spanning forest of the fully grown
 *    edges by BFS, rooted at the boundary node for the tree that contains it; the tree edges are
 *    then peeled from the leaves up — an edge (parent, child) joins the correction when the child
 *    carries a defect, which then moves to the parent. The prediction is the XOR of the
 *    observables of the correction's edges.
 *
 * A syndrome that no set of edges can produce (an odd cluster with nothing left to grow) leaves
 * that cluster unresolved; the prediction is still well-formed. Not exact: this is a fast
 * approximation of minimum-weight matching.
 *
 * Memory: all scratch arrays are fields sized at compile time (O(nodes + edges)), reset lazily
 * with stamps; decodeBatch allocates nothing per shot.
 */
import { UnsupportedError } from '../../base/errors.js';
import type { FlatDem } from '../../dem/dem.js';
import type { BitTable } from '../../mem/bit-table.js';
import type { CompiledDecoder, Decoder } from '../decoder.js';
import {
  checkBatchShapes,
  checkFlatDem,
  resolveDecoderOptions,
  xorProbability,
  type DecoderOptionSpec,
} from '../decoder-support.js';

/** Largest accepted `weightResolution`. */
export const UF_MAX_RESOLUTION = 1 << 16;

/** Options of the union-find decoder. */
export const UNION_FIND_OPTIONS: readonly DecoderOptionSpec[] = [
  {
    name: 'weightResolution',
    kind: 'integer',
    default: 1 << 16,
    min: 1,
    max: UF_MAX_RESOLUTION,
    description:
      'edge lengths are round(resolution × log((1-p)/p) / max log((1-p)/p)), at least 1; 1 = unweighted growth. Coarser is faster (more edges complete per round)',
  },
];

/** The detector graph used by the union-find decoder. */
export interface UnionFindGraph {
  /** Number of nodes: detectors plus the boundary node (whose index is numDetectors). */
  readonly numNodes: number;
  readonly numEdges: number;
  /** Endpoints of each edge (edgeV = numDetectors for boundary edges). */
  readonly edgeU: Int32Array;
  readonly edgeV: Int32Array;
  /** Integer length of each edge in [1, resolution]. */
  readonly edgeLength: Int32Array;
  /** Merged probability of each edge. */
  readonly edgeProbability: Float64Array;
  /** Observable masks, obsWords words per edge. */
  readonly edgeObs: Uint32Array;
  readonly obsWords: number;
  /** CSR adjacency: neighbours of node x are adjNode[adjStart[x] .. adjStart[x+1]-1], via adjEdge. */
  readonly adjStart: Int32Array;
  readonly adjNode: Int32Array;
  readonly adjEdge: Int32Array;
}

/**
 * Builds the union-find graph of a graphlike DEM.
 * @throws ValidationError on an invalid DEM; UnsupportedError on a component with > 2 detectors.
 */
export function buildUnionFindGraph(dem: FlatDem, resolution = UF_MAX_RESOLUTION): UnionFindGraph {
  checkFlatDem(dem, 'unionfind');
  const D = dem.numDetectors;
  const B = D;
  const obsWords = (dem.numObservables + 31) >>> 5;
  const key = new Map<string, number>();
  const us: number[] = [];
  const vs: number[] = [];
  const ps: number[] = [];
  const obs: number[][] = [];
  for (let i = 0; i < dem.errors.length; i++) {
    const e = dem.errors[i];
    if (e.probability === 0) continue;
    const comps =
      e.components.length > 0 ? e.components : [{ detectors: e.detectors, observables: e.observables }];
    for (const comp of comps) {
      // A component as written may repeat a detector (which cancels); reduce it first.
      const c =
        comp.detectors.length > 2
          ? { detectors: xorReduce(comp.detectors), observables: comp.observables }
          : comp;
      if (c.detectors.length > 2)
        throw new UnsupportedError(
          `unionfind: error #${i} has a component flipping ${c.detectors.length} detectors ` +
            `(D${c.detectors.join(' D')}); the union-find decoder needs graphlike errors (at most 2 detectors per ` +
            `component). Decompose the DEM (analyze_errors with decomposeErrors) or use the bposd or lookup decoder.`,
          { index: i, detectors: c.detectors },
        );
      if (c.detectors.length === 0) continue; // undetectable: no edge can explain or cause it
      const u = c.detectors[0];
      const v = c.detectors.length === 2 ? c.detectors[1] : B;
      if (u === v) continue;
      const a = Math.min(u, v);
      const b = Math.max(u, v);
      const mask = new Array<number>(obsWords).fill(0);
      for (const o of c.observables) mask[o >>> 5] ^= 1 << (o & 31);
      const k = `${a},${b}`;
      const j = key.get(k);
      if (j === undefined) {
        key.set(k, us.length);
        us.push(a);
        vs.push(b);
        ps.push(e.probability);
        obs.push(mask);
      } else if (obs[j].every((w, t) => w === mask[t])) ps[j] = xorProbability(ps[j], e.probability);
      else if (e.probability > ps[j]) {
        ps[j] = e.probability;
        obs[j] = mask;
      }
    }
  }
  const M = us.length;
  const N = D + 1;
  let maxLog = 0;
  const logs = ps.map((p) => (p >= 0.5 ? 0 : Math.log((1 - p) / p)));
  for (const l of logs) maxLog = Math.max(maxLog, l);
  const edgeLength = new Int32Array(M);
  for (let j = 0; j < M; j++)
    edgeLength[j] = maxLog === 0 ? 1 : Math.max(1, Math.round((resolution * logs[j]) / maxLog));
  const edgeObs = new Uint32Array(M * obsWords);
  for (let j = 0; j < M; j++) for (let t = 0; t < obsWords; t++) edgeObs[j * obsWords + t] = obs[j][t];
  const deg = new Int32Array(N + 1);
  for (let j = 0; j < M; j++) {
    deg[us[j] + 1]++;
    deg[vs[j] + 1]++;
  }
  for (let x = 0; x < N; x++) deg[x + 1] += deg[x];
  const adjStart = deg.slice();
  const fill = deg.slice(0, N);
  const adjNode = new Int32Array(2 * M);
  const adjEdge = new Int32Array(2 * M);
  for (let j = 0; j < M; j++) {
    adjNode[fill[us[j]]] = vs[j];
    adjEdge[fill[us[j]]++] = j;
    adjNode[fill[vs[j]]] = us[j];
    adjEdge[fill[vs[j]]++] = j;
  }
  return {
    numNodes: N,
    numEdges: M,
    edgeU: Int32Array.from(us),
    edgeV: Int32Array.from(vs),
    edgeLength,
    edgeProbability: Float64Array.from(ps),
    edgeObs,
    obsWords,
    adjStart,
    adjNode,
    adjEdge,
  };
}

/** The ids occurring an odd number of times, ascending. */
function xorReduce(ids: readonly number[]): number[] {
  const odd = new Set<number>();
  for (const x of ids)
    if (odd.has(x)) odd.delete(x);
    else odd.add(x);
  return [...odd].sort((a, b) => a - b);
}

/** The compiled union-find decoder of one DEM. Holds per-shot scratch: one instance per worker. */
export class UnionFindCompiledDecoder implements CompiledDecoder {
  readonly numDetectors: number;
  readonly numObservables: number;
  readonly graph: UnionFindGraph;

  // ---- per-shot scratch, reset lazily by stamps ----
  private stamp = 0;
  private readonly nodeStamp: Int32Array;
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  private readonly parity: Uint8Array;
  private readonly hasBoundary: Uint8Array;
  private readonly defect: Uint8Array;
  /** Boundary-node lists per cluster root (linked through bNext). */
  private readonly bHead: Int32Array;
  private readonly bTail: Int32Array;
  private readonly bNext: Int32Array;
  private readonly edgeStamp: Int32Array;
  private readonly growth: Int32Array;
  private readonly rate: Int32Array;
  private readonly roundEdges: Int32Array;
  private readonly fused: Int32Array;
  /** All fully grown edges of the shot. */
  private readonly grownList: Int32Array;
  private numGrown = 0;
  private active: Int32Array;
  private nextActive: Int32Array;
  private readonly seen: Int32Array;
  private seenStamp = 0;
  private readonly events: Int32Array;
  private numEvents = 0;
  /** Grown-edge adjacency (linked half-edges) and BFS scratch for peeling. */
  private readonly gHead: Int32Array;
  private readonly gHeadStamp: Int32Array;
  private readonly hNext: Int32Array;
  private readonly visited: Int32Array;
  private readonly queue: Int32Array;
  private readonly parentEdge: Int32Array;
  private readonly parentNode: Int32Array;
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
    this.nodeStamp = new Int32Array(N);
    this.parent = new Int32Array(N);
    this.size = new Int32Array(N);
    this.parity = new Uint8Array(N);
    this.hasBoundary = new Uint8Array(N);
    this.defect = new Uint8Array(N);
    this.bHead = new Int32Array(N);
    this.bTail = new Int32Array(N);
    this.bNext = new Int32Array(N);
    this.edgeStamp = new Int32Array(M);
    this.growth = new Int32Array(M);
    this.rate = new Int32Array(M);
    this.roundEdges = new Int32Array(M);
    this.fused = new Int32Array(M);
    this.grownList = new Int32Array(M);
    this.active = new Int32Array(N);
    this.nextActive = new Int32Array(N);
    this.seen = new Int32Array(N);
    this.events = new Int32Array(N);
    this.gHead = new Int32Array(N);
    this.gHeadStamp = new Int32Array(N);
    this.hNext = new Int32Array(2 * M);
    this.visited = new Int32Array(N);
    this.queue = new Int32Array(N);
    this.parentEdge = new Int32Array(N);
    this.parentNode = new Int32Array(N);
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
   * Decodes one shot and returns the correction's edges (as detector pairs, −1 for the boundary)
   * and predicted observables. Allocates the result (for tests and visualisation).
   * @param detWords the shot's bit-packed detection events (bit d = detector d).
   */
  decodeShotDetailed(detWords: Uint32Array): { edges: [number, number][]; observables: number[] } {
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
    return { edges, observables };
  }

  // ------------------------------------------------------------------------------------------

  private nextStamp(): void {
    if (++this.stamp === 0x7fffffff) {
      this.nodeStamp.fill(0);
      this.edgeStamp.fill(0);
      this.gHeadStamp.fill(0);
      this.visited.fill(0);
      this.stamp = 1;
    }
  }

  private initNode(x: number): void {
    if (this.nodeStamp[x] === this.stamp) return;
    this.nodeStamp[x] = this.stamp;
    this.parent[x] = x;
    this.size[x] = 1;
    this.parity[x] = 0;
    this.hasBoundary[x] = x === this.numDetectors ? 1 : 0;
    this.defect[x] = 0;
    this.bHead[x] = x;
    this.bTail[x] = x;
    this.bNext[x] = -1;
  }

  private find(x: number): number {
    const parent = this.parent;
    let r = x;
    while (parent[r] !== r) r = parent[r];
    while (parent[x] !== r) {
      const nx = parent[x];
      parent[x] = r;
      x = nx;
    }
    return r;
  }

  private union(a: number, b: number): void {
    a = this.find(a);
    b = this.find(b);
    if (a === b) return;
    if (this.size[a] < this.size[b]) {
      const t = a;
      a = b;
      b = t;
    }
    this.parent[b] = a;
    this.size[a] += this.size[b];
    this.parity[a] ^= this.parity[b];
    this.hasBoundary[a] |= this.hasBoundary[b];
    if (this.bHead[b] !== -1) {
      if (this.bHead[a] === -1) {
        this.bHead[a] = this.bHead[b];
        this.bTail[a] = this.bTail[b];
      } else {
        this.bNext[this.bTail[a]] = this.bHead[b];
        this.bTail[a] = this.bTail[b];
      }
    }
  }

  private decodeShot(det: Uint32Array, off: number): void {
    const g = this.graph;
    const D = this.numDetectors;
    const W = g.obsWords;
    this.nextStamp();
    for (let k = 0; k < W; k++) this.obsOut[k] = 0;
    this.numCorrection = 0;
    this.numGrown = 0;
    // events
    const words = (D + 31) >>> 5;
    let numActive = 0;
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
        this.events[ne++] = node;
        this.active[numActive++] = node;
      }
    }
    this.numEvents = ne;
    if (ne === 0) return;
    this.grow(numActive);
    this.peel();
  }

  /** Cluster growth until no odd cluster can grow. */
  private grow(numActive: number): void {
    const g = this.graph;
    const adjStart = g.adjStart;
    const adjNode = g.adjNode;
    const adjEdge = g.adjEdge;
    const len = g.edgeLength;
    const growth = this.growth;
    const rate = this.rate;
    const edgeStamp = this.edgeStamp;
    const bHead = this.bHead;
    const bNext = this.bNext;
    const stamp = this.stamp;
    while (numActive > 0) {
      // 1. rates of the boundary edges of the odd clusters (pruning the boundary lists)
      let nt = 0;
      for (let i = 0; i < numActive; i++) {
        const r = this.active[i];
        let prev = -1;
        let x = bHead[r];
        while (x !== -1) {
          const nx = bNext[x];
          let keep = false;
          for (let a = adjStart[x]; a < adjStart[x + 1]; a++) {
            const e = adjEdge[a];
            if (edgeStamp[e] !== stamp) {
              edgeStamp[e] = stamp;
              growth[e] = 0;
              rate[e] = 0;
            }
            if (growth[e] >= len[e]) continue;
            const y = adjNode[a];
            this.initNode(y);
            if (this.find(y) === r) continue;
            keep = true;
            if (rate[e] === 0) this.roundEdges[nt++] = e;
            rate[e]++;
          }
          if (keep) {
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
      if (nt === 0) break; // every odd cluster is stuck: the syndrome is impossible
      // 2. jump to the first completion
      let step = 0x7fffffff;
      for (let i = 0; i < nt; i++) {
        const e = this.roundEdges[i];
        const need = Math.ceil((len[e] - growth[e]) / rate[e]);
        if (need < step) step = need;
      }
      // 3. grow, collect fully grown edges
      let nf = 0;
      for (let i = 0; i < nt; i++) {
        const e = this.roundEdges[i];
        const gr = growth[e] + step * rate[e];
        rate[e] = 0;
        if (gr >= len[e]) {
          growth[e] = len[e];
          this.fused[nf++] = e;
          this.grownList[this.numGrown++] = e;
        } else growth[e] = gr;
      }
      // 4. merge
      for (let i = 0; i < nf; i++) {
        const e = this.fused[i];
        this.union(g.edgeU[e], g.edgeV[e]);
      }
      // 5. the odd clusters that remain
      if (++this.seenStamp === 0x7fffffff) {
        this.seen.fill(0);
        this.seenStamp = 1;
      }
      let na = 0;
      for (let i = 0; i < numActive; i++) {
        const r = this.find(this.active[i]);
        if (this.seen[r] === this.seenStamp) continue;
        this.seen[r] = this.seenStamp;
        if (this.parity[r] === 1 && this.hasBoundary[r] === 0 && bHead[r] !== -1) this.nextActive[na++] = r;
      }
      const t = this.active;
      this.active = this.nextActive;
      this.nextActive = t;
      numActive = na;
    }
  }

  /** Spanning forest of the grown edges (BFS), then peeling from the leaves. */
  private peel(): void {
    const g = this.graph;
    const D = this.numDetectors;
    const W = g.obsWords;
    const stamp = this.stamp;
    const gHead = this.gHead;
    const gHeadStamp = this.gHeadStamp;
    const hNext = this.hNext;
    // grown-edge adjacency: half-edge h = 2*k (+1) of grown edge k of the list
    for (let k = 0; k < this.numGrown; k++) {
      const e = this.grownList[k];
      const u = g.edgeU[e];
      const v = g.edgeV[e];
      if (gHeadStamp[u] !== stamp) {
        gHeadStamp[u] = stamp;
        gHead[u] = -1;
      }
      if (gHeadStamp[v] !== stamp) {
        gHeadStamp[v] = stamp;
        gHead[v] = -1;
      }
      hNext[2 * k] = gHead[u];
      gHead[u] = 2 * k;
      hNext[2 * k + 1] = gHead[v];
      gHead[v] = 2 * k + 1;
    }
    const visited = this.visited;
    const queue = this.queue;
    let qEnd = 0;
    // BFS roots: the boundary first (so its tree is rooted there), then every event
    for (let root = -1; root < this.numEvents; root++) {
      const r = root === -1 ? D : this.events[root];
      if (visited[r] === stamp) continue;
      if (root === -1 && gHeadStamp[D] !== stamp) continue;
      visited[r] = stamp;
      this.parentEdge[r] = -1;
      let q = qEnd;
      queue[qEnd++] = r;
      while (q < qEnd) {
        const x = queue[q++];
        if (gHeadStamp[x] !== stamp) continue;
        for (let h = gHead[x]; h !== -1; h = hNext[h]) {
          const e = this.grownList[h >>> 1];
          const y = (h & 1) === 0 ? g.edgeV[e] : g.edgeU[e];
          if (visited[y] === stamp) continue;
          visited[y] = stamp;
          this.parentEdge[y] = e;
          this.parentNode[y] = x;
          queue[qEnd++] = y;
        }
      }
    }
    // peel in reverse BFS order: every non-root node after its descendants
    const defect = this.defect;
    for (let i = qEnd - 1; i >= 0; i--) {
      const y = queue[i];
      const e = this.parentEdge[y];
      if (e === -1 || defect[y] === 0) continue;
      defect[y] = 0;
      defect[this.parentNode[y]] ^= 1;
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
