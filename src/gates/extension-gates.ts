/**
 * The extensions beyond Stim for the exact simulators only (T, ROT_*, U3, CCX, CSWAP, AMPLITUDE_DAMP, PHASE_DAMP); see the module comment of `gate-data.ts`.
 * Records of the gate table (`GATE_DATA` in `gate-data.ts` concatenates the families in order).
 */
import type { GateSpec } from './gate-spec.js';
import { F, NO_ARGS, QUBITS, diagPhases, help, permutation } from './gate-spec.js';

export const EXTENSION_GATES: readonly GateSpec[] = [
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
