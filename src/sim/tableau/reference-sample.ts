import { ValidationError } from '../../base/errors.js';
import type { Circuit } from '../../circuit/circuit.js';
import { TableauSimulator } from './tableau-simulator.js';
import { checkRecordSize } from './tableau-sampler.js';

/** Noiseless reference run of a circuit: one byte (0/1) per result, detector and observable. */
export interface ReferenceRun {
  /** Measurement record of the noiseless circuit (random outcomes chosen as 0). */
  readonly measurements: Uint8Array;
  /** Parity of each DETECTOR in the noiseless run (usually all 0). */
  readonly detectors: Uint8Array;
  /** Parity of each observable in the noiseless run. */
  readonly observables: Uint8Array;
}

/**
 * Runs the circuit once without noise on the tableau simulator, choosing 0 for every random
 * measurement outcome (Stim's reference sample: the +1 eigenstate). Deterministic; uses no RNG.
 * REPEAT blocks are iterated, never unrolled. Cost O(gates · n/32 + randomMeasurements · n²/32).
 * @throws UnsupportedError for non-stabilizer instructions.
 */
export function referenceRun(circuit: Circuit): ReferenceRun {
  checkRecordSize(circuit);
  const sim = new TableauSimulator(circuit.numQubits, undefined, 'reference');
  sim.run(circuit);
  const obs = new Uint8Array(Math.max(circuit.numObservables, sim.observableRecord.length));
  for (let i = 0; i < sim.observableRecord.length; i++) obs[i] = sim.observableRecord[i];
  return {
    measurements: Uint8Array.from(sim.measurementRecord),
    detectors: Uint8Array.from(sim.detectorRecord),
    observables: obs,
  };
}

/**
 * The noiseless reference measurement record: one byte (0/1) per measurement result (including
 * MPAD and herald results, which are 0 without noise), as Stim's reference sample. Frame samplers
 * XOR their Pauli-frame flips onto it. See {@link referenceRun}.
 */
export function referenceSample(circuit: Circuit): Uint8Array {
  return referenceRun(circuit).measurements;
}

/** Detectors and observables whose noiseless value is not fixed (ids, ascending). */
export interface DeterminismReport {
  /** Indices of DETECTORs (in execution order, REPEAT iterations counted) that are random. */
  readonly nonDeterministicDetectors: number[];
  /** Observable indices whose value is random. */
  readonly nonDeterministicObservables: number[];
}

/**
 * Finds the detectors and observables that are not deterministic in the noiseless circuit (e.g.
 * a detector comparing an X-type stabilizer's first measurement with nothing). Exact: the circuit
 * is run once on a symbolic tableau in which every random measurement outcome is a fresh GF(2)
 * variable and every sign an affine function of those variables; a detector is deterministic iff
 * its parity has no variable part. Cost O(gates · (n + v)/32 + v · n²/32) for v random outcomes;
 * memory O(numMeasurements · v / 8) bytes.
 * @throws UnsupportedError for non-stabilizer instructions.
 */
export function checkDeterministic(circuit: Circuit): DeterminismReport {
  const sim = new TableauSimulator(circuit.numQubits, undefined, 'symbolic');
  sim.run(circuit);
  const dets: number[] = [];
  for (let i = 0; i < sim.detectorIsRandom.length; i++) if (sim.detectorIsRandom[i]) dets.push(i);
  const obs: number[] = [];
  for (let k = 0; k < sim.observableVars.length; k++) {
    const v = sim.observableVars[k];
    let nz = false;
    for (let w = 0; w < v.length; w++) if (v[w] !== 0) nz = true;
    if (nz) obs.push(k);
  }
  return { nonDeterministicDetectors: dets, nonDeterministicObservables: obs };
}

/**
 * Throws when {@link checkDeterministic} finds random detectors or observables, naming them
 * (first 10 of each).
 * @throws ValidationError listing `D<k>` / `L<k>` ids.
 */
export function assertDeterministic(circuit: Circuit): void {
  const r = checkDeterministic(circuit);
  if (r.nonDeterministicDetectors.length === 0 && r.nonDeterministicObservables.length === 0) return;
  const names = [
    ...r.nonDeterministicDetectors.slice(0, 10).map((d) => `D${d}`),
    ...r.nonDeterministicObservables.slice(0, 10).map((o) => `L${o}`),
  ];
  throw new ValidationError(
    `the circuit has ${r.nonDeterministicDetectors.length} non-deterministic detector(s) and ` +
      `${r.nonDeterministicObservables.length} non-deterministic observable(s) without noise (${names.join(', ')}); ` +
      `a detector must compare measurements whose parity is fixed in the noiseless circuit`,
    { ...r },
  );
}
