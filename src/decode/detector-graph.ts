/**
 * The detector graph of a graphlike DEM, built once and shared by the graph decoders (sparse
 * blossom and `mwpm-local` via {@link buildMatchingGraph}, union-find via its own lengths): each
 * derives its integer weights from this one edge list.
 *
 * Nodes are detectors. An edge joins the (at most two) detectors of one graphlike error
 * component; a component with one detector is a *boundary edge* of that node. Errors with several
 * `^`-separated components contribute each component as a separate edge with the error's
 * probability, as PyMatching does for decomposed DEMs (`stim analyze_errors --decompose_errors`).
 * Detector and observable lists are XOR-reduced first (`D1 D1` cancels); a component left with no
 * detector cannot be matched and is skipped, as are errors of probability 0.
 *
 * Parallel edges (same endpoints) are merged as independent mechanisms, p = p1(1-p2) + p2(1-p1),
 * and the merged edge keeps the observables of the first component seen (PyMatching's
 * INDEPENDENT merge strategy: parallel edges with differing observables mean the code has
 * distance 2 anyway). Edges are numbered in order of first appearance.
 */
import { UnsupportedError } from '../base/errors.js';
import type { FlatDem } from '../dem/dem.js';
import { PackedFlatDem } from '../dem/packed-dem.js';
import { checkFlatDem, xorProbability } from './decoder-support.js';

/** The merged edge list of a graphlike DEM. Immutable after {@link buildDetectorGraph}. */
export interface DetectorGraph {
  readonly numDetectors: number;
  readonly numObservables: number;
  /** Words per observable mask: max(1, ceil(numObservables / 32)). */
  readonly obsWords: number;
  /** Number of merged edges (detector-detector and boundary). */
  readonly numEdges: number;
  /** Edge endpoints, edgeA < edgeB; `edgeB[e] = -1` for a boundary edge. */
  readonly edgeA: Int32Array;
  readonly edgeB: Int32Array;
  /** Merged probability of each edge, in (0, 1]. */
  readonly edgeProbability: Float64Array;
  /** Observable masks: edge e uses words [e*obsWords, (e+1)*obsWords), bit o%32 of word o>>5. */
  readonly edgeObs: Uint32Array;
}

const EMPTY: readonly number[] = [];

/** Detector-detector edges per lower endpoint beyond which lookups use a hash map. */
const HUB_DEGREE = 32;

/** XOR-reduces a list of ids (so `D1 D1` cancels), returning them sorted (may return `ids` itself). */
export function xorReduce(ids: readonly number[]): readonly number[] {
  // Fast paths for the graphlike sizes (no allocation for 0 or 1 id).
  if (ids.length === 0) return EMPTY;
  if (ids.length === 1) return ids;
  if (ids.length === 2) {
    const a = ids[0];
    const b = ids[1];
    return a === b ? EMPTY : a < b ? ids : [b, a];
  }
  const s = [...ids].sort((a, b) => a - b);
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (i + 1 < s.length && s[i] === s[i + 1]) i++;
    else out.push(s[i]);
  }
  return out;
}

/**
 * Merges edges as they are met: per lower endpoint a, its boundary edge (`bndEdge[a]`) and a list
 * of its detector-detector edges linked through `next` from `head[a]` (a handful per node, so a
 * scan is cheaper than hashing); a node with more than HUB_DEGREE such edges is looked up in
 * `hubEdges` instead (key a * (numDetectors + 1) + b), so no DEM costs quadratic time.
 */
class EdgeMerger {
  private readonly numDetectors: number;
  private readonly bndEdge: Int32Array;
  private readonly head: Int32Array;
  private readonly listLen: Int32Array;
  private readonly next: number[] = [];
  private readonly hubEdges = new Map<number, number>();
  readonly ea: number[] = [];
  readonly eb: number[] = [];
  readonly ep: number[] = [];

  constructor(numDetectors: number) {
    this.numDetectors = numDetectors;
    this.bndEdge = new Int32Array(numDetectors).fill(-1);
    this.head = new Int32Array(numDetectors).fill(-1);
    this.listLen = new Int32Array(numDetectors);
  }

  /**
   * Adds an edge a–b (b = -1: the boundary) of probability p: merged into an existing edge
   * (returns -1), or a new edge (returns its id; the caller records its observables).
   */
  add(a: number, b: number, p: number): number {
    const { head, next, eb, hubEdges } = this;
    const key = a * (this.numDetectors + 1);
    let existing = -1;
    if (b < 0) existing = this.bndEdge[a];
    else if (this.listLen[a] > HUB_DEGREE) existing = hubEdges.get(key + b) ?? -1;
    else for (let e = head[a]; e >= 0 && existing < 0; e = next[e]) if (eb[e] === b) existing = e;
    if (existing >= 0) {
      this.ep[existing] = xorProbability(this.ep[existing], p);
      return -1;
    }
    const id = this.ea.length;
    next.push(b < 0 ? -1 : head[a]);
    if (b < 0) this.bndEdge[a] = id;
    else {
      head[a] = id;
      if (++this.listLen[a] > HUB_DEGREE) {
        hubEdges.set(key + b, id);
        // (the node just became a hub: its earlier edges join the map)
        if (this.listLen[a] === HUB_DEGREE + 1)
          for (let e = next[id]; e >= 0; e = next[e]) hubEdges.set(key + eb[e], e);
      }
    }
    this.ea.push(a);
    eb.push(b);
    this.ep.push(p);
    return id;
  }
}

/** The UnsupportedError for error #ei of `dem` whose component reduces to `dets` (> 2 detectors). */
function hyperedgeError(dem: FlatDem, ei: number, dets: readonly number[], decoderName: string): Error {
  const err = dem.errors[ei];
  const text =
    `error(${err.probability}) ` +
    err.components
      .map((c) => [...c.detectors.map((d) => `D${d}`), ...c.observables.map((o) => `L${o}`)].join(' '))
      .join(' ^ ');
  return new UnsupportedError(
    `${decoderName}: error #${ei} has a component flipping ${dets.length} detectors ` +
      `(D${dets.join(' D')}) in \`${text}\`; the ${decoderName} decoder needs graphlike errors ` +
      `(at most 2 detectors per component): generate the DEM with decompose_errors ` +
      `(stim analyze_errors --decompose_errors) or use a hypergraph decoder such as bposd`,
    { index: ei, detectors: dets },
  );
}

/**
 * Builds the {@link DetectorGraph} of a flat DEM for the decoder named `decoderName` (named in
 * error messages). O(E) for E error components. Does not keep `dem`. A {@link PackedFlatDem} is
 * read from its arrays (no per-error objects); the result is the same.
 *
 * @throws ValidationError on a probability outside [0, 1] or an id out of range.
 * @throws UnsupportedError when an error component has more than two detectors (the DEM must be
 *   decomposed, or a hypergraph decoder used).
 */
export function buildDetectorGraph(dem: FlatDem, decoderName: string): DetectorGraph {
  if (dem instanceof PackedFlatDem) return buildPackedDetectorGraph(dem, decoderName);
  checkFlatDem(dem, decoderName);
  const numDetectors = dem.numDetectors;
  const obsWords = Math.max(1, (dem.numObservables + 31) >>> 5);
  const merger = new EdgeMerger(numDetectors);
  const eobs: (readonly number[])[] = [];
  for (let ei = 0; ei < dem.errors.length; ei++) {
    const err = dem.errors[ei];
    const p = err.probability;
    if (p === 0) continue;
    const comps =
      err.components.length > 0
        ? err.components
        : [{ detectors: err.detectors, observables: err.observables }];
    for (const comp of comps) {
      const dets = xorReduce(comp.detectors);
      if (dets.length === 0) continue;
      if (dets.length > 2) throw hyperedgeError(dem, ei, dets, decoderName);
      if (merger.add(dets[0], dets.length === 2 ? dets[1] : -1, p) >= 0)
        eobs.push(xorReduce(comp.observables));
    }
  }
  const numEdges = merger.ea.length;
  const edgeObs = new Uint32Array(numEdges * obsWords);
  for (let e = 0; e < numEdges; e++)
    for (const o of eobs[e]) edgeObs[e * obsWords + (o >>> 5)] |= 1 << (o & 31);
  return graphOf(dem, obsWords, merger, edgeObs);
}

function graphOf(dem: FlatDem, obsWords: number, merger: EdgeMerger, edgeObs: Uint32Array): DetectorGraph {
  return {
    numDetectors: dem.numDetectors,
    numObservables: dem.numObservables,
    obsWords,
    numEdges: merger.ea.length,
    edgeA: Int32Array.from(merger.ea),
    edgeB: Int32Array.from(merger.eb),
    edgeProbability: Float64Array.from(merger.ep),
    edgeObs,
  };
}

/** Whether the packed arrays hold only valid probabilities and ids (else the object path says why). */
function packedValid(dem: PackedFlatDem): boolean {
  const { probability, dets, obs, numDetectors, numObservables } = dem;
  for (let i = 0; i < probability.length; i++)
    if (!(probability[i] >= 0 && probability[i] <= 1)) return false;
  for (let i = 0; i < dets.length; i++) if (!(dets[i] >= 0 && dets[i] < numDetectors)) return false;
  for (let i = 0; i < obs.length; i++) if (!(obs[i] >= 0 && obs[i] < numObservables)) return false;
  return (
    Number.isInteger(numDetectors) &&
    numDetectors >= 0 &&
    Number.isInteger(numObservables) &&
    numObservables >= 0
  );
}

/** {@link buildDetectorGraph} over a {@link PackedFlatDem}'s arrays. */
function buildPackedDetectorGraph(dem: PackedFlatDem, decoderName: string): DetectorGraph {
  if (!packedValid(dem)) checkFlatDem(dem, decoderName); // throws the message of the object path
  const { probability, compStart, detStart, dets, obsStart, obs } = dem;
  const obsWords = Math.max(1, (dem.numObservables + 31) >>> 5);
  const merger = new EdgeMerger(dem.numDetectors);
  // Observable masks of new edges, grown as edges appear.
  let edgeObs = new Uint32Array(Math.max(16, obsWords * 1024));
  for (let ei = 0; ei < probability.length; ei++) {
    const p = probability[ei];
    if (p === 0) continue;
    for (let c = compStart[ei]; c < compStart[ei + 1]; c++) {
      const lo = detStart[c];
      const len = detStart[c + 1] - lo;
      let a: number;
      let b = -1;
      if (len === 0) continue;
      if (len === 1) a = dets[lo];
      else if (len === 2) {
        a = dets[lo];
        b = dets[lo + 1];
        if (a === b) continue;
        if (a > b) {
          const t = a;
          a = b;
          b = t;
        }
      } else {
        const r = xorReduce(Array.from(dets.subarray(lo, lo + len)));
        if (r.length === 0) continue;
        if (r.length > 2) throw hyperedgeError(dem, ei, r, decoderName);
        a = r[0];
        if (r.length === 2) b = r[1];
      }
      const id = merger.add(a, b, p);
      if (id < 0) continue;
      if ((id + 1) * obsWords > edgeObs.length) {
        const grown = new Uint32Array(edgeObs.length * 2);
        grown.set(edgeObs);
        edgeObs = grown;
      }
      // Toggling each listed observable leaves set exactly those listed an odd number of times.
      for (let k = obsStart[c]; k < obsStart[c + 1]; k++)
        edgeObs[id * obsWords + (obs[k] >>> 5)] ^= 1 << (obs[k] & 31);
    }
  }
  return graphOf(dem, obsWords, merger, edgeObs.slice(0, merger.ea.length * obsWords));
}
