import { prettyKey, type CurveGroup, type FootprintRow } from './analysis.js';
import { pointRate } from './fit.js';
import type { MeasuredRate } from './footprint-measure.js';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An HTML table from a header row and body rows (cells are escaped text). */
export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const sci = (v: number | undefined, digits = 3): string =>
  v === undefined || !Number.isFinite(v) ? '—' : v.toExponential(digits - 1);

const pm = (v: number, digits = 2): string => (Number.isFinite(v) ? ` ± ${v.toPrecision(digits)}` : '');

/**
 * Summary lines of a group: one threshold per definition, each saying what it means (or that
 * the data hold none), then Λ with its range, each line short enough not to need scrolling.
 */
export function groupSummary(g: CurveGroup): string[] {
  const lines: string[] = [];
  if (g.xKey === 'p') {
    const ps = [...new Set(g.points.map((q) => q.p))].sort((a, b) => a - b);
    const range = ps.length > 0 ? `p = ${ps[0]}…${ps[ps.length - 1]}` : 'the sampled range';
    lines.push('Thresholds (three definitions; they answer different questions):');
    const t = g.threshold;
    lines.push(
      t === undefined
        ? `  per-round crossing: none — the curves of different d do not cross in ${range}`
        : `  per-round crossing p_th = ${t.threshold.toPrecision(3)}${pm(t.sigma)}: below it a larger distance lowers the error per round (${Number.isFinite(t.nu) ? `scaling fit, ν = ${t.nu.toPrecision(3)}` : t.method})`,
    );
    const s = g.thresholdPerShot;
    lines.push(
      s === undefined
        ? `  per-shot crossing (rounds = d): none in ${range}`
        : `  per-shot crossing (rounds = d) ${s.threshold.toPrecision(3)}${pm(s.sigma)}: the same for the error of a whole d-round experiment, as many papers quote it`,
    );
    lines.push(
      g.fit === undefined
        ? '  fit p_th: no fit (needs two distances with errors below the crossing)'
        : `  fit p_th = ${g.fit.pth.toPrecision(3)} (×/÷ ${Math.exp(g.fit.sigmaLogPth).toPrecision(3)}): the parameter of ε_d ≈ A (p/p_th)^((d+1)/2) fitted on ${g.fit.numPoints} points below the crossing; it sets the footprint, and is not a crossing`,
    );
  }
  if (g.lambdas.length > 0) {
    lines.push(`Λ = ε_d / ε_(d+2) per round (range ≈ ±1σ; points near saturation left out):`);
    for (const l of g.lambdas)
      lines.push(
        `  ${prettyKey(g.xKey)} = ${l.p}, d = ${l.d1}→${l.d2}: Λ = ${l.lambda.toPrecision(3)} [${l.low.toPrecision(2)}, ${Number.isFinite(l.high) ? l.high.toPrecision(2) : '∞'}]`,
      );
  }
  return lines;
}

/** Table of a group's measured points. */
export function pointsTable(g: CurveGroup): string {
  return htmlTable(
    [g.xKey, 'd', 'rounds', 'shots', 'errors', 'per-shot rate', 'per-round rate'],
    g.points.map((q) => [
      String(q.p),
      String(q.d),
      String(q.rounds),
      String(q.shots),
      String(q.errors),
      sci(q.errors / Math.max(q.shots, 1)),
      sci(pointRate(q).rate),
    ]),
  );
}

/** Footprint table. */
export function footprintTable(
  rows: readonly (FootprintRow & { measured?: readonly MeasuredRate[] })[],
): string {
  return htmlTable(
    [
      'code (noise, decoder)',
      'p',
      'target per round',
      'distance',
      'allowed distances',
      'physical qubits',
      'rate per round at that distance',
      'note',
    ],
    rows.map((r) => {
      const m = r.measured?.find((x) => x.distance === r.distance && r.note.startsWith('measured'));
      return [
        r.group,
        String(r.p),
        sci(r.target, 2),
        r.distance === undefined ? '—' : String(r.distance),
        r.allowed,
        r.qubits === undefined ? '—' : String(r.qubits),
        m === undefined
          ? r.distance === undefined
            ? '—'
            : 'from the fit'
          : `measured ${sci(m.rate)} [${sci(m.low, 2)}, ${sci(m.high, 2)}] (±2σ, splitting)`,
        r.note,
      ];
    }),
  );
}

/** A self-contained HTML report page: sections of HTML (tables, inline SVG plots). */
export function htmlReport(
  title: string,
  intro: string,
  sections: readonly { heading: string; html: string }[],
): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}
th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}td{vertical-align:top}
td:last-child{text-align:left;max-width:28em}
.plots{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:1em;margin:1em 0}
.plots svg{width:100%;height:auto;display:block}
pre{background:#f7f7f7;padding:.6em;white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.4}
</style></head><body>
<h1>${esc(title)}</h1>
<p>${esc(intro)}</p>
${sections.map((s) => `<h2>${esc(s.heading)}</h2>\n${s.html}`).join('\n')}
</body></html>
`;
}

/** Escapes text for inclusion in report HTML. */
