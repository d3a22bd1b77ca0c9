/**
 * Pauli products (MPP, SPP, SPP_DAG), measurements, resets and pair measurements, in Stim's order.
 * Records of the gate table (`GATE_DATA` in `gate-data.ts` concatenates the families in order).
 */
import { ARGS_ZERO_OR_ONE } from './gate.js';
import type { GateSpec } from './gate-spec.js';
import { F, FLIP_ARG, MEASURE, NO_ARGS, QUBITS, RESET, STIM, help } from './gate-spec.js';

export const MEASUREMENT_GATES: readonly GateSpec[] = [
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
];
