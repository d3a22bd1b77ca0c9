// Single-qubit gate throughput of the state-vector kernels at 20–24 qubits. Each 1-qubit gate
// reads and writes every amplitude once: 2 × 16 × 2^n bytes of memory traffic, which is what the
// GB/s figure counts. Also two-qubit (CX, generic 4×4) rates for comparison.
import { performance } from 'node:perf_hooks';
import { apply1, apply2, applyCX, applyH } from './kernels.js';

function time(fn: () => void, minMs: number): { reps: number; ms: number } {
  fn(); // warm-up (JIT)
  let reps = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    fn();
    reps++;
    t = performance.now();
  }
  return { reps, ms: t - t0 };
}

export async function bench(report: (line: string) => void): Promise<void> {
  const rx = Float64Array.from([Math.cos(0.1), 0, 0, -Math.sin(0.1), 0, -Math.sin(0.1), Math.cos(0.1), 0]);
  const m4 = new Float64Array(32);
  for (let k = 0; k < 32; k += 10) m4[k] = 1; // identity-like, values do not matter for the rate
  for (const n of [20, 22, 24]) {
    const data = new Float64Array(2 * 2 ** n);
    data[0] = 1;
    const bytes = 2 * 16 * 2 ** n;
    // Baseline: a plain read-modify-write pass over the same buffer (the memory-bandwidth ceiling).
    const base = time(() => {
      for (let k = 0; k < data.length; k++) data[k] *= 1;
    }, 300);
    report(
      `n=${n}: baseline streaming pass ${((bytes * base.reps) / (base.ms / 1000) / 1e9).toFixed(2)} GB/s`,
    );
    for (const q of [0, Math.floor(n / 2), n - 1]) {
      const g = time(() => apply1(data, n, q, rx), 300);
      const h = time(() => applyH(data, n, q), 300);
      const rate = (r: { reps: number; ms: number }): string =>
        `${((bytes * r.reps) / (r.ms / 1000) / 1e9).toFixed(2)} GB/s, ${(r.reps / (r.ms / 1000)).toFixed(1)} gates/s`;
      report(`n=${n} q=${q}: generic 2x2 ${rate(g)}; H kernel ${rate(h)}`);
    }
    const cx = time(() => applyCX(data, n, 1, n - 2), 300);
    const g2 = time(() => apply2(data, n, 1, n - 2, m4), 300);
    report(
      `n=${n}: CX ${(cx.reps / (cx.ms / 1000)).toFixed(1)} gates/s; generic 4x4 ` +
        `${((bytes * g2.reps) / (g2.ms / 1000) / 1e9).toFixed(2)} GB/s, ${(g2.reps / (g2.ms / 1000)).toFixed(1)} gates/s`,
    );
    await Promise.resolve();
  }
}
