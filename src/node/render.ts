import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from '../experiment/plots.js';

/** Renders a Vega-Lite spec to SVG text, headless (no browser, no canvas). */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const compiled = vl.compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises SVG to PNG (resvg, system fonts), `scale` pixels per SVG unit. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true } });
  return r.render().asPng();
}
