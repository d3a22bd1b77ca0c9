import type { TaskProgress } from '../node/collector.js';
import { likelihoodInterval } from '../experiment/stats.js';
import type { CliIO } from './io.js';

/** A short label of a task from its metadata. */
export function taskLabel(meta: Readonly<Record<string, unknown>>, decoder: string): string {
  const m = meta;
  if (m.code !== undefined) {
    const params = Object.entries(m)
      .filter(([k]) => !['code', 'task', 'd', 'r', 'noise', 'qubits'].includes(k))
      .map(
        ([k, x]) =>
          `${k}=${typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x as string | number)}`,
      )
      .join(' ');
    const v = (x: unknown): string => (typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x));
    return `${v(m.code)} ${v(m.task)} d=${v(m.d)} r=${v(m.r)} ${v(m.noise)} ${params} ${decoder}`;
  }
  return `${JSON.stringify(m)} ${decoder}`;
}

/** log-update's writer: redraws its text in place; `done()` keeps the last frame. */
interface LiveWriter {
  (text: string): void;
  done(): void;
}

/**
 * Live progress of a collection: on a terminal a table redrawn in place (log-update), otherwise a
 * line per finished task. Per task: shots, errors, rate with its likelihood interval, ETA.
 */
export class ProgressDisplay {
  private lastDraw = 0;
  private readonly reported = new Set<string>();

  private constructor(
    private readonly io: CliIO,
    private readonly maxShots: number,
    private readonly maxErrors: number,
    /** log-update's stderr writer when drawing in place; undefined prints a line per task. */
    private readonly draw: LiveWriter | undefined,
  ) {}

  /** A display for `io`: loads log-update (only then) when stderr is a terminal. */
  static async open(io: CliIO, maxShots: number, maxErrors: number): Promise<ProgressDisplay> {
    let draw: LiveWriter | undefined;
    if (io.interactive)
      draw = await import('log-update').then(
        (m) => m.logUpdateStderr,
        () => undefined, // optional dependency not installed: plain lines
      );
    return new ProgressDisplay(io, maxShots, maxErrors, draw);
  }

  update(tasks: readonly TaskProgress[], force = false): void {
    const now = this.io.now();
    if (this.draw !== undefined) {
      if (!force && now - this.lastDraw < 200) return;
      this.lastDraw = now;
      this.draw(this.render(tasks, now));
      return;
    }
    for (const t of tasks)
      if (t.done && !this.reported.has(t.task.strongId)) {
        this.reported.add(t.task.strongId);
        this.io.stderr(`done: ${this.line(t, now)}\n`);
      }
  }

  finish(tasks: readonly TaskProgress[]): void {
    if (this.draw !== undefined) {
      this.draw(this.render(tasks, this.io.now()));
      this.draw.done();
    } else this.update(tasks, true);
  }

  private line(t: TaskProgress, now: number): string {
    const { shots, errors, seconds } = t.stats;
    const iv = likelihoodInterval(errors, shots);
    const rate =
      shots === 0
        ? '—'
        : `${(errors / shots).toExponential(2)} [${iv.low.toExponential(1)}, ${iv.high.toExponential(1)}]`;
    let eta = '';
    if (!t.done && shots > 0 && seconds > 0) {
      const perShot = seconds / shots;
      const byShots = (this.maxShots - shots) * perShot;
      const byErrors = errors > 0 ? (((this.maxErrors - errors) * shots) / errors) * perShot : Infinity;
      const left = Math.min(byShots, byErrors);
      eta = ` eta ${left < 60 ? `${left.toFixed(0)}s` : `${(left / 60).toFixed(1)}m`} (core time)`;
    }
    void now;
    return `${taskLabel(t.task.metadata, t.task.decoder).padEnd(60)} shots ${String(shots).padStart(9)} errors ${String(errors).padStart(6)} rate ${rate}${t.done ? ' ✓' : eta}`;
  }

  private render(tasks: readonly TaskProgress[], now: number): string {
    const done = tasks.filter((t) => t.done).length;
    const active = tasks.filter((t) => !t.done && (t.inFlightShots > 0 || t.stats.shots > 0));
    const waiting = tasks.length - done - active.length;
    const lines = [
      `collecting: ${done}/${tasks.length} tasks done, ${active.length} running, ${waiting} waiting`,
    ];
    for (const t of active.slice(0, 20)) lines.push('  ' + this.line(t, now));
    if (active.length > 20) lines.push(`  … ${active.length - 20} more`);
    return lines.join('\n');
  }
}
