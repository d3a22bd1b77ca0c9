import type { Circuit } from '../../circuit/circuit.js';
import { TableauSimulator } from './tableau-simulator.js';

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
