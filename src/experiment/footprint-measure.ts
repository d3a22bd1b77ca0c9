/**
 * Measured footprints: the logical error rate per round at a footprint's distance and p, measured
 * by splitting in p (./splitting.ts, Bravyi & Vargo 2013) on the very circuit the study swept,
 * instead of read off the fit ε_d ≈ A (p/p_th)^((d+1)/2) far beyond the data.
 *
 * The fit only proposes the distance. The measurement then decides: the distance is the fit's if
 * its measured rate meets the target, else the next allowed distance is measured, and so on within
 * a budget of measurements. Each measurement is a ladder from a p where plain Monte Carlo sees
 * failures at that distance down to the footprint's p (see {@link footprintLadder} for how the
 * rungs are spaced) with a fixed number of Metropolis moves per rung, so the cost is a number of
 * decodes fixed in advance, and the result depends only on the seed.
 */
import { ValidationError } from '../base/errors.js';
import type { Rng } from '../base/prng.js';
import { codeFamily, generateExperiment, type CodeTask } from '../codes/code-families.js';
import type { FlatDem } from '../dem/dem.js';
import { analyzeErrors } from '../dem/error-analyzer.js';
import { flattenDem } from '../dem/flatten.js';
import { getDecoderInfo } from '../decode/registry.js';
import { allowedDistances, groupTitle, type CurveGroup, type FootprintRow } from './analysis.js';
import type { ScalingFit } from './fit.js';
import {
  AGREEMENT_Z,
  estimateBySplitting,
  RUNG_AGREEMENT_Z,
  type SplittingEstimate,
  type SplittingOptions,
  type SplittingResult,
} from './splitting.js';
import { placeTopRung, type StartRunner, type TopRungProbe } from './splitting-placement.js';
import { SplittingWorker } from './splitting-chain.js';
import { runStartChunks } from './splitting-start.js';
import { perRoundRate } from './stats.js';

/** A rate per round measured by splitting at one distance. */
export interface MeasuredRate {
  readonly distance: number;
  readonly rounds: number;
  readonly p: number;
  /** Logical error rate per round, and its ±2σ interval (from the interval per shot). */
  readonly rate: number;
  readonly low: number;
  readonly high: number;
  /** Standard error of ln(rate per shot). */
  readonly logSigma: number;
  /** Rungs of the ladder (both ends included), its top p, and the plain Monte Carlo count there. */
  readonly rungs: number;
  readonly pStart: number;
  readonly startErrors: number;
  readonly startShots: number;
  /** Metropolis moves per rung after burn-in (one decode each). */
  readonly moves: number;
  /** Expected number of faults μ = Σ p_i at the top rung (the background the chains must renew). */
  readonly muStart: number;
  /**
   * The smallest overlap of Bennett's ratio between neighbouring rungs (min over rungs of
   * `overlapUp` and `overlapDown` of ./splitting.ts): how close the rungs were where they were
   * farthest apart.
   */
  readonly minOverlap: number;
  /**
   * The two independent chains' rates per round at p: down the ladder (from the plain Monte
   * Carlo's failing configuration) and up it (from that configuration pruned to a locally minimal
   * one). `rate` is their geometric mean and [low, high] spans both intervals.
   */
  readonly downRate: number;
  readonly upRate: number;
  /** The two chains' disagreement at p in standard errors, and its largest value over the rungs: see {@link converged}. */
  readonly agreement: number;
  readonly maxAgreement: number;
  /**
   * Independent lanes of the ladder, and each one's rate per round at p (lane 0 is `downRate`, lane
   * 1 `upRate`). With 3 or more, `rate` is their geometric mean and [low, high] comes from their
   * spread (`spreadOfLanes` in ./splitting.ts); `agreement` is then √(between-lane over
   * within-lane variance), which is the two-lane z for 2.
   */
  readonly lanes: number;
  readonly laneRates: readonly number[];
  /** The plain Monte Carlo probes that placed the top rung (./splitting-placement.ts). */
  readonly probes: readonly TopRungProbe[];
}

/** A footprint row decided by measurement: the distance, and every measurement taken. */
export interface MeasuredFootprintRow extends FootprintRow {
  readonly measured: readonly MeasuredRate[];
}

/** Options of {@link measureFootprint}. */
export interface MeasureFootprintOptions {
  /** Metropolis moves per rung (each one decode). */
  readonly moves: number;
  /** Plain Monte Carlo shots at the top rung. */
  readonly startShots: number;
  /**
   * The rate per shot the fit puts at the top rung (default {@link DEFAULT_START_RATE}). A lower
   * rate starts the ladder lower, below the region where failures change from many scattered
   * faults to one cluster and the chains mix worst (docs/rare-events.md), at the price of
   * `startShots` ≈ 20 / startRate plain Monte Carlo shots.
   */
  readonly startRate?: number;
  /** Measurements per row at most (distances tried, default 2). */
  readonly maxMeasurements?: number;
  readonly rng: Rng;
  /** Called before each measurement (the CLI prints it). */
  readonly onProgress?: (message: string) => void;
  /** Hears each probe that places a ladder's top rung, as it ends, with the distance measured. */
  readonly onProbe?: (distance: number, probe: TopRungProbe) => void;
  /**
   * Runs one splitting ladder (default: {@link estimateBySplitting} in this thread; the Node layer's
   * `splittingOnPool` runs the chains on worker threads with the same result, bit for bit).
   */
  readonly splitting?: (opts: SplittingOptions) => Promise<SplittingResult>;
  /**
   * Runs the probes that place the top rung (default: in this thread; the Node layer's
   * `startOnPool` spreads them over worker threads with the same result).
   */
  readonly startRunner?: StartRunner;
  /**
   * Each chain as replica exchange over the rungs with shift moves and fresh top-rung draws
   * (./splitting-tempering.ts; default true), or rung by rung (false: the chains before 2026-12-07).
   */
  readonly tempering?: boolean;
  /**
   * Independent lanes per ladder (default {@link DEFAULT_LANES}): 2 is the down/up pair whose
   * agreement decides; 3 or more give the interval from the lanes' spread (needs tempering).
   */
  readonly lanes?: number;
}

/**
 * Lanes per footprint ladder: two from each side. The interval from their spread uses Student's t
 * with 3 degrees of freedom (3.18 instead of 2), which is the price of an error bar that does not
 * trust the batches within a lane.
 */
export const DEFAULT_LANES = 4;

/** The default rate per shot at the top rung of a footprint ladder (plain Monte Carlo sees it at once). */
export const DEFAULT_START_RATE = 0.05;

const inThisThread = (opts: SplittingOptions): Promise<SplittingResult> =>
  Promise.resolve(estimateBySplitting(opts));

const startInThisThread: StartRunner = (setup, chunks) => {
  const worker = new SplittingWorker(setup);
  return Promise.resolve(runStartChunks(chunks, (job) => worker.runMonteCarlo(job)));
};

/** The experiment a curve group swept: code, task, noise and its fixed parameters, decoder. */
export interface GroupExperiment {
  readonly code: string;
  readonly task: CodeTask;
  readonly noise: string;
  readonly fixedParams: Readonly<Record<string, number>>;
  readonly decoder: string;
  /** Rounds at distance d: d when the group measured rounds = d, else the one rounds it used. */
  readonly rounds: (d: number) => number;
}

/**
 * Reads the experiment of a group back from its label (`key=value` pairs, as {@link groupCurves}
 * writes them) and its points. Undefined when the rounds follow no single rule.
 */
export function groupExperiment(g: CurveGroup): GroupExperiment | undefined {
  const kv = new Map(g.label.split(' ').map((t) => t.split('=', 2) as [string, string]));
  const fixedParams: Record<string, number> = {};
  for (const [k, v] of kv)
    if (!['code', 'task', 'noise', 'decoder'].includes(k) && v !== '' && Number.isFinite(Number(v)))
      fixedParams[k] = Number(v);
  const rounds = new Set(g.points.map((q) => q.rounds));
  let roundsOf: (d: number) => number;
  if (g.points.every((q) => q.rounds === q.d)) roundsOf = (d) => d;
  else if (rounds.size === 1) {
    const r = [...rounds][0];
    roundsOf = () => r;
  } else return undefined;
  return {
    code: g.code,
    task: (kv.get('task') ?? 'memory-z') as CodeTask,
    noise: g.noise,
    fixedParams,
    decoder: g.decoder,
    rounds: roundsOf,
  };
}

/**
 * The rungs from `pStart` down to `pTarget`. Neighbouring rungs must overlap: the ratio
 * π_{j+1}/π_j of a configuration with k faults among mechanisms of total rate μ = Σ p_i moves by
 * about k·Δln p, and k fluctuates by √μ in the background, so the step is kept at
 * Δln p ≤ 1/√μ(p) (μ taken linear in p from `muStart` at `pStart`); and at the failing weight
 * (d+1)/2 a step of 3/(d+1) makes each ratio ≈ e^{−1.5}. Steps never exceed 0.3.
 */
export function footprintLadder(
  pStart: number,
  pTarget: number,
  muStart: number,
  distance: number,
): number[] {
  if (!(pTarget > 0 && pTarget < pStart))
    throw new ValidationError(`footprint ladder needs 0 < p (${pTarget}) < p start (${pStart})`);
  const out = [pStart];
  let p = pStart;
  for (;;) {
    const mu = Math.max(1, (muStart * p) / pStart);
    const step = Math.min(1 / Math.sqrt(mu), 3 / (distance + 1), 0.3);
    p *= Math.exp(-step);
    if (p <= pTarget * Math.exp(step / 2)) break;
    out.push(p);
  }
  out.push(pTarget);
  return out;
}

/**
 * The top of the ladder: the p at which the fit puts the rate per shot at `shotRate` (plain Monte
 * Carlo sees it at once), kept below 0.9·p_th where the fit is least trustworthy.
 */
export function ladderStart(fit: ScalingFit, distance: number, rounds: number, shotRate = 0.05): number {
  const perRound = shotRate / rounds;
  const p = fit.pth * Math.pow(perRound / fit.A, 2 / (distance + 1));
  return Math.min(p, 0.9 * fit.pth);
}

/** The DEM of a group's experiment at distance d and physical rate p (decomposed when the decoder needs it). */
function demAt(x: GroupExperiment, d: number, p: number, graphlike: boolean): FlatDem {
  const g = generateExperiment({
    code: x.code,
    task: x.task,
    distance: d,
    rounds: x.rounds(d),
    noise: x.noise,
    noiseParams: { ...x.fixedParams, p },
  });
  return flattenDem(
    analyzeErrors(g.circuit, { decomposeErrors: graphlike, approximateDisjointErrors: true }),
  );
}

/**
 * Measures the logical error rate per round of a group's experiment at distance d and rate p by
 * splitting. The ladder starts where the fit puts the rate per shot at `o.startRate` (5% by
 * default), moved down while plain Monte Carlo probes see clearly more failures there than that
 * rate ({@link placeTopRung}), and up by 20% at a time (at most 5 times) while the ladder's own
 * plain Monte Carlo sees no failure there.
 * @throws ValidationError when no start with failures is found.
 */
export async function measureRate(
  x: GroupExperiment,
  fit: ScalingFit,
  d: number,
  p: number,
  o: MeasureFootprintOptions,
): Promise<MeasuredRate> {
  const graphlike = getDecoderInfo(x.decoder).graphlikeOnly;
  const rounds = x.rounds(d);
  const rate = o.startRate ?? DEFAULT_START_RATE;
  const proposed = Math.max(ladderStart(fit, d, rounds, rate), p * 1.5);
  let top = demAt(x, d, proposed, graphlike);
  let mu = 0;
  for (const e of top.errors) mu += e.probability;
  // Below MOVES_PER_FAULT moves per background fault the chains do not converge (see
  // `converged`): refuse before spending the budget instead of after (μ at the proposed top, the
  // highest the ladder starts unless no failure is seen there).
  if (o.moves < MOVES_PER_FAULT * mu)
    throw new SplittingBudgetError(d, Math.ceil(MOVES_PER_FAULT * mu), mu, o.moves);
  const target = demAt(x, d, p, graphlike);
  const placed = await placeTopRung({
    pStart: proposed,
    pFloor: p * 1.5,
    rate,
    shots: o.startShots,
    distance: d,
    demAt: (q) => (q === proposed ? top : demAt(x, d, q, graphlike)),
    target,
    decoder: x.decoder,
    run: o.startRunner ?? startInThisThread,
    rng: o.rng,
    onProbe: (q) => o.onProbe?.(d, q),
  });
  let pStart = placed.pStart;
  top = placed.top;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) top = demAt(x, d, pStart, graphlike);
    mu = 0;
    for (const e of top.errors) mu += e.probability;
    const ps = footprintLadder(pStart, p, mu, d);
    const levels = ps.map((q, j) => ({
      p: q,
      dem: j === 0 ? top : j === ps.length - 1 ? target : demAt(x, d, q, graphlike),
    }));
    try {
      const r = await (o.splitting ?? inThisThread)({
        levels,
        decoder: x.decoder,
        startShots: o.startShots,
        steps: o.moves,
        rng: o.rng,
        bothWays: true,
        lanes: o.lanes ?? DEFAULT_LANES,
        tempering: o.tempering ?? true,
      });
      const t = r.levels.length - 1;
      const last = r.levels[t];
      const values = top.numObservables;
      const perRound = (x: number): number => perRoundRate(x, rounds, values);
      return {
        distance: d,
        rounds,
        p,
        rate: perRoundRate(last.rate, rounds, values),
        low: perRoundRate(last.low, rounds, values),
        high: perRoundRate(Math.min(last.high, 0.5), rounds, values),
        logSigma: last.logSigma,
        rungs: ps.length,
        pStart,
        startErrors: r.startErrors,
        startShots: r.startShots,
        moves: o.moves,
        muStart: mu,
        minOverlap: r.levels.reduce((m, l) => Math.min(m, l.overlapUp, l.overlapDown), 1),
        downRate: perRound((r.down as SplittingEstimate[])[t].rate),
        upRate: perRound((r.up as SplittingEstimate[])[t].rate),
        agreement: (r.agreement as number[])[t],
        maxAgreement: Math.max(...(r.agreement as number[])),
        lanes: (r.lanes ?? []).length,
        laneRates: (r.lanes ?? []).map((l) => perRound(l[t].rate)),
        probes: placed.probes,
      };
    } catch (e) {
      if (!(e instanceof ValidationError && /no logical error/.test(e.message)) || attempt >= 5) throw e;
      pStart *= 1.2;
    }
  }
}

/** A splitting budget (moves per rung) too small for the chains to converge at distance d. */
export class SplittingBudgetError extends Error {
  constructor(
    readonly distance: number,
    /** Moves per rung the chains need there (MOVES_PER_FAULT per fault at the top rung). */
    readonly needed: number,
    readonly muStart: number,
    readonly moves: number,
  ) {
    super(`splitting at d = ${distance} needs ≥ ${needed} moves per rung, ${moves} given`);
    this.name = 'SplittingBudgetError';
  }
}

/**
 * Decides a footprint row by measurement. Measures the rate at the row's (fitted) distance; when
 * it meets the target, measures the next smaller allowed distance, and so on down while they meet
 * it; when it misses, measures the next larger one, and so on up; all within `maxMeasurements`.
 * "Meets" compares the point estimate with the target; the note gives the ±2σ interval and says
 * when it straddles the target. The row's distance becomes the smallest measured distance that
 * meets the target, and the note says whether the next smaller distance was measured to miss it
 * (then the answer is minimal by measurement). When no measured distance meets the target, the
 * row keeps the fit's distance and says it is not confirmed.
 * Rows without a distance, or whose group is not a p sweep with a fit, come back unchanged (with
 * no measurements).
 */
export async function measureFootprint(
  row: FootprintRow,
  g: CurveGroup,
  o: MeasureFootprintOptions,
): Promise<MeasuredFootprintRow> {
  const x = groupExperiment(g);
  const fit = g.fit;
  if (row.distance === undefined || fit === undefined || x === undefined) return { ...row, measured: [] };
  const fam = codeFamily(g.code);
  const allowed = allowedDistances(
    (d) => fam.checkDistance(d),
    g.points.map((q) => q.d),
  ).distances;
  const measured: MeasuredRate[] = [];
  const max = o.maxMeasurements ?? 2;
  const measure = async (d: number): Promise<MeasuredRate> => {
    o.onProgress?.(`${groupTitle(g)}: measuring d = ${d} at p = ${row.p} by splitting`);
    const m = await measureRate(x, fit, d, row.p, o);
    measured.push(m);
    return m;
  };
  // A distance whose chains cannot converge within the budget is not run (undefined).
  let short: SplittingBudgetError | undefined;
  const tryMeasure = async (d: number): Promise<MeasuredRate | undefined> => {
    try {
      return await measure(d);
    } catch (e) {
      if (!(e instanceof SplittingBudgetError)) throw e;
      short = e;
      return undefined;
    }
  };
  const meets = (m: MeasuredRate): boolean => m.rate <= row.target;
  let d: number | undefined = row.distance;
  const first = await tryMeasure(d);
  if (first === undefined) {
    const b = short as unknown as SplittingBudgetError;
    return {
      ...row,
      note: [
        `not measured: splitting at d = ${b.distance} needs --splitting-moves ≥ ${b.needed} (≈ ${Math.round(b.muStart)} faults at the top rung, ${b.moves} given); the distance shown is the fit's`,
        row.note,
      ]
        .filter((s) => s !== '')
        .join('; '),
      measured,
    };
  }
  if (!converged(first))
    return {
      ...row,
      note: [
        `not measured: splitting at d = ${first.distance} did not converge: ${whyNot(first)}; the distance shown is the fit's`,
        row.note,
      ]
        .filter((s) => s !== '')
        .join('; '),
      measured,
    };
  let best: MeasuredRate | undefined = meets(first) ? first : undefined;
  let below: MeasuredRate | undefined;
  if (best !== undefined)
    for (;;) {
      d = allowed.filter((a) => a < (d as number)).pop();
      if (d === undefined || measured.length >= max) break;
      const m = await tryMeasure(d);
      if (m === undefined || !converged(m)) break;
      if (!meets(m)) {
        below = m;
        break;
      }
      best = m;
    }
  else
    while (measured.length < max) {
      d = allowed.find((a) => a > (d as number));
      if (d === undefined) break;
      const m = await tryMeasure(d);
      if (m === undefined || !converged(m)) break;
      if (meets(m)) {
        best = m;
        break;
      }
      below = m;
    }
  if (best === undefined) {
    const last = measured[measured.length - 1];
    return {
      ...row,
      note: [
        `not confirmed: measured by splitting ${describe(last)}, above the target; the distance shown is the fit's`,
        row.note,
      ]
        .filter((s) => s !== '')
        .join('; '),
      measured,
    };
  }
  const note = [
    `measured by splitting: ${describe(best)}`,
    best.high > row.target ? 'its ±2σ interval reaches above the target' : '',
    below !== undefined && below.distance < best.distance
      ? `d = ${below.distance} measured ${describe(below)}: above the target`
      : 'smaller distances not measured',
    best.distance !== row.distance ? `the fit said d = ${row.distance}` : '',
    ...keptNotes(row.note),
  ];
  return {
    ...row,
    distance: best.distance,
    qubits: fam.numQubits(best.distance),
    note: note.filter((s) => s !== '').join('; '),
    measured,
  };
}

/**
 * Moves per background fault at the top rung below which a chain renews its background only a few
 * times per batch: the batch-means interval may then understate the error (docs/rare-events.md).
 */
const MOVES_PER_FAULT = 10;

/**
 * With 3 or more lanes, the widest interval (high / low) a measurement may have and count: the
 * rate known within a factor 10 either way.
 */
export const MAX_INTERVAL_RATIO = 100;

/**
 * A measurement counts only when (1) its chains had at least MOVES_PER_FAULT moves per fault of
 * the top rung's background, and (2) with 3 or more lanes, its interval from the lanes' spread is
 * at most MAX_INTERVAL_RATIO wide (lanes that disagree widen it: the interval is then honest but
 * says little); with 2, the two independent chains, one annealed down the ladder from
 * a failing configuration with many faults and one heated up it from a pruned, locally minimal
 * one, agree within AGREEMENT_Z standard errors of their difference at the target and within
 * RUNG_AGREEMENT_Z at every rung. An
 * unmixed chain is biased low going down (it keeps more faults than the failing set at low p
 * holds) and high going up, so disagreement shows a budget too small even where each chain's
 * interval looks tight: at d = 21, 6000 moves per rung passed (1) alone and gave 2.4e-15 per round,
 * 40× above its own 1500-move value and ~350× below the trend of d ≤ 13 (docs/rare-events.md).
 */
export function converged(m: MeasuredRate): boolean {
  if (m.moves < MOVES_PER_FAULT * m.muStart) return false;
  if (m.lanes >= 3) return m.high <= MAX_INTERVAL_RATIO * m.low;
  return m.agreement <= AGREEMENT_Z && m.maxAgreement <= RUNG_AGREEMENT_Z;
}

/** Why a measurement did not count (see {@link converged}), in one clause. */
function whyNot(m: MeasuredRate): string {
  if (m.moves < MOVES_PER_FAULT * m.muStart)
    return `${m.moves} moves per rung for ≈ ${Math.round(m.muStart)} faults at the top rung (raise --splitting-moves to ≥ ${Math.ceil(MOVES_PER_FAULT * m.muStart)})`;
  if (m.lanes >= 3)
    return `its ${m.lanes} lanes gave ${m.laneRates.map(fmt).join(', ')} per round, an interval ${(m.high / m.low).toPrecision(2)}× wide (≤ ${MAX_INTERVAL_RATIO}× needed: raise --splitting-moves)`;
  return `the chain down the ladder gave ${fmt(m.downRate)} and the chain up it ${fmt(m.upRate)} per round, ${m.agreement.toFixed(1)} standard errors apart (${m.maxAgreement.toFixed(1)} at worst on the way; ≤ ${AGREEMENT_Z} and ≤ ${RUNG_AGREEMENT_Z} needed: raise --splitting-moves)`;
}

const describe = (m: MeasuredRate): string =>
  `${fmt(m.rate)} per round [${fmt(m.low)}, ${fmt(m.high)}] at d = ${m.distance}${
    converged(m) ? '' : ` (not converged: ${whyNot(m)})`
  }`;

/** The fit's caveats that still hold once the rate is measured (not the extrapolation ones). */
function keptNotes(note: string): string[] {
  return note
    .split('; ')
    .filter((s) => s !== '' && !s.startsWith('extrapolated') && !s.startsWith('p not measured'));
}

const fmt = (x: number): string => x.toExponential(2);
