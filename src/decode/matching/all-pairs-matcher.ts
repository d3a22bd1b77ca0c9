/**
 * Exact matching of a shot without flooding on graphs small enough to keep every shortest-path
 * distance (e.g. the surface code at d = 5: 120 detectors): a distance table built once, and a
 * dynamic programme over the shot's events ordered so that the pairs worth matching are close.
 *
 * A minimum-weight perfect matching of the events (each paired with another or with the boundary,
 * the boundary taking any number) is a minimum over pairings of the sum of shortest-path
 * distances. Two events a, b with d(a, b) ≥ bd(a) + bd(b) (bd: distance to the boundary) never
 * need to be paired: sending both to the boundary costs no more. The remaining *useful* pairs form
 * a sparse graph on the events (local clusters). The events are put in breadth-first order of that
 * graph, so every useful pair spans at most B positions (the bandwidth); then a left-to-right DP
 * whose state is the position and the set of the next B events already paired (a B-bit mask) is
 * exact for any order, and small when B is. Only reachable states are visited, deduplicated per
 * position through a table indexed by the mask. A shot whose bandwidth or state count exceeds the
 * limits below is left to the flooder.
 *
 * Observables: each pair contributes the observables of one fixed shortest path between its two
 * events (the one found by the Dijkstra from the lower-numbered event) or of the precomputed
 * shortest path to the boundary. When shortest paths tie with different observables, either is a
 * minimum-weight correction, exactly as when the flooder picks one.
 *
 * Cost per shot O(k² + states · useful degree) for k events; no allocation.
 */
import { MinHeap, type MatchingGraph } from './matching-graph.js';

/**
 * Largest distance table built, in bytes (a Float64 distance and `obsWords` 32-bit observable
 * words per ordered pair of detectors): 4 MiB, i.e. up to ~590 detectors with one observable word.
 */
export const MAX_ALL_PAIRS_BYTES = 4 << 20;

/** Largest span (positions in the event order) of a useful pair: the DP mask has this many bits. */
const MAX_BAND = 14;
/** Most DP states of one shot before it is left to the flooder. */
const MAX_STATES = 4096;
/** Most events of one shot handled here (pair scratch is MAX_EVENTS² / 2). */
const MAX_EVENTS = 128;

/** DP transition kinds stored per state (else: the partner's offset, ≥ 1). */
const SKIP = 0;
const TO_BOUNDARY = -1;

/** True when {@link AllPairsMatcher} would build its table for `g` (within {@link MAX_ALL_PAIRS_BYTES}). */
export function allPairsFits(g: MatchingGraph, maxBytes = MAX_ALL_PAIRS_BYTES): boolean {
  const n = g.numDetectors;
  return n * n * (8 + 4 * g.obsWords) <= maxBytes;
}

/** The all-pairs matcher of one {@link MatchingGraph}. Not reentrant (scratch per call). */
export class AllPairsMatcher {
  private readonly n: number;
  /** Shortest-path distance d(a, b) at a * n + b (Infinity: disconnected). */
  readonly dist: Float64Array;
  /** Observables of one shortest path from a to b at (a * n + b) * obsWords, for a < b. */
  private readonly pathObs: Uint32Array;
  /**
   * Bit b of row a (`words` words per row) set when a, b are a useful pair: d(a, b) < bd(a) +
   * bd(b) (see the file comment). Small enough to stay in the first-level cache at d = 5.
   */
  private readonly useful: Uint32Array;
  private readonly words: number;

  // ---- per-shot scratch ----
  /** The shot's events as a bit set over detectors (cleared after use) and their indices. */
  private readonly eventBits: Uint32Array;
  private readonly eventIndex: Int32Array;
  /** Useful pairs of the shot's events, as CSR over event indices (neighbour, distance). */
  private readonly nbStart = new Int32Array(MAX_EVENTS + 1);
  private readonly nbFill = new Int32Array(MAX_EVENTS);
  private readonly nbEvent = new Int32Array(MAX_EVENTS * MAX_EVENTS);
  private readonly pairI = new Int32Array((MAX_EVENTS * MAX_EVENTS) >>> 1);
  private readonly pairJ = new Int32Array((MAX_EVENTS * MAX_EVENTS) >>> 1);
  /** The DP's order: order[p] = event index at position p; pos = its inverse. */
  private readonly order = new Int32Array(MAX_EVENTS);
  private readonly pos = new Int32Array(MAX_EVENTS);
  /** Breadth-first search scratch: queue, and visit marks (valid when equal to markStamp). */
  private readonly queue = new Int32Array(MAX_EVENTS);
  private readonly mark = new Int32Array(MAX_EVENTS);
  private markStamp = 0;
  /** Per position p: later useful partners at offsets fwdT[f] with distances fwdD[f]. */
  private readonly fwdStart = new Int32Array(MAX_EVENTS + 1);
  private readonly fwdT = new Int32Array((MAX_EVENTS * MAX_EVENTS) >>> 1);
  private readonly fwdD = new Float64Array((MAX_EVENTS * MAX_EVENTS) >>> 1);
  /** DP states: mask, cost, parent state, transition taken from the parent. */
  private readonly stMask = new Int32Array(MAX_STATES);
  private readonly stCost = new Float64Array(MAX_STATES);
  private readonly stParent = new Int32Array(MAX_STATES);
  private readonly stMove = new Int32Array(MAX_STATES);
  /** Per mask: the state holding it at the current position, valid when slotStamp equals stamp. */
  private readonly slot = new Int32Array(1 << MAX_BAND);
  private readonly slotStamp = new Int32Array(1 << MAX_BAND);
  private stamp = 0;

  /** The result of the last successful {@link match}: pairs (a < b, or b = -1: boundary) and weights. */
  readonly pairA = new Int32Array(MAX_EVENTS);
  readonly pairB = new Int32Array(MAX_EVENTS);
  readonly pairW = new Float64Array(MAX_EVENTS);
  numPairs = 0;

  /**
   * Builds the distance table: one Dijkstra per detector, O(n (n + E) log n). Keeps `g` (read only).
   * Check {@link allPairsFits} first: the table takes n² (8 + 4 obsWords) bytes.
   */
  constructor(private readonly g: MatchingGraph) {
    const n = g.numDetectors;
    const W = g.obsWords;
    this.n = n;
    this.dist = new Float64Array(n * n).fill(Infinity);
    this.pathObs = new Uint32Array(n * n * W);
    const heap = new MinHeap(n + g.adjNode.length + 1);
    const obs = this.pathObs;
    for (let s = 0; s < n; s++) {
      const row = s * n;
      this.dist[row + s] = 0;
      heap.clear();
      heap.push(0, s);
      while (heap.size > 0) {
        const d = heap.topKey();
        const x = heap.pop();
        if (d > this.dist[row + x]) continue;
        for (let i = g.adjStart[x]; i < g.adjStart[x + 1]; i++) {
          const y = g.adjNode[i];
          const nd = d + g.adjWeight[i];
          if (nd < this.dist[row + y]) {
            this.dist[row + y] = nd;
            const e = g.adjEdge[i];
            for (let w = 0; w < W; w++)
              obs[(row + y) * W + w] = obs[(row + x) * W + w] ^ g.edgeObs[e * W + w];
            heap.push(nd, y);
          }
        }
      }
    }
    const words = (n + 31) >>> 5;
    this.words = words;
    this.useful = new Uint32Array(n * words);
    const bd = g.boundaryDist;
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++)
        if (b !== a && this.dist[a * n + b] < bd[a] + bd[b])
          this.useful[a * words + (b >>> 5)] |= 1 << (b & 31);
    this.eventBits = new Uint32Array(words);
    this.eventIndex = new Int32Array(n);
  }

  /**
   * Matches the `k` (≥ 1) detection events `events[0..k)` (distinct detectors in ascending
   * order, after the graph's flips): writes the observables of a
   * minimum-weight perfect matching XOR the graph's flipped observables into `obsOut` (`obsWords`
   * words), its pairs into {@link pairA}/{@link pairB}/{@link pairW}, and returns true. Returns
   * false (nothing written to `obsOut`) when the shot exceeds this matcher's limits or admits no
   * perfect matching; the caller must then flood (which also reports the latter).
   */
  match(events: Int32Array, k: number, obsOut: Uint32Array): boolean {
    if (k > MAX_EVENTS) return false;
    if (!this.orderEvents(events, k)) return false;
    const last = this.runDp(events, k);
    if (last < 0) return false;
    this.readBack(events, k, last, obsOut);
    return true;
  }

  /**
   * Finds the useful pairs and orders the events (see {@link orderComponent}); leaves, per
   * position p, the later positions p + t it may pair with and their distances in
   * {@link fwdT}/{@link fwdD}[fwdStart[p]..fwdStart[p + 1]). False when some useful pair spans
   * more than {@link MAX_BAND} positions.
   */
  private orderEvents(events: Int32Array, k: number): boolean {
    const n = this.n;
    const dist = this.dist;
    const deg = this.nbFill;
    const words = this.words;
    const useful = this.useful;
    const bits = this.eventBits;
    const evIndex = this.eventIndex;
    for (let i = 0; i < k; i++) {
      const a = events[i];
      bits[a >>> 5] |= 1 << (a & 31);
      evIndex[a] = i;
      deg[i] = 0;
    }
    // Useful partners of each event among the later events: its row of the useful-pair bit table
    // AND the shot's events, word by word.
    let numPairs = 0;
    for (let i = 0; i < k; i++) {
      const a = events[i];
      const row = a * words;
      for (let w = a >>> 5; w < words; w++) {
        let x = useful[row + w] & bits[w];
        if (w === a >>> 5) x &= ~((2 << (a & 31)) - 1); // later detectors only (events ascend)
        while (x !== 0) {
          const low = x & -x;
          const j = evIndex[(w << 5) + 31 - Math.clz32(low)];
          x ^= low;
          this.pairI[numPairs] = i;
          this.pairJ[numPairs++] = j;
          deg[i]++;
          deg[j]++;
        }
      }
      // An event at position p can only pair within positions p ± MAX_BAND, so more useful
      // partners than 2·MAX_BAND mean the band check below must fail: give up now, before the
      // quadratic pair scan (dense shots on boundary-free graphs, e.g. toric codes, where every
      // pair of a component is useful).
      if (deg[i] > 2 * MAX_BAND) {
        for (let e = 0; e < k; e++) bits[events[e] >>> 5] = 0;
        return false;
      }
    }
    for (let i = 0; i < k; i++) bits[events[i] >>> 5] = 0;
    const start = this.nbStart;
    start[0] = 0;
    for (let i = 0; i < k; i++) {
      start[i + 1] = start[i] + deg[i];
      deg[i] = start[i];
    }
    for (let q = 0; q < numPairs; q++) {
      const i = this.pairI[q];
      const j = this.pairJ[q];
      this.nbEvent[deg[i]++] = j;
      this.nbEvent[deg[j]++] = i;
    }
    const pos = this.pos;
    for (let i = 0; i < k; i++) pos[i] = -1;
    let len = 0;
    for (let r = 0; r < k; r++) if (pos[r] < 0) len = this.orderComponent(r, len);
    // Forward lists and the bandwidth.
    const order = this.order;
    let f = 0;
    for (let p = 0; p < k; p++) {
      this.fwdStart[p] = f;
      const x = order[p];
      const a = events[x];
      for (let q = start[x]; q < start[x + 1]; q++) {
        const y = this.nbEvent[q];
        const t = pos[y] - p;
        if (t <= 0) continue;
        if (t > MAX_BAND) return false;
        const b = events[y];
        this.fwdT[f] = t;
        this.fwdD[f++] = a < b ? dist[a * n + b] : dist[b * n + a];
      }
    }
    this.fwdStart[k] = f;
    return true;
  }

  /**
   * Appends the component of event `r` (in the useful-pair graph) to the order at `len` and
   * returns the new length: a breadth-first order from `r`, reversed (reverse Cuthill-McKee
   * without the degree sort). `r` is the component's lowest detector, i.e. one of its earliest in
   * time, which serves as well as a pseudo-peripheral root here (d = 5, p = 0.01: 90 DP states per
   * shot against 88 after two more searches for a far root, 126 unreversed; detector order: 876).
   * Keeping useful pairs close in the order keeps the DP's masks small.
   */
  private orderComponent(r: number, len: number): number {
    const end = this.bfs(r);
    for (let q = 0; q < end; q++) {
      const x = this.queue[end - 1 - q];
      this.order[len + q] = x;
      this.pos[x] = len + q;
    }
    return len + end;
  }

  /** Breadth-first search of the useful-pair graph from `root` into {@link queue}; returns its length. */
  private bfs(root: number): number {
    if (this.markStamp === 0x7fffffff) {
      this.mark.fill(0);
      this.markStamp = 0;
    }
    const stamp = ++this.markStamp;
    const queue = this.queue;
    const mark = this.mark;
    const start = this.nbStart;
    const nb = this.nbEvent;
    mark[root] = stamp;
    queue[0] = root;
    let end = 1;
    for (let q = 0; q < end; q++) {
      const x = queue[q];
      for (let s = start[x]; s < start[x + 1]; s++) {
        const y = nb[s];
        if (mark[y] !== stamp) {
          mark[y] = stamp;
          queue[end++] = y;
        }
      }
    }
    return end;
  }

  /**
   * The left-to-right DP over the ordered events. State at position p: mask bit t set when the
   * event at position p + t is already paired (with an earlier one). Only reachable states are
   * kept, one per mask and position (the cheapest; the first on ties). Returns the final state
   * (all events matched) or -1 when there is none or the state limit is exceeded.
   */
  private runDp(events: Int32Array, k: number): number {
    const bd = this.g.boundaryDist;
    const order = this.order;
    const fwdStart = this.fwdStart;
    const fwdT = this.fwdT;
    const fwdD = this.fwdD;
    const stMask = this.stMask;
    const stCost = this.stCost;
    const stParent = this.stParent;
    const stMove = this.stMove;
    const slot = this.slot;
    const slotStamp = this.slotStamp;
    stMask[0] = 0;
    stCost[0] = 0;
    stParent[0] = -1;
    stMove[0] = SKIP;
    let lo = 0;
    let hi = 1;
    for (let p = 0; p < k; p++) {
      if (this.stamp === 0x7fffffff) {
        slotStamp.fill(0);
        this.stamp = 0;
      }
      const stamp = ++this.stamp;
      const bda = bd[events[order[p]]];
      const f0 = fwdStart[p];
      const f1 = fwdStart[p + 1];
      let top = hi;
      for (let s = lo; s < hi; s++) {
        const mask = stMask[s];
        const cost = stCost[s];
        // Candidates (next mask, cost, move): just the skip when this event is already paired,
        // else the boundary (q = f0 - 1) and each later useful partner not yet paired. The first
        // state of each mask, or a strictly cheaper one, is kept.
        const paired = (mask & 1) !== 0;
        for (let q = paired ? f1 - 1 : f0 - 1; q < f1; q++) {
          let next: number;
          let c: number;
          let move: number;
          if (paired) {
            next = mask >>> 1;
            c = cost;
            move = SKIP;
          } else if (q < f0) {
            if (bda === Infinity) continue;
            next = mask >>> 1;
            c = cost + bda;
            move = TO_BOUNDARY;
          } else {
            const t = fwdT[q];
            if (((mask >>> t) & 1) !== 0) continue;
            next = (mask | (1 << t)) >>> 1;
            c = cost + fwdD[q];
            move = t;
          }
          if (slotStamp[next] === stamp) {
            const o = slot[next];
            if (c < stCost[o]) {
              stCost[o] = c;
              stParent[o] = s;
              stMove[o] = move;
            }
          } else {
            if (top === MAX_STATES) return -1;
            slotStamp[next] = stamp;
            slot[next] = top;
            stMask[top] = next;
            stCost[top] = c;
            stParent[top] = s;
            stMove[top++] = move;
          }
        }
      }
      lo = hi;
      hi = top;
    }
    // After the last position every event is paired: at most the state of mask 0 remains.
    return hi > lo ? lo : -1;
  }

  /** Follows the parents from the final state; writes the pairs and the observables. */
  private readBack(events: Int32Array, k: number, last: number, obsOut: Uint32Array): void {
    const g = this.g;
    const n = this.n;
    const W = obsOut.length;
    for (let w = 0; w < W; w++) obsOut[w] = g.flipObservables[w];
    this.numPairs = 0;
    let s = last;
    for (let p = k - 1; p >= 0; p--) {
      const move = this.stMove[s];
      s = this.stParent[s];
      if (move === SKIP) continue;
      const a = events[this.order[p]];
      const i = this.numPairs++;
      if (move === TO_BOUNDARY) {
        this.pairA[i] = a;
        this.pairB[i] = -1;
        this.pairW[i] = g.boundaryDist[a];
        for (let w = 0; w < W; w++) obsOut[w] ^= g.boundaryObs[a * W + w];
      } else {
        const b = events[this.order[p + move]];
        const o = a < b ? a * n + b : b * n + a;
        this.pairA[i] = a < b ? a : b;
        this.pairB[i] = a < b ? b : a;
        this.pairW[i] = this.dist[o];
        for (let w = 0; w < W; w++) obsOut[w] ^= this.pathObs[o * W + w];
      }
    }
  }
}
