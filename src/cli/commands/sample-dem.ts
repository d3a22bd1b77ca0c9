import { Rng } from '../../base/prng.js';
import { compileDemSampler } from '../../dem/dem-sampler.js';
import { readSamples, type SampleFormat } from '../../formats/sample-formats.js';
import { rowsView } from '../../mem/bit-table.js';
import { num, str, UsageError, type CliCommand } from '../command.js';
import {
  formatOption,
  OBS_OUT_OPTIONS,
  IN_OPTION,
  OUT_OPTION,
  readFlatDem,
  SEED_OPTION,
  seedOf,
  SHOTS_OPTION,
  sourceName,
  streamShots,
  type ShotOutput,
} from '../common.js';

export const sampleDemCommand: CliCommand = {
  name: 'sample-dem',
  summary: 'Sample detection events and observable flips straight from a detector error model.',
  description: 'Like `stim sample_dem`: each error mechanism fires independently with its probability.',
  options: [
    IN_OPTION,
    { ...SHOTS_OPTION, required: false, help: 'number of shots (required unless --replay-err-in)' },
    OUT_OPTION,
    formatOption('out-format', 'format of detection events'),
    ...OBS_OUT_OPTIONS,
    {
      name: 'err-out',
      kind: 'string',
      value: 'FILE',
      help: 'write which error mechanisms fired (one bit per DEM error, in order)',
    },
    formatOption('err-out-format', 'format of --err-out'),
    {
      name: 'replay-err-in',
      kind: 'string',
      value: 'FILE',
      help: "instead of sampling, replay these error patterns (as written by --err-out); --shots is then the file's shot count",
    },
    formatOption('replay-err-in-format', 'format of --replay-err-in'),
    SEED_OPTION,
  ],
  examples: [
    'qec sample-dem --in m.dem --shots 1000 --out dets.01 --obs-out obs.01 --seed 1',
    'qec sample-dem --in m.dem --shots 1000 --out dets.01 --err-out err.b8 --err-out-format b8',
    'qec sample-dem --in m.dem --replay-err-in err.b8 --replay-err-in-format b8 --out dets.01',
  ],
  async run(opts, io) {
    const flat = await readFlatDem(io, str(opts, 'in') ?? '-');
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
    const errOut = str(opts, 'err-out');
    if (errOut !== undefined)
      outputs.push({
        path: errOut,
        format: str(opts, 'err-out-format') as SampleFormat,
        formatOpts: { numMeasurements: sampler.numErrors, numDetectors: 0, numObservables: 0 },
      });
    const replayPath = str(opts, 'replay-err-in');
    const replay =
      replayPath === undefined
        ? undefined
        : readSamples(
            await io.readFile(replayPath),
            str(opts, 'replay-err-in-format') as SampleFormat,
            sampler.numErrors,
            {
              source: sourceName(replayPath),
              numMeasurements: sampler.numErrors,
              numDetectors: 0,
              numObservables: 0,
            },
          );
    const shots = replay?.numRows ?? num(opts, 'shots');
    if (shots === undefined) throw new UsageError('qec sample-dem: missing required option --shots N');
    if (replay !== undefined && num(opts, 'shots') !== undefined && num(opts, 'shots') !== replay.numRows)
      throw new UsageError(
        `qec sample-dem: --shots ${num(opts, 'shots')} but ${sourceName(replayPath ?? '-')} holds ${replay.numRows} shots`,
      );
    let done = 0;
    await streamShots(io, outputs, shots, (n) => {
      const r =
        replay !== undefined
          ? sampler.replay(rowsView(replay, done, n))
          : sampler.sample(n, rng, { recordErrors: errOut !== undefined });
      done += n;
      const tables = [r.detectors];
      if (obsOut !== undefined) tables.push(r.observables);
      if (errOut !== undefined && r.errors !== undefined) tables.push(r.errors);
      return tables;
    });
    return 0;
  },
};
