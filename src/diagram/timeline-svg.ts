/**
 * The timeline diagram (`stim diagram --type timeline-svg`): one horizontal wire per qubit, time
 * to the right, every operation as a box (or control dot / ⊕ / ×) in a column; operations of one
 * tick share columns where they touch different wires, dashed lines mark the TICKs. REPEAT blocks
 * are drawn unrolled. Annotations (DETECTOR, OBSERVABLE_INCLUDE, coordinates, MPAD) are not drawn.
 */
import { LimitError } from '../base/errors.js';
import type { Circuit, Instruction } from '../circuit/circuit.js';
import {
  isCombiner,
  isPauliTarget,
  isQubitTarget,
  pauliXBit,
  pauliZBit,
  targetValue,
} from '../circuit/target.js';
import { GATE_FLAGS } from '../gates/gate.js';
import { qubitCoordinates } from './qubit-coords.js';
import { esc, n, svgDocument } from './svg.js';

/** One drawn operation: a gate application on one qubit, a pair, a triple or a Pauli product. */
export interface TimelineOp {
  /** Canonical gate name (Stim's spelling). */
  readonly gate: string;
  /** Qubits in target order. */
  readonly qubits: readonly number[];
  /** The Pauli of each qubit for products (MPP, SPP, E), else empty. */
  readonly paulis: readonly string[];
  /** Whether a target is a measurement record or sweep bit (classically controlled gate). */
  readonly classical: boolean;
  readonly noise: boolean;
  /** Ticks before the operation (Stim's `--tick` numbering: 0 is the start). */
  readonly tick: number;
}

/** Options of {@link timelineSvg}. */
export interface TimelineOptions {
  /** Half-open range of ticks to draw, `[start, end)`; default all. */
  readonly ticks?: readonly [number, number];
  /** Leave noise channels out (Stim's `--remove_noise`). */
  readonly removeNoise?: boolean;
}

/** Most operations a timeline draws (a larger circuit is cut with `ticks`). */
export const MAX_TIMELINE_OPS = 200_000;

const PAIR = GATE_FLAGS.TARGETS_PAIRS;
const TRIPLE = GATE_FLAGS.TARGETS_TRIPLES;
const PRODUCT = GATE_FLAGS.TARGETS_PAULI_PRODUCTS | GATE_FLAGS.TARGETS_PAULI_STRING;
const SKIP = GATE_FLAGS.ANNOTATION;

const pauliOf = (t: number): string => (pauliXBit(t) ? (pauliZBit(t) ? 'Y' : 'X') : 'Z');

/** The operations of one instruction, one per application (pair, triple, product or qubit). */
function opsOf(inst: Instruction, tick: number): TimelineOp[] {
  const g = inst.gate;
  const noise = (g.flags & GATE_FLAGS.NOISE) !== 0;
  const base = { gate: g.name, noise, tick };
  const t = inst.targets;
  const out: TimelineOp[] = [];
  if ((g.flags & PRODUCT) !== 0) {
    const whole = (g.flags & GATE_FLAGS.TARGETS_PAULI_STRING) !== 0;
    let qs: number[] = [];
    let ps: string[] = [];
    for (let i = 0; i < t.length; i++) {
      if (isCombiner(t[i])) continue;
      qs.push(targetValue(t[i]));
      ps.push(isPauliTarget(t[i]) ? pauliOf(t[i]) : 'Z');
      if (!whole && !(i + 1 < t.length && isCombiner(t[i + 1]))) {
        out.push({ ...base, qubits: qs, paulis: ps, classical: false });
        qs = [];
        ps = [];
      }
    }
    if (qs.length > 0) out.push({ ...base, qubits: qs, paulis: ps, classical: false });
    return out;
  }
  const k = (g.flags & TRIPLE) !== 0 ? 3 : (g.flags & PAIR) !== 0 ? 2 : 1;
  for (let i = 0; i + k <= t.length; i += k) {
    const group = t.slice(i, i + k);
    const qubits = group.filter((x) => isQubitTarget(x) || isPauliTarget(x)).map(targetValue);
    if (qubits.length === 0) continue;
    out.push({ ...base, qubits, paulis: [], classical: qubits.length < group.length });
  }
  return out;
}

/**
 * The operations of a circuit in execution order (REPEAT blocks unrolled), each with the number
 * of TICKs before it.
 * @throws LimitError past {@link MAX_TIMELINE_OPS} operations.
 */
export function timelineOps(circuit: Circuit, opts: TimelineOptions = {}): TimelineOp[] {
  const ops: TimelineOp[] = [];
  let tick = 0;
  const [lo, hi] = opts.ticks ?? [0, Infinity];
  circuit.forEachFlat((inst) => {
    if (inst.gate.name === 'TICK') {
      tick++;
      return;
    }
    if ((inst.gate.flags & SKIP) !== 0 || inst.gate.name === 'MPAD') return;
    if (tick < lo || tick >= hi) return;
    if (opts.removeNoise === true && (inst.gate.flags & GATE_FLAGS.NOISE) !== 0) return;
    for (const op of opsOf(inst, tick)) ops.push(op);
    if (ops.length > MAX_TIMELINE_OPS)
      throw new LimitError(
        `the timeline has more than ${MAX_TIMELINE_OPS} operations: draw a range of ticks (--tick A:B)`,
        { limit: MAX_TIMELINE_OPS },
      );
  });
  return ops;
}

const COL = 48;
const ROW = 40;
const LEFT = 96;
const TOP = 34;
const BOX = 32;

/** The column of every op: greedy, within a tick an op takes the first column free on all wires it spans. */
function columns(
  ops: readonly TimelineOp[],
  rowOf: ReadonlyMap<number, number>,
): { col: number[]; tickCols: number[] } {
  const next = new Map<number, number>();
  const col: number[] = [];
  const tickCols: number[] = [];
  let start = 0;
  let end = 0;
  let tick = ops.length > 0 ? ops[0].tick : 0;
  for (const op of ops) {
    if (op.tick !== tick) {
      start = end;
      tickCols.push(start);
      tick = op.tick;
    }
    const rows = op.qubits.map((q) => rowOf.get(q)!);
    const lo = Math.min(...rows);
    const hi = Math.max(...rows);
    let c = start;
    for (let r = lo; r <= hi; r++) c = Math.max(c, next.get(r) ?? 0);
    for (let r = lo; r <= hi; r++) next.set(r, c + 1);
    col.push(c);
    end = Math.max(end, c + 1);
  }
  tickCols.push(end);
  return { col, tickCols };
}

/** Short names of the noise channels whose names do not fit in a box. */
const SHORT: Readonly<Record<string, string>> = {
  DEPOLARIZE1: 'DEP1',
  DEPOLARIZE2: 'DEP2',
  X_ERROR: 'ERR X',
  Y_ERROR: 'ERR Y',
  Z_ERROR: 'ERR Z',
  PAULI_CHANNEL_1: 'PC1',
  PAULI_CHANNEL_2: 'PC2',
  HERALDED_ERASE: 'HERA',
  HERALDED_PAULI_CHANNEL_1: 'HPC1',
  CORRELATED_ERROR: 'E',
  ELSE_CORRELATED_ERROR: 'ELSE',
};

/** A labelled box centred at (x, y). */
function box(x: number, y: number, label: string, fill: string): string {
  const size = Math.min(12, Math.floor((BOX * 1.8) / Math.max(label.length, 1)));
  return (
    `<rect x="${n(x - BOX / 2)}" y="${n(y - BOX / 2)}" width="${BOX}" height="${BOX}" fill="${fill}" stroke="black"/>` +
    `<text x="${n(x)}" y="${n(y)}" font-size="${size}" text-anchor="middle" dominant-baseline="central">${esc(label)}</text>`
  );
}

/** The SVG elements of one op at column x on rows ys. */
function drawOp(op: TimelineOp, col: number, x: number, ys: readonly number[]): string {
  const parts: string[] = [];
  if (ys.length > 1)
    parts.push(
      `<line x1="${n(x)}" y1="${n(Math.min(...ys))}" x2="${n(x)}" y2="${n(Math.max(...ys))}" stroke="black"/>`,
    );
  const fill = op.noise ? '#fbe3e3' : 'white';
  const dot = (y: number): string => `<circle cx="${n(x)}" cy="${n(y)}" r="5" fill="black"/>`;
  const g = op.gate;
  const name = SHORT[g] ?? g;
  if (ys.length === 2 && !op.classical && (g === 'CX' || g === 'CZ' || g === 'CY' || g === 'SWAP')) {
    if (g === 'SWAP')
      for (const y of ys)
        parts.push(
          `<path d="M${n(x - 6)},${n(y - 6)}L${n(x + 6)},${n(y + 6)}M${n(x - 6)},${n(y + 6)}L${n(x + 6)},${n(y - 6)}" stroke="black" stroke-width="2"/>`,
        );
    else {
      parts.push(dot(ys[0]));
      if (g === 'CZ') parts.push(dot(ys[1]));
      else if (g === 'CY') parts.push(box(x, ys[1], 'Y', fill));
      else
        parts.push(
          `<circle cx="${n(x)}" cy="${n(ys[1])}" r="10" fill="white" stroke="black"/>` +
            `<path d="M${n(x - 10)},${n(ys[1])}H${n(x + 10)}M${n(x)},${n(ys[1] - 10)}V${n(ys[1] + 10)}" stroke="black"/>`,
        );
    }
  } else
    ys.forEach((y, i) =>
      parts.push(
        box(x, y, op.paulis.length > 0 ? `${name}:${op.paulis[i]}` : op.classical ? `${name}^c` : name, fill),
      ),
    );
  return `<g class="op" data-gate="${esc(g)}" data-qubits="${op.qubits.join(' ')}" data-tick="${op.tick}" data-col="${col}">${parts.join('')}</g>`;
}

/**
 * The timeline diagram of a circuit as SVG text: wires labelled with qubit index and
 * coordinates, one `<g class="op">` per operation (with `data-gate`, `data-qubits`, `data-tick`,
 * `data-col`),
 * one `<line class="tick">` per tick boundary drawn. Does not mutate the circuit.
 * @throws LimitError past {@link MAX_TIMELINE_OPS} operations.
 */
export function timelineSvg(circuit: Circuit, opts: TimelineOptions = {}): string {
  const ops = timelineOps(circuit, opts);
  const coords = qubitCoordinates(circuit);
  const qubits = [...new Set(ops.flatMap((o) => o.qubits))].sort((a, b) => a - b);
  const rowOf = new Map(qubits.map((q, i) => [q, i]));
  const { col, tickCols } = columns(ops, rowOf);
  const numCols = tickCols[tickCols.length - 1];
  const width = LEFT + numCols * COL + 20;
  const height = TOP + qubits.length * ROW + 10;
  const yOf = (q: number): number => TOP + rowOf.get(q)! * ROW + ROW / 2;
  const xOf = (c: number): number => LEFT + c * COL + COL / 2;
  const body: string[] = [];
  for (const q of qubits) {
    const c = coords.get(q);
    const label = c !== undefined && c.length > 0 ? `q${q} (${c.join(',')})` : `q${q}`;
    body.push(
      `<g class="wire" data-qubit="${q}"><line x1="${LEFT - 6}" y1="${n(yOf(q))}" x2="${n(width - 10)}" y2="${n(yOf(q))}" stroke="#888"/>` +
        `<text x="${LEFT - 10}" y="${n(yOf(q))}" font-size="11" text-anchor="end" dominant-baseline="central">${esc(label)}</text></g>`,
    );
  }
  // A dashed line at each tick boundary inside the drawing, with the tick number above it.
  const ticks = [...new Set(ops.map((o) => o.tick))];
  tickCols.slice(0, -1).forEach((c, i) => {
    const x = LEFT + c * COL;
    body.push(
      `<line class="tick" x1="${n(x)}" y1="${TOP - 14}" x2="${n(x)}" y2="${n(height - 6)}" stroke="#bbb" stroke-dasharray="4 3"/>` +
        `<text x="${n(x + 3)}" y="${TOP - 18}" font-size="10" fill="#666">tick ${ticks[i + 1]}</text>`,
    );
  });
  ops.forEach((op, i) =>
    body.push(
      drawOp(
        op,
        col[i],
        xOf(col[i]),
        op.qubits.map((q) => yOf(q)),
      ),
    ),
  );
  return svgDocument(width, height, body, `timeline: ${qubits.length} qubits, ${ops.length} operations`);
}
