// BP-OSD on bb144-depth8 ([[144,12,12]], Bravyi et al. 2024's depth-8 cycle), 12 cycles, paper
// noise at p = 0.003, memory-z decoded from the Z checks alone (`decodeBasis`), as
// docs/bposd-studies.md measures it: CPU ms per shot and ns per (edge × BP iteration) of the
// WebAssembly check pass and of the TypeScript one on the same 100 sampled shots, with a hash of
// both paths' posteriors and chosen columns (they must agree). At most 2 000 iterations here (the
// study uses 10⁴) so the bench stays short; shots BP does not solve still reach OSD-CS.
// CPU time, not wall time: the machine may be loaded.
import { createHash } from 'node:crypto';
import { Rng } from '../base/prng.js';
import { BpOsdCompiledDecoder, resolveBpOsdParams } from '../decode/bposd/bposd-decoder.js';
import { restrictDemDetectors } from '../dem/detector-basis.js';
import { analyzeErrors } from '../dem/error-analyzer.js';
import { flattenDem } from '../dem/flatten.js';
import { BitTable } from '../mem/bit-table.js';
import { compileSampler } from '../sim/frame/frame-simulator.js';
import { decodeDetectorMask, resolveTask } from './task.js';

export async function bench(report: (line: string) => void): Promise<void> {
  await Promise.resolve();
  const p = 0.003;
  const shots = 100;
  const task = resolveTask({
    decoder: 'bposd',
    generator: {
      code: 'bb144-depth8',
      task: 'memory-z',
      distance: 12,
      rounds: 12,
      noise: 'stim',
      noiseParams: {
        'after-clifford-depolarization': p,
        'before-measure-flip-probability': p,
        'after-reset-flip-probability': p,
        idle: p,
      },
    },
  });
  const keep = decodeDetectorMask(task.circuit, 'z');
  const dem = restrictDemDetectors(
    flattenDem(analyzeErrors(task.circuit, { approximateDisjointErrors: true })),
    keep,
  );
  const { detectors } = compileSampler(task.circuit).sampleDetectors(shots, new Rng(2026));
  const syn = new BitTable(shots, dem.numDetectors);
  for (let s = 0, j = 0; s < shots; s++, j = 0)
    for (let d = 0; d < keep.length; d++) if (keep[d] !== 0) syn.set(s, j++, detectors.get(s, d));
  const params = resolveBpOsdParams({ maxIterations: 2000 });
  for (const wasm of [true, false, true, false]) {
    const dec = new BpOsdCompiledDecoder(dem, params, { wasm });
    const edges = dec.columns.detStart[dec.columns.numColumns];
    const h = createHash('sha256');
    const t0 = process.cpuUsage();
    for (let s = 0; s < shots; s++) {
      h.update(JSON.stringify(dec.decodeShotDetailed(syn.row(s))));
      h.update(new Uint8Array(dec.posteriors().slice().buffer));
    }
    const t = process.cpuUsage(t0);
    const ms = (t.user + t.system) / 1000;
    const it = dec.stats.bpIterations;
    report(
      `bb144-depth8 p=${p} memory-z (${dem.numDetectors} checks, ${edges} edges) ${dec.kernel}: ` +
        `${(ms / shots).toFixed(1)} ms CPU/shot, ${((ms * 1e6) / (it * edges)).toFixed(2)} ns per edge-iteration ` +
        `(${it} iterations, ${dec.stats.shots - dec.stats.bpConverged} shots at the cap, OSD ${dec.stats.osdRuns}); ` +
        `hash ${h.digest('hex').slice(0, 16)}`,
    );
  }
}
