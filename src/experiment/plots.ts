/**
 * Plot specifications as Vega-Lite JSON (pure data: rendered to SVG/PNG by `src/node/render.ts`
 * in Node, or interactively by vega-embed in a browser). Log-log axes with ticks as 1e-6, one
 * colour per series, confidence bands from the binomial intervals.
 */

/** A Vega-Lite top-level specification (JSON). */
export type VegaLiteSpec = Record<string, unknown>;

/** One point of a rate curve with its interval. */
export interface CurvePoint {
  readonly x: number;
  readonly rate: number;
  readonly low: number;
  readonly high: number;
  /** Series label, e.g. `d=5` or `mwpm d=5`. */
  readonly group: string;
}

/** A vertical marker on the x axis (e.g. a threshold estimate), labelled. */
export interface XMarker {
  readonly x: number;
  readonly label: string;
}

const BASE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  width: 520,
  height: 340,
  background: 'white',
  config: {
    axis: { grid: true, labelFontSize: 11, titleFontSize: 13 },
    legend: { labelFontSize: 11, labelLimit: 480 },
    title: { fontSize: 14, subtitleFontSize: 11, anchor: 'start' },
  },
};

/** Log-axis tick labels in scientific notation (1e-6, 2e-6), never as long decimals. */
const LOG_FORMAT = '~e';

/**
 * The colour channel of a series field: Vega's ten-colour default palette, or twenty colours
 * when there are more than ten series (so that no two series share a colour).
 */
function seriesColor(groups: readonly string[]): Record<string, unknown> {
  const n = new Set(groups).size;
  return {
    field: 'group',
    type: 'nominal',
    title: null,
    sort: null,
    ...(n > 10 ? { scale: { scheme: 'category20' } } : {}),
  };
}

/**
 * A y range from the ends the user fixed and the ends the data suggest; when only one end is
 * fixed and the data's other end falls on the wrong side of it, the range spans one decade.
 */
function yRange(
  given: readonly [number | undefined, number | undefined] | undefined,
  autoMin: number,
  autoMax: number,
): [number, number] {
  const lo = given?.[0];
  const hi = given?.[1];
  if (lo !== undefined && hi !== undefined) return [lo, hi];
  if (lo !== undefined) return [lo, autoMax > lo ? autoMax : lo * 10];
  if (hi !== undefined) return [autoMin < hi ? autoMin : hi / 10, hi];
  return [autoMin, autoMax];
}

/** Options of {@link ratePlotSpec}. */
export interface RatePlotOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly xTitle: string;
  readonly yTitle: string;
  /** Fixed y range (both > 0); an end left undefined follows the data. */
  readonly yDomain?: readonly [number | undefined, number | undefined];
  /** Vertical markers, e.g. the threshold. */
  readonly markers?: readonly XMarker[];
  /** Log x axis (default true); false for keys like n̄ spanning less than a decade. */
  readonly xLog?: boolean;
}

/**
 * Logical error rate (or discard rate) vs a parameter, one line per series, with the interval as
 * a band. Zero rates are dropped from the log axis (their upper bound is still shown as the band).
 */
export function ratePlotSpec(points: readonly CurvePoint[], opts: RatePlotOptions): VegaLiteSpec {
  // Axis ranges follow the data: the band of a point with no errors reaches down to a tenth of the
  // smallest measured rate, not to zero (which a log axis cannot show).
  const positive = points.map((p) => (p.rate > 0 ? p.rate : p.high)).filter((v) => v > 0);
  const autoMin = Math.max(1e-15, Math.min(...positive, 1) / 10);
  const [yMin, yMax] = yRange(
    opts.yDomain,
    autoMin,
    Math.min(1, Math.max(...points.map((p) => p.high), autoMin * 10) * 1.5),
  );
  const xLog = opts.xLog ?? true;
  const xs = points.map((p) => p.x).filter((v) => !xLog || v > 0);
  const xDomain =
    xs.length === 0
      ? undefined
      : xLog
        ? [Math.min(...xs) / 1.15, Math.max(...xs) * 1.15]
        : [
            Math.min(...xs) - 0.05 * (Math.max(...xs) - Math.min(...xs) || 1),
            Math.max(...xs) + 0.05 * (Math.max(...xs) - Math.min(...xs) || 1),
          ];
  const values = points.map((p) => ({
    ...p,
    low: Math.min(Math.max(p.low, yMin), yMax),
    high: Math.min(p.high, yMax),
    rate: p.rate > 0 ? p.rate : null,
  }));
  const x = {
    field: 'x',
    type: 'quantitative',
    scale: xLog ? { type: 'log', domain: xDomain, nice: false } : { domain: xDomain, nice: false },
    axis: xLog ? { format: LOG_FORMAT } : {},
    title: opts.xTitle,
  };
  const yScale = { type: 'log', domain: [yMin, yMax], nice: false, clamp: true };
  const yAxis = { format: LOG_FORMAT };
  const color = seriesColor(points.map((p) => p.group));
  const markers = (opts.markers ?? []).filter((m) => Number.isFinite(m.x));
  const layer: unknown[] = [
    {
      mark: { type: 'area', opacity: 0.15 },
      encoding: {
        x,
        y: { field: 'low', type: 'quantitative', scale: yScale, axis: yAxis, title: opts.yTitle },
        y2: { field: 'high' },
        // A separate fill scale (same categories, same palette) keeps the pale band out of the
        // legend, which then shows the series' line colour.
        fill: { ...color, legend: null },
      },
    },
    {
      mark: { type: 'line', point: { filled: true, size: 40 }, strokeWidth: 2 },
      transform: [{ filter: 'datum.rate !== null' }],
      encoding: { x, y: { field: 'rate', type: 'quantitative', scale: yScale }, color },
    },
  ];
  if (markers.length > 0)
    layer.push({
      data: { values: markers },
      layer: [
        { mark: { type: 'rule', strokeDash: [6, 4], color: '#444' }, encoding: { x: { ...x, field: 'x' } } },
        {
          // At the foot of the rule, right-aligned: clear of the legend and of the high-p curves.
          mark: {
            type: 'text',
            align: 'right',
            dx: -4,
            dy: -4,
            baseline: 'bottom',
            color: '#444',
            fontSize: 11,
          },
          encoding: { x: { ...x, field: 'x' }, y: { value: BASE.height }, text: { field: 'label' } },
        },
      ],
    });
  return {
    ...BASE,
    title: opts.subtitle !== undefined ? { text: opts.title, subtitle: opts.subtitle } : opts.title,
    data: { values },
    layer,
  };
}

/** One Λ point: the suppression factor between two distances at one value of the swept key. */
export interface LambdaPoint {
  readonly x: number;
  readonly lambda: number;
  readonly low: number;
  readonly high: number;
  readonly group: string;
}

/** Λ vs the swept key with its range as error bars, one series per distance pair. */
export function lambdaPlotSpec(
  points: readonly LambdaPoint[],
  opts: {
    title: string;
    subtitle?: string;
    xTitle: string;
    xLog?: boolean;
    /** Fixed y range (both > 0); an end left undefined follows the estimates. */
    yDomain?: readonly [number | undefined, number | undefined];
  },
): VegaLiteSpec {
  const finite = points.flatMap((q) => [q.lambda, q.low, q.high]).filter((v) => v > 0 && Number.isFinite(v));
  // Keep the axis on the estimates: bars are clipped to a decade beyond the outermost estimate.
  const lams = points.map((q) => q.lambda).filter((v) => v > 0);
  const [yMin, yMax] = yRange(
    opts.yDomain,
    Math.min(...finite, 0.5) / 1.3,
    Math.min(Math.max(...finite, 2) * 1.3, Math.max(...lams, 1) * 10),
  );
  const values = points.map((q) => ({
    ...q,
    lo: Math.max(q.low, yMin),
    hi: Math.min(Number.isFinite(q.high) ? q.high : yMax, yMax),
  }));
  const xLog = opts.xLog ?? true;
  const x = {
    field: 'x',
    type: 'quantitative',
    scale: xLog ? { type: 'log', nice: false } : { zero: false, nice: false },
    axis: xLog ? { format: LOG_FORMAT } : {},
    title: opts.xTitle,
  };
  const yScale = { type: 'log', domain: [yMin, yMax], nice: false, clamp: true };
  const color = seriesColor(points.map((q) => q.group));
  return {
    ...BASE,
    title: opts.subtitle !== undefined ? { text: opts.title, subtitle: opts.subtitle } : opts.title,
    data: { values },
    layer: [
      {
        mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' },
        encoding: { y: { datum: 1, scale: yScale } },
      },
      {
        mark: { type: 'errorbar', ticks: true },
        encoding: {
          x,
          y: {
            field: 'lo',
            type: 'quantitative',
            scale: yScale,
            axis: { format: '~g' },
            title: 'Λ = ε_d / ε_(d+2)',
          },
          y2: { field: 'hi' },
          color,
        },
      },
      {
        mark: { type: 'line', point: { filled: true, size: 40 }, strokeWidth: 2 },
        encoding: { x, y: { field: 'lambda', type: 'quantitative', scale: yScale }, color },
      },
    ],
  };
}

/** One point of the footprint plot. */
export interface FootprintPoint {
  readonly target: number;
  readonly qubits: number;
  readonly group: string;
  /** Whether the distance comes from extrapolating the fit beyond the measured data. */
  readonly extrapolated: boolean;
}

/** Physical qubits per logical qubit vs the target logical error rate per round, one line per family. */
export function footprintPlotSpec(points: readonly FootprintPoint[], subtitle?: string): VegaLiteSpec {
  const basis = (p: FootprintPoint): string =>
    p.extrapolated ? 'extrapolated beyond the data' : 'within the measured range';
  const values = points.map((p) => ({ ...p, basis: basis(p) }));
  // Solid and dashed parts are separate lines: where a family's line turns from one to the other,
  // the last point before the turn is drawn in the second part too, so the line stays unbroken.
  for (const group of new Set(points.map((p) => p.group))) {
    const line = points.filter((p) => p.group === group).sort((a, b) => b.target - a.target);
    for (let i = 1; i < line.length; i++)
      if (line[i].extrapolated !== line[i - 1].extrapolated)
        values.push({ ...line[i - 1], basis: basis(line[i]) });
  }
  // One tick label per target plotted (log axes drop labels they find crowded).
  const targets = [...new Set(points.map((p) => p.target))].sort((a, b) => b - a);
  const title = 'Physical qubits per logical qubit';
  const key = 'solid: within the measured range; dashed: extrapolated beyond the data';
  return {
    ...BASE,
    title: { text: title, subtitle: subtitle !== undefined ? [subtitle, key] : key },
    data: { values },
    mark: { type: 'line', point: { filled: true, size: 40 }, strokeWidth: 2 },
    encoding: {
      x: {
        field: 'target',
        type: 'quantitative',
        scale: { type: 'log', reverse: true },
        axis: { format: LOG_FORMAT, values: targets, labelOverlap: false },
        title: 'target logical error rate per round',
      },
      y: {
        field: 'qubits',
        type: 'quantitative',
        scale: { type: 'log' },
        axis: { format: '~s' },
        title: 'physical qubits',
      },
      color: { field: 'group', type: 'nominal', title: null },
      strokeDash: {
        field: 'basis',
        type: 'nominal',
        title: null,
        scale: {
          domain: ['within the measured range', 'extrapolated beyond the data'],
          range: [
            [1, 0],
            [6, 4],
          ],
        },
        // Headless renderers draw no swatch for dash legends: the subtitle says what the dashes mean.
        legend: null,
      },
    },
  };
}
