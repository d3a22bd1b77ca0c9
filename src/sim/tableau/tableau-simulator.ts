import { UnsupportedError, ValidationError } from '../../base/errors.js';
import { checkAllocation } from '../../base/limits.js';
import type { Rng } from '../../base/prng.js';
import type { Circuit, Instruction } from '../../circuit/circuit.js';
import { checkRunLength, describeInstruction } from '../../circuit/circuit.js';
import {
  TARGET_COMBINER,
  TARGET_INVERTED,
  TARGET_PAULI_X,
  TARGET_PAULI_Z,
  TARGET_RECORD,
  TARGET_SWEEP,
  TARGET_VALUE_MASK,
} from '../../circuit/target.js';
import type { Gate } from '../../gates/gate.js';
import { GATE_FLAGS } from '../../gates/gate.js';
import { BitTable } from '../../mem/bit-table.js';
import { PauliString } from '../../stabilizer/pauli-string.js';
import { Tableau } from '../../stabilizer/tableau.js';
import type { PrependRecipe } from '../../stabilizer/tableau.js';
import type { ShotResults } from '../shot-results.js';

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

const NO_VARS: Uint32Array = new Uint32Array(0);

// Opcodes: dispatch by a small integer derived once per gate from its canonical name (cached by
// gate id), so the hot loop is a switch over integers.
const OP = {
  UNKNOWN: 0,
  NOP: 1,
  X: 2,
  Y: 3,
  Z: 4,
  H: 5,
  S: 6,
  S_DAG: 7,
  CX: 8,
  CZ: 9,
  SWAP: 10,
  H_YZ: 11,
  GENERIC: 12,
  M: 13,
  MX: 14,
  MY: 15,
  MR: 16,
  MRX: 17,
  MRY: 18,
  R: 19,
  RX: 20,
  RY: 21,
  MPP: 22,
  MXX: 23,
  MYY: 24,
  MZZ: 25,
  SPP: 26,
  SPP_DAG: 27,
  X_ERROR: 28,
  Y_ERROR: 29,
  Z_ERROR: 30,
  DEPOLARIZE1: 31,
  DEPOLARIZE2: 32,
  PAULI_CHANNEL_1: 33,
  PAULI_CHANNEL_2: 34,
  E: 35,
  ELSE_CORRELATED_ERROR: 36,
  HERALDED_ERASE: 37,
  HERALDED_PAULI_CHANNEL_1: 38,
  MPAD: 39,
  DETECTOR: 40,
  OBSERVABLE_INCLUDE: 41,
  CY: 42,
  XCZ: 43,
  YCZ: 44,
} as const;

const OP_BY_NAME: Readonly<Record<string, number>> = {
  I: OP.NOP,
  II: OP.NOP,
  I_ERROR: OP.NOP,
  II_ERROR: OP.NOP,
  TICK: OP.NOP,
  QUBIT_COORDS: OP.NOP,
  SHIFT_COORDS: OP.NOP,
  X: OP.X,
  Y: OP.Y,
  Z: OP.Z,
  H: OP.H,
  H_XZ: OP.H,
  S: OP.S,
  SQRT_Z: OP.S,
  S_DAG: OP.S_DAG,
  SQRT_Z_DAG: OP.S_DAG,
  CX: OP.CX,
  CNOT: OP.CX,
  ZCX: OP.CX,
  CZ: OP.CZ,
  ZCZ: OP.CZ,
  CY: OP.CY,
  ZCY: OP.CY,
  XCZ: OP.XCZ,
  YCZ: OP.YCZ,
  SWAP: OP.SWAP,
  H_YZ: OP.H_YZ,
  M: OP.M,
  MZ: OP.M,
  MX: OP.MX,
  MY: OP.MY,
  MR: OP.MR,
  MRZ: OP.MR,
  MRX: OP.MRX,
  MRY: OP.MRY,
  R: OP.R,
  RZ: OP.R,
  RX: OP.RX,
  RY: OP.RY,
  MPP: OP.MPP,
  MXX: OP.MXX,
  MYY: OP.MYY,
  MZZ: OP.MZZ,
  SPP: OP.SPP,
  SPP_DAG: OP.SPP_DAG,
  X_ERROR: OP.X_ERROR,
  Y_ERROR: OP.Y_ERROR,
  Z_ERROR: OP.Z_ERROR,
  DEPOLARIZE1: OP.DEPOLARIZE1,
  DEPOLARIZE2: OP.DEPOLARIZE2,
  PAULI_CHANNEL_1: OP.PAULI_CHANNEL_1,
  PAULI_CHANNEL_2: OP.PAULI_CHANNEL_2,
  E: OP.E,
  CORRELATED_ERROR: OP.E,
  ELSE_CORRELATED_ERROR: OP.ELSE_CORRELATED_ERROR,
  HERALDED_ERASE: OP.HERALDED_ERASE,
  HERALDED_PAULI_CHANNEL_1: OP.HERALDED_PAULI_CHANNEL_1,
  MPAD: OP.MPAD,
  DETECTOR: OP.DETECTOR,
  OBSERVABLE_INCLUDE: OP.OBSERVABLE_INCLUDE,
};

/** Pauli codes used below: 0 = I, 1 = X, 2 = Y, 3 = Z. */
const PAULI_X = 1;
const PAULI_Y = 2;
const PAULI_Z = 3;

const BIT_TARGET = TARGET_RECORD | TARGET_SWEEP;

/**
 * A stabilizer-state simulator in Stim's style: the state |ψ⟩ = C|0…0⟩ is kept as the *inverse*
 * tableau C⁻¹ (Aaronson & Gottesman, PRA 70, 052328 (2004); Gidney, "Stim: a fast stabilizer circuit
 * simulator", Quantum 5, 497 (2021)). Then
 * - applying a gate U is prepending U† to C⁻¹ (row operations on U's qubits, O(n/32) words);
 * - Z_q is deterministic iff C⁻¹(Z_q) has no X part (one row scan, O(n/32)), and its value is the
 *   sign of that row;
 * - a random Z_q measurement is collapsed with column operations (CX/CZ/S/H/X appended to C⁻¹,
 *   which change the representation but not the state, then H and X select the outcome), done
 *   word-parallel after transposing the tableau once per measurement instruction.
 *
 * Bit-packed: memory 4·n·⌈n/128⌉·16 bytes (1000 qubits: 0.5 MB). Qubits are added on demand.
 * REPEAT blocks are executed by iteration, never unrolled. Mutable; not thread-safe.
 */
export class TableauSimulator {
  /** The inverse state tableau C⁻¹ (replaced when the qubit count grows). */
  private inv: Tableau;
  private readonly rng: Rng | undefined;
  readonly mode: TableauMode;
  /** Measurement results in order, one 0/1 entry per result (including MPAD and heralds). */
  readonly measurementRecord: number[] = [];
  /** Raw parity (XOR of the referenced results) of every DETECTOR executed, in order. */
  readonly detectorRecord: number[] = [];
  /** Raw accumulated parity of each observable index (OBSERVABLE_INCLUDE). */
  readonly observableRecord: number[] = [];
  private lastCorrelatedErrorOccurred = false;
  private readonly opCache: number[] = [];
  private readonly inverseGateCache: ({ tableau: Tableau; recipe: PrependRecipe } | undefined)[] = [];
  // Scratch for measurement instructions (kept as fields: no allocation per shot).
  private readonly scratchQubits: number[] = [];
  private readonly scratchRandom: number[] = [];
  private readonly scratchSeen = new Set<number>();
  // Symbolic mode only: variable vectors of each result, of each observable, and per detector
  // whether it depends on any variable. `pendingVars` carries the vector of the result being read.
  private numVars = 0;
  private pendingVars: Uint32Array = NO_VARS;
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

  /**
   * Runs a circuit (REPEAT blocks by iteration). Appends to the records.
   * @throws UnsupportedError for non-Clifford gates and non-Pauli channels (use the state-vector
   *   simulator), ValidationError for malformed instructions.
   */
  run(circuit: Circuit): void {
    this.ensureQubits(circuit.numQubits);
    this.runItems(circuit);
  }

  private runItems(circuit: Circuit): void {
    const items = circuit.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item.kind === 'instruction') this.runInstruction(item);
      else for (let r = 0; r < item.repetitions; r++) this.runItems(item.body);
    }
  }

  /** Executes one instruction (see {@link TableauSimulator.run}). */
  runInstruction(inst: Instruction): void {
    const gate = inst.gate;
    let op = this.opCache[gate.id];
    if (op === undefined) {
      op = classify(gate);
      this.opCache[gate.id] = op;
    }
    const t = inst.targets;
    switch (op) {
      case OP.NOP:
        return;
      case OP.X:
        for (let i = 0; i < t.length; i++) this.applyPauli(this.q(t[i]), PAULI_X);
        return;
      case OP.Y:
        for (let i = 0; i < t.length; i++) this.applyPauli(this.q(t[i]), PAULI_Y);
        return;
      case OP.Z:
        for (let i = 0; i < t.length; i++) this.applyPauli(this.q(t[i]), PAULI_Z);
        return;
      case OP.H:
        for (let i = 0; i < t.length; i++) this.inv.prependH(this.q(t[i]));
        return;
      case OP.S:
        // Applying U prepends U†.
        for (let i = 0; i < t.length; i++) this.inv.prependSDag(this.q(t[i]));
        return;
      case OP.S_DAG:
        for (let i = 0; i < t.length; i++) this.inv.prependS(this.q(t[i]));
        return;
      case OP.H_YZ:
        for (let i = 0; i < t.length; i++) this.inv.prependHYZ(this.q(t[i]));
        return;
      case OP.CX:
      case OP.CZ:
      case OP.CY:
      case OP.XCZ:
      case OP.YCZ:
      case OP.SWAP:
        this.twoQubitFast(op, inst);
        return;
      case OP.GENERIC:
        this.applyGeneric(inst);
        return;
      case OP.M:
      case OP.MR:
        this.measureInstruction(inst, 0, op === OP.MR);
        return;
      case OP.MX:
      case OP.MRX:
        this.measureInstruction(inst, 1, op === OP.MRX);
        return;
      case OP.MY:
      case OP.MRY:
        this.measureInstruction(inst, 2, op === OP.MRY);
        return;
      case OP.R:
        this.resetInstruction(inst, 0);
        return;
      case OP.RX:
        this.resetInstruction(inst, 1);
        return;
      case OP.RY:
        this.resetInstruction(inst, 2);
        return;
      case OP.MPP:
      case OP.SPP:
      case OP.SPP_DAG:
        this.pauliProductInstruction(inst, op);
        return;
      case OP.MXX:
      case OP.MYY:
      case OP.MZZ:
        this.pairMeasureInstruction(inst, op === OP.MXX ? PAULI_X : op === OP.MYY ? PAULI_Y : PAULI_Z);
        return;
      case OP.X_ERROR:
      case OP.Y_ERROR:
      case OP.Z_ERROR:
      case OP.DEPOLARIZE1:
      case OP.DEPOLARIZE2:
      case OP.PAULI_CHANNEL_1:
      case OP.PAULI_CHANNEL_2:
      case OP.E:
      case OP.ELSE_CORRELATED_ERROR:
        if (this.mode === 'sample') this.noise(op, inst);
        return;
      case OP.HERALDED_ERASE:
      case OP.HERALDED_PAULI_CHANNEL_1:
        this.heraldedNoise(op, inst);
        return;
      case OP.MPAD:
        for (let i = 0; i < t.length; i++) this.pushResult(t[i] & TARGET_VALUE_MASK, inst.args[0] ?? 0);
        return;
      case OP.DETECTOR:
        this.detectorRecord.push(this.recordParity(inst));
        if (this.mode === 'symbolic') this.detectorIsRandom.push(!isZeroVector(this.symbolicParity(inst)));
        return;
      case OP.OBSERVABLE_INCLUDE: {
        const k = inst.args[0] ?? 0;
        while (this.observableRecord.length <= k) this.observableRecord.push(0);
        this.observableRecord[k] ^= this.recordParity(inst);
        if (this.mode === 'symbolic') {
          while (this.observableVars.length <= k) this.observableVars.push(NO_VARS);
          this.observableVars[k] = xorVectors(this.observableVars[k], this.symbolicParity(inst));
        }
        return;
      }
      default:
        throw unsupported(gate);
    }
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

  private twoQubitFast(op: number, inst: Instruction): void {
    const t = inst.targets;
    if (t.length % 2 !== 0)
      throw new ValidationError(
        `${describeInstruction(inst)}: two-qubit gate needs an even number of targets`,
      );
    for (let i = 0; i < t.length; i += 2) {
      const a = t[i];
      const b = t[i + 1];
      if (((a | b) & BIT_TARGET) !== 0) {
        this.classicallyControlled(op, inst, a, b);
        continue;
      }
      const qa = this.q(a);
      const qb = this.q(b);
      if (qa === qb)
        throw new ValidationError(`${describeInstruction(inst)}: targets of a pair must differ (${qa})`);
      switch (op) {
        case OP.CX:
          this.inv.prependCX(qa, qb);
          break;
        case OP.CZ:
          this.inv.prependCZ(qa, qb);
          break;
        case OP.SWAP:
          this.inv.prependSwap(qa, qb);
          break;
        case OP.CY:
          // CY = S_b · CX · S_b†: apply S† then CX then S (each applied = prepend its inverse).
          this.inv.prependS(qb);
          this.inv.prependCX(qa, qb);
          this.inv.prependSDag(qb);
          break;
        case OP.XCZ:
          this.inv.prependCX(qb, qa);
          break;
        case OP.YCZ:
          this.inv.prependS(qa);
          this.inv.prependCX(qb, qa);
          this.inv.prependSDag(qa);
          break;
        default:
          throw unsupported(inst.gate);
      }
    }
  }

  /** `CX rec[-1] 3`: a Pauli on the qubit side when the classical bit is 1 (sweep bits are 0). */
  private classicallyControlled(op: number, inst: Instruction, a: number, b: number): void {
    const aBit = (a & BIT_TARGET) !== 0;
    const bBit = (b & BIT_TARGET) !== 0;
    if (aBit && bBit) return; // classical-classical: no quantum effect
    // Pauli applied to the qubit side when the control bit is set, per gate.
    let pauli = 0;
    if (aBit) pauli = op === OP.CX ? PAULI_X : op === OP.CY ? PAULI_Y : op === OP.CZ ? PAULI_Z : 0;
    else pauli = op === OP.XCZ ? PAULI_X : op === OP.YCZ ? PAULI_Y : op === OP.CZ ? PAULI_Z : 0;
    if (pauli === 0)
      throw new ValidationError(
        `${describeInstruction(inst)}: a measurement record or sweep bit can only be the control (Z side) of ${inst.gate.name}`,
      );
    const bitTarget = aBit ? a : b;
    const qubit = this.q(aBit ? b : a);
    if (this.bitValue(bitTarget, inst) !== 0) this.applyPauli(qubit, pauli);
    if (this.mode === 'symbolic' && (bitTarget & TARGET_RECORD) !== 0) {
      // P^(variables): X flips the sign of row Z_q, Z that of row X_q, Y both.
      const v = this.resultVars[this.resultVars.length - (bitTarget & TARGET_VALUE_MASK)];
      if (pauli !== PAULI_Z) this.xorSignVars(false, qubit, v);
      if (pauli !== PAULI_X) this.xorSignVars(true, qubit, v);
    }
  }

  /** (symbolic) vars(row X_q or Z_q) ^= v. */
  private xorSignVars(xRow: boolean, q: number, v: Uint32Array): void {
    const inv = this.inv;
    const t = (xRow ? inv.xVars : inv.zVars) as Uint32Array;
    const vs = inv.varStride;
    const n = Math.min(vs, v.length);
    for (let w = 0; w < n; w++) t[q * vs + w] ^= v[w];
  }

  /** (symbolic) A copy of the variable vector of row Z_q's sign. */
  private zRowVars(q: number): Uint32Array {
    const vs = this.inv.varStride;
    const row = (this.inv.zVars as Uint32Array).subarray(q * vs, (q + 1) * vs);
    return isZeroVector(row) ? NO_VARS : row.slice();
  }

  /** (symbolic) Clears the variable vector of row Z_q (after a reset the sign is constant). */
  private clearZRowVars(q: number): void {
    const vs = this.inv.varStride;
    (this.inv.zVars as Uint32Array).fill(0, q * vs, (q + 1) * vs);
  }

  private applyGeneric(inst: Instruction): void {
    const gate = inst.gate;
    let cached = this.inverseGateCache[gate.id];
    if (cached === undefined) {
      // Applying U prepends U†: cache U†'s tableau and its compiled row recipe.
      const invT = Tableau.fromGate(gate).inverse();
      cached = { tableau: invT, recipe: Tableau.compilePrepend(invT) };
      this.inverseGateCache[gate.id] = cached;
    }
    const invT = cached.tableau;
    const k = invT.numQubits;
    const t = inst.targets;
    if (t.length % k !== 0)
      throw new ValidationError(`${describeInstruction(inst)}: ${gate.name} needs targets in groups of ${k}`);
    if (k === 1) {
      for (let i = 0; i < t.length; i++) this.inv.prependSingleQubit(invT, this.q(t[i]));
      return;
    }
    const qs = this.scratchQubits;
    for (let i = 0; i < t.length; i += k) {
      qs.length = 0;
      for (let j = 0; j < k; j++) {
        const q = this.q(t[i + j]);
        if (qs.includes(q))
          throw new ValidationError(`${describeInstruction(inst)}: repeated qubit ${q} in one application`);
        qs.push(q);
      }
      this.inv.prependCompiled(cached.recipe, qs);
    }
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
  private basisChange(q: number, basis: number): void {
    if (basis === 1) this.inv.prependH(q);
    else if (basis === 2) this.inv.prependHYZ(q);
  }

  /**
   * Collapses every listed qubit's Z observable (one transpose for all random ones), so that
   * afterwards each is deterministic. Order of collapse follows the list.
   */
  private collapseZ(qubits: readonly number[]): void {
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
  private collapseZTransposed(q: number): void {
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
  private symbolicOutcome(q: number, pivot: number): void {
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

  /** True when a target list names some qubit twice (then targets are handled one by one). */
  private hasRepeatedQubit(t: readonly number[]): boolean {
    if (t.length < 2) return false;
    if (t.length === 2) return (t[0] & TARGET_VALUE_MASK) === (t[1] & TARGET_VALUE_MASK);
    const seen = this.scratchSeen;
    let dup = false;
    for (let i = 0; i < t.length; i++) {
      const q = t[i] & TARGET_VALUE_MASK;
      if (seen.has(q)) {
        dup = true;
        break;
      }
      seen.add(q);
    }
    seen.clear();
    return dup;
  }

  private measureInstruction(inst: Instruction, basis: number, resetAfter: boolean): void {
    const t = inst.targets;
    const flipP = this.mode === 'sample' ? (inst.args[0] ?? 0) : 0;
    if (this.hasRepeatedQubit(t)) {
      for (let i = 0; i < t.length; i++) this.measureTargets(t, i, i + 1, basis, resetAfter, flipP);
    } else this.measureTargets(t, 0, t.length, basis, resetAfter, flipP);
  }

  /** Measures targets t[from..to) (distinct qubits) in `basis`, recording results. */
  private measureTargets(
    t: readonly number[],
    from: number,
    to: number,
    basis: number,
    resetAfter: boolean,
    flipP: number,
  ): void {
    const qs = this.scratchQubits;
    qs.length = 0;
    for (let i = from; i < to; i++) qs.push(this.q(t[i]));
    for (let i = 0; i < qs.length; i++) this.basisChange(qs[i], basis);
    this.collapseZ(qs);
    const symbolic = this.mode === 'symbolic';
    for (let i = 0; i < qs.length; i++) {
      const q = qs[i];
      let r = this.inv.signBit(this.inv.zSigns, q);
      if (symbolic) {
        this.pendingVars = this.zRowVars(q);
        if (resetAfter) this.clearZRowVars(q);
      }
      if (resetAfter && r !== 0) this.inv.prependX(q);
      if ((t[from + i] & TARGET_INVERTED) !== 0) r ^= 1;
      this.pushResult(r, flipP);
    }
    for (let i = 0; i < qs.length; i++) this.basisChange(qs[i], basis);
  }

  private resetInstruction(inst: Instruction, basis: number): void {
    const t = inst.targets;
    if (this.hasRepeatedQubit(t)) {
      for (let i = 0; i < t.length; i++) this.resetOne(this.q(t[i]), basis);
      return;
    }
    const qs = this.scratchQubits;
    qs.length = 0;
    for (let i = 0; i < t.length; i++) qs.push(this.q(t[i]));
    for (let i = 0; i < qs.length; i++) this.basisChange(qs[i], basis);
    this.collapseZ(qs);
    for (let i = 0; i < qs.length; i++) {
      const q = qs[i];
      if (this.inv.signBit(this.inv.zSigns, q) !== 0) this.inv.prependX(q);
      if (this.mode === 'symbolic') this.clearZRowVars(q);
    }
    for (let i = 0; i < qs.length; i++) this.basisChange(qs[i], basis);
  }

  private resetOne(q: number, basis: number): void {
    this.basisChange(q, basis);
    if (this.measureZ(q) !== 0) this.inv.prependX(q);
    if (this.mode === 'symbolic') this.clearZRowVars(q);
    this.basisChange(q, basis);
  }

  private pairMeasureInstruction(inst: Instruction, pauli: number): void {
    const t = inst.targets;
    if (t.length % 2 !== 0)
      throw new ValidationError(
        `${describeInstruction(inst)}: pair measurement needs an even number of targets`,
      );
    const flipP = this.mode === 'sample' ? (inst.args[0] ?? 0) : 0;
    const qs: number[] = [];
    const ps: number[] = [];
    for (let i = 0; i < t.length; i += 2) {
      qs.length = 0;
      ps.length = 0;
      const inverted = ((t[i] ^ t[i + 1]) & TARGET_INVERTED) !== 0 ? 1 : 0;
      const qa = this.q(t[i]);
      const qb = this.q(t[i + 1]);
      if (qa === qb) {
        // P·P = I: deterministic +1.
        this.pushResult(inverted, flipP);
        continue;
      }
      qs.push(qa, qb);
      ps.push(pauli, pauli);
      this.pushResult(this.measurePauliProduct(qs, ps) ^ inverted, flipP);
    }
  }

  /** Appends a result; in symbolic mode with the vector left in `pendingVars` by the reader. */
  private pushResult(r: number, flipP: number): void {
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
  private measurePauliProduct(qs: readonly number[], ps: readonly number[]): number {
    this.toZProduct(qs, ps);
    const r = this.measureZ(qs[0]);
    this.fromZProduct(qs, ps);
    return r;
  }

  /** Applies basis changes and CX folds so that Z on qs[0] equals the product (before). */
  private toZProduct(qs: readonly number[], ps: readonly number[]): void {
    for (let i = 0; i < qs.length; i++) {
      if (ps[i] === PAULI_X) this.inv.prependH(qs[i]);
      else if (ps[i] === PAULI_Y) this.inv.prependHYZ(qs[i]);
    }
    for (let i = 1; i < qs.length; i++) this.inv.prependCX(qs[i], qs[0]);
  }

  private fromZProduct(qs: readonly number[], ps: readonly number[]): void {
    for (let i = qs.length - 1; i >= 1; i--) this.inv.prependCX(qs[i], qs[0]);
    for (let i = 0; i < qs.length; i++) {
      if (ps[i] === PAULI_X) this.inv.prependH(qs[i]);
      else if (ps[i] === PAULI_Y) this.inv.prependHYZ(qs[i]);
    }
  }

  /** MPP / SPP / SPP_DAG: products separated by combiners `*`. */
  private pauliProductInstruction(inst: Instruction, op: number): void {
    const t = inst.targets;
    const flipP = this.mode === 'sample' && op === OP.MPP ? (inst.args[0] ?? 0) : 0;
    let start = 0;
    while (start < t.length) {
      let end = start + 1;
      while (end < t.length && (t[end] & TARGET_COMBINER) !== 0) end += 2;
      // Combine the factors of t[start], t[start+2], ..., t[end-1] exactly (repeated qubits multiply).
      const qs: number[] = [];
      const xs: number[] = [];
      const zs: number[] = [];
      let phase = 0;
      for (let i = start; i < end; i += 2) {
        const tg = t[i];
        if ((tg & (TARGET_PAULI_X | TARGET_PAULI_Z)) === 0)
          throw new ValidationError(`${describeInstruction(inst)}: expected Pauli targets like X0*Z1`);
        const q = tg & TARGET_VALUE_MASK;
        const x2 = (tg & TARGET_PAULI_X) !== 0 ? 1 : 0;
        const z2 = (tg & TARGET_PAULI_Z) !== 0 ? 1 : 0;
        if ((tg & TARGET_INVERTED) !== 0) phase += 2;
        const at = qs.indexOf(q);
        if (at < 0) {
          qs.push(q);
          xs.push(x2);
          zs.push(z2);
        } else {
          phase += singleQubitProductPhase(xs[at], zs[at], x2, z2);
          xs[at] ^= x2;
          zs[at] ^= z2;
        }
      }
      phase &= 3;
      if ((phase & 1) !== 0)
        throw new ValidationError(
          `${describeInstruction(inst)}: the Pauli product is anti-Hermitian (factors on one qubit anticommute); write each qubit once`,
        );
      const fq: number[] = [];
      const fp: number[] = [];
      for (let i = 0; i < qs.length; i++) {
        if (xs[i] === 0 && zs[i] === 0) continue;
        this.ensureQubits(qs[i] + 1);
        fq.push(qs[i]);
        fp.push(xs[i] !== 0 ? (zs[i] !== 0 ? PAULI_Y : PAULI_X) : PAULI_Z);
      }
      const negative = phase === 2 ? 1 : 0;
      if (op === OP.MPP) {
        const r = fq.length === 0 ? 0 : this.measurePauliProduct(fq, fp);
        this.pushResult(r ^ negative, flipP);
      } else if (fq.length > 0) {
        // exp(±iπ/4·P) = B† S^{±1} B where B maps P to Z on fq[0].
        const dagger = (op === OP.SPP_DAG ? 1 : 0) ^ negative;
        this.toZProduct(fq, fp);
        if (dagger !== 0) this.inv.prependS(fq[0]);
        else this.inv.prependSDag(fq[0]);
        this.fromZProduct(fq, fp);
      }
      start = end;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Noise (sample mode only)

  private noise(op: number, inst: Instruction): void {
    const rng = this.rng as Rng;
    const t = inst.targets;
    const a = inst.args;
    switch (op) {
      case OP.X_ERROR:
      case OP.Y_ERROR:
      case OP.Z_ERROR: {
        const p = a[0];
        const pauli = op === OP.X_ERROR ? PAULI_X : op === OP.Y_ERROR ? PAULI_Y : PAULI_Z;
        for (let i = 0; i < t.length; i++) if (rng.nextFloat() < p) this.applyPauli(this.q(t[i]), pauli);
        return;
      }
      case OP.DEPOLARIZE1: {
        const p = a[0];
        for (let i = 0; i < t.length; i++)
          if (rng.nextFloat() < p) this.applyPauli(this.q(t[i]), 1 + rng.nextInt(3));
        return;
      }
      case OP.PAULI_CHANNEL_1: {
        for (let i = 0; i < t.length; i++) {
          const u = rng.nextFloat();
          const p = pickIndex(u, a);
          if (p >= 0) this.applyPauli(this.q(t[i]), p + 1);
        }
        return;
      }
      case OP.DEPOLARIZE2: {
        const p = a[0];
        for (let i = 0; i + 1 < t.length; i += 2)
          if (rng.nextFloat() < p)
            this.applyTwoQubitPauli(this.q(t[i]), this.q(t[i + 1]), 1 + rng.nextInt(15));
        return;
      }
      case OP.PAULI_CHANNEL_2: {
        for (let i = 0; i + 1 < t.length; i += 2) {
          const k = pickIndex(rng.nextFloat(), a);
          if (k >= 0) this.applyTwoQubitPauli(this.q(t[i]), this.q(t[i + 1]), k + 1);
        }
        return;
      }
      case OP.E:
      case OP.ELSE_CORRELATED_ERROR: {
        if (op === OP.E) this.lastCorrelatedErrorOccurred = false;
        if (this.lastCorrelatedErrorOccurred) return;
        if (rng.nextFloat() < a[0]) {
          this.lastCorrelatedErrorOccurred = true;
          for (let i = 0; i < t.length; i++) {
            const tg = t[i];
            const x = (tg & TARGET_PAULI_X) !== 0;
            const z = (tg & TARGET_PAULI_Z) !== 0;
            this.applyPauli(this.q(tg & TARGET_VALUE_MASK), x ? (z ? PAULI_Y : PAULI_X) : PAULI_Z);
          }
        }
        return;
      }
      default:
        throw unsupported(inst.gate);
    }
  }

  /** Two-qubit Pauli with Stim's channel order index k = 4·P_first + P_second (I=0,X=1,Y=2,Z=3). */
  private applyTwoQubitPauli(qa: number, qb: number, k: number): void {
    this.applyPauli(qa, STIM_PAULI[k >>> 2]);
    this.applyPauli(qb, STIM_PAULI[k & 3]);
  }

  private heraldedNoise(op: number, inst: Instruction): void {
    const t = inst.targets;
    const a = inst.args;
    for (let i = 0; i < t.length; i++) {
      const q = this.q(t[i]);
      if (this.mode !== 'sample') {
        this.pushResult(0, 0);
        continue;
      }
      const rng = this.rng as Rng;
      const u = rng.nextFloat();
      if (op === OP.HERALDED_ERASE) {
        if (u < a[0]) {
          this.measurementRecord.push(1);
          // Erasure: replaced by the maximally mixed state = a uniformly random Pauli.
          this.applyPauli(q, rng.nextInt(4));
        } else this.measurementRecord.push(0);
      } else {
        // HERALDED_PAULI_CHANNEL_1(pI, pX, pY, pZ).
        const k = pickIndex(u, a);
        this.measurementRecord.push(k >= 0 ? 1 : 0);
        if (k > 0) this.applyPauli(q, k);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Classical bits

  private recordParity(inst: Instruction): number {
    const t = inst.targets;
    let r = 0;
    for (let i = 0; i < t.length; i++) {
      const tg = t[i];
      if ((tg & TARGET_RECORD) !== 0) r ^= this.bitValue(tg, inst);
      else if ((tg & (TARGET_PAULI_X | TARGET_PAULI_Z)) !== 0)
        throw new UnsupportedError(
          `${describeInstruction(inst)}: Pauli targets in ${inst.gate.name} are not supported by the tableau simulator; include measurement records instead`,
          { gate: inst.gate.name },
        );
    }
    return r;
  }

  /** (symbolic) XOR of the variable vectors of the record targets of an instruction. */
  private symbolicParity(inst: Instruction): Uint32Array {
    const t = inst.targets;
    let acc = NO_VARS;
    const n = this.resultVars.length;
    for (let i = 0; i < t.length; i++)
      if ((t[i] & TARGET_RECORD) !== 0)
        acc = xorVectors(acc, this.resultVars[n - (t[i] & TARGET_VALUE_MASK)]);
    return acc;
  }

  private bitValue(tg: number, inst: Instruction): number {
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

  private q(t: number): number {
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

function isZeroVector(v: Uint32Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}

/** a ⊕ b as a new vector (lengths may differ; missing words are 0). */
function xorVectors(a: Uint32Array, b: Uint32Array): Uint32Array {
  if (b.length === 0) return a;
  if (a.length === 0) return b.slice();
  const out = new Uint32Array(Math.max(a.length, b.length));
  out.set(a);
  for (let i = 0; i < b.length; i++) out[i] ^= b[i];
  return out;
}

/** Pauli code (1 = X, 2 = Y, 3 = Z) of Stim's index order I, X, Y, Z. */
const STIM_PAULI = [0, PAULI_X, PAULI_Y, PAULI_Z];

/** Index i with u < a[0] + … + a[i], or −1 when u is beyond the total. */
function pickIndex(u: number, a: readonly number[]): number {
  let acc = 0;
  for (let i = 0; i < a.length; i++) {
    acc += a[i];
    if (u < acc) return i;
  }
  return -1;
}

/** Power of i of the single-qubit product (x1,z1)·(x2,z2) of Hermitian Paulis. */
function singleQubitProductPhase(x1: number, z1: number, x2: number, z2: number): number {
  const anti = (x1 & z2) ^ (z1 & x2);
  if (anti === 0) return 0;
  const minus = (x1 & z2) ^ (x1 ^ x2) ^ (z1 ^ z2);
  return minus !== 0 ? 3 : 1;
}

function classify(gate: Gate): number {
  const names = [gate.name, ...gate.aliases];
  for (const nm of names) {
    const op = OP_BY_NAME[nm.toUpperCase()];
    if (op !== undefined) return op;
  }
  const f = gate.flags;
  if ((f & GATE_FLAGS.STABILIZER) !== 0 && (f & GATE_FLAGS.UNITARY) !== 0 && gate.tableau !== undefined)
    return OP.GENERIC;
  throw unsupported(gate);
}

function unsupported(gate: Gate): UnsupportedError {
  return new UnsupportedError(
    `gate ${gate.name} is not supported by the tableau (stabilizer) simulator: it simulates only Clifford ` +
      `gates, Pauli noise, measurements and resets. Use the state-vector simulator (src/sim/state-vector/) ` +
      `for circuits with ${gate.name}.`,
    { gate: gate.name },
  );
}

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
