import { explainErrors } from '../../dem/explain-errors.js';
import { formatExplainedErrors } from '../../dem/explain-format.js';
import { flag, str, type CliCommand } from '../command.js';
import { IN_OPTION, OUT_OPTION, readCircuit, readDem } from '../common.js';

export const explainErrorsCommand: CliCommand = {
  name: 'explain-errors',
  summary:
    'Explain detector error model errors by the circuit locations that cause them (Stim explain_errors).',
  description:
    "Like `stim explain_errors`: for every set of detectors and observables that a single circuit error flips, the noise locations that flip exactly it — instruction (1-based, inside REPEAT blocks with the iteration), target group, TICKs before it, and the Pauli term or flipped measurement. The output has Stim's layout. REPEAT blocks are unrolled. --single keeps one representative per error: fewest flipped qubits, then the earliest.",
  options: [
    IN_OPTION,
    OUT_OPTION,
    {
      name: 'dem-filter',
      kind: 'string',
      value: 'FILE',
      help: 'explain only the errors of this detector error model (components joined by ^ are XORed)',
    },
    { name: 'single', kind: 'boolean', help: 'one representative circuit error per DEM error' },
  ],
  examples: [
    'qec explain-errors --in c.stim --single',
    'stim-style: qec explain_errors --in c.stim --dem_filter errors.dem',
  ],
  async run(opts, io) {
    const circuit = await readCircuit(io, str(opts, 'in') ?? '-');
    const filterPath = str(opts, 'dem-filter');
    const filter = filterPath === undefined ? undefined : await readDem(io, filterPath);
    const result = explainErrors(circuit, { filter, single: flag(opts, 'single') });
    await io.writeFile(str(opts, 'out') ?? '-', formatExplainedErrors(result));
    return 0;
  },
};
