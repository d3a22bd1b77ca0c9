import { availableParallelism } from 'node:os';
import { Rng } from '../../base/prng.js';
import { CODE_FAMILIES, generateExperiment, type CodeTask } from '../../codes/code-families.js';
import { analyzeErrors } from '../../dem/error-analyzer.js';
import { flattenDem } from '../../dem/flatten.js';
import { getDecoderInfo } from '../../decode/registry.js';
import { estimateBySplitting, splittingLadder, type SplittingEstimate } from '../../experiment/splitting.js';
import { perRoundRate } from '../../experiment/stats.js';
import { NOISE_FAMILIES } from '../../noise/noise-models.js';
import { splittingOnPool } from '../../node/splitting-pool.js';
import { WorkerPool } from '../../node/worker-pool.js';
import { flag, num, str, UsageError, type CliCommand } from '../command.js';
import { NOISE_OPTIONS, noiseParamsFrom } from './gen.js';

/**
 * `qec rare-event`: logical error rates far below what plain Monte Carlo reaches, by splitting in
 * the physical error rate (src/experiment/splitting.ts says how, and where it breaks).
 */
export const rareEventCommand: CliCommand = {
  name: 'rare-event',
  summary:
    'Logical error rates down to 1e-12 and below by splitting in p (Bravyi & Vargo 2013), with error bars.',
  description:
    'Generates the circuit at every rung of a geometric ladder of p from --p-start (where plain Monte Carlo sees failures) down to --p, samples the top rung by Monte Carlo and each further rung by a Metropolis chain on the decoder failure set, and chains the ratios (Bennett acceptance ratios). Prints the rate per shot and per round at every rung with a ±2σ interval of its logarithm. The other noise parameters (e.g. --eta) are held fixed along the ladder.',
  options: [
    {
      name: 'code',
      kind: 'choice',
      value: 'NAME',
      help: 'code family',
      choices: CODE_FAMILIES.map((c) => c.name),
      required: true,
    },
    {
      name: 'task',
      kind: 'choice',
      value: 'TASK',
      help: 'experiment',
      choices: ['memory-x', 'memory-z', 'stability'],
      default: 'memory-z',
    },
    { name: 'distance', kind: 'int', value: 'D', help: 'code distance', min: 1, max: 1001, required: true },
    {
      name: 'rounds',
      kind: 'int',
      value: 'R',
      help: 'syndrome-extraction rounds (default: distance)',
      min: 1,
      max: 1e6,
    },
    {
      name: 'noise',
      kind: 'choice',
      value: 'MODEL',
      help: 'noise model with a parameter p',
      choices: NOISE_FAMILIES.filter((f) => f.params.some((p) => p.name === 'p')).map((f) => f.name),
      default: 'uniform',
    },
    ...NOISE_OPTIONS,
    {
      name: 'p-start',
      kind: 'number',
      value: 'P',
      help: 'top of the ladder, where plain Monte Carlo sees failures',
      default: '0.01',
      min: 0,
      max: 0.5,
    },
    {
      name: 'rungs',
      kind: 'int',
      value: 'N',
      help: 'rungs of the ladder, both ends included',
      default: '8',
      min: 2,
      max: 200,
    },
    {
      name: 'steps',
      kind: 'int',
      value: 'N',
      help: 'Metropolis moves per rung, one decode each (more: tighter and more trustworthy intervals)',
      default: '20000',
      min: 100,
      max: 1e10,
    },
    {
      name: 'start-shots',
      kind: 'int',
      value: 'N',
      help: 'plain Monte Carlo shots at the top rung',
      default: '20000',
      min: 1,
      max: 1e10,
    },
    {
      name: 'both-ways',
      kind: 'boolean',
      help: 'also run an independent chain up the ladder (from a pruned failing configuration at --p) and print both chains and their agreement z = |Δ ln rate| / σ; the rate is then their geometric mean, its interval spans both',
    },
    {
      name: 'lanes',
      kind: 'int',
      value: 'N',
      help: 'independent lanes (with --tempering): half annealed down from failures of the top rung, half heated up from their pruned forms; 3 or more give the rate as their geometric mean and the interval from their spread (Student t), which does not trust the batches within a lane (default: 2 with --both-ways, else 1)',
      min: 1,
      max: 64,
    },
    {
      name: 'tempering',
      kind: 'boolean',
      help: 'run each chain as replica exchange over all rungs at once, with shift moves besides single flips (docs/rare-events.md); --steps then counts the decodes of each rung',
    },
    { name: 'decoder', kind: 'string', value: 'NAME', help: 'decoder', default: 'mwpm' },
    { name: 'seed', kind: 'int', value: 'S', help: 'random seed', default: '1', min: 0, max: 2 ** 53 - 1 },
    {
      name: 'workers',
      kind: 'int',
      value: 'N',
      help: 'worker threads for the chains (default: cores; 0: this thread); the result does not depend on it',
      min: 0,
      max: 256,
    },
  ],
  examples: [
    'qec rare-event --code rotated-surface --distance 7 --noise uniform --p 1e-4 --p-start 0.01 --rungs 10',
    'qec rare-event --code repetition --task memory-x --distance 9 --noise biased --eta 100 --p 1e-4 --p-start 0.05',
  ],
  async run(opts, io) {
    const code = str(opts, 'code') ?? '';
    const distance = num(opts, 'distance') ?? 0;
    const rounds = num(opts, 'rounds') ?? distance;
    const noise = str(opts, 'noise') ?? 'uniform';
    const params = noiseParamsFrom(opts);
    const pTarget = params.p;
    if (pTarget === undefined)
      throw new UsageError('qec rare-event: missing required option --p (the target p)');
    const pStart = num(opts, 'p-start') ?? 0.01;
    const decoder = getDecoderInfo(str(opts, 'decoder') ?? 'mwpm');
    const ladder = splittingLadder(pStart, pTarget, num(opts, 'rungs') ?? 8);
    const levels = ladder.map((p) => {
      const g = generateExperiment({
        code,
        task: (str(opts, 'task') ?? 'memory-z') as CodeTask,
        distance,
        rounds,
        noise,
        noiseParams: { ...params, p },
      });
      return {
        p,
        dem: flattenDem(
          analyzeErrors(g.circuit, {
            decomposeErrors: decoder.graphlikeOnly,
            approximateDisjointErrors: true,
          }),
        ),
      };
    });
    const splitting = {
      levels,
      decoder: decoder.name,
      startShots: num(opts, 'start-shots') ?? 20_000,
      steps: num(opts, 'steps') ?? 20_000,
      rng: new Rng(num(opts, 'seed') ?? 1),
      bothWays: flag(opts, 'both-ways'),
      lanes: num(opts, 'lanes') ?? (flag(opts, 'both-ways') ? 2 : 1),
      tempering: flag(opts, 'tempering'),
    };
    if (splitting.lanes > 2 && !splitting.tempering)
      throw new UsageError(
        `qec rare-event: --lanes ${splitting.lanes} needs --tempering (without it, 1 or 2 lanes)`,
      );
    const workers = num(opts, 'workers') ?? availableParallelism();
    let r;
    if (workers === 0) r = estimateBySplitting(splitting);
    else {
      const pool = new WorkerPool(workers);
      try {
        r = await splittingOnPool(pool)(splitting);
      } finally {
        await pool.close();
      }
    }
    const values = levels[0].dem.numObservables;
    const e = (x: number): string => x.toExponential(3);
    io.stdout(
      `# ${code} ${str(opts, 'task') ?? 'memory-z'} d=${distance} rounds=${rounds}, ${noise} noise, ${decoder.name}; ${r.startErrors} failures in ${r.startShots} shots at the top rung\n`,
    );
    const pct = (xs: readonly number[]): string => xs.map((x) => (100 * x).toFixed(0)).join(' ');
    const many = (r.lanes ?? []).length > 2;
    (r.swapAcceptance ?? []).forEach((s, k) =>
      io.stdout(
        `# lane ${many ? `${k} ` : ''}${k % 2 === 0 ? 'down' : 'up'}: swaps accepted between rungs (%) ${pct(s)}; shift moves accepted per rung (%) ${pct((r.shiftAcceptance ?? [])[k] ?? [])}\n`,
      ),
    );
    const both = r.down !== undefined && r.up !== undefined && r.agreement !== undefined;
    const lanes = r.lanes ?? [];
    const extraHeader = many
      ? `,${lanes.map((_, k) => `lane${k}_per_shot`).join(',')},spread_r`
      : both
        ? ',down_per_shot,up_per_shot,agreement_z'
        : '';
    io.stdout(
      `p,rate_per_shot,low,high,rate_per_round,low_per_round,high_per_round,chain_acceptance,overlap_up,overlap_down,mean_faults,tau${extraHeader}\n`,
    );
    const f = (x: number): string => (Number.isNaN(x) ? '' : x.toFixed(1));
    r.levels.forEach((l, j) => {
      const agree = r.agreement?.[j]?.toFixed(2) ?? '';
      const extra = many
        ? `,${lanes.map((x) => e(x[j].rate)).join(',')},${agree}`
        : both
          ? `,${e((r.down as SplittingEstimate[])[j].rate)},${e((r.up as SplittingEstimate[])[j].rate)},${agree}`
          : '';
      io.stdout(
        `${e(l.p)},${e(l.rate)},${e(l.low)},${e(l.high)},${e(perRoundRate(l.rate, rounds, values))},${e(perRoundRate(l.low, rounds, values))},${e(perRoundRate(l.high, rounds, values))},${l.acceptance.toFixed(5)},${l.overlapUp.toFixed(3)},${l.overlapDown.toFixed(3)},${f(l.meanFaults)},${f(l.tau)}${extra}\n`,
      );
    });
    return 0;
  },
};
