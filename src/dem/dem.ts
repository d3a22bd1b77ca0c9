/**
 * The detector error model (DEM) IR, mirroring Stim's `.dem` language:
 *
 *   error(p) D0 D1 L0 ^ D2      an independent mechanism with probability p; `^` separates the
 *                               components of a suggested decomposition
 *   detector(x, y, t) D5        declares a detector (optionally with coordinates)
 *   logical_observable L0       declares an observable
 *   shift_detectors(dx, dy, dt) 10   offsets later detector ids and coordinates
 *   repeat 100 { ... }          a block repeated n times (kept as a block)
 *
 * Detector ids inside instructions are *relative* (as written); {@link flattenDem} resolves
 * shifts and repeats into absolute ids.
 */

/** One component of an error's symptom: detectors and observables it flips (ids as written). */
export interface DemSymptom {
  readonly detectors: readonly number[];
  readonly observables: readonly number[];
}

export interface DemError {
  readonly kind: 'error';
  /** Probability in [0, 1]. */
  readonly probability: number;
  /** Components separated by `^` in the text; one component when undecomposed. */
  readonly components: readonly DemSymptom[];
  readonly tag: string;
}

export interface DemDetector {
  readonly kind: 'detector';
  readonly coords: readonly number[];
  /** Relative detector ids declared (usually one). */
  readonly detectors: readonly number[];
  readonly tag: string;
}

export interface DemLogicalObservable {
  readonly kind: 'logical_observable';
  readonly observables: readonly number[];
  readonly tag: string;
}

export interface DemShiftDetectors {
  readonly kind: 'shift_detectors';
  readonly coords: readonly number[];
  readonly shift: number;
  readonly tag: string;
}

export interface DemRepeat {
  readonly kind: 'repeat';
  readonly repetitions: number;
  readonly body: DetectorErrorModel;
  readonly tag: string;
}

export type DemItem = DemError | DemDetector | DemLogicalObservable | DemShiftDetectors | DemRepeat;

/** A detector error model: items in order. Mutable through `push`. */
export class DetectorErrorModel {
  readonly items: DemItem[];

  constructor(items: DemItem[] = []) {
    this.items = items;
  }

  push(item: DemItem): void {
    this.items.push(item);
  }
}

/** An error mechanism with absolute ids, as decoders and samplers consume it. */
export interface FlatError {
  readonly probability: number;
  /** Absolute detector ids flipped, sorted ascending, no duplicates (XOR of all components). */
  readonly detectors: readonly number[];
  /** Observable ids flipped, sorted ascending, no duplicates (XOR of all components). */
  readonly observables: readonly number[];
  /** The `^`-separated components with absolute ids (one entry when undecomposed). */
  readonly components: readonly DemSymptom[];
}

/** A DEM with shifts and repeats resolved. */
export interface FlatDem {
  readonly numDetectors: number;
  readonly numObservables: number;
  readonly errors: readonly FlatError[];
  /** Coordinates of each detector with shifts applied; `undefined` where none was declared. */
  readonly detectorCoords: readonly (readonly number[] | undefined)[];
}
