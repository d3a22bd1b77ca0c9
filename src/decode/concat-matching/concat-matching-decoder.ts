/**
 * Concatenated minimum-weight perfect matching for colour codes, registered as `concat-matching`
 * (Lee, Li & Bartlett, "Color code decoder with improved scaling for correcting circuit-level
 * noise", arXiv:2404.07482), on circuit-level DEMs whose detectors carry Chromobius's colour and
 * basis annotation (see `colour-split.ts`).
 *
 * Each basis that decodes an observable is decoded on its own. For each colour c:
 * 1. Stage 1 (restricted matching): exact MWPM (sparse blossom) of the detection events of the
 *    two other colours on the restricted model; its solution is recovered as an edge set E₁ (one
 *    shortest path per matched pair, {@link MatchedEdges}).
 * 2. Stage 2 (monochromatic matching): exact MWPM of the colour-c events plus the virtual
 *    detectors of the edges in E₁ on the monochromatic model. Its solution is a set X of DEM
 *    errors whose colour-c detectors are the colour-c events and whose other-colour detectors XOR
 *    to the boundary of E₁, i.e. the other events: X explains the whole syndrome of the basis.
 * The prediction is the observables of X for the colour whose stage-2 matching weight (Σ log((1 −
 * p)/p) over X) is smallest. So every prediction comes from an error set consistent with the
 * syndrome ({@link ConcatMatchingDecoder.decodeShotDetailed} returns it).
 *
 * Cost per shot: 3 colours × 2 sparse-blossom runs on graphs about the size of the basis' DEM, plus
 * one Dijkstra per stage-1 pair. Not reentrant: compile one per worker.
 */
import { QecError } from '../../base/errors.js';
import type { FlatDem } from '../../dem/dem.js';
import type { BitTable } from '../../mem/bit-table.js';
import type { CompiledDecoder, Decoder } from '../decoder.js';
import { checkBatchShapes, checkFlatDem, resolveDecoderOptions } from '../decoder-support.js';
import { SparseBlossomDecoder } from '../matching/sparse-blossom-decoder.js';
import { splitByBasisAndColour, type BasisProblem } from './colour-split.js';
import { MatchedEdges } from './matched-edges.js';

/** The compiled matchers of one colour of one basis. */
interface ColourMatchers {
  readonly s1: SparseBlossomDecoder;
  readonly s1Edges: MatchedEdges;
  /** Key of each stage-1 graph edge. */
  readonly s1Key: Int32Array;
  readonly s2: SparseBlossomDecoder;
  /** Stage-2 graph edge → stage-2 error index (for {@link ConcatMatchingDecoder.decodeShotDetailed}). */
  readonly s2Error: Int32Array;
  /** Local-detector mask words of the other colours and of colour c. */
  readonly otherMask: Uint32Array;
  readonly cMask: Uint32Array;
  /** Stage-2 event words (local detectors, then virtual ones). */
  readonly s2Words: Uint32Array;
}

/** What {@link ConcatMatchingDecoder.decodeShotDetailed} found for one basis. */
export interface ConcatBasisResult {
  readonly basis: 'X' | 'Z';
  /** The colour (0, 1, 2) whose solution was chosen. */
  readonly colour: number;
  /** Its stage-2 weight Σ log((1 − p)/p) per colour (Infinity when a stage found no matching). */
  readonly weights: readonly number[];
  /** The chosen error set X as indices into the basis problem's `errors`, ascending. */
  readonly errors: readonly number[];
  /** Observables (global ids) X flips, ascending. */
  readonly observables: readonly number[];
}

/** Map key of an edge (a, b), b = −1 for the boundary. */
const edgeKey = (a: number, b: number): number => a * 0x100000 + (b + 1);

/** The compiled concatenated-matching decoder of one annotated DEM. */
export class ConcatMatchingDecoder implements CompiledDecoder {
  readonly numDetectors: number;
  readonly numObservables: number;
  readonly problems: readonly BasisProblem[];
  private readonly matchers: readonly (readonly ColourMatchers[])[];
  private readonly obsWords: number;
  private readonly localWords: Uint32Array;
  private readonly obsOut: Uint32Array;
  private readonly best: Uint32Array;
  /** Observables of the last {@link runColour}. */
  private readonly colourObs: Uint32Array;
  private readonly weights = [0, 0, 0];

  /** @param dem an annotated flat DEM (not kept). @throws UnsupportedError (see colour-split). */
  constructor(dem: FlatDem) {
    this.numDetectors = dem.numDetectors;
    this.numObservables = dem.numObservables;
    this.obsWords = Math.max(1, (dem.numObservables + 31) >>> 5);
    this.problems = splitByBasisAndColour(dem, 'concat-matching');
    let maxLocal = 0;
    this.matchers = this.problems.map((pb) => {
      const n = pb.detectors.length;
      maxLocal = Math.max(maxLocal, n);
      const words = (n + 31) >>> 5;
      return pb.stages.map((st): ColourMatchers => {
        const s1 = new SparseBlossomDecoder(st.stage1);
        const keyIndex = new Map<number, number>();
        for (let k = 0; k < st.keyA.length; k++) keyIndex.set(edgeKey(st.keyA[k], st.keyB[k]), k);
        const g1 = s1.graph;
        const s1Key = Int32Array.from(
          { length: g1.numEdges },
          (_, e) => keyIndex.get(edgeKey(g1.edgeA[e], g1.edgeB[e])) ?? -1,
        );
        const s2 = new SparseBlossomDecoder(st.stage2);
        const s2Index = new Map<number, number>();
        st.stage2.errors.forEach((e, j) => s2Index.set(edgeKey(e.detectors[0], e.detectors[1] ?? -1), j));
        const g2 = s2.graph;
        const s2Error = Int32Array.from(
          { length: g2.numEdges },
          (_, e) => s2Index.get(edgeKey(g2.edgeA[e], g2.edgeB[e])) ?? -1,
        );
        const otherMask = new Uint32Array(Math.max(1, words));
        const cMask = new Uint32Array(Math.max(1, words));
        for (let d = 0; d < n; d++)
          (pb.colour[d] === st.colour ? cMask : otherMask)[d >>> 5] |= 1 << (d & 31);
        const s2Words = new Uint32Array(Math.max(1, (st.stage2.numDetectors + 31) >>> 5));
        return { s1, s1Edges: new MatchedEdges(g1), s1Key, s2, s2Error, otherMask, cMask, s2Words };
      });
    });
    this.localWords = new Uint32Array(Math.max(1, (maxLocal + 31) >>> 5));
    this.obsOut = new Uint32Array(this.obsWords);
    this.best = new Uint32Array(this.obsWords);
    this.colourObs = new Uint32Array(this.obsWords);
  }

  /** Decodes every shot (row) of `detectionEvents` into the rows of `predictions` (overwritten). */
  decodeBatch(detectionEvents: BitTable, predictions: BitTable): void {
    checkBatchShapes('concat-matching', this.numDetectors, this.numObservables, detectionEvents, predictions);
    const copy = Math.min(this.obsWords, predictions.stride);
    const out = predictions.data;
    for (let s = 0; s < detectionEvents.numRows; s++) {
      this.solve(detectionEvents.data, s * detectionEvents.stride);
      const o = s * predictions.stride;
      for (let k = 0; k < copy; k++) out[o + k] = this.obsOut[k];
      for (let k = copy; k < predictions.stride; k++) out[o + k] = 0;
    }
  }

  /**
   * Decodes one shot (bit-packed detection events) and returns, per basis, the chosen colour, the
   * three weights and the explicit error set with its observables. Allocates; for tests and studies.
   */
  decodeShotDetailed(detWords: Uint32Array): ConcatBasisResult[] {
    return this.problems.map((pb, b) => {
      const c = this.solveBasis(b, detWords, 0);
      const weights = [...this.weights];
      if (c < 0) return { basis: pb.basis, colour: -1, weights, errors: [], observables: [] };
      // Re-run the chosen colour and read its stage-2 solution as error indices.
      this.runColour(b, c);
      const cm = this.matchers[b][c];
      const e2 = new MatchedEdges(cm.s2.graph);
      e2.collect(cm.s2);
      const parity = new Map<number, number>();
      for (let i = 0; i < e2.count; i++) {
        const e = e2.list[i];
        if (e2.parity[e] === 0) continue;
        const x = pb.stages[c].stage2Rep[cm.s2Error[e]];
        parity.set(x, (parity.get(x) ?? 0) ^ 1);
      }
      const errors = [...parity]
        .filter(([, v]) => v === 1)
        .map(([x]) => x)
        .sort((p, q) => p - q);
      const obs = new Set<number>();
      for (const x of errors) for (const o of pb.errors[x].obs) if (!obs.delete(o)) obs.add(o);
      return { basis: pb.basis, colour: c, weights, errors, observables: [...obs].sort((p, q) => p - q) };
    });
  }

  private solve(det: Uint32Array, off: number): void {
    this.obsOut.fill(0);
    for (let b = 0; b < this.problems.length; b++) {
      if (this.solveBasis(b, det, off) < 0) continue;
      for (let k = 0; k < this.obsWords; k++) this.obsOut[k] ^= this.best[k];
    }
  }

  /**
   * Decodes basis b of the shot at det[off..]: leaves the chosen colour's observables in `best`
   * and the three stage-2 weights in `weights`; returns the colour, or −1 when no colour found a
   * perfect matching (then `best` is zero).
   */
  private solveBasis(b: number, det: Uint32Array, off: number): number {
    const pb = this.problems[b];
    const n = pb.detectors.length;
    const lw = this.localWords;
    lw.fill(0);
    for (let d = 0; d < n; d++) {
      const g = pb.detectors[d];
      if (((det[off + (g >>> 5)] >>> (g & 31)) & 1) !== 0) lw[d >>> 5] |= 1 << (d & 31);
    }
    let chosen = -1;
    let bestW = Infinity;
    this.best.fill(0);
    for (let c = 0; c < 3; c++) {
      let w = Infinity;
      try {
        w = this.runColour(b, c);
      } catch (err) {
        // A stage without a perfect matching (a syndrome this colour's models cannot explain).
        if (!(err instanceof QecError)) throw err;
      }
      this.weights[c] = w;
      if (w < bestW) {
        bestW = w;
        chosen = c;
        this.best.set(this.colourObs);
      }
    }
    return chosen;
  }

  /**
   * Both stages of colour c of basis b on the events in `localWords`; returns the stage-2 weight
   * (real units) and leaves stage 2's pairs and observables in its matcher.
   */
  private runColour(b: number, c: number): number {
    const cm = this.matchers[b][c];
    const lw = this.localWords;
    const s1w = cm.s2Words; // borrowed as stage-1 input: its first words are the local detectors
    s1w.fill(0);
    for (let k = 0; k < cm.otherMask.length; k++) s1w[k] = lw[k] & cm.otherMask[k];
    cm.s1.decodeShot(s1w, 0, true);
    cm.s1Edges.collect(cm.s1);
    const n = this.problems[b].detectors.length;
    s1w.fill(0);
    for (let k = 0; k < cm.cMask.length; k++) s1w[k] = lw[k] & cm.cMask[k];
    const par = cm.s1Edges.parity;
    for (let i = 0; i < cm.s1Edges.count; i++) {
      const e = cm.s1Edges.list[i];
      if (par[e] === 0) continue;
      const v = n + cm.s1Key[e];
      s1w[v >>> 5] ^= 1 << (v & 31);
    }
    const obs = cm.s2.decodeShot(s1w, 0, true);
    for (let k = 0; k < this.obsWords; k++) this.colourObs[k] = obs[k];
    let w = 0;
    for (let i = 0; i < cm.s2.numPairs; i++) w += cm.s2.pairWeight[i];
    return w / cm.s2.graph.kappa;
  }
}

/**
 * The concatenated-matching decoder family (`concat-matching`): needs detectors annotated with
 * basis and colour (4th coordinate, Chromobius's convention); takes no options.
 * @throws UnsupportedError for a DEM without the annotation.
 */
export const CONCAT_MATCHING_DECODER: Decoder = {
  name: 'concat-matching',
  compile(dem: FlatDem, options?: Record<string, unknown>): ConcatMatchingDecoder {
    resolveDecoderOptions('concat-matching', [], options);
    checkFlatDem(dem, 'concat-matching');
    return new ConcatMatchingDecoder(dem);
  },
};
