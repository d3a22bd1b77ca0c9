/**
 * The estimates of a splitting ladder (./splitting.ts) from its chains' batch sums: Bennett's
 * ratios chained down the rungs with their batch-means error bars, one lane at a time, and the
 * lanes combined (two: their agreement decides; three or more: the interval from their spread).
 */
import type { ChainRun } from './splitting-chain.js';

/** What the estimates need of a ladder's plan: its rungs and the plain Monte Carlo count at the top. */
export interface TopRungCount {
  readonly ps: readonly number[];
  readonly startErrors: number;
  readonly startShots: number;
}

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
   * The estimate at each level: the chain down the ladder's; with two lanes (`bothWays`) the two
   * chains' combined (geometric mean; the interval spans both chains' intervals); with three or
   * more, their geometric mean with the interval from their spread ({@link spreadOfLanes}).
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
 * The two chains' estimates combined level by level: the geometric mean, an interval from the
 * lower end of the two intervals to the upper end (±2σ of the combined logSigma), and their
 * agreement (see {@link SplittingResult.agreement}).
 */
export function bothWays(down: SplittingResult, up: SplittingResult): SplittingResult {
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
export function combineSplitting(plan: TopRungCount, runs: readonly ChainRun[]): SplittingResult {
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
export function combineTempered(plan: TopRungCount, runs: readonly ChainRun[]): SplittingResult {
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
