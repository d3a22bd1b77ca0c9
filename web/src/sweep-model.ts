/**
 * The sweep view's model: a small threshold sweep (distances × physical error rates) as tasks,
 * a scheduler handing out seeded shot batches to Web Workers, and the merged counts as result
 * records for the CLI's curve analysis and plot specs. Pure: no DOM, no workers.
 */
import {
  buildNoiseModel,
  CODE_FAMILIES,
  deriveSeed,
  distanceRule,
  likelihoodInterval,
  perRoundRate,
  ValidationError,
  type CodeTask,
  type ResultRecord,
} from '../../src/index.js';
import type { GeneratorRequest } from './lab-model.js';

/** What the sweep form asks for. */
export interface SweepSpec {
  readonly code: string;
  readonly task: CodeTask;
  readonly noise: string;
  /**
   * The swept noise parameter: `p`, or `nbar` for the cat model (the CLI's curve analysis sweeps
   * n̄ there); see {@link sweptParam}.
   */
  readonly param: string;
  /** Fixed noise parameters (the swept one is added per task). */
  readonly noiseParams: Readonly<Record<string, number>>;
  readonly distances: readonly number[];
  /** Values of the swept parameter. */
  readonly xs: readonly number[];
  /** Rounds per task: a multiple of d (`{ perD: 1 }` is rounds = d) or a fixed number. */
  readonly rounds: { readonly perD: number } | { readonly fixed: number };
  readonly decoder: string;
  readonly maxShots: number;
  readonly maxErrors: number;
  readonly seed: number;
}

/** One point of the sweep and its running counts. */
export interface SweepTask {
  readonly index: number;
  readonly d: number;
  /** Value of the swept parameter. */
  readonly x: number;
  readonly rounds: number;
  readonly seed: number;
  readonly generator: GeneratorRequest;
  shots: number;
  errors: number;
  seconds: number;
  /** Shots handed out and not yet reported. */
  inflight: number;
  /** Batches handed out so far (the next batch's index). */
  batches: number;
}

/** A batch for a worker: task index, batch index and its seed, shot count. */
export interface BatchOrder {
  readonly task: number;
  readonly batch: number;
  readonly seed: number;
  readonly shots: number;
}

/** Smallest and largest batch (shots); batches double from the first to the last. */
export const FIRST_BATCH = 256;
export const MAX_BATCH = 8192;

/** Parses a comma- or space-separated list of numbers; ValidationError naming the field. */
export function parseList(text: string, field: string): number[] {
  const parts = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0) throw new ValidationError(`${field}: give at least one value`, { field });
  return parts.map((s) => {
    const v = Number(s);
    if (!Number.isFinite(v)) throw new ValidationError(`${field}: '${s}' is not a number`, { field });
    return v;
  });
}

/** The parameter a sweep varies for a noise model, as the CLI's curve grouping does: n̄ for cat noise, else p. */
export function sweptParam(noise: string): string {
  return noise === 'cat' ? 'nbar' : 'p';
}

/** The tasks of a sweep, distance-major, each with its own seed derived from the sweep's. */
export function planSweep(s: SweepSpec): SweepTask[] {
  if (!(s.maxShots >= 1)) throw new ValidationError('max shots: must be ≥ 1', { field: 'maxShots' });
  if (!(s.maxErrors >= 1)) throw new ValidationError('max errors: must be ≥ 1', { field: 'maxErrors' });
  const tasks: SweepTask[] = [];
  for (const d of s.distances)
    for (const x of s.xs) {
      const rounds = 'perD' in s.rounds ? s.rounds.perD * d : s.rounds.fixed;
      const index = tasks.length;
      tasks.push({
        index,
        d,
        x,
        rounds,
        seed: deriveSeed(s.seed, index),
        generator: {
          code: s.code,
          task: s.task,
          distance: d,
          rounds,
          noise: s.noise,
          noiseParams: { ...s.noiseParams, [s.param]: x },
        },
        shots: 0,
        errors: 0,
        seconds: 0,
        inflight: 0,
        batches: 0,
      });
    }
  return tasks;
}

/** Whether a task needs no more batches (its shot or error budget is reached or handed out). */
export function taskSaturated(t: SweepTask, s: SweepSpec): boolean {
  return t.errors >= s.maxErrors || t.shots + t.inflight >= s.maxShots;
}

/** Whether a task is finished: saturated and nothing in flight. */
export function taskDone(t: SweepTask, s: SweepSpec): boolean {
  return taskSaturated(t, s) && t.inflight === 0;
}

/**
 * The next batch to hand out, or undefined when every task is saturated: the unsaturated task
 * with the fewest shots done or in flight (ties: lowest index), batch sizes doubling from
 * FIRST_BATCH to MAX_BATCH, never past the shot budget. Mutates the chosen task's `inflight`
 * and `batches`.
 */
export function nextBatch(tasks: SweepTask[], s: SweepSpec): BatchOrder | undefined {
  let best: SweepTask | undefined;
  for (const t of tasks)
    if (!taskSaturated(t, s) && (best === undefined || t.shots + t.inflight < best.shots + best.inflight))
      best = t;
  if (best === undefined) return undefined;
  const size = Math.min(MAX_BATCH, FIRST_BATCH * 2 ** best.batches);
  const shots = Math.min(size, s.maxShots - best.shots - best.inflight);
  const order = { task: best.index, batch: best.batches, seed: deriveSeed(best.seed, best.batches), shots };
  best.batches++;
  best.inflight += shots;
  return order;
}

/** Adds a finished batch's counts to its task. */
export function recordBatch(
  tasks: SweepTask[],
  order: BatchOrder,
  result: { shots: number; errors: number; seconds: number },
): void {
  const t = tasks[order.task];
  t.inflight -= order.shots;
  t.shots += result.shots;
  t.errors += result.errors;
  t.seconds += result.seconds;
}

/** Result records of the tasks with shots, metadata as `resolveTask` derives it for generated tasks. */
export function sweepRecords(tasks: readonly SweepTask[], decoder: string): ResultRecord[] {
  return tasks
    .filter((t) => t.shots > 0)
    .map((t) => ({
      stats: { shots: t.shots, errors: t.errors, discards: 0, seconds: t.seconds },
      decoder,
      metadata: {
        code: t.generator.code,
        task: t.generator.task,
        d: t.d,
        r: t.rounds,
        noise: t.generator.noise,
        ...t.generator.noiseParams,
      },
    }));
}

/**
 * Checks every task before any runs: the code supports the task, each distance is valid for it,
 * rounds ≥ 1 and each noise parameter set builds. ValidationError naming the sweep field.
 */
export function checkSweep(tasks: readonly SweepTask[]): void {
  for (const t of tasks) {
    const g = t.generator;
    const fam = CODE_FAMILIES.find((f) => f.name === g.code);
    if (fam === undefined) throw new ValidationError(`code: unknown code '${g.code}'`, { field: 'code' });
    if (!fam.tasks.includes(g.task))
      throw new ValidationError(`task: '${g.code}' does not support '${g.task}'`, { field: 'task' });
    const bad = distanceRule(fam, g.task).checkDistance(g.distance);
    if (bad !== undefined)
      throw new ValidationError(`distances: d = ${g.distance} of '${g.code}' ${bad}`, { field: 'distances' });
    if (!Number.isSafeInteger(g.rounds) || g.rounds < 1)
      throw new ValidationError(`rounds: must be an integer ≥ 1, got ${g.rounds}`, { field: 'rounds' });
    buildNoiseModel(g.noise, g.noiseParams);
  }
}

/** The sweep's counts as CSV (one row per point): d, the swept parameter, rounds, counts, rates. */
export function sweepCsv(tasks: readonly SweepTask[], s: SweepSpec): string {
  const head = `d,${s.param},rounds,shots,errors,seconds,rate_per_shot,rate_per_round,low_per_round,high_per_round`;
  const rows = tasks.map((t) => {
    const iv = likelihoodInterval(t.errors, t.shots);
    const r = (v: number): number => perRoundRate(v, t.rounds);
    const e = t.shots === 0 ? 0 : t.errors / t.shots;
    return [t.d, t.x, t.rounds, t.shots, t.errors, t.seconds.toFixed(3), e, r(e), r(iv.low), r(iv.high)].join(
      ',',
    );
  });
  return [head, ...rows].join('\n') + '\n';
}
