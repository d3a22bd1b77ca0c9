// `npm run bench:peers`: QEC Lab side by side with Stim and PyMatching on the same generated files.
//
// PEERS_BIN must name a folder holding `stim` and `pymatching` executables (this script never
// builds or installs them). It generates rotated surface-code memory-z circuits with Stim's four
// noise knobs at p (rounds = d), their DEMs and detection events, runs each side RUNS times
// (default 3, whole process, one core: `--workers 0` for qec) and prints the median wall and CPU
// (user + sys of the child) times and the qec/peer ratios of both.
//
// Environment: PEERS_BIN (required), RUNS (default 3), SCALE (multiplies every shot count,
// default 1), ONLY (comma-separated row prefixes: detect, decode, collect, inprocess), CASES
// (comma-separated substrings of in-process case names, e.g. `d=5 p=0.005,d=5 p=0.01`; default all).
//
// The `inprocess` part (bench/peers-inprocess.ts; run when ONLY names it, or with no ONLY when
// PEERS_PYTHON is set) times the decoders themselves: our `decodeBatch` against PyMatching's
// `decode_batch` run by PEERS_PYTHON (a python3 that can `import stim, pymatching`), per shot on
// the same Stim-sampled shots, median of RUNS passes after a warm-up each, one core: rotated
// surface code memory-z at d = 5, 11, 17 (rounds = d, Stim's four knobs at p = 0.001, 0.005,
// 0.01), toric L = 14 at 10 % code capacity (1 round) and L = 8 at 3 % phenomenological (8 rounds).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inprocessRows, type InprocessCase } from './peers-inprocess.js';

const bin = process.env.PEERS_BIN;
if (bin === undefined || !existsSync(join(bin, 'stim')) || !existsSync(join(bin, 'pymatching'))) {
  console.error('bench:peers: set PEERS_BIN to a folder with `stim` and `pymatching` executables');
  process.exit(2);
}
const STIM = join(bin, 'stim');
const PYMATCHING = join(bin, 'pymatching');
const QEC = resolve('bin/qec.js');
const RUNS = Math.max(1, Number(process.env.RUNS ?? 3));
const SCALE = Number(process.env.SCALE ?? 1);
const ONLY = (process.env.ONLY ?? '').split(',').filter((s) => s !== '');
const CASES = (process.env.CASES ?? '').split(',').filter((s) => s !== '');
const dir = mkdtempSync(join(tmpdir(), 'qec-peers-'));

interface Timing {
  wall: number;
  cpu: number;
}

/** Runs a shell pipeline under bash's `time`: wall and user+sys CPU seconds of all its processes. */
function timeShell(cmd: string): Timing {
  const r = spawnSync(
    'bash',
    ['-c', `TIMEFORMAT='%R %U %S'; { time ( ${cmd} ) > /dev/null ; } 2>&1 >/dev/null`],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  const last = r.stdout.trim().split('\n').pop() ?? '';
  const m = /^([\d.]+) ([\d.]+) ([\d.]+)$/.exec(last);
  if (r.status !== 0 || m === null) throw new Error(`failed: ${cmd}\n${r.stdout}${r.stderr}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median timings of RUNS runs of each side, taken alternately. */
function compare(ours: string, theirs: string): { ours: Timing; theirs: Timing } {
  const a: Timing[] = [];
  const b: Timing[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(timeShell(ours));
    b.push(timeShell(theirs));
  }
  const med = (ts: Timing[]): Timing => ({
    wall: median(ts.map((t) => t.wall)),
    cpu: median(ts.map((t) => t.cpu)),
  });
  return { ours: med(a), theirs: med(b) };
}

function sh(cmd: string): string {
  const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`failed: ${cmd}\n${r.stderr}`);
  return r.stdout;
}

/** Circuit and DEM files for distance d at noise p (generated once). */
function circuit(d: number, p: number): { stim: string; dem: string } {
  const base = join(dir, `d${d}-p${p}`);
  if (!existsSync(`${base}.stim`)) {
    sh(
      `${STIM} gen --code surface_code --task rotated_memory_z --distance ${d} --rounds ${d} ` +
        `--after_clifford_depolarization ${p} --after_reset_flip_probability ${p} ` +
        `--before_measure_flip_probability ${p} --before_round_data_depolarization ${p} --out ${base}.stim`,
    );
    sh(`${STIM} analyze_errors --decompose_errors --in ${base}.stim --out ${base}.dem`);
  }
  return { stim: `${base}.stim`, dem: `${base}.dem` };
}

/** Detection events (b8) and observable flips (01) of `shots` shots, made by Stim. */
function events(d: number, p: number, shots: number): { dets: string; obs: string } {
  const { stim } = circuit(d, p);
  const base = join(dir, `d${d}-p${p}-n${shots}`);
  if (!existsSync(`${base}.b8`))
    sh(
      `${STIM} detect --shots ${shots} --in ${stim} --out ${base}.b8 --out_format b8 ` +
        `--obs_out ${base}.obs.01 --obs_out_format 01 --seed 1`,
    );
  return { dets: `${base}.b8`, obs: `${base}.obs.01` };
}

const rows: string[][] = [];
const fmt = (x: number): string => (x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toFixed(3));

/** Times both sides (unless ONLY leaves the row out) and adds the row; returns the medians. */
function row(
  work: string,
  peer: string,
  ours: string,
  theirs: string,
): { ours: Timing; theirs: Timing } | undefined {
  if (ONLY.length > 0 && !ONLY.some((o) => work.startsWith(o))) return undefined;
  const r = compare(ours, theirs);
  rows.push([
    work,
    `${fmt(r.ours.cpu)} s (${fmt(r.ours.wall)} s)`,
    `${peer} ${fmt(r.theirs.cpu)} s (${fmt(r.theirs.wall)} s)`,
    `${(r.ours.cpu / r.theirs.cpu).toFixed(1)}× (${(r.ours.wall / r.theirs.wall).toFixed(1)}×)`,
  ]);
  console.error(`done: ${work}`);
  return r;
}

/** Lines printed under the table (throughput ratios against their targets). */
const notes: string[] = [];
/** The in-process table's lines. */
const inprocess: string[] = [];

const n = (x: number): number => Math.max(1, Math.round(x * SCALE));
/** True when ONLY leaves the part `name` in. */
const wanted = (name: string): boolean =>
  ONLY.length === 0 || ONLY.some((o) => o.startsWith(name) || name.startsWith(o));
try {
  for (const d of wanted('detect') ? [5, 11, 17] : []) {
    const { stim } = circuit(d, 0.001);
    const shots = n(1_000_000);
    row(
      `detect ${shots} shots, d=${d}, p=0.001`,
      'Stim',
      `node ${QEC} detect --in ${stim} --shots ${shots} --out-format b8 --out /dev/null --workers 0`,
      `${STIM} detect --in ${stim} --shots ${shots} --out_format b8 --out /dev/null`,
    );
  }
  for (const [d, p, shots] of [
    [5, 0.001, n(100_000)],
    [11, 0.005, n(10_000)],
    [17, 0.005, n(10_000)],
    [17, 0.001, n(100_000)],
  ] as const) {
    if (!wanted('decode')) continue;
    const { dem } = circuit(d, p);
    const e = events(d, p, shots);
    row(
      `decode ${shots} shots, d=${d}, p=${p} (MWPM)`,
      'PyMatching',
      `node ${QEC} decode --dem ${dem} --in ${e.dets} --in-format b8 --obs-in ${e.obs} --obs-in-format 01`,
      `${PYMATCHING} count_mistakes --dem ${dem} --in ${e.dets} --in_format b8 --obs_in ${e.obs} --obs_in_format 01`,
    );
  }
  if (wanted('collect')) {
    // Issue 12 item 5: sample+decode throughput of `qec collect` (one thread: --workers 0, which
    // also counts the circuit's DEM analysis and decoder setup) against `stim detect` piped into
    // `pymatching count_mistakes` (given the DEM ready-made), on the same circuit file and shots.
    // Enough shots that the work, not start-up, dominates both sides.
    const { stim, dem } = circuit(11, 0.005);
    const shots = n(50_000);
    const save = join(dir, 'collect.csv');
    const r = row(
      `collect ${shots} shots sample+decode, d=11, p=0.005`,
      'stim detect \\| pymatching',
      `rm -f ${save} ${save}.jsonl; node ${QEC} collect --circuits ${stim} --decoders mwpm --max-shots ${shots} ` +
        `--max-errors ${shots} --save ${save} --workers 0`,
      `${STIM} detect --in ${stim} --shots ${shots} --out_format b8 --append_observables | ` +
        `${PYMATCHING} count_mistakes --dem ${dem} --in_format b8 --in_includes_appended_observables`,
    );
    if (r !== undefined)
      notes.push(
        `collect throughput qec/peer: ${(r.theirs.cpu / r.ours.cpu).toFixed(2)} per CPU second ` +
          `(${(r.theirs.wall / r.ours.wall).toFixed(2)} per wall second); target ≥ 0.7`,
      );
    // The same peers through a file instead of a pipe: reading the pipe costs PyMatching a lot
    // of extra CPU here, so this row is the stricter comparison.
    const b8 = join(dir, 'collect.b8');
    const f = row(
      `collect ${shots} shots sample+decode, d=11, p=0.005, peers via a file`,
      'stim detect; pymatching',
      `rm -f ${save} ${save}.jsonl; node ${QEC} collect --circuits ${stim} --decoders mwpm --max-shots ${shots} ` +
        `--max-errors ${shots} --save ${save} --workers 0`,
      `${STIM} detect --in ${stim} --shots ${shots} --out_format b8 --append_observables --out ${b8} && ` +
        `${PYMATCHING} count_mistakes --dem ${dem} --in ${b8} --in_format b8 --in_includes_appended_observables`,
    );
    if (f !== undefined)
      notes.push(
        `collect throughput qec/peer via a file: ${(f.theirs.cpu / f.ours.cpu).toFixed(2)} per CPU second ` +
          `(${(f.theirs.wall / f.ours.wall).toFixed(2)} per wall second)`,
      );
  }
  const python = process.env.PEERS_PYTHON;
  if (ONLY.includes('inprocess') || (ONLY.length === 0 && python !== undefined)) {
    if (python === undefined)
      throw new Error('bench:peers: ONLY=inprocess needs PEERS_PYTHON (a python3 with stim and pymatching)');
    const stimGen = (d: number, p: number): string =>
      `${STIM} gen --code surface_code --task rotated_memory_z --distance ${d} --rounds ${d} ` +
      `--after_clifford_depolarization ${p} --after_reset_flip_probability ${p} ` +
      `--before_measure_flip_probability ${p} --before_round_data_depolarization ${p} --out`;
    // Shot counts: roughly 0.2–0.5 s per PyMatching pass. The toric cases too: at a few hundred
    // shots a pass lasts ~20 ms and one warm-up pass does not finish V8's tier-up of our decoder
    // (toric L = 8 phenomenological, 300 shots, three runs: 77–125 µs/shot; at 5 000 shots
    // 74–81 µs/shot, the first pass of 5 000 at ~150 µs/shot being the tier-up).
    const shotsAt: Record<number, readonly number[]> = {
      5: [200_000, 50_000, 30_000],
      11: [20_000, 4_000, 2_000],
      17: [4_000, 1_000, 500],
    };
    const cases: InprocessCase[] = [];
    for (const d of [5, 11, 17])
      [0.001, 0.005, 0.01].forEach((p, i) =>
        cases.push({ name: `d=${d} p=${p}`, gen: stimGen(d, p), shots: n(shotsAt[d][i]) }),
      );
    cases.push({
      name: 'toric L=14 code-capacity-x 10%',
      gen: `node ${QEC} gen --code toric --task memory-z --distance 14 --rounds 1 --noise code-capacity-x --p 0.1 --out`,
      shots: n(5_000),
    });
    cases.push({
      name: 'toric L=8 phenomenological 3%',
      gen: `node ${QEC} gen --code toric --task memory-z --distance 8 --rounds 8 --noise phenomenological --p 0.03 --out`,
      shots: n(5_000),
    });
    const header = [
      'case',
      'ours µs/shot CPU (wall)',
      'PyMatching µs/shot CPU (wall)',
      'ratio CPU (wall)',
      'logical errors ours / PyMatching',
    ];
    inprocess.push(
      `in process: decodeBatch vs PyMatching decode_batch, same shots, median of ${RUNS} passes after a warm-up, one core`,
      '',
      `| ${header.join(' | ')} |`,
      `|${header.map(() => '---').join('|')}|`,
      ...inprocessRows(
        cases.filter((c) => CASES.length === 0 || CASES.some((x) => c.name.includes(x))),
        { dir, stim: STIM, python, passes: RUNS, sh },
      ).map((r) => `| ${r.join(' | ')} |`),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const header = ['work', 'QEC Lab CPU (wall)', 'peer CPU (wall)', 'ratio CPU (wall)'];
const out = [
  ...(rows.length > 0
    ? [
        `bench:peers — median of ${RUNS} runs each, whole process, one core; CPU = user + sys`,
        '',
        `| ${header.join(' | ')} |`,
        `|${header.map(() => '---').join('|')}|`,
        ...rows.map((r) => `| ${r.join(' | ')} |`),
        ...(notes.length > 0 ? ['', ...notes] : []),
      ]
    : []),
  ...(rows.length > 0 && inprocess.length > 0 ? [''] : []),
  ...inprocess,
].join('\n');
console.log(out);
if (process.env.PEERS_OUT !== undefined) writeFileSync(process.env.PEERS_OUT, `${out}\n`);
