import { UnsupportedError } from '../base/errors.js';
import type { FlatDem } from './dem.js';
import { restrictDemDetectors } from './detector-basis.js';

/** What {@link branchingLogicalErrorSearch} proved. */
export interface BranchingSearchResult {
  /** Every undetectable logical error has at least this many mechanisms (proved exhaustively). */
  readonly lower: number;
  /** Weight of the lightest logical error found (Infinity if none found within the search). */
  readonly upper: number;
  /** Indices into dem.errors of the lightest logical error found (empty if none). */
  readonly errors: readonly number[];
  /** Up to `maxSolutions` distinct lightest logical errors (the first is `errors`). */
  readonly solutions: readonly (readonly number[])[];
  /** Search nodes visited (states expanded). */
  readonly nodes: number;
  /** True when the node budget ran out before `maxWeight` was covered. */
  readonly budgetExhausted: boolean;
}

/** Options of {@link branchingLogicalErrorSearch}. */
export interface BranchingSearchOptions {
  /** Largest weight to search (the search stops earlier when it finds a logical error). */
  readonly maxWeight: number;
  /** Stop after this many search nodes (default 2e8); the result then says how far it got. */
  readonly maxNodes?: number;
  /** Collect up to this many lightest logical errors (default 1). */
  readonly maxSolutions?: number;
}

/**
 * Exact minimum weight of an undetectable logical error of any DEM (hyperedges allowed), by
 * branching on the lowest unsatisfied detector — the exhaustive method behind Stim's
 * `search_for_undetectable_logical_errors`, here without truncation and with a canonical start.
 *
 * Why it is exact: take a lightest logical error S and let d* be the lowest detector any member of
 * S flips. Grow T ⊂ S from a member whose lowest detector is d*: while T's syndrome is not empty,
 * its lowest flipped detector δ is also flipped by S \ T (their syndromes are equal), so some member
 * of S \ T touches δ — the search tries every mechanism touching δ whose own lowest detector is
 * ≥ d*. T's syndrome first empties at T = S (a proper subset with empty syndrome would leave a
 * lighter logical error or be one), so every weight-w logical error is reached within w steps.
 * Iterative deepening (w = 1, 2, ...) makes each completed level a proof: no logical error of
 * weight ≤ w exists. A branch with s flipped detectors and r steps left is cut when s > r · (the
 * most detectors one mechanism flips).
 *
 * Mechanisms with identical symptoms count once. Cost: about D · deg^(w−1) nodes for D detectors
 * of degree deg; memory O(D + mechanisms). Does not mutate `dem`. Throws UnsupportedError for more
 * than 30 observables.
 */
export function branchingLogicalErrorSearch(
  dem: FlatDem,
  options: BranchingSearchOptions,
): BranchingSearchResult {
  if (dem.numObservables > 30)
    throw new UnsupportedError(
      `the branching distance search supports at most 30 observables, got ${dem.numObservables}`,
    );
  const maxNodes = options.maxNodes ?? 2e8;
  const D = dem.numDetectors;
  // Distinct mechanisms: detector lists (sorted), observable masks, origin in dem.errors.
  const seen = new Map<string, number>();
  const dets: Int32Array[] = [];
  const obs: number[] = [];
  const origin: number[] = [];
  for (let idx = 0; idx < dem.errors.length; idx++) {
    const e = dem.errors[idx];
    if (e.probability === 0) continue;
    let mask = 0;
    for (const o of e.observables) mask ^= 1 << o;
    const ds = Int32Array.from(e.detectors).sort();
    if (ds.length === 0) {
      if (mask !== 0)
        return { lower: 1, upper: 1, errors: [idx], solutions: [[idx]], nodes: 0, budgetExhausted: false };
      continue;
    }
    const key = `${ds.join(',')}|${mask}`;
    if (seen.has(key)) continue;
    seen.set(key, dets.length);
    dets.push(ds);
    obs.push(mask);
    origin.push(idx);
  }
  const E = dets.length;
  const byDet: number[][] = Array.from({ length: D }, () => []);
  let maxDet = 1;
  for (let m = 0; m < E; m++) {
    for (const d of dets[m]) byDet[d].push(m);
    maxDet = Math.max(maxDet, dets[m].length);
  }
  const starts: number[][] = Array.from({ length: D }, () => []);
  for (let m = 0; m < E; m++) starts[dets[m][0]].push(m);

  // Per-search scratch: the flipped-detector bitset, its population, the chosen path.
  const W = (D + 31) >>> 5;
  const flipped = new Uint32Array(W);
  const inPath = new Uint8Array(E);
  const path: number[] = [];
  let count = 0;
  let nodes = 0;
  const maxSolutions = options.maxSolutions ?? 1;
  const found: number[][] = [];
  const foundKeys = new Set<string>();
  const toggle = (m: number): void => {
    for (const d of dets[m]) {
      const bit = 1 << (d & 31);
      flipped[d >>> 5] ^= bit;
      count += (flipped[d >>> 5] & bit) !== 0 ? 1 : -1;
    }
  };
  const lowestFlipped = (from: number): number => {
    for (let w = from >>> 5; w < W; w++)
      if (flipped[w] !== 0) return (w << 5) + (31 - Math.clz32(flipped[w] & -flipped[w]));
    return -1;
  };
  // Depth-first: `left` more mechanisms may be added; returns true when a logical error is found.
  const dfs = (dStar: number, mask: number, left: number): boolean => {
    if (++nodes > maxNodes) return false;
    if (count === 0) {
      if (mask !== 0) {
        // The same set can be reached in another order: keep distinct sets only.
        const set = path.map((m) => origin[m]).sort((a, b) => a - b);
        const key = set.join(',');
        if (!foundKeys.has(key)) {
          foundKeys.add(key);
          found.push(set);
        }
        return found.length >= maxSolutions;
      }
      return false;
    }
    if (left === 0 || count > left * maxDet) return false;
    const delta = lowestFlipped(dStar);
    for (const m of byDet[delta]) {
      if (inPath[m] !== 0 || dets[m][0] < dStar) continue;
      inPath[m] = 1;
      path.push(m);
      toggle(m);
      const hit = dfs(dStar, mask ^ obs[m], left - 1);
      toggle(m);
      path.pop();
      inPath[m] = 0;
      if (hit || nodes > maxNodes) return hit;
    }
    return false;
  };
  for (let w = 1; w <= options.maxWeight; w++) {
    level: for (let dStar = 0; dStar < D; dStar++)
      for (const m of starts[dStar]) {
        inPath[m] = 1;
        path.push(m);
        toggle(m);
        const hit = dfs(dStar, obs[m], w - 1);
        toggle(m);
        path.pop();
        inPath[m] = 0;
        if (hit || nodes > maxNodes) break level;
      }
    // A solution found at level w is a lightest one (levels < w found none); a cut-short level
    // proves only the levels before it.
    const cut = nodes > maxNodes;
    if (found.length > 0)
      return { lower: w, upper: w, errors: found[0], solutions: found, nodes, budgetExhausted: cut };
    if (cut) return { lower: w, upper: Infinity, errors: [], solutions: [], nodes, budgetExhausted: true };
  }
  return {
    lower: options.maxWeight + 1,
    upper: Infinity,
    errors: [],
    solutions: [],
    nodes,
    budgetExhausted: false,
  };
}

/**
 * The DEM seen only through the detectors `keep` selects (renumbered in order), every mechanism
 * keeping its observables. A logical error of `dem` stays one here with no more mechanisms, so a
 * lower bound on this model's distance bounds `dem`'s too (e.g. keep the Z-type detectors of a CSS
 * memory-z circuit: X errors alone must then be undetectable and flip the Z observable). The
 * predicate form of {@link restrictDemDetectors}.
 */
export function restrictDetectors(dem: FlatDem, keep: (detector: number) => boolean): FlatDem {
  const mask = new Uint8Array(dem.numDetectors);
  for (let d = 0; d < dem.numDetectors; d++) mask[d] = keep(d) ? 1 : 0;
  return restrictDemDetectors(dem, mask);
}
