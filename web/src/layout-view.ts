/**
 * The 2D layout drawing (SVG): data qubits as circles, check qubits as squares coloured by check
 * type, and optionally one shot on top: its detection events (those of the selected round strong,
 * the others faint) and the MWPM matching as edges (dashed between rounds, to the boundary as a
 * line leaving the frame).
 */
import type { LabExperiment } from './lab-model.js';
import { boundaryPoint, layoutFrame, type LayoutFrame } from './layout-geometry.js';
import type { Shot } from './shot-model.js';
import { s } from './dom.js';

/** Check colours by Pauli type (shared with the legend). */
export const CHECK_COLOURS: Readonly<Record<string, string>> = {
  X: '#c0392b',
  Z: '#2166ac',
  Y: '#1b7837',
  mixed: '#762a83',
  '?': '#777777',
};

/** Frame covering both the qubits and the detectors' (x, y) of an experiment. */
export function experimentFrame(exp: LabExperiment): LayoutFrame {
  return layoutFrame([...exp.qubits, ...exp.detectors]);
}

/** Draws the layout, with a shot overlay when `shot` is given (`round` = null: all rounds). */
export function drawLayout(
  exp: LabExperiment,
  opts: { shot?: Shot; round?: number | null; label: string },
): SVGElement {
  const f = experimentFrame(exp);
  const u = f.unit;
  const svg = s('svg', {
    viewBox: f.viewBox,
    class: 'layout',
    role: 'img',
    'aria-label': opts.label,
    preserveAspectRatio: 'xMidYMid meet',
  });
  const gq = s('g', { class: 'qubits' });
  for (const q of exp.qubits) {
    const title = s(
      'title',
      {},
      q.kind === 'data' ? `data qubit ${q.q}` : `check qubit ${q.q} (${q.checkType} check)`,
    );
    if (q.kind === 'data')
      gq.append(s('circle', { class: 'qubit data', cx: q.x, cy: q.y, r: 0.28 * u, 'data-q': q.q }, title));
    else {
      const a = 0.24 * u;
      gq.append(
        s(
          'rect',
          {
            class: `qubit check check-${q.checkType === '?' ? 'unknown' : q.checkType}`,
            x: q.x - a,
            y: q.y - a,
            width: 2 * a,
            height: 2 * a,
            fill: CHECK_COLOURS[q.checkType ?? '?'] ?? CHECK_COLOURS['?'],
            'data-q': q.q,
          },
          title,
        ),
      );
    }
  }
  svg.append(gq);
  if (opts.shot !== undefined) svg.append(drawShot(exp, f, opts.shot, opts.round ?? null));
  return svg;
}

function drawShot(exp: LabExperiment, f: LayoutFrame, shot: Shot, round: number | null): SVGElement {
  const u = f.unit;
  const g = s('g', { class: 'shot' });
  const inRound = (d: number): boolean => round === null || exp.detectors[d].t === round;
  for (const pair of shot.matching?.pairs ?? []) {
    const a = exp.detectors[pair.a];
    const strong = inRound(pair.a) || (pair.b >= 0 && inRound(pair.b));
    const cls = `match${strong ? '' : ' faint'}`;
    if (pair.b < 0) {
      const bp = boundaryPoint(f, a.x, a.y);
      g.append(
        s(
          'line',
          { class: `${cls} boundary`, x1: a.x, y1: a.y, x2: bp.x, y2: bp.y, 'stroke-width': 0.12 * u },
          s('title', {}, `D${pair.a} matched to the boundary (weight ${pair.weight})`),
        ),
      );
      continue;
    }
    const b = exp.detectors[pair.b];
    const title = s('title', {}, `D${pair.a} – D${pair.b}, rounds ${a.t} and ${b.t} (weight ${pair.weight})`);
    if (a.x === b.x && a.y === b.y) {
      // A timelike edge: the same check in two rounds; drawn as a ring around it.
      g.append(
        s(
          'circle',
          { class: `${cls} timelike`, cx: a.x, cy: a.y, r: 0.45 * u, 'stroke-width': 0.1 * u },
          title,
        ),
      );
    } else {
      g.append(
        s(
          'line',
          {
            class: `${cls}${a.t !== b.t ? ' across-rounds' : ''}`,
            x1: a.x,
            y1: a.y,
            x2: b.x,
            y2: b.y,
            'stroke-width': 0.12 * u,
          },
          title,
        ),
      );
    }
  }
  for (const d of shot.events) {
    const p = exp.detectors[d];
    g.append(
      s(
        'circle',
        {
          class: `event${inRound(d) ? '' : ' faint'}`,
          cx: p.x,
          cy: p.y,
          r: 0.3 * u,
          'data-d': d,
          'stroke-width': 0.06 * u,
        },
        s('title', {}, `detection event D${d} (round ${p.t})`),
      ),
    );
  }
  return g;
}
