/**
 * The union-find decoder's graph (see union-find-decoder.ts): the shared detector graph
 * (`../detector-graph.ts`) plus one boundary node, with integer edge lengths from the
 * `weightResolution` option.
 */
import type { FlatDem } from '../../dem/dem.js';
import type { DecoderOptionSpec } from '../decoder-support.js';
import { buildDetectorGraph } from '../detector-graph.js';

/** Largest accepted `weightResolution`. */
export const UF_MAX_RESOLUTION = 1 << 16;

/** Options of the union-find decoder. */
export const UNION_FIND_OPTIONS: readonly DecoderOptionSpec[] = [
  {
    name: 'weightResolution',
    kind: 'integer',
    default: 1 << 16,
    min: 1,
    max: UF_MAX_RESOLUTION,
    description:
      'edge lengths are round(resolution × log((1-p)/p) / max log((1-p)/p)), at least 1; 1 = unweighted growth. Coarser is faster (more edges complete per round)',
  },
];

/** The detector graph used by the union-find decoder. */
export interface UnionFindGraph {
  /** Number of nodes: detectors plus the boundary node (whose index is numDetectors). */
  readonly numNodes: number;
  readonly numEdges: number;
  /** Endpoints of each edge (edgeV = numDetectors for boundary edges). */
  readonly edgeU: Int32Array;
  readonly edgeV: Int32Array;
  /** Integer length of each edge in [1, resolution]. */
  readonly edgeLength: Int32Array;
  /** Merged probability of each edge. */
  readonly edgeProbability: Float64Array;
  /** Observable masks, obsWords words per edge. */
  readonly edgeObs: Uint32Array;
  readonly obsWords: number;
  /** CSR adjacency: neighbours of node x are adjNode[adjStart[x] .. adjStart[x+1]-1], via adjEdge. */
  readonly adjStart: Int32Array;
  readonly adjNode: Int32Array;
  readonly adjEdge: Int32Array;
}

/**
 * Builds the union-find graph of a graphlike DEM.
 * @throws ValidationError on an invalid DEM; UnsupportedError on a component with > 2 detectors.
 */
export function buildUnionFindGraph(dem: FlatDem, resolution = UF_MAX_RESOLUTION): UnionFindGraph {
  const dg = buildDetectorGraph(dem, 'unionfind');
  const D = dem.numDetectors;
  const B = D;
  const obsWords = dg.obsWords;
  const us = dg.edgeA;
  const vs = dg.edgeB.map((b) => (b < 0 ? B : b));
  const ps = dg.edgeProbability;
  const M = us.length;
  const N = D + 1;
  let maxLog = 0;
  const logs = Array.from(ps, (p) => (p >= 0.5 ? 0 : Math.log((1 - p) / p)));
  for (const l of logs) maxLog = Math.max(maxLog, l);
  const edgeLength = new Int32Array(M);
  for (let j = 0; j < M; j++)
    edgeLength[j] = maxLog === 0 ? 1 : Math.max(1, Math.round((resolution * logs[j]) / maxLog));
  const edgeObs = dg.edgeObs;
  const deg = new Int32Array(N + 1);
  for (let j = 0; j < M; j++) {
    deg[us[j] + 1]++;
    deg[vs[j] + 1]++;
  }
  for (let x = 0; x < N; x++) deg[x + 1] += deg[x];
  const adjStart = deg.slice();
  const fill = deg.slice(0, N);
  const adjNode = new Int32Array(2 * M);
  const adjEdge = new Int32Array(2 * M);
  for (let j = 0; j < M; j++) {
    adjNode[fill[us[j]]] = vs[j];
    adjEdge[fill[us[j]]++] = j;
    adjNode[fill[vs[j]]] = us[j];
    adjEdge[fill[vs[j]]++] = j;
  }
  return {
    numNodes: N,
    numEdges: M,
    edgeU: us,
    edgeV: vs,
    edgeLength,
    edgeProbability: ps,
    edgeObs,
    obsWords,
    adjStart,
    adjNode,
    adjEdge,
  };
}
