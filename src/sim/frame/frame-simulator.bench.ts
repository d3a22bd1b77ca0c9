// Detection-event sampling rates of the frame sampler on rotated surface-code memory circuits
// (Stim-generated, p = 0.001, r = d rounds) on one core; the worker pool's rates are measured by
// src/node/frame-sampler-pool.bench.ts (a bench obeys the layer rule: sim/ does not import node/).
// Targets on one core: ≥ 2,000,000 shots/s at d = 5, 500,000 at d = 11, 150,000 at d = 17.
// Rates are shots / wall-clock second; "cpu" is shots per second of process CPU time (less
// sensitive to other load on the machine). Output tables are reused between timed runs: in some VMs
// faulting in fresh memory costs ~25 µs per 4 KiB page, more than sampling d = 17 rows.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../base/prng.js';
import { parseCircuit } from '../../circuit/parser.js';
import { BitTable } from '../../mem/bit-table.js';
import { compileSampler } from './frame-simulator.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const vectors = path.resolve(repoRoot, '../shared/vectors');

const CASES = [
  {
    d: 5,
    file: 'circuits/surface_code-rotated_memory_z-d5-r5-p0.001.stim',
    shots: 1_000_000,
    target: 2_000_000,
  },
  { d: 11, file: 'bench/surface_code-rotated_memory_z-d11-r11-p0.001.stim', shots: 200_000, target: 500_000 },
  { d: 17, file: 'bench/surface_code-rotated_memory_z-d17-r17-p0.001.stim', shots: 60_000, target: 150_000 },
];

/** Best of `reps` runs: [wall seconds, cpu seconds]. */
function time(fn: () => void, reps: number): [number, number] {
  let wall = Infinity;
  let cpu = Infinity;
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const t = (performance.now() - t0) / 1000;
    const cu = process.cpuUsage(c0);
    wall = Math.min(wall, t);
    cpu = Math.min(cpu, (cu.user + cu.system) / 1e6);
  }
  return [wall, cpu];
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

/** Prints the one-core rates of every case. */
export function bench(report: (line: string) => void): void {
  for (const { d, file, shots, target } of CASES) {
    const text = readFileSync(path.join(vectors, file), 'utf8');
    const circuit = parseCircuit(text);
    const sampler = compileSampler(circuit, { batchShots: 2048 });
    const out = {
      detectors: new BitTable(shots, sampler.numDetectors),
      observables: new BitTable(shots, sampler.numObservables),
    };
    sampler.sampleDetectors(shots, new Rng(1), { out }); // warm-up, faults the output in
    const [wall, cpu] = time(() => sampler.sampleDetectors(shots, new Rng(2), { out }), 3);
    report(
      `d=${d} (${sampler.numQubits} qubits, ${sampler.numDetectors} detectors), one core, shot-major: ` +
        `${fmt(shots / wall)} shots/s wall, ${fmt(shots / cpu)} shots/s cpu ` +
        `(${((wall / shots) * 1e6).toFixed(2)} µs/shot; target ${fmt(target)}: ${shots / wall >= target ? 'met' : 'NOT met'})`,
    );
    const dm = new BitTable(sampler.numDetectors, shots);
    const om = new BitTable(sampler.numObservables, shots);
    sampler.sampleDetectorsInto(shots, new Rng(1), dm, om);
    const [wall2, cpu2] = time(() => sampler.sampleDetectorsInto(shots, new Rng(2), dm, om), 3);
    report(
      `d=${d}, one core, detector-major (no transpose): ${fmt(shots / wall2)} shots/s wall, ${fmt(shots / cpu2)} cpu`,
    );
    const fresh = Math.min(shots, 100_000);
    const [wall3] = time(() => sampler.sampleDetectors(fresh, new Rng(3)), 1);
    report(`d=${d}, one core, shot-major into freshly allocated tables: ${fmt(fresh / wall3)} shots/s wall`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  bench((line) => console.log(line));
}
