/**
 * Leakage instructions: an extension of the circuit language (not in Stim) that only the frame
 * sampler runs ({@link GATE_FLAGS.LEAKAGE}). A qubit is *leaked* when it has left the computational
 * subspace (e.g. a transmon in |2⟩). While leaked:
 * - a measurement of it reports a uniformly random result;
 * - every two-qubit gate with it randomises its partner by a uniformly random Pauli (I, X, Y, Z
 *   each 1/4), which randomises the checks the partner takes part in;
 * - single-qubit gates, resets and noise on it do nothing that matters (resets do not remove
 *   leakage: that is what `LRU` is for).
 * A qubit that returns (`SEEP`, `LRU`) comes back maximally mixed: a uniformly random Pauli frame.
 * Records of the gate table (`GATE_DATA` in `gate-data.ts` concatenates the families in order).
 */
import type { GateSpec } from './gate-spec.js';
import { F, NO_ARGS, QUBITS, help } from './gate-spec.js';

export const LEAKAGE_GATES: readonly GateSpec[] = [
  {
    name: 'LEAK',
    flags: F.LEAKAGE | F.ARGS_ARE_PROBABILITIES,
    category: 'leakage',
    argCount: 1,
    arity: 1,
    help: help(
      'Extension (not in Stim; frame sampler only): each target that is not leaked becomes leaked with probability p. A leaked qubit reads out uniformly random results and randomises the partner of every two-qubit gate it takes part in, until SEEP or LRU returns it.',
      'p, the leakage probability.',
      QUBITS,
    ),
  },
  {
    name: 'SEEP',
    flags: F.LEAKAGE | F.ARGS_ARE_PROBABILITIES,
    category: 'leakage',
    argCount: 1,
    arity: 1,
    help: help(
      'Extension (not in Stim; frame sampler only): each leaked target returns to the computational subspace with probability p, maximally mixed (a uniformly random Pauli frame). Targets that are not leaked are unaffected.',
      'p, the seepage probability.',
      QUBITS,
    ),
  },
  {
    name: 'LRU',
    flags: F.LEAKAGE,
    category: 'leakage',
    argCount: 0,
    arity: 1,
    help: help(
      'Extension (not in Stim; frame sampler only): an ideal leakage-reduction unit. Every leaked target returns to the computational subspace, maximally mixed (a uniformly random Pauli frame); targets that are not leaked are unaffected.',
      NO_ARGS,
      QUBITS,
    ),
  },
];
