import { LimitError, ValidationError, formatBytes } from '../../base/errors.js';
import type { Complex } from '../../math/complex.js';
import { popcount32 } from '../../mem/bit-table.js';
import type { PauliString } from '../../stabilizer/pauli-string.js';
import { pauliMasks } from '../state-vector/state-vector.js';
import type { StateVector } from '../state-vector/state-vector.js';

/**
 * Default largest number of qubits of a {@link DensityMatrix}: 13 qubits need 4^13 complex doubles =
 * 1 GiB. Raise per instance with `maxQubits` up to {@link HARD_MAX_DENSITY_MATRIX_QUBITS}.
 */
export const DEFAULT_MAX_DENSITY_MATRIX_QUBITS = 13;
/** Absolute cap: 15 qubits = 16 GiB (2^31 doubles, the most one typed array can index here). */
export const HARD_MAX_DENSITY_MATRIX_QUBITS = 15;

/** Bytes of an n-qubit density matrix: 16 bytes per complex entry, 4^n entries. */
export function densityMatrixBytes(numQubits: number): number {
  return 16 * 4 ** numQubits;
}

/** Options of {@link DensityMatrix}. */
export interface DensityMatrixOptions {
  /** Refuse more qubits than this (default {@link DEFAULT_MAX_DENSITY_MATRIX_QUBITS}). */
  maxQubits?: number;
}

/**
 * Checks a qubit count against the limit before allocating.
 * @throws LimitError stating the bytes needed; ValidationError for a non-integer count.
 */
export function checkDensityMatrixSize(
  numQubits: number,
  maxQubits = DEFAULT_MAX_DENSITY_MATRIX_QUBITS,
): void {
  if (!Number.isInteger(numQubits) || numQubits < 0)
    throw new ValidationError(`density matrix: numQubits must be a non-negative integer, got ${numQubits}`, {
      numQubits,
    });
  const cap = Math.min(maxQubits, HARD_MAX_DENSITY_MATRIX_QUBITS);
  if (numQubits > cap) {
    const bytes = densityMatrixBytes(numQubits);
    throw new LimitError(
      `density matrix of ${numQubits} qubits needs ${formatBytes(bytes)} (16 bytes × 4^${numQubits} entries); ` +
        `the limit is ${cap} qubits (${formatBytes(densityMatrixBytes(cap))}). Use the state-vector simulator ` +
        `(quantum trajectories) for larger noisy circuits, or raise maxQubits (at most ${HARD_MAX_DENSITY_MATRIX_QUBITS}).`,
      { numQubits, bytesNeeded: bytes, maxQubits: cap },
    );
  }
}

/**
 * A mixed state ρ of n qubits as 4^n complex entries in one interleaved `Float64Array`, stored as
 * the vectorisation vec(ρ): entry ρ[r, c] (row r, column c) lives at index `r + c·2^n`, i.e. the row
 * bits are "qubits" 0..n−1 and the column bits are "qubits" n..2n−1 of a 2n-qubit vector. Then
 * U ρ U† is U applied to the row qubits and Ū to the column qubits, so the state-vector kernels do
 * all the work, and a Kraus channel is one superoperator Σ K̄ ⊗ K on (row, column) qubit pairs.
 * Qubit order is little-endian as everywhere. Mutable; memory 16·4^n bytes, checked before
 * allocating.
 */
export class DensityMatrix {
  readonly numQubits: number;
  /** vec(ρ), interleaved; see the class comment for the layout. */
  readonly data: Float64Array;

  /**
   * |0…0⟩⟨0…0| on `numQubits` qubits.
   * @throws LimitError (before allocating) beyond the limit.
   */
  constructor(numQubits: number, options: DensityMatrixOptions = {}) {
    checkDensityMatrixSize(numQubits, options.maxQubits);
    this.numQubits = numQubits;
    this.data = new Float64Array(2 * 4 ** numQubits);
    this.data[0] = 1;
  }

  /** |ψ⟩⟨ψ| of a state vector. O(4^n). @throws LimitError beyond the density-matrix limit. */
  static fromStateVector(psi: StateVector, options: DensityMatrixOptions = {}): DensityMatrix {
    const rho = new DensityMatrix(psi.numQubits, options);
    const N = 2 ** psi.numQubits;
    const v = psi.data;
    const d = rho.data;
    for (let c = 0; c < N; c++) {
      const br = v[2 * c];
      const bi = -v[2 * c + 1];
      for (let r = 0; r < N; r++) {
        const k = 2 * (r + c * N);
        d[k] = v[2 * r] * br - v[2 * r + 1] * bi;
        d[k + 1] = v[2 * r] * bi + v[2 * r + 1] * br;
      }
    }
    return rho;
  }

  /** Dimension 2^n. */
  get dimension(): number {
    return 2 ** this.numQubits;
  }

  /** Back to |0…0⟩⟨0…0|. */
  reset(): void {
    this.data.fill(0);
    this.data[0] = 1;
  }

  /** ρ[r, c]. */
  entry(r: number, c: number): Complex {
    const k = 2 * (r + c * this.dimension);
    return { re: this.data[k], im: this.data[k + 1] };
  }

  /** ρ as a row-major interleaved matrix (`src/math/matrix.ts` layout). A new array. */
  toMatrix(): Float64Array {
    const N = this.dimension;
    const out = new Float64Array(2 * N * N);
    for (let r = 0; r < N; r++)
      for (let c = 0; c < N; c++) {
        out[2 * (r * N + c)] = this.data[2 * (r + c * N)];
        out[2 * (r * N + c) + 1] = this.data[2 * (r + c * N) + 1];
      }
    return out;
  }

  /** Diagonal ρ[i, i]: the Z-basis outcome probabilities (a new array of length 2^n). */
  probabilities(): Float64Array {
    const N = this.dimension;
    const out = new Float64Array(N);
    for (let i = 0; i < N; i++) out[i] = this.data[2 * (i + i * N)];
    return out;
  }

  /** tr ρ (1 for a trace-preserving evolution). */
  trace(): number {
    let t = 0;
    const N = this.dimension;
    for (let i = 0; i < N; i++) t += this.data[2 * (i + i * N)];
    return t;
  }

  /** Purity tr ρ² = Σ |ρ[r,c]|² (ρ Hermitian): 1 for pure states, 2^−n for the maximally mixed one. */
  purity(): number {
    let s = 0;
    const d = this.data;
    for (let k = 0; k < d.length; k++) s += d[k] * d[k];
    return s;
  }

  /**
   * tr(P ρ) for a Hermitian Pauli (Stim text `'XZ_'`, sparse `'X0*Z1'` or a PauliString). O(2^n).
   * @throws ValidationError for non-Hermitian Paulis or qubits out of range.
   */
  expectation(pauli: string | PauliString): number {
    const { xMask, zMask, phase } = pauliMasks(pauli, this.numQubits);
    const N = this.dimension;
    const d = this.data;
    // tr(Pρ) = Σ_j P[j⊕x, j]·ρ[j, j⊕x] with P[j⊕x, j] = i^phase·(−1)^{|j∧z|}.
    let sr = 0;
    let si = 0;
    for (let j = 0; j < N; j++) {
      const k = 2 * (j + (j ^ xMask) * N);
      if ((popcount32(j & zMask) & 1) !== 0) {
        sr -= d[k];
        si -= d[k + 1];
      } else {
        sr += d[k];
        si += d[k + 1];
      }
    }
    switch (phase & 3) {
      case 0:
        return sr;
      case 1:
        return -si;
      case 2:
        return -sr;
      default:
        return si;
    }
  }

  /**
   * Partial trace onto `qubits` (bit j of the result's indices is qubits[j]); row-major
   * interleaved 2^k × 2^k. O(4^n).
   * @throws ValidationError for repeated or out-of-range qubits.
   */
  reducedDensityMatrix(qubits: readonly number[]): Float64Array {
    const seen = new Set<number>();
    for (const q of qubits) {
      if (!Number.isInteger(q) || q < 0 || q >= this.numQubits || seen.has(q))
        throw new ValidationError(`reducedDensityMatrix: bad or repeated qubit ${q} (n = ${this.numQubits})`);
      seen.add(q);
    }
    const k = qubits.length;
    const d = 2 ** k;
    const N = this.dimension;
    let mask = 0;
    for (const q of qubits) mask |= 1 << q;
    const out = new Float64Array(2 * d * d);
    const sub = (i: number): number => {
      let a = 0;
      for (let j = 0; j < k; j++) a |= ((i >>> qubits[j]) & 1) << j;
      return a;
    };
    for (let r = 0; r < N; r++)
      for (let c = 0; c < N; c++) {
        if ((r & ~mask) !== (c & ~mask)) continue;
        const o = 2 * (sub(r) * d + sub(c));
        out[o] += this.data[2 * (r + c * N)];
        out[o + 1] += this.data[2 * (r + c * N) + 1];
      }
    return out;
  }

  /** Bloch vector (⟨X⟩, ⟨Y⟩, ⟨Z⟩) of qubit q. */
  blochVector(q: number): [number, number, number] {
    const n = this.numQubits;
    const pad = (c: string): string => {
      const chars = new Array<string>(n).fill('_');
      chars[q] = c;
      return chars.join('');
    };
    return [this.expectation(pad('X')), this.expectation(pad('Y')), this.expectation(pad('Z'))];
  }
}
