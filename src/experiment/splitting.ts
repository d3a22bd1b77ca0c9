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
 *   cost is one decode per move however small p is.
 * - Error bars: P_L(p_0) from its binomial standard error; each ratio from batch means of the two
 *   chains' time averages; all combined in log space (independent chains). The interval is ±2σ of
 *   log P_L.
 */
import { ValidationError } from '../base/errors.js';
import type { Rng } from '../base/prng.js';
import type { FlatDem } from '../dem/dem.js';
import type { CompiledDecoder } from '../decode/decoder.js';
import { compileDecoder } from '../decode/registry.js';
import { BitTable } from '../mem/bit-table.js';

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
  /** Plain Monte Carlo shots at the first level. */
  readonly startShots: number;
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
  readonly rng: Rng;
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
}

/** Result of {@link estimateBySplitting}: one estimate per level, plus the plain-MC count. */
export interface SplittingResult {
  readonly levels: readonly SplittingEstimate[];
  readonly startErrors: number;
  readonly startShots: number;
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
 * Estimates the logical error rate per shot at every level of a ladder by splitting (see the
 * file comment for the method, its assumptions and its limits). Cost: `startShots` decodes plus,
 * per level, `steps + burnIn` decodes of configurations with about Σ p_i faults.
 * @throws ValidationError on an empty ladder, levels with different error mechanisms, a ladder
 * that is not decreasing, or no failure in the plain Monte Carlo at the first level.
 */
export function estimateBySplitting(opts: SplittingOptions): SplittingResult {
  const { levels, rng } = opts;
  if (levels.length === 0) throw new ValidationError('splitting: no levels');
  checkSameMechanisms(levels);
  for (let j = 1; j < levels.length; j++)
    if (!(levels[j].p < levels[j - 1].p))
      throw new ValidationError(`splitting: levels must have decreasing p (level ${j}: ${levels[j].p})`);
  const batches = opts.batches ?? 20;
  const steps = Math.max(batches, Math.floor(opts.steps / batches) * batches);
  const target = levels[levels.length - 1].dem;
  const chain = new FailureChain(target, compileDecoder(target, opts.decoder, opts.decoderOptions));
  const probs = levels.map((l) => Float64Array.from(l.dem.errors, (e) => e.probability));

  // Level 0: plain Monte Carlo, keeping the first failing configuration as the chain's start.
  let startErrors = 0;
  let start: Uint32Array | undefined;
  const pMax = probs[0].reduce((a, b) => Math.max(a, b), 0);
  if (!(pMax > 0 && pMax < 1))
    throw new ValidationError(`splitting: level 0 needs error probabilities in (0, 1)`);
  for (let s = 0; s < opts.startShots; s++) {
    chain.sampleIndependent(probs[0], pMax, rng);
    if (chain.fails()) {
      startErrors++;
      if (start === undefined) start = chain.members();
    }
  }
  if (start === undefined)
    throw new ValidationError(
      `splitting: no logical error in ${opts.startShots} shots at p = ${levels[0].p}; start the ladder at a higher p or take more shots`,
    );
  const n0 = opts.startShots;
  const r0 = startErrors / n0;
  const out: SplittingEstimate[] = [];
  let logRate = Math.log(r0);
  let logVar = (1 - r0) / (n0 * r0); // var(ln r̂) ≈ var(r̂)/r² for a binomial
  out.push(estimate(levels[0].p, logRate, logVar, 0));

  chain.setMembers(start);
  // up[j]: time averages of min(1, π_{j+1}/π_j) in the chain at j; down[j]: of min(1, π_{j−1}/π_j).
  let prevUp: { sums: Float64Array; time: Float64Array } | undefined;
  for (let j = 0; j < levels.length; j++) {
    const hasUp = j + 1 < levels.length;
    if (!hasUp && j === 0) break;
    const burnIn = opts.burnIn ?? Math.max(Math.floor(steps / 10), Math.ceil(5 * sum(probs[j])));
    const run = chain.run(probs[j], hasUp ? probs[j + 1] : undefined, j > 0 ? probs[j - 1] : undefined, {
      steps,
      burnIn,
      batches,
      rng,
    });
    if (j > 0 && prevUp !== undefined) {
      const a = ratioMeanAndVar(prevUp.sums, prevUp.time);
      const b = ratioMeanAndVar(run.down, run.time);
      logRate += Math.log(a.mean) - Math.log(b.mean);
      logVar += a.varOfMean / (a.mean * a.mean) + b.varOfMean / (b.mean * b.mean);
      out.push(estimate(levels[j].p, logRate, logVar, run.acceptance));
    }
    prevUp = { sums: run.up, time: run.time };
  }
  return { levels: out, startErrors, startShots: n0 };
}

function sum(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
}

function estimate(p: number, logRate: number, logVar: number, acceptance: number): SplittingEstimate {
  const logSigma = Math.sqrt(logVar);
  const rate = Math.exp(logRate);
  return {
    p,
    rate,
    low: rate * Math.exp(-2 * logSigma),
    high: rate * Math.exp(2 * logSigma),
    logSigma,
    acceptance,
  };
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

/**
 * An error configuration E (a set of error mechanisms) with its syndrome and observable flips kept
 * up to date, a Metropolis chain on it restricted to the decoder's failure set, and plain
 * independent sampling. Permanent structure: the mechanisms as flat index arrays. Per-step state:
 * the membership bytes, the syndrome words and the observable words.
 */
class FailureChain {
  private readonly numErrors: number;
  /** Detector ids of mechanism i: detIds[detStart[i] .. detStart[i+1]). */
  private readonly detStart: Uint32Array;
  private readonly detIds: Uint32Array;
  private readonly obsStart: Uint32Array;
  private readonly obsIds: Uint32Array;
  private readonly inSet: Uint8Array;
  private readonly syndrome: BitTable;
  private readonly observed: Uint32Array;
  private readonly predicted: BitTable;

  constructor(
    dem: FlatDem,
    private readonly decoder: CompiledDecoder,
  ) {
    const n = dem.errors.length;
    this.numErrors = n;
    this.detStart = new Uint32Array(n + 1);
    this.obsStart = new Uint32Array(n + 1);
    let nd = 0;
    let no = 0;
    for (let i = 0; i < n; i++) {
      nd += dem.errors[i].detectors.length;
      no += dem.errors[i].observables.length;
      this.detStart[i + 1] = nd;
      this.obsStart[i + 1] = no;
    }
    this.detIds = new Uint32Array(nd);
    this.obsIds = new Uint32Array(no);
    for (let i = 0; i < n; i++) {
      this.detIds.set(dem.errors[i].detectors, this.detStart[i]);
      this.obsIds.set(dem.errors[i].observables, this.obsStart[i]);
    }
    this.inSet = new Uint8Array(n);
    this.syndrome = new BitTable(1, dem.numDetectors);
    this.predicted = new BitTable(1, dem.numObservables);
    this.observed = new Uint32Array(this.predicted.stride);
  }

  /** Flips mechanism i in or out of E, updating the syndrome and observables. */
  private toggle(i: number): void {
    this.inSet[i] ^= 1;
    const s = this.syndrome.data;
    for (let k = this.detStart[i]; k < this.detStart[i + 1]; k++) {
      const d = this.detIds[k];
      s[d >>> 5] ^= 1 << (d & 31);
    }
    for (let k = this.obsStart[i]; k < this.obsStart[i + 1]; k++) {
      const o = this.obsIds[k];
      this.observed[o >>> 5] ^= 1 << (o & 31);
    }
  }

  /** True when the decoder's prediction differs from the true observable flips of E. */
  fails(): boolean {
    this.decoder.decodeBatch(this.syndrome, this.predicted);
    const p = this.predicted.data;
    for (let w = 0; w < this.observed.length; w++) if (p[w] !== this.observed[w]) return true;
    return false;
  }

  private clear(): void {
    this.inSet.fill(0);
    this.syndrome.data.fill(0);
    this.observed.fill(0);
  }

  /**
   * Sets E to an independent sample: mechanism i with probability probs[i]. Candidates come by
   * geometric gaps at the largest probability and are thinned to probs[i] (cost ∝ n · max p).
   */
  sampleIndependent(probs: Float64Array, pMax: number, rng: Rng): void {
    this.clear();
    const logQ = Math.log1p(-pMax);
    for (let i = -1; ;) {
      i += 1 + Math.floor(Math.log(rng.nextFloatNonZero()) / logQ);
      if (i >= this.numErrors) break;
      if (rng.nextFloat() * pMax < probs[i]) this.toggle(i);
    }
  }

  /** The members of E, ascending. */
  members(): Uint32Array {
    let c = 0;
    for (let i = 0; i < this.numErrors; i++) c += this.inSet[i];
    const out = new Uint32Array(c);
    for (let i = 0, k = 0; i < this.numErrors; i++) if (this.inSet[i] === 1) out[k++] = i;
    return out;
  }

  setMembers(m: Uint32Array): void {
    this.clear();
    for (const i of m) this.toggle(i);
  }

  /**
   * Runs the Metropolis chain for π(E) ∝ Π_{i∈E} probs[i] Π_{i∉E} (1 − probs[i]) on the failure
   * set, from the current E (which must fail), and returns time averages of min(1, π_up/π) and
   * min(1, π_down/π) as `batches` batch sums.
   *
   * The chain is Bravyi & Vargo's single-flip Metropolis chain (propose a uniformly random
   * mechanism i, toggle it with probability min(1, π(E⊕i)/π(E)), undo the toggle if E⊕i no longer
   * fails), run rejection-free: a proposal passes the probability test with probability w_i / n,
   * w_i = 1 for members and odds_i = p_i/(1−p_i) for the rest, so the number of proposals until
   * the next one that passes is geometric with success probability Q/n (Q = Σ w_i) and that
   * candidate is i with probability w_i / Q. Each candidate costs one decode; the state before it
   * is weighted by its holding time. The time averages are those of the plain chain exactly, while
   * the cost follows the moves, not the n·(1/p) proposals between them.
   */
  run(
    probs: Float64Array,
    upProbs: Float64Array | undefined,
    downProbs: Float64Array | undefined,
    o: { steps: number; burnIn: number; batches: number; rng: Rng },
  ): ChainRun {
    const n = this.numErrors;
    const rng = o.rng;
    // log π_x(E)/π(E) = c_x + Σ_{i∈E} λ_x[i]: constants over all mechanisms, per-member terms.
    const lam = (x: Float64Array | undefined): { c: number; l: Float64Array } => {
      const l = new Float64Array(n);
      let c = 0;
      if (x !== undefined)
        for (let i = 0; i < n; i++) {
          c += Math.log1p(-x[i]) - Math.log1p(-probs[i]);
          l[i] = Math.log(x[i] / probs[i]) + Math.log1p(-probs[i]) - Math.log1p(-x[i]);
        }
      return { c, l };
    };
    const up = lam(upProbs);
    const down = lam(downProbs);
    // Cumulative odds over all mechanisms: a non-member is drawn ∝ odds by drawing from all and
    // redrawing members (they hold a small share of the odds in any state the chain visits).
    const cumOdds = new Float64Array(n);
    let totalOdds = 0;
    for (let i = 0; i < n; i++) cumOdds[i] = totalOdds += probs[i] / (1 - probs[i]);
    // Members as a dense list with positions, for O(1) uniform choice and removal.
    const list = new Uint32Array(n);
    const pos = new Int32Array(n).fill(-1);
    let size = 0;
    let memberOdds = 0;
    let sumUp = 0;
    let sumDown = 0;
    const add = (i: number): void => {
      pos[i] = size;
      list[size++] = i;
      memberOdds += probs[i] / (1 - probs[i]);
      sumUp += up.l[i];
      sumDown += down.l[i];
    };
    const remove = (i: number): void => {
      const k = pos[i];
      const last = list[--size];
      list[k] = last;
      pos[last] = k;
      pos[i] = -1;
      memberOdds -= probs[i] / (1 - probs[i]);
      sumUp -= up.l[i];
      sumDown -= down.l[i];
    };
    for (let i = 0; i < n; i++) if (this.inSet[i] === 1) add(i);
    const out: ChainRun = {
      up: new Float64Array(o.batches),
      down: new Float64Array(o.batches),
      time: new Float64Array(o.batches),
      acceptance: 0,
    };
    const perBatch = o.steps / o.batches;
    let accepted = 0;
    const total = o.burnIn + o.steps;
    for (let t = 0; t < total; t++) {
      // Recomputed from the sums each move: drift in memberOdds stays at rounding level.
      const q = (size + Math.max(0, totalOdds - memberOdds)) / n;
      const hold = q >= 1 ? 1 : 1 + Math.floor(Math.log(rng.nextFloatNonZero()) / Math.log1p(-q));
      if (t >= o.burnIn) {
        const b = Math.floor((t - o.burnIn) / perBatch);
        out.time[b] += hold;
        if (upProbs !== undefined) out.up[b] += hold * Math.min(1, Math.exp(up.c + sumUp));
        if (downProbs !== undefined) out.down[b] += hold * Math.min(1, Math.exp(down.c + sumDown));
      }
      let i: number;
      if (rng.nextFloat() * (size + totalOdds - memberOdds) < size) i = list[rng.nextInt(size)];
      else
        do i = searchCumulative(cumOdds, rng.nextFloat() * totalOdds);
        while (pos[i] >= 0);
      this.toggle(i);
      if (this.fails()) {
        accepted++;
        if (pos[i] >= 0) remove(i);
        else add(i);
      } else this.toggle(i);
    }
    out.acceptance = accepted / total;
    return out;
  }
}

/** Time-weighted batch sums of one chain: Σ hold·f per batch and Σ hold per batch. */
interface ChainRun {
  readonly up: Float64Array;
  readonly down: Float64Array;
  readonly time: Float64Array;
  /** Fraction of candidate moves that kept E failing. */
  acceptance: number;
}

/** The first index k with cum[k] > x (cum ascending); the last index when rounding overshoots. */
function searchCumulative(cum: Float64Array, x: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
