import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng } from '../../base/prng.js';
import {
  catFootprints,
  footprint,
  footprintPlot,
  groupCurves,
  groupPlots,
  groupTitle,
} from '../../experiment/analysis.js';
import { headlineStudy } from '../../experiment/headline.js';
import { footprintTable, groupSummary, htmlReport, htmlTable, pointsTable } from '../../experiment/report.js';
import { renderSvg, svgToPng } from '../../node/render.js';
import { writeError } from '../file-output.js';
import { decodeMessage, resolveStudy, StudySpecSchema } from '../../protocol/index.js';
import { runCollection } from '../collection.js';
import { flag, num, str, type CliCommand } from '../command.js';
import { loadRecords } from '../results.js';
import { measuredFootprintRows, splittingOptions } from './measured-footprint.js';

/**
 * Default moves per rung of the footprint's splitting ladders in the headline study (one distance
 * per row: the fit's). At d = 21 under circuit-level noise one move is one MWPM decode of a
 * 21-round memory experiment, and the ladder has ~24 rungs. 4000: the repetition row (d = 13)
 * passes the two-chain rule there (at 1500 its chains were 2.5 standard errors apart), for about
 * 20 s CPU; the XZZX (≥ 4353) and rotated-surface (≥ 5818) rows stay above it and are skipped at
 * once with the budget they need.
 */
const STUDY_SPLITTING_MOVES = 4000;

const slug = (s: string): string =>
  s
    .replace(/[^a-z0-9.]+/gi, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);

export const studyCommand: CliCommand = {
  name: 'study',
  summary:
    'Run the headline study (npm start): thresholds, Λ and the qubit cost of a logical qubit, with a report.',
  description:
    'Rotated surface code d = 3, 5, 7 under circuit-level depolarizing noise over a sweep of p; the repetition and XZZX codes under biased noise (η = 100); the repetition code on cat qubits over n̄. Collects with MWPM on all cores (resuming from OUT/results.csv), then measures the rate per round at the distance of each footprint by splitting in p (docs/rare-events.md; budget --splitting-moves, 0 for the fit only), writes OUT/results.csv, plots (SVG and PNG) and OUT/report.html, and prints the threshold, Λ and the footprint at p = 1e-3.',
  options: [
    { name: 'out', kind: 'string', value: 'DIR', help: 'output directory', default: 'out' },
    {
      name: 'max-shots',
      kind: 'int',
      value: 'N',
      help: 'shots per task at most',
      default: '300000',
      min: 1,
      max: 2 ** 50,
    },
    {
      name: 'max-errors',
      kind: 'int',
      value: 'N',
      help: 'logical errors per task at most',
      default: '1500',
      min: 1,
      max: 2 ** 50,
    },
    { name: 'workers', kind: 'int', value: 'N', help: 'worker threads (default: cores)', min: 0, max: 256 },
    {
      name: 'p',
      kind: 'number',
      value: 'P',
      help: 'physical error rate of the footprint table',
      default: '0.001',
      min: 0,
      max: 1,
    },
    {
      name: 'target',
      kind: 'number',
      value: 'RATE',
      help: 'target logical error rate per round',
      default: '1e-12',
      min: 0,
      max: 1,
    },
    { name: 'no-png', kind: 'boolean', help: 'write SVG plots only' },
    {
      name: 'print-spec',
      kind: 'boolean',
      help: 'print the study as JSON (with --max-shots/--max-errors) for qec collect --tasks, qec submit or POST /api/v1/studies, and run nothing',
    },
    ...splittingOptions(STUDY_SPLITTING_MOVES, 1),
  ],
  async run(opts, io) {
    const outDir = str(opts, 'out') ?? 'out';
    if (flag(opts, 'print-spec')) {
      const spec = {
        ...headlineStudy(),
        maxShots: num(opts, 'max-shots') ?? 300000,
        maxErrors: num(opts, 'max-errors') ?? 1500,
      };
      io.stdout(`${JSON.stringify(decodeMessage(StudySpecSchema, spec, 'headline study'), null, 2)}\n`);
      return 0;
    }
    const tasks = resolveStudy(decodeMessage(StudySpecSchema, headlineStudy(), 'headline study'), () => '');
    await mkdir(outDir, { recursive: true }).catch((e: unknown) => {
      throw writeError(outDir, e);
    });
    const maxShots = num(opts, 'max-shots') ?? 300000;
    const maxErrors = num(opts, 'max-errors') ?? 1500;
    io.stderr(
      `QEC Lab headline study: ${tasks.length} tasks, up to ${maxShots} shots / ${maxErrors} errors each\n`,
    );
    const t0 = io.now();
    const csvPath = await runCollection(io, tasks, {
      savePath: join(outDir, 'results.csv'),
      maxShots,
      maxErrors,
      workers: num(opts, 'workers'),
    });
    io.stderr(`collected in ${((io.now() - t0) / 1000).toFixed(1)} s\n`);

    const groups = groupCurves(await loadRecords(io, [csvPath]), new Rng(2026));
    const p = num(opts, 'p') ?? 1e-3;
    const target = num(opts, 'target') ?? 1e-12;
    const sections: { heading: string; html: string }[] = [];
    const png = !flag(opts, 'no-png');
    const writePlot = async (name: string, spec: Parameters<typeof renderSvg>[0]): Promise<string> => {
      const svg = await renderSvg(spec);
      await io.writeFile(join(outDir, `${name}.svg`), svg);
      if (png) await io.writeFile(join(outDir, `${name}.png`), await svgToPng(svg));
      return svg;
    };
    const lines: string[] = [];
    for (const g of groups) {
      const plots = groupPlots(g);
      const base = slug(`${g.code}-${g.noise}-${g.decoder}-${g.label.includes('eta=') ? 'biased' : ''}`);
      const svgRate = await writePlot(`${base}-rate`, plots.rates);
      const svgLambda = g.lambdas.length > 0 ? await writePlot(`${base}-lambda`, plots.lambda) : '';
      const summary = groupSummary(g);
      lines.push(groupTitle(g), ...summary.map((l) => `  ${l}`));
      sections.push({
        heading: groupTitle(g),
        html: `<pre>${summary.join('\n')}</pre><div class="plots">${svgRate}${svgLambda}</div>${pointsTable(g)}`,
      });
    }
    io.stderr(
      `measuring the footprint rows at p = ${p} by splitting (budget: --splitting-moves ${num(opts, 'splitting-moves')} per rung)\n`,
    );
    const fp = await measuredFootprintRows(groups, footprint(groups, p, target), opts, io);
    const fpSvg = await writePlot(
      'footprint',
      footprintPlot(groups, p, [1e-4, 1e-6, 1e-8, 1e-10, 1e-12, 1e-15]),
    );
    sections.push({
      heading: `Footprint: physical qubits per logical qubit at p = ${p}, target ${target} per round`,
      html: `${footprintTable(fp)}<div class="plots">${fpSvg}</div>`,
    });
    const catRows = catFootprints(groups, target).flatMap((g) => g.rows);
    sections.push({
      heading: 'Protection in hardware versus in the code',
      html:
        htmlTable(
          [
            'n̄ = |α|²',
            'Λ per d+2',
            'repetition distance for the target (odd d)',
            'cat qubits',
            'bit-flip floor per round at that d',
            'note',
          ],
          catRows.map((r) => [
            String(r.nbar),
            r.lambda?.toPrecision(3) ?? '—',
            r.distance === undefined ? 'unreachable' : String(r.distance),
            String(r.qubits ?? '—'),
            r.bitFlipFloor?.toExponential(1) ?? '—',
            r.note,
          ]),
        ) +
        '<p>The repetition code on cat qubits corrects phase flips only; bit flips are suppressed in hardware (exponentially in n̄) and add about (2d − 1)·p_X per round, which grows with d. Compare the footprint table above: the same target without hardware protection of one error type.</p>',
    });
    await io.writeFile(
      join(outDir, 'report.html'),
      htmlReport(
        'QEC Lab — headline study',
        `Logical error rates per round with likelihood-ratio intervals (factor 1000), thresholds by finite-size scaling, Λ = ε_d/ε_(d+2), and the qubits per logical qubit at p = ${p} for a target of ${target} per round. Decoder: exact MWPM. Noise models as in qec gen --list.`,
        sections,
      ),
    );
    io.stdout(
      ['', 'Results', ...lines, '', `Footprint at p = ${p}, target ${target} per round:`].join('\n') + '\n',
    );
    for (const r of fp)
      io.stdout(
        `  ${r.group}: ${r.distance === undefined ? 'not reachable' : `d = ${r.distance} (allowed: ${r.allowed}), ${r.qubits} physical qubits`}${r.note !== '' ? ` (${r.note})` : ''}\n`,
      );
    for (const r of catRows)
      io.stdout(
        `  cat repetition, n̄ = ${r.nbar}: ${r.distance === undefined ? r.note : `d = ${r.distance}, ${r.qubits} cat qubits, bit-flip floor ${r.bitFlipFloor?.toExponential(1)}${r.note !== '' ? ` (${r.note})` : ''}`}\n`,
      );
    io.stdout(`\nWrote ${outDir}/results.csv, plots and ${outDir}/report.html\n`);
    return 0;
  },
};
