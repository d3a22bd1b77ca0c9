import type { CurveGroup, FootprintRow } from './analysis.js';
import { pointRate } from './fit.js';

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

/** Summary lines of a group: threshold, Λ, fit. */
export function groupSummary(g: CurveGroup): string[] {
  const lines: string[] = [];
  if (g.threshold !== undefined)
    lines.push(
      `threshold (per-round rates) p_th = ${g.threshold.threshold.toPrecision(3)} ± ${Number.isFinite(g.threshold.sigma) ? g.threshold.sigma.toPrecision(2) : '?'} (${g.threshold.method}; ν = ${Number.isFinite(g.threshold.nu) ? g.threshold.nu.toPrecision(3) : '?'})`,
    );
  else if (g.xKey === 'p') lines.push('threshold: the curves do not cross in the sampled range');
  const ps = g.thresholdPerShot;
  if (ps !== undefined)
    lines.push(
      `threshold of the per-shot rates (rounds as run): ${ps.threshold.toPrecision(3)} ± ${Number.isFinite(ps.sigma) ? ps.sigma.toPrecision(2) : '?'}`,
    );
  for (const l of g.lambdas)
    lines.push(
      `Λ(${g.xKey}=${l.p}, d=${l.d1}→${l.d2}) = ${l.lambda.toPrecision(3)} ± ${l.sigma.toPrecision(2)}`,
    );
  if (g.fit !== undefined)
    lines.push(
      `fit ε_d ≈ A (p/p_th)^((d+1)/2): A = ${g.fit.A.toPrecision(3)}, p_th = ${g.fit.pth.toPrecision(3)} (×/÷ ${Math.exp(g.fit.sigmaLogPth).toPrecision(3)}), ${g.fit.numPoints} points`,
    );
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
export function footprintTable(rows: readonly FootprintRow[]): string {
  return htmlTable(
    ['code (noise, decoder)', 'p', 'target per round', 'distance', 'physical qubits', 'note'],
    rows.map((r) => [
      r.group,
      String(r.p),
      sci(r.target, 2),
      r.distance === undefined ? '—' : String(r.distance),
      r.qubits === undefined ? '—' : String(r.qubits),
      r.note,
    ]),
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
th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}.plots{display:flex;flex-wrap:wrap;gap:1em}
pre{background:#f7f7f7;padding:.6em}
</style></head><body>
<h1>${esc(title)}</h1>
<p>${esc(intro)}</p>
${sections.map((s) => `<h2>${esc(s.heading)}</h2>\n${s.html}`).join('\n')}
</body></html>
`;
}

/** Escapes text for inclusion in report HTML. */
