/**
 * The sweep view: a small threshold sweep run in Web Workers (one per core), its table of counts,
 * the CLI's rate plot (per-round logical error rate vs p with likelihood-ratio bands) redrawn as
 * results arrive, the crossing estimate, which frame sampler the workers ran (WebAssembly SIMD
 * kernels or the TypeScript path), and the kernel check.
 */
import { groupCurves, groupPlots, likelihoodInterval, perRoundRate, Rng } from '../../src/index.js';
import { sweepCsv, sweepRecords, taskDone, type SweepSpec, type SweepTask } from './sweep-model.js';
import { buildSweepForm, type SweepPlan } from './sweep-form.js';
import { startSweep } from './sweep-pool.js';
import { kernelCheckPanel } from './kernel-check-view.js';
import { generatorOf, type LabForm } from './lab-model.js';
import { showPlot } from './plot.js';
import { h } from './dom.js';
import { fmtNum } from './format.js';

/** Plot redraws are at least this far apart while a sweep runs (ms). */
const REDRAW_MS = 600;

/** Mounts the sweep view; `readForm` gives the lab form (code, task, noise and its fixed parameters). */
export function renderSweepView(
  root: HTMLElement,
  readForm: () => LabForm,
  showError: (msg: string) => void,
): void {
  const cores = Math.max(1, navigator.hardwareConcurrency || 1);
  const form = buildSweepForm(cores);
  const status = h(
    'p',
    { id: 'w-status', class: 'status', 'aria-live': 'polite' },
    'Uses the code, task and noise model of the form on the left; p is swept.',
  );
  const engine = h('p', { id: 'w-engine', class: 'note' });
  const table = h('table', { id: 'w-table', class: 'results' });
  const plot = h('div', { id: 'w-plot', class: 'plot' });
  const threshold = h('p', { id: 'w-threshold', class: 'threshold' });
  const csv = h('a', { id: 'w-csv', download: 'sweep.csv', hidden: true }, 'Download results (CSV)');
  const check = kernelCheckPanel(
    () => ({ generator: generatorOf(readForm()), seed: form.seed() }),
    showError,
  );
  root.replaceChildren(
    h('h2', {}, 'Threshold sweep'),
    form.element,
    status,
    engine,
    plot,
    threshold,
    table,
    h('p', {}, csv),
    check,
  );

  let stop: (() => void) | undefined;
  const idle = (): void => {
    stop = undefined;
    form.run.disabled = false;
    form.stop.disabled = true;
  };
  form.stop.addEventListener('click', () => {
    stop?.();
    idle();
    status.textContent += ' — stopped.';
  });
  form.element.addEventListener('submit', (e) => {
    e.preventDefault();
    if (stop !== undefined) return;
    let plan: SweepPlan;
    try {
      plan = form.read(readForm());
    } catch (err) {
      showError(err instanceof Error ? err.message : String(err));
      return;
    }
    showError('');
    form.run.disabled = true;
    form.stop.disabled = false;
    stop = run(plan);
  });

  /** Starts the plan's workers; returns the function that stops them. */
  function run({ spec, tasks, nWorkers }: SweepPlan): () => void {
    const t0 = performance.now();
    let lastDraw = 0;
    let drawing = false;
    const wasm: (boolean | undefined)[] = new Array<boolean | undefined>(nWorkers).fill(undefined);
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
    const stopWorkers = startSweep(spec, tasks, nWorkers, {
      batch(reply, worker) {
        wasm[worker] = reply.wasm;
        showEngine(engine, wasm);
        const done = tasks.filter((t) => taskDone(t, spec)).length;
        const shots = tasks.reduce((s, t) => s + t.shots, 0);
        status.textContent = `${done} of ${tasks.length} points done · ${shots.toLocaleString('en')} shots · ${nWorkers} worker${nWorkers === 1 ? '' : 's'} · ${((performance.now() - t0) / 1000).toFixed(1)} s`;
        redraw(false);
      },
      finished() {
        idle();
        status.textContent += ' — finished.';
        status.dataset.state = 'finished';
        redraw(true);
        if (csv.href !== '') URL.revokeObjectURL(csv.href);
        csv.href = URL.createObjectURL(new Blob([sweepCsv(tasks, spec)], { type: 'text/csv' }));
        csv.hidden = false;
      },
      failed(message) {
        idle();
        status.dataset.state = 'failed';
        showError(message);
      },
    });
    status.dataset.state = 'running';
    status.textContent = `running ${tasks.length} points on ${nWorkers} workers…`;
    renderTable(table, tasks, spec);
    return stopWorkers;
  }
}

/** Which frame sampler the workers ran, from each worker's last batch. */
function showEngine(el: HTMLElement, wasm: readonly (boolean | undefined)[]): void {
  const reported = wasm.filter((w) => w !== undefined).length;
  const on = wasm.filter((w) => w === true).length;
  el.dataset.workers = String(reported);
  el.dataset.wasmWorkers = String(on);
  el.textContent =
    on === reported
      ? `Frame sampler: WebAssembly SIMD kernels in ${on === 1 ? 'the worker' : `each of the ${on} workers`}.`
      : on === 0
        ? 'Frame sampler: TypeScript path (WebAssembly SIMD is not available in this browser).'
        : `Frame sampler: WebAssembly SIMD kernels in ${on} of ${reported} workers, TypeScript in the others.`;
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
