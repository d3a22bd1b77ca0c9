/**
 * The studies table: id, status, a progress bar kept live through each active study's event
 * stream, size, stop rules, submission time, and the cancel / delete actions.
 */
import { h } from '../dom.js';
import { isActive, type Api, type StudyDetail, type StudySummary } from './api.js';
import { followStudy } from './live.js';
import { studyProgress } from './model.js';

/** The list and its controls. */
export interface StudyList {
  readonly element: HTMLElement;
  /** Reloads the page shown (the first, newest, page when `first`). */
  refresh(first?: boolean): Promise<void>;
  readonly dispose: () => void;
}

/** A progress bar with its percentage as text (the text is what screen readers and tests read). */
export function progressBar(id: string): { el: HTMLElement; set(fraction: number): void } {
  const bar = h('progress', {
    max: 1,
    value: 0,
    id: `progress-${id}`,
    'aria-label': `progress of study ${id}`,
  });
  const text = h('span', { class: 'pct' }, '0%');
  return {
    el: h('span', { class: 'progress' }, bar, text),
    set(f) {
      bar.value = f;
      text.textContent = `${Math.floor(f * 1000) / 10}%`;
    },
  };
}

/** An ISO time as `2026-12-06 14:53 UTC`. */
const when = (iso: string): string => {
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? iso : `${t.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
};

/** A status badge. */
export function statusBadge(status: StudySummary['status'], error?: string): HTMLElement {
  return h('span', { class: `badge ${status}`, title: error }, status);
}

/** The Cancel (while active) and Delete buttons of a study's row; `refresh` reloads the list after either. */
function studyActions(
  api: Api,
  s: StudySummary,
  refresh: () => Promise<void>,
  fail: (e: Error) => void,
): HTMLElement {
  const actions = h('td', { class: 'actions' });
  if (isActive(s.status)) {
    const cancel = h(
      'button',
      { type: 'button', class: 'cancel', 'aria-label': `cancel study ${s.id}` },
      'Cancel',
    );
    cancel.addEventListener('click', () => {
      cancel.disabled = true;
      api
        .json('POST', `/studies/${s.id}/cancel`)
        .then(() => refresh())
        .catch(fail);
    });
    actions.append(cancel);
  }
  const del = h(
    'button',
    { type: 'button', class: 'delete', 'aria-label': `delete study ${s.id}` },
    'Delete',
  );
  del.addEventListener('click', () => {
    if (!confirm(`Delete study ${s.id} and its results?`)) return;
    api
      .json('DELETE', `/studies/${s.id}`)
      .then(() => refresh())
      .catch(fail);
  });
  actions.append(del);
  return actions;
}

/** Builds the table; `open` shows a study page; `fail` shows an error. */
export function buildStudyList(api: Api, open: (id: string) => void, fail: (e: Error) => void): StudyList {
  const body = h('tbody');
  const empty = h('p', { class: 'note', hidden: true }, 'No studies yet: submit one below.');
  const refreshBtn = h('button', { type: 'button', id: 'refresh' }, 'Refresh');
  const streams = new Map<string, () => void>();
  const stopAll = (): void => {
    for (const stop of streams.values()) stop();
    streams.clear();
  };

  const row = (s: StudySummary): HTMLElement => {
    const bar = progressBar(s.id);
    if (s.status === 'done') bar.set(1);
    const badgeCell = h('td', {}, statusBadge(s.status, s.error));
    const link = h('a', { href: `#/studies/${s.id}`, class: 'mono' }, s.id);
    link.addEventListener('click', (e) => {
      e.preventDefault();
      open(s.id);
    });
    const actions = studyActions(api, s, () => refresh(), fail);
    const rules = { maxShots: s.maxShots, maxErrors: s.maxErrors };
    if (isActive(s.status))
      streams.set(
        s.id,
        followStudy(api, s.id, rules, {
          progress: (f) => bar.set(f),
          status: (st, err) => {
            badgeCell.replaceChildren(statusBadge(st, err));
            if (!isActive(st)) void refresh();
          },
          failed: fail,
        }),
      );
    else if (s.status !== 'done')
      api
        .json<StudyDetail>('GET', `/studies/${s.id}`)
        .then((d) => bar.set(studyProgress(d.tasks, rules)))
        .catch(fail);
    return h(
      'tr',
      { 'data-id': s.id, 'data-status': s.status },
      h('td', {}, link),
      badgeCell,
      h('td', { class: 'bar' }, bar.el),
      h('td', {}, s.numTasks),
      h('td', {}, s.maxShots.toLocaleString('en')),
      h('td', {}, s.maxErrors >= 2 ** 50 ? '—' : s.maxErrors.toLocaleString('en')),
      h('td', { class: 'time' }, when(s.createdAt)),
      actions,
    );
  };

  // Pages of `GET /studies` (the service's page size), newest first: `cursors[i]` is the `next`
  // that starts page i (undefined for the first), `page` the one shown.
  const cursors: (number | undefined)[] = [undefined];
  let page = 0;
  const newer = h('button', { type: 'button', id: 'page-newer' }, '← Newer');
  const older = h('button', { type: 'button', id: 'page-older' }, 'Older →');
  const pageLabel = h('span', { id: 'page-label', class: 'note', 'aria-live': 'polite' });
  let generation = 0;
  const refresh = async (first = false): Promise<void> => {
    if (first) page = 0;
    const mine = ++generation;
    const cursor = cursors[page];
    const list = await api.json<{ studies: StudySummary[]; next?: number }>(
      'GET',
      cursor === undefined ? '/studies' : `/studies?cursor=${cursor}`,
    );
    if (mine !== generation) return;
    if (list.studies.length === 0 && page > 0) {
      page--; // the last study of this page was deleted
      return refresh();
    }
    stopAll();
    body.replaceChildren(...list.studies.map(row));
    cursors.length = page + 1;
    if (list.next !== undefined) cursors.push(list.next);
    newer.disabled = page === 0;
    older.disabled = list.next === undefined;
    pageLabel.textContent = `page ${page + 1}`;
    empty.hidden = list.studies.length > 0 || page > 0;
  };
  newer.addEventListener('click', () => {
    page = Math.max(0, page - 1);
    refresh().catch(fail);
  });
  older.addEventListener('click', () => {
    if (page + 1 < cursors.length) page++;
    refresh().catch(fail);
  });
  refreshBtn.addEventListener('click', () => void refresh().catch(fail));

  const table = h(
    'table',
    { id: 'studies', class: 'studies' },
    h(
      'caption',
      {},
      'Your studies, newest first. Progress: mean over tasks of shots (or errors) towards the stop rule.',
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Study', 'Status', 'Progress', 'Tasks', 'Max shots', 'Max errors', 'Submitted', 'Actions'].map(
          (t) => h('th', { scope: 'col' }, t),
        ),
      ),
    ),
    body,
  );
  return {
    element: h(
      'section',
      { id: 'list', 'aria-labelledby': 'list-title' },
      h('div', { class: 'section-head' }, h('h2', { id: 'list-title' }, 'Studies'), refreshBtn),
      h('div', { class: 'table-wrap' }, table),
      empty,
      h('nav', { class: 'pager', 'aria-label': 'pages of studies' }, newer, pageLabel, older),
    ),
    refresh,
    dispose: stopAll,
  };
}
