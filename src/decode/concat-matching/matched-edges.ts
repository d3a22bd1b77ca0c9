/**
 * The edge set of a sparse-blossom matching: the XOR of one shortest path per matched pair
 * ({@link ShortestPaths}). Its boundary is exactly the shot's detection events and its weight is
 * at most the matching's (equal unless two paths share an edge).
 */
import { ShortestPaths } from '../matching/shortest-paths.js';
import type { MatchingGraph } from '../matching/matching-graph.js';
import type { SparseBlossomDecoder } from '../matching/sparse-blossom-decoder.js';

/** Edge parities of the last matching collected. Per-shot scratch only; not reentrant. */
export class MatchedEdges {
  private readonly paths: ShortestPaths;
  /** Parity of each edge in the last {@link collect}; edges that reached parity 1 are listed in `list[0..count)`. */
  readonly parity: Uint8Array;
  readonly list: Int32Array;
  count = 0;

  constructor(graph: MatchingGraph) {
    this.paths = new ShortestPaths(graph);
    this.parity = new Uint8Array(graph.numEdges);
    this.list = new Int32Array(graph.numEdges);
  }

  /**
   * The XOR of one shortest path per matched pair of `m`'s last shot (decoded with pairs). An edge
   * may be listed and later cancelled: read `parity`. Clears the previous shot's parities first.
   */
  collect(m: SparseBlossomDecoder): void {
    for (let i = 0; i < this.count; i++) this.parity[this.list[i]] = 0;
    this.count = 0;
    const p = this.paths;
    for (let i = 0; i < m.numPairs; i++) {
      p.path(m.pairFrom[i], m.pairTo[i]);
      for (let j = 0; j < p.length; j++) {
        const e = p.edges[j];
        if ((this.parity[e] ^= 1) === 1) this.list[this.count++] = e;
      }
    }
  }
}
