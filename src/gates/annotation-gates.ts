/**
 * Annotations (DETECTOR, OBSERVABLE_INCLUDE, coordinates, TICK, MPAD) and control flow (REPEAT).
 * Records of the gate table (`GATE_DATA` in `gate-data.ts` concatenates the families in order).
 */
import { ARGS_ANY, ARGS_ZERO_OR_ONE } from './gate.js';
import type { GateSpec } from './gate-spec.js';
import { F, FLIP_ARG, NO_ARGS, STIM, help } from './gate-spec.js';

export const ANNOTATION_GATES: readonly GateSpec[] = [
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
];
