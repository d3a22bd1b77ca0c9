import { LimitError, ValidationError, formatBytes } from '../../base/errors.js';
import type { Complex } from '../../math/complex.js';
import { hermitianEigenvalues, vonNeumannEntropyBits } from '../../math/matrix.js';
import { PauliString } from '../../stabilizer/pauli-string.js';
import { popcount32 } from '../../mem/bit-table.js';
import { apply1, applyH, applyDiag1, dimOf, parityProbability, projectParity } from './kernels.js';

/**
 * Default largest number of qubits a {@link StateVector} may hold: 28 qubits need 2^28 complex
 * doubles = 4 GiB, which leaves a 24 GiB machine room for the density-matrix-free queries, a clone
 * and the rest of the process. Raise it per instance with `maxQubits` (up to
 * {@link HARD_MAX_STATE_VECTOR_QUBITS}).
 */
export const DEFAULT_MAX_STATE_VECTOR_QUBITS = 28;
/**
 * Absolute cap: 30 qubits = 16 GiB in one `Float64Array` of 2^31 doubles; beyond that JavaScript
 * typed arrays cannot index the buffer (and the bit tricks of the kernels assume indices < 2^31).
 */
export const HARD_MAX_STATE_VECTOR_QUBITS = 30;
/** Default largest subsystem (the smaller side of the cut) for {@link StateVector.entanglementEntropy}. */
export const DEFAULT_MAX_ENTROPY_QUBITS = 9;

/** Bytes of a state vector of `numQubits` qubits: 16 bytes (two doubles) per amplitude. */
export function stateVectorBytes(numQubits: number): number {
  return 16 * 2 ** numQubits;
}

/** Options of {@link StateVector}. */
export interface StateVectorOptions {
  /** Refuse more qubits than this (default {@link DEFAULT_MAX_STATE_VECTOR_QUBITS}). */
  maxQubits?: number;
}

/**
 * Checks a qubit count against the limit before anything is allocated.
 * @throws LimitError stating the bytes needed; ValidationError for a non-integer count.
 */
export function checkStateVectorSize(numQubits: number, maxQubits = DEFAULT_MAX_STATE_VECTOR_QUBITS): void {
  if (!Number.isInteger(numQubits) || numQubits < 0)
    throw new ValidationError(`state vector: numQubits must be a non-negative integer, got ${numQubits}`, {
      numQubits,
    });
  const cap = Math.min(maxQubits, HARD_MAX_STATE_VECTOR_QUBITS);
  if (numQubits > cap) {
    const bytes = stateVectorBytes(numQubits);
    throw new LimitError(
      `state vector of ${numQubits} qubits needs ${formatBytes(bytes)} (16 bytes × 2^${numQubits} amplitudes); ` +
        `the limit is ${cap} qubits (${formatBytes(stateVectorBytes(cap))}). Use a stabilizer simulator for ` +
        `Clifford circuits, or raise maxQubits (at most ${HARD_MAX_STATE_VECTOR_QUBITS}) if the memory is there.`,
      { numQubits, bytesNeeded: bytes, maxQubits: cap },
    );
  }
}

/** A Pauli operator in mask form for the kernels: X/Z bit masks over qubits and the power of i. */
export interface PauliMasks {
  readonly xMask: number;
  readonly zMask: number;
  /** Power of i multiplying the product of Hermitian factors, counting each Y as i·X·Z (mod 4). */
  readonly phase: number;
}

/**
 * Converts a Pauli (Stim text `'+XZ_Y'`, sparse `'X0*Z3'`, or a {@link PauliString}) into masks for
 * an n-qubit register. For the basis action used here, P|j⟩ = i^phase·(−1)^{|j ∧ z|}·|j ⊕ x⟩ where
 * phase adds one for each Y (Y = i·X·Z).
 * @throws ValidationError when the Pauli acts on a qubit ≥ numQubits or is not Hermitian.
 */
export function pauliMasks(pauli: string | PauliString, numQubits: number): PauliMasks {
  const p = typeof pauli === 'string' ? PauliString.parse(pauli) : pauli;
  if (!p.isHermitian)
    throw new ValidationError(`expectation: Pauli '${p.toString()}' has an imaginary sign; use + or -`, {
      pauli: p.toString(),
    });
  let xMask = 0;
  let zMask = 0;
  let phase = p.phase;
  for (let k = 0; k < p.numQubits; k++) {
    const x = p.xBit(k);
    const z = p.zBit(k);
    if ((x | z) === 0) continue;
    if (k >= numQubits)
      throw new ValidationError(
        `Pauli '${p.toString()}' acts on qubit ${k}, but the state has ${numQubits} qubit(s)`,
        { pauli: p.toString(), numQubits },
      );
    if (x) xMask |= 1 << k;
    if (z) zMask |= 1 << k;
    if (x && z) phase++;
  }
  return { xMask, zMask, phase: phase & 3 };
}

/**
 * A pure state of n qubits as 2^n complex amplitudes in one interleaved `Float64Array`
 * (`data[2i]`, `data[2i+1]` = Re, Im of ⟨i|ψ⟩; qubit q is bit q of i, little-endian). Mutable: the
 * gate methods act in place (kernels in `kernels.ts`). Memory 16·2^n bytes, checked against
 * `maxQubits` before allocating. Queries (expectation, reduced density matrix, entropy, Bloch
 * vector) never modify the state.
 */
export class StateVector {
  readonly numQubits: number;
  /** Interleaved amplitudes, length 2·2^numQubits. Owned; read freely, write with care. */
  readonly data: Float64Array;

  /**
   * |0…0⟩ on `numQubits` qubits.
   * @throws LimitError (before allocating) when numQubits exceeds the limit.
   */
  constructor(numQubits: number, options: StateVectorOptions = {}) {
    checkStateVectorSize(numQubits, options.maxQubits);
    this.numQubits = numQubits;
    this.data = new Float64Array(2 * dimOf(numQubits));
    this.data[0] = 1;
  }

  /**
   * A state from interleaved amplitudes (copied; length must be 2·2^n). Not normalised for you.
   * @throws ValidationError when the length is not a power of two times two.
   */
  static fromAmplitudes(
    amplitudes: Float64Array | readonly number[],
    options: StateVectorOptions = {},
  ): StateVector {
    const n = Math.round(Math.log2(amplitudes.length / 2));
    if (amplitudes.length < 2 || 2 * 2 ** n !== amplitudes.length)
      throw new ValidationError(
        `StateVector.fromAmplitudes: length ${amplitudes.length} is not 2·2^n (interleaved re, im)`,
      );
    const s = new StateVector(n, options);
    s.data.set(amplitudes);
    return s;
  }

  /** Number of amplitudes, 2^numQubits. */
  get dimension(): number {
    return dimOf(this.numQubits);
  }

  /** Back to |0…0⟩. O(2^n). */
  reset(): void {
    this.data.fill(0);
    this.data[0] = 1;
  }

  /** An independent copy (same limit checks as the constructor). */
  clone(): StateVector {
    const s = new StateVector(this.numQubits, { maxQubits: HARD_MAX_STATE_VECTOR_QUBITS });
    s.data.set(this.data);
    return s;
  }

  /** ⟨i|ψ⟩ for basis index i (bit q = qubit q). */
  amplitude(i: number): Complex {
    return { re: this.data[2 * i], im: this.data[2 * i + 1] };
  }

  /** |⟨i|ψ⟩|² for every basis index, a new array of length 2^n. */
  probabilities(): Float64Array {
    const n = this.dimension;
    const out = new Float64Array(n);
    const d = this.data;
    for (let i = 0; i < n; i++) out[i] = d[2 * i] * d[2 * i] + d[2 * i + 1] * d[2 * i + 1];
    return out;
  }

  /** ⟨ψ|ψ⟩ (1 for a normalised state). */
  norm2(): number {
    let s = 0;
    const d = this.data;
    for (let k = 0; k < d.length; k++) s += d[k] * d[k];
    return s;
  }

  /** Rescales to norm 1. @throws ValidationError for the zero vector. */
  normalize(): void {
    const n2 = this.norm2();
    if (!(n2 > 0)) throw new ValidationError('StateVector.normalize: the zero vector cannot be normalised');
    const s = 1 / Math.sqrt(n2);
    for (let k = 0; k < this.data.length; k++) this.data[k] *= s;
  }

  /** Applies a 2 × 2 matrix (interleaved, 8 doubles) to qubit q. Mutates. */
  apply1(q: number, m: Float64Array): void {
    apply1(this.data, this.numQubits, q, m);
  }

  /** Probability that measuring qubit q in Z gives 1. O(2^n / 2) reads. */
  probabilityOne(q: number): number {
    return parityProbability(this.data, this.numQubits, 2 ** q);
  }

  /**
   * Probability that the Z-parity of the qubits in `mask` (bit q = qubit q) is odd, i.e. that
   * measuring Z⊗…⊗Z on them gives −1.
   */
  parityProbabilityOne(mask: number): number {
    return parityProbability(this.data, this.numQubits, mask);
  }

  /**
   * Projects onto Z-parity `outcome` of the qubits in `mask` and renormalises using `probability`
   * (the probability of that outcome; computed when omitted). Mutates.
   * @throws ValidationError when the outcome has probability 0.
   */
  collapseParity(mask: number, outcome: number, probability?: number): void {
    const p =
      probability ?? (outcome === 1 ? this.parityProbabilityOne(mask) : 1 - this.parityProbabilityOne(mask));
    if (!(p > 0))
      throw new ValidationError(`StateVector.collapse: outcome ${outcome} has probability 0 (mask ${mask})`);
    projectParity(this.data, this.numQubits, mask, outcome, 1 / Math.sqrt(p));
  }

  /**
   * Measures qubit q in the Z basis: samples the outcome with Born probabilities from `u` (a
   * uniform number in [0, 1)), collapses and renormalises. Returns 0 or 1. Mutates.
   */
  measureZ(q: number, u: number): number {
    const p1 = this.probabilityOne(q);
    const outcome = u < p1 ? 1 : 0;
    projectParity(this.data, this.numQubits, 2 ** q, outcome, 1 / Math.sqrt(outcome === 1 ? p1 : 1 - p1));
    return outcome;
  }

  /**
   * ⟨ψ|P|ψ⟩ for a Hermitian Pauli P given as Stim text (`'XZI'`, `'-Y_Z'`; character k is qubit k),
   * sparse text (`'+X0*Z1'`) or a {@link PauliString}. A real number in [−1, 1] for a normalised
   * state. O(2^n).
   * @throws ValidationError for a non-Hermitian Pauli or a qubit out of range.
   */
  expectation(pauli: string | PauliString): number {
    const { xMask, zMask, phase } = pauliMasks(pauli, this.numQubits);
    return pauliExpectation(this.data, this.numQubits, xMask, zMask, phase);
  }

  /**
   * The reduced density matrix of `qubits` (trace over the others): a 2^k × 2^k interleaved
   * row-major matrix (`src/math/matrix.ts`) where bit j of a row/column index is qubits[j].
   * O(2^n · 2^k) time, O(4^k) memory.
   * @throws ValidationError for repeated or out-of-range qubits; LimitError for k > 14.
   */
  reducedDensityMatrix(qubits: readonly number[]): Float64Array {
    checkSubset(qubits, this.numQubits);
    if (qubits.length > 14)
      throw new LimitError(
        `reducedDensityMatrix: ${qubits.length} qubits would need a ${formatBytes(16 * 4 ** qubits.length)} matrix; ` +
          `the limit is 14 qubits`,
        { numQubits: qubits.length },
      );
    return reducedDensityMatrixOf(this.data, this.numQubits, qubits);
  }

  /**
   * Von Neumann entropy S(ρ_A) = −tr ρ_A log₂ ρ_A in bits of the subsystem `subsetQubits`, i.e.
   * the entanglement entropy across the cut (A, rest) of this pure state. Uses the smaller side
   * (S(A) = S(complement) for pure states), its reduced density matrix and the Jacobi eigenvalues of
   * `src/math/matrix.ts`; cost O(2^n·2^m + 8^m) for m = min(|A|, n − |A|).
   * @throws LimitError when m exceeds `maxQubits` (default {@link DEFAULT_MAX_ENTROPY_QUBITS}; the
   *   Jacobi method takes seconds at 2^9 and minutes beyond 2^10).
   */
  entanglementEntropy(subsetQubits: readonly number[], maxQubits = DEFAULT_MAX_ENTROPY_QUBITS): number {
    checkSubset(subsetQubits, this.numQubits);
    let side = subsetQubits;
    if (subsetQubits.length * 2 > this.numQubits) {
      const inA = new Set(subsetQubits);
      const rest: number[] = [];
      for (let q = 0; q < this.numQubits; q++) if (!inA.has(q)) rest.push(q);
      side = rest;
    }
    if (side.length === 0) return 0;
    if (side.length > maxQubits)
      throw new LimitError(
        `entanglementEntropy: the smaller side of the cut has ${side.length} qubits; the limit is ${maxQubits} ` +
          `(dense eigenvalues of a 2^${side.length}-dimensional matrix); pass a larger maxQubits to allow it`,
        { sideQubits: side.length, maxQubits },
      );
    const rho = reducedDensityMatrixOf(this.data, this.numQubits, side);
    return vonNeumannEntropyBits(hermitianEigenvalues(rho), 1e-12);
  }

  /**
   * Bloch vector (⟨X⟩, ⟨Y⟩, ⟨Z⟩) of qubit q (its reduced state ρ = (I + xX + yY + zZ)/2). Length 1
   * for a pure unentangled qubit, shorter when it is entangled with the rest.
   */
  blochVector(q: number): [number, number, number] {
    const r = this.reducedDensityMatrix([q]);
    // ρ01 = (x − iy)/2, ρ00 − ρ11 = z.
    return [2 * r[2], -2 * r[3], r[0] - r[6]];
  }

  /** Applies H to qubit q. Mutates. */
  applyH(q: number): void {
    applyH(this.data, this.numQubits, q);
  }

  /** Applies diag(1, e^{iθ}) to qubit q. Mutates. */
  applyPhase(q: number, theta: number): void {
    applyDiag1(this.data, this.numQubits, q, 1, 0, Math.cos(theta), Math.sin(theta));
  }
}

/** ⟨ψ|P|ψ⟩ for P given by masks (see {@link pauliMasks}) on raw interleaved amplitudes. O(2^n). */
export function pauliExpectation(
  data: Float64Array,
  numQubits: number,
  xMask: number,
  zMask: number,
  phase: number,
): number {
  const n = dimOf(numQubits);
  // Σ_j conj(ψ_{j⊕x}) · (−1)^{|j∧z|} · ψ_j, then multiply by i^phase and take the real part.
  let sr = 0;
  let si = 0;
  for (let j = 0; j < n; j++) {
    const k = j ^ xMask;
    const ar = data[2 * k];
    const ai = -data[2 * k + 1];
    const br = data[2 * j];
    const bi = data[2 * j + 1];
    let pr = ar * br - ai * bi;
    let pi = ar * bi + ai * br;
    if ((popcount32(j & zMask) & 1) !== 0) {
      pr = -pr;
      pi = -pi;
    }
    sr += pr;
    si += pi;
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

/** Reduced density matrix of `qubits` from raw amplitudes (no checks). See {@link StateVector.reducedDensityMatrix}. */
export function reducedDensityMatrixOf(
  data: Float64Array,
  numQubits: number,
  qubits: readonly number[],
): Float64Array {
  const k = qubits.length;
  const d = 2 ** k;
  const out = new Float64Array(2 * d * d);
  const offsets = new Float64Array(d);
  for (let a = 0; a < d; a++) {
    let o = 0;
    for (let j = 0; j < k; j++) if (((a >>> j) & 1) !== 0) o += 2 ** qubits[j];
    offsets[a] = o;
  }
  const masks = [...qubits].sort((x, y) => x - y).map((t) => 2 ** t - 1);
  const v = new Float64Array(2 * d);
  const groups = dimOf(numQubits) / d;
  for (let g = 0; g < groups; g++) {
    let b = g;
    for (let j = 0; j < k; j++) b = (b & masks[j]) + (b - (b & masks[j])) * 2;
    let any = false;
    for (let a = 0; a < d; a++) {
      const i = 2 * (b + offsets[a]);
      v[2 * a] = data[i];
      v[2 * a + 1] = data[i + 1];
      if (data[i] !== 0 || data[i + 1] !== 0) any = true;
    }
    if (!any) continue;
    // ρ[a, a'] += v[a] · conj(v[a']).
    for (let a = 0; a < d; a++) {
      const xr = v[2 * a];
      const xi = v[2 * a + 1];
      if (xr === 0 && xi === 0) continue;
      const row = 2 * a * d;
      for (let c = 0; c < d; c++) {
        const yr = v[2 * c];
        const yi = -v[2 * c + 1];
        out[row + 2 * c] += xr * yr - xi * yi;
        out[row + 2 * c + 1] += xr * yi + xi * yr;
      }
    }
  }
  return out;
}

function checkSubset(qubits: readonly number[], numQubits: number): void {
  const seen = new Set<number>();
  for (const q of qubits) {
    if (!Number.isInteger(q) || q < 0 || q >= numQubits)
      throw new ValidationError(`qubit ${q} is out of range for a ${numQubits}-qubit state`, {
        qubit: q,
        numQubits,
      });
    if (seen.has(q)) throw new ValidationError(`qubit ${q} is listed twice`, { qubit: q });
    seen.add(q);
  }
}
