import { Rng } from '../../base/prng.js';
import type { CurveGroup, FootprintRow } from '../../experiment/analysis.js';
import { groupTitle } from '../../experiment/analysis.js';
import { measureFootprint, type MeasuredFootprintRow } from '../../experiment/footprint-measure.js';
import { num, type OptionSpec, type OptionValues } from '../command.js';
import type { CliIO } from '../io.js';

/** Plain Monte Carlo shots at the top rung of each splitting ladder. */
const START_SHOTS = 1000;

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
 * CPU-independent budget on stderr. With `--splitting-moves 0` the rows come back with no
 * measurements.
 */
export function measuredFootprintRows(
  groups: readonly CurveGroup[],
  rows: readonly FootprintRow[],
  opts: OptionValues,
  io: CliIO,
): MeasuredFootprintRow[] {
  const moves = num(opts, 'splitting-moves') ?? 0;
  if (moves === 0) return rows.map((r) => ({ ...r, measured: [] }));
  const rng = new Rng(num(opts, 'splitting-seed') ?? 1);
  return rows.map((r) => {
    const g = groups.find((x) => x.xKey === 'p' && groupTitle(x) === r.group);
    if (g === undefined) return { ...r, measured: [] };
    const t0 = io.now();
    const out = measureFootprint(r, g, {
      moves,
      startShots: START_SHOTS,
      maxMeasurements: num(opts, 'splitting-distances') ?? 2,
      rng,
      onProgress: (m) => io.stderr(`${m} (${moves} moves per rung)\n`),
    });
    if (out.measured.length > 0) io.stderr(`  done in ${((io.now() - t0) / 1000).toFixed(1)} s\n`);
    else if (out.note.startsWith('not measured: splitting'))
      io.stderr(`  skipped: ${out.note.split(';')[0].slice(14)}\n`);
    return out;
  });
}
