/**
 * The error analyzer's handler for Clifford unitaries: each gate acts on the X/Z sensitivity sets
 * of its targets through its backward action (from the gate table's shared Clifford action), and
 * classically controlled Paulis move sensitivity onto measurement record bits.
 */
import { UnsupportedError, ValidationError } from '../base/errors.js';
import type { Gate } from '../gates/gate.js';
import { GATE_FLAGS } from '../gates/gate.js';
import { cliffordAction } from '../gates/clifford-action.js';
import type { Instruction } from '../circuit/circuit.js';
import { describeInstruction } from '../circuit/circuit.js';
import { isRecordTarget, isSweepTarget, targetToString, targetValue } from '../circuit/target.js';
import type { Set_ } from './error-sets.js';
import { EMPTY, xorSorted } from './error-sets.js';
import type { AnalyzerState } from './analyzer-state.js';

/**
 * The backward action P ↦ U†·P·U of a Clifford as column sources: new column j (ordered x0, z0,
 * x1, z1) = XOR of the old columns srcs[j].
 */
interface ColumnSources {
  readonly arity: number;
  readonly srcs: readonly (readonly number[])[];
}

/** Column sources by gate id, filled on first use. */
const COLUMN_SOURCES: (ColumnSources | undefined)[] = [];

/**
 * From the gate's shared Clifford action: P has coordinates c over the generators, U†PU =
 * Σ c_g inverseImages[g], so new column j collects the old columns g whose inverse image has bit j.
 */
function columnSources(gate: Gate): ColumnSources {
  const cached = COLUMN_SOURCES[gate.id];
  if (cached !== undefined) return cached;
  const act = cliffordAction(gate);
  if (act === undefined)
    throw new UnsupportedError(`gate ${gate.name} has no tableau; error analysis needs Clifford gates`);
  const m = 2 * act.arity;
  const srcs: number[][] = [];
  for (let j = 0; j < m; j++) {
    const s: number[] = [];
    for (let g = 0; g < m; g++) if (((act.inverseImages[g] >>> j) & 1) !== 0) s.push(g);
    srcs.push(s);
  }
  const cs = { arity: act.arity, srcs };
  COLUMN_SOURCES[gate.id] = cs;
  return cs;
}

/** A Clifford unitary, including classically controlled Paulis; anything else is unsupported. */
export function undoUnitary(an: AnalyzerState, inst: Instruction, name: string): void {
  const t = inst.targets;
  const gate = inst.gate;
  if ((gate.flags & GATE_FLAGS.STABILIZER) === 0 || (gate.flags & GATE_FLAGS.NON_PAULI_NOISE) !== 0)
    throw new UnsupportedError(
      `error analysis supports stabilizer circuits only; ${describeInstruction(inst)} is not a Clifford operation or Pauli channel`,
      { gate: gate.name },
    );
  if ((gate.flags & GATE_FLAGS.UNITARY) === 0 || gate.tableau === undefined)
    throw new UnsupportedError(`error analysis does not handle ${gate.name} (${describeInstruction(inst)})`, {
      gate: gate.name,
    });
  if ((gate.flags & GATE_FLAGS.CAN_TARGET_BITS) !== 0) {
    const kind = classicalKind(name);
    if (kind !== undefined) {
      // Process pairs in reverse; pairs with bits are classical feedback, others quantum.
      const act = columnSources(gate);
      for (let i = t.length - 2; i >= 0; i -= 2) {
        const [c, tt] = kind.swap ? [t[i + 1], t[i]] : [t[i], t[i + 1]];
        if (!classicalControl(an, inst, c, tt, kind.pauli)) applyClifford(an, act, t, i);
      }
      return;
    }
  }
  const act = columnSources(gate);
  const a = act.arity;
  for (let i = t.length - a; i >= 0; i -= a) applyClifford(an, act, t, i);
}

function applyClifford(an: AnalyzerState, act: ColumnSources, t: readonly number[], at: number): void {
  const tr = an.tracker;
  const a = act.arity;
  if (a === 1) {
    const q = targetValue(t[at]);
    const cols = [tr.xs[q], tr.zs[q]];
    tr.xs[q] = combine(cols, act.srcs[0]);
    tr.zs[q] = combine(cols, act.srcs[1]);
    return;
  }
  const cols: Set_[] = [];
  for (let k = 0; k < a; k++) {
    const q = targetValue(t[at + k]);
    cols.push(tr.xs[q], tr.zs[q]);
  }
  for (let k = 0; k < a; k++) {
    const q = targetValue(t[at + k]);
    tr.xs[q] = combine(cols, act.srcs[2 * k]);
    tr.zs[q] = combine(cols, act.srcs[2 * k + 1]);
  }
}

function feedback(an: AnalyzerState, control: number, target: number, x: boolean, z: boolean): void {
  if (isSweepTarget(control)) return;
  const tr = an.tracker;
  const idx = tr.numMeasurementsInPast - targetValue(control);
  if (x) tr.xorRec(idx, tr.xs[target]);
  if (z) tr.xorRec(idx, tr.zs[target]);
}

/** A controlled Pauli with a classical bit: `kind` is the Pauli applied to the quantum target. */
function classicalControl(
  an: AnalyzerState,
  inst: Instruction,
  c: number,
  t: number,
  kind: 'X' | 'Y' | 'Z',
): boolean {
  const cBit = isRecordTarget(c) || isSweepTarget(c);
  const tBit = isRecordTarget(t) || isSweepTarget(t);
  if (!cBit && !tBit) return false;
  if (kind === 'Z') {
    if (cBit && !tBit) feedback(an, c, targetValue(t), true, false);
    else if (tBit && !cBit) feedback(an, t, targetValue(c), true, false);
    return true;
  }
  if (tBit)
    throw new ValidationError(
      `${describeInstruction(inst)}: the classical bit ${targetToString(t)} is the target of a controlled ${kind}; only the control of a controlled Pauli may be a measurement record or sweep bit`,
    );
  feedback(an, c, targetValue(t), kind === 'Y', true);
  return true;
}

function classicalKind(name: string): { pauli: 'X' | 'Y' | 'Z'; swap: boolean } | undefined {
  switch (name) {
    case 'CX':
    case 'ZCX':
    case 'CNOT':
      return { pauli: 'X', swap: false };
    case 'CY':
    case 'ZCY':
      return { pauli: 'Y', swap: false };
    case 'CZ':
    case 'ZCZ':
      return { pauli: 'Z', swap: false };
    case 'XCZ':
      return { pauli: 'X', swap: true };
    case 'YCZ':
      return { pauli: 'Y', swap: true };
    default:
      return undefined;
  }
}

function combine(cols: readonly Set_[], srcs: readonly number[]): Set_ {
  if (srcs.length === 0) return EMPTY;
  let acc = cols[srcs[0]];
  for (let i = 1; i < srcs.length; i++) acc = xorSorted(acc, cols[srcs[i]]);
  return acc;
}
