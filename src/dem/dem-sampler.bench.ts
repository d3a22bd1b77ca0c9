import { readFileSync } from 'node:fs';
import { Rng } from '../base/prng.js';
import { analyzeErrors } from './error-analyzer.js';
import { parseCircuit } from '../circuit/parser.js';
import { compileDemSampler } from './dem-sampler.js';
import { flattenDem } from './flatten.js';

/** Shots per second of the DEM sampler on the rotated surface-code memory DEMs (p = 0.001). */
export async function bench(report: (line: string) => void): Promise<void> {
  const v = new URL('../../../shared/vectors/', import.meta.url);
  const cases: [string, URL][] = [
    ['d=5', new URL('circuits/surface_code-rotated_memory_z-d5-r5-p0.001.stim', v)],
    ['d=11', new URL('bench/surface_code-rotated_memory_z-d11-r11-p0.001.stim', v)],
    ['d=17', new URL('bench/surface_code-rotated_memory_z-d17-r17-p0.001.stim', v)],
  ];
  for (const [name, url] of cases) {
    const dem = flattenDem(analyzeErrors(parseCircuit(readFileSync(url, 'utf8')), { decomposeErrors: true }));
    const s = compileDemSampler(dem);
    const rng = new Rng(1);
    s.sample(10000, rng);
    const shots = name === 'd=5' ? 400000 : name === 'd=11' ? 100000 : 40000;
    const t = performance.now();
    s.sample(shots, rng);
    const sec = (performance.now() - t) / 1000;
    report(
      `${name} (${dem.errors.length} mechanisms): ${Math.round(shots / sec).toLocaleString('en-US')} shots/s (${((sec / shots) * 1e6).toFixed(2)} µs/shot, one core)`,
    );
  }
  await Promise.resolve();
}
