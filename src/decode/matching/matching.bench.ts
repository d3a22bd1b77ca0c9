// MWPM decoder benchmark, `mwpm` (sparse blossom) and `mwpm-local` (certified local matching) in
// the same run: µs per shot (one core) on
//  - the d=5 surface-code reference samples (../shared/vectors/samples, Stim-sampled at p=0.005);
//  - rotated surface-code memory circuits at p=0.001, d = 5, 11, 17 (d rounds): DEM by
//    analyzeErrors(decomposeErrors), shots sampled from the DEM by compileDemSampler;
// plus the compile (setup) time and the time of analyzeErrors.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../base/prng.js';
import { parseCircuit } from '../../circuit/parser.js';
import type { FlatDem } from '../../dem/dem.js';
import { parseDem } from '../../dem/dem-parser.js';
import { analyzeErrors } from '../../dem/error-analyzer.js';
import { compileDemSampler } from '../../dem/dem-sampler.js';
import { flattenDem } from '../../dem/flatten.js';
import { readSamples } from '../../formats/sample-formats.js';
import { BitTable } from '../../mem/bit-table.js';
import type { Decoder } from '../decoder.js';
import { MATCHING_DECODER } from './matching-decoder.js';
import { SPARSE_BLOSSOM_DECODER } from './sparse-blossom-decoder.js';

const MATCHERS: readonly Decoder[] = [SPARSE_BLOSSOM_DECODER, MATCHING_DECODER];

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const VECTORS = resolve(REPO_ROOT, '../shared/vectors');

/** Decodes `dets` `reps` times (after one warm-up pass); returns µs per shot of the fastest pass. */
function timeDecode(
  decoder: Decoder,
  dem: FlatDem,
  dets: BitTable,
  reps: number,
): { setupMs: number; usPerShot: number } {
  let t = performance.now();
  const dec = decoder.compile(dem);
  const setupMs = performance.now() - t;
  const pred = new BitTable(dets.numRows, dem.numObservables);
  dec.decodeBatch(dets, pred);
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    t = performance.now();
    dec.decodeBatch(dets, pred);
    best = Math.min(best, performance.now() - t);
  }
  return { setupMs, usPerShot: (best * 1000) / dets.numRows };
}

export async function bench(report: (line: string) => void): Promise<void> {
  const name = 'surface_code-rotated_memory_z-d5-r5-p0.005';
  const demPath = resolve(VECTORS, 'dems', `${name}.dem`);
  if (!existsSync(demPath)) {
    report(`vectors: skipped (no ${VECTORS})`);
  } else {
    const dem = flattenDem(parseDem(readFileSync(demPath, 'utf8'), name));
    const bytes = new Uint8Array(readFileSync(resolve(VECTORS, 'samples', `${name}.dets.b8`)));
    const dets = readSamples(bytes, 'b8', dem.numDetectors);
    for (const m of MATCHERS) {
      const r = timeDecode(m, dem, dets, 5);
      report(
        `${name} (${dets.numRows} reference shots) ${m.name}: ${r.usPerShot.toFixed(2)} µs/shot, setup ${r.setupMs.toFixed(1)} ms`,
      );
    }
  }

  for (const [d, shots] of [
    [5, 20000],
    [11, 4000],
    [17, 1000],
  ] as const) {
    const file =
      d === 5
        ? resolve(VECTORS, 'circuits', `surface_code-rotated_memory_z-d5-r5-p0.001.stim`)
        : resolve(VECTORS, 'bench', `surface_code-rotated_memory_z-d${d}-r${d}-p0.001.stim`);
    // Yield between sections so the runner's output is flushed while the next one runs.
    await new Promise<void>((done) => setImmediate(done));
    if (!existsSync(file)) {
      report(`d=${d}: skipped (no ${file})`);
      continue;
    }
    const t0 = performance.now();
    const dem = flattenDem(
      analyzeErrors(parseCircuit(readFileSync(file, 'utf8'), file), { decomposeErrors: true }),
    );
    const analyzeMs = performance.now() - t0;
    const { detectors } = compileDemSampler(dem).sample(shots, new Rng(2026 + d));
    for (const m of MATCHERS) {
      const r = timeDecode(m, dem, detectors, 3);
      report(
        `d=${d} p=0.001 (${shots} DEM-sampled shots, ${dem.numDetectors} detectors) ${m.name}: ${r.usPerShot.toFixed(2)} µs/shot, ` +
          `setup ${r.setupMs.toFixed(1)} ms (analyzeErrors ${analyzeMs.toFixed(0)} ms)`,
      );
    }
  }
}
