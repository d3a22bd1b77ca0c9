/**
 * Shots of the shot view: sampled in seeded batches by the frame sampler, decoded by MWPM, with
 * the matching of the shown shot. Shot k is row k mod {@link SHOT_BATCH} of batch ⌊k / SHOT_BATCH⌋,
 * sampled with `Rng(deriveSeed(seed, batch))`, so a (seed, index) pair names one shot for good.
 * Pure: no DOM.
 */
import { BitTable, deriveSeed, matchShot, Rng, type ShotMatching } from '../../src/index.js';
import type { LabExperiment, ShotEngine } from './lab-model.js';

/** Shots sampled together (one seed each). */
export const SHOT_BATCH = 256;

/** One decoded shot. */
export interface Shot {
  readonly seed: number;
  readonly index: number;
  /** Detectors that fired, ascending. */
  readonly events: readonly number[];
  /** Observables actually flipped, ascending. */
  readonly actual: readonly number[];
  /** The MWPM matching (pairs, predicted flips); undefined when the DEM is not graphlike. */
  readonly matching: ShotMatching | undefined;
  /** Observables the decoder predicts flipped, ascending. */
  readonly predicted: readonly number[];
  /** True when the predicted flips equal the actual ones (the correction succeeded). */
  readonly success: boolean;
}

/** Seeded source of decoded shots for one experiment. */
export class ShotSource {
  private batchIndex = -1;
  private dets: BitTable | undefined;
  private obs: BitTable | undefined;
  private predictions: BitTable | undefined;

  constructor(
    private readonly exp: LabExperiment,
    private readonly engine: ShotEngine,
    readonly seed: number,
  ) {}

  private load(batch: number): void {
    if (batch === this.batchIndex) return;
    const r = this.engine.sampler.sampleDetectors(SHOT_BATCH, new Rng(deriveSeed(this.seed, batch)));
    this.dets = r.detectors;
    this.obs = r.observables;
    this.predictions = new BitTable(SHOT_BATCH, this.exp.numObservables);
    this.engine.decoder.decodeBatch(r.detectors, this.predictions);
    this.batchIndex = batch;
  }

  /** Shot `index` (≥ 0), decoded and matched. */
  shot(index: number): Shot {
    this.load(Math.floor(index / SHOT_BATCH));
    const row = index % SHOT_BATCH;
    const dets = this.dets as BitTable;
    const obs = this.obs as BitTable;
    const events: number[] = [];
    for (let d = 0; d < this.exp.numDetectors; d++) if (dets.get(row, d)) events.push(d);
    const actual: number[] = [];
    for (let o = 0; o < this.exp.numObservables; o++) if (obs.get(row, o)) actual.push(o);
    const m = this.engine.matcher;
    const matching = m === undefined ? undefined : matchShot(m, dets.row(row));
    const pred = this.predictions as BitTable;
    const predicted: number[] = [];
    for (let o = 0; o < this.exp.numObservables; o++) if (pred.get(row, o)) predicted.push(o);
    const success = predicted.length === actual.length && predicted.every((o, i) => o === actual[i]);
    return { seed: this.seed, index, events, actual, matching, predicted, success };
  }

  /**
   * The first shot at or after `from` (and before `from + limit`) for which `want` holds on its
   * row of detection events / actual flips / batch predictions; -1 if none.
   */
  find(from: number, limit: number, want: 'events' | 'failure'): number {
    for (let k = from; k < from + limit;) {
      this.load(Math.floor(k / SHOT_BATCH));
      const end = Math.min((this.batchIndex + 1) * SHOT_BATCH, from + limit);
      for (; k < end; k++) {
        const row = k % SHOT_BATCH;
        if (want === 'events' ? rowNonZero(this.dets as BitTable, row) : this.differs(row)) return k;
      }
    }
    return -1;
  }

  /** Whether the predictions differ from the actual observables on a row of the loaded batch. */
  private differs(row: number): boolean {
    const p = this.predictions as BitTable;
    const o = this.obs as BitTable;
    for (let c = 0; c < this.exp.numObservables; c++) if (p.get(row, c) !== o.get(row, c)) return true;
    return false;
  }
}

function rowNonZero(t: BitTable, row: number): boolean {
  const r = t.row(row);
  for (let i = 0; i < r.length; i++) if (r[i] !== 0) return true;
  return false;
}

/** A shot in Stim's `dets` format: detection events, then (with `withObs`) the actual flips. */
export function shotToDets(s: Shot, withObs: boolean): string {
  const parts = ['shot', ...s.events.map((d) => `D${d}`), ...(withObs ? s.actual.map((o) => `L${o}`) : [])];
  return parts.join(' ');
}

/** Rounds (distinct detector times) of an experiment, ascending. */
export function detectorRounds(exp: LabExperiment): number[] {
  return [...new Set(exp.detectors.map((d) => d.t))].sort((a, b) => a - b);
}
