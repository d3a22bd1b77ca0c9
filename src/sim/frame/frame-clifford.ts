/**
 * Clifford gates as GF(2) matrices on Pauli-frame components, the form the frame program's
 * Clifford opcodes are chosen from (frames ignore signs, so a tableau reduces to its bit action).
 */
import { UnsupportedError } from '../../base/errors.js';
import type { Gate } from '../../gates/gate.js';
import { cliffordAction } from '../../gates/clifford-action.js';
import { GATE_DATA, GATE_ID } from '../../gates/gate-data.js';

/**
 * The GF(2) action of a Clifford's tableau on frame components: bit (out · n + in) is set when
 * input component `in` contributes to output component `out`; components are ordered x0, z0,
 * x1, z1 (n = 2 · arity), the generator order of the gate's shared {@link cliffordAction}.
 */
export function cliffordFrameMatrix(gate: Gate): number {
  const act = cliffordAction(gate);
  if (act === undefined) throw new UnsupportedError(`gate ${gate.name} has no tableau`, { gate: gate.name });
  const n = 2 * act.arity;
  let m = 0;
  for (let input = 0; input < n; input++)
    for (let out = 0; out < n; out++)
      if (((act.images[input] >>> out) & 1) !== 0) m |= 1 << (out * n + input);
  return m;
}

const matrixCache = new Map<number, number>();

/** {@link cliffordFrameMatrix} of a gate, cached by gate id. */
export function gateMatrix(gate: Gate): number {
  let m = matrixCache.get(gate.id);
  if (m === undefined) {
    m = cliffordFrameMatrix(gate);
    matrixCache.set(gate.id, m);
  }
  return m;
}

/** Matrices of the two-qubit gates with fast kernels (from their Stim tableaus). */
export const CX_MATRIX = cliffordFrameMatrix(GATE_DATA[GATE_ID.CX]);
export const CZ_MATRIX = cliffordFrameMatrix(GATE_DATA[GATE_ID.CZ]);
export const SWAP_MATRIX = cliffordFrameMatrix(GATE_DATA[GATE_ID.SWAP]);
export const IDENTITY2_MATRIX = cliffordFrameMatrix(GATE_DATA[GATE_ID.II]);
