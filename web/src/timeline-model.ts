/**
 * The timeline diagram's model: a circuit cut into layers at its TICKs, each layer a list of
 * operations on qubits (noise channels and annotations left out). A REPEAT block is drawn once,
 * bracketed with its repetition count. Pure: no DOM.
 */
import { GATE_FLAGS, isPauliTarget, isQubitTarget, targetValue, type Circuit } from '../../src/index.js';

/** How an operation is drawn. */
export type OpKind = 'gate1' | 'gate2' | 'measure' | 'reset' | 'measure-reset' | 'product';

/** One operation in a layer: a gate on one qubit, or a pair / product spanning several. */
export interface TimelineOp {
  readonly gate: string;
  readonly kind: OpKind;
  /** Qubits in target order (a pair: control then target). */
  readonly qubits: readonly number[];
}

/** A layer between two TICKs. */
export interface TimelineLayer {
  readonly ops: readonly TimelineOp[];
  /** Index of the REPEAT block this layer belongs to (-1 outside) and its repetitions. */
  readonly repeat: number;
  readonly repetitions: number;
}

/** The layers of a circuit and every qubit it touches, ascending. */
export interface Timeline {
  readonly layers: readonly TimelineLayer[];
  readonly qubits: readonly number[];
}

function kindOf(flags: number): OpKind {
  const measures = (flags & GATE_FLAGS.PRODUCES_RESULTS) !== 0;
  const resets = (flags & GATE_FLAGS.RESET) !== 0;
  if ((flags & GATE_FLAGS.TARGETS_PAULI_PRODUCTS) !== 0) return 'product';
  if (measures && resets) return 'measure-reset';
  if (measures) return (flags & GATE_FLAGS.TARGETS_PAIRS) !== 0 ? 'product' : 'measure';
  if (resets) return 'reset';
  return (flags & GATE_FLAGS.TARGETS_PAIRS) !== 0 ? 'gate2' : 'gate1';
}

/** Splits a circuit into TICK-separated layers (see the file comment). */
export function buildTimeline(c: Circuit): Timeline {
  const layers: TimelineLayer[] = [];
  const qubits = new Set<number>();
  let ops: TimelineOp[] = [];
  let repeatCount = 0;
  const flush = (repeat: number, repetitions: number): void => {
    if (ops.length > 0) layers.push({ ops, repeat, repetitions });
    ops = [];
  };
  const visit = (cc: Circuit, repeat: number, repetitions: number): void => {
    for (const item of cc.items) {
      if (item.kind === 'repeat') {
        flush(repeat, repetitions);
        visit(item.body, repeatCount++, item.repetitions);
        continue;
      }
      const g = item.gate;
      if (g.name === 'TICK') {
        flush(repeat, repetitions);
        continue;
      }
      // Identity gates do nothing (the generators use `I[round]` only to mark where noise goes).
      if ((g.flags & (GATE_FLAGS.NOISE | GATE_FLAGS.ANNOTATION)) !== 0 || g.name === 'I') continue;
      const kind = kindOf(g.flags);
      const qs = item.targets.filter((t) => isQubitTarget(t) || isPauliTarget(t)).map(targetValue);
      for (const q of qs) qubits.add(q);
      if (kind === 'product') ops.push({ gate: g.name, kind, qubits: qs });
      else if (kind === 'gate2')
        for (let i = 0; i + 1 < qs.length; i += 2)
          ops.push({ gate: g.name, kind, qubits: [qs[i], qs[i + 1]] });
      else for (const q of qs) ops.push({ gate: g.name, kind, qubits: [q] });
    }
    flush(repeat, repetitions);
  };
  visit(c, -1, 1);
  return { layers, qubits: [...qubits].sort((a, b) => a - b) };
}
