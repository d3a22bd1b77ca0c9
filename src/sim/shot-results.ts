import type { BitTable } from '../mem/bit-table.js';

/**
 * Results of sampling a circuit, shared by every sampler (tableau, frame, DEM). All tables have
 * one row per shot: `measurements` (optional) shots × numMeasurements raw results, `detectors`
 * shots × numDetectors detection events, `observables` shots × numObservables observable flips.
 */
export interface ShotResults {
  measurements?: BitTable;
  detectors: BitTable;
  observables: BitTable;
}
