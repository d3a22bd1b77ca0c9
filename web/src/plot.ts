/**
 * Renders the CLI's Vega-Lite specs interactively with vega-embed, adjusted for the page: the
 * plot fills its container's width, log-axis labels read 1e-6 (not 0.000001), and the export menu
 * offers SVG and PNG only (the editor link would need the network).
 */
import embed, { type Result } from 'vega-embed';
import type { VegaLiteSpec } from '../../src/index.js';
import { pageSpec } from './plot-spec.js';

/** Embeds a spec into `el` (replacing what was there); resolves to the vega view. */
export async function showPlot(el: HTMLElement, spec: VegaLiteSpec, width = 560): Promise<Result> {
  const res = await embed(el, pageSpec(spec, width), {
    actions: { export: true, source: false, compiled: false, editor: false },
    renderer: 'svg',
  });
  return res;
}
