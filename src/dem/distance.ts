import { Gf2Matrix, gf2Nullspace, gf2RowReduce } from '../math/gf2.js';
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

/** Result of {@link searchLogicalError} on a DEM that need not be graphlike. */
export interface LogicalErrorBounds {
  /** Weight of the lightest undetectable logical error found (Infinity if none). */
  readonly upper: number;
  /** Every undetectable logical error has weight ≥ lower (proved by exhaustive search). */
  readonly lower: number;
  /** True when upper = lower, i.e. the distance is exact. */
  readonly exact: boolean;
  /** Indices (into dem.errors) of the lightest logical error found. */
  readonly errors: readonly number[];
  /** How the bounds were obtained. */
  readonly method: string;
}

/**
 * Bounds the circuit-level distance of any DEM (hyperedges allowed): the minimum number of error
 * mechanisms whose symptoms cancel on every detector while flipping some observable.
 *
 * - Exhaustive meet-in-the-middle: all sets of at most h mechanisms are enumerated (h as large as
 *   `maxEnumerated` allows) and indexed by syndrome; two sets with equal syndromes and different
 *   observables make a logical error, so every logical error of weight ≤ 2h is found — an exact
 *   lower bound.
 * - Randomised information-set search (Prange 1962): the null space of the detector matrix under a
 *   random column permutation, reduced to echelon form, has light rows; light rows and pairs of rows
 *   that flip an observable give upper bounds. `trials` permutations drawn from `rng`.
 * Mechanisms with identical symptoms count once (they are interchangeable).
 */
export function searchLogicalError(
  dem: FlatDem,
  rng: { nextInt(n: number): number },
  options: { maxEnumerated?: number; trials?: number } = {},
): LogicalErrorBounds {
  const maxEnum = options.maxEnumerated ?? 1_500_000;
  const trials = options.trials ?? 100;
  const m = distinctMechanisms(dem);
  const E = m.syn.length;
  for (let i = 0; i < E; i++)
    if (m.obs[i] !== 0 && m.syn[i].every((w) => w === 0))
      return {
        upper: 1,
        lower: 1,
        exact: true,
        errors: [m.origin[i]],
        method: 'a single undetectable mechanism',
      };
  const h = enumerationDepth(E, maxEnum);
  const exhaustiveBest = meetInTheMiddle(m, h);
  const proved = exhaustiveBest !== undefined ? exhaustiveBest.length : 2 * h + 1;
  const upperSet =
    exhaustiveBest === undefined && E > 0
      ? informationSetSearch(m, dem.numDetectors, rng, trials)
      : exhaustiveBest;
  const upper = upperSet === undefined ? Infinity : upperSet.length;
  const lower = Math.min(proved, upper);
  return {
    upper,
    lower,
    exact: upper === lower,
    errors: (upperSet ?? []).map((i) => m.origin[i]),
    method: `exhaustive over all sets of ≤ ${h} of ${E} distinct mechanisms (meet in the middle: exact up to weight ${2 * h}); ${exhaustiveBest === undefined ? `${trials} randomised information-set trials for the upper bound` : 'the exhaustive search found the minimum'}`,
  };
}

/** The distinct mechanisms of a DEM (by symptom), as detector bitsets and observable masks. */
interface Mechanisms {
  /** Words per detector bitset. */
  readonly W: number;
  /** Detector bitset of each mechanism. */
  readonly syn: readonly Uint32Array[];
  /** Observable mask of each mechanism. */
  readonly obs: readonly number[];
  /** Index into dem.errors of each mechanism's first occurrence. */
  readonly origin: readonly number[];
}

/** Mechanisms with probability > 0 and some symptom; identical symptoms count once. */
function distinctMechanisms(dem: FlatDem): Mechanisms {
  const W = (dem.numDetectors + 31) >>> 5;
  const seen = new Map<string, number>();
  const syn: Uint32Array[] = [];
  const obs: number[] = [];
  const origin: number[] = [];
  dem.errors.forEach((e, idx) => {
    if (e.probability === 0) return;
    let mask = 0;
    for (const o of e.observables) mask ^= 2 ** o;
    const key = `${e.detectors.join(',')}|${mask}`;
    if (seen.has(key) || (e.detectors.length === 0 && mask === 0)) return;
    seen.set(key, syn.length);
    const v = new Uint32Array(W);
    for (const d of e.detectors) v[d >>> 5] ^= 1 << (d & 31);
    syn.push(v);
    obs.push(mask);
    origin.push(idx);
  });
  return { W, syn, obs, origin };
}

/** The largest h such that all subsets of at most h of E mechanisms number at most maxEnum. */
function enumerationDepth(E: number, maxEnum: number): number {
  let h = 0;
  for (let total = 1, c = 1; h < E;) {
    const nc = (c * (E - h)) / (h + 1);
    if (total + nc > maxEnum) break;
    total += nc;
    c = nc;
    h++;
  }
  return h;
}

/**
 * Exhaustive meet in the middle over all subsets of at most h mechanisms: the lightest logical
 * error of weight ≤ 2h (mechanism indices), or undefined when there is none.
 */
function meetInTheMiddle(m: Mechanisms, h: number): number[] | undefined {
  const { W, syn, obs } = m;
  const E = syn.length;
  // Per syndrome: the smallest set seen for each observable mask. Sets are visited by increasing
  // size, so for a logical error s ∪ t (|t| ≤ |s|) a set no larger than t is already stored when s
  // is visited, and the symmetric difference found is no heavier than s ∪ t.
  // Entries live in flat pools: syndrome words, observable mask and member list per entry; the
  // map goes from a 53-bit syndrome hash to entry indices (hash collisions are resolved by
  // comparing the words).
  const table = new Map<number, number[]>();
  let poolSyn = new Uint32Array(1024 * W);
  const poolMask: number[] = [];
  const poolSet: number[][] = [];
  let best: number[] | undefined;
  const acc = new Uint32Array(W);
  const chosen: number[] = [];
  const sameSyndrome = (entry: number): boolean => {
    const o = entry * W;
    for (let w = 0; w < W; w++) if (poolSyn[o + w] !== acc[w]) return false;
    return true;
  };
  const record = (mask: number): void => {
    let h1 = 0x9e3779b9;
    let h2 = 0x85ebca6b;
    for (let w = 0; w < W; w++) {
      h1 = Math.imul(h1 ^ acc[w], 0x27d4eb2d) ^ (h1 >>> 15);
      h2 = Math.imul(h2 + acc[w], 0x165667b1) ^ (h2 >>> 13);
    }
    const key = (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
    let bucket = table.get(key);
    if (bucket === undefined) table.set(key, (bucket = []));
    let haveMask = false;
    for (const e of bucket) {
      if (!sameSyndrome(e)) continue;
      if (poolMask[e] === mask) {
        haveMask = true;
        continue;
      }
      const set = poolSet[e];
      const combo = [...set.filter((x) => !chosen.includes(x)), ...chosen.filter((x) => !set.includes(x))];
      if (combo.length > 0 && (best === undefined || combo.length < best.length)) best = combo;
    }
    if (haveMask) return;
    const e = poolMask.length;
    if ((e + 1) * W > poolSyn.length) {
      const bigger = new Uint32Array(poolSyn.length * 2);
      bigger.set(poolSyn);
      poolSyn = bigger;
    }
    poolSyn.set(acc, e * W);
    poolMask.push(mask);
    poolSet.push([...chosen]);
    bucket.push(e);
  };
  const visit = (start: number, mask: number, size: number): void => {
    if (chosen.length === size) return record(mask);
    for (let i = start; i < E; i++) {
      for (let w = 0; w < W; w++) acc[w] ^= syn[i][w];
      chosen.push(i);
      visit(i + 1, mask ^ obs[i], size);
      chosen.pop();
      for (let w = 0; w < W; w++) acc[w] ^= syn[i][w];
    }
  };
  for (let size = 0; size <= h && (best === undefined || best.length >= 2 * size); size++) visit(0, 0, size);
  return best;
}

/**
 * Randomised information sets (Prange 1962) on the null space of the detector matrix: light rows
 * and pairs of rows of its echelon form under `trials` random column permutations. The lightest
 * logical error found (mechanism indices), or undefined.
 */
function informationSetSearch(
  m: Mechanisms,
  numDetectors: number,
  rng: { nextInt(n: number): number },
  trials: number,
): number[] | undefined {
  const { syn, obs } = m;
  const E = syn.length;
  const D = numDetectors;
  let upperSet: number[] | undefined;
  const cols = new Gf2Matrix(D, E);
  for (let i = 0; i < E; i++)
    for (let d = 0; d < D; d++) if (((syn[i][d >>> 5] >>> (d & 31)) & 1) !== 0) cols.set(d, i, true);
  const kernel = gf2Nullspace(cols);
  const K = kernel.numRows;
  const perm = Array.from({ length: E }, (_, i) => i);
  const rows: Uint32Array[] = [];
  for (let t = 0; t < trials && K > 0; t++) {
    for (let i = E - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    const g = new Gf2Matrix(K, E);
    for (let r = 0; r < K; r++) for (let c = 0; c < E; c++) if (kernel.get(r, perm[c])) g.set(r, c, true);
    const red = gf2RowReduce(g).matrix;
    rows.length = 0;
    for (let r = 0; r < K; r++) rows.push(red.row(r));
    const consider = (v: Uint32Array): void => {
      let mask = 0;
      let weight = 0;
      const set: number[] = [];
      for (let c = 0; c < E; c++)
        if (((v[c >>> 5] >>> (c & 31)) & 1) !== 0) {
          mask ^= obs[perm[c]];
          weight++;
          set.push(perm[c]);
          if (upperSet !== undefined && weight >= upperSet.length) return;
        }
      if (mask !== 0 && weight > 0) upperSet = set;
    };
    for (const v of rows) consider(v);
    const tmp = new Uint32Array(red.stride);
    for (let a = 0; a < K; a++)
      for (let b = a + 1; b < K; b++) {
        for (let w = 0; w < tmp.length; w++) tmp[w] = rows[a][w] ^ rows[b][w];
        consider(tmp);
      }
  }
  return upperSet;
}
