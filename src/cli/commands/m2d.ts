import type { SampleFormat } from '../../formats/sample-formats.js';
import { requireStabilizer } from '../../sim/stabilizer-check.js';
import { MeasurementsToDetections } from '../../sim/measurements-to-detections.js';
import { flag, str, type CliCommand } from '../command.js';
import {
  BATCH_SHOTS,
  formatOption,
  OBS_OUT_OPTIONS,
  IN_OPTION,
  OUT_OPTION,
  readCircuit,
  readSampleFile,
  streamShots,
  type ShotOutput,
} from '../common.js';
import { rowsView } from '../../mem/bit-table.js';

export const m2dCommand: CliCommand = {
  name: 'm2d',
  summary: 'Convert measurement results into detection events and observable flips (Stim m2d).',
  description:
    "Like `stim m2d`: each DETECTOR of --circuit is the parity of the measurements it names, compared with its value in the circuit's noiseless reference sample; observables likewise.",
  options: [
    {
      name: 'circuit',
      kind: 'string',
      value: 'FILE',
      help: 'the circuit that produced the measurements',
      required: true,
    },
    IN_OPTION,
    formatOption('in-format', 'format of the measurements'),
    OUT_OPTION,
    formatOption('out-format', 'format of the detection events'),
    ...OBS_OUT_OPTIONS,
    {
      name: 'append-observables',
      kind: 'boolean',
      help: 'append observable flips after the detectors of each shot',
    },
    {
      name: 'skip-reference-sample',
      kind: 'boolean',
      help: 'the measurements are flips relative to the noiseless reference (do not compare with it)',
    },
  ],
  examples: [
    'qec m2d --circuit c.stim --in m.01 --out dets.01 --obs-out obs.01',
    'stim-style: qec m2d --circuit c.stim --in m.b8 --in_format b8 --append_observables',
  ],
  async run(opts, io) {
    const circuit = await readCircuit(io, str(opts, 'circuit') ?? '-');
    requireStabilizer(circuit, 'reference sampler');
    const conv = new MeasurementsToDetections(circuit, {
      skipReferenceSample: flag(opts, 'skip-reference-sample'),
    });
    const inPath = str(opts, 'in') ?? '-';
    const meas = await readSampleFile(io, inPath, str(opts, 'in-format') as SampleFormat, {
      m: conv.numMeasurements,
    });
    const append = flag(opts, 'append-observables');
    const outputs: ShotOutput[] = [
      {
        path: str(opts, 'out') ?? '-',
        format: str(opts, 'out-format') as SampleFormat,
        formatOpts: {
          numMeasurements: 0,
          numDetectors: conv.numDetectors,
          numObservables: append ? conv.numObservables : 0,
        },
      },
    ];
    const obsOut = str(opts, 'obs-out');
    if (obsOut !== undefined)
      outputs.push({
        path: obsOut,
        format: str(opts, 'obs-out-format') as SampleFormat,
        formatOpts: { numMeasurements: 0, numDetectors: 0, numObservables: conv.numObservables },
      });
    let done = 0;
    await streamShots(
      io,
      outputs,
      meas.numRows,
      (n) => {
        const r = conv.convert(rowsView(meas, done, n));
        done += n;
        const main = append ? r.detectors.concatColumns(r.observables) : r.detectors;
        return obsOut !== undefined ? [main, r.observables] : [main];
      },
      BATCH_SHOTS,
    );
    return 0;
  },
};
