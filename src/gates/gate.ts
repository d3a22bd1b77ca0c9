/**
 * The shape of one record of the gate table ({@link GATE_DATA} in `gate-data.ts`). The table is
 * the single source of truth for parsing, validation, help, docs and simulator dispatch.
 */

/** Flag bits of {@link Gate.flags}. */
export const GATE_FLAGS = {
  /** A unitary operation (Clifford or not). */
  UNITARY: 1 << 0,
  /** Stabilizer simulators (tableau, frame) accept it. Unset for the exact-simulation extensions. */
  STABILIZER: 1 << 1,
  /** Targets are consumed in pairs (two-qubit gates, MXX, DEPOLARIZE2, ...). */
  TARGETS_PAIRS: 1 << 2,
  /** Appends results to the measurement record (one per target, pair or Pauli product). */
  PRODUCES_RESULTS: 1 << 3,
  /** A noise channel (randomly applied operation). */
  NOISE: 1 << 4,
  /** All parenthesised arguments are probabilities in [0, 1]. */
  ARGS_ARE_PROBABILITIES: 1 << 5,
  /** Resets its targets (R, RX, MR, ...). */
  RESET: 1 << 6,
  /** Targets are Pauli products joined by `*` (MPP, SPP, SPP_DAG). */
  TARGETS_PAULI_PRODUCTS: 1 << 7,
  /** Targets are Pauli targets like `X1 Y2` forming one product (E, ELSE_CORRELATED_ERROR). */
  TARGETS_PAULI_STRING: 1 << 8,
  /** An annotation (DETECTOR, OBSERVABLE_INCLUDE, QUBIT_COORDS, SHIFT_COORDS, TICK, MPAD). */
  ANNOTATION: 1 << 9,
  /** Targets are measurement-record lookbacks `rec[-k]` only (DETECTOR; OBSERVABLE_INCLUDE also takes Pauli targets). */
  TARGETS_RECORDS: 1 << 10,
  /** Controls may be `rec[-k]` or `sweep[k]` (classically controlled Paulis: CX rec[-1] 3). */
  CAN_TARGET_BITS: 1 << 11,
  /** Targets may be inverted with `!` (measurements). */
  TARGETS_INVERTIBLE: 1 << 12,
  /** Takes no targets (TICK, SHIFT_COORDS). */
  NO_TARGETS: 1 << 13,
  /** A block (REPEAT). */
  BLOCK: 1 << 14,
  /** A non-Pauli channel (AMPLITUDE_DAMP, PHASE_DAMP): state vector and density matrix only. */
  NON_PAULI_NOISE: 1 << 15,
  /** Targets three qubits at a time (CCX, CSWAP). */
  TARGETS_TRIPLES: 1 << 16,
  /** Measurement/reset that also targets qubits in a basis given by the category (helps dispatch). */
  IS_MEASUREMENT: 1 << 17,
  /** HERALDED_ERASE / HERALDED_PAULI_CHANNEL_1: a noise channel that also produces a herald result. */
  HERALDED: 1 << 18,
  /**
   * The two targets of each pair must differ (`CX 0 0` is rejected, as Stim rejects it). Set on
   * every pair gate (unitary, noise and pair measurement); targets may repeat across pairs.
   */
  TARGETS_DISTINCT_PAIRS: 1 << 19,
  /** All parenthesised arguments are non-negative integers (OBSERVABLE_INCLUDE's index). */
  ARGS_ARE_UNSIGNED_INTEGERS: 1 << 20,
  /**
   * A leakage instruction (LEAK, SEEP, LRU; an extension, see `leakage-gates.ts`): only the frame
   * sampler runs it; the tableau simulator, the exact simulators and the error analyzer refuse it.
   */
  LEAKAGE: 1 << 21,
} as const;

/** Broad classes of gates, for help, docs and coarse dispatch. */
export type GateCategory =
  | 'pauli'
  | 'single-qubit-clifford'
  | 'two-qubit-clifford'
  | 'pauli-product'
  | 'measurement'
  | 'reset'
  | 'measure-reset'
  | 'pair-measurement'
  | 'noise'
  | 'heralded-noise'
  | 'annotation'
  | 'control-flow'
  | 'non-clifford'
  | 'non-pauli-noise'
  | 'leakage';

/** Argument count meaning "any number" (coordinates). */
export const ARGS_ANY = -1;
/** Argument count meaning "zero or one" (the optional flip probability of measurements). */
export const ARGS_ZERO_OR_ONE = -2;

/** One record of the gate table. Immutable. */
export interface Gate {
  /** Small integer id, the index in {@link GATE_DATA}; used for dispatch. */
  readonly id: number;
  /** Canonical name, Stim's spelling (`CX`, `SQRT_X_DAG`, `MPP`). */
  readonly name: string;
  /** Other accepted names, upper case (`CNOT`, `ZCX`). Resolved through the table by the parser. */
  readonly aliases: readonly string[];
  /** Bitwise OR of {@link GATE_FLAGS}. */
  readonly flags: number;
  readonly category: GateCategory;
  /** Exact number of parenthesised arguments, or {@link ARGS_ANY} / {@link ARGS_ZERO_OR_ONE}. */
  readonly argCount: number;
  /** Qubits one application acts on: 1, 2 or 3; 0 for variable-size targets (MPP, E, annotations). */
  readonly arity: number;
  /** Canonical name of the inverse, for unitary gates (H for H, S_DAG for S). */
  readonly inverse: string | undefined;
  /**
   * Unitary matrix for fixed unitary gates: 2^arity × 2^arity complex entries, row-major,
   * interleaved (re, im). Little-endian: bit k of a basis index is the k-th target of the
   * application (as in Stim). Undefined for parametrised gates; use `gateUnitary(gate, args)`.
   */
  readonly unitary: Float64Array | undefined;
  /**
   * For Clifford unitaries, the conjugation action on Pauli generators in Stim's order
   * X0, Z0 (, X1, Z1): each entry the signed image, e.g. H: ['+Z', '+X'];
   * CX: ['+XX', '+ZI', '+IX', '+ZZ'] (character k of a string is qubit k).
   */
  readonly tableau: readonly string[] | undefined;
  /** One-paragraph description for `qec help` and the docs, then `Args:` and `Targets:` lines. */
  readonly help: string;
  /**
   * For Clifford unitaries, an equivalent circuit (up to global phase) over `H`, `S`, `CX` on
   * targets 0 (, 1), one instruction per line, as in Stim's gate documentation. '' for identities.
   */
  readonly decomposition?: string;
}
