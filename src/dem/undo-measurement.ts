/**
 * The error analyzer's handlers for annotations (DETECTOR, OBSERVABLE_INCLUDE, coordinates),
 * measurements and resets in every basis, Pauli-product measurements and rotations (MPP, SPP) and
 * pair measurements, applied backwards to the analyzer's sensitivity sets.
 */
import type { Instruction } from '../circuit/circuit.js';
import { isCombiner, isRecordTarget, pauliXBit, pauliZBit, targetValue } from '../circuit/target.js';
import type { Set_ } from './error-sets.js';
import { EMPTY, OBS_BASE, toggleSorted, xorSorted } from './error-sets.js';
import type { AnalyzerState } from './analyzer-state.js';

/** Identity-like instructions, coordinates, DETECTOR and OBSERVABLE_INCLUDE. False when `name` is not of this family. */
export function undoAnnotation(an: AnalyzerState, inst: Instruction, name: string): boolean {
  const tr = an.tracker;
  const t = inst.targets;
  const args = inst.args;
  switch (name) {
    case 'TICK':
    case 'QUBIT_COORDS':
    case 'I':
    case 'II':
    case 'I_ERROR':
    case 'II_ERROR':
      return true;
    case 'SHIFT_COORDS':
      an.rev.push({ kind: 'shift', coords: args, shift: 0, tag: inst.tag });
      return true;
    case 'DETECTOR': {
      tr.numDetectorsInPast--;
      const id = tr.numDetectorsInPast;
      for (const x of t) tr.toggleRec(tr.numMeasurementsInPast - targetValue(x), id);
      an.rev.push({ kind: 'detector', coords: args, id, tag: inst.tag });
      return true;
    }
    case 'OBSERVABLE_INCLUDE': {
      const k = args[0] ?? 0;
      const id = OBS_BASE + k;
      for (const x of t) {
        if (isRecordTarget(x)) tr.toggleRec(tr.numMeasurementsInPast - targetValue(x), id);
        else {
          const q = targetValue(x);
          if (pauliXBit(x)) tr.xs[q] = toggleSorted(tr.xs[q], id);
          if (pauliZBit(x)) tr.zs[q] = toggleSorted(tr.zs[q], id);
        }
      }
      an.rev.push({ kind: 'observable', id: k, tag: inst.tag });
      return true;
    }
    default:
      return false;
  }
}

/** Measurements, resets, demolition measurements, MPAD, Pauli products (MPP, SPP) and pair measurements. False when `name` is not of this family. */
export function undoMeasurementOrReset(an: AnalyzerState, inst: Instruction, name: string): boolean {
  const tr = an.tracker;
  const t = inst.targets;
  switch (name) {
    case 'M':
    case 'MZ':
      for (let i = t.length - 1; i >= 0; i--)
        measureZ(an, targetValue(t[i]), 'a Z-basis measurement (M)', inst);
      return true;
    case 'MX':
      for (let i = t.length - 1; i >= 0; i--)
        measureX(an, targetValue(t[i]), 'an X-basis measurement (MX)', inst);
      return true;
    case 'MY':
      for (let i = t.length - 1; i >= 0; i--)
        measureY(an, targetValue(t[i]), 'a Y-basis measurement (MY)', inst);
      return true;
    case 'R':
    case 'RZ':
      for (let i = t.length - 1; i >= 0; i--) resetZ(an, targetValue(t[i]), 'a Z-basis reset (R)', inst);
      return true;
    case 'RX':
      for (let i = t.length - 1; i >= 0; i--) resetX(an, targetValue(t[i]), 'an X-basis reset (RX)', inst);
      return true;
    case 'RY':
      for (let i = t.length - 1; i >= 0; i--) resetY(an, targetValue(t[i]), 'a Y-basis reset (RY)', inst);
      return true;
    case 'MR':
    case 'MRZ':
      for (let i = t.length - 1; i >= 0; i--) {
        const ctx = 'a Z-basis demolition measurement (MR)';
        resetZ(an, targetValue(t[i]), ctx, inst);
        measureZ(an, targetValue(t[i]), ctx, inst);
      }
      return true;
    case 'MRX':
      for (let i = t.length - 1; i >= 0; i--) {
        const ctx = 'an X-basis demolition measurement (MRX)';
        resetX(an, targetValue(t[i]), ctx, inst);
        measureX(an, targetValue(t[i]), ctx, inst);
      }
      return true;
    case 'MRY':
      for (let i = t.length - 1; i >= 0; i--) {
        const ctx = 'a Y-basis demolition measurement (MRY)';
        resetY(an, targetValue(t[i]), ctx, inst);
        measureY(an, targetValue(t[i]), ctx, inst);
      }
      return true;
    case 'MPAD':
      for (let i = t.length - 1; i >= 0; i--) measureFlip(an, tr.popMeasurement(), inst);
      return true;
    case 'MPP':
    case 'SPP':
    case 'SPP_DAG': {
      const products = splitProducts(t);
      for (let i = products.length - 1; i >= 0; i--) {
        if (name === 'MPP') measureProduct(an, products[i], 'a Pauli product measurement (MPP)', inst);
        else pauliProductRotation(an, products[i]);
      }
      return true;
    }
    case 'MXX':
    case 'MYY':
    case 'MZZ': {
      const p = name === 'MXX' ? 1 : name === 'MYY' ? 3 : 2;
      const bits = ((p & 1) !== 0 ? 1 << 25 : 0) | ((p & 2) !== 0 ? 1 << 26 : 0);
      for (let i = t.length - 2; i >= 0; i -= 2)
        measureProduct(
          an,
          [targetValue(t[i]) | bits, targetValue(t[i + 1]) | bits],
          `a pair measurement (${name})`,
          inst,
        );
      return true;
    }
    default:
      return false;
  }
}

function resetZ(an: AnalyzerState, q: number, ctx: string, inst: Instruction): void {
  const tr = an.tracker;
  an.checkGauge(tr.xs[q], ctx, q, inst);
  tr.xs[q] = EMPTY;
  tr.zs[q] = EMPTY;
}
function resetX(an: AnalyzerState, q: number, ctx: string, inst: Instruction): void {
  const tr = an.tracker;
  an.checkGauge(tr.zs[q], ctx, q, inst);
  tr.xs[q] = EMPTY;
  tr.zs[q] = EMPTY;
}
function resetY(an: AnalyzerState, q: number, ctx: string, inst: Instruction): void {
  const tr = an.tracker;
  an.checkGauge2(tr.xs[q], tr.zs[q], ctx, q, inst);
  tr.xs[q] = EMPTY;
  tr.zs[q] = EMPTY;
}
function measureFlip(an: AnalyzerState, d: Set_, inst: Instruction): void {
  if (inst.args.length > 0 && inst.args[0] > 0) an.addError(inst.args[0], d, inst.tag);
}
function measureZ(an: AnalyzerState, q: number, ctx: string, inst: Instruction): void {
  const tr = an.tracker;
  const d = tr.popMeasurement();
  measureFlip(an, d, inst);
  tr.zs[q] = xorSorted(tr.zs[q], d);
  an.checkGauge(tr.xs[q], ctx, q, inst);
}
function measureX(an: AnalyzerState, q: number, ctx: string, inst: Instruction): void {
  const tr = an.tracker;
  const d = tr.popMeasurement();
  measureFlip(an, d, inst);
  tr.xs[q] = xorSorted(tr.xs[q], d);
  an.checkGauge(tr.zs[q], ctx, q, inst);
}
function measureY(an: AnalyzerState, q: number, ctx: string, inst: Instruction): void {
  const tr = an.tracker;
  const d = tr.popMeasurement();
  measureFlip(an, d, inst);
  tr.xs[q] = xorSorted(tr.xs[q], d);
  tr.zs[q] = xorSorted(tr.zs[q], d);
  an.checkGauge2(tr.xs[q], tr.zs[q], ctx, q, inst);
}

/** Undo the measurement of one Pauli product (targets are Pauli targets). */
function measureProduct(an: AnalyzerState, product: readonly number[], ctx: string, inst: Instruction): void {
  const tr = an.tracker;
  const d = tr.popMeasurement();
  measureFlip(an, d, inst);
  for (const t of product) {
    const q = targetValue(t);
    if (pauliXBit(t)) tr.xs[q] = xorSorted(tr.xs[q], d);
    if (pauliZBit(t)) tr.zs[q] = xorSorted(tr.zs[q], d);
  }
  let anti: Set_ = EMPTY;
  for (const t of product) {
    const q = targetValue(t);
    if (pauliXBit(t)) anti = xorSorted(anti, tr.zs[q]);
    if (pauliZBit(t)) anti = xorSorted(anti, tr.xs[q]);
  }
  an.checkGauge(anti, ctx, product.length > 0 ? targetValue(product[0]) : 0, inst);
}

/** SPP / SPP_DAG: exp(±iπ/4 P) maps an anticommuting Q to ±i·P·Q, so those sensitivities gain P. */
function pauliProductRotation(an: AnalyzerState, product: readonly number[]): void {
  const tr = an.tracker;
  let anti: Set_ = EMPTY;
  for (const t of product) {
    const q = targetValue(t);
    if (pauliXBit(t)) anti = xorSorted(anti, tr.zs[q]);
    if (pauliZBit(t)) anti = xorSorted(anti, tr.xs[q]);
  }
  if (anti.length === 0) return;
  for (const t of product) {
    const q = targetValue(t);
    if (pauliXBit(t)) tr.xs[q] = xorSorted(tr.xs[q], anti);
    if (pauliZBit(t)) tr.zs[q] = xorSorted(tr.zs[q], anti);
  }
}

// ------------------------------------------------------------------ classical control

/** The Pauli products of an MPP/SPP target list (combiners removed). */
function splitProducts(targets: readonly number[]): number[][] {
  const out: number[][] = [];
  let cur: number[] = [];
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    if (isCombiner(t)) continue;
    cur.push(t);
    if (i + 1 >= targets.length || !isCombiner(targets[i + 1])) {
      out.push(cur);
      cur = [];
    }
  }
  return out;
}
