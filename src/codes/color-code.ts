import type { Check, CheckTerm, CodeSpec, LogicalOperator } from './code-spec.js';

/** The six neighbour directions on the triangular lattice, in order around a hexagon. */
const DIRS: readonly (readonly [number, number])[] = [
  [1, 0],
  [0, 1],
  [-1, 1],
  [-1, 0],
  [0, -1],
  [1, -1],
];

/** The triangular 6.6.6 patch of distance d: data qubits and hexagonal faces on the triangular lattice. */
export interface ColorCodeLattice {
  /** Data qubit indices 0 .. n−1 with their coordinates (i + j/2, j). */
  readonly dataCoords: ReadonlyMap<number, readonly number[]>;
  /**
   * Faces in order (row j, then i): lattice position and, per direction k of {@link COLOR_DIRS}
   * (0°, 60°, ..., 300° from the face centre), the data qubit there or undefined off the patch.
   */
  readonly faces: readonly {
    readonly i: number;
    readonly j: number;
    readonly byDir: readonly (number | undefined)[];
  }[];
  /** The d data qubits of the bottom row (j = 1), a weight-d logical of either type. */
  readonly bottom: readonly number[];
}

/** The six neighbour directions on the triangular lattice (0°, 60°, ..., 300°), as (di, dj). */
export const COLOR_DIRS = DIRS;

/**
 * Chromobius's detector annotation (Gidney & Jones 2023, arXiv:2312.08813) of a check of the face
 * at lattice column i: 0/1/2 for an X check of a red/green/blue face, 3/4/5 for a Z check. A face's
 * colour is i mod 3: along a row faces sit every third column, and the six faces around a face
 * alternate the two other colours.
 */
export function colourLabel(basis: 'X' | 'Z', i: number): number {
  return (basis === 'X' ? 0 : 3) + (((i % 3) + 3) % 3);
}

/**
 * The triangular 6.6.6 patch of odd distance d (see {@link colorCodeSpec} for the lattice).
 * Data qubits are numbered row by row from the bottom.
 */
export function colorCodeLattice(d: number): ColorCodeLattice {
  const N = (3 * d - 1) / 2;
  const isFace = (i: number, j: number): boolean => (((i - j) % 3) + 3) % 3 === 0;
  const dataCoords = new Map<number, readonly number[]>();
  const dataAt = new Map<string, number>();
  const bottom: number[] = [];
  let next = 0;
  for (let j = 1; j <= N; j++)
    for (let i = 0; i + j <= N; i++)
      if (!isFace(i, j)) {
        const q = next++;
        dataAt.set(`${i},${j}`, q);
        dataCoords.set(q, [i + j / 2, j]);
        if (j === 1) bottom.push(q);
      }
  const faces: ColorCodeLattice['faces'][number][] = [];
  for (let j = 1; j <= N; j++)
    for (let i = 0; i + j <= N; i++)
      if (isFace(i, j))
        faces.push({ i, j, byDir: DIRS.map(([di, dj]) => dataAt.get(`${i + di},${j + dj}`)) });
  return { dataCoords, faces, bottom };
}

/**
 * The triangular 6.6.6 color code of odd distance d ([[(3d²+1)/4, 1, d]]; Bombin & Martin-Delgado
 * 2006). Built on the triangular lattice (points i·a + j·b, a = (1, 0), b = (½, √3/2)): points with
 * (i − j) mod 3 = 0 are hexagonal faces, the others are data qubits (a honeycomb); the patch is the
 * triangle i ≥ 0, j ≥ 1, i + j ≤ (3d−1)/2, which gives weight-6 bulk faces, weight-4 boundary
 * faces and one logical qubit (checked by the tests: n, k and the distance).
 *
 * Every face carries an X and a Z stabilizer, each measured by its own ancilla: all Z checks first
 * (six layers, one hexagon direction per layer, so no data qubit is used twice in a layer), then all
 * X checks (six more layers). Logical X and Z are the weight-d operators along the bottom edge.
 * Coordinates: (i + j/2, j) with rows one unit apart; ancillas sit at their face (Z) or just above
 * it (X, +0.25 in y). Detectors carry {@link colourLabel} as their 4th coordinate
 * (`detectorLabels`), so the colour-code decoder `concat-matching` reads their basis and colour.
 */
export function colorCodeSpec(d: number): CodeSpec {
  const lat = colorCodeLattice(d);
  const coords = new Map<number, readonly number[]>(lat.dataCoords);
  const data = [...lat.dataCoords.keys()];
  let next = data.length;
  const checks: Check[] = [];
  const detectorLabels = new Map<number, number>();
  for (const type of ['Z', 'X'] as const)
    for (const f of lat.faces) {
      const terms: CheckTerm[] = [];
      f.byDir.forEach((q, k) => {
        if (q !== undefined) terms.push({ data: q, pauli: type, layer: (type === 'Z' ? 0 : 6) + k });
      });
      const a = next++;
      coords.set(a, [f.i + f.j / 2, f.j + (type === 'X' ? 0.25 : 0)]);
      detectorLabels.set(a, colourLabel(type, f.i));
      checks.push({ ancilla: a, terms });
    }
  const logical = (pauli: 'X' | 'Z'): LogicalOperator => ({
    terms: lat.bottom.map((q) => ({ data: q, pauli })),
  });
  return {
    family: 'color',
    n: data.length,
    k: 1,
    d,
    dataQubits: data,
    checks,
    coords,
    logicalX: [logical('X')],
    logicalZ: [logical('Z')],
    numLayers: 12,
    detectorLabels,
  };
}
