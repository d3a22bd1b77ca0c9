import { ValidationError } from '../../base/errors.js';
import type { Circuit } from '../../circuit/circuit.js';
import { parseCircuit } from '../../circuit/parser.js';
import { parseDem } from '../../dem/dem-parser.js';
import type { FlatDem } from '../../dem/dem.js';
import { analyzeErrors } from '../../dem/error-analyzer.js';
import { flattenDem } from '../../dem/flatten.js';
import { detsliceSvg, type DetsliceOptions } from '../../diagram/detslice-svg.js';
import { matchgraphSvg } from '../../diagram/matchgraph-svg.js';
import { parseTickRange, ticksOf } from '../../diagram/ticks.js';
import { timelineSvg } from '../../diagram/timeline-svg.js';
import { flag, str, UsageError, type CliCommand } from '../command.js';
import { IN_OPTION, OUT_OPTION, sourceName } from '../common.js';
import { decodeText, type CliIO } from '../io.js';

const TYPES = ['timeline-svg', 'detslice-svg', 'matchgraph-svg'] as const;

/** Stim's `--tick T|A:B` (shared with the web lab), a usage error (exit 2) when malformed. */
function usage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ValidationError) throw new UsageError(`qec diagram: ${e.message}`);
    throw e;
  }
}

/** Stim's `--filter_coords`: points `x,y[,…]` or detector ids `D#`, separated by `:`. */
function coordFilter(text: string | undefined): DetsliceOptions['filter'] {
  if (text === undefined) return undefined;
  return text.split(':').map((part) => {
    const p = part.trim();
    if (/^D\d+$/.test(p)) return { detector: Number(p.slice(1)) };
    if (/^L\d+$/.test(p))
      throw new UsageError(`qec diagram: --filter-coords ${p}: observables are not drawn in detector slices`);
    const coords = p.split(',').map(Number);
    if (p === '' || coords.some((v) => !Number.isFinite(v)))
      throw new UsageError(`qec diagram: --filter-coords expects points like 2,3:4,5,6 or D3, got '${part}'`);
    return { coords };
  });
}

/** A circuit, or (for the matching graph) a `.dem` file or text that parses only as a DEM. */
async function readInput(io: CliIO, path: string, demAllowed: boolean): Promise<Circuit | FlatDem> {
  const name = sourceName(path);
  const text = decodeText(await io.readFile(path), name);
  if (demAllowed && /\.dem$/i.test(path)) return flattenDem(parseDem(text, name));
  try {
    return parseCircuit(text, name);
  } catch (e) {
    if (!demAllowed) throw e;
    try {
      return flattenDem(parseDem(text, name));
    } catch {
      throw e;
    }
  }
}

export const diagramCommand: CliCommand = {
  name: 'diagram',
  summary:
    'Draw a circuit timeline, its detector slices or the matching graph of its error model as SVG (Stim diagram).',
  description:
    "Like `stim diagram`: timeline-svg draws every operation on per-qubit wires (REPEAT blocks unrolled, annotations left out); detslice-svg draws, at each chosen tick, each detector's slice (the Pauli terms an error must anticommute with to flip it) on the qubits' QUBIT_COORDS, X/Y/Z in red/green/blue; matchgraph-svg draws the graphlike edges of the detector error model (of a .dem file, or analysed from the circuit with decomposed errors) on the detector coordinates, edges flipping an observable in red. --tick 0 is the start of the circuit, --tick k the instant of the k-th TICK; A:B is half-open.",
  options: [
    IN_OPTION,
    OUT_OPTION,
    { name: 'type', kind: 'choice', value: 'TYPE', help: 'kind of diagram', choices: TYPES, required: true },
    { name: 'tick', kind: 'string', value: 'T|A:B', help: 'tick or half-open range of ticks to draw' },
    {
      name: 'filter-coords',
      kind: 'string',
      value: 'X,Y[:X,Y…]|D#',
      help: 'detslice-svg: only detectors whose coordinates start with one of these points, or with these ids',
    },
    { name: 'remove-noise', kind: 'boolean', help: 'timeline-svg: leave noise channels out' },
  ],
  examples: [
    'qec diagram --in c.stim --type timeline-svg --out timeline.svg',
    'qec diagram --in c.stim --type detslice-svg --tick 5 --out slice.svg',
    'stim-style: qec diagram --in c.dem --type matchgraph-svg --out graph.svg',
  ],
  async run(opts, io) {
    const type = str(opts, 'type') as (typeof TYPES)[number];
    const range = usage(() => parseTickRange(str(opts, 'tick')));
    const input = await readInput(io, str(opts, 'in') ?? '-', type === 'matchgraph-svg');
    let svg: string;
    if (type === 'matchgraph-svg') {
      const dem =
        'errors' in input
          ? input
          : flattenDem(analyzeErrors(input, { decomposeErrors: true, ignoreDecompositionFailures: true }));
      svg = matchgraphSvg(dem);
    } else if (!('items' in input)) throw new UsageError(`qec diagram: --type ${type} needs a circuit`);
    else if (type === 'timeline-svg')
      svg = timelineSvg(input, { ticks: range, removeNoise: flag(opts, 'remove-noise') });
    else {
      const ticks = range === undefined ? undefined : usage(() => ticksOf(range));
      svg = detsliceSvg(input, { ticks, filter: coordFilter(str(opts, 'filter-coords')) });
    }
    await io.writeFile(str(opts, 'out') ?? '-', svg);
    return 0;
  },
};
