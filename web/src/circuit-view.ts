/**
 * The circuit view: caption with counts, the 2D layout with its legend, the `qec diagram` panel
 * (timeline, detector slices, matching graph), the Stim text.
 */
import type { LabExperiment } from './lab-model.js';
import { layoutCounts } from './layout-geometry.js';
import { CHECK_COLOURS, drawLayout } from './layout-view.js';
import { diagramPanel } from './diagram-view.js';
import { h } from './dom.js';

/** A legend entry per check type present, plus data qubits. */
function legend(byType: Record<string, number>): HTMLElement {
  const names: Record<string, string> = {
    X: 'X check',
    Z: 'Z check',
    Y: 'Y check',
    mixed: 'mixed check',
    '?': 'check (type unknown)',
  };
  return h(
    'ul',
    { class: 'legend' },
    h('li', {}, h('span', { class: 'swatch data' }), 'data qubit'),
    ...Object.keys(byType).map((t) =>
      h(
        'li',
        {},
        h('span', { class: 'swatch check', style: `background:${CHECK_COLOURS[t] ?? '#777'}` }),
        names[t] ?? t,
      ),
    ),
  );
}

/** Renders the circuit view of an experiment into `root`. */
export function renderCircuitView(root: HTMLElement, exp: LabExperiment): void {
  const c = layoutCounts(exp.qubits);
  const types = Object.entries(c.byType)
    .map(([t, n]) => `${n} ${t}`)
    .join(', ');
  const caption = h(
    'p',
    { class: 'caption', id: 'circuit-caption' },
    `${exp.qubits.length} qubits: `,
    h('strong', { id: 'count-data' }, String(c.data)),
    ' data, ',
    h('strong', { id: 'count-checks' }, String(c.checks)),
    ` checks${types === '' ? '' : ` (${types})`} · ${exp.numDetectors} detectors · ${exp.numObservables} observable${exp.numObservables === 1 ? '' : 's'}`,
  );
  const layout = h(
    'figure',
    { class: 'layout-fig' },
    drawLayout(exp, { label: `layout of ${exp.title}` }),
    h('figcaption', {}, 'Qubit layout from QUBIT_COORDS'),
    legend(c.byType),
  );
  const href = URL.createObjectURL(new Blob([exp.circuitText], { type: 'text/plain' }));
  root.replaceChildren(
    h('h2', { id: 'exp-title' }, exp.title),
    caption,
    layout,
    diagramPanel(exp),
    h(
      'details',
      { class: 'stim' },
      h('summary', {}, 'Stim circuit (with noise)'),
      h(
        'textarea',
        {
          id: 'circuit-text',
          readonly: true,
          rows: 14,
          spellcheck: 'false',
          'aria-label': 'Stim circuit text',
        },
        exp.circuitText,
      ),
      h('p', {}, h('a', { href, download: 'circuit.stim', id: 'circuit-download' }, 'Download circuit.stim')),
    ),
  );
}
