/**
 * The re-weighting rules of two-pass correlated matching (Fowler 2013, "Optimal complexity
 * correction of correlated errors in the surface code", arXiv:1310.0863; the rule as PyMatching 2.x
 * documents it for `enable_correlations`).
 *
 * A decomposed DEM writes a fault that flips detectors in both halves of the detector graph (a Y
 * error: its X part and its Z part) as graphlike pieces `D0 D1 ^ D7 D8`. Plain matching sees the
 * pieces only as independent edges. Correlated matching keeps, for every ordered pair of edges
 * (c, a) that appear together in some decomposed fault, their joint probability: every fault of
 * probability p whose pieces include both c and a contributes p, combined with the other such
 * faults as independent events (p ⊕ q = p(1−q) + q(1−p)). When the first matching pass uses edge c,
 * edge a is re-weighted with the conditional probability
 *
 *   P(a | c) = min(1/2, joint(c, a) / P(c)),   weight = log((1 − P(a|c)) / P(a|c)),
 *
 * where P(c) is the merged (marginal) probability of edge c in the matching graph. A rule only
 * lowers a weight (it is kept when its weight is below the edge's own): knowing that c fired can
 * only make a partner of c more likely. Weights are discretised with the graph's scale kappa, so
 * the second pass compares integers exactly as the first.
 */
import type { FlatDem } from '../../dem/dem.js';
import { xorReduce, type MatchingGraph } from '../matching/matching-graph.js';
import { xorProbability } from '../decoder-support.js';

/**
 * Rules in CSR form over the edges of a {@link MatchingGraph}: edge c's rules are the indices
 * `ruleStart[c] .. ruleStart[c+1]-1` of `ruleEdge` (the edge a to re-weight), `ruleWeight` (its
 * integer weight given c, always below `graph.edgeWeight[a]`) and `ruleProbability` (P(a | c)).
 */
export interface CorrelationRules {
  readonly ruleStart: Int32Array;
  readonly ruleEdge: Int32Array;
  readonly ruleWeight: Int32Array;
  readonly ruleProbability: Float64Array;
  /** Number of rules (ordered pairs of edges that lower a weight). */
  readonly numRules: number;
}

/**
 * Builds the correlation rules of a decomposed DEM on its matching graph `g` (built from the same
 * DEM by `buildMatchingGraph`). Pieces that are not edges of `g` (probability 0, certain, or without
 * detectors) take no part. Edges whose merged probability exceeds 1/2 (flipped to a positive
 * weight by the graph) neither give nor receive rules. O(Σ k² log) over faults with k pieces.
 * Keeps neither argument.
 */
export function buildCorrelationRules(dem: FlatDem, g: MatchingGraph): CorrelationRules {
  const n = g.numDetectors;
  const m = g.numEdges;
  const edgeOf = new Map<number, number>();
  for (let e = 0; e < m; e++) {
    const a = g.edgeA[e];
    const b = g.edgeB[e];
    edgeOf.set(a * (n + 1) + (b < 0 ? n : b), e);
  }
  const joint = new Map<number, number>();
  const pieces: number[] = [];
  for (const err of dem.errors) {
    const p = err.probability;
    if (!(p > 0) || err.components.length < 2) continue;
    pieces.length = 0;
    for (const comp of err.components) {
      const dets = xorReduce(comp.detectors);
      if (dets.length === 0 || dets.length > 2) continue;
      const key = dets[0] * (n + 1) + (dets.length === 2 ? dets[1] : n);
      const e = edgeOf.get(key);
      if (e === undefined || g.edgeProbability[e] > 0.5 || pieces.includes(e)) continue;
      pieces.push(e);
    }
    for (const c of pieces)
      for (const a of pieces) {
        if (a === c) continue;
        const key = c * m + a;
        joint.set(key, xorProbability(joint.get(key) ?? 0, p));
      }
  }
  const rules: { c: number; a: number; w: number; q: number }[] = [];
  for (const [key, pj] of joint) {
    const c = Math.floor(key / m);
    const a = key - c * m;
    const q = Math.min(0.5, pj / g.edgeProbability[c]);
    const w = Math.round(Math.log((1 - q) / q) * g.kappa);
    if (w < g.edgeWeight[a]) rules.push({ c, a, w, q });
  }
  rules.sort((x, y) => x.c - y.c || x.a - y.a);
  const ruleStart = new Int32Array(m + 1);
  for (const r of rules) ruleStart[r.c + 1]++;
  for (let e = 0; e < m; e++) ruleStart[e + 1] += ruleStart[e];
  return {
    ruleStart,
    ruleEdge: Int32Array.from(rules, (r) => r.a),
    ruleWeight: Int32Array.from(rules, (r) => r.w),
    ruleProbability: Float64Array.from(rules, (r) => r.q),
    numRules: rules.length,
  };
}
