import type { Rng } from '../base/prng.js';
import { codeFamily } from '../codes/code-families.js';
import { catRates, noiseFamily } from '../noise/noise-models.js';
import {
  distanceForTarget,
  estimateThreshold,
  fitSuppression,
  lambdaFactors,
  pointRate,
  type LambdaEstimate,
  type RatePoint,
  type ScalingFit,
  type ThresholdEstimate,
} from './fit.js';
import {
  footprintPlotSpec,
  lambdaPlotSpec,
  ratePlotSpec,
  type CurvePoint,
  type VegaLiteSpec,
} from './plots.js';
import { likelihoodInterval, perRoundEstimate, type TaskStats } from './stats.js';

/** One task's merged results with the metadata that says what it measured. */
export interface ResultRecord {
  readonly stats: TaskStats;
  readonly decoder: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Results of one family of curves: same code, task, noise model (other than its x parameter) and decoder. */
export interface CurveGroup {
  readonly label: string;
  readonly code: string;
  readonly noise: string;
  readonly decoder: string;
  /** The swept parameter (`p` for most models, `nbar` for cat noise). */
  readonly xKey: string;
  readonly points: readonly RatePoint[];
  /** Threshold of the per-round logical error rates. */
  readonly threshold: ThresholdEstimate | undefined;
  /** Threshold of the per-shot rates (rounds as generated, e.g. rounds = d), the convention of many papers. */
  readonly thresholdPerShot: ThresholdEstimate | undefined;
  readonly lambdas: readonly LambdaEstimate[];
  readonly fit: ScalingFit | undefined;
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : undefined;

/**
 * Groups records into curves: records share a group when their metadata agree on everything but
 * the distance, rounds, qubit count and the swept parameter (`p`, or `nbar` for the cat model).
 * Records without a distance are skipped (they are not part of a sweep).
 */
export function groupCurves(records: readonly ResultRecord[], rng: Rng): CurveGroup[] {
  const groups = new Map<string, { rec: ResultRecord; xKey: string }[]>();
  for (const rec of records) {
    const m = rec.metadata;
    if (num(m.d) === undefined) continue;
    const xKey = m.noise === 'cat' ? 'nbar' : 'p';
    if (num(m[xKey]) === undefined) continue;
    const rest = Object.entries(m)
      .filter(([k]) => !['d', 'r', 'k', 'qubits', xKey].includes(k))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ');
    const key = `${rest} decoder=${rec.decoder}`;
    const l = groups.get(key) ?? [];
    l.push({ rec, xKey });
    groups.set(key, l);
  }
  const out: CurveGroup[] = [];
  for (const [label, items] of groups) {
    const xKey = items[0].xKey;
    const merged = new Map<string, RatePoint>();
    for (const { rec } of items) {
      const m = rec.metadata;
      const pt: RatePoint = {
        p: num(m[xKey]) ?? 0,
        d: num(m.d) ?? 0,
        rounds: num(m.r) ?? 1,
        values: num(m.k) ?? 1,
        // Rates are over the kept shots (sinter: errors / (shots − discards)).
        shots: rec.stats.shots - rec.stats.discards,
        errors: rec.stats.errors,
      };
      const k = `${pt.p}|${pt.d}|${pt.rounds}`;
      const prev = merged.get(k);
      merged.set(
        k,
        prev === undefined ? pt : { ...prev, shots: prev.shots + pt.shots, errors: prev.errors + pt.errors },
      );
    }
    const points = [...merged.values()].sort((a, b) => a.d - b.d || a.p - b.p);
    const m0 = items[0].rec.metadata;
    // For the cat model larger n̄ is better: fit in 1/n̄ would be needed for thresholds; only Λ applies.
    const threshold = xKey === 'p' ? estimateThreshold(points, rng) : undefined;
    const thresholdPerShot =
      xKey === 'p'
        ? estimateThreshold(
            points.map((q) => ({ ...q, rounds: 1 })),
            rng,
          )
        : undefined;
    const fit = xKey === 'p' ? fitSuppression(points, threshold?.threshold ?? Infinity) : undefined;
    out.push({
      label,
      code: typeof m0.code === 'string' ? m0.code : '?',
      noise: typeof m0.noise === 'string' ? m0.noise : '?',
      decoder: items[0].rec.decoder,
      xKey,
      points,
      threshold,
      thresholdPerShot,
      lambdas: lambdaFactors(points),
      fit,
    });
  }
  return out;
}

/** One row of the footprint table. */
export interface FootprintRow {
  readonly group: string;
  readonly code: string;
  readonly p: number;
  readonly target: number;
  readonly distance: number | undefined;
  readonly qubits: number | undefined;
  /** The distances the answer was chosen from, in words (e.g. `odd d ≥ 3, as measured`). */
  readonly allowed: string;
  /** Why there is no answer, or a caveat (extrapolation beyond the measured data). */
  readonly note: string;
}

/**
 * The distances a footprint may answer with: those the code family accepts, and of the parity
 * of the measured distances when they all share one (the fit ε ∝ (p/p_th)^((d+1)/2) describes
 * the distances it was fitted on; an even repetition distance is not one the study measured).
 */
export function allowedDistances(
  check: (d: number) => string | undefined,
  measured: readonly number[],
  max = 1001,
): { distances: number[]; description: string } {
  const parities = new Set(measured.map((d) => d % 2));
  const parity = parities.size === 1 ? [...parities][0] : undefined;
  const distances: number[] = [];
  for (let d = 2; d <= max; d++)
    if (check(d) === undefined && (parity === undefined || d % 2 === parity)) distances.push(d);
  const min = distances[0] ?? 0;
  const kind = parity === 1 ? 'odd ' : parity === 0 ? 'even ' : '';
  return {
    distances,
    description: `${kind}d ≥ ${min}${parity !== undefined ? ', as measured' : ''}`,
  };
}

/**
 * The smallest distance and the physical qubits per logical qubit for each fitted curve group to
 * reach `target` per round at physical rate `p`, from ε_d ≈ A (p/p_th)^((d+1)/2). Flags
 * extrapolation (distance above the largest measured, or target below the smallest measured rate).
 */
export function footprint(groups: readonly CurveGroup[], p: number, target: number): FootprintRow[] {
  const rows: FootprintRow[] = [];
  for (const g of groups) {
    if (g.xKey !== 'p') continue;
    const fam = codeFamily(g.code);
    const allowed = allowedDistances(
      (d) => fam.checkDistance(d),
      g.points.map((q) => q.d),
    );
    const base = { group: groupTitle(g), code: g.code, p, target, allowed: allowed.description };
    if (g.fit === undefined) {
      rows.push({
        ...base,
        distance: undefined,
        qubits: undefined,
        note: 'no fit (need ≥ 2 distances with errors below threshold)',
      });
      continue;
    }
    const d = distanceForTarget(g.fit, p, target, allowed.distances);
    if (d === undefined) {
      rows.push({
        ...base,
        distance: undefined,
        qubits: undefined,
        note:
          p >= g.fit.pth ? `p is above the fitted threshold ${g.fit.pth.toPrecision(3)}` : 'needs d > 1001',
      });
      continue;
    }
    const notes: string[] = [];
    if (d > g.fit.maxDistance) notes.push(`extrapolated beyond measured d ≤ ${g.fit.maxDistance}`);
    if (target < g.fit.minRate)
      notes.push(`extrapolated below measured rates ≥ ${g.fit.minRate.toExponential(1)}`);
    if (!g.points.some((q) => q.p === p)) notes.push('p not measured: from the fit');
    if (g.code === 'repetition')
      notes.push(
        'corrects one error type only: logical flips from the other type (≈ n·p/(η+1) per operation for biased noise) are not included',
      );
    rows.push({ ...base, distance: d, qubits: fam.numQubits(d), note: notes.join('; ') });
  }
  return rows;
}

/** Rate curves (per round, likelihood-ratio intervals) of a group as plot points. */
export function curvePoints(g: CurveGroup): CurvePoint[] {
  return g.points.map((q) => {
    const iv = perRoundEstimate(likelihoodInterval(q.errors, q.shots), q.rounds, q.values ?? 1);
    return { x: q.p, rate: pointRate(q).rate, low: iv.low, high: iv.high, group: `d=${q.d}` };
  });
}

/** Display name of a metadata key or value: `eta` is the noise bias η, `nbar` the mean photon number. */
export function prettyKey(k: string): string {
  return k === 'eta' ? 'η' : k === 'nbar' ? 'n̄' : k === 'k1k2' ? 'κ1/κ2' : k;
}

/** A short title of a group: code and task, noise with its fixed parameters, decoder. */
export function groupTitle(g: CurveGroup): string {
  const parts = g.label.split(' ').filter((kv) => !/^(code|task|noise|decoder)=/.test(kv));
  const task = /(?:^| )task=([^ ]+)/.exec(g.label)?.[1];
  const params = parts.map((kv) => {
    const [k, v] = kv.split('=');
    return `${prettyKey(k)} = ${v}`;
  });
  return `${g.code}${task !== undefined ? ` ${task}` : ''} · ${g.noise} noise${params.length > 0 ? ` (${params.join(', ')})` : ''} · ${g.decoder}`;
}

/** Axis title of a swept key (ASCII-safe where PNG fonts lack combining marks: n̄ is written |α|²). */
export function axisTitle(key: string): string {
  return key === 'p' ? 'physical error rate p' : key === 'nbar' ? 'mean photon number |α|²' : key;
}

/** Plot specs for a group: rate vs x per distance (threshold marked), and Λ vs x. */
export function groupPlots(g: CurveGroup): { rates: VegaLiteSpec; lambda: VegaLiteSpec } {
  const title = groupTitle(g);
  const markers =
    g.threshold !== undefined
      ? [
          {
            x: g.threshold.threshold,
            label: `threshold ≈ ${g.threshold.threshold.toPrecision(3)} (crossing)`,
          },
        ]
      : [];
  const xLog = g.xKey !== 'nbar';
  return {
    rates: ratePlotSpec(curvePoints(g), {
      title,
      subtitle: 'logical error rate per round; bands: likelihood-ratio intervals (factor 1000)',
      xTitle: axisTitle(g.xKey),
      yTitle: 'logical error rate per round',
      markers,
      xLog,
    }),
    lambda: lambdaPlotSpec(
      g.lambdas.map((l) => ({
        x: l.p,
        lambda: l.lambda,
        low: l.low,
        high: l.high,
        group: `d=${l.d1}→${l.d2}`,
      })),
      {
        title: `Λ · ${title}`,
        subtitle: 'error suppression per distance step; Λ > 1: larger codes do better; bars ≈ ±1σ',
        xTitle: axisTitle(g.xKey),
        xLog,
      },
    ),
  };
}

/** The footprint plot over a range of targets for every fitted group. */
export function footprintPlot(
  groups: readonly CurveGroup[],
  p: number,
  targets: readonly number[],
): VegaLiteSpec {
  const pts: { target: number; qubits: number; group: string; extrapolated: boolean }[] = [];
  for (const t of targets)
    for (const r of footprint(groups, p, t))
      if (r.qubits !== undefined)
        pts.push({
          target: t,
          qubits: r.qubits,
          group: r.group,
          extrapolated: r.note.includes('extrapolated'),
        });
  return footprintPlotSpec(pts, `at p = ${p}; distances from the fit ε_d ≈ A (p/p_th)^((d+1)/2)`);
}

/** The cat-qubit table of one cat-noise curve group (see {@link catFootprints}). */
export interface CatFootprintGroup {
  readonly group: string;
  readonly rows: readonly CatFootprintRow[];
}

/**
 * The cat-qubit tables of every cat-noise group, as `qec study` reports them and the service's
 * analysis answers them: {@link catFootprint} with the cat model's bit-flip rate p_X = A·exp(−2n̄)
 * (`catRates`), where A is the group's own `bitflip` prefactor (the model's default when its tasks
 * did not set it). p_X depends on nothing else (not on κ1/κ2 or the gate times).
 */
export function catFootprints(groups: readonly CurveGroup[], target: number): CatFootprintGroup[] {
  const defaultA = noiseFamily('cat').params.find((q) => q.name === 'bitflip')?.default;
  return groups
    .filter((g) => g.noise === 'cat')
    .map((g) => {
      const a = Number(/(?:^| )bitflip=([^ ]+)/.exec(g.label)?.[1] ?? defaultA);
      return { group: g.label, rows: catFootprint(g, target, (nbar) => catRates(nbar, 0, 1, a).x) };
    });
}

/** One row of the cat-qubit table: at fixed n̄, the repetition distance reaching a target. */
export interface CatFootprintRow {
  readonly nbar: number;
  /** Per-round phase-flip logical error rate suppression per distance step (fitted). */
  readonly lambda: number | undefined;
  readonly distance: number | undefined;
  readonly qubits: number | undefined;
  /**
   * Logical bit-flip rate per round 1 − (1 − p_X)^(2d−1) ≈ (2d − 1)·p_X (the repetition code does not correct bit
   * flips), from the model, at the distance that suppresses phase flips to the target.
   */
  readonly bitFlipFloor: number | undefined;
  readonly note: string;
}

/**
 * For each n̄ of a cat-noise repetition-code group: fits log ε_d = a − b·d over the measured
 * distances, extrapolates the distance where the phase-flip logical rate reaches `target`, and
 * states the bit-flip floor ≈ (2d−1)·p_X per round that the outer repetition code cannot remove
 * (`pX(nbar)` supplies the model's bit-flip rate). Says when it extrapolates.
 */
export function catFootprint(g: CurveGroup, target: number, pX: (nbar: number) => number): CatFootprintRow[] {
  const byNbar = new Map<number, RatePoint[]>();
  for (const q of g.points) byNbar.set(q.p, [...(byNbar.get(q.p) ?? []), q]);
  const rows: CatFootprintRow[] = [];
  for (const [nbar, pts] of [...byNbar.entries()].sort((a, b) => a[0] - b[0])) {
    const use = pts.filter((q) => q.errors > 0);
    if (use.length < 2) {
      rows.push({
        nbar,
        lambda: undefined,
        distance: undefined,
        qubits: undefined,
        bitFlipFloor: undefined,
        note: 'fewer than two distances with errors',
      });
      continue;
    }
    // Weighted least squares of log ε on d.
    let sw = 0,
      sx = 0,
      sy = 0,
      sxx = 0,
      sxy = 0;
    for (const q of use) {
      const { rate, sigma } = pointRate(q);
      const w = (rate / sigma) ** 2;
      const y = Math.log(rate);
      sw += w;
      sx += w * q.d;
      sy += w * y;
      sxx += w * q.d * q.d;
      sxy += w * q.d * y;
    }
    const slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
    const icpt = (sy - slope * sx) / sw;
    const lambda = Math.exp(-2 * slope);
    if (!(slope < 0)) {
      rows.push({
        nbar,
        lambda,
        distance: undefined,
        qubits: undefined,
        bitFlipFloor: undefined,
        note: 'no suppression with distance at this n̄',
      });
      continue;
    }
    let d = 3;
    while (d < 100001 && icpt + slope * d > Math.log(target)) d += 2;
    const maxD = Math.max(...use.map((q) => q.d));
    // The chance that any of the 2d − 1 cat qubits flips in a round: (2d − 1)·p_X to first
    // order, and a probability (never above 1) where p_X is large.
    const floor = -Math.expm1((2 * d - 1) * Math.log1p(-Math.min(pX(nbar), 1)));
    // The floor grows with d, so if it already exceeds the target at the smallest distance that
    // suppresses phase flips enough, no distance reaches the target at this n̄.
    if (floor > target) {
      rows.push({
        nbar,
        lambda,
        distance: undefined,
        qubits: undefined,
        bitFlipFloor: floor,
        note: `unreachable at n̄ = ${nbar}: phase flips need d = ${d}, where the bit-flip floor ${floor.toExponential(1)} already exceeds the target (it grows with d); increase n̄`,
      });
      continue;
    }
    const notes: string[] = [];
    if (d > maxD) notes.push(`extrapolated beyond measured d ≤ ${maxD}`);
    rows.push({ nbar, lambda, distance: d, qubits: 2 * d - 1, bitFlipFloor: floor, note: notes.join('; ') });
  }
  return rows;
}
