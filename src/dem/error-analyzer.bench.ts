// Detector-error-model extraction time (analyzeErrors with decomposition) on the rotated surface
// code memory circuits at d = 11 and d = 17 (rounds = d, p = 0.001) from ../shared/vectors/bench,
// with loop folding (default) and unrolled. Stim 1.16 reference: 0.13 s (d=11), 0.49 s (d=17).
// CPU time is printed beside wall time because a loaded machine inflates the latter.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseCircuit } from '../circuit/parser.js';
import { analyzeErrors } from './error-analyzer.js';
import { flattenDem } from './flatten.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const benchDir = path.resolve(repoRoot, '../shared/vectors/bench');

export async function bench(report: (line: string) => void): Promise<void> {
  await Promise.resolve();
  for (const d of [11, 17]) {
    const file = path.join(benchDir, `surface_code-rotated_memory_z-d${d}-r${d}-p0.001.stim`);
    const circuit = parseCircuit(readFileSync(file, 'utf8'));
    for (const foldLoops of [true, false]) {
      // First run includes JIT warm-up (what a CLI call pays); then the best of three warm runs.
      let t0 = performance.now();
      const dem = analyzeErrors(circuit, { decomposeErrors: true, foldLoops });
      const cold = (performance.now() - t0) / 1000;
      let best = Infinity;
      let bestCpu = Infinity;
      for (let r = 0; r < 3; r++) {
        const u0 = process.cpuUsage();
        t0 = performance.now();
        analyzeErrors(circuit, { decomposeErrors: true, foldLoops });
        best = Math.min(best, (performance.now() - t0) / 1000);
        const u = process.cpuUsage(u0);
        bestCpu = Math.min(bestCpu, (u.user + u.system) / 1e6);
      }
      const numErrors = flattenDem(dem).errors.length;
      report(
        `d=${d} r=${d} ${foldLoops ? 'folded ' : 'unrolled'}: ${cold.toFixed(3)} s cold, ${best.toFixed(3)} s warm, ${bestCpu.toFixed(3)} s CPU ` +
          `(${numErrors} flat errors, ${circuit.numDetectors} detectors; Stim ${d === 11 ? '0.13' : '0.49'} s)`,
      );
    }
  }
}
