/**
 * A study's page: status and live progress, the task table, the rate plots (the CLI's Vega-Lite
 * specs from `groupCurves`/`groupPlots`, drawn with vega-embed), the threshold, Λ and footprint
 * tables of the service's `/analysis`, and downloads (CSV and the service's SVG plots; PNG from
 * the drawn plot).
 */
import {
  COMMON_NOISE_PARAMS,
  groupCurves,
  groupPlots,
  NOISE_FAMILIES,
  prettyKey,
  Rng,
  type CurveGroup,
} from '../../../src/index.js';
import { h } from '../dom.js';
import { fmtNum } from '../format.js';
import { showPlot } from '../plot.js';
import { buildAnalysis } from './analysis-view.js';
import { isActive, type Api, type StudyDetail, type StudyTask } from './api.js';
import { downloadLink } from './download.js';
import { followStudy } from './live.js';
import { progressBar, statusBadge } from './list-view.js';
import { studyProgress } from './model.js';

const META_ORDER = ['code', 'task', 'd', 'r', 'rounds', 'noise', 'p', 'nbar'];

/** What a metadata column is, for its header's tooltip: the noise table's help for its parameters. */
const KEY_HELP: ReadonlyMap<string, string> = new Map([
  ['d', 'code distance'],
  ['r', 'rounds of syndrome measurement'],
  ...[...COMMON_NOISE_PARAMS, ...NOISE_FAMILIES.flatMap((f) => f.params)]
    .reverse() // the first family naming a parameter wins
    .map((q): [string, string] => [q.name, q.help]),
]);

function taskTable(tasks: readonly StudyTask[]): HTMLElement {
  const keys = [...new Set(tasks.flatMap((t) => Object.keys(t.metadata)))]
    .filter((k) => typeof tasks.find((t) => k in t.metadata)?.metadata[k] !== 'object')
    .sort(
      (a, b) => (META_ORDER.indexOf(a) + 1 || 99) - (META_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
    );
  const failures = tasks.some((t) => t.error !== undefined);
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
        h('th', { scope: 'col' }, 'decoder'),
        ...keys.map((k) => h('th', { scope: 'col', 'data-key': k, title: KEY_HELP.get(k) }, prettyKey(k))),
        ...['shots', 'errors', 'rate', 'interval', ...(failures ? ['error'] : [])].map((k) =>
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
          ...(failures
            ? [
                h(
                  'td',
                  { class: 'left error-cell' },
                  t.error === undefined ? '' : `${t.error.code}: ${t.error.message}`,
                ),
              ]
            : []),
        ),
      ),
    ),
  );
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
  const analysis = buildAnalysis(api, id, fail);
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
    await analysis.update(groups);
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
      analysis.element,
    ),
    dispose: () => stop(),
  };
}
