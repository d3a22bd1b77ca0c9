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
 *   (./splitting-tempering.ts), which mixes better; the agreement of two lanes still decides.
 * - Error bars: P_L(p_0) from its binomial standard error; each ratio from batch means of the two
 *   chains' time averages; all combined in log space (independent chains). The interval is ±2σ of
 *   log P_L.
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
import { runStartChunks, StartChunks, type StartSample } from './splitting-start.js';

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

/** The estimate at one level. */
export interface SplittingEstimate {
  readonly p: number;
  /** Estimated logical error rate per shot. */
  readonly rate: number;
  /** ±2σ of log(rate): the interval [rate·e^{−2σ}, rate·e^{+2σ}]. */
  readonly low: number;
  readonly high: number;
  /** Standard error of ln(rate). */
  readonly logSigma: number;
  /** Fraction of candidate moves that kept the configuration failing at this level (0 at the first). */
  readonly acceptance: number;
  /**
   * Overlap with the level above (1 at the first): the two means of Bennett's ratio,
   * E_{j−1}[min(1, π_j/π_{j−1})] and E_j[min(1, π_{j−1}/π_j)]. Near 1 the rungs are closer than
   * needed; near 0 (≲ 0.05) the chains barely share configurations and the ratio rests on rare
   * visits, so its error bar is least trustworthy.
   */
  readonly overlapUp: number;
  readonly overlapDown: number;
  /**
   * Time average of the number of faults |E| in this rung's chain (its excess over Σ p_i is the
   * failing cluster: d ln P_L / d ln p ≈ ⟨|E|⟩ − Σ p_i for small p). NaN at a rung without a chain.
   */
  readonly meanFaults: number;
  /**
   * Integrated autocorrelation time of this rung's chain in moves: the batch-means variance of its
   * Bennett time averages over the variance they would have from independent moves (the larger of
   * the two observables). When it nears moves / batches, the batches are not independent and the
   * interval is too narrow. NaN at a rung without a chain.
   */
  readonly tau: number;
}

/** Result of {@link estimateBySplitting}: one estimate per level, plus the plain-MC count. */
export interface SplittingResult {
  /**
   * The estimate at each level: the chain down the ladder's, or with `bothWays` the two chains'
   * combined (geometric mean; the interval spans both chains' intervals).
   */
  readonly levels: readonly SplittingEstimate[];
  readonly startErrors: number;
  readonly startShots: number;
  /** With `bothWays`: the estimates of the chain down the ladder and of the chain up it. */
  readonly down?: readonly SplittingEstimate[];
  readonly up?: readonly SplittingEstimate[];
  /**
   * With `bothWays`, at each level: |ln r_down − ln r_up| / √(σ_down² + σ_up² − 2σ_0²), the two
   * independent chains' disagreement in units of its standard error (σ_0, the plain Monte Carlo's
   * at the top, is common to both; 0 at the top). With L ≥ 3 lanes the same statistic generalised:
   * √(s² / w̄), s² the sample variance of the lanes' ln r and w̄ the mean of their own variances
   * σ_l² − σ_0² (for L = 2 it is the expression above). The chains start from opposite sides (a
   * configuration with too many faults, annealed down; a pruned one, heated up), so a chain that
   * has not mixed is biased low going down and high going up: a large value says the budget was
   * too small, whatever the intervals claim (Gelman–Rubin's check with over-dispersed starts).
   */
  readonly agreement?: readonly number[];
  /** With 2 or more lanes: every lane's estimates, in lane order (lane 0 is `down`, lane 1 `up`). */
  readonly lanes?: readonly (readonly SplittingEstimate[])[];
  /**
   * With `tempering`, per lane (in lane order): the acceptance of swaps between rungs j and j + 1,
   * and of decoded shift moves at each rung.
   */
  readonly swapAcceptance?: readonly (readonly number[])[];
  readonly shiftAcceptance?: readonly (readonly number[])[];
}

/**
 * The largest disagreement between the chain down the ladder and the chain up it (see
 * {@link SplittingResult.agreement}) for which a `bothWays` estimate counts as converged: at the
 * last level, and at any level on the way (a looser bound, as the levels are many; at d = 17,
 * p = 10⁻³ with 1500 moves per rung the chains were 1.7 apart at the target but 3.5 apart halfway
 * down, and 7× apart in rate: docs/rare-events.md).
 */
export const AGREEMENT_Z = 2;
export const RUNG_AGREEMENT_Z = 3;

/**
 * Whether the two chains of a `bothWays` estimate agree (see {@link AGREEMENT_Z}); false without
 * the second chain.
 */
export function chainsAgree(r: SplittingResult): boolean {
  const a = r.agreement;
  if (a === undefined || a.length === 0) return false;
  return a[a.length - 1] <= AGREEMENT_Z && a.every((z) => z <= RUNG_AGREEMENT_Z);
}

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
 * The two chains' estimates combined level by level: the geometric mean, an interval from the
 * lower end of the two intervals to the upper end (±2σ of the combined logSigma), and their
 * agreement (see {@link SplittingResult.agreement}).
 */
function bothWays(down: SplittingResult, up: SplittingResult): SplittingResult {
  const levels: SplittingEstimate[] = [];
  const agreement: number[] = [];
  // Both chains share the plain Monte Carlo at the top rung: its variance cancels in the difference.
  const shared = down.levels[0].logSigma ** 2;
  for (let j = 0; j < down.levels.length; j++) {
    const a = down.levels[j];
    const b = up.levels[j];
    const dl = Math.log(a.rate) - Math.log(b.rate);
    const s = Math.sqrt(Math.max(0, a.logSigma ** 2 + b.logSigma ** 2 - 2 * shared));
    agreement.push(dl === 0 ? 0 : Math.abs(dl) / s);
    const low = Math.min(a.low, b.low);
    const high = Math.max(a.high, b.high);
    levels.push({
      p: a.p,
      rate: Math.sqrt(a.rate * b.rate),
      low,
      high,
      logSigma: Math.log(high / low) / 4,
      acceptance: (a.acceptance + b.acceptance) / 2,
      overlapUp: Math.min(a.overlapUp, b.overlapUp),
      overlapDown: Math.min(a.overlapDown, b.overlapDown),
      meanFaults: (a.meanFaults + b.meanFaults) / 2,
      tau: Math.max(a.tau, b.tau),
    });
  }
  return { ...down, levels, down: down.levels, up: up.levels, agreement, lanes: [down.levels, up.levels] };
}

/**
 * Three or more lanes' estimates combined level by level, the interval from their spread: with
 * ln r_l the lanes' estimates at a level, the rate is exp of their mean m, and the half-width of
 * the interval of ln r is √((t·√V)² + (2σ_0)²), where σ_0 is the top rung's binomial error (the
 * same in every lane, so it does not show in the spread), V = max(s², w̄)/L the variance of m from
 * the lanes (s² their sample variance; w̄ the mean of their own chain variances σ_l² − σ_0², a
 * floor for when few lanes agree by chance), and t Student's 97.5% quantile with L − 1 degrees of
 * freedom (t = 3.18 for 4 lanes), since V is itself estimated from L values. The lanes are
 * independent runs of the same exact chain from different starts, half of them from pruned
 * (locally minimal) failures, so their spread measures what batch means within one lane cannot:
 * how far a lane's answer depends on where it started and how it wandered (the replicated-runs
 * error bar of the MCMC literature, e.g. Flegal, Haran & Jones 2008, Statist. Sci. 23, 250). It
 * cannot see a failure mode that no lane visits.
 */
export function spreadOfLanes(lanes: readonly SplittingResult[]): SplittingResult {
  const L = lanes.length;
  const t = studentT975(L - 1);
  const shared = lanes[0].levels[0].logSigma ** 2;
  const levels: SplittingEstimate[] = [];
  const agreement: number[] = [];
  for (let j = 0; j < lanes[0].levels.length; j++) {
    const at = lanes.map((r) => r.levels[j]);
    const logs = at.map((e) => Math.log(e.rate));
    const m = logs.reduce((a, b) => a + b, 0) / L;
    const s2 = logs.reduce((a, x) => a + (x - m) ** 2, 0) / (L - 1);
    const w = at.reduce((a, e) => a + Math.max(0, e.logSigma ** 2 - shared), 0) / L;
    agreement.push(s2 === 0 ? 0 : w > 0 ? Math.sqrt(s2 / w) : Infinity);
    const half = Math.sqrt((t * t * Math.max(s2, w)) / L + 4 * shared);
    const mean = (f: (e: SplittingEstimate) => number): number => at.reduce((a, e) => a + f(e), 0) / L;
    levels.push({
      p: at[0].p,
      rate: Math.exp(m),
      low: Math.exp(m - half),
      high: Math.exp(m + half),
      logSigma: half / 2,
      acceptance: mean((e) => e.acceptance),
      overlapUp: Math.min(...at.map((e) => e.overlapUp)),
      overlapDown: Math.min(...at.map((e) => e.overlapDown)),
      meanFaults: mean((e) => e.meanFaults),
      tau: Math.max(...at.map((e) => e.tau)),
    });
  }
  return {
    ...lanes[0],
    levels,
    down: lanes[0].levels,
    up: lanes[1].levels,
    agreement,
    lanes: lanes.map((r) => r.levels),
  };
}

/**
 * Student's t distribution's 97.5% quantile with ν degrees of freedom: a table to ν = 20, then the
 * Cornish–Fisher expansion in 1/ν (Abramowitz & Stegun 26.7.5; within 0.001 there).
 */
export function studentT975(nu: number): number {
  if (!(Number.isInteger(nu) && nu >= 1)) throw new RangeError(`degrees of freedom must be ≥ 1, got ${nu}`);
  if (nu <= T975.length) return T975[nu - 1];
  const z = 1.959963984540054;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * nu) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * nu ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * nu ** 3)
  );
}

const T975 = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604,
  2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.093, 2.086,
];

/**
 * The estimate at every level from the measured chains, one per rung (Bennett's ratios between
 * neighbouring rungs, errors added in log space; see the file comment).
 */
export function combineSplitting(plan: SplittingPlan, runs: readonly ChainRun[]): SplittingResult {
  const n0 = plan.startShots;
  const r0 = plan.startErrors / n0;
  const out: SplittingEstimate[] = [];
  let logRate = Math.log(r0);
  let logVar = (1 - r0) / (n0 * r0); // var(ln r̂) ≈ var(r̂)/r² for a binomial
  const diag = runs.map(chainDiagnostics);
  const d0 = diag[0] ?? { meanFaults: NaN, tau: NaN };
  out.push(estimate(plan.ps[0], logRate, logVar, 0, 1, 1, d0.meanFaults, d0.tau));
  for (let j = 1; j < runs.length; j++) {
    // up: min(1, π_j/π_{j−1}) averaged in the chain at j − 1; down: min(1, π_{j−1}/π_j) at j.
    const a = ratioMeanAndVar(runs[j - 1].up, runs[j - 1].time);
    const b = ratioMeanAndVar(runs[j].down, runs[j].time);
    logRate += Math.log(a.mean) - Math.log(b.mean);
    logVar += a.varOfMean / (a.mean * a.mean) + b.varOfMean / (b.mean * b.mean);
    const g = diag[j];
    out.push(estimate(plan.ps[j], logRate, logVar, runs[j].acceptance, a.mean, b.mean, g.meanFaults, g.tau));
  }
  return { levels: out, startErrors: plan.startErrors, startShots: n0 };
}

/**
 * {@link combineSplitting} for the rungs of one lane of replica exchange. The rungs trade
 * configurations, so their time averages are correlated; but their batches cover the same cycles,
 * so the error bar of ln P_L at each level comes from the lane's batches jointly: each batch's
 * influence on ln P_L (the delta method: Σ over the ratios used of (S_b − m·T_b)/(m·Σ_b T_b) for
 * each mean m = ΣS/ΣT, signed as it enters) and var ≈ B/(B−1)·Σ_b (influence_b)², which is the
 * batch-means variance of {@link combineSplitting} when a single mean is involved.
 */
export function combineTempered(plan: SplittingPlan, runs: readonly ChainRun[]): SplittingResult {
  const n0 = plan.startShots;
  const r0 = plan.startErrors / n0;
  const B = runs.length > 0 ? runs[0].time.length : 0;
  const influence = new Float64Array(B);
  const mc = (1 - r0) / (n0 * r0);
  let logRate = Math.log(r0);
  const diag = runs.map(chainDiagnostics);
  const d0 = diag[0] ?? { meanFaults: NaN, tau: NaN };
  const out: SplittingEstimate[] = [estimate(plan.ps[0], logRate, mc, 0, 1, 1, d0.meanFaults, d0.tau)];
  const addMean = (sums: Float64Array, time: Float64Array, sign: number): number => {
    let s = 0;
    let t = 0;
    for (let b = 0; b < B; b++) {
      s += sums[b];
      t += time[b];
    }
    const m = s / t;
    for (let b = 0; b < B; b++) influence[b] += (sign * (sums[b] - m * time[b])) / (m * t);
    return m;
  };
  for (let j = 1; j < runs.length; j++) {
    const a = addMean(runs[j - 1].up, runs[j - 1].time, 1);
    const b = addMean(runs[j].down, runs[j].time, -1);
    logRate += Math.log(a) - Math.log(b);
    let v = 0;
    for (let k = 0; k < B; k++) v += influence[k] ** 2;
    const g = diag[j];
    const logVar = mc + (B > 1 ? (v * B) / (B - 1) : 0);
    out.push(estimate(plan.ps[j], logRate, logVar, runs[j].acceptance, a, b, g.meanFaults, g.tau));
  }
  return { levels: out, startErrors: plan.startErrors, startShots: n0 };
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

function estimate(
  p: number,
  logRate: number,
  logVar: number,
  acceptance: number,
  overlapUp: number,
  overlapDown: number,
  meanFaults: number,
  tau: number,
): SplittingEstimate {
  const logSigma = Math.sqrt(logVar);
  const rate = Math.exp(logRate);
  return {
    p,
    rate,
    low: rate * Math.exp(-2 * logSigma),
    high: rate * Math.exp(2 * logSigma),
    logSigma,
    acceptance,
    overlapUp,
    overlapDown,
    meanFaults,
    tau,
  };
}

/**
 * A measured chain's mean number of faults and its autocorrelation time (in moves): for each
 * Bennett observable it measures, the batch-means variance of its time average over the variance
 * the same moves would give if independent, Σ hold²·(f − m)² / (Σ hold)²; the larger of the two.
 */
function chainDiagnostics(r: ChainRun): { meanFaults: number; tau: number } {
  let t = 0;
  let f = 0;
  for (let b = 0; b < r.time.length; b++) {
    t += r.time[b];
    f += r.faults[b];
  }
  const q = r.squares;
  let tau = 0;
  for (const [sums, k] of [
    [r.up, 1],
    [r.down, 3],
  ] as const) {
    const { mean, varOfMean } = ratioMeanAndVar(sums, r.time);
    if (!(mean > 0)) continue;
    const iid = (q[k + 1] - 2 * mean * q[k] + mean * mean * q[0]) / (t * t);
    if (iid > 0) tau = Math.max(tau, varOfMean / iid);
  }
  return { meanFaults: f / t, tau };
}

/**
 * The time average Σ sums / Σ time of a chain and the variance of that ratio estimate from its
 * batches (batch means for a ratio: var ≈ Σ_b (S_b − m·T_b)² / (B(B−1)·T̄²)).
 */
function ratioMeanAndVar(sums: Float64Array, time: Float64Array): { mean: number; varOfMean: number } {
  const b = sums.length;
  let s = 0;
  let t = 0;
  for (let i = 0; i < b; i++) {
    s += sums[i];
    t += time[i];
  }
  const m = s / t;
  const tBar = t / b;
  let v = 0;
  for (let i = 0; i < b; i++) v += ((sums[i] - m * time[i]) / tBar) ** 2;
  return { mean: m, varOfMean: b > 1 ? v / (b - 1) / b : 0 };
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
