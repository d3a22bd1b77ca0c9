/**
 * Helpers shared by the decoders of this folder: DEM validation, the error mechanisms as
 * merged sparse columns, option tables with validation, and batch shape checks.
 */
import { ValidationError } from '../base/errors.js';
import type { FlatDem } from '../dem/dem.js';
import type { BitTable } from '../mem/bit-table.js';

/**
 * The error mechanisms of a DEM as sparse columns of the check matrix (detectors × mechanisms)
 * plus observable masks. Mechanisms with identical (detectors, observables) are merged into one
 * column with the XOR-combined probability p1 + p2 − 2 p1 p2 (exact for independent mechanisms);
 * mechanisms with probability 0 or with no detectors and no observables are dropped.
 *
 * Layout: column j flips detectors `detIndex[detStart[j] .. detStart[j+1]-1]` (ascending) and the
 * observables whose bits are set in words `obsMask[j*obsWords .. (j+1)*obsWords-1]`.
 */
export interface ErrorColumns {
  readonly numDetectors: number;
  readonly numObservables: number;
  /** Words per observable mask: ceil(numObservables / 32) (0 when there are no observables). */
  readonly obsWords: number;
  readonly numColumns: number;
  readonly probability: Float64Array;
  readonly detStart: Int32Array;
  readonly detIndex: Int32Array;
  readonly obsMask: Uint32Array;
}

/**
 * Validates a flat DEM: sizes are non-negative integers, every probability is in [0, 1], every
 * detector and observable id is an integer in range.
 * @throws ValidationError naming the error mechanism and the rule broken.
 */
export function checkFlatDem(dem: FlatDem, decoderName: string): void {
  const nd = dem.numDetectors;
  const no = dem.numObservables;
  if (!Number.isInteger(nd) || nd < 0 || !Number.isInteger(no) || no < 0)
    throw new ValidationError(
      `${decoderName}: DEM sizes must be non-negative integers (numDetectors=${nd}, numObservables=${no})`,
    );
  // (plain loops, no per-error arrays: this runs over every error of large DEMs at start-up)
  for (let i = 0; i < dem.errors.length; i++) {
    const e = dem.errors[i];
    if (!(e.probability >= 0 && e.probability <= 1))
      throw new ValidationError(
        `${decoderName}: error #${i} has probability ${e.probability}, outside [0, 1]`,
        {
          index: i,
          probability: e.probability,
        },
      );
    checkIds(e.detectors, nd, i, 'detector', decoderName);
    checkIds(e.observables, no, i, 'observable', decoderName);
    for (let c = 0; c < e.components.length; c++) {
      checkIds(e.components[c].detectors, nd, i, 'detector', decoderName);
      checkIds(e.components[c].observables, no, i, 'observable', decoderName);
    }
  }
}

/** Throws unless every id of `ids` is an integer in [0, n) (error #i's detectors or observables). */
function checkIds(
  ids: readonly number[],
  n: number,
  i: number,
  kind: 'detector' | 'observable',
  decoderName: string,
): void {
  for (let k = 0; k < ids.length; k++) {
    const x = ids[k];
    if (Number.isInteger(x) && x >= 0 && x < n) continue;
    throw kind === 'detector'
      ? new ValidationError(
          `${decoderName}: error #${i} flips detector D${x}, but the DEM has ${n} detectors (D0..D${n - 1})`,
          { index: i, detector: x },
        )
      : new ValidationError(
          `${decoderName}: error #${i} flips observable L${x}, but the DEM has ${n} observables`,
          { index: i, observable: x },
        );
  }
}

/** XOR of two independent events' probabilities: P(exactly one happens). */
export function xorProbability(p: number, q: number): number {
  return p * (1 - q) + q * (1 - p);
}

/**
 * Symptoms as (detectors, observables) lists, merged into {@link ErrorColumns}. `symptoms[i]`
 * must be sorted ascending without duplicates. O(total size × log) via string keys (compile time).
 */
export function buildErrorColumns(
  numDetectors: number,
  numObservables: number,
  symptoms: readonly {
    readonly p: number;
    readonly detectors: readonly number[];
    readonly observables: readonly number[];
  }[],
): ErrorColumns {
  const byKey = new Map<string, number>();
  const probs: number[] = [];
  const dets: (readonly number[])[] = [];
  const obs: (readonly number[])[] = [];
  for (const s of symptoms) {
    if (s.p === 0 || (s.detectors.length === 0 && s.observables.length === 0)) continue;
    const key = `${s.detectors.join(',')}|${s.observables.join(',')}`;
    const j = byKey.get(key);
    if (j === undefined) {
      byKey.set(key, probs.length);
      probs.push(s.p);
      dets.push(s.detectors);
      obs.push(s.observables);
    } else probs[j] = xorProbability(probs[j], s.p);
  }
  const n = probs.length;
  const obsWords = (numObservables + 31) >>> 5;
  const detStart = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) detStart[j + 1] = detStart[j] + dets[j].length;
  const detIndex = new Int32Array(detStart[n]);
  const obsMask = new Uint32Array(n * obsWords);
  for (let j = 0; j < n; j++) {
    detIndex.set(dets[j], detStart[j]);
    for (const o of obs[j]) obsMask[j * obsWords + (o >>> 5)] |= 1 << (o & 31);
  }
  return {
    numDetectors,
    numObservables,
    obsWords,
    numColumns: n,
    probability: Float64Array.from(probs),
    detStart,
    detIndex,
    obsMask,
  };
}

/** The whole mechanisms of a flat DEM (components XORed, hyperedges kept) as merged columns. */
export function demColumns(dem: FlatDem): ErrorColumns {
  return buildErrorColumns(
    dem.numDetectors,
    dem.numObservables,
    dem.errors.map((e) => ({ p: e.probability, detectors: e.detectors, observables: e.observables })),
  );
}

/**
 * Checks the tables given to `decodeBatch`: `detectionEvents` has at least `numDetectors`
 * columns; `predictions` has at least as many rows as `detectionEvents` and at least
 * `numObservables` columns.
 * @throws ValidationError with both shapes.
 */
export function checkBatchShapes(
  decoderName: string,
  numDetectors: number,
  numObservables: number,
  detectionEvents: BitTable,
  predictions: BitTable,
): void {
  if (detectionEvents.numCols < numDetectors)
    throw new ValidationError(
      `${decoderName}: detection events have ${detectionEvents.numCols} columns but the DEM has ${numDetectors} detectors`,
    );
  if (predictions.numRows < detectionEvents.numRows || predictions.numCols < numObservables)
    throw new ValidationError(
      `${decoderName}: predictions table is ${predictions.numRows}x${predictions.numCols}, needs at least ` +
        `${detectionEvents.numRows}x${numObservables}`,
    );
}

/** Value kinds of decoder options. */
export type DecoderOptionKind = 'number' | 'integer' | 'choice' | 'boolean';

/** One option of a decoder: name, kind, default, range (inclusive) or choices, and help text. */
export interface DecoderOptionSpec {
  readonly name: string;
  readonly kind: DecoderOptionKind;
  readonly default: number | string | boolean;
  readonly min?: number;
  readonly max?: number;
  /** When true, `min` itself is not allowed (e.g. a scaling factor > 0). */
  readonly minExclusive?: boolean;
  readonly choices?: readonly string[];
  readonly description: string;
}

/** Resolved option values by name (defaults filled in). */
export type ResolvedOptions = Readonly<Record<string, number | string | boolean>>;

/**
 * Validates `options` against a decoder's option table and fills in defaults.
 * @throws ValidationError on an unknown name (listing the valid ones), a wrong type, a value out
 * of range or not among the choices.
 */
export function resolveDecoderOptions(
  decoderName: string,
  specs: readonly DecoderOptionSpec[],
  options: Readonly<Record<string, unknown>> | undefined,
): ResolvedOptions {
  const out: Record<string, number | string | boolean> = {};
  for (const s of specs) out[s.name] = s.default;
  if (options === undefined) return out;
  const valid = specs.map((s) => s.name);
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const spec = specs.find((s) => s.name === name);
    if (spec === undefined)
      throw new ValidationError(
        `decoder '${decoderName}' has no option '${name}'; valid options: ${valid.length === 0 ? '(none)' : valid.join(', ')}`,
        { decoder: decoderName, option: name, valid },
      );
    const bad = (rule: string): ValidationError =>
      new ValidationError(`decoder '${decoderName}' option '${name}' = ${JSON.stringify(value)}: ${rule}`, {
        decoder: decoderName,
        option: name,
        value,
      });
    switch (spec.kind) {
      case 'boolean':
        if (typeof value !== 'boolean') throw bad('must be true or false');
        out[name] = value;
        break;
      case 'choice':
        if (typeof value !== 'string' || !(spec.choices ?? []).includes(value))
          throw bad(`must be one of ${(spec.choices ?? []).join(', ')}`);
        out[name] = value;
        break;
      case 'number':
      case 'integer': {
        if (typeof value !== 'number' || !Number.isFinite(value)) throw bad('must be a finite number');
        if (spec.kind === 'integer' && !Number.isInteger(value)) throw bad('must be an integer');
        if (spec.min !== undefined && (spec.minExclusive === true ? value <= spec.min : value < spec.min))
          throw bad(`must be ${spec.minExclusive === true ? '>' : '>='} ${spec.min}`);
        if (spec.max !== undefined && value > spec.max) throw bad(`must be <= ${spec.max}`);
        out[name] = value;
        break;
      }
      default: {
        const never: never = spec.kind;
        throw bad(`unknown option kind ${String(never)}`);
      }
    }
  }
  return out;
}
