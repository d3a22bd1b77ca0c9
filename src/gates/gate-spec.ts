/**
 * Builders of the gate table's records ({@link GateSpec}): matrix entries written as in Stim's docs,
 * help text, and the flag sets and shapes shared by a family. Used only while the table is built
 * (`gate-data.ts` and the family files `*-gates.ts`).
 */
import type { GateCategory } from './gate.js';
import { GATE_FLAGS } from './gate.js';

/** Short name of {@link GATE_FLAGS} for the table. */
export const F = GATE_FLAGS;

/** Flags shared by every Stim-native gate: the stabilizer simulators accept them. */
export const STIM = F.STABILIZER;
/** Flags of a single-qubit Clifford. */
export const CLIFFORD_1 = F.UNITARY | STIM;
/** Flags of a two-qubit Clifford (targets in distinct pairs). */
export const CLIFFORD_2 = F.UNITARY | STIM | F.TARGETS_PAIRS | F.TARGETS_DISTINCT_PAIRS;
/** Flags of a single-qubit noise channel. */
export const NOISE_1 = F.NOISE | F.ARGS_ARE_PROBABILITIES | STIM;
/** Flags of a two-qubit noise channel. */
export const NOISE_2 = NOISE_1 | F.TARGETS_PAIRS | F.TARGETS_DISTINCT_PAIRS;
/** Flags of a single-qubit measurement (optional flip probability, invertible targets). */
export const MEASURE =
  F.PRODUCES_RESULTS | F.ARGS_ARE_PROBABILITIES | F.TARGETS_INVERTIBLE | F.IS_MEASUREMENT | STIM;
/** Flags of a single-qubit reset. */
export const RESET = F.RESET | F.IS_MEASUREMENT | STIM;

/**
 * Parses one matrix entry written like Stim's docs: `0`, `1`, `-1`, `i`, `-i`, `1+i`, `-1-i`, or
 * a decimal real part (`0.5`). Only used while building the table.
 */
export function entry(text: string): [number, number] {
  const t = text.replace(/\s+/g, '');
  const m = /^([+-]?(?:\d+(?:\.\d+)?)?)(?:([+-])(\d+(?:\.\d+)?)?i)?$/.exec(t);
  const pureImag = /^([+-]?)(\d+(?:\.\d+)?)?i$/.exec(t);
  if (pureImag !== null) {
    const mag = pureImag[2] === undefined ? 1 : Number(pureImag[2]);
    return [0, pureImag[1] === '-' ? -mag : mag];
  }
  if (m === null || m[1] === '' || m[1] === '+' || m[1] === '-')
    throw new Error(`gate-data: bad matrix entry '${text}'`);
  const re = Number(m[1]);
  let im = 0;
  if (m[2] !== undefined) im = (m[2] === '-' ? -1 : 1) * (m[3] === undefined ? 1 : Number(m[3]));
  return [re, im];
}

/** A matrix from rows of entry strings, every entry multiplied by the real `scale`. */
export function mat(rows: readonly (readonly string[])[], scale = 1): Float64Array {
  const n = rows.length;
  const out = new Float64Array(2 * n * n);
  for (let r = 0; r < n; r++) {
    if (rows[r].length !== n) throw new Error('gate-data: matrix is not square');
    for (let c = 0; c < n; c++) {
      const [re, im] = entry(rows[r][c]);
      out[2 * (r * n + c)] = re * scale + 0;
      out[2 * (r * n + c) + 1] = im * scale + 0;
    }
  }
  return out;
}

/** A diagonal matrix of unit-modulus entries e^{iφ_k}. */
export function diagPhases(phases: readonly number[]): Float64Array {
  const n = phases.length;
  const out = new Float64Array(2 * n * n);
  for (let k = 0; k < n; k++) {
    out[2 * (k * n + k)] = Math.cos(phases[k]);
    out[2 * (k * n + k) + 1] = Math.sin(phases[k]);
  }
  return out;
}

/** A permutation matrix: column c has its 1 in row perm[c] (|c⟩ ↦ |perm[c]⟩). */
export function permutation(perm: readonly number[]): Float64Array {
  const n = perm.length;
  const out = new Float64Array(2 * n * n);
  for (let c = 0; c < n; c++) out[2 * (perm[c] * n + c)] = 1;
  return out;
}

/** 1/√2, the entry scale of Hadamard-like matrices. */
export const H = Math.SQRT1_2;

/** One record as written in a family file; `gate-data.ts` turns it into a frozen `Gate` with its id. */
export interface GateSpec {
  name: string;
  aliases?: string[];
  flags: number;
  category: GateCategory;
  argCount?: number;
  arity: number;
  inverse?: string;
  unitary?: Float64Array;
  tableau?: string[];
  decomposition?: string;
  help: string;
}

/** Help text: a description paragraph, then the argument and target lines. */
export function help(description: string, args: string, targets: string): string {
  return `${description}\n\nArgs: ${args}\nTargets: ${targets}`;
}
/** Help text pieces shared by many gates. */
export const NO_ARGS = 'none.';
export const QUBITS = 'qubits to operate on.';
export const PAIRS =
  'qubit pairs to operate on (an even number of targets; the two qubits of a pair must differ).';
export const FLIP_ARG =
  'optional probability of flipping each reported result (a classical error), default 0.';

/** The record of a single-qubit Clifford (tableau images of X, Z; unitary; H/S decomposition). */
export function clifford1(
  name: string,
  inverse: string,
  tableau: [string, string],
  unitary: Float64Array,
  decomposition: string,
  description: string,
  aliases: string[] = [],
  category: GateCategory = 'single-qubit-clifford',
): GateSpec {
  return {
    name,
    aliases,
    flags: CLIFFORD_1,
    category,
    arity: 1,
    inverse,
    unitary,
    tableau,
    decomposition,
    help: help(description, NO_ARGS, QUBITS),
  };
}

/** The record of a two-qubit Clifford (tableau images of X0, Z0, X1, Z1; unitary; H/S/CX decomposition). */
export function clifford2(
  name: string,
  inverse: string,
  tableau: [string, string, string, string],
  unitary: Float64Array,
  decomposition: string,
  description: string,
  opts: { aliases?: string[]; bits?: boolean; targets?: string } = {},
): GateSpec {
  return {
    name,
    aliases: opts.aliases ?? [],
    flags: CLIFFORD_2 | (opts.bits === true ? F.CAN_TARGET_BITS : 0),
    category: 'two-qubit-clifford',
    arity: 2,
    inverse,
    unitary,
    tableau,
    decomposition,
    help: help(description, NO_ARGS, opts.targets ?? PAIRS),
  };
}

/** The record of a Pauli noise channel on one qubit or on pairs. */
export function noise(
  name: string,
  arity: 1 | 2,
  argCount: number,
  description: string,
  args: string,
  aliases: string[] = [],
): GateSpec {
  return {
    name,
    aliases,
    flags: arity === 1 ? NOISE_1 : NOISE_2,
    category: 'noise',
    argCount,
    arity,
    help: help(description, args, arity === 1 ? 'qubits to apply the noise to.' : PAIRS),
  };
}
