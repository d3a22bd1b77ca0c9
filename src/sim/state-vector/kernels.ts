/**
 * In-place gate kernels on a vector of 2^n complex amplitudes stored interleaved in one
 * `Float64Array` (amplitude i: real part at `2i`, imaginary part at `2i + 1`). Qubit order is
 * little-endian: qubit q is bit q of the basis index. The density-matrix simulator reuses these on
 * the vectorised ρ (2n "qubits"), so the kernels know nothing about normalisation.
 *
 * Each k-qubit gate is a strided butterfly: for every basis index with the target bits clear, the
 * 2^k amplitudes at offsets Σ b_j·2^{t_j} are mixed by the 2^k × 2^k matrix (the layout of
 * `src/math/matrix.ts`; bit j of the matrix index is the j-th target). Loops are plain indexed
 * loops over typed arrays with no allocation, so V8 keeps them monomorphic; the single-qubit kernel
 * streams the whole vector once (16·2^n bytes read and written), which is what the bench measures.
 */
import { popcount32 as popcount } from '../../mem/bit-table.js';

/** Number of amplitudes of an n-qubit vector. */
export function dimOf(numQubits: number): number {
  return 2 ** numQubits;
}

/**
 * Applies the 2 × 2 matrix m (8 doubles: a, b / c, d interleaved) to qubit q of `data`.
 * O(2^n). Mutates `data`.
 */
export function apply1(data: Float64Array, numQubits: number, q: number, m: Float64Array): void {
  const ar = m[0],
    ai = m[1],
    br = m[2],
    bi = m[3],
    cr = m[4],
    ci = m[5],
    dr = m[6],
    di = m[7];
  const n2 = 2 * dimOf(numQubits);
  const s2 = 2 * 2 ** q; // stride in doubles
  if (q === 0) {
    // Adjacent pairs: one flat loop instead of 2^{n-1} inner loops of length one.
    for (let i = 0; i < n2; i += 4) {
      const xr = data[i],
        xi = data[i + 1],
        yr = data[i + 2],
        yi = data[i + 3];
      data[i] = ar * xr - ai * xi + br * yr - bi * yi;
      data[i + 1] = ar * xi + ai * xr + br * yi + bi * yr;
      data[i + 2] = cr * xr - ci * xi + dr * yr - di * yi;
      data[i + 3] = cr * xi + ci * xr + dr * yi + di * yr;
    }
    return;
  }
  // One flat loop over the 2^{n-1} pairs: pair k has index k with a zero bit inserted at q.
  // (Measured faster in V8 than nested base/offset loops, whose inner trip count varies with q.)
  const half = n2 / 4;
  const mask = 2 ** q - 1;
  for (let k = 0; k < half; k++) {
    const low = k & mask;
    const i = 2 * (low + (k - low) * 2);
    const j = i + s2;
    const xr = data[i],
      xi = data[i + 1],
      yr = data[j],
      yi = data[j + 1];
    data[i] = ar * xr - ai * xi + br * yr - bi * yi;
    data[i + 1] = ar * xi + ai * xr + br * yi + bi * yr;
    data[j] = cr * xr - ci * xi + dr * yr - di * yi;
    data[j + 1] = cr * xi + ci * xr + dr * yi + di * yr;
  }
}

/** Applies diag(d0, d1) (complex) to qubit q. Touches only what changes when d0 = 1. Mutates `data`. */
export function applyDiag1(
  data: Float64Array,
  numQubits: number,
  q: number,
  d0r: number,
  d0i: number,
  d1r: number,
  d1i: number,
): void {
  const half = dimOf(numQubits) / 2;
  const s2 = 2 * 2 ** q;
  const mask = 2 ** q - 1;
  const skip0 = d0r === 1 && d0i === 0;
  for (let k = 0; k < half; k++) {
    const low = k & mask;
    const i = 2 * (low + (k - low) * 2);
    const j = i + s2;
    if (!skip0) {
      const xr = data[i],
        xi = data[i + 1];
      data[i] = d0r * xr - d0i * xi;
      data[i + 1] = d0r * xi + d0i * xr;
    }
    const yr = data[j],
      yi = data[j + 1];
    data[j] = d1r * yr - d1i * yi;
    data[j + 1] = d1r * yi + d1i * yr;
  }
}

/** Pauli X on qubit q: swaps the two halves of every butterfly. Mutates `data`. */
export function applyX(data: Float64Array, numQubits: number, q: number): void {
  const half = dimOf(numQubits) / 2;
  const s2 = 2 * 2 ** q;
  const mask = 2 ** q - 1;
  for (let k = 0; k < half; k++) {
    const low = k & mask;
    const i = 2 * (low + (k - low) * 2);
    const j = i + s2;
    const xr = data[i],
      xi = data[i + 1];
    data[i] = data[j];
    data[i + 1] = data[j + 1];
    data[j] = xr;
    data[j + 1] = xi;
  }
}

/** Pauli Y on qubit q: |0⟩ → i|1⟩, |1⟩ → −i|0⟩. Mutates `data`. */
export function applyY(data: Float64Array, numQubits: number, q: number): void {
  const half = dimOf(numQubits) / 2;
  const s2 = 2 * 2 ** q;
  const mask = 2 ** q - 1;
  for (let k = 0; k < half; k++) {
    const low = k & mask;
    const i = 2 * (low + (k - low) * 2);
    const j = i + s2;
    const xr = data[i],
      xi = data[i + 1],
      yr = data[j],
      yi = data[j + 1];
    // new x = -i·y, new y = i·x
    data[i] = yi;
    data[i + 1] = -yr;
    data[j] = -xi;
    data[j + 1] = xr;
  }
}

/** Pauli Z on qubit q. Mutates `data`. */
export function applyZ(data: Float64Array, numQubits: number, q: number): void {
  applyDiag1(data, numQubits, q, 1, 0, -1, 0);
}

/** Hadamard on qubit q. Mutates `data`. */
export function applyH(data: Float64Array, numQubits: number, q: number): void {
  const h = Math.SQRT1_2;
  const half = dimOf(numQubits) / 2;
  const s2 = 2 * 2 ** q;
  const mask = 2 ** q - 1;
  // Flat loop over pairs, as in apply1.
  for (let k = 0; k < half; k++) {
    const low = k & mask;
    const i = 2 * (low + (k - low) * 2);
    const j = i + s2;
    const xr = data[i],
      xi = data[i + 1],
      yr = data[j],
      yi = data[j + 1];
    data[i] = h * (xr + yr);
    data[i + 1] = h * (xi + yi);
    data[j] = h * (xr - yr);
    data[j + 1] = h * (xi - yi);
  }
}

/** Applies Pauli `code` (0 = I, 1 = X, 2 = Y, 3 = Z) to qubit q. Mutates `data`. */
export function applyPauli(data: Float64Array, numQubits: number, q: number, code: number): void {
  switch (code & 3) {
    case 1:
      applyX(data, numQubits, q);
      return;
    case 2:
      applyY(data, numQubits, q);
      return;
    case 3:
      applyZ(data, numQubits, q);
      return;
    default:
      return;
  }
}

/**
 * Applies the 4 × 4 matrix m (32 doubles) to qubits (t0, t1) (t0 ≠ t1; bit 0 of the matrix index is
 * t0). Enumerates the 2^{n−2} indices with both bits clear by inserting zero bits. Mutates `data`.
 */
export function apply2(data: Float64Array, numQubits: number, t0: number, t1: number, m: Float64Array): void {
  const lo = Math.min(t0, t1);
  const hi = Math.max(t0, t1);
  const loMask = 2 ** lo - 1;
  const hiMask = 2 ** hi - 1; // insert the second zero at its final position hi
  const o1 = 2 * 2 ** t0;
  const o2 = 2 * 2 ** t1;
  const o3 = o1 + o2;
  // Matrix entries in locals: V8 keeps them in registers across the loop.
  const m00r = m[0],
    m00i = m[1],
    m01r = m[2],
    m01i = m[3],
    m02r = m[4],
    m02i = m[5],
    m03r = m[6],
    m03i = m[7];
  const m10r = m[8],
    m10i = m[9],
    m11r = m[10],
    m11i = m[11],
    m12r = m[12],
    m12i = m[13],
    m13r = m[14],
    m13i = m[15];
  const m20r = m[16],
    m20i = m[17],
    m21r = m[18],
    m21i = m[19],
    m22r = m[20],
    m22i = m[21],
    m23r = m[22],
    m23i = m[23];
  const m30r = m[24],
    m30i = m[25],
    m31r = m[26],
    m31i = m[27],
    m32r = m[28],
    m32i = m[29],
    m33r = m[30],
    m33i = m[31];
  const count = dimOf(numQubits) / 4;
  for (let k = 0; k < count; k++) {
    // Insert a zero bit at position lo, then at position hi.
    const a = (k & loMask) + (k - (k & loMask)) * 2;
    const b = (a & hiMask) + (a - (a & hiMask)) * 2;
    const i0 = 2 * b;
    const i1 = i0 + o1;
    const i2 = i0 + o2;
    const i3 = i0 + o3;
    const x0r = data[i0],
      x0i = data[i0 + 1],
      x1r = data[i1],
      x1i = data[i1 + 1];
    const x2r = data[i2],
      x2i = data[i2 + 1],
      x3r = data[i3],
      x3i = data[i3 + 1];
    data[i0] =
      m00r * x0r - m00i * x0i + m01r * x1r - m01i * x1i + m02r * x2r - m02i * x2i + m03r * x3r - m03i * x3i;
    data[i0 + 1] =
      m00r * x0i + m00i * x0r + m01r * x1i + m01i * x1r + m02r * x2i + m02i * x2r + m03r * x3i + m03i * x3r;
    data[i1] =
      m10r * x0r - m10i * x0i + m11r * x1r - m11i * x1i + m12r * x2r - m12i * x2i + m13r * x3r - m13i * x3i;
    data[i1 + 1] =
      m10r * x0i + m10i * x0r + m11r * x1i + m11i * x1r + m12r * x2i + m12i * x2r + m13r * x3i + m13i * x3r;
    data[i2] =
      m20r * x0r - m20i * x0i + m21r * x1r - m21i * x1i + m22r * x2r - m22i * x2i + m23r * x3r - m23i * x3i;
    data[i2 + 1] =
      m20r * x0i + m20i * x0r + m21r * x1i + m21i * x1r + m22r * x2i + m22i * x2r + m23r * x3i + m23i * x3r;
    data[i3] =
      m30r * x0r - m30i * x0i + m31r * x1r - m31i * x1i + m32r * x2r - m32i * x2i + m33r * x3r - m33i * x3i;
    data[i3 + 1] =
      m30r * x0i + m30i * x0r + m31r * x1i + m31i * x1r + m32r * x2i + m32i * x2r + m33r * x3i + m33i * x3r;
  }
}

/** CX (controlled-X) with control c and target t. Swaps amplitude pairs where bit c is set. Mutates `data`. */
export function applyCX(data: Float64Array, numQubits: number, c: number, t: number): void {
  const lo = Math.min(c, t);
  const hi = Math.max(c, t);
  const loMask = 2 ** lo - 1;
  const hiMask = 2 ** hi - 1; // insert the second zero at its final position hi
  const oc = 2 * 2 ** c;
  const ot = 2 * 2 ** t;
  const count = dimOf(numQubits) / 4;
  for (let k = 0; k < count; k++) {
    const a = (k & loMask) + (k - (k & loMask)) * 2;
    const b = (a & hiMask) + (a - (a & hiMask)) * 2;
    const i = 2 * b + oc;
    const j = i + ot;
    const xr = data[i],
      xi = data[i + 1];
    data[i] = data[j];
    data[i + 1] = data[j + 1];
    data[j] = xr;
    data[j + 1] = xi;
  }
}

/** CZ on qubits a, b: negates amplitudes with both bits set. Mutates `data`. */
export function applyCZ(data: Float64Array, numQubits: number, qa: number, qb: number): void {
  const lo = Math.min(qa, qb);
  const hi = Math.max(qa, qb);
  const loMask = 2 ** lo - 1;
  const hiMask = 2 ** hi - 1; // insert the second zero at its final position hi
  const o = 2 * (2 ** qa + 2 ** qb);
  const count = dimOf(numQubits) / 4;
  for (let k = 0; k < count; k++) {
    const a = (k & loMask) + (k - (k & loMask)) * 2;
    const b = (a & hiMask) + (a - (a & hiMask)) * 2;
    const i = 2 * b + o;
    data[i] = -data[i];
    data[i + 1] = -data[i + 1];
  }
}

/** SWAP of qubits a and b. Mutates `data`. */
export function applySwap(data: Float64Array, numQubits: number, qa: number, qb: number): void {
  const lo = Math.min(qa, qb);
  const hi = Math.max(qa, qb);
  const loMask = 2 ** lo - 1;
  const hiMask = 2 ** hi - 1; // insert the second zero at its final position hi
  const oa = 2 * 2 ** qa;
  const ob = 2 * 2 ** qb;
  const count = dimOf(numQubits) / 4;
  for (let k = 0; k < count; k++) {
    const a = (k & loMask) + (k - (k & loMask)) * 2;
    const b = (a & hiMask) + (a - (a & hiMask)) * 2;
    const i = 2 * b + oa;
    const j = 2 * b + ob;
    const xr = data[i],
      xi = data[i + 1];
    data[i] = data[j];
    data[i + 1] = data[j + 1];
    data[j] = xr;
    data[j + 1] = xi;
  }
}

/**
 * Applies a 2^k × 2^k matrix to the qubits `targets` (distinct; bit j of the matrix index is
 * targets[j]). Generic kernel for any k: gathers the 2^k amplitudes of each group into `scratch`
 * (length ≥ 2·2^k·2, allocated when not given), multiplies, scatters. O(2^n · 2^k). Mutates `data`.
 */
export function applyMatrix(
  data: Float64Array,
  numQubits: number,
  targets: readonly number[],
  m: Float64Array,
  scratch?: Float64Array,
): void {
  const k = targets.length;
  if (k === 1) {
    apply1(data, numQubits, targets[0], m);
    return;
  }
  if (k === 2) {
    apply2(data, numQubits, targets[0], targets[1], m);
    return;
  }
  const d = 2 ** k;
  const offsets = new Float64Array(d);
  for (let a = 0; a < d; a++) {
    let o = 0;
    for (let j = 0; j < k; j++) if (((a >>> j) & 1) !== 0) o += 2 ** targets[j];
    offsets[a] = 2 * o;
  }
  const sorted = [...targets].sort((x, y) => x - y);
  const masks = sorted.map((t) => 2 ** t - 1);
  const buf = scratch !== undefined && scratch.length >= 4 * d ? scratch : new Float64Array(4 * d);
  // Compressed rows: many matrices here are sparse (CCX and CSWAP are permutations; Pauli-channel
  // superoperators preserve r ⊕ c and so have 4 non-zeros per row of 16), so skip the zeros.
  const rowStart = new Int32Array(d + 1);
  const cols = new Int32Array(d * d);
  const vals = new Float64Array(2 * d * d);
  let nnz = 0;
  for (let r = 0; r < d; r++) {
    rowStart[r] = nnz;
    for (let c = 0; c < d; c++) {
      const mr = m[2 * (r * d + c)];
      const mi = m[2 * (r * d + c) + 1];
      if (mr === 0 && mi === 0) continue;
      cols[nnz] = c;
      vals[2 * nnz] = mr;
      vals[2 * nnz + 1] = mi;
      nnz++;
    }
  }
  rowStart[d] = nnz;
  const count = dimOf(numQubits) / d;
  for (let g = 0; g < count; g++) {
    let b = g;
    for (let j = 0; j < k; j++) {
      const mask = masks[j];
      b = (b & mask) + (b - (b & mask)) * 2;
    }
    const base = 2 * b;
    for (let a = 0; a < d; a++) {
      buf[2 * a] = data[base + offsets[a]];
      buf[2 * a + 1] = data[base + offsets[a] + 1];
    }
    for (let r = 0; r < d; r++) {
      let re = 0;
      let im = 0;
      const end = rowStart[r + 1];
      for (let e = rowStart[r]; e < end; e++) {
        const c = cols[e];
        const mr = vals[2 * e];
        const mi = vals[2 * e + 1];
        re += mr * buf[2 * c] - mi * buf[2 * c + 1];
        im += mr * buf[2 * c + 1] + mi * buf[2 * c];
      }
      data[base + offsets[r]] = re;
      data[base + offsets[r] + 1] = im;
    }
  }
}

/** Σ |amplitude|² over indices whose bits in `mask` have odd parity (mask < 2^31). O(2^n). */
export function parityProbability(data: Float64Array, numQubits: number, mask: number): number {
  const n = dimOf(numQubits);
  let p = 0;
  if ((mask & (mask - 1)) === 0 && mask !== 0) {
    // One qubit: walk only the half with that bit set (flat pair loop, as in apply1).
    const half = n / 2;
    const low = mask - 1;
    for (let k = 0; k < half; k++) {
      const l = k & low;
      const j = 2 * (l + (k - l) * 2 + mask);
      p += data[j] * data[j] + data[j + 1] * data[j + 1];
    }
    return p;
  }
  for (let i = 0; i < n; i++) {
    if ((popcount(i & mask) & 1) === 0) continue;
    p += data[2 * i] * data[2 * i] + data[2 * i + 1] * data[2 * i + 1];
  }
  return p;
}

/**
 * Projects onto the subspace where the parity of the bits in `mask` equals `parity` and multiplies
 * the kept amplitudes by `scale` (1/√p to renormalise). Mutates `data`.
 */
export function projectParity(
  data: Float64Array,
  numQubits: number,
  mask: number,
  parity: number,
  scale: number,
): void {
  const n = dimOf(numQubits);
  if (mask !== 0 && (mask & (mask - 1)) === 0) {
    // One qubit: walk the pairs, keeping one side and zeroing the other (no popcount per entry).
    const half = n / 2;
    const s2 = 2 * mask;
    const low = mask - 1;
    const keep = parity === 0 ? 0 : s2;
    const drop = s2 - keep;
    for (let k = 0; k < half; k++) {
      const l = k & low;
      const i = 2 * (l + (k - l) * 2);
      data[i + keep] *= scale;
      data[i + keep + 1] *= scale;
      data[i + drop] = 0;
      data[i + drop + 1] = 0;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    if ((popcount(i & mask) & 1) === parity) {
      data[2 * i] *= scale;
      data[2 * i + 1] *= scale;
    } else {
      data[2 * i] = 0;
      data[2 * i + 1] = 0;
    }
  }
}

/**
 * Multiplies by (re + i·im) every amplitude whose bits in `mask` have parity `parity`
 * (diagonal phase on one eigenspace of a Z-parity; SPP after a basis change). Mutates `data`.
 */
export function phaseParity(
  data: Float64Array,
  numQubits: number,
  mask: number,
  parity: number,
  re: number,
  im: number,
): void {
  const n = dimOf(numQubits);
  for (let i = 0; i < n; i++) {
    if ((popcount(i & mask) & 1) !== parity) continue;
    const xr = data[2 * i];
    const xi = data[2 * i + 1];
    data[2 * i] = re * xr - im * xi;
    data[2 * i + 1] = re * xi + im * xr;
  }
}
