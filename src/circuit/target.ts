/**
 * Encoding of instruction targets as non-negative 32-bit integers (as Stim's GateTarget):
 *
 *   bits 0..23  value: qubit index, lookback k of `rec[-k]`, or sweep bit index
 *   bit  24     TARGET_INVERTED   `!q` (inverted measurement result)
 *   bit  25     TARGET_PAULI_X    `Xq` (with TARGET_PAULI_Z: `Yq`)
 *   bit  26     TARGET_PAULI_Z    `Zq`
 *   bit  27     TARGET_RECORD     `rec[-k]` (value = k ≥ 1)
 *   bit  28     TARGET_COMBINER   `*` between Pauli targets of one product (value 0)
 *   bit  29     TARGET_SWEEP      `sweep[k]`
 *
 * Bits 30 and 31 stay clear so that targets are positive in JavaScript's int32 bit operations.
 */
export const TARGET_VALUE_MASK = 0x00ffffff;
export const TARGET_INVERTED = 1 << 24;
export const TARGET_PAULI_X = 1 << 25;
export const TARGET_PAULI_Z = 1 << 26;
export const TARGET_RECORD = 1 << 27;
export const TARGET_COMBINER = 1 << 28;
export const TARGET_SWEEP = 1 << 29;
/** Largest qubit index (and record lookback) a target can hold. */
export const MAX_TARGET_VALUE = TARGET_VALUE_MASK;

export const qubitTarget = (q: number, inverted = false): number => q | (inverted ? TARGET_INVERTED : 0);
export const recordTarget = (lookback: number): number => TARGET_RECORD | lookback;
export const sweepTarget = (k: number): number => TARGET_SWEEP | k;
/** Pauli target: pauli 1 = X, 2 = Y, 3 = Z. */
export const pauliTarget = (q: number, pauli: 1 | 2 | 3, inverted = false): number =>
  q |
  (pauli === 1 ? TARGET_PAULI_X : pauli === 2 ? TARGET_PAULI_X | TARGET_PAULI_Z : TARGET_PAULI_Z) |
  (inverted ? TARGET_INVERTED : 0);
export const COMBINER_TARGET = TARGET_COMBINER;

export const targetValue = (t: number): number => t & TARGET_VALUE_MASK;
export const isRecordTarget = (t: number): boolean => (t & TARGET_RECORD) !== 0;
export const isSweepTarget = (t: number): boolean => (t & TARGET_SWEEP) !== 0;
export const isCombiner = (t: number): boolean => (t & TARGET_COMBINER) !== 0;
export const isInverted = (t: number): boolean => (t & TARGET_INVERTED) !== 0;
export const isPauliTarget = (t: number): boolean => (t & (TARGET_PAULI_X | TARGET_PAULI_Z)) !== 0;
/** A plain (possibly inverted) qubit target: not a record, sweep, combiner or Pauli target. */
export const isQubitTarget = (t: number): boolean =>
  (t & (TARGET_RECORD | TARGET_SWEEP | TARGET_COMBINER | TARGET_PAULI_X | TARGET_PAULI_Z)) === 0;
/** X component bit of a Pauli target (1 for X and Y). */
export const pauliXBit = (t: number): number => (t >>> 25) & 1;
/** Z component bit of a Pauli target (1 for Z and Y). */
export const pauliZBit = (t: number): number => (t >>> 26) & 1;

/** Stim's text for one target: `5`, `!5`, `X5`, `!Y5`, `rec[-2]`, `sweep[3]`, `*`. */
export function targetToString(t: number): string {
  if (isCombiner(t)) return '*';
  const v = targetValue(t);
  if (isRecordTarget(t)) return `rec[-${v}]`;
  if (isSweepTarget(t)) return `sweep[${v}]`;
  const inv = isInverted(t) ? '!' : '';
  if (isPauliTarget(t)) {
    const p = pauliXBit(t) ? (pauliZBit(t) ? 'Y' : 'X') : 'Z';
    return `${inv}${p}${v}`;
  }
  return `${inv}${v}`;
}
