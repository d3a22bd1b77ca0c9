import type { Check, CodeSpec, Pauli } from './code-spec.js';

/** A line layout for small codes: data at (i, 0), ancillas at (i, 1) in check order. */
function smallSpec(
  family: string,
  n: number,
  d: number,
  stabilizers: readonly string[],
  logicalX: string,
  logicalZ: string,
  schedule: 'sequential' | 'by-position',
): CodeSpec {
  const coords = new Map<number, readonly number[]>();
  const data = Array.from({ length: n }, (_, q) => q);
  for (const q of data) coords.set(q, [q, 0]);
  const checks: Check[] = [];
  let layerBase = 0;
  stabilizers.forEach((s, c) => {
    const a = n + c;
    coords.set(a, [c, 1]);
    const terms = [...s]
      .map((p, q) => ({ p, q }))
      .filter(({ p }) => p !== 'I' && p !== '_')
      .map(({ p, q }, k) => ({
        data: q,
        pauli: p as Pauli,
        layer: schedule === 'sequential' ? layerBase + k : q,
      }));
    if (schedule === 'sequential') layerBase += terms.length;
    checks.push({ ancilla: a, terms });
  });
  const op = (s: string): { terms: { data: number; pauli: Pauli }[] } => ({
    terms: [...s]
      .map((p, q) => ({ data: q, pauli: p as Pauli }))
      .filter((t) => (t.pauli as string) !== 'I' && (t.pauli as string) !== '_'),
  });
  const numLayers = Math.max(...checks.flatMap((c) => c.terms.map((t) => t.layer))) + 1;
  return {
    family,
    n,
    k: 1,
    d,
    dataQubits: data,
    checks,
    coords,
    logicalX: [op(logicalX)],
    logicalZ: [op(logicalZ)],
    numLayers,
  };
}

/**
 * Shor's [[9,1,3]] code (Shor 1995): Z-type checks Z_iZ_{i+1} inside each block of three, X-type
 * checks on pairs of blocks; logical X = X on the first block, logical Z = Z on the first qubit of
 * each block. Checks are measured one after the other (bare ancillas).
 */
export function shorSpec(): CodeSpec {
  return smallSpec(
    'shor',
    9,
    3,
    ['ZZIIIIIII', 'IZZIIIIII', 'IIIZZIIII', 'IIIIZZIII', 'IIIIIIZZI', 'IIIIIIIZZ', 'XXXXXXIII', 'IIIXXXXXX'],
    'XXXIIIIII',
    'ZIIZIIZII',
    'sequential',
  );
}

/**
 * The perfect [[5,1,3]] code (Laflamme et al. 1996; Bennett et al. 1996): stabilizers the cyclic
 * shifts of XZZXI, logical X = XXXXX, Z = ZZZZZ. Not CSS, so no check is deterministic on a product
 * state: its memory experiment uses ideal (noiseless) stabilizer projections at both time
 * boundaries (see `boundaries: 'ideal'` in memory-circuit.ts). Checks measured one after the other.
 */
export function fiveQubitSpec(): CodeSpec {
  return smallSpec('five-qubit', 5, 3, ['XZZXI', 'IXZZX', 'XIXZZ', 'ZXIXZ'], 'XXXXX', 'ZZZZZ', 'sequential');
}
