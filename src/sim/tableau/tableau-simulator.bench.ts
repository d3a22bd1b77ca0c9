// Tableau simulator rates: gates/s on a 1000-qubit random Clifford circuit, shots/s of
// sampleTableau on the d=5 surface-code circuit, and the d=17 reference sample / determinism check.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Rng } from '../../base/prng.js';
import { parseCircuit } from '../../circuit/parser.js';
import { checkDeterministic, referenceSample } from './reference-sample.js';
import { TableauSimulator } from './tableau-simulator.js';
import { sampleTableau } from './tableau-sampler.js';
import { randomCliffordCircuit } from './demo.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const vectors = path.resolve(repoRoot, '../shared/vectors');

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, (performance.now() - t0) / 1000];
}

/** Best of `reps` timings (seconds) after one warm-up call. */
function best(reps: number, f: () => void): number {
  f();
  let b = Infinity;
  for (let i = 0; i < reps; i++) b = Math.min(b, time(f)[1]);
  return b;
}

/** Random circuit text over the given gates (arity from the name list). */
function randomText(
  n: number,
  numGates: number,
  gates: readonly string[],
  twoQubit: ReadonlySet<string>,
  rng: Rng,
): string {
  const lines: string[] = [];
  for (let i = 0; i < numGates; i++) {
    const g = gates[rng.nextInt(gates.length)];
    const a = rng.nextInt(n);
    let b = rng.nextInt(n - 1);
    if (b >= a) b++;
    lines.push(twoQubit.has(g) ? `${g} ${a} ${b}` : `${g} ${a}`);
  }
  return lines.join('\n');
}

export async function bench(report: (line: string) => void): Promise<void> {
  await Promise.resolve();
  const n = 1000;
  const numGates = 100_000;
  const two = new Set(['CX', 'CZ', 'SWAP', 'ISWAP', 'SQRT_XX', 'CXSWAP']);
  const mixes: [string, readonly string[]][] = [
    ['fast paths (H, S, S_DAG, CX, CZ, SWAP)', ['H', 'S', 'S_DAG', 'CX', 'CZ', 'SWAP']],
    ['single-qubit generic (SQRT_X, C_XYZ)', ['SQRT_X', 'C_XYZ']],
    ['two-qubit generic (ISWAP, SQRT_XX, CXSWAP)', ['ISWAP', 'SQRT_XX', 'CXSWAP']],
  ];
  for (const [label, gates] of mixes) {
    const c = parseCircuit(randomText(n, numGates, gates, two, new Rng(1)));
    const sim = new TableauSimulator(n, new Rng(2));
    const dt = best(3, () => sim.run(c));
    report(
      `random Clifford, ${n} qubits, ${label}: ${(numGates / dt / 1e6).toFixed(2)} M gates/s (${((dt / numGates) * 1e9).toFixed(0)} ns/gate)`,
    );
  }
  const mixed = randomCliffordCircuit(n, numGates, new Rng(1));
  const simMixed = new TableauSimulator(n, new Rng(2));
  const dtMixed = best(3, () => simMixed.run(mixed));
  report(
    `random Clifford, ${n} qubits, demo mix (9 gates incl. ISWAP): ${(numGates / dtMixed / 1e6).toFixed(2)} M gates/s`,
  );

  const ghzText = `H 0\nCX ${[...Array(n - 1).keys()].map((q) => `${q} ${q + 1}`).join(' ')}\nM ${[...Array(n).keys()].join(' ')}`;
  const ghz = parseCircuit(ghzText);
  let seed = 0;
  for (let i = 0; i < 10; i++) new TableauSimulator(n, new Rng(seed++)).run(ghz);
  const dtGhz = best(5, () => new TableauSimulator(n, new Rng(seed++)).run(ghz));
  report(`1000-qubit GHZ + measure all (1 random collapse): ${(dtGhz * 1e3).toFixed(1)} ms/run`);

  const d5 = parseCircuit(
    readFileSync(path.join(vectors, 'circuits', 'surface_code-rotated_memory_z-d5-r5-p0.001.stim'), 'utf8'),
  );
  sampleTableau(d5, 500, new Rng(3));
  const shots = 3000;
  const [, dtS] = time(() => sampleTableau(d5, shots, new Rng(4)));
  report(
    `sampleTableau d=5 r=5 surface code: ${(shots / dtS).toFixed(0)} shots/s (${((dtS / shots) * 1e6).toFixed(0)} µs/shot)`,
  );

  const d17 = parseCircuit(
    readFileSync(path.join(vectors, 'bench', 'surface_code-rotated_memory_z-d17-r17-p0.001.stim'), 'utf8'),
  );
  const [, cold] = time(() => referenceSample(d17));
  const dtR = best(5, () => referenceSample(d17));
  report(
    `referenceSample d=17 r=17 (${d17.numQubits} qubits, ${d17.numMeasurements} results): ${(dtR * 1e3).toFixed(1)} ms (first call ${(cold * 1e3).toFixed(0)} ms)`,
  );
  const dtC = best(5, () => checkDeterministic(d17));
  report(`checkDeterministic d=17 r=17: ${(dtC * 1e3).toFixed(1)} ms`);
}
