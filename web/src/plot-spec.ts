/**
 * Page adjustments of the CLI's Vega-Lite specs (pure data): the plot's width and log-axis labels
 * that read 1e-6 rather than 0.000001.
 */
import type { VegaLiteSpec } from '../../src/index.js';

/**
 * Axis label expression for log axes: only ticks of mantissa 1, 2 or 5 are labelled; 0.01 … 1000
 * plainly, smaller and larger values as 1e-6, 2e-3.
 */
export const LOG_LABEL_EXPR =
  "indexof([1, 2, 5], round(datum.value / pow(10, floor(log(datum.value) / LN10 + 1e-9)))) < 0 ? '' : datum.value >= 0.01 && datum.value < 1000 ? format(datum.value, '~g') : replace(format(datum.value, '~e'), 'e+', 'e')";

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
      axisQuantitative: { labelExpr: LOG_LABEL_EXPR, labelOverlap: 'greedy' },
      // The legend shows each series as its line (the bands' faint fill would not match the lines).
      legend: { ...legend, symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 2.5 },
    },
  };
}
