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
 * Builds the {@link DetectorGraph} of a flat DEM for the decoder named `decoderName` (named in
 * error messages). O(E) for E error components. Does not keep `dem`.
 *
 * @throws ValidationError on a probability outside [0, 1] or an id out of range.
 * @throws UnsupportedError when an error component has more than two detectors (the DEM must be
 *   decomposed, or a hypergraph decoder used).
 */
export function buildDetectorGraph(dem: FlatDem, decoderName: string): DetectorGraph {
  checkFlatDem(dem, decoderName);
  const numDetectors = dem.numDetectors;
  const numObservables = dem.numObservables;
  const obsWords = Math.max(1, (numObservables + 31) >>> 5);
  // Merged edges found so far, per lower endpoint a: its boundary edge (`bndEdge[a]`) and a list
  // of its detector-detector edges linked through `next` from `head[a]` (a handful per node, so a
  // scan is cheaper than hashing); a node with more than HUB_DEGREE such edges is looked up in
  // `hubEdges` instead (key a * (numDetectors + 1) + b), so no DEM costs quadratic time.
  const bndEdge = new Int32Array(numDetectors).fill(-1);
  const head = new Int32Array(numDetectors).fill(-1);
  const listLen = new Int32Array(numDetectors);
  const next: number[] = [];
  const hubEdges = new Map<number, number>();
  const ea: number[] = [];
  const eb: number[] = [];
  const ep: number[] = [];
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
      if (dets.length > 2) {
        const text =
          `error(${p}) ` +
          comps
            .map((c) => [...c.detectors.map((d) => `D${d}`), ...c.observables.map((o) => `L${o}`)].join(' '))
            .join(' ^ ');
        throw new UnsupportedError(
          `${decoderName}: error #${ei} has a component flipping ${dets.length} detectors ` +
            `(D${dets.join(' D')}) in \`${text}\`; the ${decoderName} decoder needs graphlike errors ` +
            `(at most 2 detectors per component): generate the DEM with decompose_errors ` +
            `(stim analyze_errors --decompose_errors) or use a hypergraph decoder such as bposd`,
          { index: ei, detectors: dets },
        );
      }
      const a = dets[0];
      const b = dets.length === 2 ? dets[1] : -1;
      let existing = -1;
      if (b < 0) existing = bndEdge[a];
      else if (listLen[a] > HUB_DEGREE) existing = hubEdges.get(a * (numDetectors + 1) + b) ?? -1;
      else for (let e = head[a]; e >= 0 && existing < 0; e = next[e]) if (eb[e] === b) existing = e;
      if (existing < 0) {
        next.push(b < 0 ? -1 : head[a]);
        if (b < 0) bndEdge[a] = ea.length;
        else {
          head[a] = ea.length;
          if (++listLen[a] > HUB_DEGREE) {
            hubEdges.set(a * (numDetectors + 1) + b, ea.length);
            // (the node just became a hub: its earlier edges join the map)
            if (listLen[a] === HUB_DEGREE + 1)
              for (let e = next[ea.length]; e >= 0; e = next[e])
                hubEdges.set(a * (numDetectors + 1) + eb[e], e);
          }
        }
        ea.push(a);
        eb.push(b);
        ep.push(p);
        eobs.push(xorReduce(comp.observables));
      } else ep[existing] = xorProbability(ep[existing], p);
    }
  }
  const numEdges = ea.length;
  const edgeObs = new Uint32Array(numEdges * obsWords);
  for (let e = 0; e < numEdges; e++)
    for (const o of eobs[e]) edgeObs[e * obsWords + (o >>> 5)] |= 1 << (o & 31);
  return {
    numDetectors,
    numObservables,
    obsWords,
    numEdges,
    edgeA: Int32Array.from(ea),
    edgeB: Int32Array.from(eb),
    edgeProbability: Float64Array.from(ep),
    edgeObs,
  };
}
