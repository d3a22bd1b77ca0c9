import type { Circuit } from '../circuit/circuit.js';
import { measurementCount } from '../circuit/circuit.js';
import { isRecordTarget, targetValue } from '../circuit/target.js';
import type { DemSymptom, FlatDem, FlatError } from './dem.js';

/**
 * Bits of a detector's basis mask ({@link detectorBases}): which kinds of single-qubit measurement
 * its records come from. A CSS memory circuit's Z-check detectors have exactly `BASIS_Z`, its X-check
 * detectors exactly `BASIS_X`; a detector mixing kinds has several bits.
 */
export const BASIS_X = 1;
export const BASIS_Y = 2;
export const BASIS_Z = 4;
/** Records of a measurement that is not a single-qubit X, Y or Z one (MPP, MXX, HERALDED_ERASE...). */
export const BASIS_OTHER = 8;

/** Basis bit of one measurement gate (canonical name; aliases MZ, MRZ are resolved by the parser). */
function gateBasis(name: string): number {
  switch (name) {
    case 'M':
    case 'MR':
      return BASIS_Z;
    case 'MX':
    case 'MRX':
      return BASIS_X;
    case 'MY':
    case 'MRY':
      return BASIS_Y;
    default:
      return BASIS_OTHER;
  }
}

/**
 * For every detector (absolute index), the OR of the basis bits of the measurements its `rec[-k]`
 * targets name: `BASIS_Z` for a detector comparing only M/MR results, `BASIS_X` for MX/MRX, and so
 * on; 0 for a detector without records. Walks the circuit once with REPEAT blocks multiplied out
 * (cost linear in the run length, one byte per measurement). The circuit must be valid (every
 * `rec[-k]` names an earlier measurement), as parsed circuits are.
 */
export function detectorBases(circuit: Circuit): Uint8Array {
  const { numMeasurements, numDetectors } = circuit.stats();
  const record = new Uint8Array(numMeasurements);
  const out = new Uint8Array(numDetectors);
  let m = 0;
  let det = 0;
  const walk = (c: Circuit): void => {
    for (const item of c.items) {
      if (item.kind === 'repeat') {
        for (let r = 0; r < item.repetitions; r++) walk(item.body);
        continue;
      }
      const count = measurementCount(item);
      if (count > 0) {
        record.fill(gateBasis(item.gate.name), m, m + count);
        m += count;
      } else if (item.gate.name === 'DETECTOR') {
        let mask = 0;
        for (const t of item.targets) if (isRecordTarget(t)) mask |= record[m - targetValue(t)];
        out[det++] = mask;
      }
    }
  };
  walk(circuit);
  return out;
}

/**
 * The DEM as a decoder sees it when it reads only the detectors `keep` marks (`keep[d] !== 0`),
 * renumbered in order: each mechanism keeps its probability and observables, each `^` component
 * loses the other detectors (components left with neither detectors nor observables are dropped),
 * and mechanisms left with neither are dropped (they can be neither seen nor matter). Mechanisms
 * that become identical stay separate (decoders merge equal columns). Coordinates follow their
 * detectors. Does not mutate `dem`.
 */
export function restrictDemDetectors(dem: FlatDem, keep: Uint8Array): FlatDem {
  const newId = new Int32Array(dem.numDetectors).fill(-1);
  const coords: (readonly number[] | undefined)[] = [];
  let n = 0;
  for (let d = 0; d < dem.numDetectors; d++)
    if (keep[d] !== 0) {
      newId[d] = n++;
      coords.push(dem.detectorCoords[d]);
    }
  const map = (ds: readonly number[]): number[] => {
    const r: number[] = [];
    for (const d of ds) if (newId[d] >= 0) r.push(newId[d]);
    return r;
  };
  const errors: FlatError[] = [];
  for (const e of dem.errors) {
    const detectors = map(e.detectors);
    if (detectors.length === 0 && e.observables.length === 0) continue;
    const components: DemSymptom[] = [];
    for (const c of e.components) {
      const cd = map(c.detectors);
      if (cd.length > 0 || c.observables.length > 0)
        components.push({ detectors: cd, observables: c.observables });
    }
    errors.push({ probability: e.probability, detectors, observables: e.observables, components });
  }
  return { numDetectors: n, numObservables: dem.numObservables, errors, detectorCoords: coords };
}
