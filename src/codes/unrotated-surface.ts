import type { Check, CheckTerm, CodeSpec, LogicalOperator, Pauli } from './code-spec.js';

/**
 * Offsets of a check's data qubits in schedule order, shared by X and Z checks (Stim's
 * unrotated layout): right, up, down, left. Both check types then spread hook errors along lines
 * that do not shorten the logical operators.
 */
export const UNROTATED_ORDER: readonly (readonly [number, number])[] = [
  [1, 0],
  [0, 1],
  [0, -1],
  [-1, 0],
];

/**
 * The unrotated (planar) surface code of distance d ([[d² + (d−1)², 1, d]]; Kitaev 1997, Bravyi &
 * Kitaev 1998, Dennis et al. 2002) on Stim's layout: a (2d−1)×(2d−1) grid, data qubits where x + y
 * is even, X checks at (odd x, even y), Z checks at (even x, odd y). Qubit index = x + (2d−1)·y.
 * With `periodic`, Kitaev's toric code on an L×L torus (L = d; [[2L², 2, L]]): the grid wraps
 * with period 2L, every check has four data qubits, and there are two logical qubits.
 */
export function unrotatedSurfaceSpec(d: number, periodic = false): CodeSpec {
  const W = periodic ? 2 * d : 2 * d - 1;
  const coords = new Map<number, readonly number[]>();
  const idx = (x: number, y: number): number => x + W * y;
  const inside = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < W && y < W;
  const wrap = (v: number): number => ((v % W) + W) % W;
  const data: number[] = [];
  const checks: Check[] = [];
  for (let y = 0; y < W; y++)
    for (let x = 0; x < W; x++) {
      coords.set(idx(x, y), [x, y]);
      if ((x + y) % 2 === 0) {
        data.push(idx(x, y));
        continue;
      }
      const type: Pauli = x % 2 === 1 ? 'X' : 'Z';
      const terms: CheckTerm[] = [];
      UNROTATED_ORDER.forEach(([dx, dy], layer) => {
        let nx = x + dx;
        let ny = y + dy;
        if (periodic) {
          nx = wrap(nx);
          ny = wrap(ny);
        } else if (!inside(nx, ny)) return;
        terms.push({ data: idx(nx, ny), pauli: type, layer });
      });
      checks.push({ ancilla: idx(x, y), terms });
    }
  const line = (pauli: Pauli, pts: [number, number][]): LogicalOperator => ({
    terms: pts.map(([x, y]) => ({ data: idx(x, y), pauli })),
  });
  const evens = Array.from({ length: periodic ? d : d }, (_, i) => 2 * i);
  let logicalZ: LogicalOperator[];
  let logicalX: LogicalOperator[];
  if (!periodic) {
    logicalZ = [
      line(
        'Z',
        evens.map((x) => [x, 0]),
      ),
    ];
    logicalX = [
      line(
        'X',
        evens.map((y) => [0, y]),
      ),
    ];
  } else {
    // Torus: Z logicals are non-contractible loops on the horizontal edges (x even, y even) of row 0
    // and on the vertical edges (x odd, y odd) of column 1; X logicals the dual loops crossing them.
    const odds = evens.map((v) => v + 1);
    logicalZ = [
      line(
        'Z',
        evens.map((x) => [x, 0]),
      ),
      line(
        'Z',
        odds.map((y) => [1, y]),
      ),
    ];
    logicalX = [
      line(
        'X',
        evens.map((y) => [0, y]),
      ),
      line(
        'X',
        odds.map((x) => [x, 1]),
      ),
    ];
  }
  return {
    family: periodic ? 'toric' : 'unrotated-surface',
    n: data.length,
    k: periodic ? 2 : 1,
    d,
    dataQubits: data,
    checks,
    coords,
    logicalX,
    logicalZ,
    numLayers: 4,
  };
}
