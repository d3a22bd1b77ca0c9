/**
 * How many shots one queue job should carry so that queue overhead stays a small share of worker
 * time. A job is a run of consecutive batches of one task's plan (experiment/schedule.ts): the
 * plan itself (indices, sizes, seeds) never changes, only how many of its batches travel
 * together, so counts are those of the same plan on one machine. Pure: timings are inputs.
 */

/** A job should take at least this many times the measured per-job overhead (overhead ≤ 1/21 ≈ 4.8%). */
export const JOB_OVERHEAD_FACTOR = 20;

/** Most batches in one job (keeps job messages small). */
export const MAX_BATCHES_PER_JOB = 256;

/** What sizes a task's next job. */
export interface JobSizeInputs {
  /** Measured worker time lost per job to the queue (seconds), e.g. the median idle gap between jobs. */
  readonly overheadSeconds: number;
  /** Measured worker seconds per shot of this task (its committed seconds / shots). */
  readonly secondsPerShot: number;
  /** Shots and logical errors counted so far, and the task's error stop rule. */
  readonly shots: number;
  readonly errors: number;
  readonly maxErrors: number;
  /** Defaults to {@link JOB_OVERHEAD_FACTOR}. */
  readonly factor?: number;
}

/**
 * The shots the next job of a task should reach: enough that it takes `factor` × the overhead,
 * but no more than the shots expected to reach the task's error stop (`(maxErrors - errors) ·
 * shots / errors`, once it has errors), so a grown job does not run far past a stop that the
 * in-process pool would have met batch by batch. A job still carries at least one batch. The
 * max-shots stop needs no bound here: the plan's batches already end exactly at max-shots.
 * Returns 0 (one batch per job) when nothing is measured yet.
 */
export function jobShotTarget(x: JobSizeInputs): number {
  if (!(x.overheadSeconds > 0) || !(x.secondsPerShot > 0) || x.shots <= 0) return 0;
  const forOverhead = ((x.factor ?? JOB_OVERHEAD_FACTOR) * x.overheadSeconds) / x.secondsPerShot;
  const toErrorStop =
    x.errors > 0 ? (Math.max(0, x.maxErrors - x.errors) * x.shots) / x.errors : Number.POSITIVE_INFINITY;
  // (Less a hair, so that 20 · 0.01 / 1e-6 rounding to 200000.00000000003 gives 200000.)
  return Math.ceil(Math.min(forOverhead, toErrorStop) * (1 - 1e-12));
}
