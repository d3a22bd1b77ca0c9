/**
 * The shot view: one seeded shot on the layout with a slider over rounds, the MWPM matching, the
 * observables and the verdict; next shot / next failing shot.
 */
import { compileShotEngine, type LabExperiment, type ShotEngine } from './lab-model.js';
import { drawLayout } from './layout-view.js';
import { detectorRounds, shotToDets, ShotSource, type Shot } from './shot-model.js';
import { h } from './dom.js';

/** Shots scanned per click of "next failing shot" before giving up. */
export const FAILURE_SCAN_LIMIT = 200_000;

/** The shot's caption, observables table, verdict and its Stim-format details. */
function shotInfo(exp: LabExperiment, engine: ShotEngine, shot: Shot, maxDegree: number): HTMLElement[] {
  const pairs = shot.matching?.pairs ?? [];
  const toBoundary = pairs.filter((p) => p.b < 0).length;
  const flips = (ids: readonly number[]): string =>
    exp.numObservables === 1
      ? ids.length > 0
        ? '1'
        : '0'
      : ids.length === 0
        ? 'none'
        : ids.map((o) => `L${o}`).join(' ');
  return [
    h(
      'p',
      {},
      `Shot ${shot.index} of seed ${shot.seed}: `,
      h('strong', { id: 'shot-events' }, String(shot.events.length)),
      ` detection events, `,
      ...(engine.matcher === undefined
        ? [
            `decoded by ${engine.decoderName}: this code's errors flip up to ${maxDegree} detectors, so there is no matching to draw.`,
          ]
        : [
            h('strong', { id: 'shot-pairs' }, String(pairs.length)),
            ` matched pairs (${toBoundary} to the boundary).`,
          ]),
    ),
    h(
      'table',
      { class: 'obs' },
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, exp.numObservables === 1 ? 'observable L0 flipped' : 'observables flipped'),
        h('td', { id: 'shot-actual' }, flips(shot.actual)),
      ),
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, `${engine.decoderName === 'mwpm' ? 'MWPM' : engine.decoderName} predicts`),
        h('td', { id: 'shot-predicted' }, flips(shot.predicted)),
      ),
    ),
    h(
      'p',
      {
        id: 'shot-verdict',
        class: shot.success ? 'verdict ok' : 'verdict fail',
        'data-success': String(shot.success),
      },
      shot.success ? '✓ correction succeeded' : '✗ logical error: the correction flips the observable',
    ),
    h(
      'details',
      {},
      h('summary', {}, 'This shot in Stim formats'),
      h('label', { for: 'shot-dets' }, 'detection events (dets)'),
      h('input', { id: 'shot-dets', readonly: true, value: shotToDets(shot, false), class: 'mono wide' }),
      h('label', { for: 'shot-obs' }, 'observable flips (dets)'),
      h('input', {
        id: 'shot-obs',
        readonly: true,
        value: `shot${shot.actual.map((o) => ` L${o}`).join('')}`,
        class: 'mono wide',
      }),
      h(
        'ol',
        { class: 'pairs' },
        ...pairs.map((p) =>
          h(
            'li',
            {},
            p.b < 0 ? `D${p.a} – boundary (weight ${p.weight})` : `D${p.a} – D${p.b} (weight ${p.weight})`,
          ),
        ),
      ),
    ),
  ];
}

/** Mounts the shot view for an experiment into `root`; returns nothing (state lives in closures). */
export function renderShotView(
  root: HTMLElement,
  exp: LabExperiment,
  showError: (msg: string) => void,
): void {
  const engine = compileShotEngine(exp);
  const rounds = detectorRounds(exp);
  const maxDegree = exp.dem.errors.reduce((mx, e) => Math.max(mx, e.detectors.length), 0);
  let source = new ShotSource(exp, engine, 1);
  let shot: Shot = source.shot(0);
  let round: number | null = null;

  const seed = h('input', { id: 's-seed', value: '1', inputmode: 'numeric', size: 8 });
  const index = h('input', { id: 's-index', value: '0', inputmode: 'numeric', size: 8 });
  const slider = h('input', {
    id: 's-round',
    type: 'range',
    min: -1,
    max: rounds.length - 1,
    value: -1,
    step: 1,
    'aria-describedby': 's-round-label',
  });
  const roundLabel = h('output', { id: 's-round-label', for: 's-round' }, 'all rounds');
  const drawing = h('div', { class: 'shot-layout' });
  const info = h('div', { class: 'shot-info', id: 'shot-info', 'aria-live': 'polite' });

  const show = (): void => {
    drawing.replaceChildren(
      drawLayout(exp, { shot, round, label: `shot ${shot.index}: detection events and matching` }),
    );
    info.replaceChildren(...shotInfo(exp, engine, shot, maxDegree));
    index.value = String(shot.index);
  };
  const go = (k: number): void => {
    const sd = Number(seed.value);
    if (!Number.isSafeInteger(sd) || sd < 0)
      return showError(`seed: expected an integer ≥ 0, got '${seed.value}'`);
    if (!Number.isSafeInteger(k) || k < 0)
      return showError(`shot: expected an integer ≥ 0, got '${index.value}'`);
    if (sd !== source.seed) source = new ShotSource(exp, engine, sd);
    showError('');
    shot = source.shot(k);
    show();
  };
  slider.addEventListener('input', () => {
    const v = Number(slider.value);
    round = v < 0 ? null : rounds[v];
    roundLabel.textContent = round === null ? 'all rounds' : `round ${round} (t = ${round})`;
    show();
  });
  const form = h(
    'form',
    { class: 'shot-controls', 'aria-label': 'shot' },
    h('label', { for: 's-seed' }, 'seed'),
    seed,
    h('label', { for: 's-index' }, 'shot'),
    index,
    h('button', { type: 'submit', id: 's-show' }, 'Show'),
    h('button', { type: 'button', id: 's-next' }, 'Next shot'),
    h('button', { type: 'button', id: 's-next-fail' }, 'Next failing shot'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go(Number(index.value));
  });
  form.querySelector('#s-next')?.addEventListener('click', () => go(shot.index + 1));
  form.querySelector('#s-next-fail')?.addEventListener('click', () => {
    const k = source.find(shot.index + 1, FAILURE_SCAN_LIMIT, 'failure');
    if (k < 0) showError(`no failing shot among the next ${FAILURE_SCAN_LIMIT.toLocaleString('en')} shots`);
    else go(k);
  });
  root.replaceChildren(
    h('h2', {}, `Shot view · ${exp.title}`),
    form,
    h('div', { class: 'round-control' }, h('label', { for: 's-round' }, 'time'), slider, roundLabel),
    h('div', { class: 'shot-grid' }, drawing, info),
    h(
      'p',
      { class: 'note' },
      'Red rings: detection events (faint: other rounds). Lines: pairs matched by MWPM; dashed: across rounds; a ring around a check: the same check in two rounds; a line leaving the frame: matched to the boundary.',
    ),
  );
  show();
}
