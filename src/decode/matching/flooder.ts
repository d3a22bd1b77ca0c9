/**
 * The graph flooder of sparse blossom (Higgott & Gidney 2023, "Sparse Blossom: correcting a
 * million errors per core second with minimum-weight matching", arXiv:2303.15933, section 3).
 *
 * Regions grow on the detector graph itself: every detection event starts a region of radius 0
 * growing at rate 1; a region (or blossom, a region whose children are regions) covers the nodes it
 * has reached. Each covered node v keeps the region that arrived there, its *top* region (the
 * outermost blossom containing that region), the detection event it was reached from (its
 * *source*), the observables and the path weight crossed from that source, and its *local radius*
 * (how far the cover extends past v) as a line `off[v] + slope[v] * now`, where `slope[v]` is the
 * top region's slope. The neighbour scans read only node-indexed arrays, whatever the blossom
 * nesting; when a top region changes slope (or a node changes top region) the lines of its area
 * are rebased so the local radii stay continuous in time.
 *
 * Time advances on a timeline of events (a radix heap, {@link RadixQueue}): a *look at node* event
 * per node (the earliest time one of its edges fills, recomputed when it fires) and a *shrink*
 * event per shrinking region (the time its most recently reached node is left, or its radius
 * reaches 0). Events the matcher must handle — region hits region, region hits boundary, a
 * shrinking blossom at radius 0 (shatter) and a shrinking single-node region at radius 0
 * (degenerate implosion) — are returned by {@link Flooder.nextEvent}; filling empty nodes and
 * leaving nodes are handled here.
 *
 * Layout: permanent graph structure (CSR adjacency, doubled integer weights, observable words:
 * {@link FloodGraph}) and per-shot scratch (node and region arrays) are separate; the scratch is reset per shot in
 * O(nodes touched + regions used). Regions are struct-of-arrays indexed by {@link RegionId},
 * allocated from a free list; at most 2k - 1 are alive for k detection events.
 */
import { RadixQueue } from '../radix-queue.js';
import type { MatchingGraph } from './matching-graph.js';
import { EventTrackers } from './event-tracker.js';
import { FloodGraph } from './flood-graph.js';
import { NONE as NONE_, type NodeId, type ObsMask, type RegionId, type Slope, type Time } from './ints.js';
// Module-level copies: hot loops read them as plain constants (no import binding lookups).
const NONE = NONE_;

/** {@link Flooder.nextEvent} results. */
export const EV_NONE = 0;
export const EV_HIT_REGION = 1;
export const EV_HIT_BOUNDARY = 2;
export const EV_SHATTER = 3;
export const EV_IMPLODE = 4;

/** Blossom child records: region, edge (from, to, obs, weight) to the next child in the cycle. */
export const CHILD_STRIDE = 5;

/** findNext result: the boundary edge of the node. */
const BOUNDARY_SLOT = -2;
/** findNext result: no event. */
const NO_SLOT = -1;

/** The flooder of one detector graph. Not reentrant (per-shot scratch). */
export class Flooder {
  readonly numNodes: number;
  // ---- permanent structure (arrays shared with the FloodGraph, weights mutable by it) ----
  /** The graph in flooder units, with its per-shot weight overrides. */
  readonly graph: FloodGraph;
  private readonly adjStart: Int32Array;
  private readonly adjNode: Int32Array;
  private readonly adjW: Float64Array;
  private readonly bndW: Float64Array;
  /** The observable word the current shot tracks (see {@link beginShot}). */
  private adjObs: Int32Array;
  private bndObs: Int32Array;

  // ---- per-shot node scratch ----
  /** Region that reached each node (innermost), its top region, its source detection event. */
  readonly nRegion: Int32Array;
  readonly nTop: Int32Array;
  readonly nSource: Int32Array;
  /** Observables crossed and path weight (flooder units) from the source. */
  readonly nObs: Int32Array;
  readonly nDist: Float64Array;
  /**
   * Local radius = nOff + nSlope * now; nSlope is the top region's slope (0 for an empty node,
   * whose nOff is 0 too, so empty and frozen neighbours need no separate case).
   */
  readonly nOff: Float64Array;
  readonly nSlope: Int8Array;
  /**
   * The adjacency slot (or BOUNDARY_SLOT) of the collision that set each node's wanted event, or
   * NO_SLOT: when the event fires, that one edge is checked first and, when it collides now, is
   * handled without rescanning the node (a hint only: it is re-validated at the current time).
   */
  private readonly nSlot: Int32Array;
  private readonly nTouched: Uint8Array;
  private readonly touched: Int32Array;
  private numTouched = 0;
  private readonly nodeEvents: EventTrackers;

  // ---- per-shot region scratch (struct of arrays) ----
  readonly rParent: Int32Array;
  /** Alternating-tree node of a region in a tree (owned by the matcher), else NONE. */
  readonly rAlt: Int32Array;
  /** Matched region, BOUNDARY, or NONE; the match edge runs from inside this region. */
  readonly rMatch: Int32Array;
  readonly rMatchFrom: Int32Array;
  readonly rMatchTo: Int32Array;
  readonly rMatchObs: Int32Array;
  readonly rMatchW: Float64Array;
  /** radius(t) = rY0 + rSlope * t. */
  readonly rY0: Float64Array;
  readonly rSlope: Int8Array;
  /** The detection event of a single-event region, NONE for a blossom. */
  readonly rSource: Int32Array;
  /**
   * Shell: the nodes reached while this region was top, as a stack linked through `nShellPrev`
   * (`rShellTop[r]` = the most recently reached, NONE if empty), so arrivals and departures
   * allocate nothing.
   */
  readonly rShellTop: Int32Array;
  readonly nShellPrev: Int32Array;
  /**
   * Blossom cycles, in a per-shot bump arena (no allocation per blossom): the cycle of blossom r
   * is `rNumChildren[r]` records of CHILD_STRIDE numbers (see {@link CHILD_STRIDE}) from
   * `childPool[rChildBase[r]]`. The pool is replaced by a larger one when it fills (re-read it
   * after {@link appendChild}).
   */
  childPool = new Float64Array(64 * CHILD_STRIDE);
  private childTop = 0;
  readonly rChildBase: Int32Array;
  readonly rNumChildren: Int32Array;
  private readonly regionEvents: EventTrackers;
  private readonly freeRegions: Int32Array;
  private numFree = 0;
  private numRegions = 0;

  private readonly queue = new RadixQueue(256);
  private batchPos = 0;
  private batchLen = 0;
  /** Nodes to reschedule before the next event (the ends of the last returned collision). */
  private pendingA = NONE;
  private pendingB = NONE;
  /** Current time (flooder units). */
  now: Time = 0;

  /** Scratch for {@link collectArea}. */
  readonly area: Int32Array;
  private readonly stack: Int32Array;

  // ---- the last returned event ----
  evA: RegionId = NONE;
  evB: RegionId = NONE;
  evFrom: NodeId = NONE;
  evTo: NodeId = NONE;
  evObs: ObsMask = 0;
  evW: Time = 0;

  constructor(g: MatchingGraph) {
    const n = g.numDetectors;
    this.numNodes = n;
    const fg = new FloodGraph(g);
    this.graph = fg;
    this.adjStart = fg.adjStart;
    this.adjNode = fg.adjNode;
    this.adjW = fg.adjW;
    this.bndW = fg.bndW;
    this.adjObs = fg.adjObsWords[0];
    this.bndObs = fg.bndObsWords[0];

    this.nRegion = new Int32Array(n).fill(NONE);
    this.nTop = new Int32Array(n).fill(NONE);
    this.nSource = new Int32Array(n).fill(NONE);
    this.nObs = new Int32Array(n);
    this.nDist = new Float64Array(n);
    this.nOff = new Float64Array(n);
    this.nSlope = new Int8Array(n);
    this.nSlot = new Int32Array(n).fill(NO_SLOT);
    this.nTouched = new Uint8Array(n);
    this.touched = new Int32Array(n);
    this.nodeEvents = new EventTrackers(n, this.queue, 0);

    const R = 2 * n + 2;
    this.rParent = new Int32Array(R);
    this.rAlt = new Int32Array(R);
    this.rMatch = new Int32Array(R);
    this.rMatchFrom = new Int32Array(R);
    this.rMatchTo = new Int32Array(R);
    this.rMatchObs = new Int32Array(R);
    this.rMatchW = new Float64Array(R);
    this.rY0 = new Float64Array(R);
    this.rSlope = new Int8Array(R);
    this.rSource = new Int32Array(R);
    this.rShellTop = new Int32Array(R);
    this.nShellPrev = new Int32Array(n);
    this.rChildBase = new Int32Array(R);
    this.rNumChildren = new Int32Array(R);
    this.regionEvents = new EventTrackers(R, this.queue, 1);
    this.freeRegions = new Int32Array(R);
    this.area = new Int32Array(n);
    this.stack = new Int32Array(R);
  }

  // ------------------------------------------------------------------ shot life cycle

  /** Starts a shot whose observables are tracked for mask word `word`. */
  beginShot(word: number): void {
    this.adjObs = this.graph.adjObsWords[word];
    this.bndObs = this.graph.bndObsWords[word];
    this.queue.clear();
    this.now = 0;
    this.batchPos = this.batchLen = 0;
    this.pendingA = this.pendingB = NONE;
  }

  /** Creates the growing single-node region of detection event `s` (at time 0). */
  addDetectionEvent(s: NodeId): RegionId {
    const r = this.allocRegion();
    this.rSource[r] = s;
    this.rSlope[r] = 1;
    this.pushShell(r, s);
    this.touch(s);
    this.nRegion[s] = r;
    this.nTop[s] = r;
    this.nSource[s] = s;
    this.nOff[s] = 0;
    this.nSlope[s] = 1;
    return r;
  }

  /** Schedules the first event of every detection event node (after all were added). */
  start(events: Int32Array, numEvents: number): void {
    for (let i = 0; i < numEvents; i++) this.reschedule(events[i]);
  }

  /** Clears the node and region state of the shot: O(nodes touched + regions used). */
  reset(): void {
    for (let i = 0; i < this.numTouched; i++) {
      const v = this.touched[i];
      this.vacate(v);
      this.nTouched[v] = 0;
      this.nSlot[v] = NO_SLOT;
      this.nodeEvents.reset(v);
    }
    this.numTouched = 0;
    this.numRegions = 0;
    this.numFree = 0;
    this.childTop = 0;
  }

  private pushShell(r: RegionId, v: NodeId): void {
    this.nShellPrev[v] = this.rShellTop[r];
    this.rShellTop[r] = v;
  }

  private touch(v: NodeId): void {
    if (this.nTouched[v] === 0) {
      this.nTouched[v] = 1;
      this.touched[this.numTouched++] = v;
    }
  }

  private vacate(v: NodeId): void {
    this.nRegion[v] = NONE;
    this.nTop[v] = NONE;
    this.nSource[v] = NONE;
    this.nObs[v] = 0;
    this.nDist[v] = 0;
    this.nOff[v] = 0;
    this.nSlope[v] = 0;
  }

  /**
   * Gives the first `m` nodes of `area` the slope `s`, keeping their local radii now: the line
   * is rebased at the current time.
   */
  private rebaseArea(m: number, s: Slope): void {
    const area = this.area;
    const nOff = this.nOff;
    const nSlope = this.nSlope;
    const now = this.now;
    for (let i = 0; i < m; i++) {
      const v = area[i];
      nOff[v] += (nSlope[v] - s) * now;
      nSlope[v] = s;
    }
  }

  // ------------------------------------------------------------------ regions

  /** A fresh frozen region of radius 0 with no shell, children, match or tree node. */
  allocRegion(): RegionId {
    const r = this.numFree > 0 ? this.freeRegions[--this.numFree] : this.numRegions++;
    this.rNumChildren[r] = 0;
    this.rShellTop[r] = NONE;
    this.rParent[r] = NONE;
    this.rAlt[r] = NONE;
    this.rMatch[r] = NONE;
    this.rY0[r] = 0;
    this.rSlope[r] = 0;
    this.rSource[r] = NONE;
    this.regionEvents.reset(r);
    return r;
  }

  /**
   * Appends child region `r` and the cycle edge (from, to, obs, weight) to the next child to the
   * cycle of blossom `bl`. A blossom's children must be appended one after another, with no other
   * blossom's in between (they are stored contiguously).
   */
  appendChild(bl: RegionId, r: RegionId, from: NodeId, to: NodeId, obs: ObsMask, w: Time): void {
    const t = this.childTop;
    if (this.rNumChildren[bl] === 0) this.rChildBase[bl] = t;
    if (t + CHILD_STRIDE > this.childPool.length) {
      const bigger = new Float64Array(2 * this.childPool.length);
      bigger.set(this.childPool);
      this.childPool = bigger;
    }
    const pool = this.childPool;
    pool[t] = r;
    pool[t + 1] = from;
    pool[t + 2] = to;
    pool[t + 3] = obs;
    pool[t + 4] = w;
    this.childTop = t + CHILD_STRIDE;
    this.rNumChildren[bl]++;
  }

  /** Returns region `r` to the free list (its nodes and children must have been moved). */
  freeRegion(r: RegionId): void {
    this.regionEvents.cancel(r);
    this.freeRegions[this.numFree++] = r;
  }

  /** Radius of region `r` now. */
  radius(r: RegionId): Time {
    return this.rY0[r] + this.rSlope[r] * this.now;
  }

  private setSlope(r: RegionId, s: Slope): void {
    const rad = this.rY0[r] + this.rSlope[r] * this.now;
    this.rSlope[r] = s;
    this.rY0[r] = rad - s * this.now;
  }

  /**
   * Region `r` (a top region) starts growing: reschedules every node of its area that was not
   * growing already. (A new blossom's nodes from outer children keep their lines, so their
   * look-aheads stay valid: one due at a neighbour now inside the blossom merely fires early and
   * is recomputed. Skipping them saves rescanning most of a blossom's area.)
   */
  setGrowing(r: RegionId): void {
    this.setSlope(r, 1);
    this.regionEvents.cancel(r);
    const m = this.collectArea(r);
    const area = this.area;
    const nOff = this.nOff;
    const nSlope = this.nSlope;
    const now = this.now;
    for (let i = 0; i < m; i++) {
      const v = area[i];
      const s = nSlope[v];
      if (s === 1) continue;
      nOff[v] += (s - 1) * now;
      nSlope[v] = 1;
      this.reschedule(v);
    }
  }

  /** Region `r` (a top region) starts shrinking: its nodes see no collisions; one shrink event. */
  setShrinking(r: RegionId): void {
    this.setSlope(r, -1);
    const m = this.collectArea(r);
    this.rebaseArea(m, -1);
    for (let i = 0; i < m; i++) this.nodeEvents.cancel(this.area[i]);
    this.scheduleShrink(r);
  }

  /**
   * Region `r` (a top region) stops. A region that was shrinking may now be hit by growing
   * neighbours, so its nodes are rescheduled; pass `force` when its nodes were under a shrinking
   * blossom (same reason).
   */
  setFrozen(r: RegionId, force = false): void {
    const was = this.rSlope[r];
    this.regionEvents.cancel(r);
    if (was === 0 && !force) return;
    this.setSlope(r, 0);
    const m = this.collectArea(r);
    if (was !== 0) this.rebaseArea(m, 0);
    if (was === -1 || force) for (let i = 0; i < m; i++) this.reschedule(this.area[i]);
  }

  /**
   * Writes the total area of region `r` (its shell and, recursively, its children's) into
   * `area[0..m)` and returns m.
   */
  collectArea(r: RegionId): number {
    const stack = this.stack;
    const area = this.area;
    let sp = 0;
    let m = 0;
    stack[sp++] = r;
    while (sp > 0) {
      const x = stack[--sp];
      for (let v = this.rShellTop[x]; v !== NONE; v = this.nShellPrev[v]) area[m++] = v;
      const pool = this.childPool;
      const end = this.rChildBase[x] + this.rNumChildren[x] * CHILD_STRIDE;
      for (let i = this.rChildBase[x]; i < end; i += CHILD_STRIDE) stack[sp++] = pool[i];
    }
    return m;
  }

  /**
   * Puts top region `child` inside the new `blossom`: its radius freezes at its current value and
   * every node of its area gets `blossom` as top. The nodes keep their lines (and slopes) for
   * now: the caller must give the blossom its slope next ({@link setGrowing}), which rebases
   * and reschedules exactly the nodes whose slope changes.
   */
  wrapIntoBlossom(child: RegionId, blossom: RegionId): void {
    const rad = this.radius(child);
    const m = this.collectArea(child);
    for (let i = 0; i < m; i++) this.nTop[this.area[i]] = blossom;
    this.rY0[child] = rad;
    this.rSlope[child] = 0;
    this.regionEvents.cancel(child);
    this.rParent[child] = blossom;
  }

  /** Makes blossom child `child` a frozen top region again (its blossom has radius 0). */
  unwrapFromBlossom(child: RegionId): void {
    const m = this.collectArea(child);
    for (let i = 0; i < m; i++) this.nTop[this.area[i]] = child;
    this.rebaseArea(m, this.rSlope[child] as Slope);
    this.rParent[child] = NONE;
  }

  private scheduleShrink(r: RegionId): void {
    const last = this.rShellTop[r];
    // (slope -1: a radius y0 - t reaches 0 at t = y0)
    const t = last === NONE ? this.rY0[r] : this.nOff[last];
    this.regionEvents.set(r, t);
  }

  // ------------------------------------------------------------------ events

  /**
   * Advances time to the next event the matcher must handle and returns its kind (EV_*), with
   * its regions and edge in `evA`, `evB`, `evFrom`, `evTo`, `evObs`, `evW`; EV_NONE when the
   * timeline is empty.
   */
  nextEvent(): number {
    if (this.pendingA !== NONE) {
      this.reschedule(this.pendingA);
      this.pendingA = NONE;
    }
    if (this.pendingB !== NONE) {
      this.reschedule(this.pendingB);
      this.pendingB = NONE;
    }
    const queue = this.queue;
    while (true) {
      if (this.batchPos === this.batchLen) {
        const t = queue.popBatch();
        if (t < 0) return EV_NONE;
        this.now = t;
        this.batchPos = 0;
        this.batchLen = queue.batchSize;
      }
      const code = queue.batch[this.batchPos++];
      if (code >= 0) {
        if (!this.nodeEvents.dequeue(code, this.now)) continue;
        const kind = this.lookAtNode(code);
        if (kind !== EV_NONE) return kind;
      } else {
        const r = ~code;
        if (!this.regionEvents.dequeue(r, this.now)) continue;
        const kind = this.shrink(r);
        if (kind !== EV_NONE) return kind;
      }
    }
  }

  private lookAtNode(v: NodeId): number {
    const memo = this.nSlot[v];
    if (memo !== NO_SLOT && this.collidesNow(v, memo)) return this.interact(v, memo);
    if (this.nSlope[v] === 1) return this.lookAtGrowingNode(v, this.nTop[v]);
    const k = this.findNext(v);
    if (k === NO_SLOT) return EV_NONE;
    if (this.foundTime !== this.now) {
      this.nSlot[v] = k;
      this.nodeEvents.set(v, this.foundTime);
      return EV_NONE;
    }
    return this.interact(v, k);
  }

  /**
   * True when edge slot `k` of node `v` (or its boundary edge, BOUNDARY_SLOT) fills exactly now
   * in a way {@link interact} handles alone: a growing `v` meets another region or the boundary,
   * or a growing neighbour reaches a frozen or empty `v`. (A growing `v` reaching an empty node is
   * left to {@link lookAtGrowingNode}, which fills every such neighbour in one scan.)
   */
  private collidesNow(v: NodeId, k: number): boolean {
    const s1 = this.nSlope[v];
    if (s1 < 0) return false;
    const off1 = this.nOff[v];
    if (k === BOUNDARY_SLOT) return s1 === 1 && this.bndW[v] - off1 === this.now;
    const u = this.adjNode[k];
    const s2 = this.nSlope[u];
    if (s1 === 1) {
      const tu = this.nTop[u];
      if (s2 < 0 || tu === NONE || tu === this.nTop[v]) return false;
      let t = this.adjW[k] - off1 - this.nOff[u];
      if (s2 === 1) t /= 2;
      return t === this.now;
    }
    return s2 === 1 && this.adjW[k] - off1 - this.nOff[u] === this.now;
  }

  /** Handles the fill of edge slot `k` of node `v` (or its boundary edge) due now. */
  private interact(v: NodeId, k: number): number {
    if (k === BOUNDARY_SLOT) {
      this.evA = this.nTop[v];
      this.evB = NONE;
      this.evFrom = this.nSource[v];
      this.evTo = NONE;
      this.evObs = this.nObs[v] ^ this.bndObs[v];
      this.evW = this.nDist[v] + this.bndW[v];
      this.pendingA = v;
      return EV_HIT_BOUNDARY;
    }
    const u = this.adjNode[k];
    const tv = this.nTop[v];
    const tu = this.nTop[u];
    if (tv !== NONE && tu !== NONE) {
      this.evA = tv;
      this.evB = tu;
      this.evFrom = this.nSource[v];
      this.evTo = this.nSource[u];
      this.evObs = this.nObs[v] ^ this.adjObs[k] ^ this.nObs[u];
      this.evW = this.nDist[v] + this.adjW[k] + this.nDist[u];
      this.pendingA = v;
      this.pendingB = u;
      return EV_HIT_REGION;
    }
    if (tv !== NONE) {
      this.arrive(tv, u, v, k);
      this.reschedule(v);
    } else {
      this.arrive(tu, v, u, k);
      this.reschedule(u);
    }
    return EV_NONE;
  }

  /**
   * {@link lookAtNode} for a node of a growing region, fused into one adjacency scan: every empty
   * neighbour reached now is filled during the scan (fillings at one node do not affect each
   * other), a collision due now is returned at once, and otherwise the node's next event is set
   * from the same scan. Saves one rescan of the node per filled neighbour.
   */
  private lookAtGrowingNode(v: NodeId, top: RegionId): number {
    const now = this.now;
    const i1 = this.nOff[v];
    const bw = this.bndW[v];
    let best = Infinity;
    let slot = NO_SLOT;
    if (bw >= 0) {
      const t = bw - i1;
      if (t === now) {
        this.evA = top;
        this.evB = NONE;
        this.evFrom = this.nSource[v];
        this.evTo = NONE;
        this.evObs = this.nObs[v] ^ this.bndObs[v];
        this.evW = this.nDist[v] + bw;
        this.pendingA = v;
        return EV_HIT_BOUNDARY;
      }
      best = t;
      slot = BOUNDARY_SLOT;
    }
    const nTop = this.nTop;
    const nOff = this.nOff;
    const nSlope = this.nSlope;
    const adjNode = this.adjNode;
    const adjW = this.adjW;
    const end = this.adjStart[v + 1];
    for (let k = this.adjStart[v]; k < end; k++) {
      const u = adjNode[k];
      const tu = nTop[u];
      if (tu === top) continue;
      const s2 = nSlope[u];
      if (s2 < 0) continue;
      let t = adjW[k] - i1 - nOff[u];
      if (s2 === 1) t /= 2;
      if (t === now) {
        if (tu === NONE) {
          this.arrive(top, u, v, k);
          continue;
        }
        this.evA = top;
        this.evB = tu;
        this.evFrom = this.nSource[v];
        this.evTo = this.nSource[u];
        this.evObs = this.nObs[v] ^ this.adjObs[k] ^ this.nObs[u];
        this.evW = this.nDist[v] + adjW[k] + this.nDist[u];
        this.pendingA = v;
        this.pendingB = u;
        return EV_HIT_REGION;
      }
      if (t < best) {
        best = t;
        slot = k;
      }
    }
    if (best === Infinity) this.nodeEvents.cancel(v);
    else {
      this.nSlot[v] = slot;
      this.nodeEvents.set(v, best);
    }
    return EV_NONE;
  }

  /** Region `r` (top, growing) reaches empty node `u` from node `from` over adjacency slot `k`. */
  private arrive(r: RegionId, u: NodeId, from: NodeId, k: number): void {
    this.touch(u);
    this.nRegion[u] = r;
    this.nTop[u] = r;
    this.nSource[u] = this.nSource[from];
    this.nObs[u] = this.nObs[from] ^ this.adjObs[k];
    this.nDist[u] = this.nDist[from] + this.adjW[k];
    // (local radius 0 now, growing with r)
    this.nSlope[u] = this.rSlope[r];
    this.nOff[u] = -this.rSlope[r] * this.now;
    this.pushShell(r, u);
    this.reschedule(u);
  }

  /** A shrink event of region `r`: leave its last node, or report radius 0. */
  private shrink(r: RegionId): number {
    const v = this.rShellTop[r];
    if (v === NONE) {
      this.evA = r;
      return EV_SHATTER;
    }
    if (this.nShellPrev[v] === NONE && this.rSource[r] !== NONE) {
      this.evA = r;
      return EV_IMPLODE;
    }
    this.rShellTop[r] = this.nShellPrev[v];
    this.vacate(v);
    this.reschedule(v);
    this.scheduleShrink(r);
    return EV_NONE;
  }

  /** Sets node `v`'s wanted event to its next collision, or none. */
  reschedule(v: NodeId): void {
    const k = this.findNext(v);
    if (k === NO_SLOT) this.nodeEvents.cancel(v);
    else {
      this.nSlot[v] = k;
      this.nodeEvents.set(v, this.foundTime);
    }
  }

  /** Time of the collision found by the last {@link findNext}. */
  private foundTime: Time = 0;

  /**
   * The earliest time an edge at node `v` fills (two covers meet, or a cover reaches an empty
   * node or the boundary): returns its adjacency slot (or BOUNDARY_SLOT / NO_SLOT) and sets
   * `foundTime`. A node of a growing region looks at every neighbour not in its region; any
   * other node only at neighbours of growing regions. O(degree).
   */
  private findNext(v: NodeId): number {
    const top = this.nTop[v];
    const nTop = this.nTop;
    const nOff = this.nOff;
    const nSlope = this.nSlope;
    const adjNode = this.adjNode;
    const adjW = this.adjW;
    const end = this.adjStart[v + 1];
    let best = Infinity;
    let slot = NO_SLOT;
    const s1 = nSlope[v];
    // local radius of v: off1 + s1 * now
    const off1 = nOff[v];
    if (s1 === 1) {
      const bw = this.bndW[v];
      if (bw >= 0) {
        best = bw - off1;
        slot = BOUNDARY_SLOT;
      }
      for (let k = this.adjStart[v]; k < end; k++) {
        const u = adjNode[k];
        if (nTop[u] === top) continue;
        const s2 = nSlope[u];
        if (s2 < 0) continue;
        // (an empty u has nOff 0 and slope 0: the cover reaches it at adjW - off1)
        let t = adjW[k] - off1 - nOff[u];
        if (s2 === 1) t /= 2;
        if (t < best) {
          best = t;
          slot = k;
        }
      }
    } else if (s1 === 0) {
      // (a neighbour in v's own frozen region has slope 0: skipped with the other non-growing)
      for (let k = this.adjStart[v]; k < end; k++) {
        const u = adjNode[k];
        if (nSlope[u] !== 1) continue;
        const t = adjW[k] - off1 - nOff[u];
        if (t < best) {
          best = t;
          slot = k;
        }
      }
    }
    this.foundTime = best;
    return slot;
  }
}
