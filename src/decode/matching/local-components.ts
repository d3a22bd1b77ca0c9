/**
 * The per-shot state of certified local matching (`mwpm-local`, matching-decoder.ts) and its
 * component solver: steps 3 and 4 of that file's comment. The candidate pairs found by the ball
 * growth are split into connected components; each is matched exactly with LP duals (a greedy
 * matching with fitted blossom-free duals, the subset DP, or Edmonds' blossom algorithm) and the
 * duals are checked against the ball radii (the certificate). The ball growth and the driver are
 * in the subclass `MatchingCompiledDecoder` (matching-decoder.ts).
 *
 * Scratch arrays are fields shared with the subclass (protected), grown by doubling, reset per
 * shot by touching only what was visited.
 */
import { ValidationError } from '../../base/errors.js';
import { maxWeightMatching, minWeightPerfectMatching } from './blossom.js';
import { MinHeap, type MatchingGraph } from './matching-graph.js';

/** Components of at most this many events are matched by the subset DP (2^m * m steps). */
export const DP_MAX_EVENTS = 10;

/**
 * Components of at most this many events whose greedy matching cannot be certified are matched by
 * the subset DP, whose optimal matching is then certified with blossom-free duals if possible,
 * before Edmonds is run.
 */
const DP_FIT_MAX_EVENTS = 8;

/** Scratch and component matching of the certified local matcher; see the file comment. */
export abstract class LocalComponentSolver {
  readonly graph: MatchingGraph;

  // ---- per-shot scratch (permanent structure is in `graph`) ----
  protected readonly W: number;
  /** event index of each node, or -1 */
  protected readonly nodeEvent: Int32Array;
  protected evNode: Int32Array = new Int32Array(64);
  protected evLabStart: Int32Array = new Int32Array(64);
  protected evLabEnd: Int32Array = new Int32Array(64);
  protected numEvents = 0;
  /** Ball radius and certified dual radius Y of each event (certified mode). */
  protected radius: Float64Array = new Float64Array(64);
  protected dualY: Float64Array = new Float64Array(64);
  protected dualTmp: Float64Array = new Float64Array(64);
  /** Events whose ball must be (re)grown in this iteration. */
  protected changed: Uint8Array = new Uint8Array(64);
  /** Largest ball radius of the current iteration (bounds the pair search). */
  protected maxRadius = Infinity;
  /** Edge lists handed to Edmonds (one component at a time). */
  protected edU: Int32Array = new Int32Array(64);
  protected edV: Int32Array = new Int32Array(64);
  protected edW: Float64Array = new Float64Array(64);
  protected edQ: Int32Array = new Int32Array(64);
  /** Ball labels: node, distance from its event, event, next label at the same node, obs mask. */
  protected labNode: Int32Array = new Int32Array(1024);
  protected labDist: Float64Array = new Float64Array(1024);
  protected labEvent: Int32Array = new Int32Array(1024);
  protected labNext: Int32Array = new Int32Array(1024);
  protected labObs: Uint32Array;
  protected numLabels = 0;
  protected readonly labHead: Int32Array;
  /** Dijkstra scratch. */
  protected readonly dist: Float64Array;
  protected readonly distObs: Uint32Array;
  protected readonly doneStamp: Int32Array;
  protected stamp = 0;
  protected touched: Int32Array;
  protected readonly heap: MinHeap;
  /** Pair discovery scratch (per event). */
  protected bestW: Float64Array = new Float64Array(64).fill(Infinity);
  protected bestL1: Int32Array = new Int32Array(64);
  protected bestL2: Int32Array = new Int32Array(64);
  protected bestE: Int32Array = new Int32Array(64);
  protected bestTouched: Int32Array = new Int32Array(64);
  /** Syndrome-graph pairs. */
  protected pairI: Int32Array = new Int32Array(256);
  protected pairJ: Int32Array = new Int32Array(256);
  protected pairW: Float64Array = new Float64Array(256);
  protected pairObs: Uint32Array;
  protected numPairs = 0;
  /** Components. */
  protected uf: Int32Array = new Int32Array(64);
  protected compCount: Int32Array = new Int32Array(65);
  protected compOrder: Int32Array = new Int32Array(64);
  protected locOf: Int32Array = new Int32Array(64);
  protected pairOrder: Int32Array = new Int32Array(256);
  protected pairCompCount: Int32Array = new Int32Array(65);
  protected localW: Float64Array = new Float64Array(DP_MAX_EVENTS * DP_MAX_EVENTS);
  protected localPair: Int32Array = new Int32Array(DP_MAX_EVENTS * DP_MAX_EVENTS);
  protected readonly dp: Float64Array = new Float64Array(1 << DP_MAX_EVENTS);
  protected readonly dpChoice: Int8Array = new Int8Array(1 << DP_MAX_EVENTS);
  /** Result: partner event (or -1 boundary) and the pair index used. */
  protected partner: Int32Array = new Int32Array(64);
  protected partnerPair: Int32Array = new Int32Array(64);
  /** Predicted observables of the last shot (W words) and its total weight. */
  protected readonly obsOut: Uint32Array;
  protected lastWeight = 0;

  /** @param g the detector graph (kept). */
  constructor(g: MatchingGraph) {
    this.graph = g;
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

  protected resetShot(): void {
    for (let i = 0; i < this.numEvents; i++) this.nodeEvent[this.evNode[i]] = -1;
    for (let l = 0; l < this.numLabels; l++) this.labHead[this.labNode[l]] = -1;
    this.numEvents = 0;
    this.numLabels = 0;
  }

  protected find(x: number): number {
    const uf = this.uf;
    while (uf[x] !== x) {
      uf[x] = uf[uf[x]];
      x = uf[x];
    }
    return x;
  }

  /** Matches every component exactly (full search: no certificate). */
  protected matchComponents(): void {
    const k = this.numEvents;
    this.bucketComponents();
    const cc = this.compCount;
    const pc = this.pairCompCount;
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
  protected bucketComponents(): void {
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
  protected matchComponentsCertified(): boolean {
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
  protected greedyCertifiedComponent(start: number, m: number, pStart: number, pEnd: number): boolean {
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
  protected fitDuals(start: number, m: number, pStart: number, pEnd: number): boolean {
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

  protected matchComponent(start: number, m: number, pStart: number, pEnd: number): void {
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

  protected throwUnmatchable(): never {
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

  protected growEdgeScratch(min: number): void {
    const n = Math.max(min, 2 * this.edU.length);
    this.edU = new Int32Array(n);
    this.edV = new Int32Array(n);
    this.edW = new Float64Array(n);
    this.edQ = new Int32Array(n);
  }
}
