/**
 * The mutable state of the error analyzer's backward walk: per qubit the X and Z sensitivity sets,
 * and the detectors/observables that include each measurement record bit still ahead of the walk.
 */
import type { Set_ } from './error-sets.js';
import { EMPTY, shiftSet, shiftedEquals, toggleSorted, xorSorted } from './error-sets.js';

/** The mutable state of the backward walk (Stim's SparseUnsignedRevFrameTracker). */
export class Tracker {
  xs: Set_[];
  zs: Set_[];
  /** Absolute measurement index → detectors/observables that include that record bit. */
  recBits: Map<number, Set_>;
  numMeasurementsInPast: number;
  numDetectorsInPast: number;

  constructor(numQubits: number, numMeasurements: number, numDetectors: number) {
    this.xs = new Array<Set_>(numQubits).fill(EMPTY);
    this.zs = new Array<Set_>(numQubits).fill(EMPTY);
    this.recBits = new Map();
    this.numMeasurementsInPast = numMeasurements;
    this.numDetectorsInPast = numDetectors;
  }

  copy(): Tracker {
    const t = new Tracker(0, this.numMeasurementsInPast, this.numDetectorsInPast);
    t.xs = this.xs.slice();
    t.zs = this.zs.slice();
    t.recBits = new Map(this.recBits);
    return t;
  }

  /** True when `this` equals `other` after shifting other's detector ids and measurement indices to ours. */
  isShiftedCopy(other: Tracker): boolean {
    const dt = this.numDetectorsInPast - other.numDetectorsInPast;
    const dm = this.numMeasurementsInPast - other.numMeasurementsInPast;
    for (let q = 0; q < this.xs.length; q++) {
      if (!shiftedEquals(other.xs[q], this.xs[q], dt)) return false;
      if (!shiftedEquals(other.zs[q], this.zs[q], dt)) return false;
    }
    if (this.recBits.size !== other.recBits.size) return false;
    for (const [m, s] of other.recBits) {
      const mine = this.recBits.get(m + dm);
      if (mine === undefined || !shiftedEquals(s, mine, dt)) return false;
    }
    return true;
  }

  shift(dm: number, dt: number): void {
    for (let q = 0; q < this.xs.length; q++) {
      this.xs[q] = shiftSet(this.xs[q], dt);
      this.zs[q] = shiftSet(this.zs[q], dt);
    }
    const nb = new Map<number, Set_>();
    for (const [m, s] of this.recBits) nb.set(m + dm, shiftSet(s, dt));
    this.recBits = nb;
    this.numMeasurementsInPast += dm;
    this.numDetectorsInPast += dt;
  }

  toggleRec(index: number, t: number): void {
    const s = toggleSorted(this.recBits.get(index) ?? EMPTY, t);
    if (s.length === 0) this.recBits.delete(index);
    else this.recBits.set(index, s);
  }

  xorRec(index: number, v: Set_): void {
    if (v.length === 0) return;
    const s = xorSorted(this.recBits.get(index) ?? EMPTY, v);
    if (s.length === 0) this.recBits.delete(index);
    else this.recBits.set(index, s);
  }

  /** Pops the record bit of the measurement just undone: returns its set and forgets it. */
  popMeasurement(): Set_ {
    this.numMeasurementsInPast--;
    const idx = this.numMeasurementsInPast;
    const d = this.recBits.get(idx) ?? EMPTY;
    this.recBits.delete(idx);
    return d;
  }
}
