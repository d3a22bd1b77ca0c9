/**
 * Exact maximum-likelihood lookup decoder for small DEMs (`lookup`): the ground truth the other
 * decoders are compared with.
 *
 * What is exact: for every syndrome s (subset of detectors) the decoder predicts the observable
 * flip class o maximising P(syndrome = s and observables flipped = o) under the DEM's model of
 * independent error mechanisms — i.e. it minimises the logical error probability over all
 * decoders (degenerate maximum likelihood, summing over every error configuration, not only the
 * single most likely one). Hyperedges, decomposed errors (`^`, whose components are XORed) and
 * undetectable logical errors are all handled; probabilities above 1/2 too.
 *
 * How: a dynamic program over the error mechanisms on the joint distribution of the state
 * (syndrome bits, observable bits), packed as index k = syndrome | observables << numDetectors.
 * Starting from the point mass at 0, each mechanism with probability p and mask m maps
 *   P'(k) = (1 − p) P(k) + p P(k ^ m),
 * updated in place over the pairs {k, k ^ m}. After all mechanisms, P is exact (up to float64
 * rounding: all terms are non-negative, so each entry has relative error ≲ numErrors × 2^-52),
 * and the decision table stores argmax_o P(s, o) for each s (ties, including syndromes of
 * probability 0, resolve to the smallest o, so an impossible syndrome predicts no flip).
 *
 * Cost: compile O(numMechanisms × 2^(D+O)) time and 8 × 2^(D+O) bytes (freed after compile
 * unless `keepDistribution`),
 * D = numDetectors, O = numObservables; the table keeps 4 × 2^D bytes. Decoding is one table
 * read per shot. Limits (LimitError, checked before allocating): D + O <= `maxStateBits`
 * (default 22, at most 26) and numMechanisms × 2^(D+O) <= 2^34 elementary updates.
 */
import { LimitError, ValidationError } from '../../base/errors.js';
import type { FlatDem } from '../../dem/dem.js';
import type { BitTable } from '../../mem/bit-table.js';
import type { CompiledDecoder, Decoder } from '../decoder.js';
import {
  checkBatchShapes,
  checkFlatDem,
  demColumns,
  resolveDecoderOptions,
  type DecoderOptionSpec,
} from '../decoder-support.js';

/** Upper bound on numMechanisms × 2^(D+O) (elementary DP updates) accepted at compile time. */
export const LOOKUP_MAX_WORK = 2 ** 34;

/** Options of the lookup decoder. */
export const LOOKUP_OPTIONS: readonly DecoderOptionSpec[] = [
  {
    name: 'maxStateBits',
    kind: 'integer',
    default: 22,
    min: 0,
    max: 26,
    description:
      'largest numDetectors + numObservables accepted; the dynamic program holds 8 × 2^(that) bytes while compiling',
  },
  {
    name: 'keepDistribution',
    kind: 'boolean',
    default: false,
    description:
      'keep the joint distribution P(syndrome, observable flips) after compiling (8 × 2^(D+O) bytes), for jointProbability and exact logical error rates',
  },
];

/** The compiled lookup decoder: a table from syndrome to most likely observable flips. */
export class LookupCompiledDecoder implements CompiledDecoder {
  readonly numDetectors: number;
  readonly numObservables: number;
  /** best[s] = the most likely observable flip mask (bit o = observable o) for syndrome s. */
  readonly best: Uint32Array;
  /** P(syndrome = s) for each s (marginal over observables); float64, sums to 1. */
  readonly syndromeProbability: Float64Array;
  /** P(syndrome = s and observables = best[s]) / P(syndrome = s): the decoder's confidence (NaN if P(s) = 0). */
  readonly confidence: Float64Array;

  /**
   * @throws ValidationError on an invalid DEM; LimitError when D + O > maxStateBits or the
   * dynamic program would exceed {@link LOOKUP_MAX_WORK} updates.
   */
  /** The joint distribution, index syndrome + obsMask × 2^D; only with `keepDistribution`. */
  private readonly joint: Float64Array | undefined;

  constructor(dem: FlatDem, maxStateBits = 22, keepDistribution = false) {
    checkFlatDem(dem, 'lookup');
    const D = dem.numDetectors;
    const O = dem.numObservables;
    this.numDetectors = D;
    this.numObservables = O;
    const bits = D + O;
    if (bits > maxStateBits)
      throw new LimitError(
        `lookup decoder: numDetectors + numObservables = ${D} + ${O} = ${bits} exceeds maxStateBits = ${maxStateBits} ` +
          `(the exact table needs 2^${bits} float64 states); use a smaller DEM or another decoder (mwpm, unionfind, bposd)`,
        { numDetectors: D, numObservables: O, maxStateBits },
      );
    const cols = demColumns(dem);
    const N = 2 ** bits;
    const work = cols.numColumns * N;
    if (work > LOOKUP_MAX_WORK)
      throw new LimitError(
        `lookup decoder: ${cols.numColumns} error mechanisms × 2^${bits} states = ${work} updates exceeds ${LOOKUP_MAX_WORK}; ` +
          `use a smaller DEM or another decoder`,
        { numMechanisms: cols.numColumns, stateBits: bits, limit: LOOKUP_MAX_WORK },
      );
    const P = new Float64Array(N);
    P[0] = 1;
    for (let j = 0; j < cols.numColumns; j++) {
      let m = 0;
      for (let a = cols.detStart[j]; a < cols.detStart[j + 1]; a++) m |= 1 << cols.detIndex[a];
      for (let o = 0; o < O; o++)
        if (((cols.obsMask[j * cols.obsWords + (o >>> 5)] >>> (o & 31)) & 1) !== 0) m |= 1 << (D + o);
      m >>>= 0;
      if (m === 0) continue;
      const p = cols.probability[j];
      const q = 1 - p;
      const hb = 31 - Math.clz32(m);
      const half = 2 ** hb;
      // k ranges over indices whose bit hb is 0; their partners k ^ m have it set.
      for (let base = 0; base < N; base += 2 * half) {
        for (let k = base; k < base + half; k++) {
          const k2 = (k ^ m) >>> 0;
          const a = P[k];
          const b = P[k2];
          P[k] = q * a + p * b;
          P[k2] = q * b + p * a;
        }
      }
    }
    const S = 2 ** D;
    const numClasses = 2 ** O;
    this.best = new Uint32Array(S);
    this.syndromeProbability = new Float64Array(S);
    this.confidence = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      let bestO = 0;
      let bestP = P[s];
      let total = bestP;
      for (let o = 1; o < numClasses; o++) {
        const v = P[s + o * S];
        total += v;
        if (v > bestP) {
          bestP = v;
          bestO = o;
        }
      }
      this.best[s] = bestO;
      this.syndromeProbability[s] = total;
      this.confidence[s] = total > 0 ? bestP / total : NaN;
    }
    this.joint = keepDistribution ? P : undefined;
  }

  /**
   * P(syndrome = `syndrome` and observables flipped = `obsMask`), both as bit masks (bit d =
   * detector d, bit o = observable o). Needs the `keepDistribution` option.
   * @throws ValidationError without it, or for masks out of range.
   */
  jointProbability(syndrome: number, obsMask: number): number {
    if (this.joint === undefined)
      throw new ValidationError('lookup: jointProbability needs the keepDistribution option at compile time');
    const S = 2 ** this.numDetectors;
    if (!(syndrome >= 0 && syndrome < S && obsMask >= 0 && obsMask < 2 ** this.numObservables))
      throw new ValidationError(`lookup: jointProbability(${syndrome}, ${obsMask}) out of range`);
    return this.joint[syndrome + obsMask * S];
  }

  /**
   * The exact logical error rate of any decoder on this DEM: 1 − Σ_s P(s, predicted(s)), where
   * `predicted[s]` is the decoder's observable mask for syndrome s (length 2^numDetectors). The
   * decoder's own table gives the minimum over all decoders. Needs `keepDistribution`.
   */
  exactLogicalErrorRate(predicted: ArrayLike<number>): number {
    const S = 2 ** this.numDetectors;
    if (predicted.length !== S)
      throw new ValidationError(
        `lookup: exactLogicalErrorRate needs ${S} predictions, got ${predicted.length}`,
      );
    let ok = 0;
    for (let s = 0; s < S; s++) ok += this.jointProbability(s, predicted[s]);
    return 1 - ok;
  }

  /** Looks up every shot (row) of `detectionEvents` and overwrites the rows of `predictions`. */
  decodeBatch(detectionEvents: BitTable, predictions: BitTable): void {
    checkBatchShapes('lookup', this.numDetectors, this.numObservables, detectionEvents, predictions);
    const D = this.numDetectors;
    // D <= 26, so the syndrome is in the first word of each row.
    const mask = D === 0 ? 0 : D >= 32 ? 0xffffffff : (2 ** D - 1) >>> 0;
    const det = detectionEvents.data;
    const ds = detectionEvents.stride;
    const out = predictions.data;
    const ps = predictions.stride;
    const best = this.best;
    for (let s = 0; s < detectionEvents.numRows; s++) {
      const syn = D === 0 ? 0 : (det[s * ds] & mask) >>> 0;
      const o = s * ps;
      if (ps === 0) continue;
      out[o] = best[syn];
      for (let k = 1; k < ps; k++) out[o + k] = 0;
    }
  }
}

/** The exact maximum-likelihood lookup decoder family (`lookup`). Options: {@link LOOKUP_OPTIONS}. */
export const LOOKUP_DECODER: Decoder = {
  name: 'lookup',
  compile(dem: FlatDem, options?: Record<string, unknown>): LookupCompiledDecoder {
    const o = resolveDecoderOptions('lookup', LOOKUP_OPTIONS, options);
    return new LookupCompiledDecoder(dem, o.maxStateBits as number, o.keepDistribution as boolean);
  },
};
