import { Rng } from '../../base/prng.js';
import { footprint, footprintPlot, groupCurves, groupPlots } from '../../experiment/analysis.js';
import { groupSummary } from '../../experiment/report.js';
import { renderSvg, svgToPng } from '../../node/render.js';
import { ValidationError } from '../../base/errors.js';
import { list, num, str, type CliCommand } from '../command.js';
import { loadRecords } from '../results.js';
import { measuredFootprintRows, splittingOptions } from './measured-footprint.js';

const IN = {
  name: 'in',
  kind: 'list',
  value: 'RESULTS.csv',
  paths: true,
  help: "results files (space-separated, e.g. results/*.csv), ours or sinter's",
  required: true,
} as const;

export const plotCommand: CliCommand = {
  name: 'plot',
  summary: 'Plot logical error rate per round vs the physical parameter, one line per distance (SVG or PNG).',
  options: [
    IN,
    {
      name: 'x',
      kind: 'choice',
      value: 'KEY',
      help: 'swept parameter on the x axis',
      choices: ['p', 'nbar'],
      default: 'p',
    },
    {
      name: 'group',
      kind: 'choice',
      value: 'KEY',
      help: 'one line per value of',
      choices: ['distance'],
      default: 'distance',
    },
    {
      name: 'kind',
      kind: 'choice',
      value: 'KIND',
      help: 'what to plot',
      choices: ['rate', 'lambda', 'footprint'],
      default: 'rate',
    },
    {
      name: 'p',
      kind: 'number',
      value: 'P',
      help: 'physical error rate for --kind footprint',
      default: '0.001',
      min: 0,
      max: 1,
    },
    {
      name: 'out',
      kind: 'string',
      value: 'PLOT.svg',
      help: 'output file (.svg or .png); one file per curve group gets a -N suffix',
      required: true,
    },
  ],
  examples: ['qec plot --in results.csv --x p --group distance --out plot.svg'],
  async run(opts, io) {
    const groups = groupCurves(await loadRecords(io, list(opts, 'in') ?? []), new Rng(1)).filter(
      (g) => g.xKey === (str(opts, 'x') ?? 'p'),
    );
    if (groups.length === 0)
      throw new ValidationError(`qec plot: no results with metadata d and ${str(opts, 'x') ?? 'p'} to plot`);
    const out = str(opts, 'out') ?? 'plot.svg';
    const png = out.toLowerCase().endsWith('.png');
    const kind = str(opts, 'kind') ?? 'rate';
    const specs =
      kind === 'footprint'
        ? [footprintPlot(groups, num(opts, 'p') ?? 1e-3, [1e-3, 1e-4, 1e-5, 1e-6, 1e-8, 1e-10, 1e-12, 1e-15])]
        : groups.map((g) => (kind === 'lambda' ? groupPlots(g).lambda : groupPlots(g).rates));
    for (let i = 0; i < specs.length; i++) {
      const path = specs.length === 1 ? out : out.replace(/(\.[a-z]+)?$/i, (ext) => `-${i + 1}${ext}`);
      const svg = await renderSvg(specs[i]);
      await io.writeFile(path, png ? await svgToPng(svg) : svg);
      io.stderr(`wrote ${path}${kind !== 'footprint' ? ` (${groups[i].label})` : ''}\n`);
    }
    return 0;
  },
};

export const thresholdCommand: CliCommand = {
  name: 'threshold',
  summary:
    'Estimate thresholds (finite-size scaling with bootstrap error), Λ and the suppression fit from results.',
  options: [IN],
  examples: ['qec threshold --in results.csv'],
  async run(opts, io) {
    const groups = groupCurves(await loadRecords(io, list(opts, 'in') ?? []), new Rng(1));
    if (groups.length === 0) throw new ValidationError('qec threshold: no results with metadata d and p');
    for (const g of groups)
      io.stdout(
        `${g.label}\n${groupSummary(g)
          .map((l) => `  ${l}`)
          .join('\n')}\n`,
      );
    return 0;
  },
};

export const footprintCommand: CliCommand = {
  name: 'footprint',
  summary:
    'Smallest distance and physical qubits per logical qubit to reach a target logical error rate per round.',
  description:
    'The fit ε_d ≈ A (p/p_th)^((d+1)/2) of the swept results proposes a distance; splitting in p (qec rare-event, Bravyi & Vargo 2013) then measures the rate per round at that distance and p on the same circuit, and at neighbouring distances (down while the target is met, up while it is not), so the answer is measured, with its ±2σ interval, not extrapolated. --splitting-moves bounds the cost (0: fit only). Method, assumptions and limits: docs/rare-events.md.',
  options: [
    IN,
    { name: 'p', kind: 'number', value: 'P', help: 'physical error rate', required: true, min: 0, max: 1 },
    {
      name: 'target',
      kind: 'number',
      value: 'RATE',
      help: 'target logical error rate per round',
      required: true,
      min: 0,
      max: 1,
    },
    ...splittingOptions(3000, 2),
  ],
  examples: [
    'qec footprint --in results.csv --p 1e-3 --target 1e-12',
    'qec footprint --in results.csv --p 1e-3 --target 1e-12 --splitting-moves 0',
  ],
  async run(opts, io) {
    const groups = groupCurves(await loadRecords(io, list(opts, 'in') ?? []), new Rng(1));
    const fitted = footprint(groups, num(opts, 'p') ?? 1e-3, num(opts, 'target') ?? 1e-12);
    if (fitted.length === 0)
      throw new ValidationError('qec footprint: no results swept over p with metadata d');
    const rows = measuredFootprintRows(groups, fitted, opts, io);
    for (const r of rows)
      io.stdout(
        `${r.group}\n  p=${r.p} target=${r.target}: ${r.distance === undefined ? 'not reachable' : `d=${r.distance}, ${r.qubits} physical qubits`}${r.note !== '' ? ` (${r.note})` : ''}\n`,
      );
    return 0;
  },
};
