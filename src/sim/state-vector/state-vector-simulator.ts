import { QecError } from '../../base/errors.js';
import type { Rng } from '../../base/prng.js';
import { checkRunLength, type Circuit } from '../../circuit/circuit.js';
import type { CorrelatedTerm, KrausChannel } from '../../gates/channels.js';
import { correlatedChainMixture } from '../../gates/channels.js';
import { BitTable } from '../../mem/bit-table.js';
import type { PauliString } from '../../stabilizer/pauli-string.js';
import { compactQubits } from '../compact-qubits.js';
import type { ExactBackend } from '../exact-runner.js';
import { ExactCircuitRunner } from '../exact-runner.js';
import type { ShotResults } from '../shot-results.js';
import {
  apply1,
  applyCX,
  applyCZ,
  applyDiag1,
  applyH,
  applyMatrix,
  applyPauli,
  applySwap,
  applyX,
  applyY,
  applyZ,
  parityProbability,
  phaseParity,
  projectParity,
} from './kernels.js';
import type { StateVectorOptions } from './state-vector.js';
import { StateVector, reducedDensityMatrixOf } from './state-vector.js';

const T_PHASE = Math.SQRT1_2;

/**
 * The state-vector side of {@link ExactBackend}: unitaries by in-place butterflies, measurements by
 * Born-rule sampling and collapse, noise by quantum trajectories (Kraus operator k is drawn with
 * probability ‖K_k ψ‖² and ψ ↦ K_k ψ / ‖K_k ψ‖; for Pauli mixtures ‖K_k ψ‖² = p_k, so no norm is
 * computed). Mutates `state`; draws from `rng`.
 */
class StateVectorBackend implements ExactBackend {
  readonly sampled = true;
  readonly numQubits: number;
  private readonly scratch = new Float64Array(4 * 64);
  private readonly kMatrix = new Float64Array(8);

  constructor(
    readonly state: StateVector,
    private readonly rng: Rng,
  ) {
    this.numQubits = state.numQubits;
  }

  applyUnitary(name: string, targets: readonly number[], m: Float64Array): void {
    const d = this.state.data;
    const n = this.numQubits;
    switch (name) {
      case 'X':
        applyX(d, n, targets[0]);
        return;
      case 'Y':
        applyY(d, n, targets[0]);
        return;
      case 'Z':
        applyZ(d, n, targets[0]);
        return;
      case 'H':
        applyH(d, n, targets[0]);
        return;
      case 'S':
        applyDiag1(d, n, targets[0], 1, 0, 0, 1);
        return;
      case 'S_DAG':
        applyDiag1(d, n, targets[0], 1, 0, 0, -1);
        return;
      case 'T':
        applyDiag1(d, n, targets[0], 1, 0, T_PHASE, T_PHASE);
        return;
      case 'T_DAG':
        applyDiag1(d, n, targets[0], 1, 0, T_PHASE, -T_PHASE);
        return;
      case 'CX':
        applyCX(d, n, targets[0], targets[1]);
        return;
      case 'CZ':
        applyCZ(d, n, targets[0], targets[1]);
        return;
      case 'SWAP':
        applySwap(d, n, targets[0], targets[1]);
        return;
      default:
        applyMatrix(d, n, targets, m, this.scratch);
    }
  }

  applyPauli(q: number, code: number): void {
    applyPauli(this.state.data, this.numQubits, q, code);
  }

  measureParity(mask: number): number {
    const d = this.state.data;
    const p1 = parityProbability(d, this.numQubits, mask);
    const outcome = this.rng.nextFloat() < p1 ? 1 : 0;
    projectParity(d, this.numQubits, mask, outcome, 1 / Math.sqrt(outcome === 1 ? p1 : 1 - p1));
    return outcome;
  }

  resetZ(q: number): void {
    if (this.measureParity(2 ** q) === 1) applyX(this.state.data, this.numQubits, q);
  }

  phaseParity(mask: number, parity: number, re: number, im: number): void {
    phaseParity(this.state.data, this.numQubits, mask, parity, re, im);
  }

  applyChannel(targets: readonly number[], ch: KrausChannel): number {
    const mix = ch.pauliMixture;
    if (mix !== undefined) {
      const k = sampleIndex(mix.probabilities, this.rng.nextFloat());
      const code = mix.paulis[k];
      if (code !== 0) {
        this.applyPauli(targets[0], code & 3);
        if (targets.length > 1) this.applyPauli(targets[1], code >>> 2);
      }
      return k;
    }
    // General Kraus channel on one qubit: p_k = tr(K_k ρ_q K_k†) from the 2×2 reduced state.
    const q = targets[0];
    const rho = reducedDensityMatrixOf(this.state.data, this.numQubits, [q]);
    const probs = new Float64Array(ch.ops.length);
    for (let k = 0; k < ch.ops.length; k++) probs[k] = krausWeight1(ch.ops[k], rho);
    const k = sampleIndex(probs, this.rng.nextFloat());
    const s = 1 / Math.sqrt(probs[k]);
    const K = ch.ops[k];
    for (let j = 0; j < 8; j++) this.kMatrix[j] = K[j] * s;
    apply1(this.state.data, this.numQubits, q, this.kMatrix);
    return k;
  }

  applyCorrelatedChain(chain: readonly CorrelatedTerm[]): void {
    const w = correlatedChainMixture(chain);
    const k = sampleIndex(w, this.rng.nextFloat());
    if (k >= chain.length) return;
    const term = chain[k];
    for (let j = 0; j < term.qubits.length; j++) this.applyPauli(term.qubits[j], term.paulis[j]);
  }
}

/** Index k with Σ_{j<k} w_j ≤ u < Σ_{j≤k} w_j; the last positive-weight index when rounding leaves u beyond. */
function sampleIndex(w: Float64Array, u: number): number {
  let acc = 0;
  let last = 0;
  for (let k = 0; k < w.length; k++) {
    if (w[k] <= 0) continue;
    acc += w[k];
    last = k;
    if (u < acc) return k;
  }
  return last;
}

/** tr(K ρ K†) for 2×2 K and ρ (interleaved). */
function krausWeight1(K: Float64Array, rho: Float64Array): number {
  let s = 0;
  // Σ_{r} Σ_{a,b} K[r,a] ρ[a,b] conj(K[r,b]).
  for (let r = 0; r < 2; r++)
    for (let a = 0; a < 2; a++)
      for (let b = 0; b < 2; b++) {
        const kr = K[2 * (2 * r + a)];
        const ki = K[2 * (2 * r + a) + 1];
        const pr = rho[2 * (2 * a + b)];
        const pi = rho[2 * (2 * a + b) + 1];
        const cr = K[2 * (2 * r + b)];
        const ci = -K[2 * (2 * r + b) + 1];
        const xr = kr * pr - ki * pi;
        const xi = kr * pi + ki * pr;
        s += xr * cr - xi * ci;
      }
  return s;
}

/**
 * A state-vector simulator running whole circuits of the gate table: every unitary (Clifford or
 * not: T, rotations, U3, CCX, CSWAP), measurements M/MX/MY/MR/MRX/MRY with flip probabilities and
 * `!` inversions, resets R/RX/RY, Pauli-product measurements MPP/MXX/MYY/MZZ (by basis change and
 * Z-parity projection), SPP/SPP_DAG, classically controlled Paulis (`CX rec[-1] 3`; sweep bits read
 * as 0), all noise channels by quantum trajectories, heralds, DETECTOR and OBSERVABLE_INCLUDE.
 *
 * Memory: 16·2^n bytes; refused with a LimitError beyond `maxQubits` (default 28 = 4 GiB) before
 * allocating. Each gate costs O(2^n); measurement O(2^n).
 */
export class StateVectorSimulator {
  /** The current state (mutated by {@link run}). */
  readonly state: StateVector;
  private readonly runner: ExactCircuitRunner;

  /**
   * @param numQubits register size (≥ the circuit's qubit count)
   * @param rng randomness for measurements and noise (advanced by every run)
   * @throws LimitError when numQubits exceeds the limit (nothing is allocated)
   */
  constructor(numQubits: number, rng: Rng, options: StateVectorOptions = {}) {
    this.state = new StateVector(numQubits, options);
    this.runner = new ExactCircuitRunner(new StateVectorBackend(this.state, rng), rng);
  }

  /** Runs a circuit (REPEAT blocks by iteration), appending to the measurement record. */
  run(circuit: Circuit): this {
    this.runner.run(circuit);
    return this;
  }

  /** Back to |0…0⟩ with an empty record. */
  reset(): void {
    this.state.reset();
    this.runner.clearRecord();
  }

  /** Measurement results so far, one byte 0/1 each (a copy). */
  get measurementRecord(): Uint8Array {
    return this.runner.measurementRecord();
  }
  /** Detector values so far (a copy). */
  get detectors(): Uint8Array {
    return this.runner.detectors();
  }
  /** Observable values (a copy); `numObservables` pads with zeros. */
  observables(numObservables?: number): Uint8Array {
    return this.runner.observables(numObservables);
  }

  /** ⟨ψ|P|ψ⟩; see {@link StateVector.expectation}. */
  expectation(pauli: string | PauliString): number {
    return this.state.expectation(pauli);
  }
  /** See {@link StateVector.probabilities}. */
  probabilities(): Float64Array {
    return this.state.probabilities();
  }
  /** See {@link StateVector.amplitude}. */
  amplitude(i: number): { re: number; im: number } {
    return this.state.amplitude(i);
  }
  /** See {@link StateVector.reducedDensityMatrix}. */
  reducedDensityMatrix(qubits: readonly number[]): Float64Array {
    return this.state.reducedDensityMatrix(qubits);
  }
  /** See {@link StateVector.entanglementEntropy}. */
  entanglementEntropy(subsetQubits: readonly number[]): number {
    return this.state.entanglementEntropy(subsetQubits);
  }
  /** See {@link StateVector.blochVector}. */
  blochVector(q: number): [number, number, number] {
    return this.state.blochVector(q);
  }
}

/**
 * Samples `numShots` independent runs of `circuit` on a state vector (one trajectory per shot):
 * measurements, detectors and observables as BitTables with one row per shot. Cost O(numShots ·
 * gates · 2^n) — an exact reference for small circuits, not a fast sampler. n counts the qubits the
 * circuit uses: gaps in the numbering are removed first ({@link compactQubits}).
 * @throws LimitError when the circuit has more qubits than the state-vector limit.
 */
export function sampleShots(
  circuit: Circuit,
  numShots: number,
  rng: Rng,
  options: StateVectorOptions = {},
): ShotResults {
  checkRunLength(circuit);
  const stats = circuit.stats();
  // Unused qubit indices (Stim's layouts leave gaps) would double the memory per gap: renumber.
  const compact = compactQubits(circuit);
  const sim = new StateVectorSimulator(compact.originalQubit.length, rng, options);
  const measurements = new BitTable(numShots, stats.numMeasurements);
  const detectors = new BitTable(numShots, stats.numDetectors);
  const observables = new BitTable(numShots, stats.numObservables);
  for (let shot = 0; shot < numShots; shot++) {
    sim.reset();
    sim.run(compact.circuit);
    const rec = sim.measurementRecord;
    if (rec.length !== stats.numMeasurements)
      throw new QecError(
        `internal error: the run recorded ${rec.length} results but the circuit declares ${stats.numMeasurements}`,
        { code: 'INTERNAL' },
      );
    for (let k = 0; k < rec.length; k++) if (rec[k] !== 0) measurements.set(shot, k, true);
    const det = sim.detectors;
    for (let k = 0; k < det.length; k++) if (det[k] !== 0) detectors.set(shot, k, true);
    const obs = sim.observables(stats.numObservables);
    for (let k = 0; k < obs.length; k++) if (obs[k] !== 0) observables.set(shot, k, true);
  }
  return { measurements, detectors, observables };
}
