/**
 * Exact maximum-weight matching in a general graph: Edmonds' blossom algorithm in its primal-dual
 * O(n^3) form (J. Edmonds, "Paths, trees, and flowers", 1965; Z. Galil, "Efficient algorithms for
 * finding maximum matching in graphs", ACM Computing Surveys 18(1), 1986, which describes the
 * variable set used here: S/T labels, nested blossoms with a base, four kinds of dual update).
 *
 * The matching decoder calls it on the small "syndrome graph" of one cluster of detection events
 * when the cluster is too large for its subset DP. Weights are integers stored in doubles; all dual
 * variables stay integers or half-integers, so every comparison is exact while |weights| < 2^50.
 *
 * Vertices are 0..numVertices-1; edges are given as parallel arrays. The working arrays are one
 * shared {@link Scratch} (grown on demand), which the steps below read: {@link initScratch}, then
 * per stage {@link growTrees} (labels, blossoms via {@link scanBlossom} / {@link addBlossom},
 * augmentation via {@link augmentMatching}) alternating with {@link dualUpdate} (which may
 * {@link expandBlossom}).
 */

/** Sentinel for "none" in the integer arrays below. */
const NONE = -1;

/** Label values: free, outer (S), inner (T); bit 4 marks blossoms visited by scanBlossom. */
const FREE = 0;
const OUTER = 1;
const INNER = 2;
const BREADCRUMB = 4;

/** Working arrays shared by all calls (grown on demand): no allocation per call in steady state. */
interface Scratch {
  capN: number;
  capE: number;
  result: Int32Array;
  endpoint: Int32Array;
  nbStart: Int32Array;
  nbFill: Int32Array;
  nbList: Int32Array;
  mate: Int32Array;
  label: Int32Array;
  labelend: Int32Array;
  inblossom: Int32Array;
  blossomparent: Int32Array;
  blossombase: Int32Array;
  bestedge: Int32Array;
  dualvar: Float64Array;
  allowedge: Uint8Array;
  blossomchilds: (number[] | null)[];
  blossomendps: (number[] | null)[];
  blossombestedges: (number[] | null)[];
  unusedblossoms: number[];
  queue: number[];
  /** The current call's vertex count and edge weights (set by {@link maxWeightMatching}). */
  n: number;
  edgeW: ArrayLike<number>;
}

function makeScratch(capN: number, capE: number): Scratch {
  return {
    capN,
    capE,
    result: new Int32Array(capN),
    endpoint: new Int32Array(2 * capE),
    nbStart: new Int32Array(capN + 1),
    nbFill: new Int32Array(capN),
    nbList: new Int32Array(2 * capE),
    mate: new Int32Array(capN),
    label: new Int32Array(2 * capN),
    labelend: new Int32Array(2 * capN),
    inblossom: new Int32Array(capN),
    blossomparent: new Int32Array(2 * capN),
    blossombase: new Int32Array(2 * capN),
    bestedge: new Int32Array(2 * capN),
    dualvar: new Float64Array(2 * capN),
    allowedge: new Uint8Array(capE),
    blossomchilds: new Array<number[] | null>(2 * capN).fill(null),
    blossomendps: new Array<number[] | null>(2 * capN).fill(null),
    blossombestedges: new Array<number[] | null>(2 * capN).fill(null),
    unusedblossoms: [],
    queue: [],
    n: 0,
    edgeW: [],
  };
}

let SCRATCH = makeScratch(16, 64);

function ensureScratch(n: number, numEdges: number): void {
  if (n > SCRATCH.capN || numEdges > SCRATCH.capE) {
    SCRATCH = makeScratch(Math.max(n, 2 * SCRATCH.capN), Math.max(numEdges, 2 * SCRATCH.capE));
  }
}

function slack(S: Scratch, k: number): number {
  const { endpoint, dualvar, edgeW } = S;
  return dualvar[endpoint[2 * k]] + dualvar[endpoint[2 * k + 1]] - 2 * edgeW[k];
}

function leaves(S: Scratch, b: number, out: number[]): number[] {
  const { blossomchilds, n } = S;
  if (b < n) out.push(b);
  else for (const t of blossomchilds[b]!) leaves(S, t, out);
  return out;
}

function at(arr: number[], j: number): number {
  return arr[j < 0 ? j + arr.length : j];
}

function assignLabel(S: Scratch, w: number, t: number, p: number): void {
  const { endpoint, mate, label, labelend, inblossom, blossombase, bestedge, queue } = S;
  const b = inblossom[w];
  label[w] = label[b] = t;
  labelend[w] = labelend[b] = p;
  bestedge[w] = bestedge[b] = NONE;
  if (t === OUTER) {
    leaves(S, b, queue);
  } else {
    // An inner blossom's base is matched; its mate becomes outer.
    const base = blossombase[b];
    assignLabel(S, endpoint[mate[base]], OUTER, mate[base] ^ 1);
  }
}

// Traces back from v and w towards the roots; returns the base of the new blossom, or -1 when
// the two paths reach different roots (an augmenting path).
function scanBlossom(S: Scratch, v0: number, w0: number): number {
  const { endpoint, label, labelend, inblossom, blossombase } = S;
  let v = v0;
  let w = w0;
  const path: number[] = [];
  let base = NONE;
  while (v !== NONE || w !== NONE) {
    let b = inblossom[v];
    if ((label[b] & BREADCRUMB) !== 0) {
      base = blossombase[b];
      break;
    }
    path.push(b);
    label[b] = OUTER | BREADCRUMB;
    if (labelend[b] === NONE) {
      v = NONE;
    } else {
      v = endpoint[labelend[b]];
      b = inblossom[v];
      v = endpoint[labelend[b]];
    }
    if (w !== NONE) {
      const tmp = v;
      v = w;
      w = tmp;
    }
  }
  for (const b of path) label[b] = OUTER;
  return base;
}

function addBlossom(S: Scratch, base: number, k: number): void {
  const {
    endpoint,
    nbStart,
    nbList,
    label,
    labelend,
    inblossom,
    blossomparent,
    blossombase,
    bestedge,
    dualvar,
    blossomchilds,
    blossomendps,
    blossombestedges,
    unusedblossoms,
    queue,
    n,
  } = S;
  let v = endpoint[2 * k];
  let w = endpoint[2 * k + 1];
  const bb = inblossom[base];
  let bv = inblossom[v];
  let bw = inblossom[w];
  const b = unusedblossoms.pop()!;
  blossombase[b] = base;
  blossomparent[b] = NONE;
  blossomparent[bb] = b;
  const path: number[] = [];
  const endps: number[] = [];
  while (bv !== bb) {
    blossomparent[bv] = b;
    path.push(bv);
    endps.push(labelend[bv]);
    v = endpoint[labelend[bv]];
    bv = inblossom[v];
  }
  path.push(bb);
  path.reverse();
  endps.reverse();
  endps.push(2 * k);
  while (bw !== bb) {
    blossomparent[bw] = b;
    path.push(bw);
    endps.push(labelend[bw] ^ 1);
    w = endpoint[labelend[bw]];
    bw = inblossom[w];
  }
  blossomchilds[b] = path;
  blossomendps[b] = endps;
  label[b] = OUTER;
  labelend[b] = labelend[bb];
  dualvar[b] = 0;
  for (const u of leaves(S, b, [])) {
    if (label[inblossom[u]] === INNER) queue.push(u);
    inblossom[u] = b;
  }
  // Least-slack edges from the new blossom to each neighbouring outer blossom.
  const bestedgeto = new Int32Array(2 * n).fill(NONE);
  for (const sub of path) {
    let lists: number[][];
    const own = blossombestedges[sub];
    if (own === null) {
      lists = [];
      for (const u of leaves(S, sub, [])) {
        const list: number[] = [];
        for (let t = nbStart[u]; t < nbStart[u + 1]; t++) list.push(nbList[t] >> 1);
        lists.push(list);
      }
    } else {
      lists = [own];
    }
    for (const list of lists) {
      for (const kk of list) {
        let j = endpoint[2 * kk + 1];
        if (inblossom[j] === b) j = endpoint[2 * kk];
        const bj = inblossom[j];
        if (
          bj !== b &&
          label[bj] === OUTER &&
          (bestedgeto[bj] === NONE || slack(S, kk) < slack(S, bestedgeto[bj]))
        ) {
          bestedgeto[bj] = kk;
        }
      }
    }
    blossombestedges[sub] = null;
    bestedge[sub] = NONE;
  }
  const mine: number[] = [];
  for (let i = 0; i < 2 * n; i++) if (bestedgeto[i] !== NONE) mine.push(bestedgeto[i]);
  blossombestedges[b] = mine;
  bestedge[b] = NONE;
  for (const kk of mine) if (bestedge[b] === NONE || slack(S, kk) < slack(S, bestedge[b])) bestedge[b] = kk;
}

function expandBlossom(S: Scratch, b: number, endstage: boolean): void {
  const {
    endpoint,
    mate,
    label,
    labelend,
    inblossom,
    blossomparent,
    blossombase,
    bestedge,
    dualvar,
    allowedge,
    blossomchilds,
    blossomendps,
    blossombestedges,
    unusedblossoms,
    n,
  } = S;
  const childs = blossomchilds[b]!;
  const endps = blossomendps[b]!;
  for (const s of childs) {
    blossomparent[s] = NONE;
    if (s < n) inblossom[s] = s;
    else if (endstage && dualvar[s] === 0) expandBlossom(S, s, endstage);
    else for (const u of leaves(S, s, [])) inblossom[u] = s;
  }
  if (!endstage && label[b] === INNER) {
    // Relabel the children on the even-length path from the entry child to the base.
    const entrychild = inblossom[endpoint[labelend[b] ^ 1]];
    let j = childs.indexOf(entrychild);
    let jstep: number;
    let endptrick: number;
    if ((j & 1) !== 0) {
      j -= childs.length;
      jstep = 1;
      endptrick = 0;
    } else {
      jstep = -1;
      endptrick = 1;
    }
    let p = labelend[b];
    while (j !== 0) {
      label[endpoint[p ^ 1]] = FREE;
      label[endpoint[at(endps, j - endptrick) ^ endptrick ^ 1]] = FREE;
      assignLabel(S, endpoint[p ^ 1], INNER, p);
      allowedge[at(endps, j - endptrick) >> 1] = 1;
      j += jstep;
      p = at(endps, j - endptrick) ^ endptrick;
      allowedge[p >> 1] = 1;
      j += jstep;
    }
    const bv = at(childs, j);
    label[endpoint[p ^ 1]] = label[bv] = INNER;
    labelend[endpoint[p ^ 1]] = labelend[bv] = p;
    bestedge[bv] = NONE;
    j += jstep;
    while (at(childs, j) !== entrychild) {
      const sub = at(childs, j);
      if (label[sub] === OUTER) {
        j += jstep;
        continue;
      }
      let reached = NONE;
      for (const u of leaves(S, sub, [])) {
        if (label[u] !== FREE) {
          reached = u;
          break;
        }
      }
      if (reached !== NONE) {
        label[reached] = FREE;
        label[endpoint[mate[blossombase[sub]]]] = FREE;
        assignLabel(S, reached, INNER, labelend[reached]);
      }
      j += jstep;
    }
  }
  label[b] = labelend[b] = NONE;
  blossomchilds[b] = blossomendps[b] = null;
  blossombase[b] = NONE;
  blossombestedges[b] = null;
  bestedge[b] = NONE;
  unusedblossoms.push(b);
}

// Swaps matched/unmatched edges along the even path inside blossom b from vertex v to the base,
// then rotates the child list so v's child becomes the base.
function augmentBlossom(S: Scratch, b: number, v: number): void {
  const { endpoint, mate, blossomparent, blossombase, blossomchilds, blossomendps, n } = S;
  let t = v;
  while (blossomparent[t] !== b) t = blossomparent[t];
  if (t >= n) augmentBlossom(S, t, v);
  const childs = blossomchilds[b]!;
  const endps = blossomendps[b]!;
  const i = childs.indexOf(t);
  let j = i;
  let jstep: number;
  let endptrick: number;
  if ((i & 1) !== 0) {
    j -= childs.length;
    jstep = 1;
    endptrick = 0;
  } else {
    jstep = -1;
    endptrick = 1;
  }
  while (j !== 0) {
    j += jstep;
    t = at(childs, j);
    const p = at(endps, j - endptrick) ^ endptrick;
    if (t >= n) augmentBlossom(S, t, endpoint[p]);
    j += jstep;
    t = at(childs, j);
    if (t >= n) augmentBlossom(S, t, endpoint[p ^ 1]);
    mate[endpoint[p]] = p ^ 1;
    mate[endpoint[p ^ 1]] = p;
  }
  blossomchilds[b] = childs.slice(i).concat(childs.slice(0, i));
  blossomendps[b] = endps.slice(i).concat(endps.slice(0, i));
  blossombase[b] = blossombase[blossomchilds[b][0]];
}

function augmentMatching(S: Scratch, k: number): void {
  const { endpoint, mate, labelend, inblossom, n } = S;
  for (let side = 0; side < 2; side++) {
    let s = endpoint[2 * k + side];
    let p = 2 * k + 1 - side;
    while (true) {
      const bs = inblossom[s];
      if (bs >= n) augmentBlossom(S, bs, s);
      mate[s] = p;
      if (labelend[bs] === NONE) break;
      const t = endpoint[labelend[bs]];
      const bt = inblossom[t];
      s = endpoint[labelend[bt]];
      const j = endpoint[labelend[bt] ^ 1];
      if (bt >= n) augmentBlossom(S, bt, j);
      mate[j] = labelend[bt];
      p = labelend[bt] ^ 1;
    }
  }
}

/** Loads the graph into the scratch arrays and resets every label, blossom and dual (d_v = maxWeight). */
function initScratch(
  S: Scratch,
  edgeU: ArrayLike<number>,
  edgeV: ArrayLike<number>,
  numEdges: number,
  maxWeight: number,
): void {
  const {
    endpoint,
    nbStart,
    nbFill,
    nbList,
    mate,
    label,
    labelend,
    inblossom,
    blossomparent,
    blossombase,
    bestedge,
    dualvar,
    allowedge,
    blossomchilds,
    blossomendps,
    blossombestedges,
    unusedblossoms,
    queue,
    n,
  } = S;
  // endpoint[2k] and endpoint[2k+1] are the two ends of edge k; an endpoint id p names one end,
  // and p ^ 1 the other, so "remote endpoint" bookkeeping is a single integer.
  for (let k = 0; k < numEdges; k++) {
    endpoint[2 * k] = edgeU[k];
    endpoint[2 * k + 1] = edgeV[k];
  }
  // neighbend (CSR): remote endpoints of the edges at v are nbList[nbStart[v] .. nbStart[v+1]).
  nbStart.fill(0, 0, n + 1);
  for (let k = 0; k < numEdges; k++) {
    nbStart[edgeU[k] + 1]++;
    nbStart[edgeV[k] + 1]++;
  }
  for (let v = 0; v < n; v++) nbStart[v + 1] += nbStart[v];
  for (let v = 0; v < n; v++) nbFill[v] = nbStart[v];
  for (let k = 0; k < numEdges; k++) {
    nbList[nbFill[edgeU[k]]++] = 2 * k + 1;
    nbList[nbFill[edgeV[k]]++] = 2 * k;
  }

  // mate[v]: remote endpoint of v's matched edge.
  mate.fill(NONE, 0, n);
  // Per vertex or top-level blossom (ids n..2n-1 are blossoms).
  label.fill(FREE, 0, 2 * n);
  labelend.fill(NONE, 0, 2 * n);
  for (let v = 0; v < n; v++) inblossom[v] = v;
  blossomparent.fill(NONE, 0, 2 * n);
  for (let b = 0; b < 2 * n; b++) blossomchilds[b] = blossomendps[b] = blossombestedges[b] = null;
  blossombase.fill(NONE, 0, 2 * n);
  for (let v = 0; v < n; v++) blossombase[v] = v;
  bestedge.fill(NONE, 0, 2 * n);
  unusedblossoms.length = 0;
  for (let b = 2 * n - 1; b >= n; b--) unusedblossoms.push(b);
  dualvar.fill(0, 0, 2 * n);
  for (let v = 0; v < n; v++) dualvar[v] = maxWeight;
  allowedge.fill(0, 0, numEdges);
  queue.length = 0;
}

/** Grows the alternating trees from the queued outer vertices; true when it augmented the matching. */
function growTrees(S: Scratch): boolean {
  const { endpoint, nbStart, nbList, label, labelend, inblossom, bestedge, allowedge, queue } = S;
  while (queue.length > 0) {
    const v = queue.pop()!;
    for (let t = nbStart[v]; t < nbStart[v + 1]; t++) {
      const p = nbList[t];
      const k = p >> 1;
      const w = endpoint[p];
      if (inblossom[v] === inblossom[w]) continue;
      let kslack = 0;
      if (allowedge[k] === 0) {
        kslack = slack(S, k);
        if (kslack <= 0) allowedge[k] = 1;
      }
      if (allowedge[k] !== 0) {
        if (label[inblossom[w]] === FREE) {
          assignLabel(S, w, INNER, p ^ 1);
        } else if (label[inblossom[w]] === OUTER) {
          const base = scanBlossom(S, v, w);
          if (base >= 0) {
            addBlossom(S, base, k);
          } else {
            augmentMatching(S, k);
            return true;
          }
        } else if (label[w] === FREE) {
          label[w] = INNER;
          labelend[w] = p ^ 1;
        }
      } else if (label[inblossom[w]] === OUTER) {
        const b = inblossom[v];
        if (bestedge[b] === NONE || kslack < slack(S, bestedge[b])) bestedge[b] = k;
      } else if (label[w] === FREE) {
        if (bestedge[w] === NONE || kslack < slack(S, bestedge[w])) bestedge[w] = k;
      }
    }
  }
  return false;
}

/**
 * One dual update of a stage (no tight edge left to grow along): true when the stage ends without
 * augmenting (delta of type 1).
 */
function dualUpdate(S: Scratch, maxCardinality: boolean): boolean {
  const { endpoint, label, inblossom, blossomparent, blossombase, bestedge, dualvar, allowedge, queue, n } =
    S;
  // Dual update: the largest step keeping every slack non-negative and every blossom dual
  // non-negative; its kind says what becomes possible next.
  let deltatype = -1;
  let delta = 0;
  let deltaedge = NONE;
  let deltablossom = NONE;
  if (!maxCardinality) {
    deltatype = 1;
    delta = Infinity;
    for (let v = 0; v < n; v++) if (dualvar[v] < delta) delta = dualvar[v];
  }
  for (let v = 0; v < n; v++) {
    if (label[inblossom[v]] === FREE && bestedge[v] !== NONE) {
      const d = slack(S, bestedge[v]);
      if (deltatype === -1 || d < delta) {
        delta = d;
        deltatype = 2;
        deltaedge = bestedge[v];
      }
    }
  }
  for (let b = 0; b < 2 * n; b++) {
    if (blossomparent[b] === NONE && label[b] === OUTER && bestedge[b] !== NONE) {
      const d = slack(S, bestedge[b]) / 2;
      if (deltatype === -1 || d < delta) {
        delta = d;
        deltatype = 3;
        deltaedge = bestedge[b];
      }
    }
  }
  for (let b = n; b < 2 * n; b++) {
    if (
      blossombase[b] >= 0 &&
      blossomparent[b] === NONE &&
      label[b] === INNER &&
      (deltatype === -1 || dualvar[b] < delta)
    ) {
      delta = dualvar[b];
      deltatype = 4;
      deltablossom = b;
    }
  }
  if (deltatype === -1) {
    // No further progress possible (maxCardinality): finish with a final dual update.
    deltatype = 1;
    let m = Infinity;
    for (let v = 0; v < n; v++) if (dualvar[v] < m) m = dualvar[v];
    delta = Math.max(0, m);
  }
  for (let v = 0; v < n; v++) {
    const l = label[inblossom[v]];
    if (l === OUTER) dualvar[v] -= delta;
    else if (l === INNER) dualvar[v] += delta;
  }
  for (let b = n; b < 2 * n; b++) {
    if (blossombase[b] >= 0 && blossomparent[b] === NONE) {
      if (label[b] === OUTER) dualvar[b] += delta;
      else if (label[b] === INNER) dualvar[b] -= delta;
    }
  }
  if (deltatype === 1) return true;
  if (deltatype === 2) {
    allowedge[deltaedge] = 1;
    let i = endpoint[2 * deltaedge];
    if (label[inblossom[i]] === FREE) i = endpoint[2 * deltaedge + 1];
    queue.push(i);
  } else if (deltatype === 3) {
    allowedge[deltaedge] = 1;
    queue.push(endpoint[2 * deltaedge]);
  } else {
    expandBlossom(S, deltablossom, false);
  }
  return false;
}

/**
 * Computes a maximum-weight matching.
 *
 * @param numVertices number of vertices n.
 * @param edgeU,edgeV endpoints of each edge (distinct vertices in [0, n)); not mutated.
 * @param edgeW weight of each edge (integers, may be any sign); not mutated.
 * @param numEdges number of edges to read from the arrays.
 * @param maxCardinality when true, returns a maximum-weight matching among the matchings of
 *   maximum cardinality.
 * @param dualOut when given (length >= n), receives the final vertex duals d_v, scaled so that
 *   every edge has d_u + d_v + (blossom terms) >= 2 w(u,v) with equality on matched edges; without
 *   maxCardinality they are >= 0 and 0 on unmatched vertices (an optimality certificate together
 *   with the non-negative blossom duals, which are not returned).
 * @returns `mate[v]` = the vertex matched to v, or -1 — a view of a shared buffer, valid until the
 *   next call (copy it to keep it). Complexity O(n^3) time, O(n + m) memory; working arrays are
 *   reused between calls (not re-entrant).
 */
export function maxWeightMatching(
  numVertices: number,
  edgeU: ArrayLike<number>,
  edgeV: ArrayLike<number>,
  edgeW: ArrayLike<number>,
  numEdges: number,
  maxCardinality: boolean,
  dualOut?: Float64Array,
): Int32Array {
  const n = numVertices;
  ensureScratch(n, numEdges);
  const S = SCRATCH;
  const result = S.result;
  result.fill(NONE, 0, n);
  let maxWeight = 0;
  for (let k = 0; k < numEdges; k++) if (edgeW[k] > maxWeight) maxWeight = edgeW[k];
  if (numEdges === 0 || n === 0) {
    if (dualOut !== undefined) dualOut.fill(maxCardinality ? maxWeight : 0, 0, n);
    return result;
  }

  S.n = n;
  S.edgeW = edgeW;
  initScratch(S, edgeU, edgeV, numEdges, maxWeight);
  const { endpoint, mate, label, inblossom, blossomparent, blossombase, bestedge, dualvar, allowedge } = S;
  const { blossombestedges, queue } = S;
  for (let stage = 0; stage < n; stage++) {
    label.fill(FREE, 0, 2 * n);
    bestedge.fill(NONE, 0, 2 * n);
    for (let b = n; b < 2 * n; b++) blossombestedges[b] = null;
    allowedge.fill(0, 0, numEdges);
    queue.length = 0;
    for (let v = 0; v < n; v++) {
      if (mate[v] === NONE && label[inblossom[v]] === FREE) assignLabel(S, v, OUTER, NONE);
    }
    let augmented = false;
    while (true) {
      if (growTrees(S)) {
        augmented = true;
        break;
      }
      if (dualUpdate(S, maxCardinality)) break;
    }
    if (!augmented) break;
    // End of stage: expand outer blossoms whose dual reached zero.
    for (let b = n; b < 2 * n; b++) {
      if (blossomparent[b] === NONE && blossombase[b] >= 0 && label[b] === OUTER && dualvar[b] === 0) {
        expandBlossom(S, b, true);
      }
    }
  }

  for (let v = 0; v < n; v++) if (mate[v] !== NONE) result[v] = endpoint[mate[v]];
  if (dualOut !== undefined) for (let v = 0; v < n; v++) dualOut[v] = dualvar[v];
  return result;
}

/**
 * Minimum-weight perfect matching: returns `mate` (vertex -> vertex) of a perfect matching of
 * minimum total weight, or `undefined` when the graph has no perfect matching. Weights must be
 * non-negative integers (as doubles). Reduces to {@link maxWeightMatching} with maximum
 * cardinality and weights C - w. O(n^3).
 */
export function minWeightPerfectMatching(
  numVertices: number,
  edgeU: ArrayLike<number>,
  edgeV: ArrayLike<number>,
  edgeW: ArrayLike<number>,
  numEdges: number,
): Int32Array | undefined {
  if (numVertices % 2 !== 0) return undefined;
  let maxW = 0;
  for (let k = 0; k < numEdges; k++) if (edgeW[k] > maxW) maxW = edgeW[k];
  const c = maxW + 1;
  const flipped = new Float64Array(numEdges);
  for (let k = 0; k < numEdges; k++) flipped[k] = c - edgeW[k];
  const mate = maxWeightMatching(numVertices, edgeU, edgeV, flipped, numEdges, true);
  for (let v = 0; v < numVertices; v++) if (mate[v] < 0) return undefined;
  return mate;
}
