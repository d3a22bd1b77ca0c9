// BP-OSD decoding speed (µs per shot), BP convergence and logical error rate on Stim's d=5 r=5
// rotated surface code memory circuit with circuit-level noise (p = 0.001 and 0.005; DEM from
// ../shared/vectors/dems with the `^` decompositions XORed, so BP-OSD sees the full hyperedges),
// shots from the frame sampler of the same circuit; default options (10 iterations, adaptive
// scaling, OSD-CS order 7), OSD-0, and fixed scaling 0.625. The machine may be loaded: compare
// lines of one run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Rng } from '../../base/prng.js';
import { parseCircuit } from '../../circuit/parser.js';
import { parseDem } from '../../dem/dem-parser.js';
import { flattenDem } from '../../dem/flatten.js';
import { compileSampler } from '../../sim/frame/frame-simulator.js';
import { timeDecodeBatch } from '../decoder-bench-support.js';
import { BPOSD_DECODER, BpOsdCompiledDecoder } from './bposd-decoder.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const vectors = path.resolve(repoRoot, '../shared/vectors');

export async function bench(report: (line: string) => void): Promise<void> {
  await Promise.resolve();
  for (const [p, shots] of [
    ['0.001', 5000],
    ['0.005', 1000],
  ] as const) {
    const name = `surface_code-rotated_memory_z-d5-r5-p${p}`;
    const flat = flattenDem(parseDem(readFileSync(path.join(vectors, 'dems', `${name}.dem`), 'utf8'), name));
    const circuit = parseCircuit(readFileSync(path.join(vectors, 'circuits', `${name}.stim`), 'utf8'));
    const { detectors, observables } = compileSampler(circuit).sampleDetectors(shots, new Rng(2026));
    for (const options of [{}, { osdMethod: 'osd0', osdOrder: 0 }, { scaling: 0.625 }]) {
      const dec = BPOSD_DECODER.compile(flat, options) as BpOsdCompiledDecoder;
      const r = timeDecodeBatch(dec, detectors, observables, () => performance.now());
      // stats cover both passes (warm-up and timed): halve them
      const conv = dec.stats.bpConverged / 2;
      const osd = dec.stats.osdRuns / 2;
      report(
        `${name} bposd ${JSON.stringify(options)}: ${r.usPerShot.toFixed(1)} µs/shot; BP converged ` +
          `${conv}/${shots}, OSD ${osd}; ${r.logicalErrors}/${shots} logical errors ` +
          `(${dec.columns.numColumns} columns, rank ${dec.rank})`,
      );
    }
  }
}
