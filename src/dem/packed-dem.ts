/**
 * A {@link FlatDem} stored in typed arrays (compressed sparse rows) instead of one object per error
 * mechanism: what {@link parseFlatDem} builds straight from `.dem` text, so that a decoder's
 * start-up over a large model (d = 17 surface code: ~100 000 errors) allocates a handful of
 * arrays instead of half a million small objects. The graph decoders read the arrays directly
 * (`decode/detector-graph.ts`); everything else reads {@link PackedFlatDem.errors}, built on first
 * use and equal to what {@link flattenDem} returns for the same model.
 */
import type { DemSymptom, FlatDem, FlatError } from './dem.js';

/** The arrays of a {@link PackedFlatDem} (all ids absolute). */
export interface PackedFlatDemArrays {
  readonly numDetectors: number;
  readonly numObservables: number;
  /** Probability of each error mechanism, in [0, 1]. Length = number of errors. */
  readonly probability: Float64Array;
  /** Error i has components compStart[i] .. compStart[i + 1] - 1. Length = errors + 1. */
  readonly compStart: Int32Array;
  /** Component c flips detectors dets[detStart[c] .. detStart[c + 1] - 1] (as written, shifted). */
  readonly detStart: Int32Array;
  readonly dets: Int32Array;
  /** Component c flips observables obs[obsStart[c] .. obsStart[c + 1] - 1] (as written). */
  readonly obsStart: Int32Array;
  readonly obs: Int32Array;
  /** Coordinates of each detector with shifts applied; `undefined` where none was declared. */
  readonly detectorCoords: readonly (readonly number[] | undefined)[];
}

/**
 * The ids that occur an odd number of times in `ids`, sorted ascending (the XOR of a list of
 * detector or observable sets). Short lists, the usual case, are insertion-sorted. Sorts `ids` in
 * place and returns a new array.
 */
export function xorSortedInPlace(ids: number[]): number[] {
  if (ids.length > 32) ids.sort((a, b) => a - b);
  else
    for (let k = 1; k < ids.length; k++) {
      const x = ids[k];
      let i = k;
      for (; i > 0 && ids[i - 1] > x; i--) ids[i] = ids[i - 1];
      ids[i] = x;
    }
  const out: number[] = [];
  let i = 0;
  while (i < ids.length) {
    let j = i;
    while (j < ids.length && ids[j] === ids[i]) j++;
    if (((j - i) & 1) === 1) out.push(ids[i]);
    i = j;
  }
  return out;
}

/** Whether `a[lo..hi)` is strictly increasing. */
function increasing(a: Int32Array, lo: number, hi: number): boolean {
  for (let i = lo + 1; i < hi; i++) if (!(a[i] > a[i - 1])) return false;
  return true;
}

/** `a[lo..hi)` as a plain array. */
function plain(a: Int32Array, lo: number, hi: number): number[] {
  const out = new Array<number>(hi - lo);
  for (let i = lo; i < hi; i++) out[i - lo] = a[i];
  return out;
}

/**
 * A flat DEM in typed arrays (see {@link PackedFlatDemArrays} for the layout). Immutable; keeps the
 * arrays it is given. {@link PackedFlatDem.errors} is materialised on first read (O(size of the
 * model), then cached) with the same content as {@link flattenDem}'s: each error's `detectors` and
 * `observables` are the XOR of its components, sorted; `components` keep the ids as written.
 */
export class PackedFlatDem implements FlatDem, PackedFlatDemArrays {
  readonly numDetectors: number;
  readonly numObservables: number;
  readonly probability: Float64Array;
  readonly compStart: Int32Array;
  readonly detStart: Int32Array;
  readonly dets: Int32Array;
  readonly obsStart: Int32Array;
  readonly obs: Int32Array;
  readonly detectorCoords: readonly (readonly number[] | undefined)[];
  /**
   * The error mechanisms as objects, built on first read and then cached. An own enumerable
   * accessor, so that copies (`{ ...dem }`, `structuredClone`) carry the errors.
   */
  declare readonly errors: readonly FlatError[];

  constructor(arrays: PackedFlatDemArrays) {
    let materialised: readonly FlatError[] | undefined;
    Object.defineProperty(this, 'errors', {
      enumerable: true,
      get: (): readonly FlatError[] => (materialised ??= this.materialise()),
    });
    this.numDetectors = arrays.numDetectors;
    this.numObservables = arrays.numObservables;
    this.probability = arrays.probability;
    this.compStart = arrays.compStart;
    this.detStart = arrays.detStart;
    this.dets = arrays.dets;
    this.obsStart = arrays.obsStart;
    this.obs = arrays.obs;
    this.detectorCoords = arrays.detectorCoords;
  }

  /** Number of error mechanisms. */
  get numErrors(): number {
    return this.probability.length;
  }

  private materialise(): FlatError[] {
    const { compStart, detStart, dets, obsStart, obs } = this;
    const out = new Array<FlatError>(this.numErrors);
    for (let i = 0; i < out.length; i++) {
      const c0 = compStart[i];
      const c1 = compStart[i + 1];
      const probability = this.probability[i];
      if (
        c1 - c0 === 1 &&
        increasing(dets, detStart[c0], detStart[c1]) &&
        increasing(obs, obsStart[c0], obsStart[c1])
      ) {
        const detectors = plain(dets, detStart[c0], detStart[c1]);
        const observables = plain(obs, obsStart[c0], obsStart[c1]);
        out[i] = { probability, detectors, observables, components: [{ detectors, observables }] };
        continue;
      }
      const components: DemSymptom[] = [];
      for (let c = c0; c < c1; c++)
        components.push({
          detectors: plain(dets, detStart[c], detStart[c + 1]),
          observables: plain(obs, obsStart[c], obsStart[c + 1]),
        });
      out[i] = {
        probability,
        detectors: xorSortedInPlace(plain(dets, detStart[c0], detStart[c1])),
        observables: xorSortedInPlace(plain(obs, obsStart[c0], obsStart[c1])),
        components,
      };
    }
    return out;
  }
}
