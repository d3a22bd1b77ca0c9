/**
 * Shared timing helper for the decoder benchmarks (`*.bench.ts`). Pure: the clock is a
 * parameter, so this file stays free of I/O like the rest of the core.
 */
import type { BitTable } from '../mem/bit-table.js';
import { BitTable as Table } from '../mem/bit-table.js';
import type { CompiledDecoder } from './decoder.js';

/** Result of {@link timeDecodeBatch}. */
export interface DecodeTiming {
  /** Wall-clock microseconds per shot of the timed (second) pass. */
  readonly usPerShot: number;
  /** Shots whose predicted observables differ from the actual ones. */
  readonly logicalErrors: number;
  readonly shots: number;
}

/**
 * Decodes `detectors` once (JIT warm-up), then times a second pass with `now` (milliseconds) and
 * counts the logical errors against `observables`. Allocates one predictions table.
 */
export function timeDecodeBatch(
  decoder: CompiledDecoder,
  detectors: BitTable,
  observables: BitTable,
  now: () => number,
): DecodeTiming {
  const shots = detectors.numRows;
  const pred = new Table(shots, decoder.numObservables);
  decoder.decodeBatch(detectors, pred);
  const t0 = now();
  decoder.decodeBatch(detectors, pred);
  const ms = now() - t0;
  const words = (decoder.numObservables + 31) >>> 5;
  let errors = 0;
  for (let s = 0; s < shots; s++)
    for (let k = 0; k < words; k++)
      if (pred.data[s * pred.stride + k] !== observables.data[s * observables.stride + k]) {
        errors++;
        break;
      }
  return { usPerShot: shots === 0 ? 0 : (ms * 1000) / shots, logicalErrors: errors, shots };
}
