/**
 * Compilation of a circuit into the frame sampler's flat program: one {@link FrameOp} per
 * instruction (or per run of same-kind targets), with targets decoded into typed arrays,
 * Clifford conjugation reduced to GF(2) matrices, noise channels reduced to an event probability,
 * its precomputed geometric-gap constant and an outcome table. REPEAT blocks stay blocks: the body
 * is compiled once and looped (Gidney, "Stim: a fast stabilizer circuit simulator", Quantum 5, 497
 * (2021), section on the Pauli frame simulator).
 */
import { UnsupportedError, ValidationError } from '../../base/errors.js';
import type { Circuit, Instruction } from '../../circuit/circuit.js';
import { measurementCount } from '../../circuit/circuit.js';
import {
  TARGET_COMBINER,
  TARGET_PAULI_X,
  TARGET_PAULI_Z,
  TARGET_RECORD,
  TARGET_SWEEP,
  TARGET_VALUE_MASK,
} from '../../circuit/target.js';
import type { Gate } from '../../gates/gate.js';
import { GATE_FLAGS } from '../../gates/gate.js';
import { cliffordAction } from '../../gates/clifford-action.js';
import { CX_MATRIX, CZ_MATRIX, IDENTITY2_MATRIX, SWAP_MATRIX, gateMatrix } from './frame-clifford.js';

/**
 * Opcodes of the frame program. Single-qubit Cliffords act on a qubit's frame bits (x, z) by one
 * of the six invertible 2×2 GF(2) matrices (Pauli frames ignore signs), named by what they do.
 */
export const FRAME_OP = {
  /** x ↔ z (H, SQRT_Y, ...). */
  SQ_SWAP: 1,
  /** z ^= x (S, S_DAG, H_XY, ...). */
  SQ_Z_XOR_X: 2,
  /** x ^= z (SQRT_X, H_YZ, ...). */
  SQ_X_XOR_Z: 3,
  /** (x, z) ← (x ^ z, x) (C_XYZ family). */
  SQ_CYCLE_XYZ: 4,
  /** (x, z) ← (z, x ^ z) (C_ZYX family). */
  SQ_CYCLE_ZYX: 5,
  /** CX on pairs: x_t ^= x_c, z_c ^= z_t. */
  CX: 6,
  /** CZ on pairs: z_a ^= x_b, z_b ^= x_a. */
  CZ: 7,
  /** SWAP on pairs. */
  SWAP: 8,
  /** Any other two-qubit Clifford: a 4×4 GF(2) matrix in {@link FrameOp.index}. */
  TWO_QUBIT: 9,
  /** Classically controlled Paulis: aux = [lookback, qubit, paulibits]* (x = 1, z = 2). */
  FEEDBACK: 10,
  /** Measurement in basis {@link FrameOp.index} (0 Z, 1 X, 2 Y) of each target; p = flip probability. */
  MEASURE: 11,
  /** Measure then reset in basis index. */
  MEASURE_RESET: 12,
  /** Reset in basis index. */
  RESET: 13,
  /** Pauli-product measurements (MPP, MXX, MYY, MZZ): aux = products (see {@link FrameOp.aux}). */
  MPP: 14,
  /** Pauli-product rotations SPP / SPP_DAG (the same on frames). */
  SPP: 15,
  /** A Pauli channel sampled by geometric gaps; targets in groups of {@link FrameOp.index} (1 or 2). */
  NOISE: 16,
  /** X/Y/Z_ERROR with large p: dense Bernoulli words; aux[0] = pauli bits. */
  NOISE_DENSE: 17,
  /** E / CORRELATED_ERROR: starts an else-chain; aux = [qubit, paulibits]*. */
  CORRELATED: 18,
  /** ELSE_CORRELATED_ERROR: applies only in shots where the chain has not fired. */
  ELSE_CORRELATED: 19,
  /** HERALDED_ERASE / HERALDED_PAULI_CHANNEL_1: a herald result per target plus a Pauli. */
  HERALDED: 20,
  /** MPAD: results whose frame flip is 0 (the value is in the reference); p = flip probability. */
  MPAD: 21,
  /** DETECTOR: targets = lookbacks. */
  DETECTOR: 22,
  /** OBSERVABLE_INCLUDE(index): targets = lookbacks, aux = [qubit, paulibits]*. */
  OBSERVABLE: 23,
  /** REPEAT: body looped {@link FrameOp.reps} times. */
  REPEAT: 24,
  /** LEAK(p) (extension, frame-leakage.ts): each target leaks with probability p. */
  LEAK: 25,
  /** SEEP(p): each leaked target returns with probability p, with a random frame. */
  SEEP: 26,
  /** LRU: every leaked target returns, with a random frame. */
  LRU: 27,
  /** Hook after a two-qubit layer (pairs in targets): partners of leaked qubits get random Paulis. */
  LEAK_PARTNERS: 28,
  /** Hook before a measurement (qubits in targets): leaked qubits get random frames. */
  LEAK_MEASURE: 29,
} as const;

/** Pauli bits used in aux tables: bit 0 = X component, bit 1 = Z component (Y = 3). */
export const PAULI_BIT_X = 1;
export const PAULI_BIT_Z = 2;

/** Measurement bases in {@link FrameOp.index} for MEASURE / MEASURE_RESET / RESET. */
export const BASIS_Z = 0;
export const BASIS_X = 1;
export const BASIS_Y = 2;

/**
 * Above this probability X/Y/Z_ERROR and measurement flips use dense Bernoulli words (about 32
 * random words per 32 shots) instead of geometric gaps (one logarithm per event): at p ≈ 0.05 the
 * two cost about the same.
 */
export const DENSE_THRESHOLD = 0.05;

const EMPTY_I32 = new Int32Array(0);
const EMPTY_F64 = new Float64Array(0);

/**
 * One instruction of the frame program. Every op has the same fields (monomorphic for the JIT);
 * unused fields hold empty arrays or 0. Immutable after compilation.
 */
export class FrameOp {
  /** One of {@link FRAME_OP}. */
  readonly code: number;
  /** Qubits (gates, measurements, noise) or lookbacks k of rec[-k] (DETECTOR, OBSERVABLE). */
  readonly targets: Int32Array;
  /**
   * Extra integer data. Pauli products (MPP, SPP): [n, q1, bits1, ..., qn, bitsn]* one product
   * after another, qubits distinct within a product; E/ELSE/OBSERVABLE: [q, bits]*; NOISE and
   * HERALDED: the outcome masks (bit 0 x on the first qubit, bit 1 z on the first, bit 2 x on the
   * second, bit 3 z on the second); FEEDBACK: [lookback, qubit, bits]*.
   */
  readonly aux: Int32Array;
  /** NOISE / HERALDED: cumulative conditional outcome probabilities (last = 1). */
  readonly cum: Float64Array;
  /** Event (or flip) probability in [0, 1]; 0 when the op has none. */
  readonly p: number;
  /** 1 / ln(1 − p) (≤ 0; −0 for p = 1), the geometric-gap constant; 0 when p = 0. */
  readonly invLogQ: number;
  /** True when measurement flips (or the NOISE_DENSE op) use dense Bernoulli words. */
  readonly dense: boolean;
  /** NOISE: all outcomes equally likely (DEPOLARIZE1/2), so the outcome is ⌊u · K⌋ without a scan. */
  readonly uniform: boolean;
  /**
   * Op-specific integer: basis (measure/reset), group size (NOISE), matrix bits (TWO_QUBIT),
   * observable index (OBSERVABLE), number of products (MPP/SPP), results (MPAD).
   */
  readonly index: number;
  /** Number of measurement results this op appends (once per execution). */
  readonly numResults: number;
  /** REPEAT body (empty otherwise). */
  readonly body: FrameOp[];
  /** REPEAT count (0 otherwise). */
  readonly reps: number;

  constructor(
    code: number,
    targets: Int32Array,
    fields: {
      aux?: Int32Array;
      cum?: Float64Array;
      p?: number;
      index?: number;
      numResults?: number;
      body?: FrameOp[];
      reps?: number;
      dense?: boolean;
    } = {},
  ) {
    this.code = code;
    this.targets = targets;
    this.aux = fields.aux ?? EMPTY_I32;
    this.cum = fields.cum ?? EMPTY_F64;
    const p = fields.p ?? 0;
    this.p = p;
    this.invLogQ = p <= 0 ? 0 : p >= 1 ? -0 : 1 / Math.log1p(-p);
    this.dense = fields.dense ?? false;
    const cum = this.cum;
    let uniform = cum.length > 1;
    for (let k = 0; k < cum.length && uniform; k++)
      if (Math.abs(cum[k] - (k + 1) / cum.length) > 1e-12) uniform = false;
    this.uniform = uniform;
    this.index = fields.index ?? 0;
    this.numResults = fields.numResults ?? 0;
    this.body = fields.body ?? [];
    this.reps = fields.reps ?? 0;
  }
}

/** A compiled circuit: the op list plus the sizes the executor allocates for. */
export interface FrameProgram {
  readonly ops: FrameOp[];
  readonly numQubits: number;
  readonly numMeasurements: number;
  readonly numDetectors: number;
  readonly numObservables: number;
  /** Largest k of any rec[-k] (0 when none). */
  readonly maxLookback: number;
  /** Largest number of results one op appends. */
  readonly maxResultsPerOp: number;
  /** True when compiled with the leakage extension (the batch then keeps a table of leaked bits). */
  readonly leakage?: boolean;
}

/**
 * A compile-time extension of the frame program for instructions beyond Stim's stabilizer set that
 * the frame sampler can still run (the leakage instructions: `LEAKAGE_EXTENSION` in
 * frame-leakage.ts). Circuits compiled without one get exactly the plain program.
 */
export interface FrameCompileExtension {
  /** Compiles `inst` into `ops` and returns true when the extension owns it; false otherwise. */
  compile(inst: Instruction, ops: FrameOp[]): boolean;
  /** Called after the ops of every other instruction were appended (from index `start`): adds hooks. */
  after(ops: FrameOp[], start: number): void;
}

/**
 * Compiles `circuit` for the frame sampler. O(instructions + targets); REPEAT bodies compiled once.
 * `extension` compiles the instructions it owns and adds hooks (the leakage extension).
 * @throws UnsupportedError naming the first gate a stabilizer simulator cannot run (non-Clifford
 *   unitaries, non-Pauli channels), with a pointer to the state-vector simulator.
 * @throws ValidationError for malformed instructions (odd pair counts, dangling `*`).
 */
export function compileFrameProgram(circuit: Circuit, extension?: FrameCompileExtension): FrameProgram {
  const stats = circuit.stats();
  const ctx: CompileContext = { maxLookback: 0, maxResultsPerOp: 0, extension };
  const ops = compileBlock(circuit, ctx);
  return {
    ops,
    numQubits: stats.numQubits,
    numMeasurements: stats.numMeasurements,
    numDetectors: stats.numDetectors,
    numObservables: stats.numObservables,
    maxLookback: ctx.maxLookback,
    maxResultsPerOp: ctx.maxResultsPerOp,
    leakage: extension !== undefined,
  };
}

interface CompileContext {
  maxLookback: number;
  maxResultsPerOp: number;
  readonly extension: FrameCompileExtension | undefined;
}

function compileBlock(circuit: Circuit, ctx: CompileContext): FrameOp[] {
  const ops: FrameOp[] = [];
  for (const item of circuit.items) {
    if (item.kind === 'repeat') {
      const body = compileBlock(item.body, ctx);
      if (body.length > 0 && item.repetitions > 0)
        ops.push(new FrameOp(FRAME_OP.REPEAT, EMPTY_I32, { body, reps: item.repetitions }));
      continue;
    }
    const ext = ctx.extension;
    if (ext === undefined) compileInstruction(item, ops, ctx);
    else if (!ext.compile(item, ops)) {
      const start = ops.length;
      compileInstruction(item, ops, ctx);
      ext.after(ops, start);
    }
  }
  return ops;
}

/** (x, z) bits of a Pauli letter. */
function letterBits(c: string): number {
  switch (c) {
    case 'X':
      return PAULI_BIT_X;
    case 'Z':
      return PAULI_BIT_Z;
    case 'Y':
      return PAULI_BIT_X | PAULI_BIT_Z;
    default:
      return 0;
  }
}

/** Matrices (as {@link cliffordFrameMatrix}) of the single-qubit classes, by opcode. */
const SQ_CLASSES: readonly [number, number][] = [
  // bit (out*2 + in): out 0 = x, 1 = z; in 0 = x, 1 = z.
  [0b1001, 0], // identity: x←x, z←z
  [0b0110, FRAME_OP.SQ_SWAP], // x←z, z←x
  [0b1101, FRAME_OP.SQ_Z_XOR_X], // x←x, z←x^z
  [0b1011, FRAME_OP.SQ_X_XOR_Z], // x←x^z, z←z
  [0b0111, FRAME_OP.SQ_CYCLE_XYZ], // x←x^z, z←x
  [0b1110, FRAME_OP.SQ_CYCLE_ZYX], // x←z, z←x^z
];

function unsupported(gate: Gate): UnsupportedError {
  return new UnsupportedError(
    `gate ${gate.name} is not supported by the frame (Pauli-frame) sampler: it simulates only Clifford gates, ` +
      `Pauli noise, measurements and resets. Use the state-vector simulator (src/sim/state-vector/) for ` +
      `circuits with ${gate.name}.`,
    { gate: gate.name },
  );
}

/** The Pauli (bits) a classical control on position `c` of a controlled-Pauli pair applies to the other qubit. */
function feedbackPauli(gate: Gate, c: number): number {
  const act = cliffordAction(gate);
  if (act === undefined) throw unsupported(gate);
  // Controlled-P with a Z-type control c maps X_c to X_c ⊗ P on the other qubit; the (x, z) bit
  // pair of a target in PauliBits is PAULI_BIT_X | PAULI_BIT_Z.
  return (act.images[2 * c] >>> (2 * (1 - c))) & (PAULI_BIT_X | PAULI_BIT_Z);
}

/**
 * Splits a product-target list (`X0*Y1 Z2`) into products; each product is combined per qubit
 * (X0*Z0 acts as Y0 on frames) and appended to `out` as [n, q1, b1, ...]. Returns the number of
 * products.
 */
function compileProducts(inst: Instruction, out: number[]): number {
  const t = inst.targets;
  let count = 0;
  let i = 0;
  while (i < t.length) {
    const acc = new Map<number, number>();
    for (;;) {
      const tt = t[i];
      if ((tt & TARGET_COMBINER) !== 0)
        throw new ValidationError(`${inst.gate.name}: dangling '*' in a Pauli product`, {
          gate: inst.gate.name,
        });
      const q = tt & TARGET_VALUE_MASK;
      const bits =
        ((tt & TARGET_PAULI_X) !== 0 ? PAULI_BIT_X : 0) | ((tt & TARGET_PAULI_Z) !== 0 ? PAULI_BIT_Z : 0);
      acc.set(q, (acc.get(q) ?? 0) ^ bits);
      i++;
      if (i < t.length && (t[i] & TARGET_COMBINER) !== 0) {
        i++;
        if (i >= t.length)
          throw new ValidationError(`${inst.gate.name}: dangling '*' in a Pauli product`, {
            gate: inst.gate.name,
          });
        continue;
      }
      break;
    }
    const entries = [...acc.entries()].filter(([, b]) => b !== 0);
    out.push(entries.length);
    for (const [q, b] of entries) out.push(q, b);
    count++;
  }
  return count;
}

/** Qubit targets (inversion stripped) of an instruction whose targets are all qubits. */
function qubitTargets(inst: Instruction): Int32Array {
  const t = inst.targets;
  const out = new Int32Array(t.length);
  for (let i = 0; i < t.length; i++) out[i] = t[i] & TARGET_VALUE_MASK;
  return out;
}

/**
 * Appends ops for an instruction to `ops`: checks that the frame sampler can run it, then hands
 * it to the handler of its family (measurements and resets, noise channels, annotations, unitary
 * Cliffords).
 */
function compileInstruction(inst: Instruction, ops: FrameOp[], ctx: CompileContext): void {
  const gate = inst.gate;
  const f = gate.flags;
  if ((f & GATE_FLAGS.STABILIZER) === 0 || (f & GATE_FLAGS.NON_PAULI_NOISE) !== 0) throw unsupported(gate);
  const nres = measurementCount(inst);
  if (nres > ctx.maxResultsPerOp) ctx.maxResultsPerOp = nres;
  for (const t of inst.targets)
    if ((t & TARGET_RECORD) !== 0) ctx.maxLookback = Math.max(ctx.maxLookback, t & TARGET_VALUE_MASK);
  if (compileMeasurement(inst, ops, nres) || compileNoise(inst, ops, nres) || compileAnnotation(inst, ops))
    return;
  if ((f & GATE_FLAGS.UNITARY) === 0 || gate.tableau === undefined) throw unsupported(gate);
  if (gate.arity === 1) {
    const m = gateMatrix(gate);
    const cls = SQ_CLASSES.find(([mm]) => mm === m);
    if (cls === undefined) throw unsupported(gate);
    if (cls[1] !== 0 && inst.targets.length > 0) ops.push(new FrameOp(cls[1], qubitTargets(inst)));
    return;
  }
  if (gate.arity !== 2) throw unsupported(gate);
  compileTwoQubit(inst, ops);
}

/**
 * Measurements, resets, Pauli-product measurements and rotations, and MPAD: appends their ops and
 * returns true, or returns false for an instruction of another family.
 */
function compileMeasurement(inst: Instruction, ops: FrameOp[], nres: number): boolean {
  const gate = inst.gate;
  const p0 = inst.args.length > 0 ? inst.args[0] : 0;
  switch (gate.name) {
    case 'M':
    case 'MX':
    case 'MY':
    case 'MR':
    case 'MRX':
    case 'MRY':
    case 'R':
    case 'RX':
    case 'RY': {
      if (inst.targets.length === 0) return true;
      const basis = gate.name.endsWith('X') ? BASIS_X : gate.name.endsWith('Y') ? BASIS_Y : BASIS_Z;
      const code =
        gate.name[0] === 'R'
          ? FRAME_OP.RESET
          : gate.name.startsWith('MR')
            ? FRAME_OP.MEASURE_RESET
            : FRAME_OP.MEASURE;
      ops.push(
        new FrameOp(code, qubitTargets(inst), {
          index: basis,
          p: code === FRAME_OP.RESET ? 0 : p0,
          dense: p0 > DENSE_THRESHOLD,
          numResults: nres,
        }),
      );
      return true;
    }
    case 'MPP':
    case 'SPP':
    case 'SPP_DAG': {
      const aux: number[] = [];
      const n = compileProducts(inst, aux);
      if (n === 0) return true;
      const isMeasure = gate.name === 'MPP';
      ops.push(
        new FrameOp(isMeasure ? FRAME_OP.MPP : FRAME_OP.SPP, EMPTY_I32, {
          aux: Int32Array.from(aux),
          index: n,
          p: isMeasure ? p0 : 0,
          dense: p0 > DENSE_THRESHOLD,
          numResults: nres,
        }),
      );
      return true;
    }
    case 'MXX':
    case 'MYY':
    case 'MZZ': {
      const bits = letterBits(gate.name[1]);
      const t = inst.targets;
      if (t.length === 0) return true;
      const aux: number[] = [];
      for (let i = 0; i + 1 < t.length; i += 2) {
        const a = t[i] & TARGET_VALUE_MASK;
        const b = t[i + 1] & TARGET_VALUE_MASK;
        if (a === b) aux.push(0);
        else aux.push(2, a, bits, b, bits);
      }
      ops.push(
        new FrameOp(FRAME_OP.MPP, EMPTY_I32, {
          aux: Int32Array.from(aux),
          index: t.length >>> 1,
          p: p0,
          dense: p0 > DENSE_THRESHOLD,
          numResults: nres,
        }),
      );
      return true;
    }
    case 'MPAD':
      if (inst.targets.length === 0) return true;
      ops.push(
        new FrameOp(FRAME_OP.MPAD, EMPTY_I32, {
          index: nres,
          numResults: nres,
          p: p0,
          dense: p0 > DENSE_THRESHOLD,
        }),
      );
      return true;
    default:
      return false;
  }
}

/** Pauli noise channels: appends their ops and returns true, or returns false for another family. */
function compileNoise(inst: Instruction, ops: FrameOp[], nres: number): boolean {
  const gate = inst.gate;
  const args = inst.args;
  const p0 = args.length > 0 ? args[0] : 0;
  switch (gate.name) {
    case 'X_ERROR':
    case 'Y_ERROR':
    case 'Z_ERROR': {
      if (p0 <= 0 || inst.targets.length === 0) return true;
      const bits = letterBits(gate.name[0]);
      if (p0 > DENSE_THRESHOLD)
        ops.push(
          new FrameOp(FRAME_OP.NOISE_DENSE, qubitTargets(inst), {
            aux: Int32Array.of(bits),
            p: p0,
            dense: true,
          }),
        );
      else
        ops.push(
          new FrameOp(FRAME_OP.NOISE, qubitTargets(inst), {
            aux: Int32Array.of(bits),
            cum: Float64Array.of(1),
            p: p0,
            index: 1,
          }),
        );
      return true;
    }
    case 'DEPOLARIZE1':
    case 'DEPOLARIZE2':
    case 'PAULI_CHANNEL_1':
    case 'PAULI_CHANNEL_2': {
      const arity = gate.name.endsWith('2') ? 2 : 1;
      const numOutcomes = arity === 1 ? 3 : 15;
      let probs: number[];
      if (gate.name.startsWith('DEPOLARIZE')) probs = new Array<number>(numOutcomes).fill(p0 / numOutcomes);
      else probs = [...args];
      pushChannel(ops, qubitTargets(inst), arity, probs);
      return true;
    }
    case 'E':
    case 'ELSE_CORRELATED_ERROR': {
      const aux: number[] = [];
      for (const t of inst.targets) {
        const bits =
          ((t & TARGET_PAULI_X) !== 0 ? PAULI_BIT_X : 0) | ((t & TARGET_PAULI_Z) !== 0 ? PAULI_BIT_Z : 0);
        aux.push(t & TARGET_VALUE_MASK, bits);
      }
      const code = gate.name === 'E' ? FRAME_OP.CORRELATED : FRAME_OP.ELSE_CORRELATED;
      if (code === FRAME_OP.ELSE_CORRELATED && p0 <= 0) return true;
      ops.push(new FrameOp(code, EMPTY_I32, { aux: Int32Array.from(aux), p: p0 }));
      return true;
    }
    case 'HERALDED_ERASE':
    case 'HERALDED_PAULI_CHANNEL_1': {
      if (inst.targets.length === 0) return true;
      // Outcomes I, X, Y, Z after the herald fires.
      const w =
        gate.name === 'HERALDED_ERASE'
          ? [p0 / 4, p0 / 4, p0 / 4, p0 / 4]
          : [args[0], args[1], args[2], args[3]];
      const total = w[0] + w[1] + w[2] + w[3];
      const cum = new Float64Array(4);
      let acc = 0;
      for (let k = 0; k < 4; k++) {
        acc += w[k];
        cum[k] = total > 0 ? acc / total : 1;
      }
      cum[3] = 1;
      ops.push(
        new FrameOp(FRAME_OP.HERALDED, qubitTargets(inst), {
          aux: Int32Array.of(0, PAULI_BIT_X, PAULI_BIT_X | PAULI_BIT_Z, PAULI_BIT_Z),
          cum,
          p: Math.min(1, total),
          numResults: nres,
        }),
      );
      return true;
    }
    default:
      return false;
  }
}

/**
 * Annotations (TICK, coordinates, identity noise, DETECTOR, OBSERVABLE_INCLUDE): appends their
 * ops and returns true, or returns false for another family.
 */
function compileAnnotation(inst: Instruction, ops: FrameOp[]): boolean {
  const p0 = inst.args.length > 0 ? inst.args[0] : 0;
  switch (inst.gate.name) {
    case 'TICK':
    case 'QUBIT_COORDS':
    case 'SHIFT_COORDS':
    case 'I_ERROR':
    case 'II_ERROR':
      return true;
    case 'DETECTOR': {
      const look: number[] = [];
      for (const t of inst.targets) if ((t & TARGET_RECORD) !== 0) look.push(t & TARGET_VALUE_MASK);
      ops.push(new FrameOp(FRAME_OP.DETECTOR, Int32Array.from(look)));
      return true;
    }
    case 'OBSERVABLE_INCLUDE': {
      const look: number[] = [];
      const aux: number[] = [];
      for (const t of inst.targets) {
        if ((t & TARGET_RECORD) !== 0) look.push(t & TARGET_VALUE_MASK);
        else if ((t & (TARGET_PAULI_X | TARGET_PAULI_Z)) !== 0)
          aux.push(
            t & TARGET_VALUE_MASK,
            ((t & TARGET_PAULI_X) !== 0 ? PAULI_BIT_X : 0) | ((t & TARGET_PAULI_Z) !== 0 ? PAULI_BIT_Z : 0),
          );
      }
      ops.push(
        new FrameOp(FRAME_OP.OBSERVABLE, Int32Array.from(look), { aux: Int32Array.from(aux), index: p0 }),
      );
      return true;
    }
    default:
      return false;
  }
}

/** Two-qubit Cliffords, splitting runs of classically controlled pairs into FEEDBACK ops. */
function compileTwoQubit(inst: Instruction, ops: FrameOp[]): void {
  const gate = inst.gate;
  const m = gateMatrix(gate);
  if (m === IDENTITY2_MATRIX) return;
  const code =
    m === CX_MATRIX
      ? FRAME_OP.CX
      : m === CZ_MATRIX
        ? FRAME_OP.CZ
        : m === SWAP_MATRIX
          ? FRAME_OP.SWAP
          : FRAME_OP.TWO_QUBIT;
  const t = inst.targets;
  if (t.length % 2 !== 0)
    throw new ValidationError(`${gate.name} takes qubit pairs, got ${t.length} targets`, { gate: gate.name });
  const BIT = TARGET_RECORD | TARGET_SWEEP;
  let quantum: number[] = [];
  let feedback: number[] = [];
  const flushQuantum = (): void => {
    if (quantum.length > 0) ops.push(new FrameOp(code, Int32Array.from(quantum), { index: m }));
    quantum = [];
  };
  const flushFeedback = (): void => {
    if (feedback.length > 0)
      ops.push(new FrameOp(FRAME_OP.FEEDBACK, EMPTY_I32, { aux: Int32Array.from(feedback) }));
    feedback = [];
  };
  for (let i = 0; i < t.length; i += 2) {
    const a = t[i];
    const b = t[i + 1];
    const aBit = (a & BIT) !== 0;
    const bBit = (b & BIT) !== 0;
    if (!aBit && !bBit) {
      flushFeedback();
      quantum.push(a & TARGET_VALUE_MASK, b & TARGET_VALUE_MASK);
      continue;
    }
    flushQuantum();
    if (aBit && bBit) continue; // classical ⊗ classical: nothing happens to qubits
    const c = aBit ? 0 : 1;
    const ctl = aBit ? a : b;
    const q = (aBit ? b : a) & TARGET_VALUE_MASK;
    if ((ctl & TARGET_SWEEP) !== 0) continue; // sweep bits are 0 here (as in the reference)
    if ((gate.flags & GATE_FLAGS.CAN_TARGET_BITS) === 0) throw unsupported(gate);
    const bits = feedbackPauli(gate, c);
    if (bits !== 0) feedback.push(ctl & TARGET_VALUE_MASK, q, bits);
  }
  flushQuantum();
  flushFeedback();
}

/**
 * Appends a NOISE op for a Pauli channel with per-outcome probabilities `probs` (3 for one qubit
 * in the order X, Y, Z; 15 for two qubits in Stim's order IX, IY, IZ, XI, ..., ZZ where the first
 * letter is the first target). Zero-probability outcomes are dropped.
 */
function pushChannel(ops: FrameOp[], targets: Int32Array, arity: number, probs: number[]): void {
  if (targets.length === 0) return;
  const masks: number[] = [];
  const weights: number[] = [];
  for (let k = 0; k < probs.length; k++) {
    if (!(probs[k] > 0)) continue;
    let mask: number;
    if (arity === 1) mask = pauliIndexBits(k + 1);
    else {
      const i = k + 1;
      mask = pauliIndexBits(i >>> 2) | (pauliIndexBits(i & 3) << 2);
    }
    masks.push(mask);
    weights.push(probs[k]);
  }
  let total = 0;
  for (const w of weights) total += w;
  if (!(total > 0)) return;
  const cum = new Float64Array(weights.length);
  let acc = 0;
  for (let k = 0; k < weights.length; k++) {
    acc += weights[k];
    cum[k] = acc / total;
  }
  cum[weights.length - 1] = 1;
  ops.push(
    new FrameOp(FRAME_OP.NOISE, targets, {
      aux: Int32Array.from(masks),
      cum,
      p: Math.min(1, total),
      index: arity,
    }),
  );
}

/** Frame bits of Pauli index 0 = I, 1 = X, 2 = Y, 3 = Z. */
function pauliIndexBits(k: number): number {
  return k === 1 ? PAULI_BIT_X : k === 2 ? PAULI_BIT_X | PAULI_BIT_Z : k === 3 ? PAULI_BIT_Z : 0;
}
