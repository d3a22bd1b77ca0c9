import { UnsupportedError } from '../base/errors.js';
import type { TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from '../experiment/plots.js';

/**
 * Imports an optional plotting package on first use (Vega, Vega-Lite and resvg are loaded only
 * by commands that plot, so everything else starts fast and library users need not install
 * them). A missing package becomes one clear UnsupportedError naming what to install.
 */
async function optional<T>(load: () => Promise<T>, pkg: string): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND')
      throw new UnsupportedError(`plots need the optional package '${pkg}': npm install ${pkg}`, { pkg }, e);
    throw e;
  }
}

/** Renders a Vega-Lite spec to SVG text, headless (no browser, no canvas). Loads Vega on first use. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const vl = await optional(() => import('vega-lite'), 'vega-lite');
  const vega = await optional(() => import('vega'), 'vega');
  const compiled = vl.compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises SVG to PNG (resvg, system fonts), `scale` pixels per SVG unit. Loads resvg on first use. */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const { Resvg } = await optional(() => import('@resvg/resvg-js'), '@resvg/resvg-js');
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true } });
  return r.render().asPng();
}
