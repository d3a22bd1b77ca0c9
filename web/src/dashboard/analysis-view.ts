/**
 * A study page's analysis: the service's `/analysis` (thresholds, Λ, footprint, computed by the
 * functions behind `qec threshold` and `qec footprint`) as tables, and the CLI's Λ and footprint
 * plots (`groupPlots(g).lambda`, `footprintPlot`) drawn with vega-embed from the same results.
 * The footprint's physical error rate and target are a small form (Enter recomputes).
 */
import { footprintPlot, groupPlots, groupTitle, prettyKey, type CurveGroup } from '../../../src/index.js';
import { h } from '../dom.js';
import { fmtNum } from '../format.js';
import { showPlot } from '../plot.js';
import type { Api } from './api.js';
import { downloadLink } from './download.js';

/** The service's `/analysis` answer (JSON: NaN/∞ became null), the fields shown here. */
interface ThresholdJson {
  readonly threshold: number;
  readonly sigma: number | null;
  readonly nu: number | null;
  readonly method: string;
}
interface LambdaJson {
  readonly p: number;
  readonly d1: number;
  readonly d2: number;
  readonly lambda: number;
  readonly low: number;
  readonly high: number | null;
}
interface FootprintJson {
  readonly group: string;
  readonly distance?: number | null;
  readonly qubits?: number | null;
  readonly allowed: string;
  readonly note: string;
}
/** The parts of the service's analysis answer the page shows. */
export interface Analysis {
  readonly groups: readonly {
    readonly index: number;
    readonly label: string;
    readonly xKey: string;
    readonly threshold: ThresholdJson | null;
    readonly lambdas: readonly LambdaJson[];
  }[];
  readonly footprint: {
    readonly p: number;
    readonly target: number;
    readonly rows: readonly FootprintJson[];
  };
  /** Cat-qubit studies: per n̄, the repetition distance for the target and the bit-flip floor. */
  readonly catFootprint?: {
    readonly target: number;
    readonly groups: readonly { readonly group: string; readonly rows: readonly CatRowJson[] }[];
  };
}

/** One n̄ of the cat-qubit table (null where the service has no value). */
export interface CatRowJson {
  readonly nbar: number;
  readonly lambda?: number | null;
  readonly distance?: number | null;
  readonly qubits?: number | null;
  readonly bitFlipFloor?: number | null;
  readonly note: string;
}

/** Targets of the footprint plot (per round), with the form's target added. */
const FOOTPRINT_TARGETS = [1e-3, 1e-4, 1e-5, 1e-6, 1e-8, 1e-10, 1e-12, 1e-15];

/** A number of the analysis, or a dash for null (not estimated: NaN or ∞ in the service). */
const num = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : fmtNum(v));

const head = (...cols: string[]): HTMLElement =>
  h('thead', {}, h('tr', {}, ...cols.map((k) => h('th', { scope: 'col' }, k))));

const noteRow = (cols: number, text: string): HTMLElement =>
  h('tr', {}, h('td', { colspan: cols, class: 'note' }, text));

/** The row header of a curve group: the plots' title when the page has the group, else its label. */
type Titles = (label: string) => string;

function thresholdTable(a: Analysis, title: Titles): HTMLElement {
  return h(
    'table',
    { id: 'threshold-table' },
    h('caption', {}, 'Threshold: crossing of the per-round rate curves (as qec threshold)'),
    head('curve group', 'p_th', '± σ', 'ν', 'method'),
    h(
      'tbody',
      {},
      ...a.groups.map((g) => {
        const t = g.threshold;
        return h(
          'tr',
          {},
          h('th', { scope: 'row' }, title(g.label)),
          ...(t === null
            ? [
                h(
                  'td',
                  { colspan: 4, class: 'note' },
                  g.xKey === 'p'
                    ? 'no crossing inside the swept range (needs two distances whose curves cross)'
                    : `no threshold for a ${prettyKey(g.xKey)} sweep (larger ${prettyKey(g.xKey)} is better; see Λ)`,
                ),
              ]
            : [
                h('td', {}, fmtNum(t.threshold)),
                h('td', {}, num(t.sigma)),
                h('td', {}, num(t.nu)),
                h('td', {}, t.method),
              ]),
        );
      }),
    ),
  );
}

function lambdaTable(a: Analysis, title: Titles): HTMLElement {
  const rows = a.groups.flatMap((g) => g.lambdas.map((l) => ({ g, l })));
  return h(
    'table',
    { id: 'lambda-table' },
    h('caption', {}, 'Λ: suppression of the per-round rate from d to the next distance (range ≈ ±1σ)'),
    head('curve group', 'at', 'd → d′', 'Λ', 'range'),
    h(
      'tbody',
      {},
      ...(rows.length === 0
        ? [noteRow(5, 'none yet (needs two distances with errors at the same point)')]
        : rows.map(({ g, l }) =>
            h(
              'tr',
              { 'data-group': g.index },
              h('th', { scope: 'row' }, title(g.label)),
              h('td', { class: 'at' }, `${prettyKey(g.xKey)} = ${fmtNum(l.p)}`),
              h('td', {}, `${l.d1} → ${l.d2}`),
              h('td', { class: 'lambda' }, fmtNum(l.lambda)),
              h('td', {}, `[${fmtNum(l.low)}, ${num(l.high)}]`),
            ),
          )),
    ),
  );
}

function footprintTable(a: Analysis): HTMLElement {
  const fp = a.footprint;
  return h(
    'table',
    { id: 'footprint-table' },
    h(
      'caption',
      {},
      `Footprint: smallest distance reaching ${fmtNum(fp.target)} per round at p = ${fmtNum(fp.p)} (as qec footprint)`,
    ),
    head('curve group', 'distance', 'qubits', 'chosen from', 'note'),
    h(
      'tbody',
      {},
      ...(fp.rows.length === 0
        ? [noteRow(5, 'no curve group over p (the footprint needs a p sweep at two or more distances)')]
        : fp.rows.map((r) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, r.group),
              h('td', { class: 'distance' }, r.distance ?? '—'),
              h('td', { class: 'qubits' }, r.qubits?.toLocaleString('en') ?? '—'),
              h('td', { class: 'left' }, r.allowed),
              h('td', { class: 'left note' }, r.note),
            ),
          )),
    ),
  );
}

/**
 * The cat-qubit table (as `qec study`'s "Protection in hardware versus in the code"), or nothing
 * when the study has no cat-noise group.
 */
function catFootprintTable(a: Analysis, title: Titles): HTMLElement[] {
  const cat = a.catFootprint;
  if (cat === undefined || cat.groups.length === 0) return [];
  return [
    h(
      'table',
      { id: 'cat-footprint-table' },
      h(
        'caption',
        {},
        `Protection in hardware versus in the code: repetition distance reaching ${fmtNum(cat.target)} per round ` +
          'against phase flips, and the bit-flip floor (2d − 1)·p_X it cannot remove',
      ),
      head('curve group', 'n̄', 'Λ per d+2', 'distance', 'cat qubits', 'bit-flip floor per round', 'note'),
      h(
        'tbody',
        {},
        ...cat.groups.flatMap((g) =>
          g.rows.map((r) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, title(g.group)),
              h('td', { class: 'nbar' }, fmtNum(r.nbar)),
              h('td', {}, num(r.lambda)),
              h('td', { class: 'distance' }, r.distance ?? 'unreachable'),
              h('td', { class: 'qubits' }, r.qubits ?? '—'),
              h('td', {}, num(r.bitFlipFloor)),
              h('td', { class: 'left note' }, r.note),
            ),
          ),
        ),
      ),
    ),
  ];
}

/** Parses a rate field of the footprint form: a number strictly between 0 and 1, or an error line. */
export function parseRate(text: string, name: string): number | string {
  const v = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(v) && v > 0 && v < 1
    ? v
    : `${name} must be a number between 0 and 1 (exclusive), like 1e-3; got '${text}'`;
}

/** The analysis section of study `id`: tables, Λ plots, footprint form and plot. */
export function buildAnalysis(
  api: Api,
  id: string,
  fail: (e: Error) => void,
): { element: HTMLElement; update(groups: readonly CurveGroup[]): Promise<void> } {
  let groups: readonly CurveGroup[] = [];
  const tables = h('div', { class: 'analysis' });
  const lambdaPlots = h('div', { id: 'lambda-plots', class: 'plots' });
  const footprintPlotBox = h('div', { id: 'footprint-plot', class: 'plots' });
  const downloads = h('p', { id: 'analysis-downloads', class: 'downloads' });
  const pInput = h('input', { id: 'fp-p', name: 'p', value: '1e-3', size: 10, inputmode: 'decimal' });
  const targetInput = h('input', {
    id: 'fp-target',
    name: 'target',
    value: '1e-12',
    size: 10,
    inputmode: 'decimal',
  });
  const formError = h('p', { id: 'fp-error', class: 'field-error', role: 'alert', hidden: true });
  const form = h(
    'form',
    { id: 'footprint-form', class: 'inline-form' },
    h('label', { for: 'fp-p' }, 'Footprint at physical error rate p'),
    pInput,
    h('label', { for: 'fp-target' }, 'target per round'),
    targetInput,
    h('button', { type: 'submit', id: 'fp-submit' }, 'Recompute'),
    formError,
  );

  const draw = async (): Promise<void> => {
    const p = parseRate(pInput.value, 'p');
    const target = parseRate(targetInput.value, 'target');
    const bad = [p, target].filter((v): v is string => typeof v === 'string');
    pInput.setAttribute('aria-invalid', String(typeof p === 'string'));
    targetInput.setAttribute('aria-invalid', String(typeof target === 'string'));
    formError.textContent = bad.join('; ');
    formError.hidden = bad.length === 0;
    if (typeof p === 'string' || typeof target === 'string') return;
    const a = await api.json<Analysis>('GET', `/studies/${id}/analysis?p=${p}&target=${target}`);
    const byLabel = new Map(groups.map((g) => [g.label, g]));
    const title: Titles = (label) => {
      const g = byLabel.get(label);
      return g === undefined ? label : groupTitle(g);
    };
    tables.replaceChildren(
      thresholdTable(a, title),
      lambdaTable(a, title),
      footprintTable(a),
      ...catFootprintTable(a, title),
    );
    lambdaPlots.replaceChildren();
    footprintPlotBox.replaceChildren();
    downloads.replaceChildren();
    const links: HTMLElement[] = [];
    for (const [i, g] of groups.entries()) {
      if (g.lambdas.length === 0) continue;
      const box = h('figure', { class: 'plot', id: `plot-lambda-${i + 1}`, 'data-group': g.label });
      lambdaPlots.append(box);
      const view = await showPlot(box, groupPlots(g).lambda, groups.length === 1 ? 720 : 460);
      const name = `lambda-${i + 1}`;
      links.push(
        downloadLink(
          `${name}.svg`,
          `download-${name}-svg`,
          () => api.blob(`/studies/${id}/plots/${name}.svg`),
          `${id}-${name}.svg`,
          fail,
        ),
        downloadLink(
          `${name}.png`,
          `download-${name}-png`,
          async () => (await fetch(await view.view.toImageURL('png', 2))).blob(),
          `${id}-${name}.png`,
          fail,
        ),
      );
    }
    if (a.footprint.rows.some((r) => typeof r.qubits === 'number')) {
      const targets = [...new Set([...FOOTPRINT_TARGETS, target])].sort((x, y) => y - x);
      const box = h('figure', { class: 'plot', id: 'plot-footprint' });
      footprintPlotBox.append(box);
      const view = await showPlot(box, footprintPlot(groups, p, targets), 720);
      const name = `footprint-p${p}`;
      links.push(
        downloadLink(
          `${name}.svg`,
          'download-footprint-svg',
          async () => new Blob([await view.view.toSVG()], { type: 'image/svg+xml' }),
          `${id}-${name}.svg`,
          fail,
        ),
        downloadLink(
          `${name}.png`,
          'download-footprint-png',
          async () => (await fetch(await view.view.toImageURL('png', 2))).blob(),
          `${id}-${name}.png`,
          fail,
        ),
      );
    } else
      footprintPlotBox.append(
        h('p', { class: 'note' }, 'No footprint plot: no curve group has a suppression fit at this p.'),
      );
    links.forEach((l, i) => downloads.append(...(i === 0 ? [] : [' · ']), l));
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    draw().catch(fail);
  });
  return {
    element: h(
      'section',
      { id: 'analysis', 'aria-labelledby': 'analysis-title' },
      h('h3', { id: 'analysis-title' }, 'Analysis'),
      form,
      tables,
      h('h4', {}, 'Λ by distance step'),
      lambdaPlots,
      h('h4', {}, 'Footprint: physical qubits per logical qubit'),
      footprintPlotBox,
      downloads,
    ),
    async update(g) {
      groups = g;
      await draw();
    },
  };
}
