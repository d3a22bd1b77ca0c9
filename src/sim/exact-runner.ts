import { UnsupportedError, ValidationError } from '../base/errors.js';
import type { Rng } from '../base/prng.js';
import type { Circuit, CircuitItem, Instruction } from '../circuit/circuit.js';
import { describeInstruction } from '../circuit/circuit.js';
import {
  TARGET_COMBINER,
  TARGET_INVERTED,
  TARGET_PAULI_X,
  TARGET_PAULI_Z,
  TARGET_RECORD,
  TARGET_SWEEP,
  TARGET_VALUE_MASK,
} from '../circuit/target.js';
import type { CorrelatedTerm, KrausChannel } from '../gates/channels.js';
import { krausChannel } from '../gates/channels.js';
import { GATE_FLAGS } from '../gates/gate.js';
import type { Gate } from '../gates/gate.js';
import { gateUnitary } from '../gates/gate-data.js';

/**
 * The circuit walker shared by the exact simulators (state vector and density matrix). It owns the
 * measurement record, detectors and observables and turns every instruction of the gate table
 * into a few primitive operations of an {@link ExactBackend}: unitaries (the table's matrices),
 * Pauli-parity measurements after single-qubit basis changes (M, MX, MY, MPP, MXX, ...), resets,
 * diagonal parity phases (SPP), Kraus channels and correlated-error chains. So both simulators
 * interpret the circuit language identically and only differ in how a primitive acts on the state.
 *
 * REPEAT blocks are run by iteration (never unrolled in memory). Sweep bits (`sweep[k]`) read as 0.
 */

/** Primitive operations an exact simulator implements. All mutate the backend's state. */
export interface ExactBackend {
  readonly numQubits: number;
  /**
   * True when measurements produce sampled bits (state vector, density matrix in `sample` mode);
   * false when they only dephase and the record holds no information (exact density matrix mode).
   * In that mode classically controlled gates are refused and detectors are not evaluated.
   */
  readonly sampled: boolean;
  /** Applies a unitary matrix (bit j of its index = targets[j]); `name` selects fast kernels. */
  applyUnitary(name: string, targets: readonly number[], m: Float64Array): void;
  /** Applies Pauli `code` (1 = X, 2 = Y, 3 = Z) to qubit q. */
  applyPauli(q: number, code: number): void;
  /**
   * Measures the Z-parity of the qubits in `mask` (outcome 1 = odd parity). Sampled backends draw
   * the outcome, collapse the state and return the bit; exact backends dephase (ρ ↦ Σ_b Π_b ρ Π_b)
   * and return the probability of outcome 1. Result flips and inversions are the walker's job.
   */
  measureParity(mask: number): number;
  /** Resets qubit q to |0⟩ (trace-preserving: measure-and-flip or the reset channel). */
  resetZ(q: number): void;
  /** Multiplies the eigenspace of Z-parity `parity` on `mask` by the phase re + i·im. */
  phaseParity(mask: number, parity: number, re: number, im: number): void;
  /**
   * Applies a Kraus channel to `targets` (1 or 2 qubits). Returns the index of the Kraus operator
   * that happened (sampled backends) or −1 (exact backends), so the walker can record heralds.
   */
  applyChannel(targets: readonly number[], channel: KrausChannel): number;
  /** Applies an E / ELSE_CORRELATED_ERROR chain (at most one term happens, see channels.ts). */
  applyCorrelatedChain(chain: readonly CorrelatedTerm[]): void;
}

/** Canonical-name → [Pauli on the other qubit when the first target is a bit, ... when the second is]. */
const CLASSICAL_CONTROL: Readonly<Record<string, readonly [number, number]>> = {
  CX: [1, 0],
  CY: [2, 0],
  CZ: [3, 3],
  XCZ: [0, 1],
  YCZ: [0, 2],
};

const H_MATRIX = Float64Array.from([Math.SQRT1_2, 0, Math.SQRT1_2, 0, Math.SQRT1_2, 0, -Math.SQRT1_2, 0]);
const S_MATRIX = Float64Array.from([1, 0, 0, 0, 0, 0, 0, 1]);
const S_DAG_MATRIX = Float64Array.from([1, 0, 0, 0, 0, 0, 0, -1]);

/** A Pauli product in mask form: X and Z bits per qubit, the sign, and whether the result is inverted. */
interface Product {
  xMask: number;
  zMask: number;
  /** 1 when the product carries a −1 sign (from `!` or from multiplying Paulis on one qubit). */
  flip: number;
}

/**
 * Walks circuits over an {@link ExactBackend}. Per-shot state (record, detectors, observables) is
 * cleared by {@link ExactCircuitRunner.clearRecord}; per-instruction data (unitaries, channels) is
 * cached across shots.
 */
export class ExactCircuitRunner {
  readonly backend: ExactBackend;
  private readonly rng: Rng;
  /** Measurement results, one byte (0/1) each; the first `numMeasurements` entries are valid. */
  private record = new Uint8Array(64);
  private recordLength = 0;
  /** Exact backends: the probability that each recorded result is 1 (marginal over everything else). */
  private readonly probabilityRecord: number[] = [];
  private detectorBits = new Uint8Array(16);
  private detectorCount = 0;
  private observableBits = new Uint8Array(1);
  private readonly matrixCache = new WeakMap<Instruction, Float64Array>();
  private readonly channelCache = new WeakMap<Instruction, KrausChannel>();
  private readonly chainCache = new WeakMap<Instruction, CorrelatedTerm[]>();

  constructor(backend: ExactBackend, rng: Rng) {
    this.backend = backend;
    this.rng = rng;
  }

  /** Number of measurement results recorded so far. */
  get numMeasurements(): number {
    return this.recordLength;
  }
  /** The measurement record (a copy), one byte 0/1 per result. */
  measurementRecord(): Uint8Array {
    return this.record.slice(0, this.recordLength);
  }
  /** Detector values (a copy), one byte per DETECTOR executed so far. */
  detectors(): Uint8Array {
    return this.detectorBits.slice(0, this.detectorCount);
  }
  /** Observable values (a copy), one byte per observable index seen so far. */
  observables(numObservables = this.observableBits.length): Uint8Array {
    const out = new Uint8Array(numObservables);
    out.set(this.observableBits.subarray(0, Math.min(numObservables, this.observableBits.length)));
    return out;
  }

  /**
   * For exact (non-sampled) backends: the probability that each measurement result (including
   * flips, `!` inversions and heralds) is 1, marginalised over all other randomness. A copy.
   */
  measurementProbabilities(): Float64Array {
    return Float64Array.from(this.probabilityRecord);
  }

  /** Forgets record, detectors and observables (for the next shot). Keeps caches. */
  clearRecord(): void {
    this.recordLength = 0;
    this.probabilityRecord.length = 0;
    this.detectorCount = 0;
    this.observableBits.fill(0);
  }

  /**
   * Runs `circuit` on the backend, appending to the record.
   * @throws ValidationError for malformed instructions (bad lookbacks, qubits out of range,
   *   anti-Hermitian products); UnsupportedError for instructions the backend cannot simulate.
   */
  run(circuit: Circuit): void {
    this.runItems(circuit.items);
  }

  private runItems(items: readonly CircuitItem[]): void {
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item.kind === 'repeat') {
        for (let r = 0; r < item.repetitions; r++) this.runItems(item.body.items);
        continue;
      }
      const name = item.gate.name;
      if (name === 'E' || name === 'CORRELATED_ERROR') {
        let j = i + 1;
        while (j < items.length) {
          const next = items[j];
          if (next.kind !== 'instruction' || next.gate.name !== 'ELSE_CORRELATED_ERROR') break;
          j++;
        }
        this.correlatedChain(items, i, j);
        i = j - 1;
        continue;
      }
      if (name === 'ELSE_CORRELATED_ERROR')
        throw new ValidationError(
          `ELSE_CORRELATED_ERROR without a preceding E/CORRELATED_ERROR in the same block: ${describeInstruction(item)}`,
        );
      this.execute(item);
    }
  }

  private correlatedChain(items: readonly CircuitItem[], start: number, end: number): void {
    const first = items[start] as Instruction;
    let chain = this.chainCache.get(first);
    if (chain === undefined) {
      chain = [];
      for (let k = start; k < end; k++) {
        const inst = items[k] as Instruction;
        const p = inst.args[0] ?? 0;
        if (!(p >= 0 && p <= 1))
          throw new ValidationError(`${describeInstruction(inst)}: probability ${p} is not in [0, 1]`);
        const qubits: number[] = [];
        const paulis: number[] = [];
        for (const t of inst.targets) {
          const x = (t & TARGET_PAULI_X) !== 0 ? 1 : 0;
          const z = (t & TARGET_PAULI_Z) !== 0 ? 1 : 0;
          if (x + z === 0)
            throw new ValidationError(
              `${describeInstruction(inst)}: targets must be Pauli targets like X0 Y1`,
            );
          const q = this.qubit(t & TARGET_VALUE_MASK, inst);
          qubits.push(q);
          paulis.push(x === 1 ? (z === 1 ? 2 : 1) : 3);
        }
        chain.push({ probability: p, qubits, paulis });
      }
      this.chainCache.set(first, chain);
    }
    this.backend.applyCorrelatedChain(chain);
  }

  private qubit(q: number, inst: Instruction): number {
    if (q >= this.backend.numQubits)
      throw new ValidationError(
        `${describeInstruction(inst)}: qubit ${q} is out of range for a ${this.backend.numQubits}-qubit simulator`,
        { qubit: q, numQubits: this.backend.numQubits },
      );
    return q;
  }

  /**
   * Appends a result: `value` is a sampled bit or (exact backends) the probability of 1. The
   * result is flipped with probability `flipProbability` (Stim's `M(p)`) and then inverted when
   * `invert` is 1 (`!q`, negative products).
   */
  private pushResult(value: number, flipProbability: number, invert: number): void {
    if (this.backend.sampled) {
      let bit = value;
      if (flipProbability > 0 && this.rng.nextFloat() < flipProbability) bit ^= 1;
      this.pushRecord(bit ^ invert);
      return;
    }
    let q = value * (1 - flipProbability) + (1 - value) * flipProbability;
    if (invert !== 0) q = 1 - q;
    this.probabilityRecord.push(q);
    this.pushRecord(0);
  }

  private pushRecord(bit: number): void {
    if (this.recordLength === this.record.length) {
      const grown = new Uint8Array(this.record.length * 2);
      grown.set(this.record);
      this.record = grown;
    }
    this.record[this.recordLength++] = bit;
  }

  private lookback(t: number, inst: Instruction): number {
    const k = t & TARGET_VALUE_MASK;
    if (k < 1 || k > this.recordLength)
      throw new ValidationError(
        `${describeInstruction(inst)}: rec[-${k}] reaches before the start of the record (${this.recordLength} result(s) so far)`,
        { lookback: k, numMeasurements: this.recordLength },
      );
    return this.record[this.recordLength - k];
  }

  /** Value of a classical bit target (rec or sweep; sweeps read as 0). */
  private bitValue(t: number, inst: Instruction): number {
    if ((t & TARGET_SWEEP) !== 0) return 0;
    if (!this.backend.sampled)
      throw new UnsupportedError(
        `${describeInstruction(inst)}: classically controlled gates need sampled measurement results; ` +
          `the exact (dephasing) density-matrix mode has none. Use mode 'sample'.`,
      );
    return this.lookback(t, inst);
  }

  private unitaryMatrix(inst: Instruction): Float64Array {
    let m = this.matrixCache.get(inst);
    if (m === undefined) {
      m = inst.gate.unitary ?? gateUnitary(inst.gate, inst.args);
      if (m === undefined)
        throw new UnsupportedError(
          `${describeInstruction(inst)}: the gate table has no unitary for ${inst.gate.name}`,
        );
      this.matrixCache.set(inst, m);
    }
    return m;
  }

  private channel(inst: Instruction): KrausChannel {
    let ch = this.channelCache.get(inst);
    if (ch === undefined) {
      ch = krausChannel(inst.gate, inst.args);
      this.channelCache.set(inst, ch);
    }
    return ch;
  }

  /** Executes one instruction (not E/ELSE chains, which {@link runItems} groups). */
  private execute(inst: Instruction): void {
    const gate = inst.gate;
    const f = gate.flags;
    const t = inst.targets;
    if ((f & GATE_FLAGS.UNITARY) !== 0 && (f & GATE_FLAGS.TARGETS_PAULI_PRODUCTS) === 0) {
      this.unitary(inst, gate);
      return;
    }
    const b = this.backend;
    switch (gate.name) {
      case 'M':
      case 'MX':
      case 'MY':
      case 'MR':
      case 'MRX':
      case 'MRY': {
        const basis = gate.name === 'M' || gate.name === 'MR' ? 3 : gate.name.endsWith('X') ? 1 : 2;
        const reset = gate.name.startsWith('MR');
        const p = inst.args[0] ?? 0;
        for (const tg of t) {
          const q = this.qubit(tg & TARGET_VALUE_MASK, inst);
          this.toZ(q, basis);
          this.pushResult(b.measureParity(2 ** q), p, (tg & TARGET_INVERTED) !== 0 ? 1 : 0);
          if (reset) b.resetZ(q);
          this.fromZ(q, basis);
        }
        return;
      }
      case 'R':
      case 'RX':
      case 'RY': {
        const basis = gate.name === 'R' ? 3 : gate.name === 'RX' ? 1 : 2;
        for (const tg of t) {
          const q = this.qubit(tg & TARGET_VALUE_MASK, inst);
          b.resetZ(q);
          this.fromZ(q, basis);
        }
        return;
      }
      case 'MPP':
      case 'SPP':
      case 'SPP_DAG': {
        let start = 0;
        while (start < t.length) {
          let end = start + 1;
          while (end < t.length && (t[end] & TARGET_COMBINER) !== 0) end += 2;
          const prod = this.product(t, start, end, inst);
          if (gate.name === 'MPP') this.measureProduct(prod, inst.args[0] ?? 0);
          else this.phaseProduct(prod, gate.name === 'SPP' ? 1 : -1);
          start = end;
        }
        return;
      }
      case 'MXX':
      case 'MYY':
      case 'MZZ': {
        const code = gate.name === 'MXX' ? 1 : gate.name === 'MYY' ? 2 : 3;
        const x = code !== 3 ? TARGET_PAULI_X : 0;
        const z = code !== 1 ? TARGET_PAULI_Z : 0;
        for (let k = 0; k + 1 < t.length; k += 2) {
          const pair = [t[k] | x | z, TARGET_COMBINER, t[k + 1] | x | z];
          this.measureProduct(this.product(pair, 0, 3, inst), inst.args[0] ?? 0);
        }
        return;
      }
      case 'MPAD': {
        const p = inst.args[0] ?? 0;
        for (const tg of t) this.pushResult(tg & TARGET_VALUE_MASK & 1, p, 0);
        return;
      }
      case 'DETECTOR': {
        if (!b.sampled) return;
        let v = 0;
        for (const tg of t) if ((tg & TARGET_RECORD) !== 0) v ^= this.lookback(tg, inst);
        if (this.detectorCount === this.detectorBits.length) {
          const grown = new Uint8Array(this.detectorBits.length * 2);
          grown.set(this.detectorBits);
          this.detectorBits = grown;
        }
        this.detectorBits[this.detectorCount++] = v;
        return;
      }
      case 'OBSERVABLE_INCLUDE': {
        if (!b.sampled) return;
        const k = inst.args[0] ?? 0;
        let v = 0;
        for (const tg of t) {
          if ((tg & TARGET_RECORD) !== 0) v ^= this.lookback(tg, inst);
          else
            throw new UnsupportedError(
              `${describeInstruction(inst)}: Pauli targets in OBSERVABLE_INCLUDE are not supported by the exact simulators`,
            );
        }
        if (k >= this.observableBits.length) {
          const grown = new Uint8Array(Math.max(k + 1, 2 * this.observableBits.length));
          grown.set(this.observableBits);
          this.observableBits = grown;
        }
        this.observableBits[k] ^= v;
        return;
      }
      case 'TICK':
      case 'QUBIT_COORDS':
      case 'SHIFT_COORDS':
        return;
      default:
        break;
    }
    if ((f & GATE_FLAGS.NOISE) !== 0) {
      const ch = this.channel(inst);
      const k = ch.numQubits;
      for (let i = 0; i + k <= t.length; i += k) {
        const targets =
          k === 1
            ? [this.qubit(t[i] & TARGET_VALUE_MASK, inst)]
            : [this.qubit(t[i] & TARGET_VALUE_MASK, inst), this.qubit(t[i + 1] & TARGET_VALUE_MASK, inst)];
        const idx = b.applyChannel(targets, ch);
        if (ch.heralds !== undefined) {
          if (b.sampled) this.pushResult(ch.heralds[idx], 0, 0);
          else this.pushResult(heraldProbability(ch), 0, 0);
        }
      }
      return;
    }
    if ((f & GATE_FLAGS.ANNOTATION) !== 0) return;
    throw new UnsupportedError(
      `${describeInstruction(inst)}: ${gate.name} is not supported by the exact simulators`,
    );
  }

  private unitary(inst: Instruction, gate: Gate): void {
    const t = inst.targets;
    const arity = Math.max(1, gate.arity);
    if (gate.name === 'I' || gate.name === 'II') return;
    for (let i = 0; i + arity <= t.length; i += arity) {
      if (arity === 2 && ((t[i] | t[i + 1]) & (TARGET_RECORD | TARGET_SWEEP)) !== 0) {
        this.classicallyControlled(inst, t[i], t[i + 1]);
        continue;
      }
      const targets: number[] = [];
      for (let j = 0; j < arity; j++) {
        const tg = t[i + j];
        if ((tg & (TARGET_RECORD | TARGET_SWEEP)) !== 0)
          throw new ValidationError(
            `${describeInstruction(inst)}: ${gate.name} cannot be classically controlled`,
          );
        targets.push(this.qubit(tg & TARGET_VALUE_MASK, inst));
      }
      this.backend.applyUnitary(gate.name, targets, this.unitaryMatrix(inst));
    }
  }

  private classicallyControlled(inst: Instruction, a: number, c: number): void {
    const map = CLASSICAL_CONTROL[inst.gate.name];
    const aBit = (a & (TARGET_RECORD | TARGET_SWEEP)) !== 0;
    const cBit = (c & (TARGET_RECORD | TARGET_SWEEP)) !== 0;
    if (aBit && cBit) return; // both classical: no quantum effect (as Stim)
    const pauli = map === undefined ? 0 : aBit ? map[0] : map[1];
    if (pauli === 0)
      throw new ValidationError(
        `${describeInstruction(inst)}: only the control side of CX/CY/CZ/XCZ/YCZ may be a rec[-k] or sweep[k] bit`,
      );
    const bit = this.bitValue(aBit ? a : c, inst);
    if (bit !== 0) this.backend.applyPauli(this.qubit((aBit ? c : a) & TARGET_VALUE_MASK, inst), pauli);
  }

  /** Rotates qubit q so that Pauli `code`'s eigenbasis becomes the Z basis (X: H; Y: H·S†). */
  private toZ(q: number, code: number): void {
    if (code === 1) this.backend.applyUnitary('H', [q], H_MATRIX);
    else if (code === 2) {
      this.backend.applyUnitary('S_DAG', [q], S_DAG_MATRIX);
      this.backend.applyUnitary('H', [q], H_MATRIX);
    }
  }

  /** Inverse of {@link toZ}. */
  private fromZ(q: number, code: number): void {
    if (code === 1) this.backend.applyUnitary('H', [q], H_MATRIX);
    else if (code === 2) {
      this.backend.applyUnitary('H', [q], H_MATRIX);
      this.backend.applyUnitary('S', [q], S_MATRIX);
    }
  }

  /**
   * Multiplies the Pauli targets t[start], t[start+2], ... (joined by combiners) into one product.
   * Repeated qubits multiply (X0*Z0 is anti-Hermitian and refused, X0*X0 is the identity).
   */
  private product(t: readonly number[], start: number, end: number, inst: Instruction): Product {
    let xMask = 0;
    let zMask = 0;
    let phase = 0; // power of i
    for (let k = start; k < end; k += 2) {
      const tg = t[k];
      if ((tg & TARGET_COMBINER) !== 0 || (tg & (TARGET_PAULI_X | TARGET_PAULI_Z)) === 0)
        throw new ValidationError(`${describeInstruction(inst)}: expected Pauli targets joined by '*'`);
      const q = this.qubit(tg & TARGET_VALUE_MASK, inst);
      const bit = 2 ** q;
      const x2 = (tg & TARGET_PAULI_X) !== 0 ? 1 : 0;
      const z2 = (tg & TARGET_PAULI_Z) !== 0 ? 1 : 0;
      const x1 = (xMask & bit) !== 0 ? 1 : 0;
      const z1 = (zMask & bit) !== 0 ? 1 : 0;
      // Phase of the single-qubit product P1·P2 of Hermitian Paulis: +i for XY, YZ, ZX; −i reversed.
      const c1 = x1 ? (z1 ? 2 : 1) : z1 ? 3 : 0;
      const c2 = x2 ? (z2 ? 2 : 1) : 3;
      if (c1 !== 0 && c1 !== c2) phase += (c2 - c1 + 3) % 3 === 1 ? 1 : 3;
      if ((tg & TARGET_INVERTED) !== 0) phase += 2;
      if (x2) xMask ^= bit;
      if (z2) zMask ^= bit;
    }
    if ((phase & 1) !== 0)
      throw new ValidationError(
        `${describeInstruction(inst)}: the Pauli product is anti-Hermitian (e.g. X0*Z0); it cannot be measured`,
      );
    return { xMask, zMask, flip: (phase >>> 1) & 1 };
  }

  private measureProduct(prod: Product, flipProbability: number): void {
    const mask = prod.xMask | prod.zMask;
    if (mask === 0) {
      // Measuring ±I: deterministic.
      this.pushResult(0, flipProbability, prod.flip);
      return;
    }
    this.productBasis(prod, true);
    const value = this.backend.measureParity(mask);
    this.productBasis(prod, false);
    this.pushResult(value, flipProbability, prod.flip);
  }

  private phaseProduct(prod: Product, sign: number): void {
    const mask = prod.xMask | prod.zMask;
    this.productBasis(prod, true);
    // √(±P): the −1 eigenspace of the signed product gets the phase i (SPP) or −i (SPP_DAG).
    this.backend.phaseParity(mask, 1 ^ prod.flip, 0, sign);
    this.productBasis(prod, false);
  }

  private productBasis(prod: Product, forward: boolean): void {
    let mask = prod.xMask;
    while (mask !== 0) {
      const low = mask & -mask;
      const q = 31 - Math.clz32(low);
      const code = (prod.zMask & low) !== 0 ? 2 : 1;
      if (forward) this.toZ(q, code);
      else this.fromZ(q, code);
      mask ^= low;
    }
  }
}

/** Probability that a heralded Pauli-mixture channel raises its herald (state independent). */
function heraldProbability(ch: KrausChannel): number {
  let p = 0;
  const mix = ch.pauliMixture;
  if (mix === undefined || ch.heralds === undefined) return 0;
  for (let k = 0; k < mix.probabilities.length; k++) p += ch.heralds[k] * mix.probabilities[k];
  return p;
}
