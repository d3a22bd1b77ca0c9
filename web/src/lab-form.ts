/**
 * The lab form: code, task, distance, rounds, noise model and its parameters (from the same tables
 * as `qec gen --list`), or a pasted Stim circuit. Builds its controls from CODE_FAMILIES and
 * NOISE_FAMILIES and reads them back as a {@link LabForm}.
 */
import {
  CODE_FAMILIES,
  distanceRule,
  NOISE_FAMILIES,
  type CodeTask,
  type NoiseParamSpec,
} from '../../src/index.js';
import { h } from './dom.js';
import { DEFAULT_FORM, noiseParamsOf, type LabForm } from './lab-model.js';

/** The live form: its element and a reader of its current values. */
export interface FormControls {
  readonly element: HTMLFormElement;
  read(): LabForm;
  /** Sets fields by name (for links and tests) and refreshes the dependent controls. */
  set(values: Partial<LabForm>): void;
}

/** What an empty parameter box means: its default, `= p`, the model's own rate, or required. */
function placeholderOf(spec: NoiseParamSpec, noise: string): string {
  if (spec.default !== undefined) return String(spec.default);
  if (spec.name === 'q') return '= p';
  const own = NOISE_FAMILIES.find((n) => n.name === noise)?.params.includes(spec) ?? false;
  return own ? 'required' : "model's rate";
}

function field(labelText: string, control: HTMLElement, hint?: string, hintId?: string): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: control.id }, labelText),
    control,
    hint === undefined ? null : h('small', { id: hintId, class: 'hint' }, hint),
  );
}

/** The form's controls, created empty (filled by {@link buildForm}'s refreshers). */
function createControls() {
  const code = h('select', { id: 'f-code', name: 'code', 'aria-describedby': 'f-code-desc' });
  for (const f of CODE_FAMILIES) code.append(h('option', { value: f.name }, f.name));
  const codeDesc = h('small', { id: 'f-code-desc', class: 'hint' });
  const task = h('select', { id: 'f-task', name: 'task' });
  const distance = h('input', {
    id: 'f-distance',
    name: 'distance',
    inputmode: 'numeric',
    'aria-describedby': 'f-distance-hint',
    size: 6,
  });
  const rounds = h('input', {
    id: 'f-rounds',
    name: 'rounds',
    inputmode: 'numeric',
    placeholder: '= d',
    size: 6,
  });
  const noise = h('select', { id: 'f-noise', name: 'noise', 'aria-describedby': 'f-noise-desc' });
  for (const n of NOISE_FAMILIES) noise.append(h('option', { value: n.name }, n.name));
  const noiseDesc = h('small', { id: 'f-noise-desc', class: 'hint' });
  const params = h('div', { id: 'f-params', class: 'params' });
  const stim = h('textarea', {
    id: 'f-stim',
    name: 'stim',
    rows: 10,
    spellcheck: 'false',
    placeholder: 'QUBIT_COORDS(0, 0) 0\nR 0 1\n…\nDETECTOR(1, 0, 0) rec[-1]',
  });
  const srcGen = h('input', {
    type: 'radio',
    name: 'source',
    value: 'generate',
    id: 'f-src-gen',
    checked: true,
  });
  const srcStim = h('input', { type: 'radio', name: 'source', value: 'stim', id: 'f-src-stim' });
  const distanceHint = h('small', { id: 'f-distance-hint', class: 'hint' });
  return {
    code,
    codeDesc,
    task,
    distance,
    rounds,
    noise,
    noiseDesc,
    params,
    stim,
    srcGen,
    srcStim,
    distanceHint,
  };
}

type Controls = ReturnType<typeof createControls>;

/** Lays the controls out: source choice, the generator box, the Stim box, Generate. */
function layoutForm(c: Controls): { form: HTMLFormElement; genBox: HTMLElement; stimBox: HTMLElement } {
  const genBox = h(
    'div',
    { id: 'f-gen' },
    field('Code', c.code),
    c.codeDesc,
    field('Task', c.task),
    h('div', { class: 'row' }, field('Distance d', c.distance), field('Rounds', c.rounds)),
    c.distanceHint,
    field('Noise model', c.noise),
    c.noiseDesc,
    c.params,
  );
  const stimBox = h(
    'div',
    { id: 'f-stim-box', hidden: true },
    field('Stim circuit', c.stim, 'with QUBIT_COORDS and DETECTOR coordinates for the layout'),
  );
  const form = h(
    'form',
    { id: 'lab-form', novalidate: true, 'aria-label': 'experiment' },
    h(
      'fieldset',
      { class: 'source' },
      h('legend', {}, 'Circuit'),
      h('label', {}, c.srcGen, ' generate'),
      h('label', {}, c.srcStim, ' paste Stim'),
    ),
    genBox,
    stimBox,
    h('button', { type: 'submit', id: 'f-generate', class: 'primary' }, 'Generate'),
  );
  return { form, genBox, stimBox };
}

/** Builds the form; `onSubmit` runs on Generate (button or Enter). */
export function buildForm(onSubmit: () => void): FormControls {
  const c = createControls();
  const { form, genBox, stimBox } = layoutForm(c);
  const paramValues: Record<string, string> = { ...DEFAULT_FORM.params };

  const refreshTasks = (): void => {
    const fam = CODE_FAMILIES.find((f) => f.name === c.code.value) ?? CODE_FAMILIES[0];
    const keep = c.task.value;
    c.task.replaceChildren(...fam.tasks.map((t) => h('option', { value: t }, t)));
    if (fam.tasks.includes(keep as CodeTask)) c.task.value = keep;
    c.codeDesc.textContent = fam.description;
    c.distanceHint.textContent = `valid: ${distanceRule(fam, c.task.value as CodeTask).distances}`;
  };
  const keepParams = (): void => {
    for (const inp of c.params.querySelectorAll('input')) paramValues[inp.name] = inp.value;
  };
  const refreshParams = (): void => {
    const fam = NOISE_FAMILIES.find((n) => n.name === c.noise.value);
    c.noiseDesc.textContent = fam?.description ?? '';
    c.params.replaceChildren(
      ...noiseParamsOf(c.noise.value).map((spec) => {
        const id = `f-param-${spec.name}`;
        const inp = h('input', {
          id,
          name: spec.name,
          size: 8,
          value: paramValues[spec.name] ?? '',
          placeholder: placeholderOf(spec, c.noise.value),
          'aria-describedby': `${id}-help`,
        });
        return field(spec.name, inp, spec.help, `${id}-help`);
      }),
    );
  };
  c.code.addEventListener('change', refreshTasks);
  c.task.addEventListener('change', refreshTasks);
  c.noise.addEventListener('change', () => {
    keepParams();
    refreshParams();
  });
  const refreshSource = (): void => {
    genBox.hidden = c.srcStim.checked;
    stimBox.hidden = !c.srcStim.checked;
  };
  c.srcGen.addEventListener('change', refreshSource);
  c.srcStim.addEventListener('change', refreshSource);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    onSubmit();
  });

  const set = (v: Partial<LabForm>): void => {
    if (v.source !== undefined) (v.source === 'stim' ? c.srcStim : c.srcGen).checked = true;
    if (v.code !== undefined) c.code.value = v.code;
    refreshTasks();
    if (v.task !== undefined) c.task.value = v.task;
    refreshTasks();
    if (v.distance !== undefined) c.distance.value = v.distance;
    if (v.rounds !== undefined) c.rounds.value = v.rounds;
    keepParams();
    if (v.params !== undefined) Object.assign(paramValues, v.params);
    if (v.noise !== undefined) c.noise.value = v.noise;
    refreshParams();
    if (v.stim !== undefined) c.stim.value = v.stim;
    refreshSource();
  };
  set(DEFAULT_FORM);
  return {
    element: form,
    set,
    read: () => {
      const p: Record<string, string> = {};
      for (const inp of c.params.querySelectorAll('input')) p[inp.name] = inp.value;
      return {
        source: c.srcStim.checked ? 'stim' : 'generate',
        code: c.code.value,
        task: c.task.value,
        distance: c.distance.value,
        rounds: c.rounds.value,
        noise: c.noise.value,
        params: p,
        stim: c.stim.value,
      };
    },
  };
}
