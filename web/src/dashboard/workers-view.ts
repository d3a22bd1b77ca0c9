/**
 * The Workers page (`#/workers`): the `qec worker` processes taking batches from the service's
 * queue (`GET /api/v1/workers`: host, pid, concurrency, batches and shots done, last seen), read
 * again every {@link WORKERS_REFRESH_MS}. A service without `--queue` runs batches in its own
 * threads and says so.
 */
import { h } from '../dom.js';
import type { Api } from './api.js';

/** How often the page reads the worker list again (the workers' heartbeat is a few seconds). */
export const WORKERS_REFRESH_MS = 2000;

/** One worker as `GET /workers` lists it (times in milliseconds since the epoch). */
export interface WorkerRow {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly concurrency: number;
  readonly batches: number;
  readonly shots: number;
  readonly started: number;
  readonly lastSeen: number;
}

/** The answer of `GET /workers`. */
export interface WorkersAnswer {
  readonly backend: 'queue' | 'embedded';
  readonly workers: readonly WorkerRow[];
}

/** `ms` milliseconds as a short age: `3 s ago`, `4 min ago`, `2 h ago`. */
export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

function table(rows: readonly WorkerRow[], now: number): HTMLElement {
  return h(
    'table',
    { id: 'workers', class: 'studies' },
    h(
      'caption',
      {},
      'Workers seen by the queue in the last 15 s; each takes up to its concurrency in batches at once.',
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Worker', 'Host', 'PID', 'Concurrency', 'Batches done', 'Shots', 'Started', 'Last seen'].map(
          (t) => h('th', { scope: 'col' }, t),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((w) =>
        h(
          'tr',
          { 'data-id': w.id },
          h('td', { class: 'mono' }, w.id),
          h('td', { class: 'host' }, w.host),
          h('td', {}, w.pid),
          h('td', { class: 'concurrency' }, w.concurrency),
          h('td', { class: 'batches' }, w.batches.toLocaleString('en')),
          h('td', { class: 'shots' }, w.shots.toLocaleString('en')),
          h('td', { class: 'time' }, ago(now - w.started)),
          h('td', { class: 'time last-seen' }, ago(now - w.lastSeen)),
        ),
      ),
    ),
  );
}

/** Builds the page; it refreshes itself until disposed. */
export function buildWorkersPage(
  api: Api,
  fail: (e: Error) => void,
): { element: HTMLElement; dispose: () => void } {
  const box = h('div', { class: 'table-wrap', 'aria-live': 'polite' });
  const status = h('p', { id: 'workers-status', class: 'note' }, 'Loading…');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const load = async (): Promise<void> => {
    const a = await api.json<WorkersAnswer>('GET', '/workers');
    if (stopped) return;
    const now = Date.now();
    if (a.backend === 'embedded') {
      status.textContent =
        'This service runs batches on its own threads (it was started without --queue): there are no queue workers.';
      box.replaceChildren();
    } else {
      const cores = a.workers.reduce((n, w) => n + w.concurrency, 0);
      status.textContent =
        a.workers.length === 0
          ? 'No worker is connected to the queue: start one with qec worker --queue URL.'
          : `${a.workers.length} worker${a.workers.length === 1 ? '' : 's'}, ${cores} batch${cores === 1 ? '' : 'es'} at once; updated ${new Date(now).toISOString().slice(11, 19)} UTC.`;
      box.replaceChildren(table(a.workers, now));
    }
    status.setAttribute('data-backend', a.backend);
  };
  const tick = (): void => {
    load()
      .catch(fail)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, WORKERS_REFRESH_MS);
      });
  };
  tick();
  return {
    element: h(
      'section',
      { id: 'workers-page', 'aria-labelledby': 'workers-title' },
      h('div', { class: 'section-head' }, h('h2', { id: 'workers-title' }, 'Workers')),
      status,
      box,
    ),
    dispose: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
