import { Rng } from '../../base/prng.js';
import { printDem } from '../../dem/dem-printer.js';
import { demErrorTermsText, formatExplainedErrors } from '../../dem/explain-format.js';
import { shortestLogicalError } from '../../dem/shortest-error.js';
import { flag, num, str, type CliCommand } from '../command.js';
import { IN_OPTION, OUT_OPTION, readCircuit, SEED_OPTION, seedOf } from '../common.js';

export const shortestErrorCommand: CliCommand = {
  name: 'shortest-error',
  summary:
    'The shortest logical error of a circuit as DEM mechanisms and the circuit locations causing them (Stim shortest_graphlike_error).',
  description:
    "Prints the fewest error mechanisms that flip an observable without flipping any detector: first as a detector error model (after a # comment with the weight and how it was found), then each mechanism explained by its circuit locations in explain-errors' layout. Default: graphlike components of the decomposed model, exact, as Stim's shortest_graphlike_error (mechanisms printed with probability 1, as Stim does). --hyperedge searches the undecomposed model instead (exhaustive up to a budget, then randomised information sets): the comment says whether the weight is exact or gives the proved lower bound.",
  options: [
    IN_OPTION,
    OUT_OPTION,
    {
      name: 'hyperedge',
      kind: 'boolean',
      help: 'search the undecomposed model (hyperedges) instead of graphlike components',
    },
    { name: 'single', kind: 'boolean', help: 'one representative circuit location per mechanism' },
    {
      name: 'ignore-decomposition-failures',
      kind: 'boolean',
      help: 'graphlike: leave errors that cannot be decomposed out of the graph instead of failing',
      aliases: ['ignore-ungraphlike-errors'],
    },
    {
      name: 'trials',
      kind: 'int',
      min: 1,
      value: 'N',
      help: 'hyperedge: random information-set trials',
      default: '100',
    },
    {
      name: 'max-enumerated',
      kind: 'int',
      min: 1,
      value: 'N',
      help: 'hyperedge: most mechanism sets enumerated by the exhaustive part',
      default: '1500000',
    },
    SEED_OPTION,
  ],
  examples: [
    'qec shortest-error --in c.stim --single',
    'qec shortest-error --in c.stim --hyperedge --trials 200 --seed 1',
  ],
  async run(opts, io) {
    const circuit = await readCircuit(io, str(opts, 'in') ?? '-');
    const hyper = flag(opts, 'hyperedge');
    const r = shortestLogicalError(circuit, {
      method: hyper ? 'hyperedge' : 'graphlike',
      single: flag(opts, 'single'),
      ignoreDecompositionFailures: flag(opts, 'ignore-decomposition-failures'),
      rng: new Rng(seedOf(num(opts, 'seed'))),
      trials: num(opts, 'trials'),
      maxEnumerated: num(opts, 'max-enumerated'),
    });
    const kind = hyper ? 'logical error (hyperedge search)' : 'graphlike logical error';
    const bound = r.exact ? 'exact' : `upper bound; every logical error has at least ${r.lowerBound}`;
    const out = [
      `# shortest ${kind}: ${r.weight} mechanisms (${bound}; ${r.method})`,
      printDem(r.dem).trimEnd(),
      '',
    ];
    out.push('# circuit errors causing each mechanism');
    r.explained.forEach(({ error, component }, i) => {
      const item = r.dem.items[i];
      if (component && item.kind === 'error') {
        const edge = { ...item.components[0], locations: [] };
        out.push(
          `# ${demErrorTermsText(edge, { ...r.coords, errors: [] })} is one graphlike component of these circuit errors:`,
        );
      }
      out.push(formatExplainedErrors({ errors: [error], ...r.coords }).trimEnd());
    });
    await io.writeFile(str(opts, 'out') ?? '-', `${out.join('\n')}\n`);
    return 0;
  },
};
