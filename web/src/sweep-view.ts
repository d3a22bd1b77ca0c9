/**
 * The sweep view: a small threshold sweep run in Web Workers (one per core), its table of counts,
 * the CLI's rate plot (per-round logical error rate vs p with likelihood-ratio bands) redrawn as
 * results arrive, and the crossing estimate.
 */
import { DECODERS, groupCurves, groupPlots, likelihoodInterval, perRoundRate, Rng } from '../../src/index.js';
import SweepWorker from './sweep-worker.ts?worker&inline';
import type { BatchReply, BatchRequest } from './sweep-messages.js';
import {
  checkSweep,
  nextBatch,
  parseList,
  planSweep,
  recordBatch,
  sweepCsv,
  sweepRecords,
  sweptParam,
  taskDone,
  type BatchOrder,
  type SweepSpec,
  type SweepTask,
} from './sweep-model.js';
import { generatorOf, noiseParamsOf, type LabForm } from './lab-model.js';
import { showPlot } from './plot.js';
import { h } from './dom.js';
import { fmtNum } from './format.js';

/** Plot redraws are at least this far apart while a sweep runs (ms). */
const REDRAW_MS = 600;

function roundsOf(text: string): SweepSpec['rounds'] {
  const t = text.trim();
  const m = /^(\d*)\s*d$/.exec(t);
  if (m !== null) return { perD: m[1] === '' ? 1 : Number(m[1]) };
  const v = Number(t);
  if (!Number.isSafeInteger(v) || v < 1)
    throw new Error(`rounds: expected "d", "3d" or an integer ≥ 1, got '${text}'`);
  return { fixed: v };
}

/** Mounts the sweep view; `readForm` gives the lab form (code, task, noise and its fixed parameters). */
export function renderSweepView(
  root: HTMLElement,
  readForm: () => LabForm,
  showError: (msg: string) => void,
): void {
  const cores = Math.max(1, navigator.hardwareConcurrency || 1);
  const inp = (id: string, value: string, size = 14): HTMLInputElement => h('input', { id, value, size });
  const distances = inp('w-distances', '3, 5');
  const xs = inp('w-xs', '0.004, 0.007, 0.012, 0.02', 28);
  const rounds = inp('w-rounds', 'd', 6);
  const decoder = h(
    'select',
    { id: 'w-decoder' },
    ...DECODERS.map((d) => h('option', { value: d.name }, d.name)),
  );
  const maxShots = inp('w-max-shots', '20000', 8);
  const maxErrors = inp('w-max-errors', '200', 8);
  const seed = inp('w-seed', '1', 8);
  const workers = h('input', { id: 'w-workers', value: String(cores), size: 4, inputmode: 'numeric' });
  const run = h('button', { type: 'submit', id: 'w-run', class: 'primary' }, 'Run sweep');
  const stop = h('button', { type: 'button', id: 'w-stop', disabled: true }, 'Stop');
  const status = h(
    'p',
    { id: 'w-status', class: 'status', 'aria-live': 'polite' },
    'Uses the code, task and noise model of the form on the left; p is swept.',
  );
  const table = h('table', { id: 'w-table', class: 'results' });
  const plot = h('div', { id: 'w-plot', class: 'plot' });
  const threshold = h('p', { id: 'w-threshold', class: 'threshold' });
  const csv = h('a', { id: 'w-csv', download: 'sweep.csv', hidden: true }, 'Download results (CSV)');
  const lbl = (id: string, text: string, el: HTMLElement): HTMLElement =>
    h('div', { class: 'field' }, h('label', { for: id }, text), el);
  const form = h(
    'form',
    { class: 'sweep-form', 'aria-label': 'sweep' },
    lbl('w-distances', 'distances', distances),
    lbl('w-xs', 'swept p (n̄ for cat noise)', xs),
    lbl('w-rounds', 'rounds', rounds),
    lbl('w-decoder', 'decoder', decoder),
    lbl('w-max-shots', 'max shots', maxShots),
    lbl('w-max-errors', 'max errors', maxErrors),
    lbl('w-seed', 'seed', seed),
    lbl('w-workers', `workers (${cores} cores)`, workers),
    h('div', { class: 'buttons' }, run, stop),
  );
  root.replaceChildren(h('h2', {}, 'Threshold sweep'), form, status, plot, threshold, table, h('p', {}, csv));

  let pool: Worker[] = [];
  let running = false;
  const halt = (): void => {
    for (const w of pool) w.terminate();
    pool = [];
    running = false;
    run.disabled = false;
    stop.disabled = true;
  };
  stop.addEventListener('click', () => {
    halt();
    status.textContent += ' — stopped.';
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (running) return;
    let spec: SweepSpec;
    let tasks: SweepTask[];
    let nWorkers: number;
    try {
      const lab = readForm();
      if (lab.source !== 'generate')
        throw new Error('sweep: choose "generate" in the form (a pasted circuit has no parameter to sweep)');
      const param = sweptParam(lab.noise);
      const g = generatorOf({ ...lab, distance: '3', params: { ...lab.params, [param]: '' } });
      if (!noiseParamsOf(g.noise).some((s) => s.name === param))
        throw new Error(`sweep: noise model '${g.noise}' has no parameter ${param} to sweep`);
      spec = {
        param,
        code: g.code,
        task: g.task,
        noise: g.noise,
        noiseParams: g.noiseParams,
        distances: parseList(distances.value, 'distances'),
        xs: parseList(xs.value, `values of ${param}`),
        rounds: roundsOf(rounds.value),
        decoder: decoder.value,
        maxShots: Number(maxShots.value),
        maxErrors: Number(maxErrors.value),
        seed: Number(seed.value),
      };
      nWorkers = Number(workers.value);
      if (!Number.isSafeInteger(nWorkers) || nWorkers < 1 || nWorkers > 64)
        throw new Error(`workers: expected 1 … 64, got '${workers.value}'`);
      tasks = planSweep(spec);
      checkSweep(tasks);
    } catch (err) {
      showError(err instanceof Error ? err.message : String(err));
      return;
    }
    showError('');
    start(spec, tasks, nWorkers);
  });

  function start(spec: SweepSpec, tasks: SweepTask[], nWorkers: number): void {
    running = true;
    run.disabled = true;
    stop.disabled = false;
    const t0 = performance.now();
    let lastDraw = 0;
    let drawing = false;
    let nextId = 0;
    const orders = new Map<number, BatchOrder>();
    const redraw = (final: boolean): void => {
      renderTable(table, tasks, spec);
      const now = performance.now();
      if (!final && (drawing || now - lastDraw < REDRAW_MS)) return;
      lastDraw = now;
      drawing = true;
      void drawPlot(plot, threshold, tasks, spec).finally(() => {
        drawing = false;
      });
    };
    const dispatch = (w: Worker): boolean => {
      const order = nextBatch(tasks, spec);
      if (order === undefined) return false;
      const id = nextId++;
      orders.set(id, order);
      const req: BatchRequest = {
        id,
        generator: tasks[order.task].generator,
        decoder: spec.decoder,
        shots: order.shots,
        seed: order.seed,
      };
      w.postMessage(req);
      return true;
    };
    pool = Array.from({ length: nWorkers }, () => new SweepWorker());
    for (const w of pool) {
      w.onmessage = (ev: MessageEvent<BatchReply>) => {
        if (!running) return;
        const r = ev.data;
        const order = orders.get(r.id);
        orders.delete(r.id);
        if (!r.ok || order === undefined) {
          halt();
          showError(`sweep stopped: ${r.ok ? 'unknown batch' : r.error}`);
          return;
        }
        recordBatch(tasks, order, r);
        const done = tasks.filter((t) => taskDone(t, spec)).length;
        const shots = tasks.reduce((s, t) => s + t.shots, 0);
        status.textContent = `${done} of ${tasks.length} points done · ${shots.toLocaleString('en')} shots · ${nWorkers} worker${nWorkers === 1 ? '' : 's'} · ${((performance.now() - t0) / 1000).toFixed(1)} s`;
        dispatch(w);
        if (done === tasks.length) {
          halt();
          status.textContent += ' — finished.';
          status.dataset.state = 'finished';
          redraw(true);
          if (csv.href !== '') URL.revokeObjectURL(csv.href);
          csv.href = URL.createObjectURL(new Blob([sweepCsv(tasks, spec)], { type: 'text/csv' }));
          csv.hidden = false;
        } else redraw(false);
      };
      w.onerror = (ev) => {
        halt();
        showError(`sweep worker failed: ${ev.message}`);
      };
      dispatch(w);
    }
    status.dataset.state = 'running';
    status.textContent = `running ${tasks.length} points on ${nWorkers} workers…`;
    renderTable(table, tasks, spec);
  }
}

function renderTable(table: HTMLTableElement, tasks: readonly SweepTask[], spec: SweepSpec): void {
  const head = h(
    'tr',
    {},
    ...[
      'd',
      spec.param === 'nbar' ? 'n̄' : spec.param,
      'rounds',
      'shots',
      'errors',
      'rate per round',
      'interval',
    ].map((t) => h('th', { scope: 'col' }, t)),
  );
  const rows = tasks.map((t) => {
    const iv = likelihoodInterval(t.errors, t.shots);
    const r = (v: number): string => fmtNum(perRoundRate(v, t.rounds));
    return h(
      'tr',
      {
        'data-d': t.d,
        'data-x': t.x,
        'data-rounds': t.rounds,
        'data-shots': t.shots,
        'data-errors': t.errors,
        class: taskDone(t, spec) ? 'done' : 'running',
      },
      h('td', {}, t.d),
      h('td', {}, fmtNum(t.x)),
      h('td', {}, t.rounds),
      h('td', {}, t.shots.toLocaleString('en')),
      h('td', {}, t.errors),
      h('td', {}, t.shots === 0 ? '—' : r(t.errors / t.shots)),
      h('td', {}, t.shots === 0 ? '—' : `${r(iv.low)} … ${r(iv.high)}`),
    );
  });
  table.replaceChildren(
    h('caption', {}, 'Logical error rate per round (likelihood-ratio interval, factor 1000, as sinter)'),
    h('thead', {}, head),
    h('tbody', {}, ...rows),
  );
}

async function drawPlot(
  el: HTMLElement,
  thr: HTMLElement,
  tasks: readonly SweepTask[],
  spec: SweepSpec,
): Promise<void> {
  const records = sweepRecords(tasks, spec.decoder);
  if (records.length === 0) return;
  const groups = groupCurves(records, new Rng(spec.seed));
  if (groups.length === 0) return;
  const g = groups[0];
  await showPlot(el, groupPlots(g).rates, 640);
  const t = g.threshold;
  thr.textContent =
    spec.param !== 'p'
      ? `No threshold for a ${spec.param} sweep (larger n̄ suppresses errors; compare the curves).`
      : t === undefined
        ? 'Crossing estimate: none yet (needs two distances whose curves cross inside the swept p range).'
        : `Crossing estimate: p_th ≈ ${fmtNum(t.threshold)} ± ${fmtNum(t.sigma)} (${t.method}; crossings at ${t.crossings.map((c) => `d=${c.d1}/${c.d2}: ${fmtNum(c.p)}`).join(', ')}).`;
}
