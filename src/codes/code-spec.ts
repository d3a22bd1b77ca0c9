/**
 * A stabilizer code laid out on qubits with a syndrome-extraction schedule, as data. The memory
 * circuit builder (`memory-circuit.ts`) turns it into an annotated Stim circuit; each code family
 * only has to describe its qubits, checks, schedule and logical operators.
 */

export type Pauli = 'X' | 'Y' | 'Z';

/** One interaction of a check: the ancilla couples to `data` through `pauli` at time step `layer`. */
export interface CheckTerm {
  readonly data: number;
  readonly pauli: Pauli;
  /** 0-based layer of the schedule; terms of one layer must touch distinct qubits. */
  readonly layer: number;
}

/** A stabilizer generator measured through one ancilla qubit. */
export interface Check {
  readonly ancilla: number;
  readonly terms: readonly CheckTerm[];
}

/** A logical Pauli operator on data qubits. */
export interface LogicalOperator {
  readonly terms: readonly { readonly data: number; readonly pauli: Pauli }[];
}

/** The description of a code with its syndrome-extraction circuit schedule. */
export interface CodeSpec {
  /** Family name (`rotated-surface`, `repetition`, ...). */
  readonly family: string;
  /** Physical data qubits n, logical qubits k and distance d ([[n, k, d]]). */
  readonly n: number;
  readonly k: number;
  readonly d: number;
  readonly dataQubits: readonly number[];
  readonly checks: readonly Check[];
  /** Coordinates of every qubit (data and ancilla). */
  readonly coords: ReadonlyMap<number, readonly number[]>;
  /** One X-type and one Z-type logical per logical qubit (before any deformation). */
  readonly logicalX: readonly LogicalOperator[];
  readonly logicalZ: readonly LogicalOperator[];
  /** Number of schedule layers (max layer + 1). */
  readonly numLayers: number;
  /**
   * Optional label per check ancilla, written as one more coordinate after the time coordinate of
   * every detector of that check. Colour codes use it for Chromobius's basis-and-colour annotation
   * (0/1/2 X-basis red/green/blue, 3/4/5 Z-basis; see `colourLabel`), which `concat-matching`
   * reads as the 4th coordinate.
   */
  readonly detectorLabels?: ReadonlyMap<number, number>;
}

/** Qubit roles in a generated layout. */
export type QubitRole = 'data' | 'ancilla';

/** Where each qubit of a generated circuit sits and what it does. */
export interface CodeLayout {
  readonly qubits: readonly {
    readonly index: number;
    readonly coords: readonly number[];
    readonly role: QubitRole;
    /** For ancillas: the Pauli type of the measured check (`mixed` for XZZX-like checks). */
    readonly checkType?: Pauli | 'mixed';
  }[];
}

/** Facts about a generated circuit. */
export interface CodeMetadata {
  readonly code: string;
  readonly task: string;
  readonly n: number;
  readonly k: number;
  readonly d: number;
  readonly rounds: number;
  readonly numDataQubits: number;
  readonly numAncillaQubits: number;
  readonly numQubits: number;
}
