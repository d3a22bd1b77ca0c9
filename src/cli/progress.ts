import type { TaskProgress } from '../node/collector.js';
import { likelihoodInterval } from '../experiment/stats.js';
import type { CliIO } from './io.js';

/** Display name of a metadata key: the noise bias `eta` is η (so it never reads as a time estimate). */
const keyName = (k: string): string => (k === 'eta' ? 'η' : k === 'nbar' ? 'n̄' : k);

/** A short label of a task from its metadata. */
export function taskLabel(meta: Readonly<Record<string, unknown>>, decoder: string): string {
  const m = meta;
  const v = (x: unknown): string => (typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x));
  if (m.code !== undefined) {
    const params = Object.entries(m)
      .filter(([k]) => !['code', 'task', 'd', 'r', 'k', 'noise', 'qubits'].includes(k))
      .map(([k, x]) => `${keyName(k)}=${v(x)}`)
      .join(' ');
    return `${v(m.code)} ${v(m.task)} d=${v(m.d)} r=${v(m.r)} ${v(m.noise)} ${params} ${decoder}`;
  }
  return `${JSON.stringify(m)} ${decoder}`;
}

/** log-update's writer: redraws its text in place; `done()` keeps the last frame. */
interface LiveWriter {
  (text: string): void;
  done(): void;
}

/** Seconds as `42s`, `3.5m` or `1.2h`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.max(0, seconds).toFixed(0)}s`;
  if (seconds < 3600) return `${(seconds / 60).toFixed(1)}m`;
  return `${(seconds / 3600).toFixed(1)}h`;
}

/**
 * Core-seconds a task still needs: the shots left until max-shots or (at its error rate) until
 * max-errors, whichever comes first, at its measured cost per shot. Undefined before it has a
 * measured cost.
 */
export function coreSecondsLeft(t: TaskProgress, maxShots: number, maxErrors: number): number | undefined {
  const { shots, errors, seconds } = t.stats;
  if (t.done) return 0;
  if (shots === 0 || seconds <= 0) return undefined;
  const perShot = seconds / shots;
  const byShots = (maxShots - shots) * perShot;
  const byErrors = errors > 0 ? (((maxErrors - errors) * shots) / errors) * perShot : Infinity;
  return Math.max(0, Math.min(byShots, byErrors));
}

/**
 * Wall-clock seconds until the whole collection ends: the core-seconds every task still needs
 * (tasks without a measured cost count as the mean cost of those with one, spent or still
 * needed), shared by the workers. Undefined until some task has a measured cost.
 */
export function wallClockEta(
  tasks: readonly TaskProgress[],
  maxShots: number,
  maxErrors: number,
  workers: number,
): number | undefined {
  let known = 0;
  let total = 0;
  let left = 0;
  let unknown = 0;
  for (const t of tasks) {
    const l = coreSecondsLeft(t, maxShots, maxErrors);
    if (l === undefined) unknown++;
    else {
      known++;
      left += l;
      total += t.stats.seconds + l;
    }
  }
  if (known === 0) return undefined;
  return (left + unknown * (total / known)) / Math.max(1, workers);
}

/**
 * Live progress of a collection: on a terminal a table redrawn in place (log-update), otherwise a
 * line per finished task. Per task: shots, errors, rate with its likelihood interval, ETA.
 */
export class ProgressDisplay {
  private lastDraw = 0;
  private readonly reported = new Set<string>();

  /**
   * @param draw log-update's stderr writer when drawing in place; undefined prints a line per task.
   * @param workers threads sampling in parallel (tasks "running" at once are at most this many;
   *   the wall-clock ETA divides the remaining core time by it).
   */
  private constructor(
    private readonly io: CliIO,
    private readonly maxShots: number,
    private readonly maxErrors: number,
    private readonly draw: LiveWriter | undefined,
    private readonly workers = 1,
  ) {}

  /** A display for `io`: loads log-update (only then) when stderr is a terminal. */
  static async open(io: CliIO, maxShots: number, maxErrors: number, workers = 1): Promise<ProgressDisplay> {
    let draw: LiveWriter | undefined;
    if (io.interactive)
      draw = await import('log-update').then(
        (m) => m.logUpdateStderr,
        () => undefined, // optional dependency not installed: plain lines
      );
    return new ProgressDisplay(io, maxShots, maxErrors, draw, workers);
  }

  update(tasks: readonly TaskProgress[], force = false): void {
    const now = this.io.now();
    if (this.draw !== undefined) {
      if (!force && now - this.lastDraw < 200) return;
      this.lastDraw = now;
      this.draw(this.render(tasks));
      return;
    }
    for (const t of tasks)
      if (t.done && !this.reported.has(t.task.strongId)) {
        this.reported.add(t.task.strongId);
        this.io.stderr(`done: ${this.line(t)}\n`);
      }
  }

  finish(tasks: readonly TaskProgress[]): void {
    if (this.draw !== undefined) {
      this.draw(this.render(tasks));
      this.draw.done();
    } else this.update(tasks, true);
  }

  private line(t: TaskProgress): string {
    const { shots, errors } = t.stats;
    const iv = likelihoodInterval(errors, shots);
    const rate =
      shots === 0
        ? '—'
        : `${(errors / shots).toExponential(2)} [${iv.low.toExponential(1)}, ${iv.high.toExponential(1)}]`;
    const left = coreSecondsLeft(t, this.maxShots, this.maxErrors);
    const tail = t.done ? ' ✓' : left !== undefined ? ` ~${formatDuration(left)} of one core left` : '';
    return `${taskLabel(t.task.metadata, t.task.decoder).padEnd(60)} shots ${String(shots).padStart(9)} errors ${String(errors).padStart(6)} rate ${rate}${tail}`;
  }

  /** The header line: tasks done, running (≤ workers), started, waiting, and the wall-clock ETA. */
  header(tasks: readonly TaskProgress[]): string {
    const done = tasks.filter((t) => t.done).length;
    const running = tasks.filter((t) => !t.done && t.inFlightShots > 0).length;
    const started = tasks.filter((t) => !t.done && t.inFlightShots === 0 && t.stats.shots > 0).length;
    const waiting = tasks.length - done - running - started;
    const eta = wallClockEta(tasks, this.maxShots, this.maxErrors, this.workers);
    return `collecting: ${done}/${tasks.length} tasks done, ${running} running on ${this.workers} worker${this.workers === 1 ? '' : 's'}, ${started} paused between batches, ${waiting} waiting · ETA ${eta === undefined ? 'after the first batches' : `~${formatDuration(eta)} (wall clock)`}`;
  }

  private render(tasks: readonly TaskProgress[]): string {
    const active = tasks.filter((t) => !t.done && (t.inFlightShots > 0 || t.stats.shots > 0));
    const running = active.filter((t) => t.inFlightShots > 0);
    const shown = [...running, ...active.filter((t) => t.inFlightShots === 0)].slice(0, 12);
    const lines = [this.header(tasks)];
    for (const t of shown) lines.push('  ' + this.line(t));
    if (active.length > shown.length) lines.push(`  … ${active.length - shown.length} more started`);
    return lines.join('\n');
  }
}
