/**
 * The Metropolis chains of splitting in p (Bravyi & Vargo 2013; the method and its estimator are in
 * ./splitting.ts): one rung's chain over error configurations restricted to the decoder's failure
 * set, as self-contained jobs. A {@link SplittingWorker} holds what every job of one ladder needs
 * (the target DEM's mechanisms, its compiled decoder, each rung's probabilities) and runs jobs that
 * carry their own seed and start configuration, so a job's result depends only on the job: the
 * jobs of a ladder run in this thread or on a worker thread with bit-identical results.
 */
import type { Rng } from '../base/prng.js';
import { Rng as SeededRng } from '../base/prng.js';
import type { FlatDem } from '../dem/dem.js';
import type { CompiledDecoder } from '../decode/decoder.js';
import { compileDecoder } from '../decode/registry.js';
import { BitTable } from '../mem/bit-table.js';
import {
  decoderFails,
  mechanismIndex,
  recordHold,
  toggleMechanism,
  type ChainRun,
  type MechanismIndex,
  searchCumulative,
  TemperedLadder,
  type TemperedJob,
  type TemperedResult,
} from './splitting-tempering.js';
import { MAX_STARTS, type MonteCarloJob, type MonteCarloResult } from './splitting-start.js';

/** What every chain of one ladder shares (plain data: it crosses to worker threads as is). */
export interface SplittingSetup {
  /** The target (last) rung's DEM: its mechanisms, and the DEM the decoder is compiled from. */
  readonly dem: FlatDem;
  readonly decoder: string;
  readonly decoderOptions?: Readonly<Record<string, unknown>>;
  /** Probability of each mechanism at each rung, rungs in ladder order (decreasing p). */
  readonly probs: readonly Float64Array[];
}

/**
 * One job of a ladder, starting from the failing configuration `start` (mechanism ids):
 * - `burn`: `moves` moves of rung `rung`'s chain, counting nothing; the result is the end
 *   configuration (the start of that rung's measured chain);
 * - `measure`: `steps` moves of rung `rung`'s chain, accumulating the time averages of
 *   min(1, π_{rung±1}/π_rung) in `batches` batches.
 */
export type SplittingJob =
  | {
      readonly kind: 'burn';
      /** Which of the ladder's chains the job belongs to (0: down the ladder, 1: up it). */
      readonly lane: number;
      readonly rung: number;
      readonly seed: number;
      readonly moves: number;
      readonly start: Uint32Array;
    }
  | {
      readonly kind: 'measure';
      readonly lane: number;
      readonly rung: number;
      readonly seed: number;
      readonly steps: number;
      readonly batches: number;
      readonly start: Uint32Array;
    }
  | {
      /**
       * Prunes the failing configuration `start` to a locally minimal one: its members are tried
       * for removal once each, in an order drawn from `seed`, and a removal is kept when the
       * configuration still fails (one decode per member).
       */
      readonly kind: 'prune';
      readonly lane: number;
      readonly rung: number;
      readonly seed: number;
      readonly start: Uint32Array;
    }
  | TemperedJob
  | MonteCarloJob;

/** What a job returns: the end configuration, and for a measured chain its batch sums. */
export type SplittingJobResult =
  | { readonly kind: 'burn'; readonly lane: number; readonly rung: number; readonly end: Uint32Array }
  | { readonly kind: 'prune'; readonly lane: number; readonly rung: number; readonly end: Uint32Array }
  | {
      readonly kind: 'measure';
      readonly lane: number;
      readonly rung: number;
      readonly run: ChainRun;
      /** The end configuration: the start of the next rung's burn-in. */
      readonly end: Uint32Array;
    }
  | TemperedResult
  | MonteCarloResult;

/** A job of a ladder's chains (every kind but a top-rung Monte Carlo chunk). */
export type LadderJob = Exclude<SplittingJob, MonteCarloJob>;

/** What a job of a ladder's chains returns (every kind but a top-rung Monte Carlo chunk). */
export type LadderJobResult = Exclude<SplittingJobResult, MonteCarloResult>;

/**
 * Runs the jobs of one ladder. Construction compiles the decoder from the target DEM once.
 * Permanent structure: the chain over the target DEM's mechanisms; nothing is kept between jobs
 * but scratch, so results depend only on each job.
 */
export class SplittingWorker {
  private readonly chain: FailureChain;
  private readonly decoder: CompiledDecoder;
  private tempered: TemperedLadder | undefined;

  constructor(readonly setup: SplittingSetup) {
    this.decoder = compileDecoder(setup.dem, setup.decoder, setup.decoderOptions);
    this.chain = new FailureChain(setup.dem, this.decoder);
  }

  /**
   * Plain Monte Carlo at rung 0: `shots` independent configurations; the number that fail, and the
   * first `keep` failing ones in shot order.
   */
  monteCarlo(shots: number, rng: Rng, keep = 1): { errors: number; starts: Uint32Array[] } {
    const probs = this.setup.probs[0];
    const pMax = probs.reduce((a, b) => Math.max(a, b), 0);
    let errors = 0;
    const starts: Uint32Array[] = [];
    for (let s = 0; s < shots; s++) {
      this.chain.sampleIndependent(probs, pMax, rng);
      if (this.chain.fails()) {
        errors++;
        if (starts.length < keep) starts.push(this.chain.members());
      }
    }
    return { errors, starts };
  }

  /** Runs one chunk of the plain Monte Carlo at rung 0 (./splitting-start.ts), from the job's seed. */
  runMonteCarlo(job: MonteCarloJob): MonteCarloResult {
    const r = this.monteCarlo(job.shots, new SeededRng(job.seed), MAX_STARTS);
    return { kind: 'monte-carlo', chunk: job.chunk, errors: r.errors, starts: r.starts };
  }

  /** Runs one job (see {@link SplittingJob}); the start configuration must fail. */
  run(job: LadderJob): LadderJobResult;
  run(job: SplittingJob): SplittingJobResult;
  run(job: SplittingJob): SplittingJobResult {
    if (job.kind === 'monte-carlo') return this.runMonteCarlo(job);
    const probs = this.setup.probs;
    const rng = new SeededRng(job.seed);
    if (job.kind === 'tempered') {
      this.tempered ??= new TemperedLadder(mechanismIndex(this.setup.dem), probs, this.decoder);
      return this.tempered.run(job, rng);
    }
    const j = job.rung;
    this.chain.setMembers(job.start);
    if (job.kind === 'prune') {
      this.chain.prune(rng);
      return { kind: 'prune', lane: job.lane, rung: j, end: this.chain.members() };
    }
    if (job.kind === 'burn') {
      this.chain.run(probs[j], undefined, undefined, { steps: 0, burnIn: job.moves, batches: 1, rng });
      return { kind: 'burn', lane: job.lane, rung: j, end: this.chain.members() };
    }
    const run = this.chain.run(probs[j], probs[j + 1], probs[j - 1], {
      steps: job.steps,
      burnIn: 0,
      batches: job.batches,
      rng,
    });
    return { kind: 'measure', lane: job.lane, rung: j, run, end: this.chain.members() };
  }
}

/**
 * An error configuration E (a set of error mechanisms) with its syndrome and observable flips kept
 * up to date, a Metropolis chain on it restricted to the decoder's failure set, and plain
 * independent sampling. Permanent structure: the mechanisms as flat index arrays. Per-step state:
 * the membership bytes, the syndrome words and the observable words.
 */
class FailureChain {
  private readonly numErrors: number;
  private readonly mech: MechanismIndex;
  private readonly inSet: Uint8Array;
  private readonly syndrome: BitTable;
  private readonly observed: Uint32Array;
  private readonly predicted: BitTable;

  constructor(
    dem: FlatDem,
    private readonly decoder: CompiledDecoder,
  ) {
    const m = mechanismIndex(dem);
    this.mech = m;
    this.numErrors = m.n;
    this.inSet = new Uint8Array(m.n);
    this.syndrome = new BitTable(1, dem.numDetectors);
    this.predicted = new BitTable(1, dem.numObservables);
    this.observed = new Uint32Array(this.predicted.stride);
  }

  /** Flips mechanism i in or out of E, updating the syndrome and observables. */
  private toggle(i: number): void {
    toggleMechanism(this.mech, this.inSet, this.syndrome.data, this.observed, i);
  }

  /** True when the decoder's prediction differs from the true observable flips of E. */
  fails(): boolean {
    return decoderFails(this.decoder, this.syndrome, this.predicted, this.observed);
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

  /**
   * Removes members one at a time, in a uniformly random order, keeping each removal that leaves
   * E failing: the result fails, and removing any one of its members makes it decode correctly.
   * E must fail. Cost: one decode per member.
   */
  prune(rng: Rng): void {
    const m = this.members();
    for (let k = m.length - 1; k > 0; k--) {
      const r = rng.nextInt(k + 1);
      const t = m[k];
      m[k] = m[r];
      m[r] = t;
    }
    for (const i of m) {
      this.toggle(i);
      if (!this.fails()) this.toggle(i);
    }
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
    const out = {
      up: new Float64Array(o.batches),
      down: new Float64Array(o.batches),
      time: new Float64Array(o.batches),
      faults: new Float64Array(o.batches),
      squares: new Float64Array(5),
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
        const fu = upProbs !== undefined ? Math.min(1, Math.exp(up.c + sumUp)) : 0;
        const fd = downProbs !== undefined ? Math.min(1, Math.exp(down.c + sumDown)) : 0;
        recordHold(out, b, hold, size, fu, fd);
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
    return { ...out, acceptance: total > 0 ? accepted / total : 0 };
  }
}

export type { ChainRun };
