// Decoder start-up in process, per stage, on the d = 11 and d = 17 rotated surface-code memory
// DEMs (rounds = d, p = 0.001, ../shared/vectors/bench; decomposed and unrolled, as
// `stim analyze_errors --decompose_errors` writes them): `.dem` text → flat DEM by the object
// parser + flattenDem (the path before parseFlatDem) and by parseFlatDem, then the detector
// graph and the mwpm decoder compile. CPU milliseconds: the first run (what one CLI call pays,
// JIT warm-up included) and the median of 5 warm runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCircuit } from '../circuit/parser.js';
import { buildDetectorGraph } from './detector-graph.js';
import { compileDecoder } from './registry.js';
import { parseDem } from '../dem/dem-parser.js';
import { printDem } from '../dem/dem-printer.js';
import { analyzeErrors } from '../dem/error-analyzer.js';
import { flattenDem } from '../dem/flatten.js';
import { parseFlatDem } from '../dem/parse-flat-dem.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const benchDir = path.resolve(repoRoot, '../shared/vectors/bench');

/** CPU milliseconds of `f()`: the first run and the median of 5 more. */
function cpuMs(f: () => unknown): { first: number; median: number } {
  const one = (): number => {
    const u0 = process.cpuUsage();
    f();
    const u = process.cpuUsage(u0);
    return (u.user + u.system) / 1000;
  };
  const first = one();
  const runs = Array.from({ length: 5 }, one).sort((a, b) => a - b);
  return { first, median: runs[2] };
}

const fmt = (t: { first: number; median: number }): string =>
  `${t.first.toFixed(0)} ms first, ${t.median.toFixed(0)} ms warm`;

export async function bench(report: (line: string) => void): Promise<void> {
  await Promise.resolve();
  for (const d of [11, 17]) {
    const file = path.join(benchDir, `surface_code-rotated_memory_z-d${d}-r${d}-p0.001.stim`);
    const text = printDem(
      analyzeErrors(parseCircuit(readFileSync(file, 'utf8')), { decomposeErrors: true, foldLoops: false }),
    );
    const flat = parseFlatDem(text);
    const name = `d=${d} (${(text.length / 1e6).toFixed(1)} MB, ${flat.errors.length} errors)`;
    // The new path first, so that its first run is not warmed by the old one's shared code.
    report(`${name} parseFlatDem: ${fmt(cpuMs(() => parseFlatDem(text)))}`);
    const model = parseDem(text);
    report(`${name} parseDem: ${fmt(cpuMs(() => parseDem(text)))}`);
    report(`${name} flattenDem: ${fmt(cpuMs(() => flattenDem(model)))}`);
    const objects = flattenDem(model);
    report(`${name} detector graph from typed arrays: ${fmt(cpuMs(() => buildDetectorGraph(flat, 'mwpm')))}`);
    report(
      `${name} detector graph from error objects: ${fmt(cpuMs(() => buildDetectorGraph(objects, 'mwpm')))}`,
    );
    report(`${name} compile mwpm (from typed arrays): ${fmt(cpuMs(() => compileDecoder(flat, 'mwpm')))}`);
  }
}
