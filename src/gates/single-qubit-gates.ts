/**
 * The Pauli gates and the single-qubit Cliffords (axis cycles, Hadamard variants, quarter turns), in Stim's order.
 * Records of the gate table (`GATE_DATA` in `gate-data.ts` concatenates the families in order).
 */
import type { GateSpec } from './gate-spec.js';
import { H, clifford1, mat } from './gate-spec.js';

export const SINGLE_QUBIT_GATES: readonly GateSpec[] = [
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
];
