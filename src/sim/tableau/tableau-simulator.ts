import { UnsupportedError, ValidationError } from '../../base/errors.js';
import type { Circuit, Instruction } from '../../circuit/circuit.js';
import { describeInstruction } from '../../circuit/circuit.js';
import {
  TARGET_COMBINER,
  TARGET_INVERTED,
  TARGET_PAULI_X,
  TARGET_PAULI_Z,
  TARGET_RECORD,
  TARGET_SWEEP,
  TARGET_VALUE_MASK,
} from '../../circuit/target.js';
import type { Rng } from '../../base/prng.js';
import { Tableau } from '../../stabilizer/tableau.js';
import type { PrependRecipe } from '../../stabilizer/tableau.js';
import { OP, PAULI_X, PAULI_Y, PAULI_Z, STIM_PAULI, classify, unsupported } from './tableau-ops.js';
import { NO_VARS, TableauState, isZeroVector, xorVectors } from './tableau-state.js';

export type { TableauMode } from './tableau-state.js';

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
 *
 * The state and its state-level operations are those of {@link TableauState}; this class runs
 * circuits: dispatch by opcode and the handlers of each instruction family.
 */
export class TableauSimulator extends TableauState {
  private readonly opCache: number[] = [];
  private readonly inverseGateCache: ({ tableau: Tableau; recipe: PrependRecipe } | undefined)[] = [];
  // Scratch for measurement instructions (kept as fields: no allocation per shot).
  private readonly scratchQubits: number[] = [];
  private readonly scratchSeen = new Set<number>();

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
      case OP.LEAKAGE:
        // Leakage is noise: the noiseless reference run (whose record the frame sampler XORs its
        // flips onto) and the symbolic determinism run leave it out; sampling cannot model it.
        if (this.mode === 'sample') throw unsupported(gate);
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
}

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
