import { ValidationError } from '../base/errors.js';

/**
 * Counts of one task, additive across batches and runs (sinter's AnyTaskStats): merging two
 * results is adding their fields.
 */
export interface TaskStats {
  readonly shots: number;
  readonly errors: number;
  readonly discards: number;
  /** Core-seconds spent sampling and decoding. */
  readonly seconds: number;
}

export const EMPTY_STATS: TaskStats = { shots: 0, errors: 0, discards: 0, seconds: 0 };

/** The sum of two stats. */
export function addStats(a: TaskStats, b: TaskStats): TaskStats {
  return {
    shots: a.shots + b.shots,
    errors: a.errors + b.errors,
    discards: a.discards + b.discards,
    seconds: a.seconds + b.seconds,
  };
}

/** A rate with a confidence interval [low, high]. */
export interface RateEstimate {
  readonly rate: number;
  readonly low: number;
  readonly high: number;
}

function checkCounts(errors: number, shots: number): void {
  if (!(Number.isInteger(errors) && Number.isInteger(shots) && errors >= 0 && shots >= errors))
    throw new ValidationError(
      `binomial counts need 0 ≤ errors ≤ shots (integers), got ${errors} of ${shots}`,
    );
}

/**
 * Wilson score interval (Wilson 1927) for `errors` successes in `shots` trials at `z` standard
 * deviations (z = 1.96 for 95%). Well-behaved at 0 and at `shots` errors. shots = 0 gives [0, 1].
 */
export function wilsonInterval(errors: number, shots: number, z = 1.96): RateEstimate {
  checkCounts(errors, shots);
  if (shots === 0) return { rate: 0, low: 0, high: 1 };
  const p = errors / shots;
  const z2 = z * z;
  const denom = 1 + z2 / shots;
  const centre = (p + z2 / (2 * shots)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / shots + z2 / (4 * shots * shots))) / denom;
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Binomial log-likelihood of rate p for `errors` in `shots` (0·log 0 = 0). */
function logLikelihood(p: number, errors: number, shots: number): number {
  const a = errors === 0 ? 0 : errors * Math.log(p);
  const b = shots - errors === 0 ? 0 : (shots - errors) * Math.log1p(-p);
  return a + b;
}

/**
 * The likelihood-ratio ("Bayes factor") interval that sinter reports: every rate whose binomial
 * likelihood is within a factor `maxLikelihoodFactor` of the maximum (sinter's default 1000).
 * Bounds found by bisection to 1e-12 relative precision.
 */
export function likelihoodInterval(errors: number, shots: number, maxLikelihoodFactor = 1000): RateEstimate {
  checkCounts(errors, shots);
  if (shots === 0) return { rate: 0, low: 0, high: 1 };
  const p = errors / shots;
  const target = logLikelihood(p, errors, shots) - Math.log(maxLikelihoodFactor);
  const solve = (inside: number, outside: number): number => {
    let a = inside;
    let b = outside;
    for (let i = 0; i < 200 && Math.abs(b - a) > 1e-15 + 1e-12 * Math.abs(a); i++) {
      const m = (a + b) / 2;
      if (logLikelihood(m, errors, shots) >= target) a = m;
      else b = m;
    }
    return a;
  };
  const low = errors === 0 ? 0 : solve(p, 0);
  const high = errors === shots ? 1 : solve(p, 1);
  return { rate: p, low, high };
}

/**
 * Per-round logical error rate from a per-shot rate over `rounds` rounds (sinter's
 * `shot_error_rate_to_piece_error_rate(shot, pieces=rounds, values=values)`). A shot fails when any
 * of its `values` independent observables (or-pieces) flips; each observable flips when an odd
 * number of its `rounds` independent rounds (xor-pieces) flip it. So the per-observable shot rate
 * is q = 1 − (1 − ε_shot)^(1/values), its per-round rate q_r = (1 − (1 − 2q)^(1/rounds)) / 2, and the
 * result is the chance that some observable fails in one round, 1 − (1 − q_r)^values. With one
 * observable this is ε_round = (1 − (1 − 2 ε_shot)^(1/rounds)) / 2. Per-observable rates above 1/2
 * are mirrored (the decoder is anti-correlated) as sinter does.
 *
 * @param shotRate in [0, 1]
 * @param rounds ≥ 1 (real: a fraction of rounds is allowed, as in sinter)
 * @param values the number of observables a shot's failure is the OR of (≥ 1; default 1)
 */
export function perRoundRate(shotRate: number, rounds: number, values = 1): number {
  if (!(rounds >= 1)) throw new ValidationError(`rounds must be ≥ 1, got ${rounds}`);
  if (!(values >= 1)) throw new ValidationError(`values (observables) must be ≥ 1, got ${values}`);
  if (values !== 1) {
    // expm1/log1p keep the relative precision of rates far below 1e-16 (splitting reaches them).
    const perValue = -Math.expm1(Math.log1p(-shotRate) / values);
    return -Math.expm1(Math.log1p(-perRoundRate(perValue, rounds)) * values);
  }
  if (rounds === 1) return shotRate;
  if (shotRate > 0.5) return 1 - perRoundRate(1 - shotRate, rounds);
  return -Math.expm1(Math.log1p(-2 * shotRate) / rounds) / 2;
}

/** A rate estimate converted to per round (the bounds too, since the map is monotone). */
export function perRoundEstimate(e: RateEstimate, rounds: number, values = 1): RateEstimate {
  return {
    rate: perRoundRate(e.rate, rounds, values),
    low: perRoundRate(e.low, rounds, values),
    high: perRoundRate(e.high, rounds, values),
  };
}
