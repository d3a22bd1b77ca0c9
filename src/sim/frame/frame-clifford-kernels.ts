/**
 * The frame sampler's Clifford layers on the TypeScript path (the WebAssembly kernels of
 * `src/wasm/frame-kernels.wat` do the same on their path): each acts on the X/Z frame rows of its
 * targets, `nw` active words per row at row stride `W` (shots along the word axis, see
 * {@link FrameBatch}). Mutate `x`/`z` in place; plain indexed loops, no allocation.
 */

/** Swaps the X and Z rows of each target (the frame action of H and of its relatives). */
export function frameSqSwap(x: Uint32Array, z: Uint32Array, W: number, nw: number, t: Int32Array): void {
  for (let k = 0; k < t.length; k++) {
    const o = t[k] * W;
    const e = o + nw;
    for (let i = o; i < e; i++) {
      const a = x[i];
      x[i] = z[i];
      z[i] = a;
    }
  }
}

/** dst ^= src on each target's row. */
export function frameSqXorInto(
  dst: Uint32Array,
  src: Uint32Array,
  W: number,
  nw: number,
  t: Int32Array,
): void {
  for (let k = 0; k < t.length; k++) {
    const o = t[k] * W;
    const e = o + nw;
    for (let i = o; i < e; i++) dst[i] ^= src[i];
  }
}

/** On each target: X row ← X ⊕ Z, Z row ← old X. */
export function frameSqCycleXyz(x: Uint32Array, z: Uint32Array, W: number, nw: number, t: Int32Array): void {
  for (let k = 0; k < t.length; k++) {
    const o = t[k] * W;
    const e = o + nw;
    for (let i = o; i < e; i++) {
      const a = x[i];
      x[i] = a ^ z[i];
      z[i] = a;
    }
  }
}

/** On each target: Z row ← X ⊕ Z, X row ← old Z (the inverse of {@link frameSqCycleXyz}). */
export function frameSqCycleZyx(x: Uint32Array, z: Uint32Array, W: number, nw: number, t: Int32Array): void {
  for (let k = 0; k < t.length; k++) {
    const o = t[k] * W;
    const e = o + nw;
    for (let i = o; i < e; i++) {
      const b = z[i];
      z[i] = x[i] ^ b;
      x[i] = b;
    }
  }
}

/** CX on each (control, target) pair: x_t ^= x_c, z_c ^= z_t. */
export function frameCx(x: Uint32Array, z: Uint32Array, W: number, nw: number, t: Int32Array): void {
  for (let k = 0; k < t.length; k += 2) {
    const c = t[k] * W;
    const d = t[k + 1] * W - c;
    const e = c + nw;
    for (let i = c; i < e; i++) {
      x[i + d] ^= x[i];
      z[i] ^= z[i + d];
    }
  }
}

/** CZ on each pair: z_a ^= x_b, z_b ^= x_a. */
export function frameCz(x: Uint32Array, z: Uint32Array, W: number, nw: number, t: Int32Array): void {
  for (let k = 0; k < t.length; k += 2) {
    const a = t[k] * W;
    const d = t[k + 1] * W - a;
    const e = a + nw;
    for (let i = a; i < e; i++) {
      z[i] ^= x[i + d];
      z[i + d] ^= x[i];
    }
  }
}

/** SWAP on each pair: exchanges both rows. */
export function frameSwap(x: Uint32Array, z: Uint32Array, W: number, nw: number, t: Int32Array): void {
  for (let k = 0; k < t.length; k += 2) {
    const a = t[k] * W;
    const d = t[k + 1] * W - a;
    const e = a + nw;
    for (let i = a; i < e; i++) {
      const xa = x[i];
      x[i] = x[i + d];
      x[i + d] = xa;
      const za = z[i];
      z[i] = z[i + d];
      z[i + d] = za;
    }
  }
}

/**
 * Generic two-qubit Clifford from its GF(2) frame matrix `m` (bit out·4 + in; components x0,
 * z0, x1, z1): each output component is the XOR of the masked inputs.
 */
export function frameTwoQubit(
  x: Uint32Array,
  z: Uint32Array,
  W: number,
  nw: number,
  t: Int32Array,
  m: number,
): void {
  // Masks (0 or −1) for output row r, input c: m bit r·4 + c.
  const m00 = -((m >>> 0) & 1),
    m01 = -((m >>> 1) & 1),
    m02 = -((m >>> 2) & 1),
    m03 = -((m >>> 3) & 1);
  const m10 = -((m >>> 4) & 1),
    m11 = -((m >>> 5) & 1),
    m12 = -((m >>> 6) & 1),
    m13 = -((m >>> 7) & 1);
  const m20 = -((m >>> 8) & 1),
    m21 = -((m >>> 9) & 1),
    m22 = -((m >>> 10) & 1),
    m23 = -((m >>> 11) & 1);
  const m30 = -((m >>> 12) & 1),
    m31 = -((m >>> 13) & 1),
    m32 = -((m >>> 14) & 1),
    m33 = -((m >>> 15) & 1);
  for (let k = 0; k < t.length; k += 2) {
    const a = t[k] * W;
    const b = t[k + 1] * W;
    for (let w = 0; w < nw; w++) {
      const x0 = x[a + w];
      const z0 = z[a + w];
      const x1 = x[b + w];
      const z1 = z[b + w];
      x[a + w] = (x0 & m00) ^ (z0 & m01) ^ (x1 & m02) ^ (z1 & m03);
      z[a + w] = (x0 & m10) ^ (z0 & m11) ^ (x1 & m12) ^ (z1 & m13);
      x[b + w] = (x0 & m20) ^ (z0 & m21) ^ (x1 & m22) ^ (z1 & m23);
      z[b + w] = (x0 & m30) ^ (z0 & m31) ^ (x1 & m32) ^ (z1 & m33);
    }
  }
}
