/**
 * The conjugation action of every fixed Clifford gate of the table on Pauli generators, derived
 * once from the tableau strings of {@link GATE_DATA} (`Gate.tableau`). The tableau simulator,
 * the frame sampler and the error analyzer all read their Clifford action from here, so the gate
 * strings are parsed in one place.
 *
 * Bit layout of one Pauli on the ≤ 2 qubits of one application ({@link PauliBits}): bit 2q is the
 * X component and bit 2q + 1 the Z component on target q (Y sets both), so the generators in
 * Stim's order X0, Z0, X1, Z1 are the bits 0, 1, 2, 3.
 */
import type { Gate } from './gate.js';
import { GATE_DATA } from './gate-data.js';

/**
 * A Pauli on the targets of one gate application, signs dropped: bit 2q = X part and bit 2q + 1 =
 * Z part on target q (so X0 = 0b01, Z0 = 0b10, Y0 = 0b11, X1 = 0b0100).
 */
export type PauliBits = number;

/** The X part of target `q` in {@link PauliBits}. */
export const pauliX = (bits: PauliBits, q: number): number => (bits >>> (2 * q)) & 1;
/** The Z part of target `q` in {@link PauliBits}. */
export const pauliZ = (bits: PauliBits, q: number): number => (bits >>> (2 * q + 1)) & 1;

/** The action P ↦ U·P·U† of one Clifford gate U, and of its inverse, on Pauli generators. Frozen. */
export interface CliffordAction {
  /** Qubits of one application: 1 or 2. */
  readonly arity: number;
  /**
   * `images[g]` = U·G_g·U† without its sign, for the generators G_g in Stim's order X0, Z0
   * (, X1, Z1) — the unsigned `Gate.tableau` entries.
   */
  readonly images: readonly PauliBits[];
  /** Bit g set when the image of generator g carries the sign −1. */
  readonly signs: number;
  /**
   * `inverseImages[g]` = U†·G_g·U without its sign: the GF(2) inverse of {@link images} (the
   * backward action, as the error analyzer walks a circuit from its end).
   */
  readonly inverseImages: readonly PauliBits[];
}

/** The unsigned bits and the sign of one tableau entry such as `-XZ` (character q = target q). */
function parseImage(gate: string, text: string, arity: number): [PauliBits, boolean] {
  const m = /^([+-])([IXYZ_]+)$/.exec(text);
  if (m === null || m[2].length !== arity)
    throw new Error(`clifford-action: bad tableau entry '${text}' of ${gate}`);
  let bits = 0;
  for (let q = 0; q < arity; q++) {
    const c = m[2][q];
    if (c === 'X' || c === 'Y') bits |= 1 << (2 * q);
    if (c === 'Z' || c === 'Y') bits |= 1 << (2 * q + 1);
  }
  return [bits, m[1] === '-'];
}

/**
 * The GF(2) inverse of the linear map sending generator g to `rows[g]` (m = rows.length ≤ 4
 * generators): out[g] is the preimage of generator g. Gauss–Jordan on an m × 2m bit matrix.
 */
function invert(gate: string, rows: readonly PauliBits[]): PauliBits[] {
  const m = rows.length;
  const aug = rows.map((r, g) => r | (1 << (m + g))); // [rows | identity], bit j = column j
  for (let col = 0; col < m; col++) {
    let piv = col;
    while (piv < m && ((aug[piv] >>> col) & 1) === 0) piv++;
    if (piv === m) throw new Error(`clifford-action: the tableau of ${gate} is not invertible`);
    [aug[col], aug[piv]] = [aug[piv], aug[col]];
    for (let r = 0; r < m; r++) if (r !== col && ((aug[r] >>> col) & 1) !== 0) aug[r] ^= aug[col];
  }
  // Row g of the inverse matrix: in row-vector form v ↦ v·R, the preimage of generator g.
  return aug.map((r) => r >>> m);
}

function actionOf(gate: Gate): CliffordAction | undefined {
  const tab = gate.tableau;
  if (tab === undefined) return undefined;
  const arity = tab.length / 2;
  const images: PauliBits[] = [];
  let signs = 0;
  for (let g = 0; g < tab.length; g++) {
    const [bits, negative] = parseImage(gate.name, tab[g], arity);
    images.push(bits);
    if (negative) signs |= 1 << g;
  }
  return Object.freeze({
    arity,
    images: Object.freeze(images),
    signs,
    inverseImages: Object.freeze(invert(gate.name, images)),
  });
}

/**
 * The Clifford action of every gate, indexed by gate id (`CLIFFORD_ACTIONS[g.id]`); undefined for
 * gates without a fixed tableau (non-Clifford, noise, measurements, annotations, SPP). Built once
 * at load from the gate table. Frozen.
 */
export const CLIFFORD_ACTIONS: readonly (CliffordAction | undefined)[] = Object.freeze(
  GATE_DATA.map(actionOf),
);

/** The action of `gate` ({@link CLIFFORD_ACTIONS}), or undefined when it has no fixed tableau. O(1). */
export function cliffordAction(gate: Gate): CliffordAction | undefined {
  return CLIFFORD_ACTIONS[gate.id];
}
