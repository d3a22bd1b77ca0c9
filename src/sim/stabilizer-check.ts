/**
 * The stabilizer simulators (tableau, Pauli frame) and the error analyzer run Stim's gate set:
 * Clifford gates, Pauli noise, measurements and resets. This finds a circuit's first gate outside
 * it before any simulation starts, so the error points at the line that holds it.
 */
import { ParseError, UnsupportedError } from '../base/errors.js';
import { findInstruction, instructionPosition, type Circuit, type Instruction } from '../circuit/circuit.js';
import { GATE_FLAGS } from '../gates/gate.js';

/** The first instruction (each REPEAT body once) that no stabilizer simulator runs, if any. */
export function firstNonStabilizer(c: Circuit): Instruction | undefined {
  return findInstruction(c, (inst) => (inst.gate.flags & GATE_FLAGS.STABILIZER) === 0);
}

/**
 * Throws unless every gate of `c` is one the stabilizer simulators run: a {@link ParseError} at the
 * gate's line and column when the circuit was parsed from text, an {@link UnsupportedError} otherwise.
 * @param simulator what cannot run it, for the message ("tableau (stabilizer) simulator").
 */
export function requireStabilizer(c: Circuit, simulator: string): void {
  const bad = firstNonStabilizer(c);
  if (bad === undefined) return;
  const name = bad.gate.name;
  const reason =
    `gate ${name} is not supported by the ${simulator}: it runs only Clifford gates, Pauli noise, ` +
    `measurements and resets (the state-vector simulator runs ${name}: qec sample --sim statevector)`;
  const pos = instructionPosition(bad);
  throw pos !== undefined ? new ParseError(reason, pos) : new UnsupportedError(reason, { gate: name });
}
