import { UnsupportedError } from '../base/errors.js';
import type { Circuit } from '../circuit/circuit.js';
import { checkRunLength, measurementCount } from '../circuit/circuit.js';
import { isRecordTarget, targetValue } from '../circuit/target.js';
import { BitTable } from '../mem/bit-table.js';
import { referenceRun } from './tableau/reference-sample.js';

/** Detection events and observable flips computed from measurement records (rows = shots). */
export interface ConvertedShots {
  readonly detectors: BitTable;
  readonly observables: BitTable;
}

/** Options of {@link MeasurementsToDetections}. */
export interface MeasurementsToDetectionsOptions {
  /**
   * Report raw parities instead of their difference from the noiseless reference sample (Stim's
   * `--skip_reference_sample`): right when the measurements were themselves taken relative to
   * the reference (frame-simulator flips).
   */
  readonly skipReferenceSample?: boolean;
}

/**
 * Measurements → detection events (Stim's `m2d`): each DETECTOR is the parity of the measurement
 * results it names, XOR its parity in the noiseless reference run (so a detector fires when it
 * differs from its value without noise); each observable likewise (OBSERVABLE_INCLUDE of `rec`
 * targets). The parity lists are built once from the circuit (REPEAT blocks iterated; memory
 * O(number of record references)); {@link convert} costs O(shots · references).
 * @throws UnsupportedError for OBSERVABLE_INCLUDE of Pauli targets (not a function of the record)
 * or non-stabilizer instructions (the reference run needs the tableau simulator).
 */
export class MeasurementsToDetections {
  readonly numMeasurements: number;
  readonly numDetectors: number;
  readonly numObservables: number;
  /** Measurement indices of detector i: `detIdx[detStart[i] .. detStart[i + 1])`. */
  private readonly detStart: Int32Array;
  private readonly detIdx: Int32Array;
  private readonly obsIdx: number[][];
  private readonly refDet: Uint8Array;
  private readonly refObs: Uint8Array;

  constructor(circuit: Circuit, options: MeasurementsToDetectionsOptions = {}) {
    // Walks the run instruction by instruction: refuse a run that could not finish first.
    checkRunLength(circuit);
    const starts: number[] = [0];
    const idx: number[] = [];
    const obs: number[][] = [];
    let m = 0;
    circuit.forEachFlat((inst) => {
      const name = inst.gate.name;
      if (name === 'DETECTOR' || name === 'OBSERVABLE_INCLUDE') {
        const into = name === 'DETECTOR' ? idx : (obs[inst.args[0] ?? 0] ??= []);
        for (const t of inst.targets) {
          if (!isRecordTarget(t))
            throw new UnsupportedError(
              `m2d: ${name} with a Pauli target is not a parity of measurement results`,
            );
          into.push(m - targetValue(t));
        }
        if (name === 'DETECTOR') starts.push(idx.length);
      }
      m += measurementCount(inst);
    });
    this.numMeasurements = m;
    this.numDetectors = starts.length - 1;
    this.numObservables = Math.max(circuit.numObservables, obs.length);
    this.detStart = Int32Array.from(starts);
    this.detIdx = Int32Array.from(idx);
    this.obsIdx = Array.from({ length: this.numObservables }, (_, i) => obs[i] ?? []);
    this.refDet = new Uint8Array(this.numDetectors);
    this.refObs = new Uint8Array(this.numObservables);
    if (options.skipReferenceSample !== true) {
      const ref = referenceRun(circuit).measurements;
      for (let d = 0; d < this.numDetectors; d++)
        for (let k = this.detStart[d]; k < this.detStart[d + 1]; k++) this.refDet[d] ^= ref[this.detIdx[k]];
      this.obsIdx.forEach((l, o) => {
        for (const k of l) this.refObs[o] ^= ref[k];
      });
    }
  }

  /** Detection events and observable flips of each shot (row) of `measurements`. Does not mutate it. */
  convert(measurements: BitTable): ConvertedShots {
    const n = measurements.numRows;
    const detectors = new BitTable(n, this.numDetectors);
    const observables = new BitTable(n, this.numObservables);
    const w = measurements.data;
    const stride = measurements.stride;
    const bit = (row: number, k: number): number => (w[row + (k >>> 5)] >>> (k & 31)) & 1;
    for (let s = 0; s < n; s++) {
      const row = s * stride;
      for (let d = 0; d < this.numDetectors; d++) {
        let v = this.refDet[d];
        for (let k = this.detStart[d]; k < this.detStart[d + 1]; k++) v ^= bit(row, this.detIdx[k]);
        if (v !== 0) detectors.set(s, d, true);
      }
      for (let o = 0; o < this.numObservables; o++) {
        let v = this.refObs[o];
        for (const k of this.obsIdx[o]) v ^= bit(row, k);
        if (v !== 0) observables.set(s, o, true);
      }
    }
    return { detectors, observables };
  }
}
