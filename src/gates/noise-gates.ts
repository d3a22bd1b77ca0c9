/**
 * The Pauli noise channels, correlated errors and heralded noise, in Stim's order.
 * Records of the gate table (`GATE_DATA` in `gate-data.ts` concatenates the families in order).
 */
import { ARGS_ANY } from './gate.js';
import type { GateSpec } from './gate-spec.js';
import { F, STIM, help, noise } from './gate-spec.js';

export const NOISE_GATES: readonly GateSpec[] = [
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
];
