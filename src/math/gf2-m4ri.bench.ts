// GF(2) Gauss–Jordan elimination: plain (gf2RowReduceInto) against the Method of Four Russians
// (gf2RowReduceM4riInto) on the same matrices, ms per elimination (median of 3 passes, one
// core): a dense random matrix, where M4RI's (2^k + rows)/k row additions per pivot beat plain's
// rows/2, and an OSD-shaped one (432 × 16 164 like bb72-depth8's check matrix at 6 rounds,
// 6 ones per column, columns in random order, syndrome column), which stays sparse, so fewer rows
// hold a pivot bit and the gain is smaller. The machine may be loaded: compare lines of one run.
import { performance } from 'node:perf_hooks';
import { Rng } from '../base/prng.js';
import { Gf2Matrix, gf2RowReduceInto } from './gf2.js';
import { gf2RowReduceM4riInto, m4riBlockSize } from './gf2-m4ri.js';

function randomMatrix(rows: number, cols: number, perColumn: number | undefined, rng: Rng): Gf2Matrix {
  const m = new Gf2Matrix(rows, cols + 1);
  for (let j = 0; j < cols; j++)
    if (perColumn === undefined) {
      for (let r = 0; r < rows; r++) if (rng.nextFloat() < 0.5) m.set(r, j, true);
    } else for (let t = 0; t < perColumn; t++) m.set(Math.floor(rng.nextFloat() * rows), j, true);
  for (let r = 0; r < rows; r++) if (rng.nextFloat() < 0.05) m.set(r, cols, true);
  return m;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function bench(report: (line: string) => void): Promise<void> {
  await Promise.resolve();
  const rng = new Rng(898);
  for (const [name, rows, cols, perColumn] of [
    ['dense 500 × 5000', 500, 5000, undefined],
    ['OSD-shaped 432 × 16164, 6 per column', 432, 16164, 6],
  ] as const) {
    const m = randomMatrix(rows, cols, perColumn, rng);
    const piv = new Int32Array(rows);
    const times: Record<string, number[]> = { plain: [], m4ri: [] };
    let ranks = '';
    for (let pass = 0; pass < 3; pass++)
      for (const kind of ['plain', 'm4ri'] as const) {
        const a = m.clone();
        const t0 = performance.now();
        const r =
          kind === 'plain'
            ? gf2RowReduceInto(a, piv, { maxCol: cols })
            : gf2RowReduceM4riInto(a, piv, { maxCol: cols });
        times[kind].push(performance.now() - t0);
        if (pass === 0) ranks += `${kind} rank ${r} `;
      }
    const p = median(times.plain);
    const f = median(times.m4ri);
    report(
      `${name}: plain ${p.toFixed(1)} ms, M4RI (k = ${m4riBlockSize(rows)}) ${f.toFixed(1)} ms ` +
        `(${(p / f).toFixed(2)}×); ${ranks.trim()}`,
    );
  }
}
