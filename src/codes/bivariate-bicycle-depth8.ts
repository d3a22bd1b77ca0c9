import { ValidationError } from '../base/errors.js';
import { parseCircuit } from '../circuit/parser.js';
import { NOISELESS_TAG, ROUND_MARKER_TAG } from '../noise/apply-noise.js';
import { bivariateBicycleSpec, type BivariateBicycleParams } from './bivariate-bicycle.js';
import type { CodeLayout, CodeMetadata } from './code-spec.js';
import type { GeneratedCode, MemoryTask } from './memory-circuit.js';

/**
 * The order in which the paper's depth-8 cycle couples each check to its six neighbours (Bravyi et
 * al. 2024, Nature 627, 778, Fig. 7 / arXiv:2308.07915 §"Syndrome measurement circuit"). Neighbour
 * labels: an X check's 0, 1, 2 are its left data through A1, A2, A3 and 3, 4, 5 its right data
 * through B1, B2, B3; a Z check's 0, 1, 2 are its left data through B1ᵀ, B2ᵀ, B3ᵀ and 3, 4, 5 its
 * right data through A1ᵀ, A2ᵀ, A3ᵀ. Entry t is the neighbour coupled at time step t (−1: none).
 */
export const BB_DEPTH8_SCHEDULE = {
  x: [-1, 1, 4, 3, 5, 0, 2],
  z: [3, 5, 0, 1, 2, 4, -1],
} as const;

/**
 * A bivariate bicycle memory experiment with the paper's depth-8 syndrome cycle: step 0 prepares
 * the X checks in |+⟩ while the Z checks do their first CNOT; steps 1–5 run X-check CNOTs
 * (check→data) and Z-check CNOTs (data→check) side by side; step 6 measures the Z checks while the
 * X checks do their last CNOT; step 7 measures the X checks and resets the Z checks, all data idle.
 * Each cycle is exactly 8 moments (TICKs), so a noise model's idle errors land where the paper
 * puts them (left data in step 0, right data in step 6, all data in step 7).
 *
 * Time boundaries as the paper's simulation: the data and the Z checks start noiselessly in the
 * code state (`R[noiseless]`/`RX[noiseless]`) and the data are read out noiselessly at the end
 * (`M[noiseless]`, equivalent to the paper's two noiseless closing cycles), so every fault is one
 * of the cycles'. Detectors compare each check with its previous cycle (first cycle: the task
 * basis only) and the final data; one observable per logical operator of the task basis (12).
 * Throws ValidationError when rounds < 1.
 */
export function bivariateBicycleDepth8(
  name: string,
  p: BivariateBicycleParams,
  task: MemoryTask,
  rounds: number,
): GeneratedCode {
  if (!Number.isSafeInteger(rounds) || rounds < 1)
    throw new ValidationError(`rounds must be an integer ≥ 1, got ${rounds}`, {
      field: 'rounds',
      value: rounds,
    });
  const spec0 = bivariateBicycleSpec(name, p);
  const { l, m } = p;
  const lm = l * m;
  const cell = (u: number, v: number): number => (((u % l) + l) % l) * m + (((v % m) + m) % m);
  // Ancilla numbering as bivariateBicycleSpec: Z checks first, then X checks.
  const zCheck = (c: number): number => 2 * lm + c;
  const xCheck = (c: number): number => 3 * lm + c;
  // Neighbour k of X check c = (u, v) and of Z check c, as in the doc comment above.
  const xNeighbour = (u: number, v: number, k: number): number =>
    k < 3 ? cell(u + p.a[k][0], v + p.a[k][1]) : lm + cell(u + p.b[k - 3][0], v + p.b[k - 3][1]);
  const zNeighbour = (u: number, v: number, k: number): number =>
    k < 3 ? cell(u - p.b[k][0], v - p.b[k][1]) : lm + cell(u - p.a[k - 3][0], v - p.a[k - 3][1]);
  const coords = new Map<number, readonly number[]>();
  for (let u = 0; u < l; u++)
    for (let v = 0; v < m; v++) {
      const c = cell(u, v);
      coords.set(c, [2 * u, 2 * v]);
      coords.set(lm + c, [2 * u + 1, 2 * v + 1]);
      coords.set(xCheck(c), [2 * u + 1, 2 * v]);
      coords.set(zCheck(c), [2 * u, 2 * v + 1]);
    }
  const all = (f: (c: number) => number): string => Array.from({ length: lm }, (_, c) => f(c)).join(' ');
  const data = all((c) => c) + ' ' + all((c) => lm + c);
  const xs = all(xCheck);
  const zs = all(zCheck);
  const cnots = (t: number): string[] => {
    const out: string[] = [];
    const kx = BB_DEPTH8_SCHEDULE.x[t];
    const kz = BB_DEPTH8_SCHEDULE.z[t];
    const pairs: number[] = [];
    for (let u = 0; u < l; u++)
      for (let v = 0; v < m; v++) {
        const c = cell(u, v);
        if (kx >= 0) pairs.push(xCheck(c), xNeighbour(u, v, kx));
        if (kz >= 0) pairs.push(zNeighbour(u, v, kz), zCheck(c));
      }
    if (pairs.length > 0) out.push(`CX ${pairs.join(' ')}`);
    return out;
  };
  const lines: string[] = [];
  for (const q of [...coords.keys()].sort((a, b) => a - b))
    lines.push(`QUBIT_COORDS(${(coords.get(q) ?? []).join(', ')}) ${q}`);
  lines.push(`${task === 'memory-z' ? 'R' : 'RX'}[${NOISELESS_TAG}] ${data}`, `R[${NOISELESS_TAG}] ${zs}`);
  // Per cycle the records are: Z checks (step 6), then X checks (step 7).
  const M = 2 * lm;
  const zRec = (c: number, back: number): string => `rec[-${M - c + back * M}]`;
  const xRec = (c: number, back: number): string => `rec[-${lm - c + back * M}]`;
  const cycle = (first: boolean, ind: string): void => {
    const out = (...s: string[]): void => {
      for (const x of s) lines.push(ind + x);
    };
    out('TICK', `I[${ROUND_MARKER_TAG}] ${data}`, `RX ${xs}`, ...cnots(0));
    for (let t = 1; t <= 5; t++) out('TICK', ...cnots(t));
    out('TICK', `M ${zs}`, ...cnots(6));
    out('TICK', `MX ${xs}`, `R ${zs}`);
    if (!first) out('SHIFT_COORDS(0, 0, 1)');
    for (let c = 0; c < lm; c++) {
      const zc = [...(coords.get(zCheck(c)) ?? []), 0].join(', ');
      if (!first) out(`DETECTOR(${zc}) ${zRec(c, 0)} ${zRec(c, 1)}`);
      else if (task === 'memory-z') out(`DETECTOR(${zc}) ${zRec(c, 0)}`);
    }
    for (let c = 0; c < lm; c++) {
      const xc = [...(coords.get(xCheck(c)) ?? []), 0].join(', ');
      if (!first) out(`DETECTOR(${xc}) ${xRec(c, 0)} ${xRec(c, 1)}`);
      else if (task === 'memory-x') out(`DETECTOR(${xc}) ${xRec(c, 0)}`);
    }
  };
  cycle(true, '');
  if (rounds > 1) {
    lines.push(`REPEAT ${rounds - 1} {`);
    cycle(false, '    ');
    lines.push('}');
  }
  lines.push('TICK', `${task === 'memory-z' ? 'M' : 'MX'}[${NOISELESS_TAG}] ${data}`);
  const n = 2 * lm;
  const dataRec = (q: number): string => `rec[-${n - q}]`;
  for (let u = 0; u < l; u++)
    for (let v = 0; v < m; v++) {
      const c = cell(u, v);
      const isZ = task === 'memory-z';
      const recs = Array.from({ length: 6 }, (_, k) =>
        dataRec(isZ ? zNeighbour(u, v, k) : xNeighbour(u, v, k)),
      );
      recs.push(isZ ? `rec[-${n + M - c}]` : `rec[-${n + lm - c}]`);
      const anc = isZ ? zCheck(c) : xCheck(c);
      lines.push(`DETECTOR(${[...(coords.get(anc) ?? []), 1].join(', ')}) ${recs.join(' ')}`);
    }
  const logicals = task === 'memory-z' ? spec0.logicalZ : spec0.logicalX;
  logicals.forEach((op, i) => {
    lines.push(`OBSERVABLE_INCLUDE(${i}) ${op.terms.map((t) => dataRec(t.data)).join(' ')}`);
  });

  const circuit = parseCircuit(lines.join('\n') + '\n', `<${name}-depth8 ${task}>`);
  const layout: CodeLayout = {
    qubits: [...coords.keys()]
      .sort((a, b) => a - b)
      .map((q) =>
        q < n
          ? { index: q, coords: coords.get(q) ?? [], role: 'data' as const }
          : {
              index: q,
              coords: coords.get(q) ?? [],
              role: 'ancilla' as const,
              checkType: q < 3 * lm ? ('Z' as const) : ('X' as const),
            },
      ),
  };
  const metadata: CodeMetadata = {
    code: `${name}-depth8`,
    task,
    n,
    k: spec0.k,
    d: p.d,
    rounds,
    numDataQubits: n,
    numAncillaQubits: n,
    numQubits: 2 * n,
  };
  return { circuit, layout, metadata, spec: { ...spec0, family: `${name}-depth8` } };
}
