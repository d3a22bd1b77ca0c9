// Full-size versions of the published-threshold checks (src/experiment/truth.test.ts runs them
// small): `node --import tsx scripts/truth-checks.ts [maxShots]`. Prints each threshold with its
// bootstrap uncertainty; the output is quoted in the issue notes.
import { cpus } from 'node:os';
import { Rng } from '../src/base/prng.js';
import type { ExperimentSpec } from '../src/codes/code-families.js';
import { groupCurves } from '../src/experiment/analysis.js';
import { resolveTask } from '../src/experiment/task.js';
import { collect } from '../src/node/collector.js';

const maxShots = Number(process.argv[2] ?? 200000);
const studies: { name: string; published: string; specs: ExperimentSpec[] }[] = [
  {
    name: 'toric code, code-capacity bit flips (X errors on data once, perfect measurement), MWPM',
    published: '10.3% (Wang, Harrington & Preskill 2003)',
    specs: [6, 8, 10].flatMap((d) =>
      [0.09, 0.095, 0.1, 0.105, 0.11, 0.115].map((p) => ({
        code: 'toric',
        task: 'memory-z' as const,
        distance: d,
        rounds: 1,
        noise: 'code-capacity-x',
        noiseParams: { p },
      })),
    ),
  },
  {
    name: "rotated surface code memory-z, rounds = d, circuit-level uniform depolarizing noise (Stim's four knobs at p), MWPM",
    published:
      'in the 0.5–1% range for the circuit-level depolarizing models of the literature (which differ in idle and reset/measurement noise)',
    specs: [3, 5, 7].flatMap((d) =>
      [0.006, 0.008, 0.01, 0.011, 0.012, 0.013, 0.014, 0.016].map((p) => ({
        code: 'rotated-surface',
        task: 'memory-z' as const,
        distance: d,
        rounds: d,
        noise: 'uniform',
        noiseParams: { p },
      })),
    ),
  },
  {
    name: 'repetition code, code-capacity bit flips, MWPM',
    published: '50%',
    specs: [5, 9, 15].flatMap((d) =>
      [0.44, 0.46, 0.48, 0.5].map((p) => ({
        code: 'repetition',
        task: 'memory-z' as const,
        distance: d,
        rounds: 1,
        noise: 'code-capacity-x',
        noiseParams: { p },
      })),
    ),
  },
];

for (const s of studies) {
  const tasks = s.specs.map((g) => resolveTask({ generator: g, decoder: 'mwpm' }));
  const t0 = performance.now();
  const stats = await collect(tasks, { maxShots, maxErrors: 20000, workers: cpus().length });
  const records = tasks.map((t) => ({
    stats: stats.get(t.strongId) ?? { shots: 0, errors: 0, discards: 0, seconds: 0 },
    decoder: t.decoder,
    metadata: t.metadata,
  }));
  const [g] = groupCurves(records, new Rng(1));
  const th = g.threshold;
  console.log(`\n${s.name}\n  published: ${s.published}`);
  console.log(
    th === undefined
      ? '  no crossing found'
      : `  measured: p_th = ${(100 * th.threshold).toFixed(2)}% ± ${(100 * th.sigma).toFixed(2)}% (${th.method}); crossings: ${th.crossings.map((c) => `d${c.d1}/d${c.d2} at ${(100 * c.p).toFixed(2)}%`).join(', ')}`,
  );
  const ps = g.thresholdPerShot;
  if (ps !== undefined)
    console.log(
      `  per-shot rates (rounds as run): p_th = ${(100 * ps.threshold).toFixed(2)}% ± ${(100 * ps.sigma).toFixed(2)}%`,
    );
  console.log(
    `  ${tasks.length} tasks, ${maxShots} shots each, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
