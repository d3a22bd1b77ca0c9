import { ValidationError } from '../../base/errors.js';
import type { Rng } from '../../base/prng.js';
import { TARGET_SWEEP, TARGET_VALUE_MASK } from '../../circuit/target.js';
import type { Instruction } from '../../circuit/circuit.js';
import { describeInstruction } from '../../circuit/circuit.js';
import { PauliString } from '../../stabilizer/pauli-string.js';
import { Tableau } from '../../stabilizer/tableau.js';
import { PAULI_X, PAULI_Y, PAULI_Z } from './tableau-ops.js';

/**
 * How a simulator treats randomness:
 * - `sample`: noise channels are sampled and random measurement outcomes drawn from the RNG;
 * - `reference`: noise channels are skipped and every random outcome is 0 (Stim's reference
 *   sample: the +1 eigenstate is chosen), so the run is deterministic and needs no RNG draws.
 * - `symbolic`: as `reference`, but every random outcome is a fresh GF(2) variable and the tableau
 *   signs are affine functions of those variables, so each result, detector and observable is known
 *   exactly as (constant ⊕ Σ variables); used by `checkDeterministic`.
 */
export type TableauMode = 'sample' | 'reference' | 'symbolic';

/** The empty variable vector (symbolic mode): a constant result. */
export const NO_VARS: Uint32Array = new Uint32Array(0);

/**
 * The state of a {@link TableauSimulator}: the inverse tableau C⁻¹ of |ψ⟩ = C|0…0⟩, the
 * measurement/detector/observable records, the random source or symbolic variables, and the
 * state-level operations the instruction handlers are built from: Paulis, collapse and measurement
 * of Z (and of Pauli products), record bits, and peeks. Mutable; not thread-safe.
 */
export class TableauState {
  /** The inverse state tableau C⁻¹ (replaced when the qubit count grows). */
  protected inv: Tableau;
  protected readonly rng: Rng | undefined;
  readonly mode: TableauMode;
  /** Measurement results in order, one 0/1 entry per result (including MPAD and heralds). */
  readonly measurementRecord: number[] = [];
  /** Raw parity (XOR of the referenced results) of every DETECTOR executed, in order. */
  readonly detectorRecord: number[] = [];
  /** Raw accumulated parity of each observable index (OBSERVABLE_INCLUDE). */
  readonly observableRecord: number[] = [];
  protected lastCorrelatedErrorOccurred = false;
  // Scratch of collapseZ (kept as a field: no allocation per shot).
  protected readonly scratchRandom: number[] = [];
  // Symbolic mode only: variable vectors of each result, of each observable, and per detector
  // whether it depends on any variable. `pendingVars` carries the vector of the result being read.
  protected numVars = 0;
  protected pendingVars: Uint32Array = NO_VARS;
  /** (symbolic mode) Variable vector of every measurement result, parallel to measurementRecord. */
  readonly resultVars: Uint32Array[] = [];
  /** (symbolic mode) True for each detector whose value depends on a random outcome. */
  readonly detectorIsRandom: boolean[] = [];
  /** (symbolic mode) Variable vector of each observable. */
  readonly observableVars: Uint32Array[] = [];

  /**
   * @param numQubits initial number of qubits (all |0⟩); grows on demand.
   * @param rng random source for noise and random outcomes; may be omitted in `reference` mode.
   * @param mode see {@link TableauMode}; default `sample`.
   */
  constructor(numQubits: number, rng?: Rng, mode: TableauMode = 'sample') {
    if (mode === 'sample' && rng === undefined)
      throw new ValidationError('TableauSimulator: an Rng is required in sample mode');
    this.inv = new Tableau(numQubits);
    this.rng = rng;
    this.mode = mode;
    if (mode === 'symbolic') this.inv.enableSignVariables(1);
  }

  /** Current number of qubits. */
  get numQubits(): number {
    return this.inv.numQubits;
  }

  /** A copy of the inverse state tableau C⁻¹ (C|0⟩ is the state). */
  inverseStateTableau(): Tableau {
    return this.inv.clone();
  }

  /**
   * The k-th stabilizer generator C·Z_k·C† of the current state |ψ⟩ = C|0…0⟩ (with sign), without
   * inverting the whole tableau. O(n²/32).
   */
  stabilizerGenerator(k: number): PauliString {
    return this.inv.inverseZImage(k);
  }

  /** The state tableau C (images of Z_k are the stabilizer generators). O(n³/32). */
  stateTableau(): Tableau {
    return this.inv.inverse();
  }

  /** Grows the register to at least `numQubits` qubits (new qubits in |0⟩). */
  ensureQubits(numQubits: number): void {
    // Exactly to the size asked: run() sizes the register from the circuit once, so growth
    // during a run (an O(n²) copy) is rare.
    if (numQubits > this.inv.numQubits) this.inv = this.inv.resized(numQubits);
  }

  /** Back to |0…0⟩ with empty records (keeps the register size and caches). */
  reset(): void {
    this.inv = new Tableau(this.inv.numQubits);
    if (this.mode === 'symbolic') this.inv.enableSignVariables(1);
    this.numVars = 0;
    this.resultVars.length = 0;
    this.detectorIsRandom.length = 0;
    this.observableVars.length = 0;
    this.measurementRecord.length = 0;
    this.detectorRecord.length = 0;
    this.observableRecord.length = 0;
    this.lastCorrelatedErrorOccurred = false;
  }

  // ---------------------------------------------------------------------------------------------
  // Unitaries

  /** Applies Pauli p (1 = X, 2 = Y, 3 = Z) to qubit q. */
  applyPauli(q: number, p: number): void {
    if (p === PAULI_X) this.inv.prependX(q);
    else if (p === PAULI_Y) this.inv.prependY(q);
    else if (p === PAULI_Z) this.inv.prependZ(q);
  }

  /** Applies a Clifford given by its tableau (gate action, not inverse) to `qubits`. */
  applyTableau(gateTableau: Tableau, qubits: readonly number[]): void {
    this.inv.prepend(gateTableau.inverse(), qubits);
  }

  /** (symbolic) vars(row X_q or Z_q) ^= v. */
  protected xorSignVars(xRow: boolean, q: number, v: Uint32Array): void {
    const inv = this.inv;
    const t = (xRow ? inv.xVars : inv.zVars) as Uint32Array;
    const vs = inv.varStride;
    const n = Math.min(vs, v.length);
    for (let w = 0; w < n; w++) t[q * vs + w] ^= v[w];
  }

  /** (symbolic) A copy of the variable vector of row Z_q's sign. */
  protected zRowVars(q: number): Uint32Array {
    const vs = this.inv.varStride;
    const row = (this.inv.zVars as Uint32Array).subarray(q * vs, (q + 1) * vs);
    return isZeroVector(row) ? NO_VARS : row.slice();
  }

  /** (symbolic) Clears the variable vector of row Z_q (after a reset the sign is constant). */
  protected clearZRowVars(q: number): void {
    const vs = this.inv.varStride;
    (this.inv.zVars as Uint32Array).fill(0, q * vs, (q + 1) * vs);
  }

  // ---------------------------------------------------------------------------------------------
  // Measurements and resets

  /**
   * Measures Z on qubit q (no noise, no record entry) and returns the outcome 0/1, collapsing the
   * state. Random outcomes come from the RNG (0 in reference mode).
   */
  measureZ(q: number): number {
    this.ensureQubits(q + 1);
    if (!this.inv.zImageIsZType(q)) {
      this.inv.transposeQuadrants();
      this.collapseZTransposed(q);
      this.inv.transposeQuadrants();
    }
    if (this.mode === 'symbolic') this.pendingVars = this.zRowVars(q);
    return this.inv.signBit(this.inv.zSigns, q);
  }

  /** Changes basis so that measuring Z measures `basis` (0 = Z, 1 = X, 2 = Y); self-inverse. */
  protected basisChange(q: number, basis: number): void {
    if (basis === 1) this.inv.prependH(q);
    else if (basis === 2) this.inv.prependHYZ(q);
  }

  /**
   * Collapses every listed qubit's Z observable (one transpose for all random ones), so that
   * afterwards each is deterministic. Order of collapse follows the list.
   */
  protected collapseZ(qubits: readonly number[]): void {
    const rand = this.scratchRandom;
    rand.length = 0;
    for (let i = 0; i < qubits.length; i++) if (!this.inv.zImageIsZType(qubits[i])) rand.push(qubits[i]);
    if (rand.length === 0) return;
    this.inv.transposeQuadrants();
    for (let i = 0; i < rand.length; i++) this.collapseZTransposed(rand[i]);
    this.inv.transposeQuadrants();
  }

  /**
   * (Tableau transposed.) If Z_q is random, picks its outcome and rewrites C⁻¹ into the
   * post-measurement state. With R = C⁻¹(Z_q) having an X part on qubits K, pivot p ∈ K:
   * appending CX(p→k) for k ∈ K∖p and CZ(p,k) for the remaining Z part of R (gates that fix |0…0⟩,
   * so C|0⟩ is unchanged) leaves R = ±X_p or ±Y_p; S turns Y into X. Then ψ ∝ C(I ± X_p)|0⟩ after
   * projecting, i.e. the new state is C·H_p·X_p^b|0⟩: appending H_p (and X_p to choose the sign)
   * gives R = ±Z_p with the chosen outcome.
   */
  protected collapseZTransposed(q: number): void {
    const inv = this.inv;
    const n = inv.numQubits;
    const s = inv.stride;
    const word = q >>> 5;
    const bit = q & 31;
    let pivot = -1;
    for (let j = 0; j < n; j++)
      if (((inv.zx[j * s + word] >>> bit) & 1) !== 0) {
        pivot = j;
        break;
      }
    if (pivot < 0) return; // became deterministic through an earlier collapse
    for (let j = pivot + 1; j < n; j++)
      if (((inv.zx[j * s + word] >>> bit) & 1) !== 0) inv.tAppendCX(pivot, j);
    for (let j = 0; j < n; j++)
      if (j !== pivot && ((inv.zz[j * s + word] >>> bit) & 1) !== 0) inv.tAppendCZ(pivot, j);
    if (((inv.zz[pivot * s + word] >>> bit) & 1) !== 0) inv.tAppendS(pivot);
    inv.tAppendH(pivot);
    if (this.mode === 'symbolic') {
      this.symbolicOutcome(q, pivot);
      return;
    }
    const outcome = this.mode === 'sample' ? (this.rng as Rng).nextU32() & 1 : 0;
    if (((inv.zSigns[word] >>> bit) & 1) !== outcome) inv.tAppendX(pivot);
  }

  /**
   * (symbolic, transposed) The outcome of the collapse of Z_q (R = ±Z_pivot now) becomes a new
   * variable c: apply X_pivot conditioned on (sign(R) ⊕ c), which flips the sign of every image with
   * a Z or Y at the pivot by that affine function; R's sign becomes exactly c.
   */
  protected symbolicOutcome(q: number, pivot: number): void {
    const inv = this.inv;
    if (this.numVars >= inv.varStride * 32) inv.growSignVariables(2 * inv.varStride);
    const c = this.numVars++;
    const vs = inv.varStride;
    const xv = inv.xVars as Uint32Array;
    const zv = inv.zVars as Uint32Array;
    const cond = zv.slice(q * vs, (q + 1) * vs);
    cond[c >>> 5] ^= 1 << (c & 31);
    if (((inv.zSigns[q >>> 5] >>> (q & 31)) & 1) !== 0) inv.tAppendX(pivot);
    const s = inv.stride;
    const n = inv.numQubits;
    const o = pivot * s;
    for (let g = 0; g < n; g++) {
      const w = o + (g >>> 5);
      const m = 1 << (g & 31);
      if ((inv.xz[w] & m) !== 0) for (let k = 0; k < vs; k++) xv[g * vs + k] ^= cond[k];
      if ((inv.zz[w] & m) !== 0) for (let k = 0; k < vs; k++) zv[g * vs + k] ^= cond[k];
    }
  }

  /** Appends a result; in symbolic mode with the vector left in `pendingVars` by the reader. */
  protected pushResult(r: number, flipP: number): void {
    if (flipP > 0 && this.mode === 'sample' && (this.rng as Rng).nextFloat() < flipP) r ^= 1;
    this.measurementRecord.push(r & 1);
    if (this.mode === 'symbolic') {
      this.resultVars.push(this.pendingVars);
      this.pendingVars = NO_VARS;
    }
  }

  /**
   * Measures the product of single-qubit Paulis (distinct qubits) and returns 0/1 (no record entry):
   * basis change to Z, fold the parity onto the first qubit with CX, measure, unfold.
   */
  protected measurePauliProduct(qs: readonly number[], ps: readonly number[]): number {
    this.toZProduct(qs, ps);
    const r = this.measureZ(qs[0]);
    this.fromZProduct(qs, ps);
    return r;
  }

  /** Applies basis changes and CX folds so that Z on qs[0] equals the product (before). */
  protected toZProduct(qs: readonly number[], ps: readonly number[]): void {
    for (let i = 0; i < qs.length; i++) {
      if (ps[i] === PAULI_X) this.inv.prependH(qs[i]);
      else if (ps[i] === PAULI_Y) this.inv.prependHYZ(qs[i]);
    }
    for (let i = 1; i < qs.length; i++) this.inv.prependCX(qs[i], qs[0]);
  }

  protected fromZProduct(qs: readonly number[], ps: readonly number[]): void {
    for (let i = qs.length - 1; i >= 1; i--) this.inv.prependCX(qs[i], qs[0]);
    for (let i = 0; i < qs.length; i++) {
      if (ps[i] === PAULI_X) this.inv.prependH(qs[i]);
      else if (ps[i] === PAULI_Y) this.inv.prependHYZ(qs[i]);
    }
  }

  protected bitValue(tg: number, inst: Instruction): number {
    if ((tg & TARGET_SWEEP) !== 0) return 0;
    const k = tg & TARGET_VALUE_MASK;
    const n = this.measurementRecord.length;
    if (k < 1 || k > n)
      throw new ValidationError(
        `${describeInstruction(inst)}: rec[-${k}] looks back further than the ${n} measurements so far`,
        { lookback: k, numMeasurements: n },
      );
    return this.measurementRecord[n - k];
  }

  protected q(t: number): number {
    const q = t & TARGET_VALUE_MASK;
    if (q >= this.inv.numQubits) this.ensureQubits(q + 1);
    return q;
  }

  // ---------------------------------------------------------------------------------------------
  // Peeking (no collapse, no RNG)

  /**
   * The expectation ⟨ψ|P|ψ⟩ of a Hermitian Pauli string: +1, −1 (P or −P stabilizes the state)
   * or 0. O(weight(P) · n/32). Does not change the state.
   */
  peekObservableExpectation(p: PauliString): number {
    if (!p.isHermitian)
      throw new ValidationError(`peekObservableExpectation: ${p.toString()} is not Hermitian`);
    this.ensureQubits(p.numQubits);
    const img = this.inv.call(p.numQubits === this.inv.numQubits ? p : p.resized(this.inv.numQubits));
    // ⟨0|C⁻¹(P)|0⟩ is nonzero only for Z-type images.
    for (let w = 0; w < img.xs.length; w++) if (img.xs[w] !== 0) return 0;
    return img.phase === 0 ? 1 : -1;
  }

  /**
   * The Bloch vector of qubit q as a single-qubit Pauli: `+X`, `-X`, `+Y`, `-Y`, `+Z`, `-Z` when
   * the qubit is in that eigenstate, or `+_` (identity) when it is entangled/mixed.
   */
  peekBloch(q: number): PauliString {
    this.ensureQubits(q + 1);
    const n = this.inv.numQubits;
    const probe = new PauliString(n);
    for (const [x, z] of [
      [1, 0],
      [1, 1],
      [0, 1],
    ]) {
      probe.xs.fill(0);
      probe.zs.fill(0);
      probe.setPauli(q, x, z);
      const e = this.peekObservableExpectation(probe);
      if (e !== 0) {
        const out = new PauliString(1);
        out.setPauli(0, x, z);
        out.phase = e === 1 ? 0 : 2;
        return out;
      }
    }
    return new PauliString(1);
  }
}

/** True when every word of a variable vector is 0. */
export function isZeroVector(v: Uint32Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}

/** a ⊕ b as a new vector (lengths may differ; missing words are 0). */
export function xorVectors(a: Uint32Array, b: Uint32Array): Uint32Array {
  if (b.length === 0) return a;
  if (a.length === 0) return b.slice();
  const out = new Uint32Array(Math.max(a.length, b.length));
  out.set(a);
  for (let i = 0; i < b.length; i++) out[i] ^= b[i];
  return out;
}
