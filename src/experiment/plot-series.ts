import { ValidationError } from '../base/errors.js';
import type { Rng } from '../base/prng.js';
import { axisTitle, prettyKey, type ResultRecord } from './analysis.js';
import { estimateThreshold, lambdaFactors, pointRate, type RatePoint } from './fit.js';
import { lambdaPlotSpec, ratePlotSpec, type CurvePoint, type VegaLiteSpec } from './plots.js';
import { likelihoodInterval, perRoundEstimate } from './stats.js';

/**
 * Figures of `qec plot` (sinter's `plot` habits): any metadata key on x, series made of any keys
 * (metadata or `decoder`), one figure per combination of the remaining metadata. Pure: returns
 * Vega-Lite specs; rendering is the caller's.
 */

/** What a figure shows on y. */
export type PlotKind = 'rate' | 'lambda' | 'discard';

/** Choice of axes, series and labels of {@link plotFigures}. */
export interface PlotSelection {
  readonly kind: PlotKind;
  /** Metadata key on x; undefined: `p` when any record has it, else `nbar`. */
  readonly x?: string;
  /** Keys whose values make one series each: metadata keys or `decoder` (default `['d']`). */
  readonly group?: readonly string[];
  /** Title text replacing the one made from the figure's fixed metadata. */
  readonly title?: string;
  /** Fixed y range (both > 0, low < high); an end left undefined follows the data. */
  readonly yDomain?: readonly [number | undefined, number | undefined];
}

/** One figure: the metadata it fixes, its series labels in legend order, and its spec. */
export interface PlotFigure {
  /** `key=value` pairs every record of the figure shares (besides x, series and per-point keys). */
  readonly fixed: readonly (readonly [string, string])[];
  readonly series: readonly string[];
  readonly spec: VegaLiteSpec;
}

/** Keys that vary from point to point of one curve and never split figures (rounds, qubits, observables). */
const PER_POINT = new Set(['r', 'qubits', 'k']);

/** Other spellings of metadata keys as users type them. */
export const KEY_ALIASES: Readonly<Record<string, string>> = { distance: 'd', rounds: 'r' };

const canonKey = (k: string): string => KEY_ALIASES[k] ?? k;

const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

const valueOf = (r: ResultRecord, key: string): unknown => (key === 'decoder' ? r.decoder : r.metadata[key]);

const show = (v: unknown): string => (v === undefined ? '?' : typeof v === 'string' ? v : JSON.stringify(v));

/** Orders values numerically when both are numbers, else as text. */
function compareValues(a: unknown, b: unknown): number {
  const x = num(a);
  const y = num(b);
  if (x !== undefined && y !== undefined) return x - y;
  return show(a) < show(b) ? -1 : show(a) > show(b) ? 1 : 0;
}

/** A series label: `decoder` values as they are, other keys as `key=value` (`mwpm d=5`). */
function seriesLabel(keys: readonly string[], r: ResultRecord): string {
  return keys.map((k) => (k === 'decoder' ? r.decoder : `${prettyKey(k)}=${show(valueOf(r, k))}`)).join(' ');
}

/** A title from a figure's fixed values: code and task, noise with its parameters, decoder. */
function figureTitle(fixed: readonly (readonly [string, string])[]): string {
  const get = (k: string): string | undefined => fixed.find(([a]) => a === k)?.[1];
  const head = [get('code'), get('task')].filter((s) => s !== undefined).join(' ');
  const noise = get('noise');
  const params = fixed
    .filter(([k]) => !['code', 'task', 'noise', 'decoder'].includes(k))
    .map(([k, v]) => `${prettyKey(k)} = ${v}`);
  const parts = [
    head,
    noise !== undefined ? `${noise} noise` : '',
    params.join(', '),
    get('decoder') ?? '',
  ].filter((s) => s !== '');
  return parts.length > 0 ? parts.join(' · ') : 'all results';
}

/** Splits records into figures by every metadata key that is neither x, a series key nor per-point. */
function partition(
  records: readonly ResultRecord[],
  used: ReadonlySet<string>,
): { fixed: [string, string][]; records: ResultRecord[] }[] {
  const figures = new Map<string, { fixed: [string, string][]; records: ResultRecord[] }>();
  for (const r of records) {
    const fixed: [string, string][] = Object.entries(r.metadata)
      .filter(([k]) => !used.has(k) && !PER_POINT.has(k))
      .map(([k, v]): [string, string] => [k, show(v)]);
    if (!used.has('decoder')) fixed.push(['decoder', r.decoder]);
    fixed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const key = JSON.stringify(fixed);
    const f = figures.get(key) ?? { fixed, records: [] };
    f.records.push(r);
    figures.set(key, f);
  }
  return [...figures.values()];
}

/** Whether x reads best on a log axis: always for p, else when the values span a decade. */
function logX(key: string, xs: readonly number[]): boolean {
  if (key === 'p') return true;
  const pos = xs.every((v) => v > 0);
  return pos && xs.length > 0 && Math.max(...xs) / Math.min(...xs) >= 10;
}

/** A curve's records merged per (x, distance, rounds, observables): counts add. */
interface Merged extends RatePoint {
  readonly discards: number;
  readonly total: number;
}

function mergePoints(records: readonly ResultRecord[], xKey: string): Merged[] {
  const out = new Map<string, Merged>();
  for (const r of records) {
    const m = r.metadata;
    const x = num(valueOf(r, xKey));
    if (x === undefined) continue;
    const pt: Merged = {
      p: x,
      d: num(m.d) ?? 0,
      rounds: num(m.r) ?? 1,
      values: num(m.k) ?? 1,
      // Rates are over the kept shots (sinter: errors / (shots − discards)).
      shots: r.stats.shots - r.stats.discards,
      errors: r.stats.errors,
      discards: r.stats.discards,
      total: r.stats.shots,
    };
    const k = `${pt.p}|${pt.d}|${pt.rounds}|${pt.values}`;
    const prev = out.get(k);
    out.set(
      k,
      prev === undefined
        ? pt
        : {
            ...prev,
            shots: prev.shots + pt.shots,
            errors: prev.errors + pt.errors,
            discards: prev.discards + pt.discards,
            total: prev.total + pt.total,
          },
    );
  }
  return [...out.values()].sort((a, b) => a.p - b.p || a.d - b.d);
}

/**
 * The figures of `records` for a selection: one per combination of the metadata that is neither
 * x, a series key nor per-point (`r`, `qubits`, `k`), each with one series per combination of
 * the `group` keys. Rates are per round over kept shots with likelihood-ratio bands; discard rates
 * are per shot; Λ pairs consecutive distances within a series (so `d` is never a figure key for Λ).
 * The threshold crossing is marked when series are the distances and x is `p`.
 * @throws ValidationError when no record carries the x key (naming the keys that exist).
 */
export function plotFigures(records: readonly ResultRecord[], sel: PlotSelection, rng: Rng): PlotFigure[] {
  const group = (sel.group ?? ['d']).map(canonKey);
  const xKey =
    sel.x !== undefined
      ? canonKey(sel.x)
      : records.some((r) => num(r.metadata.p) !== undefined)
        ? 'p'
        : 'nbar';
  const usable = records.filter((r) => num(valueOf(r, xKey)) !== undefined);
  if (usable.length === 0) {
    const keys = [...new Set(records.flatMap((r) => Object.keys(r.metadata)))].sort();
    throw new ValidationError(
      `no results with a numeric metadata value '${xKey}' for x (keys present: ${keys.join(', ') || 'none'})`,
      { field: 'x' },
    );
  }
  const seriesKeys = sel.kind === 'lambda' ? group.filter((k) => k !== 'd') : group;
  const used = new Set([xKey, ...group, ...(sel.kind === 'lambda' ? ['d'] : [])]);
  const figures: PlotFigure[] = [];
  for (const f of partition(usable, used)) {
    const bySeries = new Map<string, { sample: ResultRecord; records: ResultRecord[] }>();
    for (const r of f.records) {
      const label = seriesLabel(seriesKeys, r);
      const s = bySeries.get(label) ?? { sample: r, records: [] };
      s.records.push(r);
      bySeries.set(label, s);
    }
    const series = [...bySeries.entries()].sort(([, a], [, b]) => {
      for (const k of seriesKeys) {
        const c = compareValues(valueOf(a.sample, k), valueOf(b.sample, k));
        if (c !== 0) return c;
      }
      return 0;
    });
    const spec = figureSpec(sel, xKey, group, f.fixed, series, rng);
    if (spec !== undefined) figures.push({ fixed: f.fixed, series: spec.series, spec: spec.spec });
  }
  if (figures.length === 0)
    throw new ValidationError(
      `nothing to plot for kind ${sel.kind} (Λ needs two distances with errors at the same ${xKey})`,
      { field: 'kind' },
    );
  return figures;
}

function figureSpec(
  sel: PlotSelection,
  xKey: string,
  group: readonly string[],
  fixed: readonly (readonly [string, string])[],
  series: readonly (readonly [string, { records: ResultRecord[] }])[],
  rng: Rng,
): { spec: VegaLiteSpec; series: string[] } | undefined {
  const title = sel.title ?? figureTitle(fixed);
  const what = sel.title !== undefined && fixed.length > 0 ? `${figureTitle(fixed)}; ` : '';
  const merged = series.map(([label, s]) => ({ label, points: mergePoints(s.records, xKey) }));
  const xLog = logX(
    xKey,
    merged.flatMap((s) => s.points.map((q) => q.p)),
  );
  if (sel.kind === 'lambda') {
    const pts = merged.flatMap((s) =>
      lambdaFactors(s.points).map((l) => ({
        x: l.p,
        lambda: l.lambda,
        low: l.low,
        high: l.high,
        group: `${s.label} d=${l.d1}→${l.d2}`.trim(),
      })),
    );
    if (pts.length === 0) return undefined;
    return {
      series: [...new Set(pts.map((q) => q.group))],
      spec: lambdaPlotSpec(pts, {
        title: sel.title ?? `Λ · ${title}`,
        subtitle: `${what}error suppression per distance step; Λ > 1: larger codes do better; bars ≈ ±1σ`,
        xTitle: axisTitle(xKey),
        xLog,
        yDomain: sel.yDomain,
      }),
    };
  }
  const pts: CurvePoint[] = [];
  for (const s of merged)
    for (const q of s.points) {
      if (sel.kind === 'discard') {
        if (q.total === 0) continue;
        const iv = likelihoodInterval(q.discards, q.total);
        pts.push({ x: q.p, rate: q.discards / q.total, low: iv.low, high: iv.high, group: s.label });
        continue;
      }
      if (q.shots === 0) continue;
      const iv = perRoundEstimate(likelihoodInterval(q.errors, q.shots), q.rounds, q.values ?? 1);
      pts.push({ x: q.p, rate: pointRate(q).rate, low: iv.low, high: iv.high, group: s.label });
    }
  if (pts.length === 0) return undefined;
  const th =
    sel.kind === 'rate' && xKey === 'p' && group.length === 1 && group[0] === 'd'
      ? estimateThreshold(
          merged.flatMap((s) => s.points),
          rng,
        )
      : undefined;
  const yTitle = sel.kind === 'discard' ? 'discard rate per shot' : 'logical error rate per round';
  return {
    series: [...new Set(pts.map((q) => q.group))],
    spec: ratePlotSpec(pts, {
      title,
      subtitle: `${what}${yTitle}; bands: likelihood-ratio intervals (factor 1000)`,
      xTitle: axisTitle(xKey),
      yTitle,
      yDomain: sel.yDomain,
      markers:
        th !== undefined
          ? [{ x: th.threshold, label: `threshold ≈ ${th.threshold.toPrecision(3)} (crossing)` }]
          : [],
      xLog,
    }),
  };
}
