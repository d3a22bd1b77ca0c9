/**
 * The state of the sparse-blossom {@link Flooder} (Higgott & Gidney 2023, "Sparse Blossom",
 * arXiv:2303.15933): the permanent graph arrays it reads (from {@link FloodGraph}), the per-shot
 * node scratch (region, top region, source, observables, distance and local-radius line of every
 * reached node), the per-shot region scratch (struct of arrays indexed by {@link RegionId}, from a
 * free list; blossom cycles in a bump arena), and the bookkeeping on them that involves no event:
 * allocation, shells and areas, rebasing lines, the per-shot reset. The {@link Flooder} adds the
 * dynamics (slopes, look-aheads, the timeline).
 */
import { RadixQueue } from '../radix-queue.js';
import type { MatchingGraph } from './matching-graph.js';
import { EventTrackers } from './event-tracker.js';
import { FloodGraph } from './flood-graph.js';
import { NONE as NONE_, type NodeId, type ObsMask, type RegionId, type Slope, type Time } from './ints.js';
// Module-level copies: hot loops read them as plain constants (no import binding lookups).
const NONE = NONE_;

/** Blossom child records: region, edge (from, to, obs, weight) to the next child in the cycle. */
export const CHILD_STRIDE = 5;

/** A node's remembered collision: the boundary edge of the node. */
export const BOUNDARY_SLOT = -2;
/** A node's remembered collision: none. */
export const NO_SLOT = -1;

/** Arrays and bookkeeping of one flooder. Not reentrant (per-shot scratch). */
export class FloodState {
  readonly numNodes: number;
  // ---- permanent structure (arrays shared with the FloodGraph, weights mutable by it) ----
  /** The graph in flooder units, with its per-shot weight overrides. */
  readonly graph: FloodGraph;
  protected readonly adjStart: Int32Array;
  protected readonly adjNode: Int32Array;
  protected readonly adjW: Float64Array;
  protected readonly bndW: Float64Array;
  /** The observable word the current shot tracks (set per shot by the Flooder). */
  protected adjObs: Int32Array;
  protected bndObs: Int32Array;

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
  protected readonly nSlot: Int32Array;
  /**
   * 1 when the node is a detection event whose local radius has grown at rate 1 since time 0 and
   * then, possibly, stopped (its line was never shrinking and never restarted growing); 0
   * otherwise. Every look-ahead computed by a neighbour while such a node is covered assumed it at
   * least as large as it is, so its neighbours' events are never late with respect to it: once it
   * is frozen it needs no look-ahead of its own (see {@link Flooder.nextEvent}). Written when a
   * node is covered, cleared when it is vacated or its line turns to shrinking or growing.
   */
  protected readonly nFresh: Uint8Array;
  protected readonly nTouched: Uint8Array;
  protected readonly touched: Int32Array;
  protected numTouched = 0;
  protected readonly nodeEvents: EventTrackers;

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
  protected childTop = 0;
  readonly rChildBase: Int32Array;
  readonly rNumChildren: Int32Array;
  protected readonly regionEvents: EventTrackers;
  protected readonly freeRegions: Int32Array;
  protected numFree = 0;
  protected numRegions = 0;

  protected readonly queue = new RadixQueue(256);
  /** Current time (flooder units). */
  now: Time = 0;

  /** Scratch for {@link collectArea}. */
  readonly area: Int32Array;
  protected readonly stack: Int32Array;

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
    this.nFresh = new Uint8Array(n);
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

  // ------------------------------------------------------------------ shot scratch and regions

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

  protected pushShell(r: RegionId, v: NodeId): void {
    this.nShellPrev[v] = this.rShellTop[r];
    this.rShellTop[r] = v;
  }

  protected touch(v: NodeId): void {
    if (this.nTouched[v] === 0) {
      this.nTouched[v] = 1;
      this.touched[this.numTouched++] = v;
    }
  }

  /**
   * Makes node `v` empty. Only its top region and line are cleared: its region, source,
   * observables and distance are read only while it is covered, and are written whenever it is.
   */
  protected vacate(v: NodeId): void {
    this.nFresh[v] = 0;
    this.nTop[v] = NONE;
    this.nOff[v] = 0;
    this.nSlope[v] = 0;
  }

  /**
   * Gives the first `m` nodes of `area` the slope `s`, keeping their local radii now: the line
   * is rebased at the current time. A slope other than 0 ends their {@link nFresh} history.
   */
  protected rebaseArea(m: number, s: Slope): void {
    const area = this.area;
    const nOff = this.nOff;
    const nSlope = this.nSlope;
    const now = this.now;
    for (let i = 0; i < m; i++) {
      const v = area[i];
      nOff[v] += (nSlope[v] - s) * now;
      nSlope[v] = s;
    }
    if (s !== 0) for (let i = 0; i < m; i++) this.nFresh[area[i]] = 0;
  }

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

  protected setSlope(r: RegionId, s: Slope): void {
    const rad = this.rY0[r] + this.rSlope[r] * this.now;
    this.rSlope[r] = s;
    this.rY0[r] = rad - s * this.now;
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
}
