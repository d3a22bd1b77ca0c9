/**
 * Plot specifications as Vega-Lite JSON (pure data: rendered to SVG/PNG by `src/node/render.ts`
 * in Node, or interactively by vega-embed in a browser). Log-log axes, one colour per group,
 * confidence bands from the binomial intervals.
 */

/** A Vega-Lite top-level specification (JSON). */
export type VegaLiteSpec = Record<string, unknown>;

/** One point of a rate curve with its interval. */
export interface CurvePoint {
  readonly x: number;
  readonly rate: number;
  readonly low: number;
  readonly high: number;
  /** Series label, e.g. `d=5` or `rotated-surface d=5`. */
  readonly group: string;
}

const BASE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  width: 520,
  height: 360,
  background: 'white',
  config: {
    axis: { grid: true, labelFontSize: 11, titleFontSize: 13 },
    legend: { labelFontSize: 11, labelLimit: 480 },
  },
};

/**
 * Logical error rate vs a physical parameter, one line per group, with the interval as a band.
 * Zero rates are dropped from the log axis (their upper bound is still shown as the band).
 */
export function ratePlotSpec(
  points: readonly CurvePoint[],
  opts: { title: string; xTitle: string; yTitle: string },
): VegaLiteSpec {
  // Axis ranges follow the data: the band of a point with no errors reaches down to a tenth of the
  // smallest measured rate, not to zero (which a log axis cannot show).
  const positive = points.map((p) => (p.rate > 0 ? p.rate : p.high)).filter((v) => v > 0);
  const yMin = Math.max(1e-15, Math.min(...positive, 1) / 10);
  const yMax = Math.min(1, Math.max(...points.map((p) => p.high), yMin * 10) * 1.5);
  const xs = points.map((p) => p.x).filter((v) => v > 0);
  const xDomain = xs.length > 0 ? [Math.min(...xs) / 1.15, Math.max(...xs) * 1.15] : undefined;
  const values = points.map((p) => ({ ...p, low: Math.max(p.low, yMin), rate: p.rate > 0 ? p.rate : null }));
  const x = {
    field: 'x',
    type: 'quantitative',
    scale: { type: 'log', domain: xDomain, nice: false },
    title: opts.xTitle,
  };
  const yScale = { type: 'log', domain: [yMin, yMax], nice: false };
  const color = { field: 'group', type: 'nominal', title: null, sort: null };
  return {
    ...BASE,
    title: opts.title,
    data: { values },
    layer: [
      {
        mark: { type: 'area', opacity: 0.2 },
        encoding: {
          x,
          y: { field: 'low', type: 'quantitative', scale: yScale, title: opts.yTitle },
          y2: { field: 'high' },
          color,
        },
      },
      {
        mark: { type: 'line', point: true },
        transform: [{ filter: 'datum.rate !== null' }],
        encoding: { x, y: { field: 'rate', type: 'quantitative', scale: yScale }, color },
      },
    ],
  };
}

/** Λ vs p with ±1σ error bars, one series per distance pair. */
export function lambdaPlotSpec(
  points: readonly { p: number; lambda: number; sigma: number; group: string }[],
): VegaLiteSpec {
  const values = points.map((q) => ({
    ...q,
    lo: Math.max(q.lambda - q.sigma, 1e-3),
    hi: q.lambda + q.sigma,
  }));
  const x = { field: 'p', type: 'quantitative', scale: { type: 'log' }, title: 'physical error rate p' };
  const color = { field: 'group', type: 'nominal', title: null };
  return {
    ...BASE,
    title: 'Error suppression factor Λ = ε_d / ε_(d+2)',
    data: { values },
    layer: [
      { mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' }, encoding: { y: { datum: 1 } } },
      {
        mark: 'errorbar',
        encoding: {
          x,
          y: { field: 'lo', type: 'quantitative', scale: { type: 'log' }, title: 'Λ' },
          y2: { field: 'hi' },
          color,
        },
      },
      {
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'lambda', type: 'quantitative', scale: { type: 'log' } }, color },
      },
    ],
  };
}

/** Physical qubits per logical qubit vs the target logical error rate per round, one line per family. */
export function footprintPlotSpec(
  points: readonly { target: number; qubits: number; group: string; extrapolated: boolean }[],
): VegaLiteSpec {
  return {
    ...BASE,
    title: 'Physical qubits per logical qubit',
    data: { values: points },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'target',
        type: 'quantitative',
        scale: { type: 'log', reverse: true },
        title: 'target logical error rate per round',
      },
      y: { field: 'qubits', type: 'quantitative', scale: { type: 'log' }, title: 'physical qubits' },
      color: { field: 'group', type: 'nominal', title: null },
      strokeDash: { field: 'extrapolated', type: 'nominal', title: 'extrapolated' },
    },
  };
}
