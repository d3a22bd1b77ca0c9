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

/** The complex number stored at element `k` of an interleaved array. */
export function complexAt(data: Float64Array, k: number): Complex {
  return { re: data[2 * k], im: data[2 * k + 1] };
}

/** Writes `z` at element `k` of an interleaved array. Mutates `data`. */
export function setComplexAt(data: Float64Array, k: number, z: Complex): void {
  data[2 * k] = z.re;
  data[2 * k + 1] = z.im;
}

/** a + b. */
export function cadd(a: Complex, b: Complex): Complex {
  return { re: a.re + b.re, im: a.im + b.im };
}

/** a − b. */
export function csub(a: Complex, b: Complex): Complex {
  return { re: a.re - b.re, im: a.im - b.im };
}

/** a · b. */
export function cmul(a: Complex, b: Complex): Complex {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

/** Complex conjugate. */
export function cconj(a: Complex): Complex {
  return { re: a.re, im: -a.im };
}

/** |a|², the squared modulus. */
export function cabs2(a: Complex): number {
  return a.re * a.re + a.im * a.im;
}

/** |a|. */
export function cabs(a: Complex): number {
  return Math.hypot(a.re, a.im);
}

/** e^{iθ}. */
export function cexpi(theta: number): Complex {
  return { re: Math.cos(theta), im: Math.sin(theta) };
}

/** True when |a − b| ≤ tol (default 1e-9). */
export function capproxEqual(a: Complex, b: Complex, tol = 1e-9): boolean {
  return Math.hypot(a.re - b.re, a.im - b.im) <= tol;
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
