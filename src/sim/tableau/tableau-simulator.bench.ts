// Tableau simulator rates: gates/s on a 1000-qubit random Clifford circuit, shots/s of
// sampleTableau on the d=5 surface-code circuit, and the d=17 reference sample / determinism check.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Rng } from '../../base/prng.js';
import { parseCircuit } from '../../circuit/parser.js';
import { checkDeterministic, referenceSample } from './reference-sample.js';
import { TableauSimulator, sampleTableau } from './tableau-simulator.js';
import { randomCliffordCircuitText } from './demo.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const vectors = path.resolve(repoRoot, '../shared/vectors');

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, (performance.now() - t0) / 1000];
}

export async function bench(report: (line: string) => void): Promise<void> {
  await Promise.resolve();
  // 1000-qubit random Clifford circuit (H, S, S_DAG, CX, CZ, SWAP fast paths + generic gates).
  const n = 1000;
  const numGates = 200_000;
  const c = parseCircuit(randomCliffordCircuitText(n, numGates, new Rng(1)));
  const sim = new TableauSimulator(n, new Rng(2));
  sim.run(c); // warm-up
  const [, dt] = time(() => sim.run(c));
  report(
    `random Clifford, ${n} qubits: ${(numGates / dt / 1e6).toFixed(2)} M gates/s (${((dt / numGates) * 1e9).toFixed(0)} ns/gate)`,
  );

  const ghzText = `H 0\nCX ${[...Array(n - 1).keys()].map((q) => `${q} ${q + 1}`).join(' ')}\nM ${[...Array(n).keys()].join(' ')}`;
  const ghz = parseCircuit(ghzText);
  const [, dtGhz] = time(() => {
    for (let i = 0; i < 5; i++) new TableauSimulator(n, new Rng(i)).run(ghz);
  });
  report(`1000-qubit GHZ + measure all (1 random collapse): ${((dtGhz / 5) * 1e3).toFixed(1)} ms/run`);

  const d5 = parseCircuit(
    readFileSync(path.join(vectors, 'circuits', 'surface_code-rotated_memory_z-d5-r5-p0.001.stim'), 'utf8'),
  );
  sampleTableau(d5, 200, new Rng(3));
  const shots = 3000;
  const [, dtS] = time(() => sampleTableau(d5, shots, new Rng(4)));
  report(
    `sampleTableau d=5 r=5 surface code: ${(shots / dtS).toFixed(0)} shots/s (${((dtS / shots) * 1e6).toFixed(0)} µs/shot)`,
  );

  const d17 = parseCircuit(
    readFileSync(path.join(vectors, 'bench', 'surface_code-rotated_memory_z-d17-r17-p0.001.stim'), 'utf8'),
  );
  referenceSample(d17);
  const [, dtR] = time(() => referenceSample(d17));
  report(
    `referenceSample d=17 r=17 (${d17.numQubits} qubits, ${d17.numMeasurements} results): ${(dtR * 1e3).toFixed(1)} ms`,
  );
  const [, dtC] = time(() => checkDeterministic(d17));
  report(`checkDeterministic d=17 r=17: ${(dtC * 1e3).toFixed(1)} ms`);
}
