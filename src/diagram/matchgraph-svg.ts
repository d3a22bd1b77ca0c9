/**
 * The matching graph diagram (`stim diagram --type matchgraph-svg`): the detectors of a detector
 * error model at their coordinates and its graphlike edges (error components with one or two
 * detectors; with two, an edge between them; with one, an edge to the boundary). Edges that flip
 * an observable are red, others black. Three-coordinate detectors (x, y, t) are drawn with each
 * time layer shifted down and slightly right, so edges in time stay visible.
 */
import type { FlatDem } from '../dem/dem.js';
import { esc, n, svgDocument } from './svg.js';

/** One edge of the matching graph: detectors (one: a boundary edge) and whether it flips an observable. */
export interface MatchEdge {
  readonly detectors: readonly [number] | readonly [number, number];
  readonly flipsObservable: boolean;
}

/**
 * The distinct graphlike edges of a DEM: every `^`-separated component with one or two
 * detectors, once per detector set (an edge flips an observable if any of its components does).
 * Components with more than two detectors (hyperedges) are counted, not drawn.
 */
export function matchingEdges(dem: FlatDem): { edges: MatchEdge[]; hyperedges: number } {
  const seen = new Map<string, { detectors: number[]; obs: boolean }>();
  let hyperedges = 0;
  for (const e of dem.errors)
    for (const c of e.components) {
      if (c.detectors.length === 0) continue;
      if (c.detectors.length > 2) {
        hyperedges++;
        continue;
      }
      const dets = [...c.detectors].sort((a, b) => a - b);
      const key = dets.join(',');
      const prev = seen.get(key);
      seen.set(key, { detectors: dets, obs: (prev?.obs ?? false) || c.observables.length > 0 });
    }
  const edges = [...seen.values()]
    .sort((a, b) => a.detectors[0] - b.detectors[0] || (a.detectors[1] ?? -1) - (b.detectors[1] ?? -1))
    .map((v) => ({ detectors: v.detectors as [number] | [number, number], flipsObservable: v.obs }));
  return { edges, hyperedges };
}

/** Pixels per coordinate unit, and the largest side of the drawing (larger graphs are scaled down). */
const UNIT = 36;
const MAX_SIDE = 3000;
const PAD = 30;

/**
 * Screen positions of the detectors from their coordinates (see the file comment; no
 * coordinates: a row below), and the drawing's size.
 */
function layout(dem: FlatDem): { pos: [number, number][]; width: number; height: number } {
  const raw: [number, number][] = [];
  const cs = dem.detectorCoords;
  const ys = cs.map((c) => c?.[1] ?? 0);
  const ySpan = Math.max(...ys, 0) - Math.min(...ys, 0) + 2;
  for (let d = 0; d < dem.numDetectors; d++) {
    const c = cs[d];
    if (c === undefined || c.length === 0) raw.push([d, -2]);
    else if (c.length === 1) raw.push([c[0], 0]);
    else if (c.length === 2) raw.push([c[0], c[1]]);
    else raw.push([c[0] + 0.35 * c[2], c[1] + ySpan * c[2]]);
  }
  const x0 = Math.min(...raw.map((p) => p[0]));
  const y0 = Math.min(...raw.map((p) => p[1]));
  const w = Math.max(...raw.map((p) => p[0])) - x0;
  const h = Math.max(...raw.map((p) => p[1])) - y0;
  const s = Math.min(UNIT, MAX_SIDE / Math.max(w, h, 1));
  return {
    pos: raw.map(([x, y]) => [PAD + (x - x0) * s, PAD + (y - y0) * s]),
    width: Math.max(w * s + 2 * PAD, 320),
    height: h * s + 2 * PAD,
  };
}

/**
 * The matching graph of a DEM as SVG text: one `<circle class="detector">` per detector (with
 * `data-detector`, `data-coords`), one `<line class="edge">` per two-detector edge and one
 * `<line class="boundary-edge">` per boundary edge (with `data-detectors`, and `data-obs="1"`
 * when the edge flips an observable). Pure; cost O(errors + detectors).
 */
export function matchgraphSvg(dem: FlatDem): string {
  const { edges, hyperedges } = matchingEdges(dem);
  const { pos, width, height } =
    dem.numDetectors > 0 ? layout(dem) : { pos: [], width: 320, height: 2 * PAD };
  const cx = pos.reduce((a, p) => a + p[0], 0) / Math.max(pos.length, 1);
  const cy = pos.reduce((a, p) => a + p[1], 0) / Math.max(pos.length, 1);
  const body: string[] = [];
  for (const e of edges) {
    const color = e.flipsObservable ? '#d62728' : '#222';
    const attrs = `data-detectors="${e.detectors.join(' ')}" data-obs="${e.flipsObservable ? 1 : 0}" stroke="${color}"`;
    const [a, b] = [pos[e.detectors[0]], e.detectors.length === 2 ? pos[e.detectors[1]] : undefined];
    if (b !== undefined)
      body.push(
        `<line class="edge" ${attrs} x1="${n(a[0])}" y1="${n(a[1])}" x2="${n(b[0])}" y2="${n(b[1])}"/>`,
      );
    else {
      // Away from the centre of the drawing, a fixed length: the boundary is not a place.
      const dx = a[0] - cx;
      const dy = a[1] - cy;
      const len = Math.hypot(dx, dy) || 1;
      const [bx, by] = [a[0] + (dx / len) * 16, a[1] + (dy / len) * 16];
      body.push(
        `<line class="boundary-edge" ${attrs} stroke-dasharray="3 2" x1="${n(a[0])}" y1="${n(a[1])}" x2="${n(bx)}" y2="${n(by)}"/>`,
      );
    }
  }
  for (let d = 0; d < dem.numDetectors; d++) {
    const c = dem.detectorCoords[d];
    body.push(
      `<circle class="detector" data-detector="${d}" data-coords="${c?.join(',') ?? ''}" cx="${n(pos[d][0])}" cy="${n(pos[d][1])}" r="3.5" fill="#4c78a8"><title>D${d}${esc(c !== undefined ? ` (${c.join(', ')})` : '')}</title></circle>`,
    );
  }
  const note =
    hyperedges > 0 ? `; ${hyperedges} hyperedge components (more than two detectors) not drawn` : '';
  body.push(
    `<text x="8" y="${n(height + 14)}" font-size="11" fill="#444">${dem.numDetectors} detectors, ${edges.length} edges${esc(note)}; red: flips an observable</text>`,
  );
  return svgDocument(
    width,
    height + 22,
    body,
    `matching graph: ${dem.numDetectors} detectors, ${edges.length} edges`,
  );
}
