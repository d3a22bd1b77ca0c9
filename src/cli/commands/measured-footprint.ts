import { availableParallelism } from 'node:os';
import { Rng } from '../../base/prng.js';
import type { CurveGroup, FootprintRow } from '../../experiment/analysis.js';
import { groupTitle } from '../../experiment/analysis.js';
import {
  converged,
  DEFAULT_LANES,
  DEFAULT_START_RATE,
  measureFootprint,
  type MeasuredFootprintRow,
  type MeasuredRate,
} from '../../experiment/footprint-measure.js';
import { splittingOnPool, startOnPool } from '../../node/splitting-pool.js';
import { WorkerPool } from '../../node/worker-pool.js';
import { num, type OptionSpec, type OptionValues } from '../command.js';
import type { CliIO } from '../io.js';

/** Plain Monte Carlo shots at the top rung of each splitting ladder. */
const START_SHOTS = 1000;
/** Failures expected at the top rung: the shots there are ⌈START_FAILURES / start rate⌉ (or more). */
const START_FAILURES = 20;

/**
 * The options of `qec footprint` and `qec study` that bound the rare-event measurement of the
 * footprint (src/experiment/footprint-measure.ts): moves per rung is the budget (decodes), fixed in
 * advance so results depend only on the seed.
 */
export function splittingOptions(defaultMoves: number, defaultDistances: number): OptionSpec[] {
  return [
    {
      name: 'splitting-moves',
      kind: 'int',
      value: 'N',
      help: 'budget of the measured footprint: Metropolis moves (decodes) per rung of each splitting ladder; 0 keeps the fit only',
      default: String(defaultMoves),
      min: 0,
      max: 1e9,
    },
    {
      name: 'splitting-distances',
      kind: 'int',
      value: 'N',
      help: 'distances measured per footprint row at most (the fit’s, then down while the target is met, or up while it is not)',
      default: String(defaultDistances),
      min: 1,
      max: 20,
    },
    {
      name: 'splitting-start-rate',
      kind: 'number',
      value: 'R',
      help: 'rate per shot the fit puts at the top rung of each splitting ladder; lower starts the ladder lower, below the region where the chains mix worst, with ⌈20/R⌉ plain Monte Carlo shots there (at least 1000)',
      default: String(DEFAULT_START_RATE),
      min: 1e-9,
      max: 0.5,
    },
    {
      name: 'splitting-lanes',
      kind: 'int',
      value: 'N',
      help: 'independent lanes per splitting ladder, half from each side; with 3 or more the interval comes from their spread (Student t) and a measurement counts when it is at most 100x wide; with 2, when the two lanes agree',
      default: String(DEFAULT_LANES),
      min: 2,
      max: 64,
    },
    {
      name: 'splitting-seed',
      kind: 'int',
      value: 'S',
      help: 'seed of the splitting chains',
      default: '1',
      min: 0,
      max: 2 ** 53 - 1,
    },
  ];
}

/**
 * Measures each footprint row by splitting (rows match groups by title), printing progress and the
 * CPU-independent budget on stderr; the chains run on `--workers` worker threads (default: the
 * cores; 0: in this thread), with the same result for any number. With `--splitting-moves 0` the
 * rows come back with no measurements.
 */
export async function measuredFootprintRows(
  groups: readonly CurveGroup[],
  rows: readonly FootprintRow[],
  opts: OptionValues,
  io: CliIO,
): Promise<MeasuredFootprintRow[]> {
  const moves = num(opts, 'splitting-moves') ?? 0;
  if (moves === 0) return rows.map((r) => ({ ...r, measured: [] }));
  const rng = new Rng(num(opts, 'splitting-seed') ?? 1);
  const startRate = num(opts, 'splitting-start-rate') ?? DEFAULT_START_RATE;
  const lanes = num(opts, 'splitting-lanes') ?? DEFAULT_LANES;
  const workers = num(opts, 'workers') ?? availableParallelism();
  const pool = workers > 0 ? new WorkerPool(workers) : undefined;
  const out: MeasuredFootprintRow[] = [];
  try {
    for (const r of rows) {
      const g = groups.find((x) => x.xKey === 'p' && groupTitle(x) === r.group);
      if (g === undefined) {
        out.push({ ...r, measured: [] });
        continue;
      }
      const t0 = io.now();
      const m = await measureFootprint(r, g, {
        moves,
        startRate,
        startShots: Math.max(START_SHOTS, Math.ceil(START_FAILURES / startRate)),
        maxMeasurements: num(opts, 'splitting-distances') ?? 2,
        lanes,
        rng,
        onProgress: (msg) =>
          io.stderr(
            `${msg} (${moves} moves per rung, ${workers === 0 ? 'in this thread' : `${workers} workers`})\n`,
          ),
        onProbe: (d, q) =>
          io.stderr(
            `  d = ${d}: top rung p = ${q.p.toPrecision(3)} probed: ${q.errors}/${q.shots} plain MC failures (${startRate} per shot wanted): ${q.tooHigh ? 'too high, moved down' : 'kept'} (${((io.now() - t0) / 1000).toFixed(0)} s)\n`,
          ),
        startRunner: pool === undefined ? undefined : startOnPool(pool),
        splitting:
          pool === undefined
            ? undefined
            : splittingOnPool(pool, (k, n) =>
                // A lane of replica exchange reports all its rungs at once: say which lane ended.
                io.stderr(
                  `  ${k % (n / lanes) === 0 ? `lane ${(k * lanes) / n}/${lanes}` : `rung ${k}/${n}`} measured (${((io.now() - t0) / 1000).toFixed(0)} s)\n`,
                ),
              ),
      });
      for (const x of m.measured)
        io.stderr(
          `  d = ${x.distance}: ${x.rate.toExponential(2)} per round [${x.low.toExponential(2)}, ${x.high.toExponential(2)}], ${x.rungs} rungs from p = ${x.pStart.toPrecision(3)} (${x.startErrors}/${x.startShots} plain MC failures), μ = ${x.muStart.toFixed(0)} at the top rung, smallest rung overlap ${x.minOverlap.toFixed(2)}; ${lanesText(x)} (${converged(x) ? 'converged' : 'not converged'})\n`,
        );
      if (m.measured.length > 0) io.stderr(`  done in ${((io.now() - t0) / 1000).toFixed(1)} s\n`);
      else if (m.note.startsWith('not measured: splitting'))
        io.stderr(`  skipped: ${m.note.split(';')[0].slice(14)}\n`);
      out.push(m);
    }
  } finally {
    await pool?.close();
  }
  return out;
}

/** The lanes' rates per round and their agreement, for the progress line. */
function lanesText(x: MeasuredRate): string {
  if (x.lanes >= 3)
    return `lanes ${x.laneRates.map((r) => r.toExponential(2)).join(', ')}, spread r = ${x.agreement.toFixed(2)}`;
  return `chain down the ladder ${x.downRate.toExponential(2)}, up it ${x.upRate.toExponential(2)}, z = ${x.agreement.toFixed(2)}`;
}
