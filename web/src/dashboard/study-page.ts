/**
 * A study's page: status and live progress, the task table, the rate plots (the CLI's Vega-Lite
 * specs from `groupCurves`/`groupPlots`, drawn with vega-embed), the threshold, Λ and footprint
 * tables of the service's `/analysis`, and downloads (CSV and the service's SVG plots; PNG from
 * the drawn plot).
 */
import { groupCurves, groupPlots, Rng, type CurveGroup } from '../../../src/index.js';
import { h } from '../dom.js';
import { fmtNum } from '../format.js';
import { showPlot } from '../plot.js';
import { isActive, type Api, type StudyDetail, type StudyTask } from './api.js';
import { followStudy } from './live.js';
import { progressBar, statusBadge } from './list-view.js';
import { studyProgress } from './model.js';

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
  readonly high: number;
}
interface FootprintJson {
  readonly group: string;
  readonly distance?: number | null;
  readonly qubits?: number | null;
  readonly allowed: string;
  readonly note: string;
}
interface Analysis {
  readonly groups: readonly {
    readonly index: number;
    readonly label: string;
    readonly xKey: string;
    readonly threshold: ThresholdJson | null;
    readonly lambdas: readonly LambdaJson[];
    readonly plots: readonly string[];
  }[];
  readonly footprint: {
    readonly p: number;
    readonly target: number;
    readonly rows: readonly FootprintJson[];
  };
}

/** Saves a blob under `name` through a temporary link. */
function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A download link whose file is fetched with the token when clicked. */
function downloadLink(
  label: string,
  id: string,
  fetchIt: () => Promise<Blob>,
  name: string,
  fail: (e: Error) => void,
): HTMLElement {
  const a = h('a', { href: '#', id, class: 'download', download: name }, label);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    fetchIt()
      .then((b) => saveBlob(b, name))
      .catch(fail);
  });
  return a;
}

const META_ORDER = ['code', 'task', 'd', 'r', 'rounds', 'noise', 'p'];

function taskTable(tasks: readonly StudyTask[]): HTMLElement {
  const keys = [...new Set(tasks.flatMap((t) => Object.keys(t.metadata)))]
    .filter((k) => typeof tasks.find((t) => k in t.metadata)?.metadata[k] !== 'object')
    .sort(
      (a, b) => (META_ORDER.indexOf(a) + 1 || 99) - (META_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
    );
  const cell = (v: unknown): string =>
    typeof v === 'number' ? fmtNum(v) : typeof v === 'string' || typeof v === 'boolean' ? String(v) : '';
  return h(
    'table',
    { id: 'task-table' },
    h(
      'caption',
      {},
      'Tasks: logical errors per shot with the likelihood-ratio interval (factor 1000), as sinter reports.',
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['decoder', ...keys, 'shots', 'errors', 'rate', 'interval'].map((k) =>
          h('th', { scope: 'col' }, k),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...tasks.map((t) =>
        h(
          'tr',
          {},
          h('td', {}, t.decoder),
          ...keys.map((k) => h('td', {}, cell(t.metadata[k]))),
          h('td', {}, t.shots.toLocaleString('en')),
          h('td', {}, t.errors.toLocaleString('en')),
          h('td', {}, t.shots === 0 ? '—' : fmtNum(t.errors / t.shots)),
          h(
            'td',
            {},
            t.interval === undefined || t.shots === 0
              ? '—'
              : `[${fmtNum(t.interval.low)}, ${fmtNum(t.interval.high)}]`,
          ),
        ),
      ),
    ),
  );
}

/** A number of the analysis, or a dash for null (not estimated: NaN or ∞ in the service). */
const num = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : fmtNum(v));

function analysisTables(a: Analysis): HTMLElement {
  const thr = h(
    'table',
    { id: 'threshold-table' },
    h('caption', {}, 'Threshold: crossing of the per-round rate curves (as qec threshold)'),
    h(
      'thead',
      {},
      h('tr', {}, ...['curve group', 'p_th', '± σ', 'ν', 'method'].map((k) => h('th', { scope: 'col' }, k))),
    ),
    h(
      'tbody',
      {},
      ...a.groups.map((g) => {
        const t = g.threshold;
        return h(
          'tr',
          {},
          h('th', { scope: 'row' }, g.label),
          ...(t === null
            ? [
                h(
                  'td',
                  { colspan: 4, class: 'note' },
                  g.xKey === 'p'
                    ? 'no crossing inside the swept range (needs two distances whose curves cross)'
                    : `no threshold for a ${g.xKey} sweep`,
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
  const lambdas = a.groups.flatMap((g) => g.lambdas.map((l) => ({ g, l })));
  const lam = h(
    'table',
    { id: 'lambda-table' },
    h('caption', {}, 'Λ: suppression of the per-round rate from d to the next distance'),
    h(
      'thead',
      {},
      h('tr', {}, ...['curve group', 'p', 'd → d′', 'Λ', 'range'].map((k) => h('th', { scope: 'col' }, k))),
    ),
    h(
      'tbody',
      {},
      ...(lambdas.length === 0
        ? [
            h(
              'tr',
              {},
              h(
                'td',
                { colspan: 5, class: 'note' },
                'none yet (needs two distances with errors at the same p)',
              ),
            ),
          ]
        : lambdas.map(({ g, l }) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, g.label),
              h('td', {}, fmtNum(l.p)),
              h('td', {}, `${l.d1} → ${l.d2}`),
              h('td', {}, fmtNum(l.lambda)),
              h('td', {}, `[${fmtNum(l.low)}, ${fmtNum(l.high)}]`),
            ),
          )),
    ),
  );
  const fp = a.footprint;
  const foot = h(
    'table',
    { id: 'footprint-table' },
    h(
      'caption',
      {},
      `Footprint: smallest distance reaching ${fmtNum(fp.target)} per round at p = ${fmtNum(fp.p)} (as qec footprint)`,
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['curve group', 'distance', 'qubits', 'chosen from', 'note'].map((k) =>
          h('th', { scope: 'col' }, k),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...fp.rows.map((r) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, r.group),
          h('td', {}, r.distance ?? '—'),
          h('td', {}, r.qubits?.toLocaleString('en') ?? '—'),
          h('td', { class: 'left' }, r.allowed),
          h('td', { class: 'left note' }, r.note),
        ),
      ),
    ),
  );
  return h('div', { class: 'analysis' }, thr, lam, foot);
}

/** The page of study `id`; `back` returns to the list. Returns the element and a disposer. */
export function buildStudyPage(
  api: Api,
  id: string,
  back: () => void,
  fail: (e: Error) => void,
): { element: HTMLElement; dispose: () => void } {
  let stop = (): void => undefined;
  const title = h('h2', { id: 'study-title' }, `Study ${id}`);
  const badge = h('span', { id: 'study-status' });
  const bar = progressBar('study');
  const actions = h('div', { class: 'actions' });
  const tasksBox = h('div', { class: 'table-wrap' });
  const plots = h('div', { id: 'plots', class: 'plots' });
  const analysis = h('div', { id: 'analysis' });
  const downloads = h('p', { id: 'downloads', class: 'downloads' });
  const backLink = h('a', { href: '#/', id: 'back' }, '← All studies');
  backLink.addEventListener('click', (e) => {
    e.preventDefault();
    back();
  });

  const drawResults = async (d: StudyDetail): Promise<void> => {
    const records = d.tasks
      .filter((t) => t.shots > 0)
      .map((t) => ({
        stats: { shots: t.shots, errors: t.errors, discards: t.discards, seconds: t.seconds },
        decoder: t.decoder,
        metadata: t.metadata,
      }));
    const groups: CurveGroup[] = records.length === 0 ? [] : groupCurves(records, new Rng(1));
    plots.replaceChildren();
    downloads.replaceChildren(
      downloadLink(
        'results.csv',
        'download-csv',
        () => api.blob(`/studies/${id}/results.csv`),
        `${id}.csv`,
        fail,
      ),
    );
    if (groups.length === 0) {
      plots.append(h('p', { class: 'note' }, 'No results yet.'));
      return;
    }
    for (const [i, g] of groups.entries()) {
      const box = h('figure', { class: 'plot', id: `plot-rates-${i + 1}`, 'data-group': g.label });
      plots.append(box);
      const view = await showPlot(box, groupPlots(g).rates, groups.length === 1 ? 720 : 460);
      const svgName = `rates-${i + 1}.svg`;
      downloads.append(
        ' · ',
        downloadLink(
          svgName,
          `download-svg-${i + 1}`,
          () => api.blob(`/studies/${id}/plots/${svgName}`),
          `${id}-${svgName}`,
          fail,
        ),
        ' · ',
        downloadLink(
          `rates-${i + 1}.png`,
          `download-png-${i + 1}`,
          async () => (await fetch(await view.view.toImageURL('png', 2))).blob(),
          `${id}-rates-${i + 1}.png`,
          fail,
        ),
      );
    }
    analysis.replaceChildren(analysisTables(await api.json<Analysis>('GET', `/studies/${id}/analysis`)));
  };

  const render = async (): Promise<void> => {
    const d = await api.json<StudyDetail>('GET', `/studies/${id}`);
    const rules = { maxShots: d.maxShots, maxErrors: d.maxErrors };
    badge.replaceChildren(statusBadge(d.status, d.error));
    bar.set(studyProgress(d.tasks, rules));
    tasksBox.replaceChildren(taskTable(d.tasks));
    actions.replaceChildren();
    if (isActive(d.status)) {
      const cancel = h('button', { type: 'button', id: 'cancel-study' }, 'Cancel');
      cancel.addEventListener('click', () => {
        cancel.disabled = true;
        api.json('POST', `/studies/${id}/cancel`).catch(fail);
      });
      actions.append(cancel);
    }
    const del = h('button', { type: 'button', id: 'delete-study' }, 'Delete');
    del.addEventListener('click', () => {
      if (!confirm(`Delete study ${id} and its results?`)) return;
      api.json('DELETE', `/studies/${id}`).then(back).catch(fail);
    });
    actions.append(del);
    await drawResults(d);
    if (isActive(d.status)) {
      stop();
      stop = followStudy(api, id, rules, {
        progress: (f, ev) => {
          bar.set(f);
          const byId = new Map(ev.tasks.map((t) => [t.strongId, t]));
          tasksBox.replaceChildren(
            taskTable(d.tasks.map((t) => ({ ...t, ...byId.get(t.strongId), interval: undefined }))),
          );
        },
        status: (st, err) => {
          badge.replaceChildren(statusBadge(st, err));
          if (!isActive(st)) void render().catch(fail);
        },
        failed: fail,
      });
    }
  };
  void render().catch(fail);
  return {
    element: h(
      'section',
      { id: 'study', 'aria-labelledby': 'study-title' },
      backLink,
      h('div', { class: 'section-head' }, title, badge, bar.el, actions),
      h('h3', {}, 'Tasks'),
      tasksBox,
      h('h3', {}, 'Logical error rate'),
      downloads,
      plots,
      h('h3', {}, 'Analysis'),
      analysis,
    ),
    dispose: () => stop(),
  };
}
