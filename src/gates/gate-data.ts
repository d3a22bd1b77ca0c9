/**
 * The gate table: one {@link Gate} record per instruction of Stim's circuit language (Stim 1.16:
 * names, aliases, argument counts, target rules, unitaries, stabilizer tableaus and H/S/CX
 * decompositions, following Stim's `doc/gates.md`), plus a few clearly marked extensions for the
 * exact (state-vector / density-matrix) simulators.
 *
 * Extensions beyond Stim (they lack {@link GATE_FLAGS.STABILIZER}, so stabilizer simulators
 * reject them with a clear error):
 * - `T`, `T_DAG`: diag(1, e^{±iπ/4}).
 * - `ROT_X(θ)`, `ROT_Y(θ)`, `ROT_Z(θ)`: exp(−iθP/2), θ in radians. **Not `RX`/`RY`/`RZ`**: in
 *   Stim's language `RX` and `RY` are the X- and Y-basis *resets* and `RZ` is an alias of the
 *   Z-basis reset `R`, so the rotations get the non-clashing names `ROT_*`. OpenQASM's `rx`,
 *   `ry`, `rz` map to `ROT_X`, `ROT_Y`, `ROT_Z`.
 * - `U3(θ, φ, λ)`: OpenQASM's general single-qubit gate
 *   [[cos(θ/2), −e^{iλ} sin(θ/2)], [e^{iφ} sin(θ/2), e^{i(φ+λ)} cos(θ/2)]].
 * - `CCX` (alias `TOFFOLI`): targets in triples, controls first two; `CSWAP` (alias `FREDKIN`):
 *   control first, then the swapped pair.
 * - `AMPLITUDE_DAMP(γ)`, `PHASE_DAMP(λ)`: non-Pauli channels ({@link GATE_FLAGS.NON_PAULI_NOISE});
 *   their Kraus operators live in `channels.ts`.
 *
 * Matrix layout: 2^k × 2^k complex entries, row-major, interleaved (re, im), little-endian (bit j
 * of a basis index is the j-th target of one application), as Stim's "Unitary Matrix (little
 * endian)". Tableaus: signed images of X0, Z0 (, X1, Z1) with character j = qubit j.
 *
 * The table is data only: no I/O, no dependency beyond `gate.ts` and `base/errors.ts`.
 */
import { ValidationError } from '../base/errors.js';
import type { Gate, GateCategory } from './gate.js';
import { ARGS_ANY, ARGS_ZERO_OR_ONE, GATE_FLAGS } from './gate.js';

const F = GATE_FLAGS;

/** Flags shared by every Stim-native gate: the stabilizer simulators accept them. */
const STIM = F.STABILIZER;
const CLIFFORD_1 = F.UNITARY | STIM;
const CLIFFORD_2 = F.UNITARY | STIM | F.TARGETS_PAIRS | F.TARGETS_DISTINCT_PAIRS;
const NOISE_1 = F.NOISE | F.ARGS_ARE_PROBABILITIES | STIM;
const NOISE_2 = NOISE_1 | F.TARGETS_PAIRS | F.TARGETS_DISTINCT_PAIRS;
const MEASURE =
  F.PRODUCES_RESULTS | F.ARGS_ARE_PROBABILITIES | F.TARGETS_INVERTIBLE | F.IS_MEASUREMENT | STIM;
const RESET = F.RESET | F.IS_MEASUREMENT | STIM;

/**
 * Parses one matrix entry written like Stim's docs: `0`, `1`, `-1`, `i`, `-i`, `1+i`, `-1-i`, or
 * a decimal real part (`0.5`). Only used while building the table.
 */
function entry(text: string): [number, number] {
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
function mat(rows: readonly (readonly string[])[], scale = 1): Float64Array {
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
function diagPhases(phases: readonly number[]): Float64Array {
  const n = phases.length;
  const out = new Float64Array(2 * n * n);
  for (let k = 0; k < n; k++) {
    out[2 * (k * n + k)] = Math.cos(phases[k]);
    out[2 * (k * n + k) + 1] = Math.sin(phases[k]);
  }
  return out;
}

/** A permutation matrix: column c has its 1 in row perm[c] (|c⟩ ↦ |perm[c]⟩). */
function permutation(perm: readonly number[]): Float64Array {
  const n = perm.length;
  const out = new Float64Array(2 * n * n);
  for (let c = 0; c < n; c++) out[2 * (perm[c] * n + c)] = 1;
  return out;
}

const H = Math.SQRT1_2;

interface GateSpec {
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
function help(description: string, args: string, targets: string): string {
  return `${description}\n\nArgs: ${args}\nTargets: ${targets}`;
}
const NO_ARGS = 'none.';
const QUBITS = 'qubits to operate on.';
const PAIRS = 'qubit pairs to operate on (an even number of targets; the two qubits of a pair must differ).';
const FLIP_ARG = 'optional probability of flipping each reported result (a classical error), default 0.';

function clifford1(
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

function clifford2(
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

function noise(
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

const SPECS: GateSpec[] = [
  // ---- Pauli gates -------------------------------------------------------------------------
  clifford1(
    'I',
    'I',
    ['+X', '+Z'],
    mat([
      ['1', '0'],
      ['0', '1'],
    ]),
    '',
    'The identity gate: does nothing to its targets (they still count as used qubits).',
    [],
    'pauli',
  ),
  clifford1(
    'X',
    'X',
    ['+X', '-Z'],
    mat([
      ['0', '1'],
      ['1', '0'],
    ]),
    'H 0\nS 0\nS 0\nH 0',
    'The Pauli X gate (bit flip).',
    [],
    'pauli',
  ),
  clifford1(
    'Y',
    'Y',
    ['-X', '-Z'],
    mat([
      ['0', '-i'],
      ['i', '0'],
    ]),
    'S 0\nS 0\nH 0\nS 0\nS 0\nH 0',
    'The Pauli Y gate.',
    [],
    'pauli',
  ),
  clifford1(
    'Z',
    'Z',
    ['-X', '+Z'],
    mat([
      ['1', '0'],
      ['0', '-1'],
    ]),
    'S 0\nS 0',
    'The Pauli Z gate (phase flip).',
    [],
    'pauli',
  ),

  // ---- Single-qubit Cliffords: axis cycles ---------------------------------------------------
  clifford1(
    'C_XYZ',
    'C_ZYX',
    ['+Y', '+X'],
    mat(
      [
        ['1-i', '-1-i'],
        ['1-i', '1+i'],
      ],
      0.5,
    ),
    'S 0\nS 0\nS 0\nH 0',
    'Right-handed period-3 axis cycle X -> Y -> Z -> X.',
  ),
  clifford1(
    'C_NXYZ',
    'C_ZYNX',
    ['-Y', '-X'],
    mat(
      [
        ['1+i', '1-i'],
        ['-1-i', '1-i'],
      ],
      0.5,
    ),
    'S 0\nS 0\nS 0\nH 0\nS 0\nS 0',
    'Period-3 axis cycle -X -> Y -> Z -> -X.',
  ),
  clifford1(
    'C_XNYZ',
    'C_ZNYX',
    ['-Y', '+X'],
    mat(
      [
        ['1+i', '-1+i'],
        ['1+i', '1-i'],
      ],
      0.5,
    ),
    'S 0\nH 0',
    'Period-3 axis cycle X -> -Y -> Z -> X.',
  ),
  clifford1(
    'C_XYNZ',
    'C_NZYX',
    ['+Y', '-X'],
    mat(
      [
        ['1-i', '1+i'],
        ['-1+i', '1+i'],
      ],
      0.5,
    ),
    'S 0\nH 0\nS 0\nS 0',
    'Period-3 axis cycle X -> Y -> -Z -> X.',
  ),
  clifford1(
    'C_ZYX',
    'C_XYZ',
    ['+Z', '+Y'],
    mat(
      [
        ['1+i', '1+i'],
        ['-1+i', '1-i'],
      ],
      0.5,
    ),
    'H 0\nS 0',
    'Left-handed period-3 axis cycle Z -> Y -> X -> Z.',
  ),
  clifford1(
    'C_ZYNX',
    'C_NXYZ',
    ['-Z', '+Y'],
    mat(
      [
        ['1-i', '-1+i'],
        ['1+i', '1+i'],
      ],
      0.5,
    ),
    'S 0\nS 0\nH 0\nS 0',
    'Period-3 axis cycle -X -> Z -> Y -> -X.',
  ),
  clifford1(
    'C_ZNYX',
    'C_XNYZ',
    ['+Z', '-Y'],
    mat(
      [
        ['1-i', '1-i'],
        ['-1-i', '1+i'],
      ],
      0.5,
    ),
    'H 0\nS 0\nS 0\nS 0',
    'Period-3 axis cycle X -> Z -> -Y -> X.',
  ),
  clifford1(
    'C_NZYX',
    'C_XYNZ',
    ['-Z', '-Y'],
    mat(
      [
        ['1+i', '-1-i'],
        ['1-i', '1-i'],
      ],
      0.5,
    ),
    'S 0\nS 0\nH 0\nS 0\nS 0\nS 0',
    'Period-3 axis cycle X -> -Z -> Y -> X.',
  ),

  // ---- Single-qubit Cliffords: Hadamard variants ---------------------------------------------
  clifford1(
    'H',
    'H',
    ['+Z', '+X'],
    mat(
      [
        ['1', '1'],
        ['1', '-1'],
      ],
      H,
    ),
    'H 0',
    'The Hadamard gate: swaps the X and Z axes.',
    ['H_XZ'],
  ),
  clifford1(
    'H_XY',
    'H_XY',
    ['+Y', '-Z'],
    mat(
      [
        ['0', '1-i'],
        ['1+i', '0'],
      ],
      H,
    ),
    'H 0\nS 0\nS 0\nH 0\nS 0',
    'A Hadamard variant that swaps the X and Y axes (instead of X and Z).',
  ),
  clifford1(
    'H_YZ',
    'H_YZ',
    ['-X', '+Y'],
    mat(
      [
        ['1', '-i'],
        ['i', '-1'],
      ],
      H,
    ),
    'H 0\nS 0\nH 0\nS 0\nS 0',
    'A Hadamard variant that swaps the Y and Z axes (instead of X and Z).',
  ),
  clifford1(
    'H_NXY',
    'H_NXY',
    ['-Y', '-Z'],
    mat(
      [
        ['0', '1+i'],
        ['1-i', '0'],
      ],
      H,
    ),
    'S 0\nH 0\nS 0\nS 0\nH 0',
    'A Hadamard variant that swaps the -X and +Y axes.',
  ),
  clifford1(
    'H_NXZ',
    'H_NXZ',
    ['-Z', '-X'],
    mat(
      [
        ['-1', '1'],
        ['1', '1'],
      ],
      H,
    ),
    'S 0\nS 0\nH 0\nS 0\nS 0',
    'A Hadamard variant that swaps the -X and +Z axes.',
  ),
  clifford1(
    'H_NYZ',
    'H_NYZ',
    ['-X', '-Y'],
    mat(
      [
        ['-1', '-i'],
        ['i', '1'],
      ],
      H,
    ),
    'S 0\nS 0\nH 0\nS 0\nH 0',
    'A Hadamard variant that swaps the -Y and +Z axes.',
  ),

  // ---- Single-qubit Cliffords: quarter turns -------------------------------------------------
  clifford1(
    'S',
    'S_DAG',
    ['+Y', '+Z'],
    mat([
      ['1', '0'],
      ['0', 'i'],
    ]),
    'S 0',
    'Principal square root of Z: phases the amplitude of |1> by i.',
    ['SQRT_Z'],
  ),
  clifford1(
    'S_DAG',
    'S',
    ['-Y', '+Z'],
    mat([
      ['1', '0'],
      ['0', '-i'],
    ]),
    'S 0\nS 0\nS 0',
    'Adjoint of the principal square root of Z: phases the amplitude of |1> by -i.',
    ['SQRT_Z_DAG'],
  ),
  clifford1(
    'SQRT_X',
    'SQRT_X_DAG',
    ['+X', '-Y'],
    mat(
      [
        ['1+i', '1-i'],
        ['1-i', '1+i'],
      ],
      0.5,
    ),
    'H 0\nS 0\nH 0',
    'Principal square root of X: phases the amplitude of |-> by i.',
  ),
  clifford1(
    'SQRT_X_DAG',
    'SQRT_X',
    ['+X', '+Y'],
    mat(
      [
        ['1-i', '1+i'],
        ['1+i', '1-i'],
      ],
      0.5,
    ),
    'S 0\nH 0\nS 0',
    'Adjoint of the principal square root of X: phases the amplitude of |-> by -i.',
  ),
  clifford1(
    'SQRT_Y',
    'SQRT_Y_DAG',
    ['-Z', '+X'],
    mat(
      [
        ['1+i', '-1-i'],
        ['1+i', '1+i'],
      ],
      0.5,
    ),
    'S 0\nS 0\nH 0',
    'Principal square root of Y: phases the amplitude of |-i> by i.',
  ),
  clifford1(
    'SQRT_Y_DAG',
    'SQRT_Y',
    ['+Z', '-X'],
    mat(
      [
        ['1-i', '1-i'],
        ['-1+i', '1-i'],
      ],
      0.5,
    ),
    'H 0\nS 0\nS 0',
    'Adjoint of the principal square root of Y: phases the amplitude of |-i> by -i.',
  ),

  // ---- Two-qubit Cliffords -------------------------------------------------------------------
  clifford2(
    'CX',
    'CX',
    ['+XX', '+ZI', '+IX', '+ZZ'],
    permutation([0, 3, 2, 1]),
    'CX 0 1',
    'The Z-controlled X gate (CNOT): applies X to the second qubit when the first is |1>. The control may be a measurement record `rec[-k]` or a sweep bit `sweep[k]` (a classically controlled X).',
    {
      aliases: ['CNOT', 'ZCX'],
      bits: true,
      targets: 'pairs (control, target); the control may be rec[-k] or sweep[k].',
    },
  ),
  clifford2(
    'CY',
    'CY',
    ['+XY', '+ZI', '+ZX', '+ZZ'],
    mat([
      ['1', '0', '0', '0'],
      ['0', '0', '0', '-i'],
      ['0', '0', '1', '0'],
      ['0', 'i', '0', '0'],
    ]),
    'S 1\nS 1\nS 1\nCX 0 1\nS 1',
    'The Z-controlled Y gate: applies Y to the second qubit when the first is |1>. The control may be rec[-k] or sweep[k].',
    {
      aliases: ['ZCY'],
      bits: true,
      targets: 'pairs (control, target); the control may be rec[-k] or sweep[k].',
    },
  ),
  clifford2(
    'CZ',
    'CZ',
    ['+XZ', '+ZI', '+ZX', '+IZ'],
    diagPhases([0, 0, 0, Math.PI]),
    'H 1\nCX 0 1\nH 1',
    'The Z-controlled Z gate: negates the amplitude of |11>. Either qubit may be rec[-k] or sweep[k] (a classically controlled Z).',
    { aliases: ['ZCZ'], bits: true, targets: 'qubit pairs; either side may be rec[-k] or sweep[k].' },
  ),
  clifford2(
    'XCX',
    'XCX',
    ['+XI', '+ZX', '+IX', '+XZ'],
    mat(
      [
        ['1', '1', '1', '-1'],
        ['1', '1', '-1', '1'],
        ['1', '-1', '1', '1'],
        ['-1', '1', '1', '1'],
      ],
      0.5,
    ),
    'H 0\nCX 0 1\nH 0',
    'The X-controlled X gate: applies X to the second qubit when the first is |->.',
  ),
  clifford2(
    'XCY',
    'XCY',
    ['+XI', '+ZY', '+XX', '+XZ'],
    mat(
      [
        ['1', '1', '-i', 'i'],
        ['1', '1', 'i', '-i'],
        ['i', '-i', '1', '1'],
        ['-i', 'i', '1', '1'],
      ],
      0.5,
    ),
    'H 0\nS 1\nS 1\nS 1\nCX 0 1\nH 0\nS 1',
    'The X-controlled Y gate: applies Y to the second qubit when the first is |->.',
  ),
  clifford2(
    'XCZ',
    'XCZ',
    ['+XI', '+ZZ', '+XX', '+IZ'],
    permutation([0, 1, 3, 2]),
    'CX 1 0',
    'The X-controlled Z gate (CX with reversed qubit order): applies Z to the second qubit when the first is |->. The second (Z) qubit may be rec[-k] or sweep[k] (a classically controlled X on the first).',
    { bits: true, targets: 'pairs (control, target); the target (second) may be rec[-k] or sweep[k].' },
  ),
  clifford2(
    'YCX',
    'YCX',
    ['+XX', '+ZX', '+IX', '+YZ'],
    mat(
      [
        ['1', '-i', '1', 'i'],
        ['i', '1', '-i', '1'],
        ['1', 'i', '1', '-i'],
        ['-i', '1', 'i', '1'],
      ],
      0.5,
    ),
    'S 0\nS 0\nS 0\nH 1\nCX 1 0\nS 0\nH 1',
    'The Y-controlled X gate: applies X to the second qubit when the first is |-i>.',
  ),
  clifford2(
    'YCY',
    'YCY',
    ['+XY', '+ZY', '+YX', '+YZ'],
    mat(
      [
        ['1', '-i', '-i', '1'],
        ['i', '1', '-1', '-i'],
        ['i', '-1', '1', '-i'],
        ['1', 'i', 'i', '1'],
      ],
      0.5,
    ),
    'S 0\nS 0\nS 0\nS 1\nS 1\nS 1\nH 0\nCX 0 1\nH 0\nS 0\nS 1',
    'The Y-controlled Y gate: applies Y to the second qubit when the first is |-i>.',
  ),
  clifford2(
    'YCZ',
    'YCZ',
    ['+XZ', '+ZZ', '+YX', '+IZ'],
    mat([
      ['1', '0', '0', '0'],
      ['0', '1', '0', '0'],
      ['0', '0', '0', '-i'],
      ['0', '0', 'i', '0'],
    ]),
    'S 0\nS 0\nS 0\nCX 1 0\nS 0',
    'The Y-controlled Z gate (CY with reversed qubit order): applies Z to the second qubit when the first is |-i>. The second (Z) qubit may be rec[-k] or sweep[k] (a classically controlled Y on the first).',
    { bits: true, targets: 'pairs (control, target); the target (second) may be rec[-k] or sweep[k].' },
  ),
  clifford2(
    'SWAP',
    'SWAP',
    ['+IX', '+IZ', '+XI', '+ZI'],
    permutation([0, 2, 1, 3]),
    'CX 0 1\nCX 1 0\nCX 0 1',
    'Swaps two qubits.',
  ),
  clifford2(
    'ISWAP',
    'ISWAP_DAG',
    ['+ZY', '+IZ', '+YZ', '+ZI'],
    mat([
      ['1', '0', '0', '0'],
      ['0', '0', 'i', '0'],
      ['0', 'i', '0', '0'],
      ['0', '0', '0', '1'],
    ]),
    'H 0\nCX 0 1\nCX 1 0\nH 1\nS 1\nS 0',
    'Swaps two qubits and phases the -1 eigenspace of the ZZ observable by i (SWAP, then CZ, then S on both).',
  ),
  clifford2(
    'ISWAP_DAG',
    'ISWAP',
    ['-ZY', '+IZ', '-YZ', '+ZI'],
    mat([
      ['1', '0', '0', '0'],
      ['0', '0', '-i', '0'],
      ['0', '-i', '0', '0'],
      ['0', '0', '0', '1'],
    ]),
    'S 0\nS 0\nS 0\nS 1\nS 1\nS 1\nH 1\nCX 1 0\nCX 0 1\nH 0',
    'Swaps two qubits and phases the -1 eigenspace of the ZZ observable by -i (SWAP, then CZ, then S_DAG on both).',
  ),
  clifford2(
    'CXSWAP',
    'SWAPCX',
    ['+XX', '+IZ', '+XI', '+ZZ'],
    permutation([0, 3, 1, 2]),
    'CX 1 0\nCX 0 1',
    'CX then SWAP. Equivalent to ISWAP up to single-qubit gates, but preserves X/Z noise bias.',
  ),
  clifford2(
    'SWAPCX',
    'CXSWAP',
    ['+IX', '+ZZ', '+XX', '+ZI'],
    permutation([0, 2, 3, 1]),
    'CX 0 1\nCX 1 0',
    'SWAP then CX. Equivalent to ISWAP up to single-qubit gates, but preserves X/Z noise bias.',
  ),
  clifford2(
    'CZSWAP',
    'CZSWAP',
    ['+ZX', '+IZ', '+XZ', '+ZI'],
    mat([
      ['1', '0', '0', '0'],
      ['0', '0', '1', '0'],
      ['0', '1', '0', '0'],
      ['0', '0', '0', '-1'],
    ]),
    'H 0\nCX 0 1\nCX 1 0\nH 1',
    'CZ and SWAP combined. Equivalent to ISWAP up to single-qubit gates.',
    { aliases: ['SWAPCZ'] },
  ),
  clifford2(
    'II',
    'II',
    ['+XI', '+ZI', '+IX', '+IZ'],
    permutation([0, 1, 2, 3]),
    '',
    'The two-qubit identity: does nothing (useful as a tagged marker for tools built on top).',
  ),
  clifford2(
    'SQRT_XX',
    'SQRT_XX_DAG',
    ['+XI', '-YX', '+IX', '-XY'],
    mat(
      [
        ['1+i', '0', '0', '1-i'],
        ['0', '1+i', '1-i', '0'],
        ['0', '1-i', '1+i', '0'],
        ['1-i', '0', '0', '1+i'],
      ],
      0.5,
    ),
    'H 0\nCX 0 1\nH 1\nS 0\nS 1\nH 0\nH 1',
    'Phases the -1 eigenspace of the XX observable by i.',
  ),
  clifford2(
    'SQRT_XX_DAG',
    'SQRT_XX',
    ['+XI', '+YX', '+IX', '+XY'],
    mat(
      [
        ['1-i', '0', '0', '1+i'],
        ['0', '1-i', '1+i', '0'],
        ['0', '1+i', '1-i', '0'],
        ['1+i', '0', '0', '1-i'],
      ],
      0.5,
    ),
    'H 0\nCX 0 1\nH 1\nS 0\nS 0\nS 0\nS 1\nS 1\nS 1\nH 0\nH 1',
    'Phases the -1 eigenspace of the XX observable by -i.',
  ),
  clifford2(
    'SQRT_YY',
    'SQRT_YY_DAG',
    ['-ZY', '+XY', '-YZ', '+YX'],
    mat(
      [
        ['1+i', '0', '0', '-1+i'],
        ['0', '1+i', '1-i', '0'],
        ['0', '1-i', '1+i', '0'],
        ['-1+i', '0', '0', '1+i'],
      ],
      0.5,
    ),
    'S 0\nS 0\nS 0\nS 1\nS 1\nS 1\nH 0\nCX 0 1\nH 1\nS 0\nS 1\nH 0\nH 1\nS 0\nS 1',
    'Phases the -1 eigenspace of the YY observable by i.',
  ),
  clifford2(
    'SQRT_YY_DAG',
    'SQRT_YY',
    ['+ZY', '-XY', '+YZ', '-YX'],
    mat(
      [
        ['1-i', '0', '0', '-1-i'],
        ['0', '1-i', '1+i', '0'],
        ['0', '1+i', '1-i', '0'],
        ['-1-i', '0', '0', '1-i'],
      ],
      0.5,
    ),
    'S 0\nS 0\nS 0\nS 1\nH 0\nCX 0 1\nH 1\nS 0\nS 1\nH 0\nH 1\nS 0\nS 1\nS 1\nS 1',
    'Phases the -1 eigenspace of the YY observable by -i.',
  ),
  clifford2(
    'SQRT_ZZ',
    'SQRT_ZZ_DAG',
    ['+YZ', '+ZI', '+ZY', '+IZ'],
    mat([
      ['1', '0', '0', '0'],
      ['0', 'i', '0', '0'],
      ['0', '0', 'i', '0'],
      ['0', '0', '0', '1'],
    ]),
    'H 1\nCX 0 1\nH 1\nS 0\nS 1',
    'Phases the -1 eigenspace of the ZZ observable by i.',
  ),
  clifford2(
    'SQRT_ZZ_DAG',
    'SQRT_ZZ',
    ['-YZ', '+ZI', '-ZY', '+IZ'],
    mat([
      ['1', '0', '0', '0'],
      ['0', '-i', '0', '0'],
      ['0', '0', '-i', '0'],
      ['0', '0', '0', '1'],
    ]),
    'H 1\nCX 0 1\nH 1\nS 0\nS 0\nS 0\nS 1\nS 1\nS 1',
    'Phases the -1 eigenspace of the ZZ observable by -i.',
  ),

  // ---- Pauli products ------------------------------------------------------------------------
  {
    name: 'MPP',
    flags:
      F.PRODUCES_RESULTS |
      F.ARGS_ARE_PROBABILITIES |
      F.TARGETS_PAULI_PRODUCTS |
      F.TARGETS_INVERTIBLE |
      F.IS_MEASUREMENT |
      STIM,
    category: 'pauli-product',
    argCount: ARGS_ZERO_OR_ONE,
    arity: 0,
    help: help(
      'Measures Pauli products (one result per product), e.g. `MPP X0*X1 Z2*Z3`. A `!` before a Pauli inverts the reported result.',
      FLIP_ARG,
      'Pauli products: Pauli targets (X1, Y2, Z3, !X4) joined by `*`; products separated by spaces.',
    ),
  },
  {
    name: 'SPP',
    flags: F.UNITARY | F.TARGETS_PAULI_PRODUCTS | F.TARGETS_INVERTIBLE | STIM,
    category: 'pauli-product',
    arity: 0,
    inverse: 'SPP_DAG',
    help: help(
      'Phases the -1 eigenspace of each Pauli product by i (the generalised S gate: `SPP Z0` = `S 0`, `SPP X0*X1` = `SQRT_XX 0 1`). A `!` negates the product.',
      NO_ARGS,
      'Pauli products joined by `*`, as for MPP.',
    ),
  },
  {
    name: 'SPP_DAG',
    flags: F.UNITARY | F.TARGETS_PAULI_PRODUCTS | F.TARGETS_INVERTIBLE | STIM,
    category: 'pauli-product',
    arity: 0,
    inverse: 'SPP',
    help: help(
      'Phases the -1 eigenspace of each Pauli product by -i (the generalised S_DAG gate). A `!` negates the product.',
      NO_ARGS,
      'Pauli products joined by `*`, as for MPP.',
    ),
  },

  // ---- Measurements, resets ------------------------------------------------------------------
  ...(['Z', 'X', 'Y'] as const).flatMap((b): GateSpec[] => {
    const suffix = b === 'Z' ? '' : b;
    const basis = `${b} basis`;
    return [
      {
        name: `M${suffix}`,
        aliases: b === 'Z' ? ['MZ'] : [],
        flags: MEASURE,
        category: 'measurement',
        argCount: ARGS_ZERO_OR_ONE,
        arity: 1,
        help: help(
          `Measures each target qubit in the ${basis} and appends the result to the measurement record. \`!q\` inverts the reported result.`,
          FLIP_ARG,
          'qubits, optionally inverted with `!`.',
        ),
      },
      {
        name: `MR${suffix}`,
        aliases: b === 'Z' ? ['MRZ'] : [],
        flags: MEASURE | F.RESET,
        category: 'measure-reset',
        argCount: ARGS_ZERO_OR_ONE,
        arity: 1,
        help: help(
          `Measures each target qubit in the ${basis}, appends the result, then resets it to the +1 eigenstate of ${b}.`,
          FLIP_ARG,
          'qubits, optionally inverted with `!`.',
        ),
      },
      {
        name: `R${suffix}`,
        aliases: b === 'Z' ? ['RZ'] : [],
        flags: RESET,
        category: 'reset',
        arity: 1,
        help: help(
          `Resets each target qubit to the +1 eigenstate of ${b} (|${b === 'Z' ? '0' : b === 'X' ? '+' : 'i'}>).` +
            (b === 'Z' ? '' : ` (Not a rotation: the X/Y rotations are ROT_X/ROT_Y.)`),
          NO_ARGS,
          QUBITS,
        ),
      },
    ];
  }),
  ...(['X', 'Y', 'Z'] as const).map((b): GateSpec => ({
    name: `M${b}${b}`,
    flags: MEASURE | F.TARGETS_PAIRS | F.TARGETS_DISTINCT_PAIRS,
    category: 'pair-measurement',
    argCount: ARGS_ZERO_OR_ONE,
    arity: 2,
    help: help(
      `Measures the two-qubit Pauli product ${b}${b} of each target pair (one result per pair); same as \`MPP ${b}a*${b}b\`.`,
      FLIP_ARG,
      'qubit pairs, optionally inverted with `!`.',
    ),
  })),

  // ---- Noise ---------------------------------------------------------------------------------
  noise('X_ERROR', 1, 1, 'Applies X to each target with probability p.', 'p, a probability.'),
  noise('Y_ERROR', 1, 1, 'Applies Y to each target with probability p.', 'p, a probability.'),
  noise('Z_ERROR', 1, 1, 'Applies Z to each target with probability p.', 'p, a probability.'),
  noise(
    'I_ERROR',
    1,
    ARGS_ANY,
    'An identity "error": does nothing (a tagged marker for tools built on top).',
    'any number of probabilities summing to at most 1.',
  ),
  noise(
    'II_ERROR',
    2,
    ARGS_ANY,
    'A two-qubit identity "error": does nothing (a tagged marker for tools built on top).',
    'any number of probabilities summing to at most 1.',
  ),
  noise(
    'DEPOLARIZE1',
    1,
    1,
    'Single-qubit depolarizing channel: with probability p applies one of X, Y, Z chosen uniformly (maximal mixing at p = 3/4).',
    'p, a probability.',
  ),
  noise(
    'DEPOLARIZE2',
    2,
    1,
    'Two-qubit depolarizing channel: with probability p applies one of the 15 non-identity two-qubit Paulis chosen uniformly (maximal mixing at p = 15/16).',
    'p, a probability.',
  ),
  noise(
    'PAULI_CHANNEL_1',
    1,
    3,
    'Single-qubit Pauli channel with disjoint probabilities px, py, pz of applying X, Y, Z.',
    'px, py, pz, disjoint probabilities (sum at most 1).',
  ),
  noise(
    'PAULI_CHANNEL_2',
    2,
    15,
    'Two-qubit Pauli channel with disjoint probabilities of the 15 non-identity Paulis, in the order IX IY IZ XI XX XY XZ YI YX YY YZ ZI ZX ZY ZZ (first character = first qubit).',
    'fifteen disjoint probabilities (sum at most 1).',
  ),
  {
    name: 'E',
    aliases: ['CORRELATED_ERROR'],
    flags: F.NOISE | F.ARGS_ARE_PROBABILITIES | F.TARGETS_PAULI_STRING | STIM,
    category: 'noise',
    argCount: 1,
    arity: 0,
    help: help(
      'CORRELATED_ERROR: with probability p applies the Pauli product of its targets, and sets the "correlated error occurred" flag to whether it did (starts an ELSE_CORRELATED_ERROR chain).',
      'p, a probability.',
      'Pauli targets (X1 Y2 Z3), implicitly multiplied (no `*`).',
    ),
  },
  {
    name: 'ELSE_CORRELATED_ERROR',
    flags: F.NOISE | F.ARGS_ARE_PROBABILITIES | F.TARGETS_PAULI_STRING | STIM,
    category: 'noise',
    argCount: 1,
    arity: 0,
    help: help(
      'Unless an earlier error of the current CORRELATED_ERROR chain occurred, applies the Pauli product of its targets with probability p (and then marks the chain as having occurred).',
      'p, a probability conditioned on no earlier error of the chain.',
      'Pauli targets (X1 Y2 Z3), implicitly multiplied.',
    ),
  },
  {
    name: 'HERALDED_ERASE',
    flags: F.NOISE | F.HERALDED | F.PRODUCES_RESULTS | F.ARGS_ARE_PROBABILITIES | STIM,
    category: 'heralded-noise',
    argCount: 1,
    arity: 1,
    help: help(
      'Heralded erasure: with probability p the qubit is fully depolarized (I, X, Y or Z with probability 1/4 each) and the herald result is 1; otherwise the herald is 0. Appends one herald result per target.',
      'p, the erasure probability.',
      'qubits.',
    ),
  },
  {
    name: 'HERALDED_PAULI_CHANNEL_1',
    flags: F.NOISE | F.HERALDED | F.PRODUCES_RESULTS | F.ARGS_ARE_PROBABILITIES | STIM,
    category: 'heralded-noise',
    argCount: 4,
    arity: 1,
    help: help(
      'Heralded Pauli channel: with disjoint probabilities pi, px, py, pz the qubit gets I, X, Y, Z and the herald result is 1; otherwise nothing happens and the herald is 0. Appends one herald result per target.',
      'pi, px, py, pz, disjoint probabilities (sum at most 1).',
      'qubits.',
    ),
  },

  // ---- Annotations ---------------------------------------------------------------------------
  {
    name: 'DETECTOR',
    flags: F.ANNOTATION | F.TARGETS_RECORDS | STIM,
    category: 'annotation',
    argCount: ARGS_ANY,
    arity: 0,
    help: help(
      'Declares a detector: the parity of the referenced measurement results, deterministic in the noiseless circuit. Arguments are coordinates (shifted by SHIFT_COORDS).',
      'optional coordinates.',
      'measurement record lookbacks rec[-k].',
    ),
  },
  {
    name: 'OBSERVABLE_INCLUDE',
    flags: F.ANNOTATION | F.TARGETS_RECORDS | F.ARGS_ARE_UNSIGNED_INTEGERS | STIM,
    category: 'annotation',
    argCount: 1,
    arity: 0,
    help: help(
      'Adds the referenced measurement results (or, as in Stim 1.15+, Pauli terms) to a logical observable.',
      'the observable index, a non-negative integer.',
      'rec[-k] lookbacks and/or Pauli targets (X1 Z2).',
    ),
  },
  {
    name: 'QUBIT_COORDS',
    flags: F.ANNOTATION | STIM,
    category: 'annotation',
    argCount: ARGS_ANY,
    arity: 0,
    help: help(
      'Annotates qubits with coordinates (shifted by SHIFT_COORDS); no effect on simulation.',
      'the coordinates.',
      'qubits.',
    ),
  },
  {
    name: 'SHIFT_COORDS',
    flags: F.ANNOTATION | F.NO_TARGETS | STIM,
    category: 'annotation',
    argCount: ARGS_ANY,
    arity: 0,
    help: help(
      'Adds an offset to the coordinates of later DETECTOR and QUBIT_COORDS instructions.',
      'the offset per coordinate.',
      'none.',
    ),
  },
  {
    name: 'TICK',
    flags: F.ANNOTATION | F.NO_TARGETS | STIM,
    category: 'annotation',
    argCount: 0,
    arity: 0,
    help: help(
      'Marks the end of a layer of the circuit (time step); no effect on simulation.',
      NO_ARGS,
      'none.',
    ),
  },
  {
    name: 'MPAD',
    flags: F.ANNOTATION | F.PRODUCES_RESULTS | F.ARGS_ARE_PROBABILITIES | STIM,
    category: 'annotation',
    argCount: ARGS_ZERO_OR_ONE,
    arity: 0,
    help: help(
      'Pads the measurement record with fixed results, one per target (0 or 1); the targets are values, not qubits.',
      FLIP_ARG,
      'the values 0 or 1.',
    ),
  },

  // ---- Control flow --------------------------------------------------------------------------
  {
    name: 'REPEAT',
    flags: F.BLOCK | STIM,
    category: 'control-flow',
    argCount: 0,
    arity: 0,
    help: help(
      '`REPEAT n { ... }` repeats its body n ≥ 1 times (kept as a block, never unrolled in memory).',
      NO_ARGS,
      'the repetition count n (before the braces).',
    ),
  },

  // ---- Extensions beyond Stim (exact simulators only) ----------------------------------------
  {
    name: 'T',
    flags: F.UNITARY,
    category: 'non-clifford',
    arity: 1,
    inverse: 'T_DAG',
    unitary: diagPhases([0, Math.PI / 4]),
    help: help(
      'Extension (not in Stim): the T gate diag(1, e^{iπ/4}), the principal fourth root of Z.',
      NO_ARGS,
      QUBITS,
    ),
  },
  {
    name: 'T_DAG',
    flags: F.UNITARY,
    category: 'non-clifford',
    arity: 1,
    inverse: 'T',
    unitary: diagPhases([0, -Math.PI / 4]),
    help: help('Extension (not in Stim): the adjoint of T, diag(1, e^{-iπ/4}).', NO_ARGS, QUBITS),
  },
  ...(['X', 'Y', 'Z'] as const).map((p): GateSpec => ({
    name: `ROT_${p}`,
    flags: F.UNITARY,
    category: 'non-clifford',
    argCount: 1,
    arity: 1,
    inverse: `ROT_${p}`,
    help: help(
      `Extension (not in Stim): rotation exp(-iθ${p}/2) about the ${p} axis by θ radians (OpenQASM's r${p.toLowerCase()}). Named ROT_${p} because Stim's R${p} is a reset. Its inverse is ROT_${p}(-θ).`,
      'θ, an angle in radians.',
      QUBITS,
    ),
  })),
  {
    name: 'U3',
    flags: F.UNITARY,
    category: 'non-clifford',
    argCount: 3,
    arity: 1,
    inverse: 'U3',
    help: help(
      "Extension (not in Stim): OpenQASM's general single-qubit gate U3(θ, φ, λ) = [[cos(θ/2), -e^{iλ} sin(θ/2)], [e^{iφ} sin(θ/2), e^{i(φ+λ)} cos(θ/2)]]. Its inverse is U3(-θ, -λ, -φ).",
      'θ, φ, λ, angles in radians.',
      QUBITS,
    ),
  },
  {
    name: 'CCX',
    aliases: ['TOFFOLI'],
    flags: F.UNITARY | F.TARGETS_TRIPLES,
    category: 'non-clifford',
    arity: 3,
    inverse: 'CCX',
    // |b0 b1 b2⟩ (b0 = bit 0): flips b2 when b0 = b1 = 1, i.e. swaps indices 3 and 7.
    unitary: permutation([0, 1, 2, 7, 4, 5, 6, 3]),
    help: help(
      'Extension (not in Stim): the Toffoli gate; flips the third qubit when the first two are |1>.',
      NO_ARGS,
      'qubit triples (control, control, target), distinct within a triple.',
    ),
  },
  {
    name: 'CSWAP',
    aliases: ['FREDKIN'],
    flags: F.UNITARY | F.TARGETS_TRIPLES,
    category: 'non-clifford',
    arity: 3,
    inverse: 'CSWAP',
    // Swaps b1 and b2 when b0 = 1: indices 3 (b0=1,b1=1) and 5 (b0=1,b2=1).
    unitary: permutation([0, 1, 2, 5, 4, 3, 6, 7]),
    help: help(
      'Extension (not in Stim): the Fredkin gate; swaps the second and third qubits when the first is |1>.',
      NO_ARGS,
      'qubit triples (control, a, b), distinct within a triple.',
    ),
  },
  {
    name: 'AMPLITUDE_DAMP',
    flags: F.NOISE | F.NON_PAULI_NOISE | F.ARGS_ARE_PROBABILITIES,
    category: 'non-pauli-noise',
    argCount: 1,
    arity: 1,
    help: help(
      'Extension (not in Stim): amplitude damping (T1 decay |1> -> |0>) with probability γ; Kraus K0 = [[1,0],[0,√(1-γ)]], K1 = [[0,√γ],[0,0]]. Exact simulators only.',
      'γ, a probability.',
      QUBITS,
    ),
  },
  {
    name: 'PHASE_DAMP',
    flags: F.NOISE | F.NON_PAULI_NOISE | F.ARGS_ARE_PROBABILITIES,
    category: 'non-pauli-noise',
    argCount: 1,
    arity: 1,
    help: help(
      'Extension (not in Stim): phase damping (T2 dephasing) with parameter λ; Kraus K0 = [[1,0],[0,√(1-λ)]], K1 = [[0,0],[0,√λ]]. Exact simulators only.',
      'λ, a probability.',
      QUBITS,
    ),
  },
];

/**
 * The gate table, indexed by id (`GATE_DATA[g.id] === g`). Frozen. Stim-native gates come first,
 * then the extensions. O(1) lookup by id; use {@link gateByName} for names.
 */
export const GATE_DATA: readonly Gate[] = Object.freeze(
  SPECS.map((s, id): Gate => {
    const g: Gate = {
      id,
      name: s.name,
      aliases: Object.freeze([...(s.aliases ?? [])]),
      flags: s.flags,
      category: s.category,
      argCount: s.argCount ?? 0,
      arity: s.arity,
      inverse: s.inverse,
      unitary: s.unitary,
      tableau: s.tableau === undefined ? undefined : Object.freeze([...s.tableau]),
      help: s.help,
      ...(s.decomposition === undefined ? {} : { decomposition: s.decomposition }),
    };
    return Object.freeze(g);
  }),
);

/** Every canonical gate name and alias accepted by {@link gateByName}. */
export type GateName =
  | 'I'
  | 'X'
  | 'Y'
  | 'Z'
  | 'C_XYZ'
  | 'C_NXYZ'
  | 'C_XNYZ'
  | 'C_XYNZ'
  | 'C_ZYX'
  | 'C_ZYNX'
  | 'C_ZNYX'
  | 'C_NZYX'
  | 'H'
  | 'H_XZ'
  | 'H_XY'
  | 'H_YZ'
  | 'H_NXY'
  | 'H_NXZ'
  | 'H_NYZ'
  | 'S'
  | 'SQRT_Z'
  | 'S_DAG'
  | 'SQRT_Z_DAG'
  | 'SQRT_X'
  | 'SQRT_X_DAG'
  | 'SQRT_Y'
  | 'SQRT_Y_DAG'
  | 'CX'
  | 'CNOT'
  | 'ZCX'
  | 'CY'
  | 'ZCY'
  | 'CZ'
  | 'ZCZ'
  | 'XCX'
  | 'XCY'
  | 'XCZ'
  | 'YCX'
  | 'YCY'
  | 'YCZ'
  | 'SWAP'
  | 'ISWAP'
  | 'ISWAP_DAG'
  | 'CXSWAP'
  | 'SWAPCX'
  | 'CZSWAP'
  | 'SWAPCZ'
  | 'II'
  | 'SQRT_XX'
  | 'SQRT_XX_DAG'
  | 'SQRT_YY'
  | 'SQRT_YY_DAG'
  | 'SQRT_ZZ'
  | 'SQRT_ZZ_DAG'
  | 'MPP'
  | 'SPP'
  | 'SPP_DAG'
  | 'M'
  | 'MZ'
  | 'MR'
  | 'MRZ'
  | 'R'
  | 'RZ'
  | 'MX'
  | 'MRX'
  | 'RX'
  | 'MY'
  | 'MRY'
  | 'RY'
  | 'MXX'
  | 'MYY'
  | 'MZZ'
  | 'X_ERROR'
  | 'Y_ERROR'
  | 'Z_ERROR'
  | 'I_ERROR'
  | 'II_ERROR'
  | 'DEPOLARIZE1'
  | 'DEPOLARIZE2'
  | 'PAULI_CHANNEL_1'
  | 'PAULI_CHANNEL_2'
  | 'E'
  | 'CORRELATED_ERROR'
  | 'ELSE_CORRELATED_ERROR'
  | 'HERALDED_ERASE'
  | 'HERALDED_PAULI_CHANNEL_1'
  | 'DETECTOR'
  | 'OBSERVABLE_INCLUDE'
  | 'QUBIT_COORDS'
  | 'SHIFT_COORDS'
  | 'TICK'
  | 'MPAD'
  | 'REPEAT'
  | 'T'
  | 'T_DAG'
  | 'ROT_X'
  | 'ROT_Y'
  | 'ROT_Z'
  | 'U3'
  | 'CCX'
  | 'TOFFOLI'
  | 'CSWAP'
  | 'FREDKIN'
  | 'AMPLITUDE_DAMP'
  | 'PHASE_DAMP';

const BY_NAME = new Map<string, Gate>();
for (const g of GATE_DATA) {
  for (const n of [g.name, ...g.aliases]) {
    if (BY_NAME.has(n)) throw new Error(`gate-data: duplicate gate name ${n}`);
    BY_NAME.set(n, g);
  }
}

/**
 * Gate ids by name: every canonical name and every alias (`GATE_ID.CX === GATE_ID.CNOT`,
 * `GATE_ID.E === GATE_ID.CORRELATED_ERROR`). Frozen; use for dispatch (`switch (g.id)`).
 */
export const GATE_ID: Readonly<Record<GateName, number>> = Object.freeze(
  Object.fromEntries([...BY_NAME].map(([n, g]) => [n, g.id])) as Record<GateName, number>,
);

/**
 * The gate called `name` (canonical name or alias, any letter case), or undefined. O(1) for
 * names already in upper case; otherwise one `toUpperCase`.
 */
export function gateByName(name: string): Gate | undefined {
  return BY_NAME.get(name) ?? BY_NAME.get(name.toUpperCase());
}

/** Every accepted name (canonical names and aliases), upper case. For help and suggestions. */
export function allGateNames(): string[] {
  return [...BY_NAME.keys()];
}

/**
 * Up to `max` known gate names close to `name` (edit distance ≤ 2, or sharing a prefix), best
 * first, for "unknown gate" messages. O(#names · |name|²).
 */
export function suggestGateNames(name: string, max = 3): string[] {
  const up = name.toUpperCase();
  const scored: [number, string][] = [];
  for (const n of BY_NAME.keys()) {
    const d = editDistance(up, n);
    if (d <= 2 || (up.length >= 3 && (n.startsWith(up) || up.startsWith(n)))) scored.push([d, n]);
  }
  scored.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
  return scored.slice(0, max).map((s) => s[1]);
}

function editDistance(a: string, b: string): number {
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** Throws when a parametrised gate gets the wrong number of arguments. */
function expectArgs(gate: Gate, args: readonly number[], n: number): void {
  if (args.length !== n)
    throw new ValidationError(
      `gateUnitary: ${gate.name} takes ${n} argument(s) but was given ${args.length} (${args.join(', ')})`,
      { gate: gate.name, args: [...args] },
    );
}

/**
 * The unitary of one application of `gate` with arguments `args`: the fixed {@link Gate.unitary}
 * for fixed gates, or a new matrix for the parametrised extensions `ROT_X/ROT_Y/ROT_Z(θ)` and
 * `U3(θ, φ, λ)` (angles in radians). Layout as {@link Gate.unitary}. Undefined for non-unitary
 * gates and for SPP/SPP_DAG (whose size depends on the targets). Does not mutate `args`.
 * @throws ValidationError when a parametrised gate gets the wrong number of arguments.
 */
export function gateUnitary(gate: Gate, args: readonly number[] = []): Float64Array | undefined {
  if (gate.unitary !== undefined) return gate.unitary;
  switch (gate.name) {
    case 'ROT_X':
    case 'ROT_Y':
    case 'ROT_Z': {
      expectArgs(gate, args, 1);
      const c = Math.cos(args[0] / 2);
      const s = Math.sin(args[0] / 2);
      const m = new Float64Array(8);
      if (gate.name === 'ROT_X') {
        // [[c, -is], [-is, c]]
        m[0] = c;
        m[3] = -s;
        m[5] = -s;
        m[6] = c;
      } else if (gate.name === 'ROT_Y') {
        // [[c, -s], [s, c]]
        m[0] = c;
        m[2] = -s;
        m[4] = s;
        m[6] = c;
      } else {
        // diag(e^{-iθ/2}, e^{iθ/2})
        m[0] = c;
        m[1] = -s;
        m[6] = c;
        m[7] = s;
      }
      return m;
    }
    case 'U3': {
      expectArgs(gate, args, 3);
      const [theta, phi, lambda] = args;
      const c = Math.cos(theta / 2);
      const s = Math.sin(theta / 2);
      return new Float64Array([
        c,
        0,
        -Math.cos(lambda) * s,
        -Math.sin(lambda) * s,
        Math.cos(phi) * s,
        Math.sin(phi) * s,
        Math.cos(phi + lambda) * c,
        Math.sin(phi + lambda) * c,
      ]);
    }
    default:
      return undefined;
  }
}

/**
 * The inverse operation of a unitary `gate` applied with `args`: the gate named by
 * {@link Gate.inverse} with the arguments transformed (ROT_P(θ) → ROT_P(−θ); U3(θ, φ, λ) →
 * U3(−θ, −λ, −φ); fixed gates keep no arguments). New arrays; does not mutate `args`.
 * @throws ValidationError for gates without an inverse (measurements, noise, annotations).
 */
export function gateInverse(gate: Gate, args: readonly number[] = []): { gate: Gate; args: number[] } {
  const inv = gate.inverse === undefined ? undefined : gateByName(gate.inverse);
  if (inv === undefined)
    throw new ValidationError(`gateInverse: ${gate.name} is not unitary and has no inverse`, {
      gate: gate.name,
    });
  switch (gate.name) {
    case 'ROT_X':
    case 'ROT_Y':
    case 'ROT_Z':
      return { gate: inv, args: args.map((a) => -a) };
    case 'U3':
      return { gate: inv, args: [-args[0], -args[2], -args[1]] };
    default:
      return { gate: inv, args: [...args] };
  }
}

/**
 * Number of targets one application consumes: 1, 2 (pairs) or 3 (triples); 0 for variable-size
 * target lists (Pauli products and strings, records, annotations).
 */
export function targetGroupSize(gate: Gate): number {
  const f = gate.flags;
  if (
    (f & (F.TARGETS_PAULI_PRODUCTS | F.TARGETS_PAULI_STRING | F.TARGETS_RECORDS | F.ANNOTATION | F.BLOCK)) !==
    0
  )
    return 0;
  if ((f & F.TARGETS_TRIPLES) !== 0) return 3;
  if ((f & F.TARGETS_PAIRS) !== 0) return 2;
  return 1;
}
