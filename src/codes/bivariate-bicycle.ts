import { Gf2Matrix } from '../math/gf2.js';
import type { Check, CheckTerm, CodeSpec } from './code-spec.js';
import { cssLogicals } from './css.js';

/** A monomial x^a y^b of the group algebra F2[x, y] / (x^l − 1, y^m − 1). */
type Monomial = readonly [number, number];

/** Parameters of a bivariate bicycle code: torus sizes and the three monomials of A and of B. */
export interface BivariateBicycleParams {
  readonly l: number;
  readonly m: number;
  readonly a: readonly Monomial[];
  readonly b: readonly Monomial[];
  readonly d: number;
}

/**
 * The codes of Bravyi, Cross, Gambetta, Maslov, Rall & Yoder 2024 ("High-threshold and low-overhead
 * fault-tolerant quantum memory", Nature 627, 778), table 3: A = x³ + y + y², B = y³ + x + x².
 */
export const BB_CODES: Readonly<Record<string, BivariateBicycleParams>> = {
  bb72: {
    l: 6,
    m: 6,
    a: [
      [3, 0],
      [0, 1],
      [0, 2],
    ],
    b: [
      [0, 3],
      [1, 0],
      [2, 0],
    ],
    d: 6,
  },
  bb144: {
    l: 12,
    m: 6,
    a: [
      [3, 0],
      [0, 1],
      [0, 2],
    ],
    b: [
      [0, 3],
      [1, 0],
      [2, 0],
    ],
    d: 12,
  },
};

/**
 * A bivariate bicycle code [[2lm, k, d]]: data qubits in two blocks L and R of l·m qubits indexed
 * by (u, v) ∈ Z_l × Z_m; H_X = [A | B], H_Z = [Bᵀ | Aᵀ] where x shifts u and y shifts v, so every
 * check has weight 6. Logical operators are computed by GF(2) linear algebra (k = 12 for both
 * codes of the table). Schedule: all Z checks, then all X checks, each check's six interactions
 * greedily packed into layers where no qubit is used twice — correct for any noise (commuting
 * checks measured in sequence) but deeper than the depth-8 circuit of the paper, so its
 * circuit-level distance is not claimed; the tests check the distance under code-capacity and
 * phenomenological noise. Layout: L data at (2u, 2v), R data at (2u+1, 2v+1), X checks at
 * (2u+1, 2v), Z checks at (2u, 2v+1) on the 2l × 2m torus.
 */
export function bivariateBicycleSpec(name: string, p: BivariateBicycleParams): CodeSpec {
  const { l, m } = p;
  const lm = l * m;
  const cell = (u: number, v: number): number => (((u % l) + l) % l) * m + (((v % m) + m) % m);
  const coords = new Map<number, readonly number[]>();
  for (let u = 0; u < l; u++)
    for (let v = 0; v < m; v++) {
      coords.set(cell(u, v), [2 * u, 2 * v]); // L block: 0 .. lm-1
      coords.set(lm + cell(u, v), [2 * u + 1, 2 * v + 1]); // R block
    }
  const hx = new Gf2Matrix(lm, 2 * lm);
  const hz = new Gf2Matrix(lm, 2 * lm);
  // Row c = (u, v) of A has ones at c + monomial; Aᵀ has ones at c − monomial.
  for (let u = 0; u < l; u++)
    for (let v = 0; v < m; v++) {
      const c = cell(u, v);
      for (const [da, db] of p.a) {
        hx.set(c, cell(u + da, v + db), true);
        hz.set(c, lm + cell(u - da, v - db), true);
      }
      for (const [da, db] of p.b) {
        hx.set(c, lm + cell(u + da, v + db), true);
        hz.set(c, cell(u - da, v - db), true);
      }
    }
  const checks: Check[] = [];
  const busy = new Map<number, Set<number>>(); // layer → qubits used
  let next = 2 * lm;
  const addChecks = (h: Gf2Matrix, pauli: 'X' | 'Z', firstLayer: number, dy: number): number => {
    let maxLayer = firstLayer - 1;
    for (let u = 0; u < l; u++)
      for (let v = 0; v < m; v++) {
        const a = next++;
        coords.set(a, [2 * u + (pauli === 'X' ? 1 : 0), 2 * v + dy]);
        const terms: CheckTerm[] = [];
        for (let q = 0; q < 2 * lm; q++)
          if (h.get(cell(u, v), q)) {
            let layer = firstLayer;
            while (busy.get(layer)?.has(q) === true || busy.get(layer)?.has(a) === true) layer++;
            const s = busy.get(layer) ?? new Set<number>();
            s.add(q).add(a);
            busy.set(layer, s);
            terms.push({ data: q, pauli, layer });
            maxLayer = Math.max(maxLayer, layer);
          }
        checks.push({ ancilla: a, terms });
      }
    return maxLayer + 1;
  };
  const afterZ = addChecks(hz, 'Z', 0, 1);
  const numLayers = addChecks(hx, 'X', afterZ, 0);
  const logs = cssLogicals(hx, hz);
  return {
    family: name,
    n: 2 * lm,
    k: logs.x.length,
    d: p.d,
    dataQubits: Array.from({ length: 2 * lm }, (_, q) => q),
    checks,
    coords,
    logicalX: logs.x.map((qs) => ({ terms: qs.map((q) => ({ data: q, pauli: 'X' as const })) })),
    logicalZ: logs.z.map((qs) => ({ terms: qs.map((q) => ({ data: q, pauli: 'Z' as const })) })),
    numLayers,
  };
}
