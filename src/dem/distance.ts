import { UnsupportedError } from '../base/errors.js';
import type { FlatDem } from './dem.js';

/** The result of a shortest-logical-error search. */
export interface LogicalErrorSearchResult {
  /** Number of error mechanisms (graph edges) in the shortest undetectable logical error; Infinity if none. */
  readonly distance: number;
  /** The edges found, as [detector or -1 for the boundary, detector or -1, observable mask]. */
  readonly edges: readonly (readonly [number, number, number])[];
}

/**
 * The circuit-level distance of a graphlike DEM: the smallest number of error mechanisms whose
 * symptoms cancel on every detector but flip at least one observable (what Stim's
 * `shortest_graphlike_error` computes). Each error contributes its `^` components as graph edges
 * (one detector: an edge to the boundary node; two: an edge between them); errors with a component
 * of more than two detectors are ignored, so decompose the DEM first.
 *
 * Method: breadth-first search over states (node, observable mask) from every start node, looking
 * for a path back to the start with a non-zero mask (a cycle through the boundary is a
 * boundary-to-boundary chain). Cost O(V · (V + E) · 2^k) for k observables; k ≤ 16.
 *
 * Throws UnsupportedError for more than 16 observables.
 */
export function shortestGraphlikeLogicalError(dem: FlatDem): LogicalErrorSearchResult {
  const k = dem.numObservables;
  if (k > 16)
    throw new UnsupportedError(`graphlike distance search supports at most 16 observables, got ${k}`);
  const B = dem.numDetectors; // the boundary node
  const V = B + 1;
  // Deduplicate edges (a, b, mask) with a ≤ b.
  const seen = new Set<string>();
  const adj: { to: number; mask: number }[][] = Array.from({ length: V }, () => []);
  const edgeList: [number, number, number][] = [];
  for (const e of dem.errors) {
    if (e.probability === 0) continue;
    for (const c of e.components) {
      if (c.detectors.length > 2) continue;
      let mask = 0;
      for (const o of c.observables) mask ^= 1 << o;
      if (c.detectors.length === 0) {
        if (mask !== 0) return { distance: 1, edges: [[-1, -1, mask]] };
        continue;
      }
      const a = c.detectors[0];
      const b = c.detectors.length === 2 ? c.detectors[1] : B;
      const key = `${Math.min(a, b)},${Math.max(a, b)},${mask}`;
      if (seen.has(key)) continue;
      seen.add(key);
      adj[a].push({ to: b, mask });
      adj[b].push({ to: a, mask });
      edgeList.push([a, b, mask]);
    }
  }
  const S = 1 << k;
  const dist = new Int32Array(V * S);
  const prev = new Int32Array(V * S);
  const prevMask = new Int32Array(V * S);
  const queue = new Int32Array(V * S);
  let best = Infinity;
  let bestPath: [number, number, number][] = [];
  for (let s = 0; s < V; s++) {
    if (adj[s].length === 0) continue;
    dist.fill(-1);
    let head = 0;
    let tail = 0;
    dist[s * S] = 0;
    queue[tail++] = s * S;
    let found = -1;
    while (head < tail && found < 0) {
      const st = queue[head++];
      const v = (st / S) | 0;
      const m = st % S;
      if (dist[st] + 1 >= best) break;
      for (const { to, mask } of adj[v]) {
        const nst = to * S + (m ^ mask);
        if (dist[nst] >= 0) continue;
        dist[nst] = dist[st] + 1;
        prev[nst] = v;
        prevMask[nst] = m;
        if (to === s && (m ^ mask) !== 0) {
          found = nst;
          break;
        }
        queue[tail++] = nst;
      }
    }
    if (found >= 0 && dist[found] < best) {
      best = dist[found];
      const path: [number, number, number][] = [];
      let cur = found;
      while (cur !== s * S) {
        const v = (cur / S) | 0;
        const u = prev[cur];
        const pm = prevMask[cur];
        path.push([u === B ? -1 : u, v === B ? -1 : v, pm ^ (cur % S)]);
        cur = u * S + pm;
      }
      bestPath = path;
    }
  }
  return { distance: best, edges: bestPath };
}
