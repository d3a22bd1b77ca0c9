/**
 * The detector slice diagram (`stim diagram --type detslice-svg`): at each chosen tick, the
 * qubits at their QUBIT_COORDS and, for every detector, the Pauli terms of its slice there (the
 * stabilizer the detector compares at that instant), drawn as a polygon through its qubits in
 * the colour of its basis (X, Y, Z = red, green, blue; mixed terms grey) with one coloured dot
 * per term. Slices come from {@link detectorSlices} (the error analyzer's backward walk).
 */
import type { Circuit } from '../circuit/circuit.js';
import { detectorCoordinates } from '../dem/detector-coordinates.js';
import { detectorSlices, type SliceTerm } from '../dem/detector-slices.js';
import { qubitCoordinates } from './qubit-coords.js';
import { esc, n, PAULI_COLOR, svgDocument } from './svg.js';

/** Options of {@link detsliceSvg}. */
export interface DetsliceOptions {
  /** Ticks to draw (`stim diagram --tick` numbering: 0 is the start, k the k-th TICK); default every TICK. */
  readonly ticks?: readonly number[];
  /**
   * Stim's `--filter_coords`: keep detectors whose coordinates start with one of these points,
   * or whose id is listed (`D3` as `{ detector: 3 }`); default all.
   */
  readonly filter?: readonly ({ readonly coords: readonly number[] } | { readonly detector: number })[];
}

const PANEL = 260;
const PAD = 24;
const PER_ROW = 4;

/**
 * 2-D positions in panel units [0, 1]² of the qubits with coordinates (their first two) and of
 * the qubits in `needed` without coordinates (on a row below the others, by index).
 */
function positions(circuit: Circuit, needed: ReadonlySet<number>): Map<number, [number, number]> {
  const coords = qubitCoordinates(circuit);
  const raw = new Map<number, [number, number]>();
  for (const [q, c] of coords) if (c.length > 0) raw.set(q, [c[0], c[1] ?? 0]);
  const bottom = Math.max(0, ...[...raw.values()].map((p) => p[1])) + 2;
  let k = 0;
  for (const q of [...needed].sort((a, b) => a - b)) if (!raw.has(q)) raw.set(q, [k++, bottom]);
  const xs = [...raw.values()].map((p) => p[0]);
  const ys = [...raw.values()].map((p) => p[1]);
  const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
  const span = Math.max(Math.max(...xs) - x0, Math.max(...ys) - y0, 1);
  const out = new Map<number, [number, number]>();
  for (const [q, [x, y]] of raw) out.set(q, [(x - x0) / span, (y - y0) / span]);
  return out;
}

/** Whether detector `d` with coordinates `c` passes the filter. */
function keep(filter: DetsliceOptions['filter'], d: number, c: readonly number[] | undefined): boolean {
  if (filter === undefined || filter.length === 0) return true;
  return filter.some((f) =>
    'detector' in f ? f.detector === d : c !== undefined && f.coords.every((v, i) => c[i] === v),
  );
}

/** The colour of a slice: its Pauli when all terms agree, grey when mixed. */
function sliceColor(terms: readonly SliceTerm[]): string {
  const p = terms[0]?.pauli;
  return p !== undefined && terms.every((t) => t.pauli === p) ? PAULI_COLOR[p] : '#888';
}

/** One detector's slice at panel origin (ox, oy): polygon (or segment/dot) and its terms. */
function drawSlice(
  d: number,
  terms: readonly SliceTerm[],
  coords: readonly number[] | undefined,
  pos: ReadonlyMap<number, [number, number]>,
  ox: number,
  oy: number,
): string {
  const pts = terms.map((t) => {
    const [x, y] = pos.get(t.qubit) ?? [0, 0];
    return [ox + PAD + x * (PANEL - 2 * PAD), oy + PAD + y * (PANEL - 2 * PAD)] as const;
  });
  const cx = pts.reduce((a, p) => a + p[0], 0) / pts.length;
  const cy = pts.reduce((a, p) => a + p[1], 0) / pts.length;
  const order = pts
    .map((_, i) => i)
    .sort((a, b) => Math.atan2(pts[a][1] - cy, pts[a][0] - cx) - Math.atan2(pts[b][1] - cy, pts[b][0] - cx));
  const color = sliceColor(terms);
  const shape =
    pts.length >= 3
      ? `<polygon points="${order.map((i) => `${n(pts[i][0])},${n(pts[i][1])}`).join(' ')}" fill="${color}" fill-opacity="0.3" stroke="${color}"/>`
      : pts.length === 2
        ? `<line x1="${n(pts[0][0])}" y1="${n(pts[0][1])}" x2="${n(pts[1][0])}" y2="${n(pts[1][1])}" stroke="${color}" stroke-width="6" stroke-opacity="0.5"/>`
        : '';
  const dots = terms
    .map(
      (t, i) =>
        `<circle class="term" data-pauli="${t.pauli}" data-qubit="${t.qubit}" cx="${n(pts[i][0])}" cy="${n(pts[i][1])}" r="4" fill="${PAULI_COLOR[t.pauli]}"/>`,
    )
    .join('');
  const where = coords !== undefined && coords.length > 0 ? ` (${coords.join(', ')})` : '';
  const list = terms.map((t) => `${t.pauli}${t.qubit}`).join('*');
  return (
    `<g class="detector" data-detector="${d}" data-coords="${coords?.join(',') ?? ''}" data-terms="${list}">` +
    `<title>D${d}${esc(where)}: ${list}</title>${shape}${dots}</g>`
  );
}

/**
 * The detector slice diagram of a circuit as SVG text: one panel per tick (four per row), each
 * with the qubits (`<circle class="qubit">`) and one `<g class="detector">` per detector whose
 * slice is not the identity there (with `data-detector`, `data-coords`, `data-terms`), made of
 * one `<circle class="term">` per Pauli term. Does not mutate the circuit.
 * @throws ValidationError when a detector is not deterministic; LimitError for very long circuits.
 */
export function detsliceSvg(circuit: Circuit, opts: DetsliceOptions = {}): string {
  const numTicks = circuit.stats().numTicks;
  const ticks =
    opts.ticks ?? Array.from({ length: Math.max(numTicks, 1) }, (_, i) => (numTicks === 0 ? 0 : i + 1));
  const slices = detectorSlices(circuit, ticks);
  const allDets = [...new Set([...slices.values()].flatMap((m) => [...m.keys()]))];
  const needed = new Set(
    [...slices.values()].flatMap((m) => [...m.values()].flatMap((ts) => ts.map((t) => t.qubit))),
  );
  const pos = positions(circuit, needed);
  const detCoords = detectorCoordinates(circuit, allDets);
  const body: string[] = [];
  ticks.forEach((t, k) => {
    const ox = (k % PER_ROW) * PANEL;
    const oy = Math.floor(k / PER_ROW) * (PANEL + 20);
    const parts: string[] = [
      `<rect x="${ox + 2}" y="${oy + 18}" width="${PANEL - 4}" height="${PANEL - 4}" fill="none" stroke="#ddd"/>`,
      `<text x="${ox + 8}" y="${oy + 14}" font-size="12">tick ${t}</text>`,
    ];
    for (const [d, terms] of slices.get(t) ?? new Map<number, SliceTerm[]>()) {
      const c = detCoords.get(d);
      if (keep(opts.filter, d, c)) parts.push(drawSlice(d, terms, c, pos, ox, oy + 18));
    }
    for (const [q, [x, y]] of pos)
      parts.push(
        `<circle class="qubit" data-qubit="${q}" cx="${n(ox + PAD + x * (PANEL - 2 * PAD))}" cy="${n(oy + 18 + PAD + y * (PANEL - 2 * PAD))}" r="2" fill="#333"/>`,
      );
    body.push(`<g class="slice" data-tick="${t}">${parts.join('')}</g>`);
  });
  const cols = Math.min(ticks.length, PER_ROW);
  const rows = Math.ceil(ticks.length / PER_ROW);
  return svgDocument(cols * PANEL, rows * (PANEL + 20), body, `detector slices at ticks ${ticks.join(', ')}`);
}
