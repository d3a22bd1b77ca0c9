/**
 * The stabilizer simulators (tableau, Pauli frame) and the error analyzer run Stim's gate set:
 * Clifford gates, Pauli noise, measurements and resets. This finds a circuit's first gate outside
 * it before any simulation starts, so the error points at the line that holds it.
 */
import { ParseError, UnsupportedError } from '../base/errors.js';
import { findInstruction, instructionPosition, type Circuit, type Instruction } from '../circuit/circuit.js';
import { GATE_FLAGS } from '../gates/gate.js';

/**
 * The first instruction (each REPEAT body once) that no stabilizer simulator runs, if any. With
 * `leakage`, the leakage extension (LEAK, SEEP, LRU), which the frame sampler runs, is allowed.
 */
export function firstNonStabilizer(c: Circuit, leakage = false): Instruction | undefined {
  const allowed = GATE_FLAGS.STABILIZER | (leakage ? GATE_FLAGS.LEAKAGE : 0);
  return findInstruction(c, (inst) => (inst.gate.flags & allowed) === 0);
}

/** The first leakage instruction (LEAK, SEEP, LRU) of `c`, if any (each REPEAT body once). */
export function firstLeakage(c: Circuit): Instruction | undefined {
  return findInstruction(c, (inst) => (inst.gate.flags & GATE_FLAGS.LEAKAGE) !== 0);
}

/**
 * Throws unless every gate of `c` is one the stabilizer simulators run: a {@link ParseError} at the
 * gate's line and column when the circuit was parsed from text, an {@link UnsupportedError} otherwise.
 * @param simulator what cannot run it, for the message ("tableau (stabilizer) simulator").
 * @param leakage true for the frame sampler, which also runs the leakage extension.
 */
export function requireStabilizer(c: Circuit, simulator: string, leakage = false): void {
  const bad = firstNonStabilizer(c, leakage);
  if (bad === undefined) return;
  const name = bad.gate.name;
  const reason =
    (bad.gate.flags & GATE_FLAGS.LEAKAGE) !== 0
      ? `gate ${name} is a leakage instruction (an extension, not in Stim) that only the frame sampler ` +
        `runs (qec detect, qec collect); the ${simulator} does not model leakage`
      : `gate ${name} is not supported by the ${simulator}: it runs only Clifford gates, Pauli noise, ` +
        `measurements and resets (the state-vector simulator runs ${name}: qec sample --sim statevector)`;
  const pos = instructionPosition(bad);
  throw pos !== undefined ? new ParseError(reason, pos) : new UnsupportedError(reason, { gate: name });
}
