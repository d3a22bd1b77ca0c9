/**
 * The sweep view's form: distances, swept values, rounds, decoder, stopping rules, seed and
 * worker count, read into a validated {@link SweepSpec} and its tasks.
 */
import { DECODERS } from '../../src/index.js';
import { generatorOf, noiseParamsOf, type LabForm } from './lab-model.js';
import {
  checkSweep,
  parseList,
  planSweep,
  sweptParam,
  type SweepSpec,
  type SweepTask,
} from './sweep-model.js';
import { h } from './dom.js';

/** `d`, `3d` (rounds per distance) or a fixed count. */
function roundsOf(text: string): SweepSpec['rounds'] {
  const t = text.trim();
  const m = /^(\d*)\s*d$/.exec(t);
  if (m !== null) return { perD: m[1] === '' ? 1 : Number(m[1]) };
  const v = Number(t);
  if (!Number.isSafeInteger(v) || v < 1)
    throw new Error(`rounds: expected "d", "3d" or an integer ≥ 1, got '${text}'`);
  return { fixed: v };
}

/** A sweep ready to run: its spec, its tasks and the number of workers. */
export interface SweepPlan {
  readonly spec: SweepSpec;
  readonly tasks: SweepTask[];
  readonly nWorkers: number;
}

/** The sweep form: its element, its Run / Stop buttons, and `read` (throws a one-line Error naming the field). */
export interface SweepForm {
  readonly element: HTMLFormElement;
  readonly run: HTMLButtonElement;
  readonly stop: HTMLButtonElement;
  /** The seed field's value (shared with the kernel check). */
  seed(): number;
  read(lab: LabForm): SweepPlan;
}

/** Builds the sweep form for a browser with `cores` cores (the default worker count). */
export function buildSweepForm(cores: number): SweepForm {
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
  const lbl = (id: string, text: string, el: HTMLElement): HTMLElement =>
    h('div', { class: 'field' }, h('label', { for: id }, text), el);
  const element = h(
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
  const seedValue = (): number => {
    const v = Number(seed.value);
    if (!Number.isSafeInteger(v) || v < 0)
      throw new Error(`seed: expected an integer ≥ 0, got '${seed.value}'`);
    return v;
  };
  const read = (lab: LabForm): SweepPlan => {
    if (lab.source !== 'generate')
      throw new Error('sweep: choose "generate" in the form (a pasted circuit has no parameter to sweep)');
    const param = sweptParam(lab.noise);
    const g = generatorOf({ ...lab, distance: '3', params: { ...lab.params, [param]: '' } });
    if (!noiseParamsOf(g.noise).some((s) => s.name === param))
      throw new Error(`sweep: noise model '${g.noise}' has no parameter ${param} to sweep`);
    const spec: SweepSpec = {
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
      seed: seedValue(),
    };
    const nWorkers = Number(workers.value);
    if (!Number.isSafeInteger(nWorkers) || nWorkers < 1 || nWorkers > 64)
      throw new Error(`workers: expected 1 … 64, got '${workers.value}'`);
    const tasks = planSweep(spec);
    checkSweep(tasks);
    return { spec, tasks, nWorkers };
  };
  return { element, run, stop, seed: seedValue, read };
}
