import type { Rng } from '../../base/prng.js';
import { checkAllocation } from '../../base/limits.js';
import type { Circuit } from '../../circuit/circuit.js';
import { checkRunLength } from '../../circuit/circuit.js';
import { BitTable } from '../../mem/bit-table.js';
import type { ShotResults } from '../shot-results.js';
import { TableauSimulator } from './tableau-simulator.js';

/**
 * A tableau sampler compiled for one circuit: the noiseless reference run (for detection events)
 * is computed once, then {@link TableauSampler.sample} runs one full simulation per shot.
 * Keeps a reference to the circuit (do not mutate it afterwards).
 */
export class TableauSampler {
  readonly circuit: Circuit;
  readonly numQubits: number;
  readonly numMeasurements: number;
  readonly numDetectors: number;
  readonly numObservables: number;
  /** Noiseless detector parities and observable values (the baseline of detection events). */
  private readonly refDetectors: Uint8Array;
  private readonly refObservables: Uint8Array;

  /** @throws UnsupportedError for non-stabilizer instructions (raised by the reference run). */
  constructor(circuit: Circuit) {
    const stats = circuit.stats();
    checkRecordSize(circuit);
    const ref = new TableauSimulator(stats.numQubits, undefined, 'reference');
    ref.run(circuit);
    this.circuit = circuit;
    this.numQubits = stats.numQubits;
    this.numMeasurements = ref.measurementRecord.length;
    this.numDetectors = ref.detectorRecord.length;
    this.numObservables = Math.max(stats.numObservables, ref.observableRecord.length);
    this.refDetectors = Uint8Array.from(ref.detectorRecord);
    this.refObservables = new Uint8Array(this.numObservables);
    for (let i = 0; i < ref.observableRecord.length; i++) this.refObservables[i] = ref.observableRecord[i];
  }

  /**
   * `numShots` independent shots: raw measurement results (shots × numMeasurements), detection
   * events and observable flips relative to the noiseless reference (as Stim's `detect`).
   * O(shots · (gates · n/32 + randomMeasurements · n²/32)). Draws from `rng`.
   */
  sample(numShots: number, rng: Rng): ShotResults {
    const numM = this.numMeasurements;
    const numD = this.numDetectors;
    const numO = this.numObservables;
    const measurements = new BitTable(numShots, numM);
    const detectors = new BitTable(numShots, numD);
    const observables = new BitTable(numShots, numO);
    const sim = new TableauSimulator(this.numQubits, rng, 'sample');
    const rd = this.refDetectors;
    const ro = this.refObservables;
    for (let shot = 0; shot < numShots; shot++) {
      sim.reset();
      sim.run(this.circuit);
      const m = sim.measurementRecord;
      for (let i = 0; i < numM; i++) if (m[i] !== 0) measurements.set(shot, i, true);
      const d = sim.detectorRecord;
      for (let i = 0; i < numD; i++) if ((d[i] ^ rd[i]) !== 0) detectors.set(shot, i, true);
      const o = sim.observableRecord;
      for (let i = 0; i < numO; i++) if (((o[i] ?? 0) ^ ro[i]) !== 0) observables.set(shot, i, true);
    }
    return { measurements, detectors, observables };
  }
}

/**
 * Refuses a circuit that would run for ever ({@link checkRunLength}) or whose measurement record cannot be held (e.g. `M 0` inside nested REPEAT
 * blocks of 10^9 iterations each): a run keeps every result, at least 9 bytes each.
 * @throws LimitError naming the number of results and the memory they need.
 */
export function checkRecordSize(circuit: Circuit): void {
  checkRunLength(circuit);
  const s = circuit.stats();
  const results = s.numMeasurements + s.numDetectors + s.numObservables;
  checkAllocation(
    `the measurement record of ${s.numMeasurements} results and ${s.numDetectors} detectors`,
    9 * results,
  );
}

/**
 * Samples `numShots` independent runs of `circuit` with the tableau simulator (one full
 * simulation per shot: O(shots · gates · n/32); the frame sampler is much faster for Pauli noise,
 * this is the exact reference it is tested against). For repeated batches of one circuit use
 * {@link TableauSampler} (the reference run is then computed once).
 *
 * Returns raw measurement results (`measurements`, shots × numMeasurements) and detection events /
 * observable flips relative to the noiseless reference run (`detectors`, `observables`, as Stim's
 * `detect`: a detector fires when its parity differs from the noiseless value).
 * @throws UnsupportedError for non-stabilizer instructions.
 */
export function sampleTableau(circuit: Circuit, numShots: number, rng: Rng): ShotResults {
  return new TableauSampler(circuit).sample(numShots, rng);
}
