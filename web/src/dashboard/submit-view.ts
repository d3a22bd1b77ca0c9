/**
 * The submit panel: a simple form (code, task, distances, rounds, noise, p list, decoders, stop
 * rules) that writes the study JSON into an editor, and the editor itself, validated with the
 * protocol's study schema as you type. Submit sends the editor's text.
 */
import { CODE_FAMILIES, DECODERS, NOISE_FAMILIES } from '../../../src/index.js';
import { h } from '../dom.js';
import { checkStudyText, formToSpec, FormError, type StudyForm } from './model.js';

/** What the panel needs from the page. */
export interface SubmitHooks {
  submit(text: string): Promise<void>;
}

function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const hintEl = hint === undefined ? null : h('small', { class: 'hint', id: `${control.id}-hint` }, hint);
  if (hintEl !== null) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

/** Builds the panel. */
export function buildSubmitPanel(hooks: SubmitHooks): HTMLElement {
  const code = h('select', { id: 's-code' });
  for (const f of CODE_FAMILIES) code.append(h('option', { value: f.name }, f.name));
  code.value = 'rotated-surface';
  const task = h('select', { id: 's-task' });
  const fillTasks = (): void => {
    const fam = CODE_FAMILIES.find((f) => f.name === code.value);
    const keep = task.value;
    task.replaceChildren(...(fam?.tasks ?? []).map((t) => h('option', { value: t }, t)));
    if ([...task.options].some((o) => o.value === keep)) task.value = keep;
    else if ([...task.options].some((o) => o.value === 'memory-z')) task.value = 'memory-z';
  };
  fillTasks();
  const distances = h('input', { id: 's-distances', value: '3, 5', size: 10 });
  const rounds = h('input', { id: 's-rounds', value: 'd', size: 5 });
  const noise = h('select', { id: 's-noise' });
  for (const n of NOISE_FAMILIES) noise.append(h('option', { value: n.name }, n.name));
  noise.value = 'uniform';
  const p = h('input', { id: 's-p', value: '0.005, 0.01', size: 18 });
  const decoders = h('fieldset', { class: 'source', id: 's-decoders' }, h('legend', {}, 'Decoders'));
  for (const d of DECODERS) {
    const box = h('input', {
      type: 'checkbox',
      id: `s-dec-${d.name}`,
      value: d.name,
      checked: d.name === 'mwpm',
    });
    decoders.append(h('label', { for: box.id }, box, ` ${d.name}`));
  }
  const maxShots = h('input', { id: 's-max-shots', value: '10000', inputmode: 'numeric', size: 10 });
  const maxErrors = h('input', {
    id: 's-max-errors',
    value: '',
    inputmode: 'numeric',
    size: 8,
    placeholder: 'none',
  });
  const formError = h('p', { class: 'field-error', id: 's-form-error', role: 'alert', hidden: true });

  const editor = h('textarea', {
    id: 'study-json',
    rows: 16,
    spellcheck: false,
    'aria-describedby': 'study-json-status',
    'aria-label': 'study JSON',
  });
  const status = h('p', { id: 'study-json-status', class: 'json-status', 'aria-live': 'polite' });
  const submitBtn = h('button', { type: 'submit', class: 'primary', id: 'submit-study' }, 'Submit study');
  const submitError = h('div', { class: 'error', id: 'submit-error', role: 'alert', hidden: true });

  const validate = (): boolean => {
    const r = checkStudyText(editor.value);
    status.textContent = r.ok ? '✓ valid study' : `✗ ${r.message}`;
    status.classList.toggle('bad', !r.ok);
    editor.setAttribute('aria-invalid', String(!r.ok));
    submitBtn.disabled = !r.ok;
    return r.ok;
  };
  const readForm = (): StudyForm => ({
    code: code.value,
    task: task.value,
    distances: distances.value,
    rounds: rounds.value,
    noise: noise.value,
    p: p.value,
    decoders: [...decoders.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value),
    maxShots: maxShots.value,
    maxErrors: maxErrors.value,
  });
  const fromForm = (): void => {
    for (const el of [distances, p, maxShots, maxErrors]) el.removeAttribute('aria-invalid');
    try {
      editor.value = JSON.stringify(formToSpec(readForm()), null, 2);
      formError.hidden = true;
    } catch (e) {
      if (!(e instanceof FormError)) throw e;
      formError.textContent = e.message;
      formError.hidden = false;
      const el = { distances, p, maxShots, maxErrors }[e.field as 'p'] as HTMLElement | undefined;
      el?.setAttribute('aria-invalid', 'true');
    }
    validate();
  };
  code.addEventListener('change', () => {
    fillTasks();
    fromForm();
  });
  const form = h(
    'form',
    { class: 'study-form', id: 'study-form', 'aria-label': 'study form' },
    h(
      'div',
      { class: 'form-grid' },
      field('Code', code),
      field('Task', task),
      field('Distances', distances, 'e.g. 3, 5, 7'),
      field('Rounds', rounds, '"d", "3d" or a number'),
      field('Noise', noise),
      field('p (physical error rates)', p, 'e.g. 1e-3, 2e-3, 5e-3'),
      field('Max shots per task', maxShots),
      field('Max errors per task', maxErrors, 'stop a task early'),
    ),
    decoders,
    formError,
  );
  form.addEventListener('input', fromForm);
  form.addEventListener('change', fromForm);
  form.addEventListener('submit', (e) => e.preventDefault());
  editor.addEventListener('input', validate);

  const outer = h(
    'form',
    { id: 'submit-form', 'aria-label': 'submit a study' },
    h('div', { class: 'field' }, h('label', { for: editor.id }, 'Study JSON (what is submitted)'), editor),
    status,
    submitError,
    submitBtn,
  );
  outer.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!validate()) {
      editor.focus();
      return;
    }
    submitBtn.disabled = true;
    submitError.hidden = true;
    hooks
      .submit(editor.value)
      .catch((err: unknown) => {
        submitError.textContent = `Not submitted: ${(err as Error).message}`;
        submitError.hidden = false;
      })
      .finally(() => validate());
  });
  fromForm();
  return h(
    'section',
    { id: 'submit', 'aria-labelledby': 'submit-title' },
    h('h2', { id: 'submit-title' }, 'Submit a study'),
    h(
      'p',
      { class: 'note' },
      'The form writes the study JSON below; edit either. The JSON is checked against the study schema as you type.',
    ),
    form,
    outer,
  );
}
