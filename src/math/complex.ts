/**
 * Small complex-number helpers. Dense complex data in QEC Lab is stored interleaved in a
 * `Float64Array`: element k has its real part at index `2k` and its imaginary part at `2k + 1`.
 * The {@link Complex} object form is for API boundaries and tests, never for hot loops.
 */

/** A complex number as a plain immutable record. */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

/** `re + i·im`. */
export function complex(re: number, im = 0): Complex {
  return { re, im };
}

/**
 * Text form for demos and messages: `0.7071`, `-0.5i`, `0.5+0.5i`. Parts smaller than `tol`
 * print as zero; `digits` significant decimals (default 4).
 */
export function formatComplex(a: Complex, digits = 4, tol = 1e-12): string {
  const fmt = (x: number): string => {
    const s = x.toFixed(digits);
    return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  };
  const re = Math.abs(a.re) < tol ? 0 : a.re;
  const im = Math.abs(a.im) < tol ? 0 : a.im;
  if (im === 0) return fmt(re);
  const imText = `${fmt(Math.abs(im))}i`;
  if (re === 0) return im < 0 ? `-${imText}` : imText;
  return `${fmt(re)}${im < 0 ? '-' : '+'}${imText}`;
}
