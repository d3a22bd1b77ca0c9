/**
 * Two-pass correlated minimum-weight perfect matching, registered as `mwpm-correlated` (Fowler
 * 2013, "Optimal complexity correction of correlated errors in the surface code", arXiv:1310.0863;
 * the rule of PyMatching 2.x `enable_correlations`, see {@link buildCorrelationRules}).
 *
 * Per shot:
 * 1. First pass: exact MWPM of the detection events on the plain graph (sparse blossom, the `mwpm`
 *    decoder). A shot whose solution uses no edge with correlation rules is done: its prediction
 *    is the first pass's.
 * 2. The edges of the solution are recovered as one shortest path per matched pair (Dijkstra on the
 *    plain integer weights, stopped at the partner or at the cheapest way to the boundary; when
 *    several shortest paths tie, one of them). For every used edge c and every rule (c → a) the
 *    weight of a becomes min(weight(a), w(a | c)).
 * 3. Second pass: the same sparse-blossom matcher on the same events, with the lowered weights set
 *    for this shot only ({@link SparseBlossomDecoder.setEdgeWeight}) and restored afterwards. Its
 *    matching is a global minimum of the re-weighted objective (same integer weights), so
 *    predictions differ from PyMatching's correlated matching only on exact ties.
 *
 * Cost: the first pass as `mwpm`, plus, on shots that use a correlated edge, one truncated Dijkstra
 * per matched pair and a second `mwpm` pass. No allocation per shot in {@link
 * CorrelatedMatchingDecoder.decodeBatch}. Not reentrant: compile one per worker.
 */
import type { FlatDem } from '../../dem/dem.js';
import type { BitTable } from '../../mem/bit-table.js';
import type { CompiledDecoder, Decoder } from '../decoder.js';
import { checkBatchShapes, checkFlatDem, resolveDecoderOptions } from '../decoder-support.js';
import type { MatchingGraph } from '../matching/matching-graph.js';
import { ShortestPaths } from '../matching/shortest-paths.js';
import { SparseBlossomDecoder } from '../matching/sparse-blossom-decoder.js';
import { buildCorrelationRules, type CorrelationRules } from './correlation-rules.js';

/** What one shot's decoding did, for tests and studies ({@link CorrelatedMatchingDecoder.decodeShot}). */
export interface CorrelatedShot {
  /** Observables predicted by the first (plain) pass, ascending. */
  readonly firstPass: readonly number[];
  /** Observables predicted after the second pass (the decoder's prediction), ascending. */
  readonly observables: readonly number[];
  /** Edges whose weight the first pass's solution lowered (0: no second pass was run). */
  readonly reweightedEdges: number;
  /** Total integer weight of the second pass's matching (re-weighted), or of the first pass's when none ran. */
  readonly weight: number;
}

/** The compiled correlated-matching decoder of one decomposed DEM. */
export class CorrelatedMatchingDecoder implements CompiledDecoder {
  readonly numDetectors: number;
  readonly numObservables: number;
  readonly graph: MatchingGraph;
  readonly rules: CorrelationRules;
  /** The sparse-blossom matcher of both passes (the second with per-shot weights). */
  private readonly matcher: SparseBlossomDecoder;
  private readonly W: number;

  // ---- per-shot scratch ----
  /** Current edge weights (plain weights outside a shot; lowered entries listed in `lowered`). */
  private readonly weight: Int32Array;
  private readonly lowered: Int32Array;
  private numLowered = 0;
  private readonly usedStamp: Int32Array;
  /** Shortest paths behind the first pass's matched pairs. */
  private readonly paths: ShortestPaths;
  /** The first pass's matched pairs (copied: the second pass overwrites the matcher's). */
  private readonly pairA: Int32Array;
  private readonly pairB: Int32Array;
  private readonly obsOut: Uint32Array;
  /** The first pass's prediction of the last shot. */
  private readonly firstObs: Uint32Array;
  /** Integer weight of the last shot's final matching (second pass if one ran). */
  private lastWeight = 0;
  /** Number of shots decoded and of shots that needed the second pass (since compile). */
  shots = 0;
  secondPassShots = 0;

  /** @param dem a decomposed flat DEM (not kept). @throws as `buildMatchingGraph`. */
  constructor(dem: FlatDem) {
    this.matcher = new SparseBlossomDecoder(dem);
    const g = this.matcher.graph;
    this.graph = g;
    this.rules = buildCorrelationRules(dem, g);
    this.numDetectors = dem.numDetectors;
    this.numObservables = dem.numObservables;
    const n = g.numDetectors;
    this.W = g.obsWords;
    this.weight = Int32Array.from(g.edgeWeight);
    this.lowered = new Int32Array(g.numEdges);
    this.usedStamp = new Int32Array(g.numEdges);
    this.paths = new ShortestPaths(g);
    this.pairA = new Int32Array(n);
    this.pairB = new Int32Array(n);
    this.obsOut = new Uint32Array(this.W);
    this.firstObs = new Uint32Array(this.W);
  }

  /** Decodes every shot (row) of `detectionEvents` into the rows of `predictions` (overwritten). */
  decodeBatch(detectionEvents: BitTable, predictions: BitTable): void {
    checkBatchShapes('mwpm-correlated', this.numDetectors, this.numObservables, detectionEvents, predictions);
    const copy = Math.min(this.W, predictions.stride);
    const out = predictions.data;
    const st = detectionEvents.stride;
    for (let s = 0; s < detectionEvents.numRows; s++) {
      this.solve(detectionEvents.data, s * st);
      const o = s * predictions.stride;
      for (let k = 0; k < copy; k++) out[o + k] = this.obsOut[k];
      for (let k = copy; k < predictions.stride; k++) out[o + k] = 0;
    }
  }

  /** Decodes one shot (its bit-packed detection events) and reports both passes. Allocates the result. */
  decodeShot(detWords: Uint32Array): CorrelatedShot {
    const reweightedEdges = this.solve(detWords, 0);
    const firstPass = this.observableList(this.firstObs);
    return {
      firstPass,
      observables: this.observableList(this.obsOut),
      reweightedEdges,
      weight: this.lastWeight,
    };
  }

  // ------------------------------------------------------------------------------------------

  private observableList(words: Uint32Array): number[] {
    const out: number[] = [];
    for (let o = 0; o < this.numObservables; o++) if (((words[o >>> 5] >>> (o & 31)) & 1) !== 0) out.push(o);
    return out;
  }

  /**
   * Both passes on the shot at `det[off..]`; leaves the prediction in obsOut and returns the number
   * of edges whose weight the first pass lowered (0: no second pass ran).
   */
  private solve(det: Uint32Array, off: number): number {
    const g = this.graph;
    const r = this.rules;
    const m = this.matcher;
    this.shots++;
    const obs1 = m.decodeShot(det, off, true);
    this.obsOut.set(obs1);
    this.firstObs.set(obs1);
    const k = m.numPairs;
    this.lastWeight = 0;
    for (let i = 0; i < k; i++) this.lastWeight += m.pairWeight[i];
    if (r.numRules === 0 || k === 0) return 0;
    // Step 2: the solution's edges, and the weights their rules lower.
    this.pairA.set(m.pairFrom.subarray(0, k));
    this.pairB.set(m.pairTo.subarray(0, k));
    const useStamp = this.shots;
    this.numLowered = 0;
    const paths = this.paths;
    for (let i = 0; i < k; i++) {
      paths.path(this.pairA[i], this.pairB[i]);
      for (let j = 0; j < paths.length; j++) this.useEdge(paths.edges[j], useStamp);
    }
    const lowered = this.numLowered;
    if (lowered === 0) return 0;
    // Step 3: the second pass on the lowered weights, restored whatever happens.
    this.secondPassShots++;
    try {
      for (let i = 0; i < lowered; i++) m.setEdgeWeight(this.lowered[i], this.weight[this.lowered[i]]);
      this.obsOut.set(m.decodeShot(det, off, true));
      this.lastWeight = 0;
      for (let i = 0; i < m.numPairs; i++) this.lastWeight += m.pairWeight[i];
    } finally {
      m.restoreEdgeWeights();
      for (let i = 0; i < lowered; i++) this.weight[this.lowered[i]] = g.edgeWeight[this.lowered[i]];
      this.numLowered = 0;
    }
    return lowered;
  }

  /** Marks edge e used (once per shot) and applies its rules to the current weights. */
  private useEdge(e: number, useStamp: number): void {
    if (this.usedStamp[e] === useStamp) return;
    this.usedStamp[e] = useStamp;
    const r = this.rules;
    for (let i = r.ruleStart[e]; i < r.ruleStart[e + 1]; i++) {
      const a = r.ruleEdge[i];
      const w = r.ruleWeight[i];
      if (w < this.weight[a]) {
        if (this.weight[a] === this.graph.edgeWeight[a]) this.lowered[this.numLowered++] = a;
        this.weight[a] = w;
      }
    }
  }
}

/**
 * The correlated-matching decoder family (`mwpm-correlated`): needs a decomposed DEM (`^` pieces
 * tell it which edges fire together); takes no options.
 * @throws UnsupportedError for an error piece with more than two detectors.
 */
export const CORRELATED_MATCHING_DECODER: Decoder = {
  name: 'mwpm-correlated',
  compile(dem: FlatDem, options?: Record<string, unknown>): CorrelatedMatchingDecoder {
    resolveDecoderOptions('mwpm-correlated', [], options);
    checkFlatDem(dem, 'mwpm-correlated');
    return new CorrelatedMatchingDecoder(dem);
  },
};
