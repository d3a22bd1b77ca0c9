import { formatBytes, LimitError } from './errors.js';

/**
 * Largest single allocation the simulators and samplers make before refusing: 2 GiB. Above it a
 * request is refused up front with a {@link LimitError} saying how much it would need, instead of
 * failing deep inside (V8's "Invalid typed array length") or swapping for minutes.
 */
export const MAX_ALLOCATION_BYTES = 2 ** 31;

/**
 * Refuses an allocation of `bytes` (possibly astronomically large, even Infinity) when it exceeds
 * `max`. `what` names the structure for the message, e.g. `a stabilizer tableau of 199999 qubits`.
 * @throws LimitError `what needs N GiB, more than the limit of 2 GiB` (details: bytesNeeded, limit).
 */
export function checkAllocation(what: string, bytes: number, max = MAX_ALLOCATION_BYTES): void {
  if (bytes <= max) return;
  const need =
    Number.isFinite(bytes) && bytes < 2 ** 70 ? formatBytes(bytes) : `more than ${formatBytes(2 ** 70)}`;
  throw new LimitError(`${what} needs ${need}, more than the limit of ${formatBytes(max)}`, {
    bytesNeeded: bytes,
    limit: max,
  });
}
