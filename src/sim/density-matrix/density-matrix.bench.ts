// Density-matrix throughput: a unitary gate is two passes over 4^n entries (row and column side),
// a one-qubit Kraus channel one 4×4 superoperator pass; GB/s counts 2 × 16 × 4^n bytes per pass.
import { performance } from 'node:perf_hooks';
import { Rng } from '../../base/prng.js';
import { parseCircuit } from '../../circuit/parser.js';
import { DensityMatrixSimulator } from './density-matrix-simulator.js';

function rate(fn: () => void, minMs: number): number {
  fn();
  let reps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    fn();
    reps++;
  }
  return reps / ((performance.now() - t0) / 1000);
}

export async function bench(report: (line: string) => void): Promise<void> {
  for (const n of [8, 10, 11]) {
    const sim = new DensityMatrixSimulator(n, new Rng(1), { mode: 'exact' });
    const q = Math.floor(n / 2);
    const bytes = 2 * 16 * 4 ** n;
    const h = parseCircuit(`H ${q}`);
    const t = parseCircuit(`T ${q}`);
    const dep = parseCircuit(`DEPOLARIZE1(0.01) ${q}`);
    const amp = parseCircuit(`AMPLITUDE_DAMP(0.01) ${q}`);
    const cx = parseCircuit(`CX 0 ${n - 1}`);
    const dep2 = parseCircuit(`DEPOLARIZE2(0.01) 0 ${n - 1}`);
    const gb = (r: number, passes: number): string => `${((r * bytes * passes) / 1e9).toFixed(2)} GB/s`;
    const rh = rate(() => sim.run(h), 200);
    const rt = rate(() => sim.run(t), 200);
    const rd = rate(() => sim.run(dep), 200);
    const ra = rate(() => sim.run(amp), 200);
    const rc = rate(() => sim.run(cx), 200);
    const rd2 = rate(() => sim.run(dep2), 200);
    report(
      `n=${n} (${((16 * 4 ** n) / 2 ** 20).toFixed(0)} MiB): H ${rh.toFixed(0)}/s (${gb(rh, 2)}), T ${rt.toFixed(0)}/s, ` +
        `DEPOLARIZE1 ${rd.toFixed(0)}/s (${gb(rd, 1)}), AMPLITUDE_DAMP ${ra.toFixed(0)}/s, CX ${rc.toFixed(0)}/s, ` +
        `DEPOLARIZE2 ${rd2.toFixed(0)}/s`,
    );
    await Promise.resolve();
  }
}
