import type { Check, CheckTerm, CodeSpec, LogicalOperator, Pauli } from './code-spec.js';

/** Offsets (dx, dy) of an X-type check's data qubits in schedule order (hook errors run along the X logical). */
export const X_ORDER: readonly (readonly [number, number])[] = [
  [1, 1],
  [-1, 1],
  [1, -1],
  [-1, -1],
];
/** Offsets of a Z-type check's data qubits in schedule order (the mirrored "N" order). */
export const Z_ORDER: readonly (readonly [number, number])[] = [
  [1, 1],
  [1, -1],
  [-1, 1],
  [-1, -1],
];

/** The rotated lattice of {@link rotatedLattice}: qubits, coordinates and checks. */
export interface RotatedLattice {
  /** Coordinates of every qubit: data at (2i+1, 2j+1), check ancillas at even (x, y). */
  readonly coords: Map<number, readonly number[]>;
  /** Data qubit at coordinate key `x,y`. */
  readonly dataAt: ReadonlyMap<string, number>;
  /** Data qubits in the Hadamard frame (XZZX checkerboard); empty unless asked for. */
  readonly hadamardData: Set<number>;
  /** The Pauli a check or logical of type `p` applies to data qubit `q` (swapped X↔Z in the Hadamard frame). */
  readonly deform: (q: number, p: Pauli) => Pauli;
  readonly checks: Check[];
  /** The type (X or Z) of each check, in the order of {@link RotatedLattice.checks}. */
  readonly checkTypes: Pauli[];
}

/**
 * Stim's rotated lattice of `size` × `size` data qubits: data at odd coordinates (2i+1, 2j+1)
 * numbered 0..size²−1 row by row, plaquettes at even coordinates (2i, 2j) for 0 ≤ i, j ≤ size of
 * type X where i + j is odd, else Z, with the hook-avoiding CX orders {@link X_ORDER} /
 * {@link Z_ORDER}. Bulk plaquettes are all checks; a boundary plaquette (weight 2) is a check only
 * when its type is the one `boundaryType` gives its side; corners never are. Ancillas are numbered
 * after the data in plaquette order. With `xzzx`, every other data qubit (checkerboard) is in the
 * Hadamard frame. Shared by the memory patch ({@link rotatedSurfaceSpec}) and the stability patch
 * (`stability.ts`).
 */
export function rotatedLattice(
  size: number,
  xzzx: boolean,
  boundaryType: (side: 'top-bottom' | 'left-right') => Pauli,
): RotatedLattice {
  const coords = new Map<number, readonly number[]>();
  const dataAt = new Map<string, number>();
  const hadamardData = new Set<number>();
  let next = 0;
  for (let j = 0; j < size; j++)
    for (let i = 0; i < size; i++) {
      const q = next++;
      coords.set(q, [2 * i + 1, 2 * j + 1]);
      dataAt.set(`${2 * i + 1},${2 * j + 1}`, q);
      if (xzzx && (i + j) % 2 === 1) hadamardData.add(q);
    }
  const deform = (q: number, p: Pauli): Pauli =>
    hadamardData.has(q) ? (p === 'X' ? 'Z' : p === 'Z' ? 'X' : 'Y') : p;
  const checks: Check[] = [];
  const checkTypes: Pauli[] = [];
  const topBottom = boundaryType('top-bottom');
  const leftRight = boundaryType('left-right');
  for (let j = 0; j <= size; j++)
    for (let i = 0; i <= size; i++) {
      const type: Pauli = (i + j) % 2 === 1 ? 'X' : 'Z';
      const onTopBottom = j === 0 || j === size;
      const onLeftRight = i === 0 || i === size;
      if (onTopBottom && onLeftRight) continue;
      if (onTopBottom && type !== topBottom) continue;
      if (onLeftRight && type !== leftRight) continue;
      const x = 2 * i;
      const y = 2 * j;
      const terms: CheckTerm[] = [];
      (type === 'X' ? X_ORDER : Z_ORDER).forEach(([dx, dy], layer) => {
        const q = dataAt.get(`${x + dx},${y + dy}`);
        if (q !== undefined) terms.push({ data: q, pauli: deform(q, type), layer });
      });
      const a = next++;
      coords.set(a, [x, y]);
      checks.push({ ancilla: a, terms });
      checkTypes.push(type);
    }
  return { coords, dataAt, hadamardData, deform, checks, checkTypes };
}

/**
 * The rotated surface code of distance d ([[d², 1, d]]; Bombin & Martin-Delgado 2007, Horsman et al.
 * 2012) on Stim's layout: data qubits at odd coordinates (2i+1, 2j+1), check qubits at even
 * coordinates, X-type checks on the top and bottom boundaries, Z-type on the left and right, and
 * the hook-avoiding CX orders that keep the circuit-level distance equal to d. Data qubits are
 * numbered 0..d²−1 row by row, then the d²−1 ancillas.
 *
 * With `xzzx`, the XZZX surface code (Bonilla Ataides, Tuckett, Bartlett, Flammia, Brown 2021,
 * Nat. Commun. 12, 2172): the same lattice with a Hadamard frame change on every other data qubit
 * (checkerboard), so every check reads X Z Z X and pure Z noise acts as decoupled repetition
 * codes. Returns the spec plus the set of Hadamard-deformed data qubits.
 */
export function rotatedSurfaceSpec(d: number, xzzx = false): { spec: CodeSpec; hadamardData: Set<number> } {
  const { coords, dataAt, hadamardData, deform, checks } = rotatedLattice(d, xzzx, (side) =>
    side === 'top-bottom' ? 'X' : 'Z',
  );
  const row: LogicalOperator = {
    terms: Array.from({ length: d }, (_, i) => {
      const q = dataAt.get(`${2 * i + 1},1`) ?? -1;
      return { data: q, pauli: deform(q, 'Z') };
    }),
  };
  const col: LogicalOperator = {
    terms: Array.from({ length: d }, (_, j) => {
      const q = dataAt.get(`1,${2 * j + 1}`) ?? -1;
      return { data: q, pauli: deform(q, 'X') };
    }),
  };
  return {
    spec: {
      family: xzzx ? 'xzzx' : 'rotated-surface',
      n: d * d,
      k: 1,
      d,
      dataQubits: Array.from({ length: d * d }, (_, q) => q),
      checks,
      coords,
      logicalX: [col],
      logicalZ: [row],
      numLayers: 4,
    },
    hadamardData,
  };
}
