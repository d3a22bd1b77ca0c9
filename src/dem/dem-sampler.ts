import { ValidationError } from '../base/errors.js';
import type { Rng } from '../base/prng.js';
import { RareEventSampler } from '../base/rare.js';
import { BitTable } from '../mem/bit-table.js';
import type { FlatDem } from './dem.js';

/** Detection events and observable flips sampled from a DEM, rows = shots. */
export interface DemSamples {
  detectors: BitTable;
  observables: BitTable;
  /** With `recordErrors`: which error mechanisms fired (shots × errors, in the flat DEM's order; Stim's `--err_out`). */
  errors?: BitTable;
}

/**
 * A DEM compiled for sampling (Stim's `sample_dem`): every error mechanism fires independently
 * in every shot with its probability and XORs its symptom into the shot. Symptoms are stored as
 * flat (word index, bit mask) lists so a firing costs one XOR per symptom word. Firing shots are
 * found by geometric gaps (src/base/rare.ts), so the cost follows the number of events.
 */
export class CompiledDemSampler {
  readonly numDetectors: number;
  readonly numObservables: number;
  private readonly probs: Float64Array;
  /** Per error: [start, end) into detWord/detMask and obsWord/obsMask. */
  private readonly detStart: Int32Array;
  private readonly obsStart: Int32Array;
  private readonly detWord: Int32Array;
  private readonly detMask: Int32Array;
  private readonly obsWord: Int32Array;
  private readonly obsMask: Int32Array;
  private readonly rare = new RareEventSampler();

  constructor(dem: FlatDem) {
    this.numDetectors = dem.numDetectors;
    this.numObservables = dem.numObservables;
    const E = dem.errors.length;
    this.probs = new Float64Array(E);
    this.detStart = new Int32Array(E + 1);
    this.obsStart = new Int32Array(E + 1);
    const dw: number[] = [];
    const dm: number[] = [];
    const ow: number[] = [];
    const om: number[] = [];
    const pack = (ids: readonly number[], words: number[], masks: number[]): void => {
      // ids are sorted: consecutive ids in one word share an entry.
      const first = words.length;
      for (const id of ids) {
        const w = id >>> 5;
        const bit = 1 << (id & 31);
        if (words.length > first && words[words.length - 1] === w) masks[masks.length - 1] ^= bit;
        else {
          words.push(w);
          masks.push(bit);
        }
      }
    };
    dem.errors.forEach((e, i) => {
      this.probs[i] = e.probability;
      pack(e.detectors, dw, dm);
      pack(e.observables, ow, om);
      this.detStart[i + 1] = dw.length;
      this.obsStart[i + 1] = ow.length;
    });
    this.detWord = Int32Array.from(dw);
    this.detMask = Int32Array.from(dm);
    this.obsWord = Int32Array.from(ow);
    this.obsMask = Int32Array.from(om);
  }

  /** Number of error mechanisms (columns of the `errors` table). */
  get numErrors(): number {
    return this.probs.length;
  }

  /**
   * Samples `numShots` shots into new tables (rows = shots). Deterministic for a given RNG state
   * (recording errors does not change the samples). With `recordErrors`, also returns which error
   * mechanisms fired in each shot.
   */
  sample(numShots: number, rng: Rng, options: { recordErrors?: boolean } = {}): DemSamples {
    const errors = options.recordErrors === true ? new BitTable(numShots, this.probs.length) : undefined;
    const detectors = new BitTable(numShots, this.numDetectors);
    const observables = new BitTable(numShots, this.numObservables);
    const D = detectors.data;
    const O = observables.data;
    const ds = detectors.stride;
    const os = observables.stride;
    for (let e = 0; e < this.probs.length; e++) {
      const p = this.probs[e];
      if (p <= 0) continue;
      this.rare.setProbability(p);
      const d0 = this.detStart[e];
      const d1 = this.detStart[e + 1];
      const o0 = this.obsStart[e];
      const o1 = this.obsStart[e + 1];
      for (let s = this.rare.nextGap(rng); s < numShots; s += 1 + this.rare.nextGap(rng)) {
        errors?.set(s, e, true);
        const rd = s * ds;
        for (let k = d0; k < d1; k++) D[rd + this.detWord[k]] ^= this.detMask[k];
        const ro = s * os;
        for (let k = o0; k < o1; k++) O[ro + this.obsWord[k]] ^= this.obsMask[k];
      }
    }
    return errors === undefined ? { detectors, observables } : { detectors, observables, errors };
  }

  /**
   * The detection events and observable flips of given error patterns (Stim's `--replay_err_in`):
   * row s of `errors` (shots × {@link numErrors}) says which mechanisms fired in shot s. O(set bits).
   * @throws ValidationError when the table has the wrong number of columns.
   */
  replay(errors: BitTable): DemSamples {
    if (errors.numCols !== this.probs.length)
      throw new ValidationError(
        `replayed errors have ${errors.numCols} bits per shot but the DEM has ${this.probs.length} error mechanisms`,
      );
    const n = errors.numRows;
    const detectors = new BitTable(n, this.numDetectors);
    const observables = new BitTable(n, this.numObservables);
    const D = detectors.data;
    const O = observables.data;
    for (let s = 0; s < n; s++) {
      const row = s * errors.stride;
      for (let w = 0; w < errors.stride; w++) {
        let bits = errors.data[row + w];
        while (bits !== 0) {
          const e = (w << 5) + (31 - Math.clz32(bits & -bits));
          bits &= bits - 1;
          for (let k = this.detStart[e]; k < this.detStart[e + 1]; k++)
            D[s * detectors.stride + this.detWord[k]] ^= this.detMask[k];
          for (let k = this.obsStart[e]; k < this.obsStart[e + 1]; k++)
            O[s * observables.stride + this.obsWord[k]] ^= this.obsMask[k];
        }
      }
    }
    return { detectors, observables, errors };
  }
}

/** Compiles a flat DEM for sampling. */
export function compileDemSampler(dem: FlatDem): CompiledDemSampler {
  return new CompiledDemSampler(dem);
}
