/**
 * The circuit view's diagram panel: a choice of `qec diagram` type and ticks, the SVG drawn by the
 * library's renderers (inserted unchanged, so it is the very document the CLI prints), the
 * equivalent command line and a download link. Errors (bad ticks, too large) show in the panel.
 */
import {
  labDiagram,
  defaultTicks,
  DIAGRAM_TYPES,
  type DiagramChoice,
  type DiagramType,
} from './diagram-model.js';
import type { LabExperiment } from './lab-model.js';
import { h } from './dom.js';

const TYPE_LABELS: Readonly<Record<DiagramType, string>> = {
  'timeline-svg': 'Timeline',
  'detslice-svg': 'Detector slices',
  'matchgraph-svg': 'Matching graph',
};

/** Parses SVG text into a node of this document; throws when the text is not well-formed XML. */
function svgNode(text: string): Element {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  if (doc.querySelector('parsererror') !== null) throw new Error('the diagram is not well-formed SVG');
  return document.importNode(doc.documentElement, true);
}

/** The diagram panel of an experiment (controls, drawing, command line, download). */
export function diagramPanel(exp: LabExperiment): HTMLElement {
  const type = h(
    'select',
    { id: 'diagram-type', 'aria-label': 'diagram type' },
    ...DIAGRAM_TYPES.map((t) => h('option', { value: t }, TYPE_LABELS[t])),
  );
  const ticks = h('input', {
    id: 'diagram-ticks',
    type: 'text',
    size: 8,
    value: defaultTicks(exp.circuit),
    'aria-describedby': 'diagram-ticks-help',
    spellcheck: 'false',
  });
  const removeNoise = h('input', { id: 'diagram-remove-noise', type: 'checkbox', checked: true });
  const error = h('p', { id: 'diagram-error', class: 'error', role: 'alert', hidden: true });
  const box = h('div', { id: 'diagram-box', class: 'diagram-box', tabindex: 0, 'aria-label': 'diagram' });
  const command = h('pre', { id: 'diagram-command', class: 'command' });
  const download = h('a', { id: 'diagram-download' }, 'Download SVG');
  let href = '';

  const draw = (): void => {
    const choice: DiagramChoice = {
      type: type.value as DiagramType,
      ticks: ticks.value,
      removeNoise: removeNoise.checked,
    };
    ticks.disabled = choice.type === 'matchgraph-svg';
    removeNoise.disabled = choice.type !== 'timeline-svg';
    try {
      const d = labDiagram(exp, choice);
      box.replaceChildren(svgNode(d.svg));
      command.textContent = d.commands.join('\n');
      if (href !== '') URL.revokeObjectURL(href);
      href = URL.createObjectURL(new Blob([d.svg], { type: 'image/svg+xml' }));
      download.setAttribute('href', href);
      download.setAttribute('download', d.fileName);
      download.textContent = `Download ${d.fileName}`;
      error.hidden = true;
      error.textContent = '';
    } catch (err) {
      error.textContent = err instanceof Error ? err.message : String(err);
      error.hidden = false;
    }
  };
  type.addEventListener('change', draw);
  removeNoise.addEventListener('change', draw);
  ticks.addEventListener('change', draw);
  ticks.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') draw();
  });
  draw();
  return h(
    'section',
    { class: 'diagram', 'aria-labelledby': 'diagram-heading' },
    h('h3', { id: 'diagram-heading' }, 'Diagram (the same SVG as qec diagram)'),
    h(
      'div',
      { class: 'diagram-controls' },
      h('label', {}, 'Type ', type),
      h('label', {}, 'Ticks ', ticks),
      h('label', {}, removeNoise, ' leave noise out'),
    ),
    h(
      'p',
      { id: 'diagram-ticks-help', class: 'note' },
      'Ticks: T or A:B (A … B−1); 0 is the start, k the instant of the k-th TICK; empty draws all.',
    ),
    error,
    box,
    h('p', { class: 'note' }, 'The same picture from the command line (circuit.stim downloaded below):'),
    command,
    h('p', {}, download),
  );
}
