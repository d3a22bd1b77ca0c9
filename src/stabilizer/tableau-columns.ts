/**
 * Column kernels of a transposed tableau quadrant pair (row j = output qubit j, bits over the
 * generators): appending a gate to every image at once is a few word operations per 32
 * generators. Used by {@link TableauRows}' `tAppend*` methods; X, Z and signs are updated in place.
 */

export function colCX(
  X: Uint32Array,
  Z: Uint32Array,
  signs: Uint32Array,
  c: number,
  t: number,
  s: number,
): void {
  const co = c * s;
  const to = t * s;
  for (let w = 0; w < s; w++) {
    const xc = X[co + w];
    const zc = Z[co + w];
    const xt = X[to + w];
    const zt = Z[to + w];
    // Aaronson–Gottesman CNOT rule: r ^= x_c z_t (x_t ⊕ z_c ⊕ 1).
    signs[w] ^= xc & zt & ~(xt ^ zc);
    X[to + w] = xt ^ xc;
    Z[co + w] = zc ^ zt;
  }
}

export function colCZ(
  X: Uint32Array,
  Z: Uint32Array,
  signs: Uint32Array,
  a: number,
  b: number,
  s: number,
): void {
  const ao = a * s;
  const bo = b * s;
  for (let w = 0; w < s; w++) {
    const xa = X[ao + w];
    const xb = X[bo + w];
    const za = Z[ao + w];
    const zb = Z[bo + w];
    signs[w] ^= xa & xb & (za ^ zb);
    Z[ao + w] = za ^ xb;
    Z[bo + w] = zb ^ xa;
  }
}

export function colS(X: Uint32Array, Z: Uint32Array, signs: Uint32Array, q: number, s: number): void {
  const o = q * s;
  for (let w = 0; w < s; w++) {
    const x = X[o + w];
    const z = Z[o + w];
    signs[w] ^= x & z;
    Z[o + w] = z ^ x;
  }
}

export function colH(X: Uint32Array, Z: Uint32Array, signs: Uint32Array, q: number, s: number): void {
  const o = q * s;
  for (let w = 0; w < s; w++) {
    const x = X[o + w];
    const z = Z[o + w];
    signs[w] ^= x & z;
    X[o + w] = z;
    Z[o + w] = x;
  }
}
