/** Number formatting for tables and labels (pure). */

/** Formats a number compactly for tables: 3 significant digits, exponent form below 1e-3. */
export function fmtNum(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) {
    const [m, e] = v.toExponential(2).split('e');
    return `${m.replace(/\.?0+$/, '')}e${Number(e)}`;
  }
  return String(Number(v.toPrecision(3)));
}
