import { Rng } from '../base/prng.js';
import {
  catFootprints,
  footprint,
  footprintPlot,
  groupCurves,
  groupPlots,
  type ResultRecord,
} from '../experiment/analysis.js';
import type { VegaLiteSpec } from '../experiment/plots.js';
import { likelihoodInterval } from '../experiment/stats.js';
import { CSV_HEADER, csvLine } from '../node/result-store.js';
import type { z } from 'zod';
import type { Executor } from './executor.js';
import type { StudyDetailSchema, StudySummarySchema, StudyTaskViewSchema } from './schemas.js';
import type { ServiceStore, StudyRecord } from './store.js';

type TaskView = z.infer<typeof StudyTaskViewSchema>;
type Summary = z.infer<typeof StudySummarySchema>;
type Detail = z.infer<typeof StudyDetailSchema>;

/** The listing form of a study. */
export function studySummary(s: StudyRecord, numTasks: number): Summary {
  return {
    id: s.id,
    status: s.status,
    ...(s.error === null ? {} : { error: s.error }),
    maxShots: s.maxShots,
    maxErrors: s.maxErrors,
    numTasks,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** Every task of a study with its committed totals (and the shots in flight when it is running). */
export function taskViews(store: ServiceStore, executor: Executor, s: StudyRecord): TaskView[] {
  const totals = store.totals(s.id);
  const failures = store.taskFailures(s.id);
  const live = executor.live(s.id);
  const active = s.status === 'queued' || s.status === 'running';
  return store.tasks(s.id).map((t) => {
    const c = totals.get(t.strongId);
    const shots = c?.shots ?? 0;
    const errors = c?.errors ?? 0;
    const iv = likelihoodInterval(errors, shots);
    const done = shots >= s.maxShots || errors >= s.maxErrors;
    const error = failures.get(t.strongId);
    return {
      strongId: t.strongId,
      decoder: t.decoder,
      metadata: t.metadata as TaskView['metadata'],
      shots,
      errors,
      discards: c?.discards ?? 0,
      seconds: c?.seconds ?? 0,
      batches: c?.batch ?? 0,
      inFlightShots: live?.find((l) => l.task.strongId === t.strongId)?.inFlightShots ?? 0,
      rate: iv.rate,
      interval: { low: iv.low, high: iv.high },
      done,
      status: error !== undefined ? 'failed' : done ? 'done' : active ? 'running' : 'stopped',
      ...(error === undefined ? {} : { error }),
    };
  });
}

/** The full form of a study: summary, spec and per-task counts. */
export function studyDetail(store: ServiceStore, executor: Executor, s: StudyRecord): Detail {
  const tasks = taskViews(store, executor, s);
  return { ...studySummary(s, tasks.length), spec: s.spec, tasks, workers: store.workerShares(s.id) };
}

/**
 * The study's results as `qec collect` writes them: sinter's CSV header, then one row per
 * committed batch in commit order (sinter and `qec plot`/`threshold` add rows of the same task).
 */
export function resultsCsv(store: ServiceStore, studyId: string): string {
  const tasks = new Map(store.tasks(studyId).map((t) => [t.strongId, t]));
  const lines = [CSV_HEADER];
  for (const b of store.batches(studyId)) {
    const t = tasks.get(b.strongId);
    if (t === undefined) continue;
    lines.push(csvLine({ ...b, decoder: t.decoder, strongId: b.strongId, metadata: t.metadata }));
  }
  return lines.join('\n') + '\n';
}

/** Merged records per task (what `loadRecords` gives `qec threshold` for the CSV above). */
function records(store: ServiceStore, studyId: string): ResultRecord[] {
  const totals = store.totals(studyId);
  return store.tasks(studyId).flatMap((t) => {
    const c = totals.get(t.strongId);
    if (c === undefined) return [];
    return [
      {
        stats: { shots: c.shots, errors: c.errors, discards: c.discards, seconds: c.seconds },
        decoder: t.decoder,
        metadata: t.metadata,
      },
    ];
  });
}

/** Finite numbers stay, NaN and ±Infinity become null (JSON has no such numbers). */
function jsonSafe(v: unknown): unknown {
  return JSON.parse(
    JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? null : x)),
  );
}

/**
 * Thresholds, Λ, suppression fits and the footprint table of a study's results, computed by the
 * functions behind `qec threshold` and `qec footprint` (same bootstrap seed as the CLI).
 */
export function studyAnalysis(store: ServiceStore, studyId: string, p: number, target: number): unknown {
  const groups = groupCurves(records(store, studyId), new Rng(1));
  return jsonSafe({
    groups: groups.map((g, i) => ({
      index: i + 1,
      label: g.label,
      code: g.code,
      noise: g.noise,
      decoder: g.decoder,
      xKey: g.xKey,
      points: g.points,
      threshold: g.threshold ?? null,
      thresholdPerShot: g.thresholdPerShot ?? null,
      lambdas: g.lambdas,
      fit: g.fit ?? null,
      plots: [`rates-${i + 1}.svg`, `lambda-${i + 1}.svg`],
    })),
    footprint: { p, target, rows: footprint(groups, p, target) },
    catFootprint: { target, groups: catFootprints(groups, target) },
  });
}

/** The Vega-Lite spec of a named plot (`rates-N.svg`, `lambda-N.svg`, `footprint.svg`), if it exists. */
export function plotSpec(store: ServiceStore, studyId: string, name: string): VegaLiteSpec | undefined {
  const groups = groupCurves(records(store, studyId), new Rng(1));
  if (name === 'footprint.svg')
    return groups.some((g) => g.xKey === 'p')
      ? footprintPlot(groups, 1e-3, [1e-3, 1e-4, 1e-5, 1e-6, 1e-8, 1e-10, 1e-12, 1e-15])
      : undefined;
  const m = /^(rates|lambda)-(\d+)\.svg$/.exec(name);
  const g = m === null ? undefined : groups[Number(m[2]) - 1];
  if (m === null || g === undefined) return undefined;
  const plots = groupPlots(g);
  return m[1] === 'rates' ? plots.rates : plots.lambda;
}
