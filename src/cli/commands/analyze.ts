import { Rng } from '../../base/prng.js';
import { footprint, footprintPlot, groupCurves } from '../../experiment/analysis.js';
import { groupSummary } from '../../experiment/report.js';
import { renderSvg, svgToPng } from '../../node/render.js';
import { ValidationError } from '../../base/errors.js';
import { list, num, str, UsageError, type CliCommand } from '../command.js';
import { KEY_ALIASES, plotFigures, type PlotKind } from '../../experiment/plot-series.js';
import type { VegaLiteSpec } from '../../experiment/plots.js';
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
  summary:
    'Plot logical error rates (or discard rates, or Λ) vs any metadata key, one line per value of the --group keys (SVG or PNG).',
  description:
    'Records are split into figures by the metadata that is neither x, a --group key nor per-point (r, qubits, k); each figure gets one series per combination of the --group keys (metadata keys or decoder), e.g. --group decoder,d overlays decoders. Rates are per round over kept shots with likelihood-ratio bands; --kind discard plots discards per shot; --kind lambda plots Λ = ε_d/ε_(d+2) per series against x.',
  options: [
    IN,
    {
      name: 'x',
      kind: 'string',
      value: 'KEY',
      help: 'metadata key on the x axis (p, nbar, d, ...; default p when present, else nbar)',
    },
    {
      name: 'group',
      kind: 'list',
      value: 'KEY[,KEY]',
      help: 'one line per value of these keys: metadata keys or decoder (distance means d)',
      default: 'd',
      choiceAliases: KEY_ALIASES,
    },
    {
      name: 'kind',
      kind: 'choice',
      value: 'KIND',
      help: 'what to plot',
      choices: ['rate', 'discard', 'lambda', 'footprint'],
      aliases: ['type'],
      default: 'rate',
    },
    { name: 'title', kind: 'string', value: 'TEXT', help: 'figure title (default: from the fixed metadata)' },
    { name: 'ymin', kind: 'number', value: 'Y', help: 'bottom of the y axis (> 0, log axis)', min: 0 },
    { name: 'ymax', kind: 'number', value: 'Y', help: 'top of the y axis', min: 0 },
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
      help: 'output file (.svg or .png); several figures get -1, -2, ... suffixes',
      required: true,
    },
  ],
  examples: [
    'qec plot --in results.csv --out plot.svg',
    'qec plot --in results/*.csv --group decoder,d --title "MWPM vs UF" --ymin 1e-6 --ymax 1e-1 --out cmp.svg',
    'qec plot --in results.csv --x nbar --kind lambda --out lambda.svg',
    'qec plot --in results.csv --type discard --out discards.svg',
  ],
  async run(opts, io) {
    const records = await loadRecords(io, list(opts, 'in') ?? []);
    const out = str(opts, 'out') ?? 'plot.svg';
    const png = out.toLowerCase().endsWith('.png');
    const kind = str(opts, 'kind') ?? 'rate';
    const [ymin, ymax] = [num(opts, 'ymin'), num(opts, 'ymax')];
    if (ymin !== undefined && ymin <= 0)
      throw new UsageError(`qec plot: --ymin must be above 0 (the y axis is logarithmic), got ${ymin}`);
    if (ymin !== undefined && ymax !== undefined && !(ymin < ymax))
      throw new UsageError(`qec plot: --ymin ${ymin} must be below --ymax ${ymax}`);
    let specs: { spec: VegaLiteSpec; label: string }[];
    if (kind === 'footprint') {
      const groups = groupCurves(records, new Rng(1));
      if (groups.length === 0) throw new ValidationError('no results with metadata d and p to plot');
      const spec = footprintPlot(
        groups,
        num(opts, 'p') ?? 1e-3,
        [1e-3, 1e-4, 1e-5, 1e-6, 1e-8, 1e-10, 1e-12, 1e-15],
      );
      specs = [{ spec, label: 'footprint' }];
    } else {
      const figures = plotFigures(
        records,
        {
          kind: kind as PlotKind,
          x: str(opts, 'x'),
          group: list(opts, 'group'),
          title: str(opts, 'title'),
          yDomain: ymin === undefined && ymax === undefined ? undefined : [ymin, ymax],
        },
        new Rng(1),
      );
      specs = figures.map((f) => ({ spec: f.spec, label: f.fixed.map(([k, v]) => `${k}=${v}`).join(' ') }));
    }
    for (let i = 0; i < specs.length; i++) {
      const path = specs.length === 1 ? out : out.replace(/(\.[a-z]+)?$/i, (ext) => `-${i + 1}${ext}`);
      const svg = await renderSvg(specs[i].spec);
      await io.writeFile(path, png ? await svgToPng(svg) : svg);
      io.stderr(`wrote ${path} (${specs[i].label})\n`);
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
    if (groups.length === 0)
      throw new ValidationError('no results with metadata d and p to estimate a threshold from');
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
    {
      name: 'workers',
      kind: 'int',
      value: 'N',
      help: 'worker threads for the splitting chains (default: cores; 0: this thread); the result does not depend on it',
      min: 0,
      max: 256,
    },
  ],
  examples: [
    'qec footprint --in results.csv --p 1e-3 --target 1e-12',
    'qec footprint --in results.csv --p 1e-3 --target 1e-12 --splitting-moves 0',
  ],
  async run(opts, io) {
    const groups = groupCurves(await loadRecords(io, list(opts, 'in') ?? []), new Rng(1));
    const fitted = footprint(groups, num(opts, 'p') ?? 1e-3, num(opts, 'target') ?? 1e-12);
    if (fitted.length === 0)
      throw new ValidationError('no results swept over p with metadata d to fit a footprint from');
    const rows = await measuredFootprintRows(groups, fitted, opts, io);
    for (const r of rows)
      io.stdout(
        `${r.group}\n  p=${r.p} target=${r.target}: ${r.distance === undefined ? 'not reachable' : `d=${r.distance}, ${r.qubits} physical qubits`}${r.note !== '' ? ` (${r.note})` : ''}\n`,
      );
    return 0;
  },
};
