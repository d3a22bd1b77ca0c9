// Detection-event sampling rates of the frame sampler's worker pool (2 workers, shared output) on
// rotated surface-code memory circuits (Stim-generated, p = 0.001, r = d rounds). The one-core
// rates of the same circuits are in src/sim/frame/frame-simulator.bench.ts. Rates are shots per
// wall-clock second, the fastest of three runs after a warm-up that starts the workers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allocateSharedSamples, FrameSamplerPool } from './worker-pool.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vectors = path.resolve(repoRoot, '../shared/vectors');

const CASES = [
  { d: 5, file: 'circuits/surface_code-rotated_memory_z-d5-r5-p0.001.stim', shots: 2_000_000 },
  { d: 11, file: 'bench/surface_code-rotated_memory_z-d11-r11-p0.001.stim', shots: 400_000 },
  { d: 17, file: 'bench/surface_code-rotated_memory_z-d17-r17-p0.001.stim', shots: 120_000 },
];

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

/** Prints the pool's rate for every case. */
export async function bench(report: (line: string) => void): Promise<void> {
  for (const { d, file, shots } of CASES) {
    const text = readFileSync(path.join(vectors, file), 'utf8');
    const pool = new FrameSamplerPool(text, { workers: 2, samplerBatchShots: 2048 });
    try {
      const shared = allocateSharedSamples(shots, pool.numDetectors, pool.numObservables);
      const batchSize = 16384;
      await pool.sampleDetectors(shots, { seed: 1, batchSize, out: shared }); // start + warm up workers
      let best = Infinity;
      for (let r = 0; r < 3; r++) {
        const t0 = performance.now();
        await pool.sampleDetectors(shots, { seed: 2 + r, batchSize, out: shared });
        best = Math.min(best, (performance.now() - t0) / 1000);
      }
      report(`d=${d}, worker pool (2 workers, batches of ${batchSize}): ${fmt(shots / best)} shots/s wall`);
    } finally {
      await pool.close();
    }
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await bench((line) => console.log(line));
}
