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
 * {@link FloodGraph}) and per-shot scratch (node and region arrays, {@link FloodState}, which this
 * class extends) are separate; the scratch is reset per shot in O(nodes touched + regions used). Regions are struct-of-arrays indexed by {@link RegionId},
 * allocated from a free list; at most 2k - 1 are alive for k detection events.
 */
import { BOUNDARY_SLOT as BOUNDARY_SLOT_, FloodState, NO_SLOT as NO_SLOT_ } from './flood-state.js';
import { NONE as NONE_, type NodeId, type ObsMask, type RegionId, type Slope, type Time } from './ints.js';
// Module-level copies: hot loops read them as plain constants (no import binding lookups).
const NONE = NONE_;
const BOUNDARY_SLOT = BOUNDARY_SLOT_;
const NO_SLOT = NO_SLOT_;

export { CHILD_STRIDE } from './flood-state.js';

/** {@link Flooder.nextEvent} results. */
export const EV_NONE = 0;
export const EV_HIT_REGION = 1;
export const EV_HIT_BOUNDARY = 2;
export const EV_SHATTER = 3;
export const EV_IMPLODE = 4;

/** The flooder of one detector graph. Not reentrant (per-shot scratch). */
export class Flooder extends FloodState {
  private batchPos = 0;
  private batchLen = 0;
  /** Nodes to reschedule before the next event (the ends of the last returned collision). */
  private pendingA = NONE;
  private pendingB = NONE;
  // ---- the last returned event ----
  evA: RegionId = NONE;
  evB: RegionId = NONE;
  evFrom: NodeId = NONE;
  evTo: NodeId = NONE;
  evObs: ObsMask = 0;
  evW: Time = 0;

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
    this.nObs[s] = 0;
    this.nDist[s] = 0;
    this.nFresh[s] = 1;
    this.nOff[s] = 0;
    this.nSlope[s] = 1;
    return r;
  }

  /** Schedules the first event of every detection event node (after all were added). */
  start(events: Int32Array, numEvents: number): void {
    if (this.graph.numOverriddenEdges !== 0) {
      for (let i = 0; i < numEvents; i++) this.reschedule(events[i]);
      return;
    }
    for (let i = 0; i < numEvents; i++) this.startScan(events[i]);
  }

  /**
   * {@link reschedule} of detection event `v` at time 0, when every covered node is a detection
   * event of radius 0 (slope 1) and the rest are empty: an edge of weight w fills at w / 2 (to
   * another event) or w (to an empty node). The graph's adjacency lists ascend by weight, so the
   * scan stops at the first edge with w / 2 not below the best time found (not while weights are
   * overridden: then they may be out of order).
   */
  private startScan(v: NodeId): void {
    const adjW = this.adjW;
    const adjNode = this.adjNode;
    const nSlope = this.nSlope;
    const bw = this.bndW[v];
    let best = bw >= 0 ? bw : Infinity;
    let slot = bw >= 0 ? BOUNDARY_SLOT : NO_SLOT;
    const end = this.adjStart[v + 1];
    for (let k = this.adjStart[v]; k < end; k++) {
      const w = adjW[k];
      if (w / 2 >= best) break;
      const t = nSlope[adjNode[k]] === 1 ? w / 2 : w;
      if (t < best) {
        best = t;
        slot = k;
      }
    }
    if (slot === NO_SLOT) this.nodeEvents.cancel(v);
    else {
      this.nSlot[v] = slot;
      this.nodeEvents.set(v, best);
    }
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
      this.nFresh[v] = 0;
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
    // The ends of the last collision lost their events. A frozen fresh end needs none (see
    // nFresh): its growing neighbours' events already account for it.
    const a = this.pendingA;
    if (a !== NONE) {
      if (this.nFresh[a] === 0 || this.nSlope[a] !== 0) this.reschedule(a);
      this.pendingA = NONE;
    }
    const b = this.pendingB;
    if (b !== NONE) {
      if (this.nFresh[b] === 0 || this.nSlope[b] !== 0) this.reschedule(b);
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
    // (a frozen fresh node needs no look-ahead: see nFresh)
    if (this.nFresh[v] === 1 && this.nSlope[v] === 0) return EV_NONE;
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
    this.nFresh[u] = 0;
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
