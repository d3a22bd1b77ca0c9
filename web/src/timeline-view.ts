/**
 * The timeline diagram (SVG): one wire per qubit, one column per layer between TICKs, gates as
 * labelled boxes, two-qubit gates as control dot + target joined by a line, measurements and
 * resets in their own colours, REPEAT blocks bracketed with their count.
 */
import { s } from './dom.js';
import type { Timeline } from './timeline-model.js';

const COL = 34;
const ROW = 14;
const LEFT = 40;
const TOP = 22;

const KIND_FILL: Readonly<Record<string, string>> = {
  gate1: '#ffffff',
  reset: '#e8f1e4',
  measure: '#f6e7d4',
  'measure-reset': '#f6e7d4',
  product: '#efe3f3',
  gate2: '#ffffff',
};

/** Short labels of common gates (the full name is in the tooltip). */
function label(gate: string): string {
  const short: Record<string, string> = { MR: 'MR', RX: 'RX', MX: 'MX', MRX: 'MRX', R: 'R', M: 'M' };
  return short[gate] ?? (gate.length > 4 ? gate.slice(0, 4) : gate);
}

/** Draws a timeline; qubits labelled by `roleOf` (e.g. 'd' data, 'c' check). */
export function drawTimeline(t: Timeline, roleOf: (q: number) => string): SVGElement {
  const row = new Map<number, number>();
  t.qubits.forEach((q, i) => row.set(q, i));
  const width = LEFT + t.layers.length * COL + 10;
  const height = TOP + t.qubits.length * ROW + 6;
  const svg = s('svg', {
    class: 'timeline',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `timeline of ${t.layers.length} layers on ${t.qubits.length} qubits`,
  });
  const y = (q: number): number => TOP + (row.get(q) ?? 0) * ROW + ROW / 2;
  for (const q of t.qubits) {
    svg.append(
      s(
        'text',
        { x: LEFT - 4, y: y(q) + 3.5, class: 'wire-label', 'text-anchor': 'end' },
        `${roleOf(q)}${q}`,
      ),
    );
    svg.append(s('line', { x1: LEFT, y1: y(q), x2: width - 6, y2: y(q), class: 'wire' }));
  }
  // REPEAT brackets.
  let i = 0;
  while (i < t.layers.length) {
    const r = t.layers[i].repeat;
    let j = i;
    while (j < t.layers.length && t.layers[j].repeat === r) j++;
    if (r >= 0) {
      const x0 = LEFT + i * COL + 1;
      const x1 = LEFT + j * COL - 1;
      svg.append(s('rect', { x: x0, y: 4, width: x1 - x0, height: height - 6, class: 'repeat' }));
      svg.append(
        s('text', { x: x0 + 3, y: 14, class: 'repeat-label' }, `REPEAT ×${t.layers[i].repetitions}`),
      );
    }
    i = j;
  }
  t.layers.forEach((layer, li) => {
    const cx = LEFT + li * COL + COL / 2;
    for (const op of layer.ops) {
      const tip = s('title', {}, `${op.gate} ${op.qubits.join(' ')} (layer ${li})`);
      if (op.kind === 'gate2') {
        const [a, b] = op.qubits;
        const g = s('g', { class: 'op gate2' }, tip);
        g.append(s('line', { x1: cx, y1: y(a), x2: cx, y2: y(b), class: 'link' }));
        g.append(s('circle', { cx, cy: y(a), r: 3, class: 'control' }));
        g.append(s('rect', { x: cx - 9, y: y(b) - 6, width: 18, height: 12, class: 'box', fill: '#fff' }));
        g.append(
          s(
            'text',
            { x: cx, y: y(b) + 3.5, 'text-anchor': 'middle', class: 'glyph' },
            op.gate === 'CX' || op.gate === 'CNOT' ? 'X' : label(op.gate).replace(/^C/, ''),
          ),
        );
        svg.append(g);
        continue;
      }
      const g = s('g', { class: `op ${op.kind}` }, tip);
      if (op.qubits.length > 1) {
        const ys = op.qubits.map(y);
        g.append(s('line', { x1: cx, y1: Math.min(...ys), x2: cx, y2: Math.max(...ys), class: 'link' }));
      }
      for (const q of op.qubits) {
        g.append(
          s('rect', {
            x: cx - 13,
            y: y(q) - 6,
            width: 26,
            height: 12,
            class: 'box',
            fill: KIND_FILL[op.kind],
          }),
        );
        g.append(
          s('text', { x: cx, y: y(q) + 3.5, 'text-anchor': 'middle', class: 'glyph' }, label(op.gate)),
        );
      }
      svg.append(g);
    }
  });
  return svg;
}
