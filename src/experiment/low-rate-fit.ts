/**
 * Extrapolation of a per-cycle logical error rate to low physical error rates with the ansatz of
 * Bravyi et al., "High-threshold and low-overhead fault-tolerant quantum memory", Nature 627, 778
 * (2024), arXiv:2308.07915:
 *
 *   ε(p) = p^e · exp(c0 + c1·p + c2·p²),  e = d_circ / 2,
 *
 * fitted by binomial maximum likelihood to Monte Carlo points measured at higher p, each a number
 * of shots of N_c cycles of which some failed. A shot fails with probability
 * P = 1 − (1 − ε)^N_c (the paper's per-cycle definition ε = 1 − (1 − P)^(1/N_c)). The polynomial
 * may be cut to order 1 (c2 = 0) or 0 (c1 = c2 = 0). The interval of the extrapolated rate is the
 * profile-likelihood interval: the values L of ln ε(p*) whose best fit under the constraint
 * ln ε(p*) = L lies within χ²₁(level)/2 of the maximum log-likelihood.
 *
 * Pure: no I/O, no randomness. Nelder–Mead (from `fit.ts`) does the small optimisations, in a
 * centred and scaled variable u = (p − p̄)/s so that the coefficients are of order one.
 */
import { ValidationError } from '../base/errors.js';
import { nelderMead, weightedLeastSquares } from './fit.js';

/** One Monte Carlo point: `failures` of `shots` shots of `cycles` noisy cycles each, at rate `p`. */
export interface CyclePoint {
  readonly p: number;
  readonly shots: number;
  readonly failures: number;
  readonly cycles: number;
}

/** The ansatz ε(p) = p^exponent · exp(c[0] + c[1]·p + c[2]·p²) (missing coefficients are 0). */
export interface LowRateModel {
  readonly exponent: number;
  /** c0, c1, c2 in that order; 1 to 3 entries. */
  readonly c: readonly number[];
}

/** Options of {@link fitLowRateAnsatz}. */
export interface LowRateFitOptions {
  /** The fixed power of p, d_circ / 2 in the paper. */
  readonly exponent: number;
  /** Highest power of p in the exponential's polynomial: 0, 1 or 2 (default 2). */
  readonly order?: 0 | 1 | 2;
}

/** A maximum-likelihood fit of the ansatz. */
export interface LowRateFit {
  readonly model: LowRateModel;
  /** The maximum binomial log-likelihood (without the constant binomial coefficients). */
  readonly logLikelihood: number;
  /** Points minus free coefficients. */
  readonly degreesOfFreedom: number;
}

/** An extrapolated per-cycle rate with its profile-likelihood interval. */
export interface ExtrapolatedRate {
  readonly p: number;
  readonly rate: number;
  readonly low: number;
  readonly high: number;
  /** Confidence level of [low, high]. */
  readonly level: number;
  readonly fit: LowRateFit;
}

/** Per-cycle rate of the model at physical rate p. */
export function ansatzRate(model: LowRateModel, p: number): number {
  const [c0 = 0, c1 = 0, c2 = 0] = model.c;
  return Math.exp(model.exponent * Math.log(p) + c0 + c1 * p + c2 * p * p);
}

/** Probability that a shot of `cycles` cycles fails when each cycle fails with `rate`: 1 − (1 − ε)^N. */
export function shotFailureProbability(rate: number, cycles: number): number {
  if (rate >= 1) return 1;
  return -Math.expm1(cycles * Math.log1p(-rate));
}

/** Binomial log-likelihood of the points under per-cycle log-rates `logRates` (−∞ if impossible). */
function logLikelihoodOf(points: readonly CyclePoint[], logRates: readonly number[]): number {
  let ll = 0;
  for (let i = 0; i < points.length; i++) {
    const { shots, failures, cycles } = points[i];
    const rate = Math.exp(logRates[i]);
    if (!(rate < 1)) return -Infinity;
    const logSurvive = cycles * Math.log1p(-rate); // ln(1 − P)
    const logFail = Math.log(-Math.expm1(logSurvive)); // ln P
    if (failures > 0) ll += failures * logFail;
    if (shots > failures) ll += (shots - failures) * logSurvive;
  }
  return ll;
}

/** Binomial log-likelihood of the points under a model (constants dropped). */
export function ansatzLogLikelihood(points: readonly CyclePoint[], model: LowRateModel): number {
  return logLikelihoodOf(
    points,
    points.map((pt) => Math.log(ansatzRate(model, pt.p))),
  );
}

function checkPoints(points: readonly CyclePoint[], order: number, exponent: number): void {
  if (!Number.isFinite(exponent) || exponent < 0)
    throw new ValidationError(`exponent must be a finite number ≥ 0, got ${exponent}`);
  points.forEach((pt, i) => {
    const ok =
      pt.p > 0 &&
      pt.p < 1 &&
      Number.isFinite(pt.shots) &&
      pt.shots > 0 &&
      pt.failures >= 0 &&
      pt.failures <= pt.shots &&
      Number.isInteger(pt.cycles) &&
      pt.cycles >= 1;
    if (!ok)
      throw new ValidationError(
        `point ${i}: need 0 < p < 1, shots > 0, 0 ≤ failures ≤ shots and integer cycles ≥ 1, got ${JSON.stringify(pt)}`,
        { point: i },
      );
  });
  const distinct = new Set(points.map((pt) => pt.p)).size;
  if (distinct < order + 1)
    throw new ValidationError(
      `an order-${order} fit needs at least ${order + 1} distinct p values, got ${distinct}`,
    );
  if (!points.some((pt) => pt.failures > 0))
    throw new ValidationError('no point has a failure: the rate cannot be fitted');
}

/** Centring and scale of p, and conversion of (a0, a1, a2) in u = (p − m)/s to (c0, c1, c2). */
interface Frame {
  readonly m: number;
  readonly s: number;
}

function frameOf(points: readonly CyclePoint[]): Frame {
  const ps = points.map((pt) => pt.p);
  const m = ps.reduce((a, b) => a + b, 0) / ps.length;
  const s = Math.max(Math.max(...ps) - Math.min(...ps), m * 0.1);
  return { m, s };
}

function toC(a: readonly number[], f: Frame): number[] {
  const [a0 = 0, a1 = 0, a2 = 0] = a;
  // a0 + a1 (p − m)/s + a2 (p − m)²/s²
  const c2 = a2 / (f.s * f.s);
  const c1 = a1 / f.s - (2 * a2 * f.m) / (f.s * f.s);
  const c0 = a0 - (a1 * f.m) / f.s + (a2 * f.m * f.m) / (f.s * f.s);
  return a.length === 1 ? [c0] : a.length === 2 ? [c0, c1] : [c0, c1, c2];
}

/** Log-rates of the points for coefficients a (in the frame). */
function logRatesA(
  points: readonly CyclePoint[],
  exponent: number,
  a: readonly number[],
  f: Frame,
): number[] {
  return points.map((pt) => {
    const u = (pt.p - f.m) / f.s;
    return exponent * Math.log(pt.p) + (a[0] ?? 0) + (a[1] ?? 0) * u + (a[2] ?? 0) * u * u;
  });
}

/**
 * Starting coefficients: weighted least squares of ln(ε̂/p^e) on (1, u, u²) over the points with
 * failures (weights = failures), the per-cycle ε̂ from each point's failure fraction.
 */
function startA(points: readonly CyclePoint[], exponent: number, order: number, f: Frame): number[] {
  const rows: number[][] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const pt of points) {
    if (pt.failures === 0) continue;
    const P = Math.min(pt.failures / pt.shots, 1 - 1e-9);
    const eps = -Math.expm1(Math.log1p(-P) / pt.cycles);
    const u = (pt.p - f.m) / f.s;
    rows.push([1, u, u * u].slice(0, order + 1));
    ys.push(Math.log(eps) - exponent * Math.log(pt.p));
    ws.push(pt.failures);
  }
  if (rows.length < order + 1) {
    const mean = ys.reduce((s, y, i) => s + ws[i] * y, 0) / ws.reduce((s, w) => s + w, 0);
    return [mean, ...new Array<number>(order).fill(0)];
  }
  return weightedLeastSquares(rows, ys, ws).coef.map((v) => (Number.isFinite(v) ? v : 0));
}

/** Maximises the likelihood over `free` coefficients from `x0`, restarting until it stops improving. */
function maximise(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
): { x: number[]; value: number } {
  if (x0.length === 0) return { x: [], value: f([]) };
  let best = { x: [...x0], value: f(x0) };
  for (let round = 0; round < 8; round++) {
    const r = nelderMead(
      f,
      best.x,
      best.x.map(() => 0.5),
      4000,
    );
    const improved = r.value < best.value - 1e-10;
    if (r.value <= best.value) best = r;
    if (!improved && round > 0) break;
  }
  return best;
}

/**
 * Fits the ansatz by binomial maximum likelihood.
 * @throws ValidationError for bad points, too few distinct p values for the order, or no failure.
 */
export function fitLowRateAnsatz(points: readonly CyclePoint[], options: LowRateFitOptions): LowRateFit {
  const order = options.order ?? 2;
  checkPoints(points, order, options.exponent);
  const f = frameOf(points);
  const nll = (a: readonly number[]): number => {
    const v = -logLikelihoodOf(points, logRatesA(points, options.exponent, a, f));
    return Number.isFinite(v) ? v : 1e300;
  };
  const r = maximise(nll, startA(points, options.exponent, order, f));
  return {
    model: { exponent: options.exponent, c: toC(r.x, f) },
    logLikelihood: -r.value,
    degreesOfFreedom: points.length - (order + 1),
  };
}

/** χ²₁ quantile for the usual two-sided levels (the profile-likelihood threshold is half of it). */
function chiSquare1(level: number): number {
  const table: Record<string, number> = { '0.68': 0.98895, '0.9': 2.70554, '0.95': 3.84146, '0.99': 6.6349 };
  const v = table[String(level)];
  if (v === undefined) throw new ValidationError(`level must be one of 0.68, 0.9, 0.95, 0.99, got ${level}`);
  return v;
}

/**
 * The per-cycle rate of the fitted ansatz at `target` with its profile-likelihood interval at
 * `level` (default 0.95). Cost: a few hundred small Nelder–Mead runs over the points.
 * @throws ValidationError as {@link fitLowRateAnsatz}, or for a target outside (0, 1).
 */
export function extrapolateRate(
  points: readonly CyclePoint[],
  options: LowRateFitOptions & { readonly target: number; readonly level?: number },
): ExtrapolatedRate {
  const { target, exponent } = options;
  const order = options.order ?? 2;
  const level = options.level ?? 0.95;
  if (!(target > 0 && target < 1)) throw new ValidationError(`target must be in (0, 1), got ${target}`);
  const drop = chiSquare1(level) / 2;
  const fit = fitLowRateAnsatz(points, options);
  const f = frameOf(points);
  const ut = (target - f.m) / f.s;
  const best = Math.log(ansatzRate(fit.model, target));
  // Profile: for ln ε(target) = L, a0 is fixed by the others; maximise over a1 (and a2).
  let warm = startA(points, exponent, order, f).slice(1);
  const profile = (L: number): number => {
    const full = (rest: readonly number[]): number[] => {
      const a1 = rest[0] ?? 0;
      const a2 = rest[1] ?? 0;
      return [L - exponent * Math.log(target) - a1 * ut - a2 * ut * ut, ...rest];
    };
    const nll = (rest: readonly number[]): number => {
      const v = -logLikelihoodOf(points, logRatesA(points, exponent, full(rest), f));
      return Number.isFinite(v) ? v : 1e300;
    };
    const r = maximise(nll, warm);
    warm = r.x;
    return -r.value;
  };
  const inside = (L: number): boolean => fit.logLikelihood - profile(L) <= drop;
  const edge = (dir: 1 | -1): number => {
    warm = startA(points, exponent, order, f).slice(1);
    let lo = best;
    let step = 0.25;
    let hi = best + dir * step;
    for (let i = 0; i < 80 && inside(hi); i++) {
      lo = hi;
      step *= 1.6;
      hi = best + dir * step;
    }
    for (let i = 0; i < 40 && Math.abs(hi - lo) > 1e-4; i++) {
      const mid = (lo + hi) / 2;
      if (inside(mid)) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const low = edge(-1);
  const high = edge(1);
  return { p: target, rate: Math.exp(best), low: Math.exp(low), high: Math.exp(high), level, fit };
}
