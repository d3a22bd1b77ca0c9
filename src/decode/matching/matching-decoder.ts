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
 * Files: this one holds the driver and the ball growth (steps 1, 2 and 5); the per-shot scratch,
 * the component matching and the certificate (steps 3 and 4) are in local-components.ts.
 *
 * All weights are integers (see {@link buildMatchingGraph}), so the decoder minimises exactly the
 * same objective as PyMatching 2; different predictions can only come from exact ties.
 *
 * Cost per shot follows the ball volumes (radius about half the matched distance for most events)
 * plus Edmonds on the components; no allocation per shot in steady state (scratch arrays are
 * fields, grown by doubling; reset per shot by touching only what was visited).
 */
import type { FlatDem } from '../../dem/dem.js';
import type { BitTable } from '../../mem/bit-table.js';
import type { CompiledDecoder, Decoder } from '../decoder.js';
import { checkBatchShapes, checkFlatDem, resolveDecoderOptions } from '../decoder-support.js';
import { DP_MAX_EVENTS, LocalComponentSolver } from './local-components.js';
import { buildMatchingGraph, type MatchingGraph } from './matching-graph.js';

export { DP_MAX_EVENTS };

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
export class MatchingCompiledDecoder extends LocalComponentSolver implements CompiledDecoder {
  readonly numDetectors: number;
  readonly numObservables: number;
  /** Whether the certified local algorithm is used (else the full search). */
  readonly certified: boolean;
  /** Initial ball radius of the certified algorithm (integer weight units). */
  readonly initialRadius: number;

  /**
   * @param dem the flat DEM (not kept).
   * @param certified use the certified local algorithm (default); false forces the full search
   *   with balls of radius b(u) (slower, for cross-checks).
   */
  constructor(dem: FlatDem, certified = true) {
    const g = buildMatchingGraph(dem, 'mwpm-local');
    super(g);
    this.certified = certified;
    this.initialRadius = initialRadiusOf(g);
    this.numDetectors = dem.numDetectors;
    this.numObservables = dem.numObservables;
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
