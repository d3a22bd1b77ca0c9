import { DECODERS, compileDecoder } from '../../decode/registry.js';
import { readSamples, writeSamples, type SampleFormat } from '../../formats/sample-formats.js';
import { BitTable, rowsView } from '../../mem/bit-table.js';
import { list, str, type CliCommand } from '../command.js';
import { checkDecoderNames, CUSTOM_DECODER_OPTION, loadCustomDecoders } from '../custom-decoders.js';
import {
  DECODER_ALIASES,
  DECODER_OPTIONS_OPTION,
  decoderOptionsOf,
  formatOption,
  readFlatDem,
  readSampleFile,
  sourceName,
} from '../common.js';
import { ValidationError } from '../../base/errors.js';

/** Shots decoded per call of decodeBatch. */
const DECODE_BATCH = 4096;

export const decodeCommand: CliCommand = {
  name: 'decode',
  summary:
    'Decode detection events with a DEM: predicted observable flips, and logical errors with --obs-in.',
  options: [
    { name: 'dem', kind: 'string', value: 'FILE', help: 'detector error model (.dem)', required: true },
    {
      name: 'in',
      kind: 'string',
      value: 'FILE',
      help: 'detection events (- for standard input)',
      default: '-',
    },
    formatOption('in-format', 'format of the detection events'),
    {
      name: 'decoder',
      kind: 'choice',
      value: 'NAME',
      help: 'decoder',
      choices: DECODERS.map((d) => d.name),
      openChoices: true,
      choiceAliases: DECODER_ALIASES,
      default: 'mwpm',
    },
    DECODER_OPTIONS_OPTION,
    CUSTOM_DECODER_OPTION,
    { name: 'out', kind: 'string', value: 'FILE', help: 'write predicted observable flips here' },
    formatOption('out-format', 'format of the predictions'),
    { name: 'obs-in', kind: 'string', value: 'FILE', help: 'actual observable flips: count logical errors' },
    formatOption('obs-in-format', 'format of --obs-in'),
  ],
  examples: [
    'qec decode --dem c.dem --in dets.b8 --in-format b8 --decoder mwpm --obs-in obs.01',
    'qec decode --dem c.dem --in dets.01 --decoder unionfind --out predictions.01',
  ],
  async run(opts, io) {
    await loadCustomDecoders(list(opts, 'custom-decoder'));
    checkDecoderNames('decoder', [str(opts, 'decoder') ?? 'mwpm']);
    const flat = await readFlatDem(io, str(opts, 'dem') ?? '-');
    const inPath = str(opts, 'in') ?? '-';
    const dets = await readSampleFile(io, inPath, str(opts, 'in-format') as SampleFormat, {
      d: flat.numDetectors,
    });
    const decoder = compileDecoder(
      flat,
      str(opts, 'decoder') ?? 'mwpm',
      decoderOptionsOf(str(opts, 'decoder-options')),
    );
    const shots = dets.numRows;
    const predictions = new BitTable(shots, flat.numObservables);
    for (let s = 0; s < shots; s += DECODE_BATCH) {
      const n = Math.min(DECODE_BATCH, shots - s);
      decoder.decodeBatch(rowsView(dets, s, n), rowsView(predictions, s, n));
    }
    const out = str(opts, 'out');
    const obsIn = str(opts, 'obs-in');
    if (out !== undefined || obsIn === undefined)
      await io.writeFile(
        out ?? '-',
        writeSamples(predictions, str(opts, 'out-format') as SampleFormat, {
          numMeasurements: 0,
          numDetectors: 0,
          numObservables: flat.numObservables,
        }),
      );
    if (obsIn !== undefined) {
      const actual = readSamples(
        await io.readFile(obsIn),
        str(opts, 'obs-in-format') as SampleFormat,
        flat.numObservables,
        {
          source: sourceName(obsIn),
          numMeasurements: 0,
          numDetectors: 0,
          numObservables: flat.numObservables,
        },
      );
      if (actual.numRows !== shots)
        throw new ValidationError(
          `${sourceName(obsIn)} has ${actual.numRows} shots but ${sourceName(inPath)} has ${shots}`,
        );
      let errors = 0;
      for (let s = 0; s < shots; s++) {
        let differ = false;
        for (let k = 0; k < predictions.stride && !differ; k++)
          differ = predictions.data[s * predictions.stride + k] !== actual.data[s * actual.stride + k];
        if (differ) errors++;
      }
      const rate = shots === 0 ? 0 : errors / shots;
      io.stdout(
        `logical errors: ${errors} of ${shots} shots (rate ${rate.toPrecision(4)}) with ${str(opts, 'decoder') ?? 'mwpm'}\n`,
      );
    }
    return 0;
  },
};
