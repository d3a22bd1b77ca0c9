/**
 * Detector slices (Stim's `detecting_regions` / `detslice` diagrams): for a detector and a tick,
 * the Pauli string P on the qubits at that moment such that a Pauli error E inserted there flips
 * the detector exactly when E anticommutes with P. Computed by the error analyzer's backward walk
 * (Gidney, "Stim", Quantum 5, 497 (2021)): the sensitivity sets `xs[q]`/`zs[q]` at a moment are
 * the detectors whose slice has an X/Z component on q.
 */
import { LimitError } from '../base/errors.js';
import type { Circuit, Instruction } from '../circuit/circuit.js';
import { runLength } from '../circuit/circuit.js';
import { AnalyzerState } from './analyzer-state.js';
import { isDet } from './error-sets.js';
import { Tracker } from './rev-frame-tracker.js';
import { undoAnnotation, undoMeasurementOrReset } from './undo-measurement.js';
import { undoNoise } from './undo-noise.js';
import { undoUnitary } from './undo-unitary.js';

/** One Pauli term of a slice: qubit index and its Pauli. */
export interface SliceTerm {
  readonly qubit: number;
  readonly pauli: 'X' | 'Y' | 'Z';
}

/** Longest unrolled circuit the slices walk (REPEAT blocks are walked iteration by iteration). */
export const MAX_SLICE_INSTRUCTIONS = 5_000_000;

/**
 * The slices of every detector at each requested tick, in the convention of `stim diagram
 * --tick`: tick 0 is the very beginning of the circuit and tick k ≥ 1 the instant of the k-th
 * TICK instruction (Stim's `Circuit.detecting_regions` numbers that instant k − 1); ticks out of
 * range give empty maps. Result: tick → detector id → terms sorted by qubit; detectors whose
 * slice is the identity there are left out.
 * Cost: one backward walk over the unrolled circuit, O(length × sensitivity size).
 * Does not mutate the circuit.
 * @throws ValidationError when a detector is not deterministic (as analyzeErrors).
 * @throws LimitError when the unrolled circuit is longer than {@link MAX_SLICE_INSTRUCTIONS}.
 */
export function detectorSlices(
  circuit: Circuit,
  ticks: readonly number[],
): Map<number, Map<number, SliceTerm[]>> {
  const length = runLength(circuit);
  if (length > MAX_SLICE_INSTRUCTIONS)
    throw new LimitError(
      `detector slices walk the unrolled circuit: ${length} instructions is more than ${MAX_SLICE_INSTRUCTIONS}`,
      { length },
    );
  const stats = circuit.stats();
  const want = new Set(ticks);
  const out = new Map<number, Map<number, SliceTerm[]>>();
  for (const t of ticks) out.set(t, new Map());
  const an = new AnalyzerState(
    circuit,
    false,
    false,
    false,
    0,
    new Tracker(stats.numQubits, stats.numMeasurements, stats.numDetectors),
  );
  an.accumulate = false;
  const flat: Instruction[] = [];
  circuit.forEachFlat((inst) => flat.push(inst));
  let tick = stats.numTicks;
  for (let i = flat.length - 1; i >= 0; i--) {
    const inst = flat[i];
    const name = inst.gate.name;
    if (name === 'TICK') {
      if (want.has(tick)) out.set(tick, snapshot(an.tracker));
      tick--;
      continue;
    }
    // Correlated errors change no sensitivity and record nothing.
    if (name === 'E' || name === 'CORRELATED_ERROR' || name === 'ELSE_CORRELATED_ERROR') continue;
    if (undoAnnotation(an, inst, name) || undoMeasurementOrReset(an, inst, name) || undoNoise(an, inst, name))
      continue;
    undoUnitary(an, inst, name);
  }
  if (want.has(0)) out.set(0, snapshot(an.tracker));
  return out;
}

/** Every detector's slice in the tracker's current state. */
function snapshot(tr: Tracker): Map<number, SliceTerm[]> {
  const bits = new Map<number, Map<number, number>>();
  const add = (sets: readonly (readonly number[])[], bit: number): void => {
    for (let q = 0; q < sets.length; q++)
      for (const t of sets[q]) {
        if (!isDet(t)) continue;
        const m = bits.get(t) ?? new Map<number, number>();
        m.set(q, (m.get(q) ?? 0) | bit);
        bits.set(t, m);
      }
  };
  add(tr.xs, 1);
  add(tr.zs, 2);
  const out = new Map<number, SliceTerm[]>();
  for (const d of [...bits.keys()].sort((a, b) => a - b)) {
    const terms = [...bits.get(d)!.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([qubit, b]): SliceTerm => ({ qubit, pauli: b === 3 ? 'Y' : b === 1 ? 'X' : 'Z' }));
    out.set(d, terms);
  }
  return out;
}
