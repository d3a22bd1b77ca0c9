// Every decoder of the registry on rotated surface-code memory (memory-z, rounds = d) under
// uniform circuit-level noise (Stim's four knobs, our generator: its DEM is Stim's exactly) at
// d = 5, 11, 17 and p = 0.001, 0.005, 0.01: µs per shot and per round (one core), and the logical
// errors on the same DEM-sampled shots. Graphlike decoders get the decomposed DEM, the others the
// DEM with the full hyperedges. Every decoder decodes a fixed number of shots (the first of the
// same sample: all of them, BP-OSD 1/100 of them but at least 20), after a warm-up on up to 1/10 of
// them; the median of three timed passes is reported (one pass for BP-OSD). A decoder that does
// not apply (lookup: too many detectors) says why.
import { performance } from 'node:perf_hooks';
import { Rng } from '../src/base/prng.js';
import { generateExperiment } from '../src/codes/code-families.js';
import { compileDemSampler } from '../src/dem/dem-sampler.js';
import { analyzeErrors } from '../src/dem/error-analyzer.js';
import { flattenDem } from '../src/dem/flatten.js';
import { timeDecodeBatch } from '../src/decode/decoder-bench-support.js';
import { DECODERS } from '../src/decode/registry.js';
import { rowsView } from '../src/mem/bit-table.js';

/** Shots BP-OSD decodes, of the `shots` the others decode (it is 10^3–10^4 times slower). */
const slowShots = (shots: number): number => Math.min(shots, Math.max(20, Math.round(shots / 100)));

export async function bench(report: (line: string) => void): Promise<void> {
  for (const d of [5, 11, 17])
    for (const p of [0.001, 0.005, 0.01]) {
      await new Promise<void>((done) => setImmediate(done)); // let the runner flush its output
      const g = generateExperiment({
        code: 'rotated-surface',
        task: 'memory-z',
        distance: d,
        rounds: d,
        noise: 'uniform',
        noiseParams: { p },
      });
      const decomposed = flattenDem(analyzeErrors(g.circuit, { decomposeErrors: true }));
      const full = flattenDem(analyzeErrors(g.circuit));
      const shots = Math.round(2000000 / (d * d * (p === 0.001 ? 1 : p === 0.005 ? 3 : 6)));
      const { detectors, observables } = compileDemSampler(decomposed).sample(shots, new Rng(2026 + d));
      report(
        `d=${d} p=${p} (${decomposed.numDetectors} detectors, ${shots} shots, BP-OSD ${slowShots(shots)}):`,
      );
      for (const info of DECODERS) {
        const dem = info.graphlikeOnly ? decomposed : full;
        const tc = performance.now();
        let dec;
        try {
          dec = info.decoder.compile(dem);
        } catch (e) {
          report(`  ${info.name}: not applicable (${(e as Error).message.split(/[;\n]/)[0]})`);
          continue;
        }
        const setupMs = performance.now() - tc;
        const slow = info.name === 'bposd';
        const n = slow ? slowShots(shots) : shots;
        const r = timeDecodeBatch(
          dec,
          rowsView(detectors, 0, n),
          rowsView(observables, 0, n),
          () => performance.now(),
          {
            warmupShots: Math.ceil(n / 10),
            passes: slow ? 1 : 3,
          },
        );
        const us = r.usPerShot;
        report(
          `  ${info.name}: ${us.toFixed(2)} µs/shot, ${(us / d).toFixed(3)} µs/round ` +
            `(${Math.round(1e6 / us)} shots/s), ${r.logicalErrors}/${r.shots} logical errors; setup ${setupMs.toFixed(0)} ms`,
        );
      }
    }
}
