import { ValidationError } from '../../base/errors.js';
import type { Rng } from '../../base/prng.js';
import type { Circuit } from '../../circuit/circuit.js';
import type { CorrelatedTerm, KrausChannel } from '../../gates/channels.js';
import { correlatedChainMixture } from '../../gates/channels.js';
import { matConj, matKron } from '../../math/matrix.js';
import { popcount32 } from '../../mem/bit-table.js';
import type { PauliString } from '../../stabilizer/pauli-string.js';
import type { ExactBackend } from '../exact-runner.js';
import { ExactCircuitRunner } from '../exact-runner.js';
import {
  applyCX,
  applyCZ,
  applyDiag1,
  applyH,
  applyMatrix,
  applySwap,
  applyX,
  applyZ,
} from '../state-vector/kernels.js';
import type { DensityMatrixOptions } from './density-matrix.js';
import { DensityMatrix } from './density-matrix.js';

/**
 * How the density-matrix simulator treats measurements:
 * - `sample`: each measurement outcome (and herald) is drawn from its exact probability and ρ is
 *   collapsed onto it, so classically controlled gates, detectors and observables work; noise
 *   channels are still applied exactly (no trajectory sampling).
 * - `exact`: measurements are replaced by dephasing in the measured basis, ρ ↦ Σ_b Π_b ρ Π_b, and
 *   the probability that each result is 1 (including flip probabilities, `!` and heralds) is
 *   recorded instead of a bit. The final ρ is the average over all measurement records, so
 *   `expectation`, `probabilities` and the per-measurement probabilities are exact noisy statistics
 *   with no sampling error. Correlations between results (detectors, observables) are not available
 *   in this mode, and classically controlled gates are refused.
 */
export type DensityMatrixMode = 'sample' | 'exact';

/** Options of {@link DensityMatrixSimulator}. */
export interface DensityMatrixSimulatorOptions extends DensityMatrixOptions {
  /** Default `'sample'`. */
  mode?: DensityMatrixMode;
}

const T = Math.SQRT1_2;

class DensityMatrixBackend implements ExactBackend {
  readonly numQubits: number;
  readonly sampled: boolean;
  /** 2n: the number of "qubits" of vec(ρ). */
  private readonly n2: number;
  private readonly conjCache = new WeakMap<Float64Array, Float64Array>();
  private readonly superCache = new WeakMap<KrausChannel, Float64Array[]>();
  private readonly scratch = new Float64Array(4 * 256);
  private chainScratch: Float64Array | undefined;

  constructor(
    readonly rho: DensityMatrix,
    private readonly rng: Rng,
    mode: DensityMatrixMode,
  ) {
    this.numQubits = rho.numQubits;
    this.n2 = 2 * rho.numQubits;
    this.sampled = mode === 'sample';
  }

  applyUnitary(name: string, targets: readonly number[], m: Float64Array): void {
    const d = this.rho.data;
    const n2 = this.n2;
    const n = this.numQubits;
    const q = targets[0];
    switch (name) {
      case 'X':
        applyX(d, n2, q);
        applyX(d, n2, q + n);
        return;
      case 'Z':
        applyZ(d, n2, q);
        applyZ(d, n2, q + n);
        return;
      case 'H':
        applyH(d, n2, q);
        applyH(d, n2, q + n);
        return;
      case 'S':
      case 'S_DAG': {
        const s = name === 'S' ? 1 : -1;
        applyDiag1(d, n2, q, 1, 0, 0, s);
        applyDiag1(d, n2, q + n, 1, 0, 0, -s);
        return;
      }
      case 'T':
      case 'T_DAG': {
        const s = name === 'T' ? T : -T;
        applyDiag1(d, n2, q, 1, 0, T, s);
        applyDiag1(d, n2, q + n, 1, 0, T, -s);
        return;
      }
      case 'CX':
        applyCX(d, n2, q, targets[1]);
        applyCX(d, n2, q + n, targets[1] + n);
        return;
      case 'CZ':
        applyCZ(d, n2, q, targets[1]);
        applyCZ(d, n2, q + n, targets[1] + n);
        return;
      case 'SWAP':
        applySwap(d, n2, q, targets[1]);
        applySwap(d, n2, q + n, targets[1] + n);
        return;
      default: {
        let c = this.conjCache.get(m);
        if (c === undefined) {
          c = matConj(m);
          this.conjCache.set(m, c);
        }
        applyMatrix(d, n2, targets, m, this.scratch);
        applyMatrix(
          d,
          n2,
          targets.map((t) => t + n),
          c,
          this.scratch,
        );
      }
    }
  }

  applyPauli(q: number, code: number): void {
    const d = this.rho.data;
    const n = this.numQubits;
    // P ρ P: for Y the row side gets Y and the column side Ȳ = −Y; the two signs cancel, so apply
    // X and Z on both sides (Y = iXZ, and the i's cancel too).
    if (code === 1 || code === 2) {
      applyX(d, this.n2, q);
      applyX(d, this.n2, q + n);
    }
    if (code === 3 || code === 2) {
      applyZ(d, this.n2, q);
      applyZ(d, this.n2, q + n);
    }
  }

  measureParity(mask: number): number {
    const d = this.rho.data;
    const N = 2 ** this.numQubits;
    let p1 = 0;
    for (let i = 0; i < N; i++) if ((popcount32(i & mask) & 1) !== 0) p1 += d[2 * (i + i * N)];
    p1 = Math.min(1, Math.max(0, p1));
    if (!this.sampled) {
      // Dephase: drop coherences between the two parity sectors.
      for (let c = 0; c < N; c++) {
        const pc = popcount32(c & mask) & 1;
        for (let r = 0; r < N; r++) {
          if ((popcount32(r & mask) & 1) === pc) continue;
          const k = 2 * (r + c * N);
          d[k] = 0;
          d[k + 1] = 0;
        }
      }
      return p1;
    }
    const outcome = this.rng.nextFloat() < p1 ? 1 : 0;
    const scale = 1 / (outcome === 1 ? p1 : 1 - p1);
    for (let c = 0; c < N; c++) {
      const keepC = (popcount32(c & mask) & 1) === outcome;
      for (let r = 0; r < N; r++) {
        const k = 2 * (r + c * N);
        if (keepC && (popcount32(r & mask) & 1) === outcome) {
          d[k] *= scale;
          d[k + 1] *= scale;
        } else {
          d[k] = 0;
          d[k + 1] = 0;
        }
      }
    }
    return outcome;
  }

  resetZ(q: number): void {
    // The reset channel K0 = |0⟩⟨0|, K1 = |0⟩⟨1|: ρ00 ← ρ00 + ρ11, coherences and ρ11 vanish.
    const d = this.rho.data;
    const N = 2 ** this.numQubits;
    const bit = 2 ** q;
    for (let c = 0; c < N; c++) {
      if ((c & bit) !== 0) continue;
      for (let r = 0; r < N; r++) {
        if ((r & bit) !== 0) continue;
        const k00 = 2 * (r + c * N);
        const k11 = 2 * (r + bit + (c + bit) * N);
        const k01 = 2 * (r + (c + bit) * N);
        const k10 = 2 * (r + bit + c * N);
        d[k00] += d[k11];
        d[k00 + 1] += d[k11 + 1];
        d[k11] = d[k11 + 1] = d[k01] = d[k01 + 1] = d[k10] = d[k10 + 1] = 0;
      }
    }
  }

  phaseParity(mask: number, parity: number, re: number, im: number): void {
    const d = this.rho.data;
    const N = 2 ** this.numQubits;
    for (let c = 0; c < N; c++) {
      const pc = (popcount32(c & mask) & 1) === parity;
      for (let r = 0; r < N; r++) {
        const pr = (popcount32(r & mask) & 1) === parity;
        if (pr === pc) continue; // phase·conj(phase) = 1, or no phase at all
        const k = 2 * (r + c * N);
        const xr = d[k];
        const xi = d[k + 1];
        const ci = pr ? im : -im; // multiply by the phase (row side) or its conjugate (column side)
        d[k] = re * xr - ci * xi;
        d[k + 1] = re * xi + ci * xr;
      }
    }
  }

  /** Superoperators Σ_k K̄_k ⊗ K_k: [all ops, herald-0 ops, herald-1 ops] (heralded channels). */
  private superOps(ch: KrausChannel): Float64Array[] {
    let s = this.superCache.get(ch);
    if (s === undefined) {
      const build = (keep: (k: number) => boolean): Float64Array => {
        let acc: Float64Array | undefined;
        for (let k = 0; k < ch.ops.length; k++) {
          if (!keep(k)) continue;
          const term = matKron(matConj(ch.ops[k]), ch.ops[k]);
          if (acc === undefined) acc = term;
          else for (let j = 0; j < acc.length; j++) acc[j] += term[j];
        }
        const dim = 4 ** ch.numQubits;
        return acc ?? new Float64Array(2 * dim * dim);
      };
      const heralds = ch.heralds;
      s =
        heralds === undefined
          ? [build(() => true)]
          : [build(() => true), build((k) => heralds[k] === 0), build((k) => heralds[k] === 1)];
      this.superCache.set(ch, s);
    }
    return s;
  }

  applyChannel(targets: readonly number[], ch: KrausChannel): number {
    const n = this.numQubits;
    const all = [...targets, ...targets.map((t) => t + n)];
    const ops = this.superOps(ch);
    const heralds = ch.heralds;
    if (!this.sampled || heralds === undefined) {
      applyMatrix(this.rho.data, this.n2, all, ops[0], this.scratch);
      return -1;
    }
    // Heralded instrument: draw the herald from its probability, then apply the normalised branch.
    const mix = ch.pauliMixture;
    let p1 = 0;
    if (mix !== undefined) for (let k = 0; k < heralds.length; k++) p1 += heralds[k] * mix.probabilities[k];
    const h = this.rng.nextFloat() < p1 ? 1 : 0;
    const branch = ops[1 + h];
    applyMatrix(this.rho.data, this.n2, all, branch, this.scratch);
    const norm = 1 / (h === 1 ? p1 : 1 - p1);
    const d = this.rho.data;
    for (let k = 0; k < d.length; k++) d[k] *= norm;
    for (let k = 0; k < heralds.length; k++) if (heralds[k] === h) return k;
    return 0;
  }

  applyCorrelatedChain(chain: readonly CorrelatedTerm[]): void {
    // ρ ↦ w_none·ρ + Σ_k w_k·P_k ρ P_k, computed into a scratch copy.
    const w = correlatedChainMixture(chain);
    const d = this.rho.data;
    if (this.chainScratch === undefined || this.chainScratch.length !== d.length)
      this.chainScratch = new Float64Array(d.length);
    const acc = this.chainScratch;
    const none = w[chain.length];
    for (let k = 0; k < d.length; k++) acc[k] = none * d[k];
    const N = 2 ** this.numQubits;
    for (let t = 0; t < chain.length; t++) {
      if (w[t] === 0) continue;
      let x = 0;
      let z = 0;
      for (let j = 0; j < chain[t].qubits.length; j++) {
        const code = chain[t].paulis[j];
        const bit = 1 << chain[t].qubits[j];
        if (code === 1 || code === 2) x ^= bit;
        if (code === 3 || code === 2) z ^= bit;
      }
      // (P ρ P)[r, c] = (−1)^{|(r⊕x)∧z| + |(c⊕x)∧z|}·ρ[r⊕x, c⊕x] (the i's of Y cancel).
      for (let c = 0; c < N; c++) {
        const cs = popcount32((c ^ x) & z) & 1;
        for (let r = 0; r < N; r++) {
          const sign = ((popcount32((r ^ x) & z) & 1) ^ cs) === 0 ? w[t] : -w[t];
          const src = 2 * ((r ^ x) + (c ^ x) * N);
          const dst = 2 * (r + c * N);
          acc[dst] += sign * d[src];
          acc[dst + 1] += sign * d[src + 1];
        }
      }
    }
    d.set(acc);
  }
}

/**
 * A density-matrix simulator for small noisy circuits: every instruction the state-vector simulator
 * accepts, with noise channels applied exactly as Kraus superoperators (no sampling error), and
 * measurements either sampled (mode `sample`) or replaced by dephasing with exact result
 * probabilities (mode `exact`, see {@link DensityMatrixMode}). Memory 16·4^n bytes: default limit
 * 13 qubits (1 GiB), LimitError beyond, raised before allocating. Each 1-qubit gate costs O(4^n).
 */
export class DensityMatrixSimulator {
  readonly state: DensityMatrix;
  readonly mode: DensityMatrixMode;
  private readonly runner: ExactCircuitRunner;

  /**
   * @throws LimitError when numQubits exceeds the limit (nothing allocated); ValidationError for an
   *   unknown mode.
   */
  constructor(numQubits: number, rng: Rng, options: DensityMatrixSimulatorOptions = {}) {
    const mode = options.mode ?? 'sample';
    if (mode !== 'sample' && mode !== 'exact')
      throw new ValidationError(
        `DensityMatrixSimulator: mode must be 'sample' or 'exact', got '${String(mode)}'`,
      );
    this.mode = mode;
    this.state = new DensityMatrix(numQubits, options);
    this.runner = new ExactCircuitRunner(new DensityMatrixBackend(this.state, rng, mode), rng);
  }

  /** Runs a circuit (REPEAT blocks by iteration). */
  run(circuit: Circuit): this {
    this.runner.run(circuit);
    return this;
  }

  /** Back to |0…0⟩⟨0…0| with an empty record. */
  reset(): void {
    this.state.reset();
    this.runner.clearRecord();
  }

  /** Sampled results (mode `sample`), one byte 0/1 each; all zeros in mode `exact`. */
  get measurementRecord(): Uint8Array {
    return this.runner.measurementRecord();
  }
  /**
   * Mode `exact`: the probability that each measurement result is 1 (marginal over all other
   * randomness; flips, inversions and heralds included). Empty in mode `sample`.
   */
  measurementProbabilities(): Float64Array {
    return this.runner.measurementProbabilities();
  }
  /** Detector values (mode `sample` only). */
  get detectors(): Uint8Array {
    return this.runner.detectors();
  }
  /** Observable values (mode `sample` only). */
  observables(numObservables?: number): Uint8Array {
    return this.runner.observables(numObservables);
  }

  /** tr(Pρ); see {@link DensityMatrix.expectation}. */
  expectation(pauli: string | PauliString): number {
    return this.state.expectation(pauli);
  }
  /** Diagonal of ρ. */
  probabilities(): Float64Array {
    return this.state.probabilities();
  }
  /** tr ρ². */
  purity(): number {
    return this.state.purity();
  }
}
