// Union-find decoding speed (µs per shot) and logical error rate on Stim's rotated surface code
// memory circuits with circuit-level noise: d=5 r=5 at p = 0.001 and 0.005 (DEMs from
// ../shared/vectors/dems, decomposed by Stim) and d=11 r=11 at p = 0.001 (DEM from our
// analyzeErrors on ../shared/vectors/bench). Shots come from the frame sampler of the same
// circuit. MWPM on the same shots for reference. The machine may be loaded: compare lines of one run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Rng } from '../../base/prng.js';
import { parseCircuit } from '../../circuit/parser.js';
import { parseDem } from '../../dem/dem-parser.js';
import { analyzeErrors } from '../../dem/error-analyzer.js';
import { flattenDem } from '../../dem/flatten.js';
import type { FlatDem } from '../../dem/dem.js';
import { compileSampler } from '../../sim/frame/frame-simulator.js';
import { timeDecodeBatch } from '../decoder-bench-support.js';
import { MATCHING_DECODER } from '../matching/matching-decoder.js';
import { UNION_FIND_DECODER } from './union-find-decoder.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const vectors = path.resolve(repoRoot, '../shared/vectors');

export async function bench(report: (line: string) => void): Promise<void> {
  await Promise.resolve();
  const tasks: { name: string; circuitFile: string; dem: () => FlatDem; shots: number }[] = [];
  for (const p of ['0.001', '0.005']) {
    const name = `surface_code-rotated_memory_z-d5-r5-p${p}`;
    tasks.push({
      name,
      circuitFile: path.join(vectors, 'circuits', `${name}.stim`),
      dem: () => flattenDem(parseDem(readFileSync(path.join(vectors, 'dems', `${name}.dem`), 'utf8'), name)),
      shots: 20000,
    });
  }
  const big = 'surface_code-rotated_memory_z-d11-r11-p0.001';
  const bigFile = path.join(vectors, 'bench', `${big}.stim`);
  tasks.push({
    name: big,
    circuitFile: bigFile,
    dem: () =>
      flattenDem(analyzeErrors(parseCircuit(readFileSync(bigFile, 'utf8')), { decomposeErrors: true })),
    shots: 5000,
  });
  for (const t of tasks) {
    const circuit = parseCircuit(readFileSync(t.circuitFile, 'utf8'), t.circuitFile);
    const flat = t.dem();
    const { detectors, observables } = compileSampler(circuit).sampleDetectors(t.shots, new Rng(2026));
    for (const [label, dec] of [
      ['unionfind', UNION_FIND_DECODER],
      ['mwpm (reference)', MATCHING_DECODER],
    ] as const) {
      const r = timeDecodeBatch(dec.compile(flat), detectors, observables, () => performance.now());
      report(
        `${t.name} ${label}: ${r.usPerShot.toFixed(2)} µs/shot (${Math.round(1e6 / r.usPerShot)} shots/s), ` +
          `${r.logicalErrors}/${r.shots} logical errors`,
      );
    }
  }
}
