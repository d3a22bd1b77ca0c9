/**
 * Two-pass correlated minimum-weight perfect matching, registered as `mwpm-correlated` (Fowler
 * 2013, "Optimal complexity correction of correlated errors in the surface code", arXiv:1310.0863;
 * the rule of PyMatching 2.x `enable_correlations`, see {@link buildCorrelationRules}).
 *
 * Per shot:
 * 1. First pass: exact MWPM of the detection events on the plain graph (sparse blossom, the `mwpm`
 *    decoder). A shot whose solution uses no edge with correlation rules is done: its prediction
 *    is the first pass's.
 * 2. The edges of the solution are recovered as one shortest path per matched pair (Dijkstra on the
 *    plain integer weights, stopped at the partner or at the cheapest way to the boundary; when
 *    several shortest paths tie, one of them). For every used edge c and every rule (c → a) the
 *    weight of a becomes min(weight(a), w(a | c)).
 * 3. Second pass: exact MWPM on the re-weighted graph. Re-weighting only lowers weights, so each
 *    event's plain boundary distance b(u) bounds its new one b'(u), and a pair (u, v) can only beat
 *    sending both to the boundary when d'(u, v) < b(u) + b(v): one Dijkstra per event, stopped at
 *    radius b(u) + max_v b(v), finds every such pair with its exact distance and observables, and
 *    b'(u). The pairs split into connected components, each matched exactly by Edmonds' blossom
 *    algorithm ({@link minWeightPerfectMatching}) with one boundary copy per event (copies joined
 *    to each other at weight 0). The prediction is the XOR of the chosen paths' observables.
 *
 * The second pass's matching is a global minimum of the re-weighted objective (same integer
 * weights), so predictions differ from PyMatching's correlated matching only on exact ties. Cost:
 * the first pass as `mwpm`, plus, on shots that use a correlated edge, one Dijkstra per pair and
 * per event (their balls cover a few boundary distances) and Edmonds on the components; several
 * times `mwpm`'s cost per shot at p = 0.001–0.005. Not reentrant: compile one per worker.
 */
import { ValidationError } from '../../base/errors.js';
import type { FlatDem } from '../../dem/dem.js';
import type { BitTable } from '../../mem/bit-table.js';
import type { CompiledDecoder, Decoder } from '../decoder.js';
import { checkBatchShapes, checkFlatDem, resolveDecoderOptions } from '../decoder-support.js';
import { minWeightPerfectMatching } from '../matching/blossom.js';
import { MinHeap, type MatchingGraph } from '../matching/matching-graph.js';
import { SparseBlossomDecoder } from '../matching/sparse-blossom-decoder.js';
import { buildCorrelationRules, type CorrelationRules } from './correlation-rules.js';

/** What one shot's decoding did, for tests and studies ({@link CorrelatedMatchingDecoder.decodeShot}). */
export interface CorrelatedShot {
  /** Observables predicted by the first (plain) pass, ascending. */
  readonly firstPass: readonly number[];
  /** Observables predicted after the second pass (the decoder's prediction), ascending. */
  readonly observables: readonly number[];
  /** Edges whose weight the first pass's solution lowered (0: no second pass was run). */
  readonly reweightedEdges: number;
  /** Total integer weight of the second pass's matching (re-weighted), or of the first pass's when none ran. */
  readonly weight: number;
}

/** The compiled correlated-matching decoder of one decomposed DEM. */
export class CorrelatedMatchingDecoder implements CompiledDecoder {
  readonly numDetectors: number;
  readonly numObservables: number;
  readonly graph: MatchingGraph;
  readonly rules: CorrelationRules;
  private readonly first: SparseBlossomDecoder;
  private readonly W: number;

  // ---- per-shot scratch ----
  /** Current edge weights (plain weights outside a shot; lowered entries listed in `lowered`). */
  private readonly weight: Int32Array;
  private readonly lowered: Int32Array;
  private numLowered = 0;
  private readonly usedStamp: Int32Array;
  private readonly dist: Float64Array;
  private readonly pred: Int32Array;
  private readonly obs: Uint32Array;
  private readonly done: Int32Array;
  private stamp = 0;
  private readonly touched: Int32Array;
  private numTouched = 0;
  private readonly heap: MinHeap;
  private readonly nodeEvent: Int32Array;
  private readonly obsOut: Uint32Array;
  /** Cheapest way to the boundary of the last Dijkstra: its length and the node it leaves from. */
  private bestB = Infinity;
  private bestBNode = -1;
  /** Number of shots decoded and of shots that needed the second pass (since compile). */
  shots = 0;
  secondPassShots = 0;

  /** @param dem a decomposed flat DEM (not kept). @throws as `buildMatchingGraph`. */
  constructor(dem: FlatDem) {
    this.first = new SparseBlossomDecoder(dem);
    const g = this.first.graph;
    this.graph = g;
    this.rules = buildCorrelationRules(dem, g);
    this.numDetectors = dem.numDetectors;
    this.numObservables = dem.numObservables;
    const n = g.numDetectors;
    this.W = g.obsWords;
    this.weight = Int32Array.from(g.edgeWeight);
    this.lowered = new Int32Array(g.numEdges);
    this.usedStamp = new Int32Array(g.numEdges);
    this.dist = new Float64Array(n).fill(Infinity);
    this.pred = new Int32Array(n);
    this.obs = new Uint32Array(n * this.W);
    this.done = new Int32Array(n);
    this.touched = new Int32Array(n);
    this.heap = new MinHeap(n + 16);
    this.nodeEvent = new Int32Array(n).fill(-1);
    this.obsOut = new Uint32Array(this.W);
  }

  /** Decodes every shot (row) of `detectionEvents` into the rows of `predictions` (overwritten). */
  decodeBatch(detectionEvents: BitTable, predictions: BitTable): void {
    checkBatchShapes('mwpm-correlated', this.numDetectors, this.numObservables, detectionEvents, predictions);
    const copy = Math.min(this.W, predictions.stride);
    const out = predictions.data;
    const st = detectionEvents.stride;
    for (let s = 0; s < detectionEvents.numRows; s++) {
      this.solve(detectionEvents.data.subarray(s * st, (s + 1) * st));
      const o = s * predictions.stride;
      for (let k = 0; k < copy; k++) out[o + k] = this.obsOut[k];
      for (let k = copy; k < predictions.stride; k++) out[o + k] = 0;
    }
  }

  /** Decodes one shot (its bit-packed detection events) and reports both passes. Allocates the result. */
  decodeShot(detWords: Uint32Array): CorrelatedShot {
    const r = this.solve(detWords);
    return { ...r, observables: this.observableList() };
  }

  /**
   * Exact MWPM of one shot on the plain weights by this decoder's second-pass engine (for tests:
   * its weight must equal `mwpm`'s). Returns the total integer weight and the predicted observables.
   */
  plainMatching(detWords: Uint32Array): { weight: number; observables: readonly number[] } {
    const events = this.first.matchShot(detWords).events;
    const weight = this.match(events);
    return { weight, observables: this.observableList() };
  }

  // ------------------------------------------------------------------------------------------

  private observableList(): number[] {
    const out: number[] = [];
    for (let o = 0; o < this.numObservables; o++)
      if (((this.obsOut[o >>> 5] >>> (o & 31)) & 1) !== 0) out.push(o);
    return out;
  }

  /** Both passes; leaves the prediction in obsOut. */
  private solve(detWords: Uint32Array): Omit<CorrelatedShot, 'observables'> {
    const g = this.graph;
    const r = this.rules;
    this.shots++;
    const m1 = this.first.matchShot(detWords);
    this.obsOut.fill(0);
    for (const o of m1.observables) this.obsOut[o >>> 5] |= 1 << (o & 31);
    if (r.numRules === 0 || m1.pairs.length === 0)
      return { firstPass: m1.observables, reweightedEdges: 0, weight: m1.weight };
    // Step 2: the solution's edges, and the weights their rules lower.
    const useStamp = this.shots;
    this.numLowered = 0;
    for (const pair of m1.pairs) {
      this.dijkstra(pair.a, g.edgeWeight, Infinity, pair.b);
      let x = pair.b;
      if (x < 0) {
        x = this.bestBNode;
        this.useEdge(g.boundaryEdge[x], useStamp);
      }
      while (x !== pair.a) {
        const e = this.pred[x];
        this.useEdge(e, useStamp);
        x = g.edgeA[e] === x ? g.edgeB[e] : g.edgeA[e];
      }
    }
    if (this.numLowered === 0) return { firstPass: m1.observables, reweightedEdges: 0, weight: m1.weight };
    this.secondPassShots++;
    const lowered = this.numLowered;
    let weight: number;
    try {
      weight = this.match(m1.events);
    } finally {
      for (let i = 0; i < this.numLowered; i++) {
        const a = this.lowered[i];
        this.weight[a] = g.edgeWeight[a];
      }
      this.numLowered = 0;
    }
    return { firstPass: m1.observables, reweightedEdges: lowered, weight };
  }

  /** Marks edge e used (once per shot) and applies its rules to the current weights. */
  private useEdge(e: number, useStamp: number): void {
    if (this.usedStamp[e] === useStamp) return;
    this.usedStamp[e] = useStamp;
    const r = this.rules;
    for (let i = r.ruleStart[e]; i < r.ruleStart[e + 1]; i++) {
      const a = r.ruleEdge[i];
      const w = r.ruleWeight[i];
      if (w < this.weight[a]) {
        if (this.weight[a] === this.graph.edgeWeight[a]) this.lowered[this.numLowered++] = a;
        this.weight[a] = w;
      }
    }
  }

  /**
   * Dijkstra from `src` on edge weights `w`, up to distance `radius`, stopping early when `target`
   * (a node, or -1 for the boundary) is reached. Leaves dist/pred/obs of the settled nodes (stamped
   * in `done`) and the cheapest boundary exit in bestB/bestBNode.
   */
  private dijkstra(src: number, w: Int32Array, radius: number, target = -2): void {
    const g = this.graph;
    const W = this.W;
    const dist = this.dist;
    const obs = this.obs;
    for (let i = 0; i < this.numTouched; i++) dist[this.touched[i]] = Infinity;
    this.numTouched = 0;
    const stamp = ++this.stamp;
    const heap = this.heap;
    heap.clear();
    dist[src] = 0;
    this.pred[src] = -1;
    for (let k = 0; k < W; k++) obs[src * W + k] = 0;
    this.touched[this.numTouched++] = src;
    heap.push(0, src);
    this.bestB = Infinity;
    this.bestBNode = -1;
    while (heap.size > 0) {
      const d = heap.topKey();
      const x = heap.pop();
      if (this.done[x] === stamp || d > dist[x]) continue;
      if (d > radius || (target === -1 && d >= this.bestB)) break;
      this.done[x] = stamp;
      const be = g.boundaryEdge[x];
      if (be >= 0 && d + w[be] < this.bestB) {
        this.bestB = d + w[be];
        this.bestBNode = x;
      }
      if (x === target) break;
      for (let i = g.adjStart[x]; i < g.adjStart[x + 1]; i++) {
        const y = g.adjNode[i];
        const e = g.adjEdge[i];
        const nd = d + w[e];
        if (nd < dist[y] && this.done[y] !== stamp) {
          if (dist[y] === Infinity) this.touched[this.numTouched++] = y;
          dist[y] = nd;
          this.pred[y] = e;
          for (let k = 0; k < W; k++) obs[y * W + k] = obs[x * W + k] ^ g.edgeObs[e * W + k];
          heap.push(nd, y);
        }
      }
    }
    if (target === -1 && this.bestBNode < 0) this.unmatchable([src]);
  }

  /**
   * Exact MWPM of `events` on the current weights (step 3 of the file comment). Leaves the
   * prediction (with the graph's flips) in obsOut and returns the matching's total weight.
   */
  private match(events: readonly number[]): number {
    const g = this.graph;
    const W = this.W;
    const k = events.length;
    for (let j = 0; j < W; j++) this.obsOut[j] = g.flipObservables[j];
    if (k === 0) return 0;
    let maxB = 0;
    for (let i = 0; i < k; i++) {
      this.nodeEvent[events[i]] = i;
      if (g.boundaryDist[events[i]] > maxB) maxB = g.boundaryDist[events[i]];
    }
    const bnd = new Float64Array(k);
    const bndObs = new Uint32Array(k * W);
    const pu: number[] = [];
    const pv: number[] = [];
    const pw: number[] = [];
    const pObs: number[] = [];
    try {
      for (let i = 0; i < k; i++) {
        const u = events[i];
        this.dijkstra(u, this.weight, g.boundaryDist[u] + maxB);
        bnd[i] = this.bestB;
        if (this.bestBNode >= 0) {
          const x = this.bestBNode;
          const be = g.boundaryEdge[x];
          for (let j = 0; j < W; j++) bndObs[i * W + j] = this.obs[x * W + j] ^ g.edgeObs[be * W + j];
        }
        for (let t = 0; t < this.numTouched; t++) {
          const x = this.touched[t];
          const j = this.nodeEvent[x];
          if (j <= i || this.done[x] !== this.stamp) continue;
          pu.push(i);
          pv.push(j);
          pw.push(this.dist[x]);
          for (let q = 0; q < W; q++) pObs.push(this.obs[x * W + q]);
        }
      }
    } finally {
      for (let i = 0; i < k; i++) this.nodeEvent[events[i]] = -1;
    }
    // Pairs that can beat the boundary, and their connected components (union-find).
    const parent = Int32Array.from({ length: k }, (_, i) => i);
    const find = (x: number): number => {
      while (parent[x] !== x) x = parent[x] = parent[parent[x]];
      return x;
    };
    const keep: number[] = [];
    for (let q = 0; q < pu.length; q++) {
      if (!(pw[q] < bnd[pu[q]] + bnd[pv[q]])) continue;
      keep.push(q);
      parent[find(pu[q])] = find(pv[q]);
    }
    const members = new Map<number, number[]>();
    for (let i = 0; i < k; i++) {
      const root = find(i);
      const list = members.get(root);
      if (list === undefined) members.set(root, [i]);
      else list.push(i);
    }
    const compPairs = new Map<number, number[]>();
    for (const q of keep) {
      const root = find(pu[q]);
      const list = compPairs.get(root);
      if (list === undefined) compPairs.set(root, [q]);
      else list.push(q);
    }
    let total = 0;
    const toBoundary = (i: number): void => {
      if (bnd[i] === Infinity) this.unmatchable(events);
      total += bnd[i];
      for (let j = 0; j < W; j++) this.obsOut[j] ^= bndObs[i * W + j];
    };
    const toPair = (q: number): void => {
      total += pw[q];
      for (let j = 0; j < W; j++) this.obsOut[j] ^= pObs[q * W + j];
    };
    for (const [root, list] of members) {
      if (list.length === 1) {
        toBoundary(list[0]);
        continue;
      }
      this.matchComponent(list, compPairs.get(root) ?? [], pu, pv, pw, bnd, toBoundary, toPair, events);
    }
    return total;
  }

  /** Edmonds on one component: events 0..m-1, boundary copies after them (file comment, step 3). */
  private matchComponent(
    list: readonly number[],
    pairs: readonly number[],
    pu: readonly number[],
    pv: readonly number[],
    pw: readonly number[],
    bnd: Float64Array,
    toBoundary: (i: number) => void,
    toPair: (q: number) => void,
    events: readonly number[],
  ): void {
    const m = list.length;
    const local = new Map<number, number>();
    list.forEach((ev, idx) => local.set(ev, idx));
    const copyOf = new Int32Array(m).fill(-1);
    let nv = m;
    for (let a = 0; a < m; a++) if (bnd[list[a]] !== Infinity) copyOf[a] = nv++;
    const us: number[] = [];
    const vs: number[] = [];
    const ws: number[] = [];
    const pairOf = new Map<number, number>();
    for (const q of pairs) {
      const a = local.get(pu[q])!;
      const b = local.get(pv[q])!;
      us.push(a);
      vs.push(b);
      ws.push(pw[q]);
      pairOf.set(a * m + b, q);
      pairOf.set(b * m + a, q);
    }
    for (let a = 0; a < m; a++) {
      if (copyOf[a] < 0) continue;
      us.push(a);
      vs.push(copyOf[a]);
      ws.push(bnd[list[a]]);
    }
    if (nv % 2 === 1) nv++; // a spare copy keeps the parity of the boundary matches free
    for (let x = m; x < nv; x++)
      for (let y = x + 1; y < nv; y++) {
        us.push(x);
        vs.push(y);
        ws.push(0);
      }
    const mate = minWeightPerfectMatching(nv, us, vs, ws, us.length);
    if (mate === undefined) this.unmatchable(events);
    for (let a = 0; a < m; a++) {
      const b = mate[a];
      if (b >= m) toBoundary(list[a]);
      else if (b > a) toPair(pairOf.get(a * m + b)!);
    }
  }

  private unmatchable(events: readonly number[]): never {
    throw new ValidationError(
      `mwpm-correlated: no perfect matching exists for detection events [${events.slice(0, 20).join(', ')}${events.length > 20 ? ', ...' : ''}]: ` +
        `some event cannot reach the boundary or another event in the detector graph`,
      { events: [...events] },
    );
  }
}

/**
 * The correlated-matching decoder family (`mwpm-correlated`): needs a decomposed DEM (`^` pieces
 * tell it which edges fire together); takes no options.
 * @throws UnsupportedError for an error piece with more than two detectors.
 */
export const CORRELATED_MATCHING_DECODER: Decoder = {
  name: 'mwpm-correlated',
  compile(dem: FlatDem, options?: Record<string, unknown>): CorrelatedMatchingDecoder {
    resolveDecoderOptions('mwpm-correlated', [], options);
    checkFlatDem(dem, 'mwpm-correlated');
    return new CorrelatedMatchingDecoder(dem);
  },
};
