import type { FlatDem } from '../dem/dem.js';
import type { BitTable } from '../mem/bit-table.js';

/**
 * The decoder interface (sinter's compiled-decoder split): compile once per DEM, then decode
 * many batches of bit-packed shots without allocating per shot.
 *
 * Layouts: `detectionEvents` is a BitTable with one row per shot and `numDetectors` columns
 * (bit d of row s = detector d fired in shot s). `predictions` is a BitTable with one row per
 * shot and `numObservables` columns; decodeBatch overwrites it.
 */
export interface CompiledDecoder {
  readonly numDetectors: number;
  readonly numObservables: number;
  /** Predicts observable flips for every shot (row) of `detectionEvents` into `predictions`. */
  decodeBatch(detectionEvents: BitTable, predictions: BitTable): void;
}

/** A decoder family: validates a DEM and compiles it. Throws UnsupportedError for DEMs it cannot handle. */
export interface Decoder {
  /** Short name used by the CLI and task specs: `mwpm`, `unionfind`, `bposd`, `lookup`. */
  readonly name: string;
  compile(dem: FlatDem, options?: Record<string, unknown>): CompiledDecoder;
}
