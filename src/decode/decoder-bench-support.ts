/**
 * Shared timing helper for the decoder benchmarks (`*.bench.ts`). Pure: the clock is a
 * parameter, so this file stays free of I/O like the rest of the core.
 */
import { BitTable, rowsView } from '../mem/bit-table.js';
import type { CompiledDecoder } from './decoder.js';

/** Result of {@link timeDecodeBatch}. */
export interface DecodeTiming {
  /** Wall-clock microseconds per shot: the median over the timed passes. */
  readonly usPerShot: number;
  /** Shots whose predicted observables differ from the actual ones. */
  readonly logicalErrors: number;
  /** Shots decoded by each timed pass: always every row of `detectors`. */
  readonly shots: number;
}

/** How {@link timeDecodeBatch} warms up and repeats. */
export interface DecodeTimingOptions {
  /** Shots (from shot 0) decoded once before timing, for the JIT (default: all of them). */
  readonly warmupShots?: number;
  /** Timed passes over all the shots; the median is reported (default 1). */
  readonly passes?: number;
}

/**
 * Times the decoding of a fixed number of shots: every row of `detectors`. Decodes the first
 * `warmupShots` rows once (JIT warm-up), then times `passes` passes over all rows with `now`
 * (milliseconds) and reports the median µs per shot. Counts the logical errors of the shots
 * against `observables`. Allocates one predictions table.
 */
export function timeDecodeBatch(
  decoder: CompiledDecoder,
  detectors: BitTable,
  observables: BitTable,
  now: () => number,
  options: DecodeTimingOptions = {},
): DecodeTiming {
  const shots = detectors.numRows;
  const pred = new BitTable(shots, decoder.numObservables);
  const warm = Math.min(shots, Math.max(0, Math.floor(options.warmupShots ?? shots)));
  if (warm > 0) decoder.decodeBatch(rowsView(detectors, 0, warm), rowsView(pred, 0, warm));
  const passes = Math.max(1, Math.floor(options.passes ?? 1));
  const us: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const t0 = now();
    decoder.decodeBatch(detectors, pred);
    us.push(shots === 0 ? 0 : ((now() - t0) * 1000) / shots);
  }
  us.sort((a, b) => a - b);
  const words = (decoder.numObservables + 31) >>> 5;
  let errors = 0;
  for (let s = 0; s < shots; s++)
    for (let k = 0; k < words; k++)
      if (pred.data[s * pred.stride + k] !== observables.data[s * observables.stride + k]) {
        errors++;
        break;
      }
  return { usPerShot: us[Math.floor(passes / 2)], logicalErrors: errors, shots };
}
