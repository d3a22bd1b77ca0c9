/**
 * The matcher of sparse blossom (Higgott & Gidney 2023, "Sparse Blossom", arXiv:2303.15933,
 * section 3): Edmonds' blossom algorithm on the regions of the {@link Flooder}, driven by its
 * events instead of by a dense graph of pairwise distances.
 *
 * Every unmatched region is the root of an *alternating tree*. A tree node pairs an inner region
 * (shrinking) with the outer region (growing) it is matched to; the root has an outer region only.
 * Edges between regions are *compressed edges*: two detection events (or one and the boundary),
 * the observables and the weight of one path between them through the regions.
 *
 * - An outer region hits a matched region: that pair joins the tree (inner shrinks, its partner grows).
 * - An outer region hits another tree, the boundary, or a region matched to the boundary: the tree
 *   is augmented (every region on the path to the root changes partner, the rest of the tree
 *   breaks into its inner/outer pairs) and all its regions freeze.
 * - Two outer regions of one tree meet: the odd cycle through their common ancestor becomes a
 *   blossom, a new growing outer region whose children freeze inside it.
 * - An inner blossom shrinks to radius 0: it shatters; the even path of its cycle between its two
 *   tree edges rejoins the tree, the rest of the cycle pairs up.
 * - An inner single-event region shrinks to radius 0 (degenerate implosion): its parent and child
 *   outer regions meet through it, forming a blossom.
 *
 * When the timeline is empty every region is matched; matched blossoms are expanded recursively
 * into the matched pairs of detection events ({@link Matcher.extract}).
 *
 * Layout: tree nodes are struct-of-arrays indexed by {@link AltNodeId} from a free list; per-shot
 * state is reset in O(nodes used).
 */
import { ValidationError } from '../../base/errors.js';
import {
  CHILD_STRIDE as CHILD_STRIDE_,
  EV_HIT_BOUNDARY as EV_HIT_BOUNDARY_,
  EV_HIT_REGION as EV_HIT_REGION_,
  EV_IMPLODE as EV_IMPLODE_,
  EV_SHATTER as EV_SHATTER_,
  type Flooder,
} from './flooder.js';
import {
  BOUNDARY as BOUNDARY_,
  NONE as NONE_,
  type AltNodeId,
  type NodeId,
  type ObsMask,
  type RegionId,
  type Time,
} from './ints.js';
// Module-level copies: hot loops read them as plain constants (no import binding lookups).
const CHILD_STRIDE = CHILD_STRIDE_;
const EV_HIT_BOUNDARY = EV_HIT_BOUNDARY_;
const EV_HIT_REGION = EV_HIT_REGION_;
const EV_IMPLODE = EV_IMPLODE_;
const EV_SHATTER = EV_SHATTER_;
const NONE = NONE_;
const BOUNDARY = BOUNDARY_;
/** Largest stamp handed out before stamps restart (see {@link Matcher.nextStamp}). */
const STAMP_LIMIT = 0x7fffffff;

/** The matcher of one detector graph. Not reentrant. */
export class Matcher {
  // ---- tree nodes (struct of arrays) ----
  private readonly aInner: Int32Array;
  private readonly aOuter: Int32Array;
  private readonly aParent: Int32Array;
  /** Edge from the parent's outer region to this node's inner region. */
  private readonly aPeFrom: Int32Array;
  private readonly aPeTo: Int32Array;
  private readonly aPeObs: Int32Array;
  private readonly aPeW: Float64Array;
  /** Edge from this node's inner region to its outer region. */
  private readonly aIoFrom: Int32Array;
  private readonly aIoTo: Int32Array;
  private readonly aIoObs: Int32Array;
  private readonly aIoW: Float64Array;
  /** Children of a tree node: a doubly linked list (first child, next and previous sibling). */
  private readonly aFirst: Int32Array;
  private readonly aNext: Int32Array;
  private readonly aPrev: Int32Array;
  private readonly aStamp: Int32Array;
  private stamp = 0;
  private readonly freeAlt: Int32Array;
  private numFree = 0;
  private numAlt = 0;
  /** Scratch lists of tree nodes. */
  private readonly listA: Int32Array;
  private readonly listB: Int32Array;

  // ---- one edge, passed through fields (no allocation) ----
  private eFrom: NodeId = NONE;
  private eTo: NodeId = NONE;
  private eObs: ObsMask = 0;
  private eW: Time = 0;

  // ---- result of extract ----
  /** Matched pairs of detection events (to = NONE: the boundary), their path weights (flooder units). */
  readonly outFrom: Int32Array;
  readonly outTo: Int32Array;
  readonly outW: Float64Array;
  numOut = 0;
  /** XOR of the observables of the matched paths (the tracked word). */
  outObs: ObsMask = 0;
  private readonly rDone: Int32Array;
  private doneStamp = 0;

  constructor(private readonly f: Flooder) {
    const cap = 2 * f.numNodes + 2;
    this.aInner = new Int32Array(cap);
    this.aOuter = new Int32Array(cap);
    this.aParent = new Int32Array(cap);
    this.aPeFrom = new Int32Array(cap);
    this.aPeTo = new Int32Array(cap);
    this.aPeObs = new Int32Array(cap);
    this.aPeW = new Float64Array(cap);
    this.aIoFrom = new Int32Array(cap);
    this.aIoTo = new Int32Array(cap);
    this.aIoObs = new Int32Array(cap);
    this.aIoW = new Float64Array(cap);
    this.aStamp = new Int32Array(cap);
    this.aFirst = new Int32Array(cap);
    this.aNext = new Int32Array(cap);
    this.aPrev = new Int32Array(cap);
    this.freeAlt = new Int32Array(cap);
    this.listA = new Int32Array(cap);
    this.listB = new Int32Array(cap);
    this.outFrom = new Int32Array(f.numNodes);
    this.outTo = new Int32Array(f.numNodes);
    this.outW = new Float64Array(f.numNodes);
    this.rDone = new Int32Array(cap);
  }

  /** Forgets every tree node (per-shot reset). */
  reset(): void {
    this.numAlt = 0;
    this.numFree = 0;
  }

  /** Makes region `r` (a new detection event's region) the root of its own tree. */
  addRoot(r: RegionId): void {
    const a = this.allocAlt();
    this.aOuter[a] = r;
    this.f.rAlt[r] = a;
  }

  /**
   * A fresh tree node: no parent, children, inner or outer region. (Its sibling links are written
   * when it is linked as a child; its stamp may be stale, which is harmless: stamps only ever
   * grow, so a stale one never equals a new one.)
   */
  private allocAlt(): AltNodeId {
    const a = this.numFree > 0 ? this.freeAlt[--this.numFree] : this.numAlt++;
    this.aFirst[a] = NONE;
    this.aInner[a] = NONE;
    this.aOuter[a] = NONE;
    this.aParent[a] = NONE;
    return a;
  }

  /**
   * A stamp no tree node carries yet. Stamps stay in int32 range: before they would overflow,
   * every stamp is cleared and numbering restarts (a stamp that wrapped in the Int32Array would
   * never compare equal again).
   */
  private nextStamp(): number {
    if (this.stamp === STAMP_LIMIT) {
      this.aStamp.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  /** Links tree node `c` as a child of `p` (sets its parent). */
  private addChild(p: AltNodeId, c: AltNodeId): void {
    this.aParent[c] = p;
    const first = this.aFirst[p];
    this.aNext[c] = first;
    this.aPrev[c] = NONE;
    if (first !== NONE) this.aPrev[first] = c;
    this.aFirst[p] = c;
  }

  /** Unlinks child `c` from the children of `p`. */
  private removeChild(p: AltNodeId, c: AltNodeId): void {
    const prev = this.aPrev[c];
    const next = this.aNext[c];
    if (prev === NONE) this.aFirst[p] = next;
    else this.aNext[prev] = next;
    if (next !== NONE) this.aPrev[next] = prev;
  }

  private releaseAlt(a: AltNodeId): void {
    this.freeAlt[this.numFree++] = a;
  }

  /** Handles the event the flooder just returned (kind EV_*). */
  handle(kind: number): void {
    const f = this.f;
    switch (kind) {
      case EV_HIT_REGION:
        this.setEdge(f.evFrom, f.evTo, f.evObs, f.evW);
        this.hitRegion(f.evA, f.evB);
        return;
      case EV_HIT_BOUNDARY:
        this.setEdge(f.evFrom, NONE, f.evObs, f.evW);
        this.augment(f.rAlt[f.evA]);
        this.matchBoundary(f.evA);
        return;
      case EV_SHATTER:
        this.shatter(f.evA);
        return;
      case EV_IMPLODE: {
        // The inner region has radius 0: its parent's and child's outer regions meet through it.
        const n = f.rAlt[f.evA];
        this.setEdge(
          this.aPeFrom[n],
          this.aIoTo[n],
          this.aPeObs[n] ^ this.aIoObs[n],
          this.aPeW[n] + this.aIoW[n],
        );
        this.hitRegion(this.aOuter[this.aParent[n]], this.aOuter[n]);
        return;
      }
      default:
        throw new Error(`sparse blossom: unknown flooder event ${kind}`);
    }
  }

  private setEdge(from: NodeId, to: NodeId, obs: ObsMask, w: Time): void {
    this.eFrom = from;
    this.eTo = to;
    this.eObs = obs;
    this.eW = w;
  }

  private reverseEdge(): void {
    const t = this.eFrom;
    this.eFrom = this.eTo;
    this.eTo = t;
  }

  /** Outer region `a` hit region `b` along the current edge (from `a` to `b`). */
  private hitRegion(a: RegionId, b: RegionId): void {
    const f = this.f;
    const na = f.rAlt[a];
    const nb = f.rAlt[b];
    if (na !== NONE && nb !== NONE) {
      const lca = this.commonAncestor(na, nb);
      if (lca !== NONE) this.formBlossom(a, b, na, nb, lca);
      else {
        this.augment(na);
        this.augment(nb);
        this.matchPair(a, b);
      }
    } else if (na !== NONE) this.hitMatched(na, a, b);
    else {
      this.reverseEdge();
      this.hitMatched(nb, b, a);
    }
  }

  /** Outer region `a` (tree node `na`) hit region `b`, which is matched (not in a tree). */
  private hitMatched(na: AltNodeId, a: RegionId, b: RegionId): void {
    const f = this.f;
    const c = f.rMatch[b];
    if (c === BOUNDARY) {
      // The path root..a, b, boundary alternates: augment; b's boundary match is dropped.
      this.augment(na);
      this.matchPair(a, b);
      return;
    }
    if (c === NONE)
      throw new Error('sparse blossom: a growing region hit an unmatched region outside every tree');
    const n = this.allocAlt();
    this.aInner[n] = b;
    this.aOuter[n] = c;
    this.aParent[n] = na;
    this.aPeFrom[n] = this.eFrom;
    this.aPeTo[n] = this.eTo;
    this.aPeObs[n] = this.eObs;
    this.aPeW[n] = this.eW;
    this.aIoFrom[n] = f.rMatchFrom[b];
    this.aIoTo[n] = f.rMatchTo[b];
    this.aIoObs[n] = f.rMatchObs[b];
    this.aIoW[n] = f.rMatchW[b];
    this.addChild(na, n);
    f.rMatch[b] = NONE;
    f.rMatch[c] = NONE;
    f.rAlt[b] = n;
    f.rAlt[c] = n;
    f.setShrinking(b);
    f.setGrowing(c);
  }

  /** Matches regions `x` and `y` along the current edge (from `x` to `y`). */
  private matchPair(x: RegionId, y: RegionId): void {
    const f = this.f;
    f.rMatch[x] = y;
    f.rMatchFrom[x] = this.eFrom;
    f.rMatchTo[x] = this.eTo;
    f.rMatchObs[x] = this.eObs;
    f.rMatchW[x] = this.eW;
    f.rMatch[y] = x;
    f.rMatchFrom[y] = this.eTo;
    f.rMatchTo[y] = this.eFrom;
    f.rMatchObs[y] = this.eObs;
    f.rMatchW[y] = this.eW;
  }

  /** Matches region `x` to the boundary along the current edge. */
  private matchBoundary(x: RegionId): void {
    const f = this.f;
    f.rMatch[x] = BOUNDARY;
    f.rMatchFrom[x] = this.eFrom;
    f.rMatchTo[x] = NONE;
    f.rMatchObs[x] = this.eObs;
    f.rMatchW[x] = this.eW;
  }

  /** The common ancestor of tree nodes `a` and `b`, or NONE when they are in different trees. */
  private commonAncestor(a: AltNodeId, b: AltNodeId): AltNodeId {
    const s = this.nextStamp();
    for (let x = a; x !== NONE; x = this.aParent[x]) this.aStamp[x] = s;
    for (let y = b; y !== NONE; y = this.aParent[y]) if (this.aStamp[y] === s) return y;
    return NONE;
  }

  /**
   * Augments the tree of node `na` along the path from `na` to its root: the regions on it change
   * partners, every other inner region is matched to its outer region, all freeze and the tree is
   * dissolved. The outer region of `na` is left for the caller to match.
   */
  private augment(na: AltNodeId): void {
    const f = this.f;
    if (this.aParent[na] === NONE && this.aFirst[na] === NONE) {
      // A lone root (the common case when few events are far apart): only its region freezes.
      const outer = this.aOuter[na];
      f.rAlt[outer] = NONE;
      f.setFrozen(outer);
      this.releaseAlt(na);
      return;
    }
    // (the tree's edges pass through the edge fields: keep the caller's edge)
    const eFrom = this.eFrom;
    const eTo = this.eTo;
    const eObs = this.eObs;
    const eW = this.eW;
    let root = na;
    while (this.aParent[root] !== NONE) root = this.aParent[root];
    const list = this.listA;
    let len = 0;
    list[len++] = root;
    for (let i = 0; i < len; i++) {
      for (let c = this.aFirst[list[i]]; c !== NONE; c = this.aNext[c]) list[len++] = c;
    }
    for (let i = 0; i < len; i++) {
      const n = list[i];
      const inner = this.aInner[n];
      const outer = this.aOuter[n];
      if (inner !== NONE) {
        this.setEdge(this.aIoFrom[n], this.aIoTo[n], this.aIoObs[n], this.aIoW[n]);
        this.matchPair(inner, outer);
        f.rAlt[inner] = NONE;
        f.setFrozen(inner);
      }
      f.rAlt[outer] = NONE;
      f.setFrozen(outer);
    }
    for (let n = na; this.aParent[n] !== NONE; n = this.aParent[n]) {
      this.setEdge(this.aPeFrom[n], this.aPeTo[n], this.aPeObs[n], this.aPeW[n]);
      this.matchPair(this.aOuter[this.aParent[n]], this.aInner[n]);
    }
    for (let i = 0; i < len; i++) this.releaseAlt(list[i]);
    this.setEdge(eFrom, eTo, eObs, eW);
  }

  /**
   * Outer regions `a` and `b` of one tree (nodes `na`, `nb`, common ancestor `lca`) met along the
   * current edge: the cycle lca..a, b..lca becomes a blossom, the new outer region of `lca`.
   */
  private formBlossom(a: RegionId, b: RegionId, na: AltNodeId, nb: AltNodeId, lca: AltNodeId): void {
    const f = this.f;
    const pathA = this.listA;
    const pathB = this.listB;
    let lenA = 0;
    let lenB = 0;
    for (let x = na; x !== lca; x = this.aParent[x]) pathA[lenA++] = x;
    for (let y = nb; y !== lca; y = this.aParent[y]) pathB[lenB++] = y;
    const eFrom = this.eFrom;
    const eTo = this.eTo;
    const eObs = this.eObs;
    const eW = this.eW;

    const bl = f.allocRegion();
    // Cycle: lca's outer, down pathA to a, edge to b, up pathB back to lca's outer.
    let prev = this.aOuter[lca];
    for (let i = lenA - 1; i >= 0; i--) {
      const n = pathA[i];
      f.appendChild(bl, prev, this.aPeFrom[n], this.aPeTo[n], this.aPeObs[n], this.aPeW[n]);
      f.appendChild(bl, this.aInner[n], this.aIoFrom[n], this.aIoTo[n], this.aIoObs[n], this.aIoW[n]);
      prev = this.aOuter[n];
    }
    f.appendChild(bl, prev, eFrom, eTo, eObs, eW);
    if (nb !== lca) {
      prev = b;
      for (let i = 0; i < lenB; i++) {
        const n = pathB[i];
        f.appendChild(bl, prev, this.aIoTo[n], this.aIoFrom[n], this.aIoObs[n], this.aIoW[n]);
        f.appendChild(bl, this.aInner[n], this.aPeTo[n], this.aPeFrom[n], this.aPeObs[n], this.aPeW[n]);
        prev = this.aOuter[this.aParent[n]];
      }
    }
    void a;
    const base = f.rChildBase[bl];
    const end = base + f.rNumChildren[bl] * CHILD_STRIDE;
    for (let i = base; i < end; i += CHILD_STRIDE) {
      const c = f.childPool[i];
      f.wrapIntoBlossom(c, bl);
      f.rAlt[c] = NONE;
    }
    // The tree: lca keeps its inner region and gets the blossom as outer region; the subtrees
    // hanging off the cycle's tree nodes move to lca.
    this.aOuter[lca] = bl;
    f.rAlt[bl] = lca;
    const s = this.nextStamp();
    for (let i = 0; i < lenA; i++) this.aStamp[pathA[i]] = s;
    for (let i = 0; i < lenB; i++) this.aStamp[pathB[i]] = s;
    if (lenA > 0) this.removeChild(lca, pathA[lenA - 1]);
    if (lenB > 0) this.removeChild(lca, pathB[lenB - 1]);
    for (let p = 0; p < 2; p++) {
      const path = p === 0 ? pathA : pathB;
      const len = p === 0 ? lenA : lenB;
      for (let i = 0; i < len; i++) {
        const n = path[i];
        for (let c = this.aFirst[n]; c !== NONE;) {
          const next = this.aNext[c];
          if (this.aStamp[c] !== s) this.addChild(lca, c);
          c = next;
        }
        this.releaseAlt(n);
      }
    }
    f.setGrowing(bl);
  }

  /** Index (in cycle order) of the child of blossom `bl` that contains detection event `s`. */
  private childIndex(bl: RegionId, s: NodeId): number {
    const f = this.f;
    let c = f.nRegion[s];
    while (f.rParent[c] !== bl) c = f.rParent[c];
    const pool = f.childPool;
    const base = f.rChildBase[bl];
    const k = f.rNumChildren[bl];
    for (let i = 0; i < k; i++) if (pool[base + i * CHILD_STRIDE] === c) return i;
    throw new Error('sparse blossom: blossom child not found');
  }

  /**
   * Loads the cycle edge from child `i` (mod k) to its neighbour in direction `dir` (+1 / -1), of
   * the cycle stored from `base` in the flooder's child pool.
   */
  private cycleEdge(base: number, k: number, i: number, dir: number): void {
    const ch = this.f.childPool;
    if (dir === 1) {
      const o = (base + (((i % k) + k) % k) * CHILD_STRIDE) | 0;
      this.setEdge(ch[o + 1], ch[o + 2], ch[o + 3], ch[o + 4]);
    } else {
      const o = (base + ((((i - 1) % k) + k) % k) * CHILD_STRIDE) | 0;
      this.setEdge(ch[o + 2], ch[o + 1], ch[o + 3], ch[o + 4]);
    }
  }

  /** Child `i` (mod k) of the cycle stored from `base` in the flooder's child pool. */
  private childAt(base: number, k: number, i: number): RegionId {
    return this.f.childPool[base + (((i % k) + k) % k) * CHILD_STRIDE];
  }

  /** Inner blossom `bl` reached radius 0: its cycle splits into a tree path and matched pairs. */
  private shatter(bl: RegionId): void {
    const f = this.f;
    const n = f.rAlt[bl];
    const parent = this.aParent[n];
    const ch = f.rChildBase[bl];
    const k = f.rNumChildren[bl];
    const ix = this.childIndex(bl, this.aPeTo[n]);
    const iy = this.childIndex(bl, this.aIoFrom[n]);
    for (let i = 0; i < k; i++) f.unwrapFromBlossom(f.childPool[ch + i * CHILD_STRIDE]);
    const fwd = (iy - ix + k) % k;
    const dir = fwd % 2 === 0 ? 1 : -1;
    const m = dir === 1 ? fwd : k - fwd;
    // Detach n from its parent; the path nodes are inserted between them.
    this.removeChild(parent, n);
    let prev = parent;
    let peFrom = this.aPeFrom[n];
    let peTo = this.aPeTo[n];
    let peObs = this.aPeObs[n];
    let peW = this.aPeW[n];
    for (let j = 0; j < m; j += 2) {
      const inner = this.childAt(ch, k, ix + dir * j);
      const outer = this.childAt(ch, k, ix + dir * (j + 1));
      const t = this.allocAlt();
      this.aInner[t] = inner;
      this.aOuter[t] = outer;
      this.aParent[t] = prev;
      this.aPeFrom[t] = peFrom;
      this.aPeTo[t] = peTo;
      this.aPeObs[t] = peObs;
      this.aPeW[t] = peW;
      this.cycleEdge(ch, k, ix + dir * j, dir);
      this.aIoFrom[t] = this.eFrom;
      this.aIoTo[t] = this.eTo;
      this.aIoObs[t] = this.eObs;
      this.aIoW[t] = this.eW;
      this.addChild(prev, t);
      f.rAlt[inner] = t;
      f.rAlt[outer] = t;
      f.setShrinking(inner);
      f.setGrowing(outer);
      this.cycleEdge(ch, k, ix + dir * (j + 1), dir);
      peFrom = this.eFrom;
      peTo = this.eTo;
      peObs = this.eObs;
      peW = this.eW;
      prev = t;
    }
    const y = this.childAt(ch, k, iy);
    this.aInner[n] = y;
    this.aParent[n] = prev;
    this.aPeFrom[n] = peFrom;
    this.aPeTo[n] = peTo;
    this.aPeObs[n] = peObs;
    this.aPeW[n] = peW;
    this.addChild(prev, n);
    f.rAlt[y] = n;
    f.setShrinking(y);
    for (let j = m + 1; j < k; j += 2) {
      const x = this.childAt(ch, k, ix + dir * j);
      const z = this.childAt(ch, k, ix + dir * (j + 1));
      this.cycleEdge(ch, k, ix + dir * j, dir);
      this.matchPair(x, z);
      f.setFrozen(x, true);
      f.setFrozen(z, true);
    }
    f.rAlt[bl] = NONE;
    f.freeRegion(bl);
  }

  // ------------------------------------------------------------------ result

  /**
   * After the last event: expands every matched region (blossoms recursively) into matched pairs
   * of detection events (`outFrom`, `outTo`, `outW`, `numOut`) and XORs their observables into
   * `outObs`. @throws ValidationError when some region is unmatched (no perfect matching exists).
   */
  extract(events: Int32Array, numEvents: number): void {
    const f = this.f;
    this.numOut = 0;
    this.outObs = 0;
    if (this.doneStamp === STAMP_LIMIT) {
      this.rDone.fill(0);
      this.doneStamp = 0;
    }
    const done = ++this.doneStamp;
    for (let i = 0; i < numEvents; i++) {
      const s = events[i];
      let r = f.nRegion[s];
      while (f.rParent[r] !== NONE) r = f.rParent[r];
      if (this.rDone[r] === done) continue;
      const m = f.rMatch[r];
      if (m === NONE)
        throw new ValidationError(
          `matching: no perfect matching exists: detection event D${s} cannot be paired with another event or the boundary`,
          { detector: s },
        );
      this.rDone[r] = done;
      this.emit(f.rMatchFrom[r], f.rMatchTo[r], f.rMatchObs[r], f.rMatchW[r]);
      this.descend(r, f.rMatchFrom[r]);
      if (m !== BOUNDARY) {
        this.rDone[m] = done;
        this.descend(m, f.rMatchTo[r]);
      }
    }
  }

  private emit(from: NodeId, to: NodeId, obs: ObsMask, w: Time): void {
    const i = this.numOut++;
    this.outFrom[i] = from;
    this.outTo[i] = to;
    this.outW[i] = w;
    this.outObs ^= obs;
  }

  /** Region `r` is matched externally through its detection event `s`: pairs up its children. */
  private descend(r: RegionId, s: NodeId): void {
    const f = this.f;
    const k = f.rNumChildren[r];
    if (k === 0) return;
    const base = f.rChildBase[r];
    const ch = f.childPool;
    const ix = this.childIndex(r, s);
    for (let j = 1; j < k; j += 2) {
      const o = base + ((ix + j) % k) * CHILD_STRIDE;
      const from = ch[o + 1];
      const to = ch[o + 2];
      this.emit(from, to, ch[o + 3], ch[o + 4]);
      this.descend(ch[o], from);
      this.descend(this.childAt(base, k, ix + j + 1), to);
    }
    this.descend(ch[base + ix * CHILD_STRIDE], s);
  }
}
