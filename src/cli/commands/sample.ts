import { Rng } from '../../base/prng.js';
import type { SampleFormat } from '../../formats/sample-formats.js';
import { sampleShots } from '../../sim/state-vector/state-vector-simulator.js';
import { TableauSampler } from '../../sim/tableau/tableau-sampler.js';
import { flag, num, str, type CliCommand } from '../command.js';
import { referenceSample } from '../../sim/tableau/reference-sample.js';
import {
  formatOption,
  IN_OPTION,
  OUT_OPTION,
  SEED_OPTION,
  seedOf,
  SHOTS_OPTION,
  streamShots,
} from '../common.js';
import { readAnyCircuit } from './convert.js';
import { firstLeakage, firstNonStabilizer, requireStabilizer } from '../../sim/stabilizer-check.js';

export const sampleCommand: CliCommand = {
  name: 'sample',
  summary:
    'Sample measurement results of a circuit (tableau simulator; state vector when it is not Clifford).',
  description:
    "Like `stim sample`: one row of measurement results per shot in Stim's formats. Clifford circuits (with Pauli noise) run in the stabilizer tableau simulator; circuits with non-Clifford gates or non-Pauli channels run in the state-vector simulator (limited by its memory).",
  options: [
    IN_OPTION,
    SHOTS_OPTION,
    OUT_OPTION,
    formatOption('out-format', 'output format'),
    {
      name: 'sim',
      kind: 'choice',
      value: 'SIM',
      help: 'simulator',
      choices: ['auto', 'tableau', 'statevector'],
      default: 'auto',
    },
    {
      name: 'skip-reference-sample',
      kind: 'boolean',
      help: 'write each result XOR its value in the noiseless reference sample (flips), as Stim does with this flag',
    },
    SEED_OPTION,
  ],
  examples: [
    'qec sample --in bell.stim --shots 10',
    'qec sample --in c.qasm --shots 1000 --out-format b8 --out m.b8',
  ],
  async run(opts, io) {
    const { circuit } = await readAnyCircuit(io, str(opts, 'in') ?? '-');
    const rng = new Rng(seedOf(num(opts, 'seed')));
    const sim = str(opts, 'sim') ?? 'auto';
    const useTableau =
      sim === 'tableau' ||
      (sim === 'auto' && (firstNonStabilizer(circuit) === undefined || firstLeakage(circuit) !== undefined));
    if (useTableau) requireStabilizer(circuit, 'tableau (stabilizer) simulator');
    else if (firstLeakage(circuit) !== undefined) requireStabilizer(circuit, 'state-vector simulator');
    const numM = circuit.numMeasurements;
    // The tableau sampler runs the noiseless reference once, then one simulation per shot.
    const tableau = useTableau ? new TableauSampler(circuit) : undefined;
    const ref = flag(opts, 'skip-reference-sample') ? referenceSample(circuit) : undefined;
    await streamShots(
      io,
      [
        {
          path: str(opts, 'out') ?? '-',
          format: str(opts, 'out-format') as SampleFormat,
          formatOpts: { numMeasurements: numM, numDetectors: 0, numObservables: 0 },
        },
      ],
      num(opts, 'shots') ?? 0,
      (n) => {
        const r = tableau !== undefined ? tableau.sample(n, rng) : sampleShots(circuit, n, rng);
        const m = r.measurements ?? r.detectors;
        if (ref !== undefined)
          for (let s = 0; s < m.numRows; s++)
            for (let k = 0; k < ref.length; k++) if (ref[k] !== 0) m.toggle(s, k);
        return [m];
      },
    );
    return 0;
  },
};
