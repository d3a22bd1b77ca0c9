/**
 * Replica exchange (parallel tempering) over the rungs of a splitting ladder, with local "shift"
 * moves: the better-mixing chains of splitting in p (./splitting.ts, Bravyi & Vargo 2013).
 *
 * One lane holds one failing configuration per rung (a replica) and advances all of them together
 * in cycles. A cycle of rung j's replica is
 * 1. K_j ticks of Bravyi & Vargo's single-flip Metropolis chain for π_j restricted to the failure
 *    set F, run rejection-free (see `FailureChain.run` in ./splitting-chain.ts): the number of
 *    ticks until the next proposal that passes the probability test is geometric, and only that
 *    candidate is decoded. The cycle ends at tick K_j exactly: the holding time that straddles
 *    the end is cut there. This is exact because the ticks of the plain chain are independent
 *    proposals: given that none of the ticks up to K_j passed, the ticks after it are fresh, so
 *    drawing a new geometric holding time from the state at the start of the next cycle (the
 *    memorylessness of the geometric law) continues the same plain chain. K_j is fixed in advance
 *    (from Σ_i odds_i at p_j), never from the state, so every cycle is a fixed power P_j^{K_j} of
 *    a π_j-invariant kernel, and the time averages over the ticks are those of that plain chain.
 * 2. `shifts` shift moves (Metropolis–Hastings): pick a member e of E uniformly, a mechanism e'
 *    sharing a detector with e uniformly from e's N(e) neighbours, and propose E − e + e' (refused
 *    at once if e' ∈ E). The reverse move picks e' among the same |E| members and e among N(e')
 *    neighbours, so the acceptance is min(1, odds_{e'}/odds_e · N(e)/N(e')), and the move is
 *    undone when E − e + e' decodes correctly (it leaves F). A minimal failing cluster moves by
 *    one such step where single flips need to add a fault and drop another, through a
 *    configuration a factor p less likely (the cluster moves of Beverland et al.,
 *    arXiv:2511.15177, and the circuit-noise splitting of arXiv:2509.13678 face the same barrier;
 *    this move is the plain Metropolis–Hastings answer to it, Hastings 1970). Shift moves are not
 *    counted in the time averages: a fixed number of them between two counted segments is a
 *    π_j-invariant kernel composed with the counted one, which leaves the averages exact.
 * 3. Replica exchange between neighbouring rungs (Swendsen & Wang 1986, Geyer 1991): the
 *    replicas at rungs j and j+1 (both in F) trade places with probability
 *    min(1, π_j(E')π_{j+1}(E) / (π_j(E)π_{j+1}(E'))), computed from the members' log odds, no
 *    decode. Cycle c tries the pairs (j, j+1) with j ≡ c (mod 2) (a deterministic even/odd
 *    alternation; each swap is invariant for the product Π_j π_j on its own). A cluster found at
 *    a high rung, where faults are many and the chain moves freely, can so move down the ladder.
 *
 * 4. At the top rung only, `refreshes` independence proposals (Metropolis–Hastings with proposal
 *    π_0 itself, unrestricted): draw E' from π_0 as plain Monte Carlo does and move there when
 *    E' ∈ F. The acceptance min(1, π_0(E')π_0(E)/(π_0(E)π_0(E'))) is 1 on F, so an accepted E' is
 *    an exact, fresh draw from π_0|F, however badly the local moves mix. Each costs one decode and
 *    succeeds with probability P_L(p_0) (≈ 5% on the footprint's ladders); through the swaps, the
 *    fresh configurations travel down the ladder. (This is what seeding many chains from plain
 *    Monte Carlo failures does in the multi-seeded splitting of Beverland et al., arXiv:2511.15177,
 *    done inside one chain so that it stays exact.)
 *
 * The whole cycle is invariant for Π_j π_j|F, so each rung's time averages converge to those of
 * π_j on F, and Bennett's ratios of ./splitting.ts apply unchanged. The rungs of a lane are now
 * correlated (they trade configurations): the error bars use the lane's batches jointly (the
 * batches of all rungs cover the same cycles), see `combineTempered` in ./splitting.ts.
 */
import type { Rng } from '../base/prng.js';
import type { CompiledDecoder } from '../decode/decoder.js';
import type { FlatDem } from '../dem/dem.js';
import { BitTable } from '../mem/bit-table.js';

/** The error mechanisms of a DEM as flat index arrays (detectors and observables of each). */
export interface MechanismIndex {
  readonly n: number;
  /** Detector ids of mechanism i: detIds[detStart[i] .. detStart[i+1]). */
  readonly detStart: Uint32Array;
  readonly detIds: Uint32Array;
  readonly obsStart: Uint32Array;
  readonly obsIds: Uint32Array;
  readonly numDetectors: number;
  readonly numObservables: number;
}

/** The flat index of a DEM's mechanisms. */
export function mechanismIndex(dem: FlatDem): MechanismIndex {
  const n = dem.errors.length;
  const detStart = new Uint32Array(n + 1);
  const obsStart = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    detStart[i + 1] = detStart[i] + dem.errors[i].detectors.length;
    obsStart[i + 1] = obsStart[i] + dem.errors[i].observables.length;
  }
  const detIds = new Uint32Array(detStart[n]);
  const obsIds = new Uint32Array(obsStart[n]);
  for (let i = 0; i < n; i++) {
    detIds.set(dem.errors[i].detectors, detStart[i]);
    obsIds.set(dem.errors[i].observables, obsStart[i]);
  }
  return {
    n,
    detStart,
    detIds,
    obsStart,
    obsIds,
    numDetectors: dem.numDetectors,
    numObservables: dem.numObservables,
  };
}

/** Flips mechanism i in a configuration: its membership byte, syndrome bits and observable bits. */
export function toggleMechanism(
  m: MechanismIndex,
  inSet: Uint8Array,
  syndrome: Uint32Array,
  observed: Uint32Array,
  i: number,
): void {
  inSet[i] ^= 1;
  for (let k = m.detStart[i]; k < m.detStart[i + 1]; k++) {
    const d = m.detIds[k];
    syndrome[d >>> 5] ^= 1 << (d & 31);
  }
  for (let k = m.obsStart[i]; k < m.obsStart[i + 1]; k++) {
    const o = m.obsIds[k];
    observed[o >>> 5] ^= 1 << (o & 31);
  }
}

/** Whether the decoder's prediction for `syndrome` (one shot) differs from the true flips `observed`. */
export function decoderFails(
  decoder: CompiledDecoder,
  syndrome: BitTable,
  predicted: BitTable,
  observed: Uint32Array,
): boolean {
  decoder.decodeBatch(syndrome, predicted);
  const p = predicted.data;
  for (let w = 0; w < observed.length; w++) if (p[w] !== observed[w]) return true;
  return false;
}

/**
 * The neighbours of each mechanism: the other mechanisms that share at least one detector with it
 * (a symmetric relation), as nbIds[nbStart[i] .. nbStart[i+1]).
 */
export function mechanismNeighbours(m: MechanismIndex): { nbStart: Uint32Array; nbIds: Uint32Array } {
  const { n, detStart, detIds, numDetectors } = m;
  const byDet = new Uint32Array(numDetectors + 1);
  for (let k = 0; k < detIds.length; k++) byDet[detIds[k] + 1]++;
  for (let d = 0; d < numDetectors; d++) byDet[d + 1] += byDet[d];
  const fill = byDet.slice(0, numDetectors);
  const mechOf = new Uint32Array(detIds.length);
  for (let i = 0; i < n; i++)
    for (let k = detStart[i]; k < detStart[i + 1]; k++) mechOf[fill[detIds[k]]++] = i;
  const stamp = new Int32Array(n).fill(-1);
  const nbStart = new Uint32Array(n + 1);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    stamp[i] = i;
    for (let k = detStart[i]; k < detStart[i + 1]; k++) {
      const d = detIds[k];
      for (let t = byDet[d]; t < byDet[d + 1]; t++) {
        const e = mechOf[t];
        if (stamp[e] !== i) {
          stamp[e] = i;
          out.push(e);
        }
      }
    }
    nbStart[i + 1] = out.length;
  }
  return { nbStart, nbIds: Uint32Array.from(out) };
}

/** One lane of replica exchange (see the file comment): a job with its own seed and start. */
export interface TemperedJob {
  readonly kind: 'tempered';
  /** Which of the ladder's chains the job belongs to (0: started from the plain Monte Carlo's failure, 1: from its pruned form). */
  readonly lane: number;
  readonly seed: number;
  /** The failing configuration every rung's replica starts from. */
  readonly start: Uint32Array;
  /** Cycles discarded, then cycles counted (a multiple of `batches`). */
  readonly burnCycles: number;
  readonly cycles: number;
  readonly batches: number;
  /** Expected single-flip moves per cycle and rung (sets each rung's ticks per cycle). */
  readonly flips: number;
  /** Shift moves per cycle and rung. */
  readonly shifts: number;
  /** Independent proposals per cycle at rung 0 (step 4 of the file comment). */
  readonly refreshes: number;
}

/** Time-weighted batch sums of one chain: Σ hold·f per batch and Σ hold per batch. */
export interface ChainRun {
  readonly up: Float64Array;
  readonly down: Float64Array;
  readonly time: Float64Array;
  /** Σ hold·|E| per batch: the time average of the number of faults is Σ faults / Σ time. */
  readonly faults: Float64Array;
  /**
   * Sums over every counted move, for the variance the time averages would have if the moves were
   * independent (against which the batch-means variance gives the autocorrelation time):
   * [Σ hold², Σ hold²·u, Σ hold²·u², Σ hold²·d, Σ hold²·d²] with u = min(1, π_up/π), d = min(1, π_down/π).
   */
  readonly squares: Float64Array;
  /** Fraction of candidate moves that kept E failing. */
  readonly acceptance: number;
}

/**
 * Adds a state held for `w` ticks to batch b of a chain's sums: |E| = `size`, Bennett observables
 * u = min(1, π_up/π) = `fu` and d = min(1, π_down/π) = `fd`.
 */
export function recordHold(
  out: Omit<ChainRun, 'acceptance'>,
  b: number,
  w: number,
  size: number,
  fu: number,
  fd: number,
): void {
  out.time[b] += w;
  out.faults[b] += w * size;
  out.up[b] += w * fu;
  out.down[b] += w * fd;
  const sq = out.squares;
  const w2 = w * w;
  sq[0] += w2;
  sq[1] += w2 * fu;
  sq[2] += w2 * fu * fu;
  sq[3] += w2 * fd;
  sq[4] += w2 * fd * fd;
}

/** One rung's sums in a lane of replica exchange (acceptance: of decoded flips and shifts). */
export interface TemperedRungRun extends ChainRun {
  /** Time-weighted occupancy of each mechanism (Σ hold over the ticks it was a member), when asked for. */
  readonly occupancy?: Float64Array;
}

/** What a lane returns: each rung's sums, each pair's swap acceptance, each rung's end configuration. */
export interface TemperedResult {
  readonly kind: 'tempered';
  readonly lane: number;
  readonly runs: TemperedRungRun[];
  /** Accepted / tried swaps between rungs j and j + 1, counted cycles only. */
  readonly swapAcceptance: Float64Array;
  /** Fraction of shift attempts that were accepted and stayed in F, per rung. */
  readonly shiftAcceptance: Float64Array;
  readonly ends: Uint32Array[];
  /** Independence proposals at rung 0 that were accepted (fresh failures from π_0), burn-in included. */
  readonly refreshed: number;
}

/**
 * Deliberate errors for tests that must be caught: drop the N(e)/N(e') proposal ratio of the
 * shift move, or accept every swap.
 */
export interface TemperingMutation {
  readonly noShiftCorrection?: boolean;
  readonly alwaysSwap?: boolean;
}

/** One replica: a failing configuration with its syndrome, observables and member list. */
class Replica {
  readonly inSet: Uint8Array;
  readonly syndrome: BitTable;
  readonly observed: Uint32Array;
  readonly list: Uint32Array;
  readonly pos: Int32Array;
  size = 0;
  /** Σ odds, and Σ log odds at its rung and the rungs either side, over the members. */
  memberOdds = 0;
  logHere = 0;
  logUp = 0;
  logDown = 0;

  constructor(m: MechanismIndex, numObsWords: number) {
    this.inSet = new Uint8Array(m.n);
    this.syndrome = new BitTable(1, m.numDetectors);
    this.observed = new Uint32Array(numObsWords);
    this.list = new Uint32Array(m.n);
    this.pos = new Int32Array(m.n).fill(-1);
  }
}

/** Rung data: odds, log odds and the cumulative odds of every mechanism at p_j, and Σ ln(1 − p). */
interface Rung {
  readonly odds: Float64Array;
  readonly logOdds: Float64Array;
  readonly cumOdds: Float64Array;
  readonly totalOdds: number;
  readonly logNone: number;
  readonly p: Float64Array;
  readonly pMax: number;
}

/**
 * Runs lanes of replica exchange over one ladder (see the file comment). Permanent structure: the
 * mechanisms, their neighbours and each rung's odds; nothing is kept between jobs but scratch.
 */
export class TemperedLadder {
  private readonly rungs: Rung[];
  private readonly nb: { nbStart: Uint32Array; nbIds: Uint32Array };
  private readonly predicted: BitTable;

  constructor(
    private readonly mech: MechanismIndex,
    probs: readonly Float64Array[],
    private readonly decoder: CompiledDecoder,
    private readonly mutation: TemperingMutation = {},
  ) {
    this.nb = mechanismNeighbours(mech);
    this.predicted = new BitTable(1, mech.numObservables);
    this.rungs = probs.map((p) => {
      const n = p.length;
      const odds = new Float64Array(n);
      const logOdds = new Float64Array(n);
      const cumOdds = new Float64Array(n);
      let total = 0;
      let logNone = 0;
      for (let i = 0; i < n; i++) {
        odds[i] = p[i] / (1 - p[i]);
        logOdds[i] = Math.log(odds[i]);
        cumOdds[i] = total += odds[i];
        logNone += Math.log1p(-p[i]);
      }
      return {
        odds,
        logOdds,
        cumOdds,
        totalOdds: total,
        logNone,
        p,
        pMax: p.reduce((a, b) => Math.max(a, b), 0),
      };
    });
  }

  /**
   * Runs one lane (see {@link TemperedJob}); `occupancy` also returns each rung's time-weighted
   * membership of every mechanism (for tests; it costs O(|E|) per move). The start must fail.
   */
  run(job: TemperedJob, rng: Rng, occupancy = false): TemperedResult {
    const R = this.rungs.length;
    const n = this.mech.n;
    const reps: Replica[] = [];
    for (let j = 0; j < R; j++) {
      const r = new Replica(this.mech, this.predicted.stride);
      for (const i of job.start) this.toggle(r, i);
      for (const i of job.start) this.addMember(r, i);
      this.resum(r, j);
      reps.push(r);
    }
    // Ticks per cycle: about `flips` candidates at a typical state (|E| ≈ Σ odds plus a cluster).
    const ticks = this.rungs.map((g) => Math.max(1, Math.round((job.flips * n) / (2 * g.totalOdds + 1))));
    const B = job.batches;
    const runs = this.rungs.map(() => ({
      up: new Float64Array(B),
      down: new Float64Array(B),
      time: new Float64Array(B),
      faults: new Float64Array(B),
      squares: new Float64Array(5),
      occupancy: occupancy ? new Float64Array(n) : undefined,
      tried: 0,
      accepted: 0,
      shiftTried: 0,
      shiftAccepted: 0,
    }));
    const scratch = { r: new Replica(this.mech, this.predicted.stride) };
    let refreshed = 0;
    const swapTried = new Float64Array(Math.max(0, R - 1));
    const swapAccepted = new Float64Array(Math.max(0, R - 1));
    const perBatch = job.cycles / B;
    const total = job.burnCycles + job.cycles;
    for (let c = 0; c < total; c++) {
      const counted = c >= job.burnCycles;
      const b = counted ? Math.floor((c - job.burnCycles) / perBatch) : -1;
      for (let j = 0; j < R; j++) {
        const out = runs[j];
        this.flipSegment(reps[j], j, ticks[j], rng, b, out);
        if (j === 0)
          for (let k = 0; k < job.refreshes; k++) if (this.refresh(reps, scratch, rng)) refreshed++;
        for (let s = 0; s < job.shifts; s++) {
          const a = this.shift(reps[j], j, rng);
          if (counted && a !== 0) {
            out.shiftTried++;
            if (a === 2) out.shiftAccepted++;
          }
        }
      }
      for (let j = c & 1; j + 1 < R; j += 2) {
        const A = reps[j];
        const Bv = reps[j + 1];
        // log of π_j(B)π_{j+1}(A) / (π_j(A)π_{j+1}(B)): the Σ ln(1 − p) terms cancel.
        const logRatio = Bv.logDown - Bv.logHere - (A.logHere - A.logUp);
        const ok = this.mutation.alwaysSwap === true || logRatio >= 0 || rng.nextFloat() < Math.exp(logRatio);
        if (counted) swapTried[j]++;
        if (!ok) continue;
        if (counted) swapAccepted[j]++;
        reps[j] = Bv;
        reps[j + 1] = A;
        this.resum(Bv, j);
        this.resum(A, j + 1);
      }
    }
    return {
      kind: 'tempered',
      lane: job.lane,
      runs: runs.map((o) => ({
        up: o.up,
        down: o.down,
        time: o.time,
        faults: o.faults,
        squares: o.squares,
        acceptance: o.tried > 0 ? o.accepted / o.tried : 0,
        ...(o.occupancy !== undefined ? { occupancy: o.occupancy } : {}),
      })),
      swapAcceptance: swapTried.map((t, j) => (t > 0 ? swapAccepted[j] / t : 0)),
      shiftAcceptance: Float64Array.from(runs, (o) =>
        o.shiftTried > 0 ? o.shiftAccepted / o.shiftTried : 0,
      ),
      ends: reps.map((r) => r.list.slice(0, r.size).sort()),
      refreshed,
    };
  }

  /**
   * One independence proposal at rung 0 (step 4 of the file comment): draws a configuration from
   * π_0 into `scratch`, and when it fails, trades it for rung 0's replica. True when it did.
   */
  private refresh(reps: Replica[], scratch: { r: Replica }, rng: Rng): boolean {
    const r = scratch.r;
    for (let k = 0; k < r.size; k++) r.pos[r.list[k]] = -1;
    r.size = 0;
    r.inSet.fill(0);
    r.syndrome.data.fill(0);
    r.observed.fill(0);
    const g = this.rungs[0];
    const logQ = Math.log1p(-g.pMax);
    for (let i = -1; ;) {
      i += 1 + Math.floor(Math.log(rng.nextFloatNonZero()) / logQ);
      if (i >= this.mech.n) break;
      if (rng.nextFloat() * g.pMax < g.p[i]) {
        this.toggle(r, i);
        this.addMember(r, i);
      }
    }
    if (!this.fails(r)) return false;
    scratch.r = reps[0];
    reps[0] = r;
    this.resum(r, 0);
    return true;
  }

  /**
   * `ticks` ticks of the single-flip chain at rung j, rejection-free, the last holding time cut at
   * the end of the segment (see the file comment); batch b ≥ 0 accumulates the time averages.
   */
  private flipSegment(
    r: Replica,
    j: number,
    ticks: number,
    rng: Rng,
    b: number,
    out: {
      up: Float64Array;
      down: Float64Array;
      time: Float64Array;
      faults: Float64Array;
      squares: Float64Array;
      occupancy: Float64Array | undefined;
      tried: number;
      accepted: number;
    },
  ): void {
    const g = this.rungs[j];
    const gUp = this.rungs[j + 1];
    const gDown = this.rungs[j - 1];
    const n = this.mech.n;
    for (let elapsed = 0; elapsed < ticks;) {
      const rest = Math.max(0, g.totalOdds - r.memberOdds);
      const q = (r.size + rest) / n;
      const hold = q >= 1 ? 1 : 1 + Math.floor(Math.log(rng.nextFloatNonZero()) / Math.log1p(-q));
      const moves = hold <= ticks - elapsed;
      const w = moves ? hold : ticks - elapsed;
      elapsed += w;
      if (b >= 0) {
        const fu =
          gUp !== undefined ? Math.min(1, Math.exp(gUp.logNone - g.logNone + r.logUp - r.logHere)) : 0;
        const fd =
          gDown !== undefined ? Math.min(1, Math.exp(gDown.logNone - g.logNone + r.logDown - r.logHere)) : 0;
        recordHold(out, b, w, r.size, fu, fd);
        if (out.occupancy !== undefined) for (let k = 0; k < r.size; k++) out.occupancy[r.list[k]] += w;
      }
      if (!moves) break;
      let i: number;
      if (rng.nextFloat() * (r.size + rest) < r.size) i = r.list[rng.nextInt(r.size)];
      else
        do i = searchCumulative(g.cumOdds, rng.nextFloat() * g.totalOdds);
        while (r.pos[i] >= 0);
      this.toggle(r, i);
      if (b >= 0) out.tried++;
      if (this.fails(r)) {
        if (b >= 0) out.accepted++;
        if (r.pos[i] >= 0) this.removeMember(r, i, j);
        else this.addMember(r, i, j);
      } else this.toggle(r, i);
    }
  }

  /**
   * One shift move at rung j (see the file comment): 0 when refused without a decode, 1 when
   * decoded and undone, 2 when accepted.
   */
  private shift(r: Replica, j: number, rng: Rng): number {
    if (r.size === 0) return 0;
    const { nbStart, nbIds } = this.nb;
    const e = r.list[rng.nextInt(r.size)];
    const deg = nbStart[e + 1] - nbStart[e];
    if (deg === 0) return 0;
    const f = nbIds[nbStart[e] + rng.nextInt(deg)];
    if (r.pos[f] >= 0) return 0;
    const odds = this.rungs[j].odds;
    const degF = nbStart[f + 1] - nbStart[f];
    const a =
      this.mutation.noShiftCorrection === true ? odds[f] / odds[e] : (odds[f] / odds[e]) * (deg / degF);
    if (!(a >= 1 || rng.nextFloat() < a)) return 0;
    this.toggle(r, e);
    this.toggle(r, f);
    if (!this.fails(r)) {
      this.toggle(r, e);
      this.toggle(r, f);
      return 1;
    }
    this.removeMember(r, e, j);
    this.addMember(r, f, j);
    return 2;
  }

  private toggle(r: Replica, i: number): void {
    toggleMechanism(this.mech, r.inSet, r.syndrome.data, r.observed, i);
  }

  private fails(r: Replica): boolean {
    return decoderFails(this.decoder, r.syndrome, this.predicted, r.observed);
  }

  /** Adds i to the member list (and, given its rung, to the sums). */
  private addMember(r: Replica, i: number, j?: number): void {
    r.pos[i] = r.size;
    r.list[r.size++] = i;
    if (j !== undefined) this.bump(r, i, j, 1);
  }

  private removeMember(r: Replica, i: number, j: number): void {
    const k = r.pos[i];
    const last = r.list[--r.size];
    r.list[k] = last;
    r.pos[last] = k;
    r.pos[i] = -1;
    this.bump(r, i, j, -1);
  }

  private bump(r: Replica, i: number, j: number, sign: number): void {
    const g = this.rungs[j];
    r.memberOdds += sign * g.odds[i];
    r.logHere += sign * g.logOdds[i];
    if (j + 1 < this.rungs.length) r.logUp += sign * this.rungs[j + 1].logOdds[i];
    if (j > 0) r.logDown += sign * this.rungs[j - 1].logOdds[i];
  }

  /** Recomputes the replica's sums for rung j (after a swap brought it there). */
  private resum(r: Replica, j: number): void {
    r.memberOdds = 0;
    r.logHere = 0;
    r.logUp = 0;
    r.logDown = 0;
    for (let k = 0; k < r.size; k++) this.bump(r, r.list[k], j, 1);
  }
}

/** The first index k with cum[k] > x (cum ascending); the last index when rounding overshoots. */
export function searchCumulative(cum: Float64Array, x: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
