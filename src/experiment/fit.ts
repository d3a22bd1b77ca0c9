import type { Rng } from '../base/prng.js';
import { RareEventSampler } from '../base/rare.js';
import { likelihoodInterval, perRoundRate } from './stats.js';

/**
 * An exact Binomial(n, p) draw: the number of events among n trials, counted by geometric gaps
 * between events (cost O(n·min(p, 1−p)), i.e. the number of events or non-events).
 */
export function sampleBinomial(n: number, p: number, rng: Rng): number {
  if (p <= 0 || n <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - sampleBinomial(n, 1 - p, rng);
  const gaps = new RareEventSampler(p);
  let k = 0;
  for (let i = gaps.nextGap(rng); i < n; i += 1 + gaps.nextGap(rng)) k++;
  return k;
}

/** One measured point of a logical-error-rate curve. */
export interface RatePoint {
  /** Physical error rate. */
  readonly p: number;
  /** Code distance. */
  readonly d: number;
  readonly rounds: number;
  /** Observables a shot's failure is the OR of (sinter's `values`; 1 when absent). */
  readonly values?: number;
  readonly shots: number;
  readonly errors: number;
}

/** Per-round logical error rate of a point and its binomial standard deviation (delta method). */
export function pointRate(pt: RatePoint): { rate: number; sigma: number } {
  const e = pt.shots === 0 ? 0 : pt.errors / pt.shots;
  const v = pt.values ?? 1;
  const r = perRoundRate(e, pt.rounds, v);
  // σ_ε from the binomial with a floor of one event, carried through the (monotone) per-round map
  // by its derivative, taken numerically so that it holds for any number of observables.
  const se = Math.sqrt(Math.max(e * (1 - e), 1 / Math.max(pt.shots, 1)) / Math.max(pt.shots, 1));
  if (pt.rounds === 1 && v === 1) return { rate: r, sigma: se };
  const h = Math.min(1e-7, e / 2, (0.5 - Math.min(e, 0.5)) / 2) || 1e-9;
  const lo = Math.max(e - h, 0);
  const deriv =
    (perRoundRate(Math.min(e + h, 1), pt.rounds, v) - perRoundRate(lo, pt.rounds, v)) /
    (Math.min(e + h, 1) - lo);
  return { rate: r, sigma: se * Math.abs(deriv) };
}

/** Nelder–Mead minimisation of `f` from `x0` (Nelder & Mead 1965), `steps` initial simplex offsets. */
export function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  steps: readonly number[],
  maxIter = 2000,
): { x: number[]; value: number } {
  const n = x0.length;
  let simplex: { x: number[]; v: number }[] = [{ x: [...x0], v: f(x0) }];
  for (let i = 0; i < n; i++) {
    const x = [...x0];
    x[i] += steps[i];
    simplex.push({ x, v: f(x) });
  }
  for (let it = 0; it < maxIter; it++) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0];
    const worst = simplex[n];
    if (Math.abs(worst.v - best.v) <= 1e-12 * (Math.abs(best.v) + 1e-12)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i].x[j] / n;
    const at = (t: number): number[] => centroid.map((c, j) => c + t * (worst.x[j] - c));
    const xr = at(-1);
    const vr = f(xr);
    if (vr < best.v) {
      const xe = at(-2);
      const ve = f(xe);
      simplex[n] = ve < vr ? { x: xe, v: ve } : { x: xr, v: vr };
    } else if (vr < simplex[n - 1].v) simplex[n] = { x: xr, v: vr };
    else {
      const xc = vr < worst.v ? at(-0.5) : at(0.5);
      const vc = f(xc);
      if (vc < Math.min(vr, worst.v)) simplex[n] = { x: xc, v: vc };
      else
        simplex = simplex.map((s, i) =>
          i === 0
            ? s
            : {
                x: s.x.map((v, j) => best.x[j] + 0.5 * (v - best.x[j])),
                v: f(s.x.map((v, j) => best.x[j] + 0.5 * (v - best.x[j]))),
              },
        );
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { x: simplex[0].x, value: simplex[0].v };
}

/** Where the curves of two distances cross, by log-log interpolation between adjacent p values. */
export interface Crossing {
  readonly d1: number;
  readonly d2: number;
  readonly p: number;
}

/** Groups points by distance, each sorted by p. */
function byDistance(points: readonly RatePoint[]): Map<number, RatePoint[]> {
  const m = new Map<number, RatePoint[]>();
  for (const pt of points) {
    const l = m.get(pt.d) ?? [];
    l.push(pt);
    m.set(pt.d, l);
  }
  for (const l of m.values()) l.sort((a, b) => a.p - b.p);
  return new Map([...m.entries()].sort((a, b) => a[0] - b[0]));
}

/**
 * Crossings of the per-round logical error rate curves of consecutive distances: the p where
 * log ε_d2 − log ε_d1 changes sign, interpolated linearly in (log p, log ε). Points with zero
 * errors are skipped (their log is undefined).
 */
export function findCrossings(points: readonly RatePoint[]): Crossing[] {
  const groups = [...byDistance(points).entries()];
  const out: Crossing[] = [];
  for (let g = 0; g + 1 < groups.length; g++) {
    const [d1, a] = groups[g];
    const [d2, b] = groups[g + 1];
    const common = a
      .filter((x) => x.errors > 0 && b.some((y) => y.p === x.p && y.errors > 0))
      .map((x) => {
        const y = b.find((z) => z.p === x.p);
        return { p: x.p, diff: Math.log(pointRate(y ?? x).rate) - Math.log(pointRate(x).rate) };
      });
    for (let i = 0; i + 1 < common.length; i++) {
      const u = common[i];
      const v = common[i + 1];
      if (u.diff === 0) out.push({ d1, d2, p: u.p });
      else if (u.diff < 0 !== v.diff < 0 && v.diff !== 0) {
        const t = u.diff / (u.diff - v.diff);
        out.push({ d1, d2, p: Math.exp(Math.log(u.p) + t * (Math.log(v.p) - Math.log(u.p))) });
      }
    }
  }
  return out;
}

/** A threshold estimate with its uncertainty and how it was obtained. */
export interface ThresholdEstimate {
  readonly threshold: number;
  /** Standard deviation of the estimate over a parametric bootstrap of the binomial counts. */
  readonly sigma: number;
  /** Critical exponent ν of the scaling fit. */
  readonly nu: number;
  readonly crossings: readonly Crossing[];
  readonly method: string;
  /** Number of points used by the fit. */
  readonly numPoints: number;
}

/**
 * Weighted least squares for y ≈ Σ_k c_k f_k(x) (small normal equations, Gauss–Jordan inverse):
 * coefficients, their inverse normal matrix and the weighted χ². `rows[i]` holds f_k(x_i).
 */
export function weightedLeastSquares(
  rows: readonly number[][],
  ys: readonly number[],
  ws: readonly number[],
): { coef: number[]; cov: number[][]; chi2: number } {
  const m = rows[0]?.length ?? 0;
  const A = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  const b = new Array<number>(m).fill(0);
  rows.forEach((r, i) => {
    for (let j = 0; j < m; j++) {
      b[j] += ws[i] * r[j] * ys[i];
      for (let k = 0; k < m; k++) A[j][k] += ws[i] * r[j] * r[k];
    }
  });
  const inv = invert(A);
  const coef = inv.map((row) => row.reduce((s, v, k) => s + v * b[k], 0));
  let chi2 = 0;
  rows.forEach((r, i) => {
    const pred = r.reduce((s, v, k) => s + v * coef[k], 0);
    chi2 += ws[i] * (ys[i] - pred) ** 2;
  });
  return { coef, cov: inv, chi2 };
}

function invert(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    [m[c], m[piv]] = [m[piv], m[c]];
    const d = m[c][c] === 0 ? 1e-300 : m[c][c];
    for (let k = 0; k < 2 * n; k++) m[c][k] /= d;
    for (let r = 0; r < n; r++)
      if (r !== c) {
        const f = m[r][c];
        for (let k = 0; k < 2 * n; k++) m[r][k] -= f * m[c][k];
      }
  }
  return m.map((row) => row.slice(n));
}

/** χ² of the finite-size-scaling ansatz ε = A + Bx + Cx², x = (p − p_th) d^(1/ν), at (p_th, ν). */
function fssChi2(
  points: readonly { p: number; d: number; rate: number; sigma: number }[],
  pth: number,
  nu: number,
): number {
  if (!(pth > 0) || !(nu > 0.05) || !(nu < 20)) return Infinity;
  const rows = points.map((q) => {
    const x = (q.p - pth) * Math.pow(q.d, 1 / nu);
    return [1, x, x * x];
  });
  return weightedLeastSquares(
    rows,
    points.map((q) => q.rate),
    points.map((q) => 1 / (q.sigma * q.sigma)),
  ).chi2;
}

/**
 * Threshold by a finite-size scaling fit (Wang, Harrington & Preskill 2003): near threshold the
 * per-round logical error rate is a function of x = (p − p_th)·d^(1/ν) alone, fitted as a
 * quadratic A + Bx + Cx² by weighted least squares, with (p_th, ν) minimising χ² (Nelder–Mead)
 * from the mean curve crossing. Only points whose p lies within a factor `window` of the first
 * guess are used. The uncertainty is the standard deviation over `bootstrap` refits of
 * binomially resampled counts (a parametric bootstrap: each point's errors redrawn exactly from
 * Binomial(shots, errors/shots)), drawn from `rng`.
 *
 * Returns undefined when fewer than two distances or no crossing exist (then the data are all
 * below or all above threshold: say so rather than extrapolate).
 */
export function estimateThreshold(
  points: readonly RatePoint[],
  rng: Rng,
  options: { window?: number; bootstrap?: number } = {},
): ThresholdEstimate | undefined {
  const crossings = findCrossings(points);
  if (crossings.length === 0) return undefined;
  const guess = Math.exp(crossings.reduce((s, c) => s + Math.log(c.p), 0) / crossings.length);
  const window = options.window ?? 2;
  const near = points.filter((q) => q.p >= guess / window && q.p <= guess * window && q.shots > 0);
  const prepared = near.map((q) => ({ p: q.p, d: q.d, ...pointRate(q) }));
  if (new Set(near.map((q) => q.d)).size < 2 || near.length < 5)
    return {
      threshold: guess,
      sigma: NaN,
      nu: NaN,
      crossings,
      method: 'mean crossing (too few points for a scaling fit)',
      numPoints: near.length,
    };
  const fit = (data: typeof prepared): { pth: number; nu: number } => {
    const r = nelderMead((x) => fssChi2(data, x[0], x[1]), [guess, 1], [guess * 0.1, 0.3]);
    return { pth: r.x[0], nu: r.x[1] };
  };
  const best = fit(prepared);
  const B = options.bootstrap ?? 30;
  const samples: number[] = [];
  for (let b = 0; b < B; b++) {
    const resampled = near.map((q) => {
      const errors = sampleBinomial(q.shots, q.errors / q.shots, rng);
      return { p: q.p, d: q.d, ...pointRate({ ...q, errors }) };
    });
    const r = fit(resampled);
    if (Number.isFinite(r.pth)) samples.push(r.pth);
  }
  // A fit that leaves the sampled window or pins ν to its bounds is not a measurement: fall back
  // to the crossings and say so.
  const pMin = Math.min(...near.map((q) => q.p));
  const pMax = Math.max(...near.map((q) => q.p));
  if (!(best.pth >= pMin && best.pth <= pMax) || best.nu > 19 || best.nu < 0.06) {
    const logs = crossings.map((c) => Math.log(c.p));
    const m = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(logs.length - 1, 1));
    return {
      threshold: Math.exp(m),
      sigma: crossings.length > 1 ? Math.exp(m) * sd : NaN,
      nu: NaN,
      crossings,
      method: `mean of ${crossings.length} curve crossings (the scaling fit left the sampled range or hit a bound of ν; spread of the crossings as uncertainty)`,
      numPoints: near.length,
    };
  }
  const mean = samples.reduce((s, v) => s + v, 0) / Math.max(samples.length, 1);
  const sigma = Math.sqrt(samples.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(samples.length - 1, 1));
  return {
    threshold: best.pth,
    sigma,
    nu: best.nu,
    crossings,
    method: `finite-size scaling fit (quadratic in (p − p_th)·d^(1/ν)), ${near.length} points within ×${window} of the mean crossing, ${B} bootstrap refits`,
    numPoints: near.length,
  };
}

/** The error-suppression factor Λ = ε_d / ε_{d'} between consecutive measured distances at one p. */
export interface LambdaEstimate {
  readonly p: number;
  readonly d1: number;
  readonly d2: number;
  readonly lambda: number;
  /**
   * Range of Λ: the ratio of the extremes of the two per-round rates' likelihood intervals at
   * {@link LAMBDA_LIKELIHOOD_FACTOR} (each about ±1σ), i.e. [low_d/high_d', high_d/low_d']. Bounded,
   * because pairs whose per-shot interval reaches the saturation rate are left out.
   */
  readonly low: number;
  readonly high: number;
}

/** Likelihood-ratio factor of the rate intervals Λ ranges are built from: e^(1/2), about ±1σ. */
export const LAMBDA_LIKELIHOOD_FACTOR = Math.exp(0.5);

/**
 * Λ for every p measured at consecutive distances (per-round rates). Pairs are skipped when either
 * rate has no errors, or when either per-shot rate's interval reaches saturation (½ for one
 * observable, 1 − 2^−values in general): there the per-round rate is unbounded above and the
 * point carries no information about suppression.
 */
export function lambdaFactors(points: readonly RatePoint[]): LambdaEstimate[] {
  const groups = [...byDistance(points).entries()];
  const out: LambdaEstimate[] = [];
  for (let g = 0; g + 1 < groups.length; g++) {
    const [d1, a] = groups[g];
    const [d2, b] = groups[g + 1];
    for (const x of a) {
      const y = b.find((z) => z.p === x.p);
      if (y === undefined || x.errors === 0 || y.errors === 0) continue;
      const rx = perRoundRange(x);
      const ry = perRoundRange(y);
      if (rx === undefined || ry === undefined) continue;
      out.push({
        p: x.p,
        d1,
        d2,
        lambda: rx.rate / ry.rate,
        low: rx.low / ry.high,
        high: ry.low > 0 ? rx.high / ry.low : Infinity,
      });
    }
  }
  return out.sort((u, v) => u.p - v.p || u.d1 - v.d1);
}

/** A point's per-round rate and its ±1σ-like likelihood range; undefined when the range saturates. */
function perRoundRange(q: RatePoint): { rate: number; low: number; high: number } | undefined {
  const iv = likelihoodInterval(q.errors, q.shots, LAMBDA_LIKELIHOOD_FACTOR);
  const v = q.values ?? 1;
  if (iv.high >= 1 - Math.pow(0.5, v)) return undefined;
  const f = (e: number): number => perRoundRate(e, q.rounds, v);
  return { rate: f(iv.rate), low: f(iv.low), high: f(iv.high) };
}

/** Fit of ε_d ≈ A·(p/p_th)^((d+1)/2) (per round). */
export interface ScalingFit {
  readonly A: number;
  readonly pth: number;
  /** Standard errors of log A and log p_th from the weighted least-squares covariance. */
  readonly sigmaLogA: number;
  readonly sigmaLogPth: number;
  readonly numPoints: number;
  /** The ranges the fit saw, to flag extrapolation. */
  readonly minRate: number;
  readonly maxDistance: number;
}

/**
 * Fits ε_d ≈ A (p/p_th)^((d+1)/2) to points below threshold (those with errors > 0 and p below
 * `below`, default: all), by weighted linear least squares on log ε − ((d+1)/2)·log p =
 * log A − ((d+1)/2)·log p_th, weights from the binomial relative errors. Returns undefined with
 * fewer than two usable points or a single distance.
 */
export function fitSuppression(points: readonly RatePoint[], below = Infinity): ScalingFit | undefined {
  const use = points.filter((q) => q.errors > 0 && q.p < below);
  if (use.length < 2 || new Set(use.map((q) => q.d)).size < 2) return undefined;
  const rows: number[][] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const q of use) {
    const { rate, sigma } = pointRate(q);
    const h = (q.d + 1) / 2;
    rows.push([1, -h]);
    ys.push(Math.log(rate) - h * Math.log(q.p));
    ws.push((rate / sigma) ** 2);
  }
  const { coef, cov, chi2 } = weightedLeastSquares(rows, ys, ws);
  // Scale the covariance by the reduced χ² when the model does not fit within the binomial noise.
  const dof = Math.max(use.length - 2, 1);
  const scale = Math.max(1, chi2 / dof);
  return {
    A: Math.exp(coef[0]),
    pth: Math.exp(coef[1]),
    sigmaLogA: Math.sqrt(cov[0][0] * scale),
    sigmaLogPth: Math.sqrt(cov[1][1] * scale),
    numPoints: use.length,
    minRate: Math.min(...use.map((q) => pointRate(q).rate)),
    maxDistance: Math.max(...use.map((q) => q.d)),
  };
}

/** The smallest distance in `distances` whose predicted per-round rate A(p/p_th)^((d+1)/2) ≤ target. */
export function distanceForTarget(
  fit: ScalingFit,
  p: number,
  target: number,
  distances: readonly number[],
): number | undefined {
  if (p >= fit.pth) return undefined;
  for (const d of distances) if (fit.A * Math.pow(p / fit.pth, (d + 1) / 2) <= target) return d;
  return undefined;
}
