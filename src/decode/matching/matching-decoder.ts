/**
 * Exact minimum-weight perfect matching (MWPM) decoder, registered as `mwpm-local`: the default
 * `mwpm` is sparse blossom (sparse-blossom-decoder.ts), level with this one within timing noise at
 * p = 0.001 (d = 5, 11, 17 surface-code memory) and 1.6–9× faster from p = 0.005. This one is kept
 * as an independent exact solver: the tests compare the two shot by shot.
 *
 * NOT a full sparse-blossom implementation. The algorithm is exact and is named here
 * "certified local matching": region growth as in sparse blossom (Higgott & Gidney 2023,
 * "Sparse Blossom", arXiv:2303.15933) but with fixed-radius balls and an LP-duality certificate
 * instead of a flooder that follows the dual variables continuously. Per shot:
 *
 * 1. Detection events are read from the shot's bit-packed row, XORed with the negative-weight
 *    flips of the {@link MatchingGraph}. Every event u has a precomputed boundary distance b(u).
 * 2. Each event u grows a *ball* of radius R_u <= b(u): a Dijkstra search on the sparse detector
 *    graph labelling the nodes at distance < R_u (and u itself). Ball completeness: every pair
 *    with d(u,v) < R_u + R_v is found with its exact distance, because the shortest u-v path
 *    leaves u's ball straight into v's (the last path node inside u's ball is v itself or is
 *    joined by an edge to a node of v's ball); so only edges leaving a ball are scanned. The pair
 *    search is fused with the ball growth (one adjacency pass per labelled node): each pair is
 *    found by the later-grown of its two events, against the labels of the earlier one.
 * 3. MWPM with a boundary equals sum_u b(u) minus a maximum-weight matching of the events with
 *    gains g(u,v) = b(u) + b(v) - d(u,v) (pairing u and v instead of sending both to the
 *    boundary; only g > 0 matters). The found pairs with g > 0 split into connected components,
 *    each solved exactly with LP duals u_v >= 0, whose radii are Y_v = b(v) - u_v: first a greedy
 *    matching (nearest pairs first) with blossom-free duals fitted to it (complementary slack by
 *    construction), kept if they are feasible on every pair of the component (then it is optimal
 *    by LP duality); else, for at most {@link DP_FIT_MAX_EVENTS} events, the optimal matching of a
 *    subset DP with duals fitted the same way; otherwise Edmonds' blossom algorithm
 *    ({@link maxWeightMatching}), which returns its duals. (At d = 17, p = 0.001 Edmonds runs on
 *    about 0.6 components per shot.)
 * 4. Certificate: a pair never found has d(u,v) >= R_u + R_v, so if Y_v <= R_v for every event the
 *    duals are feasible for the complete pair graph and, with complementary slackness inherited
 *    from the components, the matching is a global optimum (LP duality on Edmonds' matching
 *    polytope). Otherwise the balls of the events with Y_v > R_v are doubled
 *    (R_v <- min(b(v), 2 R_v)); only those balls are regrown, only their pairs searched again and
 *    only the components containing them re-solved (the others keep their matching and duals:
 *    components only grow or merge as radii grow), and step 3 is repeated. This terminates: at
 *    R_v = b(v) the condition holds, since u_v >= 0.
 * 5. The prediction is the XOR of the observable masks of the chosen shortest paths (event-event
 *    and event-boundary) and of the negative-weight flips.
 *
 * Initial radius: just over half of the 95% quantile Q of the edge weights, weighted by edge
 * probability (the weights of the edges that actually fire): R0 = floor(Q/2) + 1, so two adjacent
 * events joined by such an edge are found (d <= Q < 2 R0) and certify at once (Y = d/2 <= R0),
 * while the balls stay as small as possible (often the event alone: the ball is the set of nodes
 * at distance < R0, and few edges are lighter than Q/2). The median weight, tried first, made the
 * balls about 4x larger and the decoder about 1.5x slower on surface-code circuit DEMs. An event
 * with b(u) <= 2 R0 starts at R_u = b(u) directly (a match to the boundary needs it).
 * Events whose boundary distance is infinite (graphs without a boundary) use the full search
 * instead: balls of radius b(u) = infinity, every component matched exactly by a DP over subsets
 * (m <= {@link DP_MAX_EVENTS}) or by Edmonds with one boundary copy per event
 * ({@link minWeightPerfectMatching}); `new MatchingCompiledDecoder(dem, false)` forces it.
 *
 * All weights are integers (see {@link buildMatchingGraph}), so the decoder minimises exactly the
 * same objective as PyMatching 2; different predictions can only come from exact ties.
 *
 * Cost per shot follows the ball volumes (radius about half the matched distance for most events)
 * plus Edmonds on the components; no allocation per shot in steady state (scratch arrays are
 * fields, grown by doubling; reset per shot by touching only what was visited).
 */
import { ValidationError } from '../../base/errors.js';
import type { FlatDem } from '../../dem/dem.js';
import type { BitTable } from '../../mem/bit-table.js';
import type { CompiledDecoder, Decoder } from '../decoder.js';
import { checkBatchShapes, checkFlatDem, resolveDecoderOptions } from '../decoder-support.js';
import { maxWeightMatching, minWeightPerfectMatching } from './blossom.js';
import { buildMatchingGraph, MinHeap, type MatchingGraph } from './matching-graph.js';

/** Components of at most this many events are matched by the subset DP (2^m * m steps). */
export const DP_MAX_EVENTS = 10;

/**
 * Components of at most this many events whose greedy matching cannot be certified are matched by
 * the subset DP, whose optimal matching is then certified with blossom-free duals if possible,
 * before Edmonds is run.
 */
const DP_FIT_MAX_EVENTS = 8;

/** One matched pair of a shot: two detectors, or a detector and the boundary (`b = -1`). */
export interface MatchedPair {
  readonly a: number;
  /** The other detector, or -1 for the boundary. */
  readonly b: number;
  /** Integer weight of the shortest path used (in units of 1/kappa). */
  readonly weight: number;
}

/** The full result of matching one shot (for tests and visualisation). */
export interface ShotMatching {
  /** Detection events after the negative-weight toggles, ascending. */
  readonly events: readonly number[];
  readonly pairs: readonly MatchedPair[];
  /** Total integer weight of the matching (sum of the pairs' weights). */
  readonly weight: number;
  /** Predicted observable flips (ids, ascending). */
  readonly observables: readonly number[];
}

/**
 * The compiled MWPM decoder of one DEM. Not safe to share between concurrent callers (scratch
 * state); compile one per worker.
 */
export class MatchingCompiledDecoder implements CompiledDecoder {
  readonly numDetectors: number;
  readonly numObservables: number;
  readonly graph: MatchingGraph;

  // ---- per-shot scratch (permanent structure is in `graph`) ----
  private readonly W: number;
  /** event index of each node, or -1 */
  private readonly nodeEvent: Int32Array;
  private evNode: Int32Array = new Int32Array(64);
  private evLabStart: Int32Array = new Int32Array(64);
  private evLabEnd: Int32Array = new Int32Array(64);
  private numEvents = 0;
  /** Ball radius and certified dual radius Y of each event (certified mode). */
  private radius: Float64Array = new Float64Array(64);
  private dualY: Float64Array = new Float64Array(64);
  private dualTmp: Float64Array = new Float64Array(64);
  /** Events whose ball must be (re)grown in this iteration. */
  private changed: Uint8Array = new Uint8Array(64);
  /** Largest ball radius of the current iteration (bounds the pair search). */
  private maxRadius = Infinity;
  /** Edge lists handed to Edmonds (one component at a time). */
  private edU: Int32Array = new Int32Array(64);
  private edV: Int32Array = new Int32Array(64);
  private edW: Float64Array = new Float64Array(64);
  private edQ: Int32Array = new Int32Array(64);
  /** Whether the certified local algorithm is used (else the full search). */
  readonly certified: boolean;
  /** Initial ball radius of the certified algorithm (integer weight units). */
  readonly initialRadius: number;
  /** Ball labels: node, distance from its event, event, next label at the same node, obs mask. */
  private labNode: Int32Array = new Int32Array(1024);
  private labDist: Float64Array = new Float64Array(1024);
  private labEvent: Int32Array = new Int32Array(1024);
  private labNext: Int32Array = new Int32Array(1024);
  private labObs: Uint32Array;
  private numLabels = 0;
  private readonly labHead: Int32Array;
  /** Dijkstra scratch. */
  private readonly dist: Float64Array;
  private readonly distObs: Uint32Array;
  private readonly doneStamp: Int32Array;
  private stamp = 0;
  private touched: Int32Array;
  private readonly heap: MinHeap;
  /** Pair discovery scratch (per event). */
  private bestW: Float64Array = new Float64Array(64).fill(Infinity);
  private bestL1: Int32Array = new Int32Array(64);
  private bestL2: Int32Array = new Int32Array(64);
  private bestE: Int32Array = new Int32Array(64);
  private bestTouched: Int32Array = new Int32Array(64);
  /** Syndrome-graph pairs. */
  private pairI: Int32Array = new Int32Array(256);
  private pairJ: Int32Array = new Int32Array(256);
  private pairW: Float64Array = new Float64Array(256);
  private pairObs: Uint32Array;
  private numPairs = 0;
  /** Components. */
  private uf: Int32Array = new Int32Array(64);
  private compCount: Int32Array = new Int32Array(65);
  private compOrder: Int32Array = new Int32Array(64);
  private locOf: Int32Array = new Int32Array(64);
  private pairOrder: Int32Array = new Int32Array(256);
  private pairCompCount: Int32Array = new Int32Array(65);
  private localW: Float64Array = new Float64Array(DP_MAX_EVENTS * DP_MAX_EVENTS);
  private localPair: Int32Array = new Int32Array(DP_MAX_EVENTS * DP_MAX_EVENTS);
  private readonly dp: Float64Array = new Float64Array(1 << DP_MAX_EVENTS);
  private readonly dpChoice: Int8Array = new Int8Array(1 << DP_MAX_EVENTS);
  /** Result: partner event (or -1 boundary) and the pair index used. */
  private partner: Int32Array = new Int32Array(64);
  private partnerPair: Int32Array = new Int32Array(64);
  /** Predicted observables of the last shot (W words) and its total weight. */
  private readonly obsOut: Uint32Array;
  private lastWeight = 0;

  /**
   * @param dem the flat DEM (not kept).
   * @param certified use the certified local algorithm (default); false forces the full search
   *   with balls of radius b(u) (slower, for cross-checks).
   */
  constructor(dem: FlatDem, certified = true) {
    const g = buildMatchingGraph(dem);
    this.certified = certified;
    this.initialRadius = initialRadiusOf(g);
    this.graph = g;
    this.numDetectors = dem.numDetectors;
    this.numObservables = dem.numObservables;
    const W = g.obsWords;
    this.W = W;
    const n = g.numDetectors;
    this.nodeEvent = new Int32Array(n).fill(-1);
    this.labHead = new Int32Array(n).fill(-1);
    this.labObs = new Uint32Array(1024 * W);
    this.dist = new Float64Array(n).fill(Infinity);
    this.distObs = new Uint32Array(n * W);
    this.doneStamp = new Int32Array(n);
    this.touched = new Int32Array(Math.max(16, n));
    this.heap = new MinHeap(1024);
    this.pairObs = new Uint32Array(256 * W);
    this.obsOut = new Uint32Array(W);
  }

  /** Decodes every shot (row) of `detectionEvents` into the rows of `predictions` (overwritten). */
  decodeBatch(detectionEvents: BitTable, predictions: BitTable): void {
    checkBatchShapes('mwpm', this.numDetectors, this.numObservables, detectionEvents, predictions);
    const W = this.W;
    const copy = Math.min(W, predictions.stride);
    for (let s = 0; s < detectionEvents.numRows; s++) {
      this.solveShot(detectionEvents.data, s * detectionEvents.stride);
      const o = s * predictions.stride;
      for (let k = 0; k < copy; k++) predictions.data[o + k] = this.obsOut[k];
      for (let k = copy; k < predictions.stride; k++) predictions.data[o + k] = 0;
      this.resetShot();
    }
  }

  /**
   * Matches one shot and returns the matched pairs (detector-detector or detector-boundary),
   * the total integer weight and the predicted observables. Allocates the result.
   * @param detWords the detection-event words of a row (bit d = detector d), e.g. `table.row(s)`.
   */
  matchShot(detWords: Uint32Array): ShotMatching {
    this.solveShot(detWords, 0);
    const events: number[] = [];
    const pairs: MatchedPair[] = [];
    for (let i = 0; i < this.numEvents; i++) {
      events.push(this.evNode[i]);
      const p = this.partner[i];
      if (p < 0) {
        pairs.push({ a: this.evNode[i], b: -1, weight: this.graph.boundaryDist[this.evNode[i]] });
      } else if (p > i) {
        pairs.push({ a: this.evNode[i], b: this.evNode[p], weight: this.pairW[this.partnerPair[i]] });
      }
    }
    const observables: number[] = [];
    for (let o = 0; o < this.numObservables; o++)
      if (((this.obsOut[o >>> 5] >>> (o & 31)) & 1) !== 0) observables.push(o);
    const weight = this.lastWeight;
    this.resetShot();
    events.sort((x, y) => x - y);
    return { events, pairs, weight, observables };
  }

  // ------------------------------------------------------------------------------------------

  private solveShot(det: Uint32Array, off: number): void {
    const g = this.graph;
    const W = this.W;
    const n = g.numDetectors;
    const words = (n + 31) >>> 5;
    const flip = g.flipDetectors;
    // 1. events
    let k = 0;
    for (let w = 0; w < words; w++) {
      let x = (det[off + w] ^ flip[w]) >>> 0;
      if (w === words - 1 && (n & 31) !== 0) x &= (1 << (n & 31)) - 1;
      while (x !== 0) {
        const low = x & -x;
        const node = (w << 5) + (31 - Math.clz32(low));
        x ^= low;
        if (k === this.evNode.length) this.growEvents();
        this.evNode[k] = node;
        this.nodeEvent[node] = k;
        this.evLabStart[k] = this.evLabEnd[k] = 0;
        k++;
      }
    }
    this.numEvents = k;
    for (let j = 0; j < W; j++) this.obsOut[j] = g.flipObservables[j];
    this.lastWeight = 0;
    if (k === 0) return;
    if (k === 1 && g.boundaryDist[this.evNode[0]] !== Infinity) {
      // A lone event can only be matched to the boundary.
      this.partner[0] = -1;
      this.numLabels = 0;
      this.numPairs = 0;
    } else {
      this.matchEvents(k);
    }

    // 5. observables
    let total = 0;
    for (let i = 0; i < k; i++) {
      const p = this.partner[i];
      if (p < 0) {
        const node = this.evNode[i];
        total += g.boundaryDist[node];
        for (let j = 0; j < W; j++) this.obsOut[j] ^= g.boundaryObs[node * W + j];
      } else if (p > i) {
        const q = this.partnerPair[i];
        total += this.pairW[q];
        for (let j = 0; j < W; j++) this.obsOut[j] ^= this.pairObs[q * W + j];
      }
    }
    this.lastWeight = total;
  }

  /** Steps 2-4 of the class comment: sets partner/partnerPair of the k events. */
  private matchEvents(k: number): void {
    const g = this.graph;
    const radius = this.radius;
    let finite = true;
    for (let i = 0; i < k; i++) if (g.boundaryDist[this.evNode[i]] === Infinity) finite = false;
    if (this.certified && finite) {
      // Certified local matching: small balls, exact max-gain matching per component, dual check;
      // the radius of every event whose dual exceeds its ball is enlarged and the shot redone.
      // An event within 2 R0 of the boundary starts with its full radius b: certifying a match to
      // the boundary needs R = b anyway, and this saves the iterations of doubling up to it.
      const r0 = this.initialRadius;
      for (let i = 0; i < k; i++) {
        const b = g.boundaryDist[this.evNode[i]];
        radius[i] = b <= 2 * r0 ? b : r0;
      }
      // Iterations are incremental: only the balls of events whose radius grew are regrown (their
      // old labels are marked dead), and only pairs involving them are searched again.
      const changed = this.changed;
      changed.fill(1, 0, k);
      this.numLabels = 0;
      this.numPairs = 0;
      while (true) {
        let maxR = 0;
        for (let i = 0; i < k; i++) if (radius[i] > maxR) maxR = radius[i];
        this.maxRadius = maxR;
        if (this.numPairs > 0) this.dropChangedPairs();
        for (let i = 0; i < k; i++) if (changed[i] !== 0) this.growBall(i);
        if (this.matchComponentsCertified()) break;
        for (let i = 0; i < k; i++) {
          const y = this.dualY[i];
          changed[i] = 0;
          if (y > radius[i]) {
            const b = g.boundaryDist[this.evNode[i]];
            radius[i] = Math.min(b, 2 * radius[i]);
            changed[i] = 1;
          }
        }
      }
    } else {
      // Full search: balls of radius b(u) find every pair with d(u,v) < b(u) + b(v).
      for (let i = 0; i < k; i++) radius[i] = g.boundaryDist[this.evNode[i]];
      this.maxRadius = Infinity;
      this.changed.fill(1, 0, k);
      this.numLabels = 0;
      this.numPairs = 0;
      for (let i = 0; i < k; i++) this.growBall(i);
      this.matchComponents();
    }
  }

  private resetShot(): void {
    for (let i = 0; i < this.numEvents; i++) this.nodeEvent[this.evNode[i]] = -1;
    for (let l = 0; l < this.numLabels; l++) this.labHead[this.labNode[l]] = -1;
    this.numEvents = 0;
    this.numLabels = 0;
  }

  /**
   * Truncated Dijkstra from event i, labelling every node at distance < radius[i] (and the event
   * itself), fused with the pair search: records the shortest distance to every *complete* event v
   * (unchanged, or changed with v < i, i.e. grown earlier in this iteration) with
   * d(i,v) < R_i + R_v. Exactness: let x be the last node of a shortest i-v path inside i's ball
   * and y the next one; then y is outside i's ball, so d(i,x) + w(x,y) >= R_i, and
   * d(y,v) < R_v, so y carries a label of v's ball; or x = v itself. Hence scanning, at each
   * labelled node x, the edges with d(i,x) + w >= R_i (the ones the truncated search does not
   * relax) against the labels at their far end, plus the event found at x, finds the exact
   * distance. Each such pair is found by the later-grown of its two events only (no duplicates).
   */
  private growBall(i: number): void {
    const g = this.graph;
    const W = this.W;
    const u = this.evNode[i];
    const radius = this.radius[i];
    const limit = radius + this.maxRadius;
    const dist = this.dist;
    const distObs = this.distObs;
    const done = this.doneStamp;
    const heap = this.heap;
    const adjStart = g.adjStart;
    const adjNode = g.adjNode;
    const adjWeight = g.adjWeight;
    const adjEdge = g.adjEdge;
    const edgeObs = g.edgeObs;
    const labHead = this.labHead;
    // (re-read after growLabels, which replaces the label arrays)
    let labEvent = this.labEvent;
    let labDist = this.labDist;
    let labNext = this.labNext;
    const nodeEvent = this.nodeEvent;
    const changed = this.changed;
    const bestW = this.bestW;
    const bestL1 = this.bestL1;
    const bestL2 = this.bestL2;
    const bestE = this.bestE;
    const bestTouched = this.bestTouched;
    let numBest = 0;
    if (++this.stamp === 0x7fffffff) {
      done.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    let numTouched = 0;
    heap.clear();
    dist[u] = 0;
    for (let j = 0; j < W; j++) distObs[u * W + j] = 0;
    this.touched[numTouched++] = u;
    heap.push(0, u);
    // Regrowing: the previous labels of this event die (skipped by every scan, unlinked at reset).
    for (let l = this.evLabStart[i]; l < this.evLabEnd[i]; l++) if (labEvent[l] === i) labEvent[l] = -1;
    this.evLabStart[i] = this.numLabels;
    while (heap.size > 0) {
      const d = heap.topKey();
      const x = heap.pop();
      if (done[x] === stamp || d > dist[x]) continue;
      done[x] = stamp;
      // label x
      const l = this.numLabels;
      if (l === this.labNode.length) {
        this.growLabels();
        labEvent = this.labEvent;
        labDist = this.labDist;
        labNext = this.labNext;
      }
      this.labNode[l] = x;
      labDist[l] = d;
      labEvent[l] = i;
      labNext[l] = labHead[x];
      labHead[x] = l;
      for (let j = 0; j < W; j++) this.labObs[l * W + j] = distObs[x * W + j];
      this.numLabels = l + 1;
      const ev = nodeEvent[x];
      if (ev >= 0 && ev !== i && (ev < i || changed[ev] === 0)) {
        // A complete event inside i's ball: d(i, ev) = d.
        if (bestW[ev] === Infinity) bestTouched[numBest++] = ev;
        if (d < bestW[ev]) {
          bestW[ev] = d;
          bestL1[ev] = l;
          bestL2[ev] = -1;
          bestE[ev] = -1;
        }
      }
      const aEnd = adjStart[x + 1];
      let a = adjStart[x];
      // Adjacency is sorted by weight: first the edges the truncated search relaxes ...
      for (; a < aEnd; a++) {
        const nd = d + adjWeight[a];
        if (nd >= radius) break;
        const y = adjNode[a];
        if (nd < dist[y]) {
          if (dist[y] === Infinity) {
            if (numTouched === this.touched.length) this.growTouched();
            this.touched[numTouched++] = y;
          }
          dist[y] = nd;
          const e = adjEdge[a];
          for (let j = 0; j < W; j++) distObs[y * W + j] = distObs[x * W + j] ^ edgeObs[e * W + j];
          heap.push(nd, y);
        }
      }
      // ... then the edges leaving the ball, up to R_i + max R (kept pairs need d < R_i + R_v).
      for (; a < aEnd; a++) {
        const nd = d + adjWeight[a];
        if (nd >= limit) break;
        let l2 = labHead[adjNode[a]];
        if (l2 < 0) continue;
        for (; l2 >= 0; l2 = labNext[l2]) {
          const v = labEvent[l2];
          if (v < 0 || v === i || (v > i && changed[v] !== 0)) continue;
          const c = nd + labDist[l2];
          if (bestW[v] === Infinity) bestTouched[numBest++] = v;
          if (c < bestW[v]) {
            bestW[v] = c;
            bestL1[v] = l;
            bestL2[v] = l2;
            bestE[v] = adjEdge[a];
          }
        }
      }
    }
    this.evLabEnd[i] = this.numLabels;
    for (let t = 0; t < numTouched; t++) dist[this.touched[t]] = Infinity;

    const bi = g.boundaryDist[u];
    const labObs = this.labObs;
    for (let t = 0; t < numBest; t++) {
      const v = bestTouched[t];
      const c = bestW[v];
      bestW[v] = Infinity;
      // Keep pairs with positive gain whose distance is exact (d < R_i + R_v, ball completeness);
      // farther pairs are covered by the certificate (Y <= R) and would only enlarge components.
      if (!(c < bi + g.boundaryDist[this.evNode[v]]) || !(c < radius + this.radius[v])) continue;
      const q = this.numPairs;
      if (q === this.pairI.length) this.growPairs();
      this.pairI[q] = i;
      this.pairJ[q] = v;
      this.pairW[q] = c;
      const l1 = bestL1[v];
      const l2 = bestL2[v];
      const e = bestE[v];
      for (let j = 0; j < W; j++) {
        let m = labObs[l1 * W + j];
        if (l2 >= 0) m ^= labObs[l2 * W + j];
        if (e >= 0) m ^= edgeObs[e * W + j];
        this.pairObs[q * W + j] = m;
      }
      this.numPairs = q + 1;
    }
  }

  /** Removes the pairs with an endpoint whose ball changed (they are searched again). */
  private dropChangedPairs(): void {
    const W = this.W;
    const changed = this.changed;
    let out = 0;
    const remap = this.pairOrder; // reused as old index -> new index
    for (let q = 0; q < this.numPairs; q++) {
      if (changed[this.pairI[q]] !== 0 || changed[this.pairJ[q]] !== 0) continue;
      remap[q] = out;
      if (out !== q) {
        this.pairI[out] = this.pairI[q];
        this.pairJ[out] = this.pairJ[q];
        this.pairW[out] = this.pairW[q];
        for (let j = 0; j < W; j++) this.pairObs[out * W + j] = this.pairObs[q * W + j];
      }
      out++;
    }
    // Matched pairs between unchanged events survive: renumber them.
    for (let i = 0; i < this.numEvents; i++) {
      const p = this.partner[i];
      if (p >= 0 && changed[i] === 0 && changed[p] === 0) this.partnerPair[i] = remap[this.partnerPair[i]];
    }
    this.numPairs = out;
  }

  private find(x: number): number {
    const uf = this.uf;
    while (uf[x] !== x) {
      uf[x] = uf[uf[x]];
      x = uf[x];
    }
    return x;
  }

  private matchComponents(): void {
    const k = this.numEvents;
    const uf = this.uf;
    for (let i = 0; i < k; i++) uf[i] = i;
    for (let q = 0; q < this.numPairs; q++) {
      const a = this.find(this.pairI[q]);
      const b = this.find(this.pairJ[q]);
      if (a !== b) uf[a < b ? b : a] = a < b ? a : b;
    }
    // Bucket events and pairs by component root (counting sort; roots are event indices).
    // locOf temporarily holds each event's root.
    const root = this.locOf;
    for (let i = 0; i < k; i++) root[i] = this.find(i);
    const cc = this.compCount;
    cc.fill(0, 0, k + 1);
    for (let i = 0; i < k; i++) cc[root[i] + 1]++;
    for (let r = 0; r < k; r++) cc[r + 1] += cc[r];
    for (let i = 0; i < k; i++) this.compOrder[cc[root[i]]++] = i;
    // cc[r] now holds the end of bucket r; shift so that cc[r] is its start again.
    for (let r = k; r > 0; r--) cc[r] = cc[r - 1];
    cc[0] = 0;
    const pc = this.pairCompCount;
    pc.fill(0, 0, k + 1);
    for (let q = 0; q < this.numPairs; q++) pc[root[this.pairI[q]] + 1]++;
    for (let r = 0; r < k; r++) pc[r + 1] += pc[r];
    for (let q = 0; q < this.numPairs; q++) this.pairOrder[pc[root[this.pairI[q]]]++] = q;
    for (let r = k; r > 0; r--) pc[r] = pc[r - 1];
    pc[0] = 0;
    for (let r = 0; r < k; r++) {
      const start = cc[r];
      const end = cc[r + 1];
      if (end === start) continue;
      const m = end - start;
      for (let t = 0; t < m; t++) this.locOf[this.compOrder[start + t]] = t;
      if (m === 1) {
        const i = this.compOrder[start];
        if (this.graph.boundaryDist[this.evNode[i]] === Infinity) this.throwUnmatchable();
        this.partner[i] = -1;
        continue;
      }
      this.matchComponent(start, m, pc[r], pc[r + 1]);
    }
  }

  /**
   * Bucket events and pairs by connected component (pairs as edges); afterwards events of
   * component r are compOrder[compCount[r] .. compCount[r+1]) and its pairs
   * pairOrder[pairCompCount[r] .. pairCompCount[r+1]). Clobbers locOf.
   */
  private bucketComponents(): void {
    const k = this.numEvents;
    const uf = this.uf;
    for (let i = 0; i < k; i++) uf[i] = i;
    for (let q = 0; q < this.numPairs; q++) {
      const a = this.find(this.pairI[q]);
      const b = this.find(this.pairJ[q]);
      if (a !== b) uf[a < b ? b : a] = a < b ? a : b;
    }
    const root = this.locOf;
    for (let i = 0; i < k; i++) root[i] = this.find(i);
    const cc = this.compCount;
    cc.fill(0, 0, k + 1);
    for (let i = 0; i < k; i++) cc[root[i] + 1]++;
    for (let r = 0; r < k; r++) cc[r + 1] += cc[r];
    for (let i = 0; i < k; i++) this.compOrder[cc[root[i]]++] = i;
    for (let r = k; r > 0; r--) cc[r] = cc[r - 1];
    cc[0] = 0;
    const pc = this.pairCompCount;
    pc.fill(0, 0, k + 1);
    for (let q = 0; q < this.numPairs; q++) pc[root[this.pairI[q]] + 1]++;
    for (let r = 0; r < k; r++) pc[r + 1] += pc[r];
    for (let q = 0; q < this.numPairs; q++) this.pairOrder[pc[root[this.pairI[q]]]++] = q;
    for (let r = k; r > 0; r--) pc[r] = pc[r - 1];
    pc[0] = 0;
  }

  /**
   * Certified matching of the candidate pairs. MWPM with a boundary equals sum b(u) minus a
   * maximum-weight matching with gains g(u,v) = b(u) + b(v) - d(u,v) (pair two events instead of
   * sending both to the boundary). Each component is solved exactly with its LP duals u_v >= 0
   * (Edmonds), which give radii Y_v = b(v) - u_v. Any pair missing from the candidates has
   * d(u,v) >= R_u + R_v (ball completeness), so if Y_v <= R_v for every event the duals are
   * feasible for the complete pair graph and the matching is globally optimal (LP duality for
   * Edmonds' matching polytope). Returns false (with dualY set) when some Y_v > R_v.
   */
  private matchComponentsCertified(): boolean {
    const g = this.graph;
    const k = this.numEvents;
    this.bucketComponents();
    const cc = this.compCount;
    const pc = this.pairCompCount;
    const order = this.compOrder;
    const radius = this.radius;
    const Y = this.dualY;
    const changed = this.changed;
    let ok = true;
    for (let r = 0; r < k; r++) {
      const start = cc[r];
      const m = cc[r + 1] - start;
      if (m === 0) continue;
      // A component without a changed event is the same as in the previous iteration (its pairs
      // were kept, and any new pair has a changed endpoint): its matching and duals still hold.
      let dirty = false;
      for (let t = 0; t < m; t++) if (changed[order[start + t]] !== 0) dirty = true;
      if (!dirty) continue;
      if (m === 1) {
        const i = order[start];
        this.partner[i] = -1;
        Y[i] = g.boundaryDist[this.evNode[i]];
        if (Y[i] > radius[i]) ok = false;
        continue;
      }
      if (m === 2) {
        // One candidate pair with positive gain: matched. Choose the tight duals inside both balls.
        const q = this.pairOrder[pc[r]];
        const i = this.pairI[q];
        const j = this.pairJ[q];
        const d = this.pairW[q];
        this.partner[i] = j;
        this.partner[j] = i;
        this.partnerPair[i] = this.partnerPair[j] = q;
        let yi = d / 2;
        if (yi > radius[i]) yi = radius[i];
        if (yi < d - radius[j]) yi = d - radius[j];
        const bi = g.boundaryDist[this.evNode[i]];
        const bj = g.boundaryDist[this.evNode[j]];
        if (yi > bi) yi = bi;
        if (yi < d - bj) yi = d - bj;
        Y[i] = yi;
        Y[j] = d - yi;
        if (Y[i] > radius[i] || Y[j] > radius[j]) ok = false;
        continue;
      }
      if (this.greedyCertifiedComponent(start, m, pc[r], pc[r + 1])) {
        for (let t = 0; t < m; t++) {
          const i = order[start + t];
          if (Y[i] > radius[i]) ok = false;
        }
        continue;
      }
      for (let t = 0; t < m; t++) this.locOf[order[start + t]] = t;
      if (m <= DP_FIT_MAX_EVENTS) {
        // The greedy matching is often not optimal: take the optimal one from the subset DP and
        // try to certify it with blossom-free duals before running Edmonds.
        this.matchComponent(start, m, pc[r], pc[r + 1]);
        if (this.fitDuals(start, m, pc[r], pc[r + 1])) {
          for (let t = 0; t < m; t++) {
            const i = order[start + t];
            if (Y[i] > radius[i]) ok = false;
          }
          continue;
        }
      }
      const numE = pc[r + 1] - pc[r];
      if (this.edU.length < numE) this.growEdgeScratch(numE);
      const us = this.edU;
      const vs = this.edV;
      const ws = this.edW;
      const qs = this.edQ;
      for (let t = 0; t < numE; t++) {
        const q = this.pairOrder[pc[r] + t];
        const i = this.pairI[q];
        const j = this.pairJ[q];
        us[t] = this.locOf[i];
        vs[t] = this.locOf[j];
        ws[t] = g.boundaryDist[this.evNode[i]] + g.boundaryDist[this.evNode[j]] - this.pairW[q];
        qs[t] = q;
      }
      if (this.dualTmp.length < m) this.dualTmp = new Float64Array(2 * m);
      const mate = maxWeightMatching(m, us, vs, ws, numE, false, this.dualTmp);
      for (let t = 0; t < m; t++) {
        const i = order[start + t];
        const b = mate[t];
        if (b < 0) {
          this.partner[i] = -1;
        } else {
          this.partner[i] = order[start + b];
        }
        Y[i] = g.boundaryDist[this.evNode[i]] - this.dualTmp[t] / 2;
        if (Y[i] > radius[i]) ok = false;
      }
      for (let e = 0; e < numE; e++) {
        if (mate[us[e]] === vs[e]) {
          const q = qs[e];
          this.partnerPair[this.pairI[q]] = this.partnerPair[this.pairJ[q]] = q;
        }
      }
    }
    return ok;
  }

  /**
   * Fast exact path for a component: a greedy matching (pairs by ascending distance) certified by
   * {@link fitDuals}. Sets partner, partnerPair and dualY and returns true when certified; returns
   * false (nothing usable) otherwise.
   */
  private greedyCertifiedComponent(start: number, m: number, pStart: number, pEnd: number): boolean {
    const order = this.compOrder;
    const partner = this.partner;
    const numE = pEnd - pStart;
    if (this.edQ.length < numE) this.growEdgeScratch(numE);
    // Insertion sort of the component's pairs by distance (components are small).
    const qs = this.edQ;
    for (let t = 0; t < numE; t++) {
      const q = this.pairOrder[pStart + t];
      const w = this.pairW[q];
      let u = t;
      while (u > 0 && this.pairW[qs[u - 1]] > w) {
        qs[u] = qs[u - 1];
        u--;
      }
      qs[u] = q;
    }
    for (let t = 0; t < m; t++) partner[order[start + t]] = -2;
    for (let t = 0; t < numE; t++) {
      const q = qs[t];
      const i = this.pairI[q];
      const j = this.pairJ[q];
      if (partner[i] !== -2 || partner[j] !== -2) continue;
      partner[i] = j;
      partner[j] = i;
      this.partnerPair[i] = this.partnerPair[j] = q;
    }
    for (let t = 0; t < m; t++) if (partner[order[start + t]] === -2) partner[order[start + t]] = -1;
    return this.fitDuals(start, m, pStart, pEnd);
  }

  /**
   * Fits duals without blossom terms to the component's matching (partner / partnerPair, -1 =
   * boundary) and returns whether they are feasible; then the matching is optimal for the
   * component (LP duality) and dualY holds them. In the gain formulation the duals are radii
   * Y_v = b(v) - u_v with u_v >= 0: complementary slackness fixes Y = b on an unmatched event and
   * Y_i + Y_j = d(i,j) on a matched pair, and feasibility asks Y_i + Y_j <= d(i,j) on every other
   * pair. Each matched event i gets the hard upper bound U_i = min(b_i, d(i,w) - b_w over unmatched
   * neighbours w); each matched pair is split inside [d - U_j, U_i], preferring the even split and
   * the ball radii (Y <= R, for the global certificate); then a few sweeps shift the splits to
   * repair violated pairs between matched events. The final check decides (a heuristic search
   * for a certificate: failing it only means Edmonds is run).
   */
  private fitDuals(start: number, m: number, pStart: number, pEnd: number): boolean {
    const g = this.graph;
    const order = this.compOrder;
    const Y = this.dualY;
    const U = this.dualTmp; // per event id: upper bound on Y
    const partner = this.partner;
    const partnerPair = this.partnerPair;
    const radius = this.radius;
    const qs = this.pairOrder;
    const pairI = this.pairI;
    const pairJ = this.pairJ;
    const pairW = this.pairW;
    for (let t = 0; t < m; t++) {
      const i = order[start + t];
      const b = g.boundaryDist[this.evNode[i]];
      U[i] = b;
      if (partner[i] === -1) Y[i] = b;
    }
    // Bounds from the unmatched neighbours (their Y = b is fixed).
    for (let t = pStart; t < pEnd; t++) {
      const q = qs[t];
      const i = pairI[q];
      const j = pairJ[q];
      const d = pairW[q];
      if (partner[j] === -1 && partner[i] >= 0) {
        const c = d - Y[j];
        if (c < U[i]) U[i] = c;
      } else if (partner[i] === -1 && partner[j] >= 0) {
        const c = d - Y[i];
        if (c < U[j]) U[j] = c;
      }
    }
    for (let t = pStart; t < pEnd; t++) {
      const q = qs[t];
      const i = pairI[q];
      const j = pairJ[q];
      if (partner[i] !== j || partnerPair[i] !== q) continue;
      const d = pairW[q];
      const lo = d - U[j];
      const hi = U[i];
      if (lo > hi) return false;
      let slo = d - radius[j];
      if (slo < lo) slo = lo;
      let shi = radius[i];
      if (shi > hi) shi = hi;
      let yi = d / 2;
      if (slo <= shi) {
        if (yi > shi) yi = shi;
        if (yi < slo) yi = slo;
      } else {
        if (yi > hi) yi = hi;
        if (yi < lo) yi = lo;
      }
      Y[i] = yi;
      Y[j] = d - yi;
    }
    // Repair sweeps: lowering Y_i raises Y of i's partner p, allowed while Y_p <= U_p.
    for (let sweep = 0; sweep < 4; sweep++) {
      let violated = false;
      for (let t = pStart; t < pEnd; t++) {
        const q = qs[t];
        const i = pairI[q];
        const j = pairJ[q];
        const pi = partner[i];
        const pj = partner[j];
        if (pi === j && partnerPair[i] === q) continue;
        let v = Y[i] + Y[j] - pairW[q];
        if (v <= 0) continue;
        violated = true;
        if (pi >= 0) {
          let room = U[pi] - Y[pi];
          if (room > v) room = v;
          if (room > 0) {
            Y[i] -= room;
            Y[pi] += room;
            v -= room;
          }
        }
        if (v > 0 && pj >= 0) {
          let room = U[pj] - Y[pj];
          if (room > v) room = v;
          if (room > 0) {
            Y[j] -= room;
            Y[pj] += room;
          }
        }
      }
      if (!violated) return true;
    }
    for (let t = pStart; t < pEnd; t++) {
      const q = qs[t];
      const i = pairI[q];
      const j = pairJ[q];
      if (partner[i] === j && partnerPair[i] === q) continue;
      if (Y[i] + Y[j] > pairW[q]) return false;
    }
    return true;
  }

  private matchComponent(start: number, m: number, pStart: number, pEnd: number): void {
    const g = this.graph;
    if (this.localW.length < m * m) {
      this.localW = new Float64Array(m * m);
      this.localPair = new Int32Array(m * m);
    }
    const lw = this.localW;
    const lp = this.localPair;
    lw.fill(Infinity, 0, m * m);
    for (let t = pStart; t < pEnd; t++) {
      const q = this.pairOrder[t];
      const a = this.locOf[this.pairI[q]];
      const b = this.locOf[this.pairJ[q]];
      const w = this.pairW[q];
      if (w < lw[a * m + b]) {
        lw[a * m + b] = lw[b * m + a] = w;
        lp[a * m + b] = lp[b * m + a] = q;
      }
    }
    const order = this.compOrder;
    if (m <= DP_MAX_EVENTS) {
      // dp[S] = minimum weight matching every event of S (pairs inside S or the boundary).
      const dp = this.dp;
      const choice = this.dpChoice;
      const full = (1 << m) - 1;
      dp[0] = 0;
      for (let S = 1; S <= full; S++) {
        const low = S & -S;
        const i = 31 - Math.clz32(low);
        const rest = S ^ low;
        let best = g.boundaryDist[this.evNode[order[start + i]]] + dp[rest];
        let ch = -1;
        let r = rest;
        while (r !== 0) {
          const lb = r & -r;
          r ^= lb;
          const j = 31 - Math.clz32(lb);
          const c = lw[i * m + j] + dp[rest ^ lb];
          if (c < best) {
            best = c;
            ch = j;
          }
        }
        dp[S] = best;
        choice[S] = ch;
      }
      if (dp[full] === Infinity) this.throwUnmatchable();
      let S = full;
      while (S !== 0) {
        const low = S & -S;
        const i = 31 - Math.clz32(low);
        const ch = choice[S];
        const ei = order[start + i];
        if (ch < 0) {
          this.partner[ei] = -1;
          S ^= low;
        } else {
          const ej = order[start + ch];
          this.partner[ei] = ej;
          this.partner[ej] = ei;
          this.partnerPair[ei] = this.partnerPair[ej] = lp[i * m + ch];
          S ^= low | (1 << ch);
        }
      }
      return;
    }
    // Edmonds on events 0..m-1 plus boundary copies m..2m-1.
    const us: number[] = [];
    const vs: number[] = [];
    const ws: number[] = [];
    for (let a = 0; a < m; a++) {
      for (let b = a + 1; b < m; b++) {
        if (lw[a * m + b] !== Infinity) {
          us.push(a);
          vs.push(b);
          ws.push(lw[a * m + b]);
        }
        us.push(m + a);
        vs.push(m + b);
        ws.push(0);
      }
      const bd = g.boundaryDist[this.evNode[order[start + a]]];
      if (bd !== Infinity) {
        us.push(a);
        vs.push(m + a);
        ws.push(bd);
      }
    }
    const mate = minWeightPerfectMatching(2 * m, us, vs, ws, us.length);
    if (mate === undefined) this.throwUnmatchable();
    for (let a = 0; a < m; a++) {
      const ea = order[start + a];
      const b = mate[a];
      if (b >= m) {
        this.partner[ea] = -1;
      } else {
        this.partner[ea] = order[start + b];
        this.partnerPair[ea] = lp[a * m + b];
      }
    }
  }

  private throwUnmatchable(): never {
    const events: number[] = [];
    for (let i = 0; i < this.numEvents; i++) events.push(this.evNode[i]);
    this.resetShot();
    throw new ValidationError(
      `no perfect matching exists for detection events [${events.slice(0, 20).join(', ')}${events.length > 20 ? ', ...' : ''}]: ` +
        `some event cannot reach the boundary or another event in the detector graph ` +
        `(the detection events are inconsistent with the DEM)`,
      { events },
    );
  }

  private growEvents(): void {
    const n = this.evNode.length * 2;
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.evNode = grow(this.evNode);
    this.evLabStart = grow(this.evLabStart);
    this.evLabEnd = grow(this.evLabEnd);
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.radius = f64(this.radius);
    this.dualY = f64(this.dualY);
    this.dualTmp = f64(this.dualTmp);
    const c = new Uint8Array(n);
    c.set(this.changed);
    this.changed = c;
    this.uf = grow(this.uf);
    this.compOrder = grow(this.compOrder);
    this.locOf = grow(this.locOf);
    this.partner = grow(this.partner);
    this.partnerPair = grow(this.partnerPair);
    this.bestL1 = grow(this.bestL1);
    this.bestL2 = grow(this.bestL2);
    this.bestE = grow(this.bestE);
    this.bestTouched = grow(this.bestTouched);
    this.compCount = new Int32Array(n + 1);
    this.pairCompCount = new Int32Array(n + 1);
    const bw = new Float64Array(n).fill(Infinity);
    this.bestW = bw;
  }

  private growLabels(): void {
    const n = this.labNode.length * 2;
    const i32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.labNode = i32(this.labNode);
    this.labEvent = i32(this.labEvent);
    this.labNext = i32(this.labNext);
    const d = new Float64Array(n);
    d.set(this.labDist);
    this.labDist = d;
    const o = new Uint32Array(n * this.W);
    o.set(this.labObs);
    this.labObs = o;
  }

  private growEdgeScratch(min: number): void {
    const n = Math.max(min, 2 * this.edU.length);
    this.edU = new Int32Array(n);
    this.edV = new Int32Array(n);
    this.edW = new Float64Array(n);
    this.edQ = new Int32Array(n);
  }

  private growTouched(): void {
    const t = new Int32Array(this.touched.length * 2);
    t.set(this.touched);
    this.touched = t;
  }

  private growPairs(): void {
    const n = this.pairI.length * 2;
    const i32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.pairI = i32(this.pairI);
    this.pairJ = i32(this.pairJ);
    this.pairOrder = new Int32Array(n);
    const w = new Float64Array(n);
    w.set(this.pairW);
    this.pairW = w;
    const o = new Uint32Array(n * this.W);
    o.set(this.pairObs);
    this.pairObs = o;
  }
}

/**
 * Initial ball radius of the certified algorithm: floor(Q/2) + 1 for the probability-weighted 95%
 * quantile Q of the edge weights (see the class comment of {@link MatchingCompiledDecoder}).
 * O(E log E).
 */
function initialRadiusOf(g: MatchingGraph): number {
  const m = g.numEdges;
  if (m === 0) return 1;
  const idx = new Int32Array(m);
  let total = 0;
  // Probabilities above 1/2 were flipped to 1 - p with the weight (see buildMatchingGraph).
  const firing = (e: number): number => {
    const p = g.edgeProbability[e];
    return p > 0.5 ? 1 - p : p;
  };
  for (let e = 0; e < m; e++) {
    idx[e] = e;
    total += firing(e);
  }
  idx.sort((a, b) => g.edgeWeight[a] - g.edgeWeight[b]);
  let q = g.edgeWeight[idx[m - 1]];
  let acc = 0;
  for (let t = 0; t < m; t++) {
    acc += firing(idx[t]);
    if (acc >= 0.95 * total) {
      q = g.edgeWeight[idx[t]];
      break;
    }
  }
  return Math.floor(q / 2) + 1;
}

/**
 * The certified local MWPM decoder family (`mwpm-local`; `mwpm` is sparse blossom). `compile`
 * validates the DEM and builds the detector graph (O(E log E)); it takes no options (an unknown
 * option is a ValidationError).
 * @throws UnsupportedError for an error component with more than two detectors.
 */
export const MATCHING_DECODER: Decoder = {
  name: 'mwpm-local',
  compile(dem: FlatDem, options?: Record<string, unknown>): MatchingCompiledDecoder {
    resolveDecoderOptions('mwpm-local', [], options);
    checkFlatDem(dem, 'mwpm-local');
    return new MatchingCompiledDecoder(dem);
  },
};
