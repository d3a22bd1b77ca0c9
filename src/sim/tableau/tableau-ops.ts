/**
 * The tableau simulator's opcodes: each gate is classified once (cached by gate id) into a small
 * integer so the hot loop dispatches with a switch over integers, plus the Pauli codes it uses.
 */
import { UnsupportedError } from '../../base/errors.js';
import type { Gate } from '../../gates/gate.js';
import { GATE_FLAGS } from '../../gates/gate.js';

// Opcodes: dispatch by a small integer derived once per gate from its canonical name (cached by
// gate id), so the hot loop is a switch over integers.
export const OP = {
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
  /** LEAK, SEEP, LRU: skipped by the noiseless reference and symbolic runs, refused when sampling. */
  LEAKAGE: 45,
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
export const PAULI_X = 1;
export const PAULI_Y = 2;
export const PAULI_Z = 3;

/** Pauli code (1 = X, 2 = Y, 3 = Z) of Stim's index order I, X, Y, Z. */
export const STIM_PAULI = [0, PAULI_X, PAULI_Y, PAULI_Z];

/** The opcode of a gate (by its name and aliases; GENERIC for other Clifford unitaries). */
export function classify(gate: Gate): number {
  const names = [gate.name, ...gate.aliases];
  for (const nm of names) {
    const op = OP_BY_NAME[nm.toUpperCase()];
    if (op !== undefined) return op;
  }
  const f = gate.flags;
  if ((f & GATE_FLAGS.STABILIZER) !== 0 && (f & GATE_FLAGS.UNITARY) !== 0 && gate.tableau !== undefined)
    return OP.GENERIC;
  if ((f & GATE_FLAGS.LEAKAGE) !== 0) return OP.LEAKAGE;
  throw unsupported(gate);
}

/** The error for a gate the tableau simulator cannot run. */
export function unsupported(gate: Gate): UnsupportedError {
  if ((gate.flags & GATE_FLAGS.LEAKAGE) !== 0)
    return new UnsupportedError(
      `gate ${gate.name} is a leakage instruction (an extension, not in Stim) that only the frame sampler ` +
        `runs (compileSampler, qec detect, qec collect); the tableau (stabilizer) simulator does not model leakage`,
      { gate: gate.name },
    );
  return new UnsupportedError(
    `gate ${gate.name} is not supported by the tableau (stabilizer) simulator: it simulates only Clifford ` +
      `gates, Pauli noise, measurements and resets. Use the state-vector simulator (src/sim/state-vector/) ` +
      `for circuits with ${gate.name}.`,
    { gate: gate.name },
  );
}
