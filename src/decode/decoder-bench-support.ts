/**
 * Shared timing helper for the decoder benchmarks (`*.bench.ts`). Pure: the clock is a
 * parameter, so this file stays free of I/O like the rest of the core.
 */
import { BitTable } from '../mem/bit-table.js';
import type { CompiledDecoder } from './decoder.js';

/** Result of {@link timeDecodeBatch}. */
export interface DecodeTiming {
  /** Wall-clock microseconds per shot of the timed pass (the fastest one, with a budget). */
  readonly usPerShot: number;
  /** Shots (of the first `shots`) whose predicted observables differ from the actual ones. */
  readonly logicalErrors: number;
  /** Shots decoded by the timed pass (all of them without a budget). */
  readonly shots: number;
}

/** A time budget for {@link timeDecodeBatch}, for decoders too slow to decode every shot. */
export interface DecodeBudget {
  /** Warm-up time (ms) before timing. */
  readonly warmupMs: number;
  /** Total timed time (ms), split over `passes` passes from shot 0; the fastest is reported. */
  readonly budgetMs: number;
  readonly passes: number;
}

/** Rows [start, start + n) of a table, sharing its memory. */
function rowsView(t: BitTable, start: number, n: number): BitTable {
  return new BitTable(n, t.numCols, t.data.subarray(start * t.stride, (start + n) * t.stride));
}

/**
 * Without `budget`: decodes `detectors` once (JIT warm-up), then times a second pass with `now`
 * (milliseconds). With `budget`: decodes from shot 0 in chunks of 1, 2, 4, … 64 shots until the
 * time is up (so a slow decoder stops soon after it), first as a warm-up and then `passes` timed
 * times. Counts the logical errors of the timed shots against `observables`. Allocates one
 * predictions table.
 */
export function timeDecodeBatch(
  decoder: CompiledDecoder,
  detectors: BitTable,
  observables: BitTable,
  now: () => number,
  budget?: DecodeBudget,
): DecodeTiming {
  const total = detectors.numRows;
  const pred = new BitTable(total, decoder.numObservables);
  let shots = total;
  let usPerShot: number;
  if (budget === undefined) {
    decoder.decodeBatch(detectors, pred);
    const t0 = now();
    decoder.decodeBatch(detectors, pred);
    usPerShot = total === 0 ? 0 : ((now() - t0) * 1000) / total;
  } else {
    const run = (ms: number): number => {
      let done = 0;
      let chunk = 1;
      const t0 = now();
      while (done < total && now() - t0 < ms) {
        const n = Math.min(chunk, total - done);
        decoder.decodeBatch(rowsView(detectors, done, n), rowsView(pred, done, n));
        done += n;
        chunk = Math.min(64, 2 * chunk);
      }
      return done;
    };
    run(budget.warmupMs);
    // the fastest pass: other processes and the GC add noise, never speed
    usPerShot = Infinity;
    for (let pass = 0; pass < budget.passes; pass++) {
      const t0 = now();
      shots = run(budget.budgetMs / budget.passes);
      if (shots > 0) usPerShot = Math.min(usPerShot, ((now() - t0) * 1000) / shots);
    }
    if (shots === 0) usPerShot = 0;
  }
  const words = (decoder.numObservables + 31) >>> 5;
  let errors = 0;
  for (let s = 0; s < shots; s++)
    for (let k = 0; k < words; k++)
      if (pred.data[s * pred.stride + k] !== observables.data[s * observables.stride + k]) {
        errors++;
        break;
      }
  return { usPerShot, logicalErrors: errors, shots };
}
