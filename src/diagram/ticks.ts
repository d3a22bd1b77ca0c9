/**
 * Stim's `--tick` argument of `stim diagram`, shared by `qec diagram` and the web lab: `T` (one
 * tick) or `A:B` (the half-open range of ticks A … B−1). Tick 0 is the start of the circuit, tick
 * k the instant of the k-th TICK.
 */
import { ValidationError } from '../base/errors.js';

/** Most detector-slice panels one diagram draws (each is a full picture of the qubits). */
export const MAX_DETSLICE_PANELS = 256;

/**
 * Parses `T` or `A:B` into the half-open range `[A, B)` (`T` is `[T, T + 1)`); undefined for
 * undefined or blank text (all ticks).
 * @param field how the message names the value (`--tick` on the command line).
 * @throws ValidationError (with `details.field`) for anything else, or when B ≤ A.
 */
export function parseTickRange(text: string | undefined, field = '--tick'): [number, number] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const m = /^(\d+)(?::(\d+))?$/.exec(text.trim());
  if (m === null)
    throw new ValidationError(`${field} expects T or A:B (non-negative integers), got '${text}'`, { field });
  const a = Number(m[1]);
  const b = m[2] === undefined ? a + 1 : Number(m[2]);
  if (!(b > a))
    throw new ValidationError(`${field} ${text}: the range A:B is half-open, so B must exceed A`, { field });
  return [a, b];
}

/**
 * The ticks of a half-open range, one per detector-slice panel.
 * @throws ValidationError (naming `field`) past {@link MAX_DETSLICE_PANELS} ticks.
 */
export function ticksOf(range: readonly [number, number], field = '--tick'): number[] {
  const count = range[1] - range[0];
  if (count > MAX_DETSLICE_PANELS)
    throw new ValidationError(
      `${field} ${range[0]}:${range[1]}: at most ${MAX_DETSLICE_PANELS} detector slices at once`,
      { field },
    );
  return Array.from({ length: count }, (_, i) => range[0] + i);
}
