/**
 * Resolution of a {@link DetectorErrorModel} (relative ids, shifts, repeat blocks) into a
 * {@link FlatDem} (absolute ids, one entry per error mechanism), following the state-space rules of
 * Stim's `doc/file_format_dem_detector_error_model.md`: `shift_detectors(c...) k` adds k to the
 * detector offset and c to the coordinate offset; a detector's coordinates are its written
 * coordinates plus the offset's first coordinates (extra offset coordinates are skipped); the
 * model has max(mentioned absolute detector id) + 1 detectors and max(observable id) + 1
 * observables, counting errors (every component) and declarations.
 */
import { LimitError, ValidationError } from '../base/errors.js';
import type { DemError, DemSymptom, DetectorErrorModel, FlatDem, FlatError } from './dem.js';
import { xorSortedInPlace } from './packed-dem.js';

/** Default cap on the number of flat errors {@link flattenDem} produces (memory guard). */
export const DEFAULT_MAX_FLAT_ERRORS = 50_000_000;
/** Default cap on the number of detectors {@link flattenDem} produces (memory guard). */
export const DEFAULT_MAX_FLAT_DETECTORS = 100_000_000;

/** Sizes of a model, computed without flattening it. */
export interface DemCounts {
  /** max absolute detector id mentioned (errors or declarations) + 1. */
  readonly numDetectors: number;
  /** max observable id mentioned + 1. */
  readonly numObservables: number;
  /** Number of error mechanisms after unrolling repeat blocks. */
  readonly numErrors: number;
  /** Total detector shift of the model (the offset after its last instruction). */
  readonly detectorShift: number;
}

interface Summary {
  /** Max detector id relative to the model's start offset, or -1. */
  maxDet: number;
  maxObs: number;
  errors: number;
  shift: number;
}

const summaries = new WeakMap<DetectorErrorModel, Summary>();

function summarize(dem: DetectorErrorModel): Summary {
  const cached = summaries.get(dem);
  if (cached !== undefined) return cached;
  let maxDet = -1;
  let maxObs = -1;
  let errors = 0;
  let shift = 0;
  for (const item of dem.items) {
    switch (item.kind) {
      case 'error':
        errors++;
        for (const c of item.components) {
          for (const d of c.detectors) if (shift + d > maxDet) maxDet = shift + d;
          for (const o of c.observables) if (o > maxObs) maxObs = o;
        }
        break;
      case 'detector':
        for (const d of item.detectors) if (shift + d > maxDet) maxDet = shift + d;
        break;
      case 'logical_observable':
        for (const o of item.observables) if (o > maxObs) maxObs = o;
        break;
      case 'shift_detectors':
        shift += item.shift;
        break;
      case 'repeat': {
        if (item.repetitions === 0) break;
        const b = summarize(item.body);
        // Shifts only grow, so the last iteration reaches the largest id.
        if (b.maxDet >= 0) {
          const m = shift + (item.repetitions - 1) * b.shift + b.maxDet;
          if (m > maxDet) maxDet = m;
        }
        if (b.maxObs > maxObs) maxObs = b.maxObs;
        errors += item.repetitions * b.errors;
        shift += item.repetitions * b.shift;
        break;
      }
    }
  }
  const s: Summary = { maxDet, maxObs, errors, shift };
  summaries.set(dem, s);
  return s;
}

/** Whether a model (its repeat blocks included) shifts detector coordinates anywhere. */
function shiftsCoords(dem: DetectorErrorModel): boolean {
  return dem.items.some(
    (item) =>
      (item.kind === 'shift_detectors' && item.coords.some((c) => c !== 0)) ||
      (item.kind === 'repeat' && shiftsCoords(item.body)),
  );
}

/**
 * Counts detectors, observables and error mechanisms of a model without flattening it:
 * O(size of the text form), independent of repetition counts. Pure (caches per model object, so
 * do not mutate a model after counting it).
 */
export function countDem(dem: DetectorErrorModel): DemCounts {
  const s = summarize(dem);
  return {
    numDetectors: s.maxDet + 1,
    numObservables: s.maxObs + 1,
    numErrors: s.errors,
    detectorShift: s.shift,
  };
}

/** An error's symptom with relative ids, sorted and XOR-reduced once, reused for every repetition. */
interface Template {
  readonly detectors: readonly number[];
  readonly observables: readonly number[];
  /** True when the error has one component that is already sorted without duplicates. */
  readonly simple: boolean;
}

/**
 * The ids that occur an odd number of times in `lists[i][key]` over all i, sorted ascending.
 * (Short lists, the usual case, are insertion-sorted: no comparator closure.)
 */
function xorSorted(lists: readonly DemSymptom[], key: 'detectors' | 'observables'): number[] {
  const all: number[] = [];
  for (let l = 0; l < lists.length; l++) {
    const ids = lists[l][key];
    for (let k = 0; k < ids.length; k++) all.push(ids[k]);
  }
  return xorSortedInPlace(all);
}

const strictlyIncreasing = (a: readonly number[]): boolean => {
  for (let i = 1; i < a.length; i++) if (!(a[i] > a[i - 1])) return false;
  return true;
};

function makeTemplate(e: DemError): Template {
  const comps = e.components;
  if (
    comps.length === 1 &&
    strictlyIncreasing(comps[0].detectors) &&
    strictlyIncreasing(comps[0].observables)
  )
    return { detectors: comps[0].detectors, observables: comps[0].observables, simple: true };
  return {
    detectors: xorSorted(comps, 'detectors'),
    observables: xorSorted(comps, 'observables'),
    simple: false,
  };
}

function shifted(ids: readonly number[], offset: number): readonly number[] {
  if (offset === 0) return ids;
  const out = new Array<number>(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = ids[i] + offset;
  return out;
}

/** Options of {@link flattenDem}. */
export interface FlattenOptions {
  /** Refuse (LimitError) models with more error mechanisms than this. Default {@link DEFAULT_MAX_FLAT_ERRORS}. */
  readonly maxErrors?: number;
  /** Refuse (LimitError) models with more detectors than this. Default {@link DEFAULT_MAX_FLAT_DETECTORS}. */
  readonly maxDetectors?: number;
}

/**
 * Flattens a model: resolves shifts and repeat blocks into absolute ids, XORs each error's
 * components into its `detectors`/`observables` (sorted, duplicates cancelled), keeps the
 * components with absolute ids, and collects detector coordinates (with coordinate shifts
 * applied; `[]` for a detector declared without coordinates, `undefined` where none was declared;
 * a later declaration of the same detector wins). Errors appear in execution order.
 *
 * Complexity: O(output size); each error's sorting/XOR is done once per written instruction and
 * reused across repetitions. Arrays of the result may be shared with the input model and between
 * errors: treat them as read-only. Does not mutate `dem`.
 * @throws LimitError when the flat model would exceed `maxErrors` errors or `maxDetectors` detectors
 *   (checked before allocating). ValidationError when an absolute detector id exceeds 2^53 - 1.
 */
export function flattenDem(dem: DetectorErrorModel, options: FlattenOptions = {}): FlatDem {
  const counts = countDem(dem);
  const maxErrors = options.maxErrors ?? DEFAULT_MAX_FLAT_ERRORS;
  const maxDetectors = options.maxDetectors ?? DEFAULT_MAX_FLAT_DETECTORS;
  if (!(counts.numDetectors <= Number.MAX_SAFE_INTEGER))
    throw new ValidationError(`detector ids of the model exceed 2^53 - 1 after shifts`, {
      numDetectors: counts.numDetectors,
    });
  if (counts.numErrors > maxErrors)
    throw new LimitError(
      `the detector error model has ${counts.numErrors} error mechanisms after unrolling repeat blocks, more than the limit ${maxErrors}`,
      { numErrors: counts.numErrors, limit: maxErrors },
    );
  if (counts.numDetectors > maxDetectors)
    throw new LimitError(
      `the detector error model has ${counts.numDetectors} detectors, more than the limit ${maxDetectors}`,
      { numDetectors: counts.numDetectors, limit: maxDetectors },
    );
  const errors: FlatError[] = [];
  const coords = new Array<readonly number[] | undefined>(counts.numDetectors).fill(undefined);
  const templates = new Map<DemError, Template>();
  const coordShift: number[] = [];
  let offset = 0;

  // `repeated`: inside a repeat block, whose errors are met again with other offsets (their
  // templates are kept); the errors outside every block are met once.
  const walk = (model: DetectorErrorModel, repeated: boolean): void => {
    for (const item of model.items) {
      switch (item.kind) {
        case 'error': {
          let t = repeated ? templates.get(item) : undefined;
          if (t === undefined) {
            t = makeTemplate(item);
            if (repeated) templates.set(item, t);
          }
          const detectors = shifted(t.detectors, offset);
          let components: readonly DemSymptom[];
          if (t.simple) components = [{ detectors, observables: t.observables }];
          else {
            const cs: DemSymptom[] = new Array<DemSymptom>(item.components.length);
            for (let i = 0; i < cs.length; i++) {
              const c = item.components[i];
              cs[i] = { detectors: shifted(c.detectors, offset), observables: c.observables };
            }
            components = cs;
          }
          errors.push({ probability: item.probability, detectors, observables: t.observables, components });
          break;
        }
        case 'detector': {
          const c = item.coords;
          const abs = new Array<number>(c.length);
          for (let i = 0; i < c.length; i++) abs[i] = i < coordShift.length ? c[i] + coordShift[i] : c[i];
          for (const d of item.detectors) coords[offset + d] = abs;
          break;
        }
        case 'logical_observable':
          break;
        case 'shift_detectors': {
          const c = item.coords;
          for (let i = 0; i < c.length; i++) {
            if (i < coordShift.length) coordShift[i] += c[i];
            else coordShift.push(c[i]);
          }
          offset += item.shift;
          break;
        }
        case 'repeat': {
          const b = summarize(item.body);
          if (b.errors === 0 && b.maxDet < 0 && !shiftsCoords(item.body)) {
            // A body with no error, no detector and no coordinate shift only moves the detector
            // offset: all repetitions at once (`repeat 1099511627776 { }` costs nothing).
            offset += item.repetitions * b.shift;
            break;
          }
          for (let r = 0; r < item.repetitions; r++) walk(item.body, item.repetitions > 1 || repeated);
          break;
        }
      }
    }
  };
  walk(dem, false);
  return {
    numDetectors: counts.numDetectors,
    numObservables: counts.numObservables,
    errors,
    detectorCoords: coords,
  };
}
