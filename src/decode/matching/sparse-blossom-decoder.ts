/**
 * Exact minimum-weight perfect matching decoder by sparse blossom (Higgott & Gidney 2023,
 * "Sparse Blossom: correcting a million errors per core second with minimum-weight matching",
 * arXiv:2303.15933): the driver that turns one shot's detection events into observable
 * predictions.
 *
 * Per shot: the detection events (XORed with the negative-weight flips of the
 * {@link MatchingGraph}) each start a growing region in the {@link Flooder}; the flooder's events
 * are handed to the {@link Matcher} until the timeline is empty; the matched regions are expanded
 * into pairs of detection events (or event and boundary), each with the observables and weight of
 * a shortest path between them, and the prediction is the XOR of those observables and of the
 * flips. Integer weights make every comparison exact, so the result is a minimum-weight perfect
 * matching of PyMatching 2's objective; predictions can differ from another exact matcher only on
 * exact ties. Observable masks are tracked one 32-bit word at a time: with more than 32
 * observables the (deterministic) matching is rerun per word.
 *
 * Cost per shot follows the area the regions flood (no dense graph of event pairs is built); no
 * allocation per shot in steady state; reset in O(nodes touched). Two exact shortcuts avoid the
 * flooder: on graphs small enough for an all-pairs shortest-path table (e.g. d = 5 surface-code
 * memory), every shot is first offered to the {@link AllPairsMatcher} (a DP over the shot's
 * clusters of events); on larger graphs a shot of at most {@link MAX_FEW_EVENTS} events (most
 * shots at low noise) is offered to the {@link FewEventMatcher}, which matches it from
 * precomputed distances when it can certify a minimum.
 */
import type { FlatDem } from '../../dem/dem.js';
import type { BitTable } from '../../mem/bit-table.js';
import type { CompiledDecoder, Decoder } from '../decoder.js';
import { checkBatchShapes, resolveDecoderOptions } from '../decoder-support.js';
import { AllPairsMatcher, allPairsFits } from './all-pairs-matcher.js';
import { FewEventMatcher, MAX_FEW_EVENTS } from './few-events.js';
import { EV_NONE as EV_NONE_, Flooder } from './flooder.js';
import { TIME_SCALE as TIME_SCALE_ } from './ints.js';
import { buildMatchingGraph, type MatchingGraph } from './matching-graph.js';
import { Matcher } from './matcher.js';
import type { MatchedPair, ShotMatching } from './matching-decoder.js';

// Module-level copies: hot loops read them as plain constants (no import binding lookups).
const EV_NONE = EV_NONE_;
const TIME_SCALE = TIME_SCALE_;

/** The compiled sparse-blossom decoder of one DEM. Not reentrant: compile one per worker. */
export class SparseBlossomDecoder implements CompiledDecoder {
  readonly numDetectors: number;
  readonly numObservables: number;
  readonly graph: MatchingGraph;
  private readonly flooder: Flooder;
  private readonly matcher: Matcher;
  private readonly events: Int32Array;
  private numEvents = 0;
  private readonly obsOut: Uint32Array;
  /** Matches shots of few events without flooding when it can certify the result; null: never. */
  private readonly few: FewEventMatcher | null;
  /** On small graphs: matches shots from all shortest-path distances without flooding; else null. */
  private readonly allPairs: AllPairsMatcher | null;
  /**
   * The matched pairs of the last {@link decodeShot} asked for them: detection events `pairFrom[i]`
   * and `pairTo[i]` (-1: the boundary), path weight `pairWeight[i]` (graph units), i < `numPairs`.
   */
  readonly pairFrom: Int32Array;
  readonly pairTo: Int32Array;
  readonly pairWeight: Float64Array;
  numPairs = 0;

  /**
   * @param dem the flat DEM (not kept).
   * @param options `shortcuts: false` sends every shot with events through the flooder (tests
   *   compare the paths). By default, when the graph's all-pairs distance table fits in
   *   `allPairsBytes` (default `MAX_ALL_PAIRS_BYTES`; 0: never), every shot is first offered
   *   to the {@link AllPairsMatcher}; otherwise a shot of at most {@link MAX_FEW_EVENTS} events is
   *   offered to the {@link FewEventMatcher}, which matches it when it can certify a minimum.
   * @throws as {@link buildMatchingGraph}.
   */
  constructor(dem: FlatDem, options: { shortcuts?: boolean; allPairsBytes?: number } = {}) {
    const g = buildMatchingGraph(dem);
    this.graph = g;
    this.numDetectors = dem.numDetectors;
    this.numObservables = dem.numObservables;
    this.flooder = new Flooder(g);
    this.matcher = new Matcher(this.flooder);
    this.events = new Int32Array(g.numDetectors);
    this.obsOut = new Uint32Array(g.obsWords);
    const shortcuts = options.shortcuts !== false;
    this.allPairs = shortcuts && allPairsFits(g, options.allPairsBytes) ? new AllPairsMatcher(g) : null;
    this.few = shortcuts && this.allPairs === null ? new FewEventMatcher(g) : null;
    this.pairFrom = new Int32Array(g.numDetectors);
    this.pairTo = new Int32Array(g.numDetectors);
    this.pairWeight = new Float64Array(g.numDetectors);
  }

  /**
   * Gives edge `e` (an edge id of {@link graph}) the integer weight `w` (>= 0, graph units) in the
   * following shots, until {@link restoreEdgeWeights}: per-shot re-weighting without rebuilding
   * anything (correlated matching's second pass). O(1), allocation-free.
   */
  setEdgeWeight(e: number, w: number): void {
    this.flooder.graph.setEdgeWeight(e, w);
  }

  /** Gives every edge changed by {@link setEdgeWeight} its graph weight back. O(edges changed). */
  restoreEdgeWeights(): void {
    this.flooder.graph.restoreEdgeWeights();
  }

  /** Decodes every shot (row) of `detectionEvents` into the rows of `predictions` (overwritten). */
  decodeBatch(detectionEvents: BitTable, predictions: BitTable): void {
    checkBatchShapes('mwpm', this.numDetectors, this.numObservables, detectionEvents, predictions);
    const W = this.graph.obsWords;
    const copy = Math.min(W, predictions.stride);
    const out = predictions.data;
    for (let s = 0; s < detectionEvents.numRows; s++) {
      this.decodeShot(detectionEvents.data, s * detectionEvents.stride, false);
      const o = s * predictions.stride;
      for (let k = 0; k < copy; k++) out[o + k] = this.obsOut[k];
      for (let k = copy; k < predictions.stride; k++) out[o + k] = 0;
    }
  }

  /**
   * Matches one shot and returns its matched pairs (b = -1: the boundary) with their shortest-path
   * weights, the total weight (integer graph units) and the predicted observables. Allocates the
   * result. @param detWords the shot's detection-event words (bit d = detector d).
   * @throws ValidationError when the events admit no perfect matching.
   */
  matchShot(detWords: Uint32Array): ShotMatching {
    this.decodeShot(detWords, 0, true);
    const events = Array.from(this.events.subarray(0, this.numEvents));
    const pairs: MatchedPair[] = [];
    let weight = 0;
    for (let i = 0; i < this.numPairs; i++) {
      pairs.push({ a: this.pairFrom[i], b: this.pairTo[i], weight: this.pairWeight[i] });
      weight += this.pairWeight[i];
    }
    const observables: number[] = [];
    for (let o = 0; o < this.numObservables; o++)
      if (((this.obsOut[o >>> 5] >>> (o & 31)) & 1) !== 0) observables.push(o);
    return { events, pairs, weight, observables };
  }

  /**
   * Decodes one shot: reads its detection events from `det[off..]` (XORing the flips), matches
   * them and returns the predicted observables (`obsWords` words, a buffer reused by the next
   * call). With `withPairs`, also leaves the matched pairs in {@link pairFrom}, {@link pairTo},
   * {@link pairWeight}, {@link numPairs}. Allocation-free.
   * @throws ValidationError when the events admit no perfect matching.
   */
  decodeShot(det: Uint32Array, off: number, withPairs: boolean): Uint32Array {
    const g = this.graph;
    const n = g.numDetectors;
    const words = (n + 31) >>> 5;
    const flip = g.flipDetectors;
    const events = this.events;
    let k = 0;
    for (let w = 0; w < words; w++) {
      let x = det[off + w] ^ flip[w];
      if (x === 0) continue;
      if (w === words - 1 && (n & 31) !== 0) x &= (1 << (n & 31)) - 1;
      while (x !== 0) {
        const low = x & -x;
        events[k++] = (w << 5) + 31 - Math.clz32(low);
        x ^= low;
      }
    }
    this.numEvents = k;
    this.numPairs = 0;
    const W = this.obsOut.length;
    if (k === 0) {
      for (let word = 0; word < W; word++) this.obsOut[word] = g.flipObservables[word];
      return this.obsOut;
    }
    if (k === 1 && g.boundaryDist[events[0]] !== Infinity && this.flooder.graph.numOverriddenEdges === 0) {
      // A lone event can only be matched to the boundary, along the precomputed shortest path
      // (precomputed on the graph's weights: not while some are overridden).
      const v = events[0];
      for (let word = 0; word < W; word++)
        this.obsOut[word] = (g.boundaryObs[v * W + word] ^ g.flipObservables[word]) >>> 0;
      if (withPairs) this.setPair(0, v, -1, g.boundaryDist[v]);
      return this.obsOut;
    }
    const all = this.allPairs;
    if (all !== null && this.flooder.graph.numOverriddenEdges === 0 && all.match(events, k, this.obsOut)) {
      if (withPairs)
        for (let i = 0; i < all.numPairs; i++) this.setPair(i, all.pairA[i], all.pairB[i], all.pairW[i]);
      return this.obsOut;
    }
    const few = this.few;
    if (
      few !== null &&
      k <= MAX_FEW_EVENTS &&
      this.flooder.graph.numOverriddenEdges === 0 &&
      few.match(events, k, this.obsOut)
    ) {
      if (withPairs)
        for (let i = 0; i < few.numPairs; i++) this.setPair(i, few.pairA[i], few.pairB[i], few.pairW[i]);
      return this.obsOut;
    }
    for (let word = 0; word < W; word++) {
      this.matchWord(word);
      const m = this.matcher;
      this.obsOut[word] = (m.outObs ^ g.flipObservables[word]) >>> 0;
      if (withPairs && word === 0)
        for (let i = 0; i < m.numOut; i++) this.setPair(i, m.outFrom[i], m.outTo[i], m.outW[i] / TIME_SCALE);
    }
    return this.obsOut;
  }

  private setPair(i: number, a: number, b: number, w: number): void {
    this.pairFrom[i] = a;
    this.pairTo[i] = b;
    this.pairWeight[i] = w;
    this.numPairs = i + 1;
  }

  /**
   * Runs the flooder and matcher on the current events, tracking observable word `word`. The
   * previous run's state is cleared first (so a run that threw leaves nothing behind).
   */
  private matchWord(word: number): void {
    const f = this.flooder;
    const m = this.matcher;
    const k = this.numEvents;
    const events = this.events;
    f.reset();
    m.reset();
    f.beginShot(word);
    for (let i = 0; i < k; i++) m.addRoot(f.addDetectionEvent(events[i]));
    f.start(events, k);
    for (let kind = f.nextEvent(); kind !== EV_NONE; kind = f.nextEvent()) m.handle(kind);
    m.extract(events, k);
  }
}

/**
 * The MWPM decoder family (`mwpm`, the default decoder): sparse blossom. `compile` validates the
 * DEM and builds the detector graph; it takes no options.
 * @throws UnsupportedError for an error component with more than two detectors.
 */
export const SPARSE_BLOSSOM_DECODER: Decoder = {
  name: 'mwpm',
  compile(dem: FlatDem, options?: Record<string, unknown>): SparseBlossomDecoder {
    resolveDecoderOptions('mwpm', [], options);
    // (buildMatchingGraph validates the DEM, once)
    return new SparseBlossomDecoder(dem);
  },
};

/**
 * The matched pairs of one shot, for visualisation: detector pairs and detector-boundary pairs
 * (b = -1) of a minimum-weight matching, with the total integer weight and the predicted
 * observables. `detWords` are the shot's bit-packed detection events (e.g. `table.row(shot)`).
 * Events are those after the negative-weight toggles of the graph. Works with either exact
 * matcher (`mwpm` or `mwpm-local`).
 */
export function matchShot(decoder: ShotMatcher, detWords: Uint32Array): ShotMatching {
  return decoder.matchShot(detWords);
}

/** A compiled decoder that can report one shot's matching ({@link matchShot}). */
export interface ShotMatcher extends CompiledDecoder {
  matchShot(detWords: Uint32Array): ShotMatching;
}

/** True for the compiled decoders {@link matchShot} accepts (both exact matchers). */
export function isShotMatcher(decoder: CompiledDecoder): decoder is ShotMatcher {
  return typeof (decoder as Partial<ShotMatcher>).matchShot === 'function';
}
