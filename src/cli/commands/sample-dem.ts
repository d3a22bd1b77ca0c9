import { Rng } from '../../base/prng.js';
import { compileDemSampler } from '../../dem/dem-sampler.js';
import { flattenDem } from '../../dem/flatten.js';
import type { SampleFormat } from '../../formats/sample-formats.js';
import { num, str, type CliCommand } from '../command.js';
import {
  FORMAT_CHOICES,
  IN_OPTION,
  OUT_OPTION,
  readDem,
  SEED_OPTION,
  seedOf,
  SHOTS_OPTION,
  streamShots,
  type ShotOutput,
} from '../common.js';

export const sampleDemCommand: CliCommand = {
  name: 'sample-dem',
  summary: 'Sample detection events and observable flips straight from a detector error model.',
  description: 'Like `stim sample_dem`: each error mechanism fires independently with its probability.',
  options: [
    IN_OPTION,
    SHOTS_OPTION,
    OUT_OPTION,
    {
      name: 'out-format',
      kind: 'choice',
      value: 'FMT',
      help: 'format of detection events',
      choices: FORMAT_CHOICES,
      default: '01',
    },
    { name: 'obs-out', kind: 'string', value: 'FILE', help: 'write observable flips to this file' },
    {
      name: 'obs-out-format',
      kind: 'choice',
      value: 'FMT',
      help: 'format of observable flips',
      choices: FORMAT_CHOICES,
      default: '01',
    },
    SEED_OPTION,
  ],
  examples: ['qec sample-dem --in m.dem --shots 1000 --out dets.01 --obs-out obs.01 --seed 1'],
  async run(opts, io) {
    const flat = flattenDem(await readDem(io, str(opts, 'in') ?? '-'));
    const sampler = compileDemSampler(flat);
    const rng = new Rng(seedOf(num(opts, 'seed')));
    const outputs: ShotOutput[] = [
      {
        path: str(opts, 'out') ?? '-',
        format: str(opts, 'out-format') as SampleFormat,
        formatOpts: { numMeasurements: 0, numDetectors: flat.numDetectors, numObservables: 0 },
      },
    ];
    const obsOut = str(opts, 'obs-out');
    if (obsOut !== undefined)
      outputs.push({
        path: obsOut,
        format: str(opts, 'obs-out-format') as SampleFormat,
        formatOpts: { numMeasurements: 0, numDetectors: 0, numObservables: flat.numObservables },
      });
    await streamShots(io, outputs, num(opts, 'shots') ?? 0, (n) => {
      const r = sampler.sample(n, rng);
      return obsOut !== undefined ? [r.detectors, r.observables] : [r.detectors];
    });
    return 0;
  },
};
