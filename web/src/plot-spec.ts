/**
 * Page adjustments of the CLI's Vega-Lite specs (pure data): the plot's width and log-axis labels
 * that read 1e-6 rather than 0.000001.
 */
import type { VegaLiteSpec } from '../../src/index.js';

/**
 * Axis label expression for a log axis on scale `x` or `y`: ticks whose mantissa is exactly an
 * integer are labelled, all of them when the axis spans less than a decade (a sweep over
 * 0.02 … 0.04 reads 0.02, 0.03, 0.04), else only 1, 2 and 5 (not 0.018, which rounds to 2);
 * 0.01 … 1000 plainly, smaller and larger values as 1e-6, 2e-3.
 */
export function logLabelExpr(scale: 'x' | 'y'): string {
  const mant = 'datum.value / pow(10, floor(log(datum.value) / LN10 + 1e-9))';
  const exact = `abs(${mant} - round(${mant})) < 1e-6`;
  const narrow = `peek(domain('${scale}')) / domain('${scale}')[0] < 10`;
  const shown = `${exact} && (${narrow} || indexof([1, 2, 5], round(${mant})) >= 0)`;
  return `!(${shown}) ? '' : datum.value >= 0.01 && datum.value < 1000 ? format(datum.value, '~g') : replace(format(datum.value, '~e'), 'e+', 'e')`;
}

/** The spec with log-axis labels as powers of ten and the given width. */
export function pageSpec(spec: VegaLiteSpec, width: number): VegaLiteSpec {
  const config = (spec.config ?? {}) as Record<string, unknown>;
  const axis = (config.axis ?? {}) as Record<string, unknown>;
  const legend = (config.legend ?? {}) as Record<string, unknown>;
  return {
    ...spec,
    width,
    config: {
      ...config,
      axis: { ...axis },
      axisX: { ...(config.axisX ?? {}), labelExpr: logLabelExpr('x'), labelOverlap: 'greedy' },
      axisY: { ...(config.axisY ?? {}), labelExpr: logLabelExpr('y'), labelOverlap: 'greedy' },
      // The legend shows each series as its line (the bands' faint fill would not match the lines).
      legend: { ...legend, symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 2.5 },
    },
  };
}
