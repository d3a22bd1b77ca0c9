/**
 * The edges behind a matching: one shortest path between two matched detection events (or from
 * an event to its cheapest way out through a boundary edge), by Dijkstra on a
 * {@link MatchingGraph}'s integer weights, stopped as soon as the target is settled. Used to turn
 * sparse blossom's matched pairs into edge sets (correlated matching's re-weighting, the colour-code
 * decoder's first stage). When several shortest paths tie, one of them.
 */
import { ValidationError } from '../../base/errors.js';
import { MinHeap, type MatchingGraph } from './matching-graph.js';

/** Shortest-path search over one {@link MatchingGraph}. Per-call scratch only; not reentrant. */
export class ShortestPaths {
  private readonly g: MatchingGraph;
  private readonly dist: Float64Array;
  private readonly pred: Int32Array;
  private readonly done: Int32Array;
  private readonly touched: Int32Array;
  private numTouched = 0;
  private stamp = 0;
  private readonly heap: MinHeap;
  private bestBNode = -1;
  /** Edge ids of the last {@link path}, from the target back to the source (first `length`). */
  readonly edges: Int32Array;
  length = 0;

  constructor(graph: MatchingGraph) {
    this.g = graph;
    const n = graph.numDetectors;
    this.dist = new Float64Array(n).fill(Infinity);
    this.pred = new Int32Array(n);
    this.done = new Int32Array(n);
    this.touched = new Int32Array(n);
    this.heap = new MinHeap(n + 16);
    this.edges = new Int32Array(n + 1);
  }

  /**
   * A shortest path from node `src` to node `target`, or to the boundary when `target` < 0 (ending
   * with the boundary edge of the cheapest exit): leaves its edge ids in {@link edges}[0..length).
   * Allocation-free; O(ball explored × log).
   * @throws ValidationError when there is no such path.
   */
  path(src: number, target: number): void {
    const g = this.g;
    this.search(src, target);
    this.length = 0;
    let x = target;
    if (x < 0) {
      x = this.bestBNode;
      this.edges[this.length++] = g.boundaryEdge[x];
    }
    while (x !== src) {
      const e = this.pred[x];
      this.edges[this.length++] = e;
      x = g.edgeA[e] === x ? g.edgeB[e] : g.edgeA[e];
    }
  }

  /** Dijkstra from `src` until `target` (−1: the cheapest way out to the boundary) is settled. */
  private search(src: number, target: number): void {
    const g = this.g;
    const dist = this.dist;
    for (let i = 0; i < this.numTouched; i++) dist[this.touched[i]] = Infinity;
    this.numTouched = 0;
    const stamp = ++this.stamp;
    const heap = this.heap;
    heap.clear();
    dist[src] = 0;
    this.touched[this.numTouched++] = src;
    heap.push(0, src);
    let bestB = Infinity;
    this.bestBNode = -1;
    while (heap.size > 0) {
      const d = heap.topKey();
      const x = heap.pop();
      if (this.done[x] === stamp || d > dist[x]) continue;
      if (target < 0 && d >= bestB) return;
      this.done[x] = stamp;
      if (x === target) return;
      const be = g.boundaryEdge[x];
      if (be >= 0 && d + g.edgeWeight[be] < bestB) {
        bestB = d + g.edgeWeight[be];
        this.bestBNode = x;
      }
      for (let i = g.adjStart[x]; i < g.adjStart[x + 1]; i++) {
        const y = g.adjNode[i];
        const nd = d + g.adjWeight[i];
        if (nd < dist[y] && this.done[y] !== stamp) {
          if (dist[y] === Infinity) this.touched[this.numTouched++] = y;
          dist[y] = nd;
          this.pred[y] = g.adjEdge[i];
          heap.push(nd, y);
        }
      }
    }
    if (target < 0 && this.bestBNode >= 0) return;
    throw new ValidationError(
      `no path from detection event D${src} to its matched ${target < 0 ? 'boundary' : `event D${target}`}`,
      { detector: src },
    );
  }
}
