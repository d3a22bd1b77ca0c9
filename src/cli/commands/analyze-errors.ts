import { requireStabilizer } from '../../sim/stabilizer-check.js';
import { analyzeErrors } from '../../dem/error-analyzer.js';
import { printDem } from '../../dem/dem-printer.js';
import { flag, str, type CliCommand } from '../command.js';
import { IN_OPTION, OUT_OPTION, readCircuit } from '../common.js';

export const analyzeErrorsCommand: CliCommand = {
  name: 'analyze-errors',
  summary: 'Extract the detector error model of a noisy circuit (.dem).',
  description:
    'Like `stim analyze_errors`: every noise channel becomes error mechanisms with the detectors and observables they flip, identical mechanisms merged. --decompose-errors splits hyperedges into graphlike components (needed by matching decoders). Fails naming the detectors or observables that are not deterministic without noise.',
  options: [
    IN_OPTION,
    OUT_OPTION,
    {
      name: 'decompose-errors',
      kind: 'boolean',
      help: 'split each error into graphlike components separated by ^',
    },
    {
      name: 'fold-loops',
      kind: 'boolean',
      help: "fold REPEAT blocks into DEM repeat blocks (Stim's flag; folding is already the default here)",
    },
    {
      name: 'no-fold-loops',
      kind: 'boolean',
      help: 'unroll REPEAT blocks instead of folding them into DEM repeat blocks',
    },
    {
      name: 'allow-gauge-detectors',
      kind: 'boolean',
      help: 'treat non-deterministic detectors as 50% errors instead of failing',
    },
    {
      name: 'ignore-decomposition-failures',
      kind: 'boolean',
      help: 'keep hyperedges that cannot be decomposed instead of failing',
    },
    {
      name: 'block-decomposition-from-introducing-remnant-edges',
      kind: 'boolean',
      help: 'only decompose into graphlike errors that exist on their own (as Stim)',
    },
    {
      name: 'approximate-disjoint-errors',
      kind: 'boolean',
      help: 'approximate PAULI_CHANNEL and ELSE_CORRELATED_ERROR disjoint cases as independent errors',
    },
  ],
  examples: ['qec analyze-errors --in c.stim --decompose-errors --out c.dem'],
  async run(opts, io) {
    const circuit = await readCircuit(io, str(opts, 'in') ?? '-');
    requireStabilizer(circuit, 'error analyzer');
    const dem = analyzeErrors(circuit, {
      decomposeErrors: flag(opts, 'decompose-errors'),
      foldLoops: !flag(opts, 'no-fold-loops'),
      allowGaugeDetectors: flag(opts, 'allow-gauge-detectors'),
      approximateDisjointErrors: flag(opts, 'approximate-disjoint-errors'),
      ignoreDecompositionFailures: flag(opts, 'ignore-decomposition-failures'),
      blockDecompositionFromIntroducingRemnantEdges: flag(
        opts,
        'block-decomposition-from-introducing-remnant-edges',
      ),
    });
    await io.writeFile(str(opts, 'out') ?? '-', printDem(dem));
    return 0;
  },
};
