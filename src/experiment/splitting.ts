/**
 * Rare-event estimation of logical error rates by splitting in the physical error rate (Bravyi &
 * Vargo 2013, "Simulation of rare events in quantum error correction", PRA 88, 062308).
 *
 * Plain Monte Carlo needs ~100/P_L shots to see a rate P_L, so 10⁻¹² is out of reach. Splitting
 * writes the rate at a low p as a product of ratios along a ladder p_0 > p_1 > … > p_t:
 *
 *   P_L(p_t) = P_L(p_0) · Π_j P_L(p_{j+1}) / P_L(p_j),
 *
 * measures P_L(p_0) by plain Monte Carlo (where it is large), and each ratio by Bennett's
 * acceptance-ratio identity between two Metropolis chains that sample error configurations E
 * restricted to the failure set F (the configurations the decoder gets wrong), one chain at each
 * p. With π_j(E) the probability of E at p_j and Z_j = Σ_{E∈F} π_j(E) = P_L(p_j),
 *
 *   Z_{j+1} / Z_j = E_j[min(1, π_{j+1}/π_j)] / E_{j+1}[min(1, π_j/π_{j+1})],
 *
 * an identity that holds for any two distributions on the same set (Bennett 1976 with C = 1).
 *
 * Assumptions and where it breaks:
 * - Every level must have the same error mechanisms (same detectors and observables, in the same
 *   order; only probabilities differ), as the DEMs of one circuit at different p have.
 * - One decoder, compiled from the last (target) level's DEM, decides failure at every level, so F
 *   is one set; the rates at intermediate levels are those of the target's decoder at that p.
 * - The chains must mix within F. At low p a chain sits in a minimal failing configuration and
 *   moves only by adding an error and then dropping another, so mixing slows as p falls and as the
 *   code grows; then the batch-means error bars, which assume batches are nearly independent,
 *   understate the error. Use more moves per level, and a ladder fine enough that neighbouring
 *   levels overlap (each ratio ≳ 10⁻²). The chain runs rejection-free (holding times), so its
 *   cost is one decode per move however small p is. With `tempering` each lane runs as replica
 *   exchange over all rungs, with shift moves and fresh draws at the top rung
 *   (./splitting-tempering.ts), which mixes better.
 * - Error bars: P_L(p_0) from its binomial standard error; each ratio from batch means of the two
 *   chains' time averages; all combined in log space (independent chains). The interval is ±2σ of
 *   log P_L. With two lanes their agreement is the convergence check. With three or more lanes
 *   (`lanes`, tempering only) the interval comes from the lanes' spread instead, with Student's t
 *   (./splitting-estimates.ts, `spreadOfLanes`): within one lane of replica exchange the batch
 *   means understated the error at d = 15 (docs/rare-events.md).
 */
import { ValidationError } from '../base/errors.js';
import { deriveSeed, type Rng } from '../base/prng.js';
import type { FlatDem } from '../dem/dem.js';
import {
  SplittingWorker,
  type ChainRun,
  type LadderJob,
  type LadderJobResult,
  type SplittingSetup,
} from './splitting-chain.js';
import {
  bothWays,
  combineSplitting,
  combineTempered,
  spreadOfLanes,
  type SplittingResult,
} from './splitting-estimates.js';
import { runStartChunks, StartChunks, type StartSample } from './splitting-start.js';

export {
  AGREEMENT_Z,
  chainsAgree,
  combineSplitting,
  combineTempered,
  RUNG_AGREEMENT_Z,
  spreadOfLanes,
  studentT975,
  type SplittingEstimate,
  type SplittingResult,
} from './splitting-estimates.js';

/** One rung of the ladder: a physical error rate and the DEM of the circuit at that rate. */
export interface SplittingLevel {
  readonly p: number;
  readonly dem: FlatDem;
}

/** Options of {@link estimateBySplitting}. */
export interface SplittingOptions {
  /** Rungs with decreasing p; the first must have a rate plain Monte Carlo sees (≳ 10⁻³). */
  readonly levels: readonly SplittingLevel[];
  /** Decoder name from the registry (compiled once, from the last level's DEM). */
  readonly decoder: string;
  readonly decoderOptions?: Readonly<Record<string, unknown>>;
  /**
   * Plain Monte Carlo shots at the first level, drawn in chunks from one seed taken from `rng`
   * (./splitting-start.ts), so that they may run on worker threads with the same result.
   */
  readonly startShots: number;
  /**
   * The first level's plain Monte Carlo, when the caller has already run it (then `startShots` is
   * not used and no seed is taken for it): how `splittingOnPool` runs the chunks on its workers.
   */
  readonly start?: StartSample;
  /**
   * Metropolis moves per level after burn-in: candidate moves that passed the probability test,
   * each costing one decode (the proposals rejected before it are skipped exactly, see
   * `FailureChain.run`).
   */
  readonly steps: number;
  /**
   * Moves discarded at the start of each level's chain (default: the larger of steps / 10 and
   * 5·Σ p_i, so that the background of ≈ Σ p_i faults is renewed several times before counting).
   */
  readonly burnIn?: number;
  /** Batches for the batch-means error bars (default 20). */
  readonly batches?: number;
  /**
   * Also run a second, independent chain up the ladder, started at the last rung from the plain
   * Monte Carlo's failing configuration pruned to a locally minimal one, and report both
   * estimates and their agreement (see {@link SplittingResult.agreement}). Default false.
   */
  readonly bothWays?: boolean;
  /**
   * Independent lanes (default 2 with `bothWays`, else 1). More than 2 needs `tempering`: lane 2k
   * starts from the k-th failing configuration of the top rung's plain Monte Carlo (cyclically, when
   * it saw fewer) and lane 2k + 1 from that configuration pruned to a locally minimal one, so half
   * the lanes approach from each side. With 3 or more lanes, the estimate and interval at each
   * level come from the spread of the lanes' estimates ({@link spreadOfLanes}), not from the
   * batches within a lane: batch means over the jointly correlated rungs of one lane of replica
   * exchange were measured to understate the error (two XZZX d = 15 ladders, each passing the
   * two-lane check, 10× apart: docs/rare-events.md).
   */
  readonly lanes?: number;
  /**
   * Run each lane as replica exchange over all rungs at once, with shift moves besides the single
   * flips (./splitting-tempering.ts), instead of one chain rung after rung. `steps` and `burnIn`
   * then count the decoded candidates of each rung (single flips and shifts). Default false.
   */
  readonly tempering?: boolean;
  readonly rng: Rng;
}

/**
 * Per cycle of replica exchange and rung: the expected single-flip candidates, and the shift moves
 * (a quarter of the decodes: enough to move a cluster a few steps per cycle, while the flips keep
 * renewing the background faults).
 */
export const TEMPER_FLIPS = 6;
export const TEMPER_SHIFTS = 2;
/** Independence proposals from π_0 per cycle at the top rung (each one decode there). */
export const TEMPER_REFRESHES = 4;

/** Lanes of one ladder at most (each holds one replica per rung). */
export const MAX_LANES = 64;

/**
 * A geometric ladder from `pStart` down to `pTarget` with `rungs` levels in all (both ends included).
 * @throws ValidationError unless 0 < pTarget < pStart < 1/2 and rungs ≥ 2.
 */
export function splittingLadder(pStart: number, pTarget: number, rungs: number): number[] {
  if (!(pTarget > 0 && pTarget < pStart && pStart < 0.5))
    throw new ValidationError(`splitting ladder needs 0 < p target (${pTarget}) < p start (${pStart}) < 0.5`);
  if (!(Number.isInteger(rungs) && rungs >= 2))
    throw new ValidationError(`splitting ladder needs at least 2 rungs, got ${rungs}`);
  const out: number[] = [];
  for (let j = 0; j < rungs; j++) out.push(pStart * Math.pow(pTarget / pStart, j / (rungs - 1)));
  out[rungs - 1] = pTarget;
  return out;
}

/**
 * A ladder ready to run: the plain Monte Carlo count at the first level, the shared data of its
 * chains, and the seeds and budgets of its jobs (see {@link SplittingSchedule}).
 */
export interface SplittingPlan {
  readonly ps: readonly number[];
  readonly setup: SplittingSetup;
  readonly startErrors: number;
  readonly startShots: number;
  /** The first failing configuration of the plain Monte Carlo: the start of rung 0's burn-in. */
  readonly start: Uint32Array;
  /** The first failing configurations of the plain Monte Carlo (starts[0] is `start`): the lanes' starts. */
  readonly starts: readonly Uint32Array[];
  /**
   * Seeds of the jobs: down the ladder, burn-in of rung j is deriveSeed(seedBase, 2j) and its
   * measured chain 2j + 1; up the ladder (n rungs) the pruning 2n, burn-in of rung j 2n + 1 + 2j,
   * measured chain 2n + 2 + 2j. With tempering, lane 0's one job is 0, lane 1's pruning 2n and its
   * job 2n + 1, and lane l ≥ 2's pruning (odd l) 4n + 2l and its job 4n + 2l + 1.
   */
  readonly seedBase: number;
  /** Whether the chain up the ladder runs too (lanes ≥ 2). */
  readonly bothWays: boolean;
  /** Independent lanes (see {@link SplittingOptions.lanes}). */
  readonly lanes: number;
  /** Measured moves per rung (a multiple of `batches`), and burn-in moves of each rung. */
  readonly steps: number;
  readonly burnIns: readonly number[];
  readonly batches: number;
  /**
   * Whether each lane runs as one job of replica exchange, and then its counted and burn-in cycles
   * (cycles a multiple of `batches`).
   */
  readonly tempering: boolean;
  readonly cycles: number;
  readonly burnCycles: number;
}

/**
 * Checks a ladder and returns what all of its chains share (the target DEM, the decoder, each
 * rung's probabilities).
 * @throws ValidationError on an empty ladder, levels with different error mechanisms, or a ladder
 * that is not decreasing.
 */
export function splittingSetup(opts: SplittingOptions): SplittingSetup {
  const { levels } = opts;
  if (levels.length === 0) throw new ValidationError('splitting: no levels');
  checkSameMechanisms(levels);
  for (let j = 1; j < levels.length; j++)
    if (!(levels[j].p < levels[j - 1].p))
      throw new ValidationError(`splitting: levels must have decreasing p (level ${j}: ${levels[j].p})`);
  return {
    dem: levels[levels.length - 1].dem,
    decoder: opts.decoder,
    decoderOptions: opts.decoderOptions,
    probs: levels.map((l) => Float64Array.from(l.dem.errors, (e) => e.probability)),
  };
}

/**
 * Checks the ladder, runs the plain Monte Carlo at the first level in this thread (unless
 * `opts.start` brings it; its chunks' seed is the first draw from `opts.rng`) and fixes every
 * job's seed and budget (from the next draw): the plan {@link SplittingSchedule} runs, and the
 * worker (decoder compiled) that ran the Monte Carlo, for running jobs in this thread.
 * @throws ValidationError as {@link splittingSetup}, or when the plain Monte Carlo at the first
 * level saw no failure.
 */
export function prepareSplitting(opts: SplittingOptions): { plan: SplittingPlan; worker: SplittingWorker } {
  const { levels, rng } = opts;
  const setup = splittingSetup(opts);
  const batches = opts.batches ?? 20;
  const steps = Math.max(batches, Math.floor(opts.steps / batches) * batches);
  const worker = new SplittingWorker(setup);
  const tempering = opts.tempering ?? false;
  const lanes = opts.lanes ?? (opts.bothWays === true ? 2 : 1);
  if (!(Number.isInteger(lanes) && lanes >= 1 && lanes <= MAX_LANES))
    throw new ValidationError(`splitting: lanes must be an integer from 1 to ${MAX_LANES}, got ${lanes}`);
  if (lanes > 2 && !tempering)
    throw new ValidationError(`splitting: ${lanes} lanes need tempering (rung-by-rung chains run 1 or 2)`);
  const perCycle = TEMPER_FLIPS + TEMPER_SHIFTS;
  const mc =
    opts.start ??
    runStartChunks(new StartChunks(opts.startShots, rng.nextU32()), (job) => worker.runMonteCarlo(job));
  if (mc.start === undefined)
    throw new ValidationError(
      `splitting: no logical error in ${mc.shots} shots at p = ${levels[0].p}; start the ladder at a higher p or take more shots`,
    );
  const plan: SplittingPlan = {
    ps: levels.map((l) => l.p),
    setup,
    startErrors: mc.errors,
    startShots: mc.shots,
    start: mc.start,
    starts: mc.starts.length > 0 ? mc.starts : [mc.start],
    seedBase: rng.nextU32(),
    bothWays: lanes >= 2,
    lanes,
    steps,
    burnIns: setup.probs.map((q) => opts.burnIn ?? Math.max(Math.floor(steps / 10), Math.ceil(5 * sum(q)))),
    batches,
    tempering,
    cycles: Math.max(1, Math.ceil(steps / perCycle / batches)) * batches,
    burnCycles: 0,
  };
  const burnCycles = Math.ceil(Math.max(...plan.burnIns) / perCycle);
  return { plan: { ...plan, burnCycles }, worker };
}

/**
 * The jobs of a ladder and the order they run in: one chain down the ladder, as Bravyi & Vargo run
 * it, and with `bothWays` a second, independent chain up it. Down: rung 0's burn-in starts from
 * the plain Monte Carlo's failing configuration, each rung's measured chain from the end of its
 * burn-in, and rung j's burn-in from the end of rung j − 1's measured chain, so the failing
 * configuration is annealed by every move as p falls. Up: that configuration is pruned to a
 * locally minimal failing one, which starts the last rung's burn-in, and the chain climbs rung by
 * rung. Every job has its own seed, so the result does not depend on where jobs run (this thread or
 * any worker).
 *
 * The jobs of one chain depend on each other one after another; the two chains are independent,
 * so they run at once on two workers. Forking each rung's measured chain from a shorter annealing
 * path (the burn-ins alone) would let one chain's rungs run at once, but it was measured to bias
 * the rate low when the chains are short: at d = 13, p = 10⁻³ with 2000 moves per rung (15 per
 * background fault) it gave 7.1e-11 per round where this schedule gives 1.5e-9
 * (docs/rare-events.md).
 */
export class SplittingSchedule {
  private readonly lanes: Lane[];
  /** Rungs whose chains run (none for a one-level ladder). */
  readonly numChains: number;
  /** Measured chains in all (numChains per lane). */
  readonly numMeasured: number;

  constructor(readonly plan: SplittingPlan) {
    const n = plan.ps.length;
    this.numChains = n > 1 ? n : 0;
    this.lanes = Array.from({ length: plan.lanes }, (_, l) => new Lane(plan, l, this.numChains));
    this.numMeasured = this.numChains * this.lanes.length;
  }

  /** A job that can run now, or undefined (all handed out, or each chain's previous one still running). */
  next(): LadderJob | undefined {
    for (const lane of this.lanes) {
      const job = lane.next();
      if (job !== undefined) return job;
    }
    return undefined;
  }

  /** Records a job's result. */
  complete(r: LadderJobResult): void {
    this.lanes[r.lane].complete(r);
  }

  /** Whether every measured chain has reported. */
  done(): boolean {
    return this.lanes.every((l) => l.finished === this.numChains);
  }

  /** The estimates (once {@link SplittingSchedule.done}). */
  result(): SplittingResult {
    const combine = this.plan.tempering ? combineTempered : combineSplitting;
    const lanes = this.lanes.map((l) => combine(this.plan, l.runs.slice(0, this.numChains) as ChainRun[]));
    const r =
      lanes.length === 1
        ? lanes[0]
        : lanes.length === 2
          ? bothWays(lanes[0], lanes[1])
          : spreadOfLanes(lanes);
    if (!this.plan.tempering) return r;
    return {
      ...r,
      swapAcceptance: this.lanes.map((l) => l.swaps),
      shiftAcceptance: this.lanes.map((l) => l.shifts),
    };
  }
}

/**
 * One chain of a ladder: lane 0 runs burn-in 0, measure 0, burn-in 1, …; lane 1 runs the pruning,
 * then burn-in n − 1, measure n − 1, burn-in n − 2, … (see {@link SplittingSchedule}). With
 * tempering a lane is one job, after a pruning for odd lanes; lane l starts from the plain Monte
 * Carlo's failure number ⌊l/2⌋ (cyclically), pruned when l is odd.
 */
class Lane {
  private readonly burnEnds: (Uint32Array | undefined)[];
  private readonly measureEnds: (Uint32Array | undefined)[];
  readonly runs: (ChainRun | undefined)[];
  private pruned: Uint32Array | undefined;
  private position = 0;
  private running = false;
  finished = 0;
  /** With tempering: the lane's swap and shift acceptances. */
  swaps: number[] = [];
  shifts: number[] = [];

  constructor(
    private readonly plan: SplittingPlan,
    private readonly lane: number,
    private readonly numChains: number,
  ) {
    const n = plan.ps.length;
    this.burnEnds = new Array<Uint32Array | undefined>(n).fill(undefined);
    this.measureEnds = new Array<Uint32Array | undefined>(n).fill(undefined);
    this.runs = new Array<ChainRun | undefined>(n).fill(undefined);
  }

  next(): LadderJob | undefined {
    const p = this.plan;
    const n = this.numChains;
    const perLane = p.tempering ? 1 : 2 * n;
    const lane = this.lane;
    const up = (lane & 1) === 1;
    const jobs = n === 0 ? 0 : up ? perLane + 1 : perLane;
    if (this.running || this.position >= jobs) return undefined;
    const k = this.position++;
    this.running = true;
    // Lanes 0 and 1 keep the seeds they had before there were more lanes.
    const seed = (i: number): number =>
      deriveSeed(p.seedBase, lane >= 2 ? 4 * n + 2 * lane + i : lane === 0 ? 0 : 2 * n + i);
    const from = p.starts[(lane >> 1) % p.starts.length];
    if (up && k === 0) return { kind: 'prune', lane, rung: n - 1, seed: seed(0), start: from };
    if (p.tempering)
      return {
        kind: 'tempered',
        lane,
        seed: seed(1),
        start: up ? (this.pruned as Uint32Array) : from,
        burnCycles: p.burnCycles,
        cycles: p.cycles,
        batches: p.batches,
        flips: TEMPER_FLIPS,
        shifts: TEMPER_SHIFTS,
        refreshes: TEMPER_REFRESHES,
      };
    const idx = lane === 0 ? k : k - 1;
    const j = lane === 0 ? idx >> 1 : n - 1 - (idx >> 1);
    const seedOf = (measure: number): number =>
      deriveSeed(p.seedBase, lane === 0 ? 2 * j + measure : 2 * n + 1 + 2 * j + measure);
    if ((idx & 1) === 0) {
      let start: Uint32Array;
      if (lane === 0) start = j === 0 ? p.start : (this.measureEnds[j - 1] as Uint32Array);
      else start = j === n - 1 ? (this.pruned as Uint32Array) : (this.measureEnds[j + 1] as Uint32Array);
      return { kind: 'burn', lane, rung: j, seed: seedOf(0), moves: p.burnIns[j], start };
    }
    return {
      kind: 'measure',
      lane,
      rung: j,
      seed: seedOf(1),
      steps: p.steps,
      batches: p.batches,
      start: this.burnEnds[j] as Uint32Array,
    };
  }

  complete(r: LadderJobResult): void {
    this.running = false;
    if (r.kind === 'prune') this.pruned = r.end;
    else if (r.kind === 'tempered') {
      r.runs.forEach((run, j) => (this.runs[j] = run));
      this.swaps = Array.from(r.swapAcceptance);
      this.shifts = Array.from(r.shiftAcceptance);
      this.finished = this.numChains;
    } else if (r.kind === 'burn') this.burnEnds[r.rung] = r.end;
    else {
      this.runs[r.rung] = r.run;
      this.measureEnds[r.rung] = r.end;
      this.finished++;
    }
  }
}

/**
 * Estimates the logical error rate per shot at every level of a ladder by splitting (see the
 * file comment for the method, its assumptions and its limits), running every job in this thread.
 * The same result, bit for bit, as running the {@link SplittingSchedule} of
 * {@link prepareSplitting}'s plan on any number of worker threads. Cost: `startShots` decodes plus,
 * per level, `steps + burnIn` decodes of configurations with about Σ p_i faults.
 * @throws ValidationError as {@link prepareSplitting}.
 */
export function estimateBySplitting(opts: SplittingOptions): SplittingResult {
  const { plan, worker } = prepareSplitting(opts);
  const schedule = new SplittingSchedule(plan);
  for (let job = schedule.next(); job !== undefined; job = schedule.next())
    schedule.complete(worker.run(job));
  return schedule.result();
}

function sum(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
}

function checkSameMechanisms(levels: readonly SplittingLevel[]): void {
  const ref = levels[0].dem;
  for (const [j, l] of levels.entries())
    for (const [i, e] of l.dem.errors.entries())
      if (!(e.probability > 0 && e.probability < 0.5))
        throw new ValidationError(
          `splitting: error mechanism ${i} at level ${j} has probability ${e.probability}; splitting needs every probability in (0, 0.5)`,
        );
  for (let j = 1; j < levels.length; j++) {
    const dem = levels[j].dem;
    if (dem.errors.length !== ref.errors.length || dem.numDetectors !== ref.numDetectors)
      throw new ValidationError(
        `splitting: level ${j} (p = ${levels[j].p}) has ${dem.errors.length} error mechanisms over ${dem.numDetectors} detectors, level 0 has ${ref.errors.length} over ${ref.numDetectors}: every level must be the same circuit at another p`,
      );
    for (let i = 0; i < dem.errors.length; i++) {
      const a = dem.errors[i];
      const b = ref.errors[i];
      if (!sameIds(a.detectors, b.detectors) || !sameIds(a.observables, b.observables))
        throw new ValidationError(
          `splitting: error mechanism ${i} differs between level 0 and level ${j}: every level must be the same circuit at another p`,
        );
    }
  }
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
