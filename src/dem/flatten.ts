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
  /**
   * Total coordinate shift of the block (entry k sums the k-th argument of every
   * `shift_detectors`, repeat blocks times their count); as long as the longest argument list.
   */
  coordShift: number[];
  /** Some `shift_detectors` inside (nested blocks too) has a non-zero coordinate. */
  shiftsCoords: boolean;
  /** Instructions visited by one walk of the block (see {@link repeatMode}). */
  cost: number;
}

/** How a repeat block is flattened: each repetition walked, or one of two closed forms. */
export const REPEAT_WALK = 0;
/** No error and no detector in the body: only the offset and the coordinates move, all at once. */
export const REPEAT_SHIFT_ONLY = 1;
/**
 * No error and no detector shift in the body: every repetition declares the same detectors and the
 * last declaration wins, so only the last repetition is walked (after the others' coordinate shift).
 */
export const REPEAT_LAST_ONLY = 2;
/**
 * Above this many instructions visited, a declaration-only repeat block takes its closed form even
 * when it shifts coordinates, where count · shift can differ from repeated addition in the last
 * bits (`repeat 1000000000000 { shift_detectors(0.1) 0 }` would otherwise loop 10^12 times).
 */
export const EXACT_REPEAT_WORK = 1 << 20;

/**
 * The way {@link flattenDem} (and `parseFlatDem`, which must agree with it) goes through a repeat
 * block of `reps` repetitions whose body has the given summary. Bodies with errors are walked
 * (their repetitions are bounded by the error limit); so are bodies declaring new detectors at
 * each repetition (bounded by the detector limit).
 */
export function repeatMode(
  reps: number,
  body: { errors: number; maxDet: number; shift: number; shiftsCoords: boolean; cost: number },
): number {
  if (body.errors !== 0) return REPEAT_WALK;
  const closed = !body.shiftsCoords || reps * body.cost > EXACT_REPEAT_WORK;
  if (closed && body.maxDet < 0) return REPEAT_SHIFT_ONLY;
  if (closed && body.shift === 0) return REPEAT_LAST_ONLY;
  return REPEAT_WALK;
}

/** Instructions visited by one walk of a repeat block in the given mode (the block's own one too). */
export function repeatCost(mode: number, reps: number, bodyCost: number): number {
  if (reps === 0 || mode === REPEAT_SHIFT_ONLY) return 1;
  return 1 + (mode === REPEAT_LAST_ONLY ? bodyCost : reps * bodyCost);
}

const summaries = new WeakMap<DetectorErrorModel, Summary>();

function summarize(dem: DetectorErrorModel): Summary {
  const cached = summaries.get(dem);
  if (cached !== undefined) return cached;
  let maxDet = -1;
  let maxObs = -1;
  let errors = 0;
  let shift = 0;
  const coordShift: number[] = [];
  let shiftsCoords = false;
  let cost = 0;
  for (const item of dem.items) {
    cost++;
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
        addScaled(coordShift, item.coords, 1);
        if (item.coords.some((c) => c !== 0)) shiftsCoords = true;
        break;
      case 'repeat': {
        const b = summarize(item.body);
        if (b.shiftsCoords) shiftsCoords = true;
        if (item.repetitions === 0) break;
        cost += repeatCost(repeatMode(item.repetitions, b), item.repetitions, b.cost) - 1;
        addScaled(coordShift, b.coordShift, item.repetitions);
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
  const s: Summary = { maxDet, maxObs, errors, shift, coordShift, shiftsCoords, cost };
  summaries.set(dem, s);
  return s;
}

/**
 * `acc[k] += times · add[k]`, extending `acc` where `add` is longer (as a `shift_detectors` with more
 * coordinates than seen so far does).
 */
export function addScaled(acc: number[], add: readonly number[], times: number): void {
  for (let k = 0; k < add.length; k++) {
    if (k < acc.length) acc[k] += times * add[k];
    else acc.push(times * add[k]);
  }
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
          const reps = item.repetitions;
          if (reps === 0) break;
          const mode = repeatMode(reps, b);
          if (mode === REPEAT_SHIFT_ONLY) {
            // `repeat 1099511627776 { shift_detectors(1) 1 }` costs nothing.
            offset += reps * b.shift;
            addScaled(coordShift, b.coordShift, reps);
            break;
          }
          if (mode === REPEAT_LAST_ONLY) {
            addScaled(coordShift, b.coordShift, reps - 1);
            walk(item.body, repeated);
            break;
          }
          for (let r = 0; r < reps; r++) walk(item.body, reps > 1 || repeated);
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
