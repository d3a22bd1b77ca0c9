// The `inprocess` part of `npm run bench:peers`: per-shot decoding time of our `mwpm` decoder
// (sparse blossom, `decodeBatch`) against PyMatching's `decode_batch`, both in process on one
// core, on the SAME Stim-sampled shots of the same DEM (Stim's `analyze_errors
// --decompose_errors`). Each side decodes the shots once to warm up, then PASSES times (default
// 3); the median CPU time per shot is compared (wall in parentheses), and the logical error counts
// (shots whose prediction differs from the sampled observables) are printed side by side.
//
// PEERS_PYTHON names a python3 that can `import stim, pymatching` (the installed packages are
// only run, never built or installed here).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flattenDem } from '../src/dem/flatten.js';
import { parseDem } from '../src/dem/dem-parser.js';
import { SPARSE_BLOSSOM_DECODER } from '../src/decode/matching/sparse-blossom-decoder.js';
import { readSamples } from '../src/formats/sample-formats.js';
import { BitTable } from '../src/mem/bit-table.js';

/** One workload: how to make its circuit, and how many shots to time. */
export interface InprocessCase {
  name: string;
  /** Shell command writing the circuit to the file named by its last argument. */
  gen: string;
  shots: number;
}

/** Median time per shot of one side: CPU and wall µs, and its logical error count. */
interface SideResult {
  cpuUs: number;
  wallUs: number;
  errors: number;
}

const PY_SCRIPT = `
import sys, time, json, statistics
import numpy as np, stim, pymatching
dem_path, dets_path, obs_path, shots, passes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
dem = stim.DetectorErrorModel.from_file(dem_path)
m = pymatching.Matching.from_detector_error_model(dem)
dets = np.fromfile(dets_path, dtype=np.uint8).reshape(shots, -1)
obs = np.fromfile(obs_path, dtype=np.uint8).reshape(shots, -1)
pred = m.decode_batch(dets, bit_packed_shots=True, bit_packed_predictions=True)
cpu, wall = [], []
for _ in range(passes):
    c0, w0 = time.process_time(), time.perf_counter()
    pred = m.decode_batch(dets, bit_packed_shots=True, bit_packed_predictions=True)
    cpu.append(time.process_time() - c0); wall.append(time.perf_counter() - w0)
errors = int(np.any(pred != obs, axis=1).sum())
print(json.dumps({"cpuUs": statistics.median(cpu) * 1e6 / shots, "wallUs": statistics.median(wall) * 1e6 / shots, "errors": errors}))
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Our side: decodeBatch on the b8 files, warm-up then `passes` timed passes. */
function timeOurs(demPath: string, detsPath: string, obsPath: string, passes: number): SideResult {
  const dem = flattenDem(parseDem(readFileSync(demPath, 'utf8'), demPath));
  const dets = readSamples(new Uint8Array(readFileSync(detsPath)), 'b8', dem.numDetectors);
  const obs = readSamples(new Uint8Array(readFileSync(obsPath)), 'b8', dem.numObservables);
  const decoder = SPARSE_BLOSSOM_DECODER.compile(dem);
  const pred = new BitTable(dets.numRows, dem.numObservables);
  decoder.decodeBatch(dets, pred);
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < passes; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    decoder.decodeBatch(dets, pred);
    const w = performance.now() - w0;
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / dets.numRows);
    wall.push((w * 1000) / dets.numRows);
  }
  let errors = 0;
  for (let s = 0; s < dets.numRows; s++) {
    let diff = 0;
    for (let k = 0; k < pred.stride; k++)
      diff |= pred.data[s * pred.stride + k] ^ obs.data[s * obs.stride + k];
    if (diff !== 0) errors++;
  }
  return { cpuUs: median(cpu), wallUs: median(wall), errors };
}

/**
 * Times every case on both sides and returns the markdown rows (case, ours, PyMatching, ratio,
 * logical errors). `sh` runs a shell command and throws on failure; `stim` is Stim's executable.
 */
export function inprocessRows(
  cases: readonly InprocessCase[],
  opts: { dir: string; stim: string; python: string; passes: number; sh: (cmd: string) => string },
): string[][] {
  const script = join(opts.dir, 'pymatching-inprocess.py');
  writeFileSync(script, PY_SCRIPT);
  const rows: string[][] = [];
  const f = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  for (const c of cases) {
    const base = join(opts.dir, `inproc-${c.name.replace(/[^\w.]+/g, '_')}`);
    opts.sh(`${c.gen} ${base}.stim`);
    opts.sh(`${opts.stim} analyze_errors --decompose_errors --in ${base}.stim --out ${base}.dem`);
    opts.sh(
      `${opts.stim} detect --shots ${c.shots} --in ${base}.stim --out ${base}.b8 --out_format b8 ` +
        `--obs_out ${base}.obs.b8 --obs_out_format b8 --seed 1`,
    );
    const py = spawnSync(
      opts.python,
      [script, `${base}.dem`, `${base}.b8`, `${base}.obs.b8`, String(c.shots), String(opts.passes)],
      { encoding: 'utf8' },
    );
    if (py.status !== 0) throw new Error(`PyMatching in-process run failed (${c.name}):\n${py.stderr}`);
    const theirs = JSON.parse(py.stdout.trim().split('\n').pop() ?? '') as SideResult;
    const ours = timeOurs(`${base}.dem`, `${base}.b8`, `${base}.obs.b8`, opts.passes);
    rows.push([
      `${c.name} (${c.shots} shots)`,
      `${f(ours.cpuUs)} (${f(ours.wallUs)})`,
      `${f(theirs.cpuUs)} (${f(theirs.wallUs)})`,
      `${(ours.cpuUs / theirs.cpuUs).toFixed(2)}× (${(ours.wallUs / theirs.wallUs).toFixed(2)}×)`,
      `${ours.errors} / ${theirs.errors}`,
    ]);
    console.error(`done: inprocess ${c.name}`);
  }
  return rows;
}
