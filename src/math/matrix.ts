import { ValidationError } from '../base/errors.js';
import type { Complex } from './complex.js';

/**
 * Dense square complex matrices for small dimensions (gate unitaries, Kraus operators, reduced
 * density matrices). Layout: an `n × n` matrix is a `Float64Array` of length `2·n²`, row-major and
 * interleaved, so entry (r, c) has its real part at `2·(r·n + c)` and imaginary part one after.
 * The dimension is implied by the length ({@link matDim}). Functions allocate their result and
 * never mutate their arguments unless they say so. Intended for n up to a few thousand at most;
 * everything here is O(n²) memory and O(n³) time or less.
 *
 * Basis order is little-endian as everywhere in QEC Lab: bit k of a basis index belongs to the k-th
 * qubit. Hence {@link matKron}(A, B) acts with B on the low bits and A on the high bits.
 */

/** Dimension n of an n × n interleaved matrix. @throws ValidationError when the length is not 2·n². */
export function matDim(a: Float64Array): number {
  const n = Math.round(Math.sqrt(a.length / 2));
  if (2 * n * n !== a.length)
    throw new ValidationError(
      `matrix length ${a.length} is not 2·n² for an integer n (interleaved complex)`,
      {
        length: a.length,
      },
    );
  return n;
}

/** The n × n identity. */
export function matIdentity(n: number): Float64Array {
  const m = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) m[2 * (i * n + i)] = 1;
  return m;
}

/**
 * A matrix from rows of entries, each a real number or a {@link Complex}.
 * @throws ValidationError when the rows do not form a square.
 */
export function matFromRows(rows: readonly (readonly (number | Complex)[])[]): Float64Array {
  const n = rows.length;
  const m = new Float64Array(2 * n * n);
  for (let r = 0; r < n; r++) {
    if (rows[r].length !== n)
      throw new ValidationError(`matFromRows: row ${r} has ${rows[r].length} entries, expected ${n}`);
    for (let c = 0; c < n; c++) {
      const v = rows[r][c];
      if (typeof v === 'number') m[2 * (r * n + c)] = v;
      else {
        m[2 * (r * n + c)] = v.re;
        m[2 * (r * n + c) + 1] = v.im;
      }
    }
  }
  return m;
}

/** The product a·b of two n × n matrices. O(n³). */
export function matMul(a: Float64Array, b: Float64Array): Float64Array {
  const n = matDim(a);
  if (b.length !== a.length) throw new ValidationError(`matMul: dimensions differ (${n} vs ${matDim(b)})`);
  const out = new Float64Array(2 * n * n);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < n; k++) {
      const ar = a[2 * (r * n + k)];
      const ai = a[2 * (r * n + k) + 1];
      if (ar === 0 && ai === 0) continue;
      const bo = 2 * k * n;
      const oo = 2 * r * n;
      for (let c = 0; c < n; c++) {
        const br = b[bo + 2 * c];
        const bi = b[bo + 2 * c + 1];
        out[oo + 2 * c] += ar * br - ai * bi;
        out[oo + 2 * c + 1] += ar * bi + ai * br;
      }
    }
  }
  return out;
}

/** The product of several n × n matrices, left to right: `matMulAll([A, B, C]) = A·B·C`. */
export function matMulAll(ms: readonly Float64Array[]): Float64Array {
  if (ms.length === 0) throw new ValidationError('matMulAll: needs at least one matrix');
  let acc = ms[0];
  for (let i = 1; i < ms.length; i++) acc = matMul(acc, ms[i]);
  return acc === ms[0] ? Float64Array.from(acc) : acc;
}

/** Matrix-vector product a·v for an n × n matrix and an interleaved vector of n entries. O(n²). */
export function matApply(a: Float64Array, v: Float64Array): Float64Array {
  const n = matDim(a);
  if (v.length !== 2 * n)
    throw new ValidationError(`matApply: vector has ${v.length / 2} entries, expected ${n}`);
  const out = new Float64Array(2 * n);
  for (let r = 0; r < n; r++) {
    let sr = 0;
    let si = 0;
    for (let c = 0; c < n; c++) {
      const ar = a[2 * (r * n + c)];
      const ai = a[2 * (r * n + c) + 1];
      sr += ar * v[2 * c] - ai * v[2 * c + 1];
      si += ar * v[2 * c + 1] + ai * v[2 * c];
    }
    out[2 * r] = sr;
    out[2 * r + 1] = si;
  }
  return out;
}

/** The conjugate transpose a†. */
export function matAdjoint(a: Float64Array): Float64Array {
  const n = matDim(a);
  const out = new Float64Array(a.length);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      out[2 * (c * n + r)] = a[2 * (r * n + c)];
      out[2 * (c * n + r) + 1] = -a[2 * (r * n + c) + 1];
    }
  return out;
}

/** The entry-wise complex conjugate ā (not transposed). */
export function matConj(a: Float64Array): Float64Array {
  const out = Float64Array.from(a);
  for (let k = 1; k < out.length; k += 2) out[k] = -out[k];
  return out;
}

/** a + b. */
export function matAdd(a: Float64Array, b: Float64Array): Float64Array {
  if (a.length !== b.length) throw new ValidationError('matAdd: dimensions differ');
  const out = new Float64Array(a.length);
  for (let k = 0; k < a.length; k++) out[k] = a[k] + b[k];
  return out;
}

/** z·a for a complex (or real) scalar z. */
export function matScale(a: Float64Array, z: Complex | number): Float64Array {
  const zr = typeof z === 'number' ? z : z.re;
  const zi = typeof z === 'number' ? 0 : z.im;
  const out = new Float64Array(a.length);
  for (let k = 0; k < a.length; k += 2) {
    out[k] = zr * a[k] - zi * a[k + 1];
    out[k + 1] = zr * a[k + 1] + zi * a[k];
  }
  return out;
}

/**
 * Kronecker product a ⊗ b, dimension na·nb. Entry ((ra·nb + rb), (ca·nb + cb)) = a[ra,ca]·b[rb,cb];
 * in little-endian qubit order b acts on the low qubits and a on the high ones.
 */
export function matKron(a: Float64Array, b: Float64Array): Float64Array {
  const na = matDim(a);
  const nb = matDim(b);
  const n = na * nb;
  const out = new Float64Array(2 * n * n);
  for (let ra = 0; ra < na; ra++)
    for (let ca = 0; ca < na; ca++) {
      const xr = a[2 * (ra * na + ca)];
      const xi = a[2 * (ra * na + ca) + 1];
      if (xr === 0 && xi === 0) continue;
      for (let rb = 0; rb < nb; rb++)
        for (let cb = 0; cb < nb; cb++) {
          const yr = b[2 * (rb * nb + cb)];
          const yi = b[2 * (rb * nb + cb) + 1];
          const k = 2 * ((ra * nb + rb) * n + ca * nb + cb);
          out[k] = xr * yr - xi * yi;
          out[k + 1] = xr * yi + xi * yr;
        }
    }
  return out;
}

/** Trace Σ a[i,i]. */
export function matTrace(a: Float64Array): Complex {
  const n = matDim(a);
  let re = 0;
  let im = 0;
  for (let i = 0; i < n; i++) {
    re += a[2 * (i * n + i)];
    im += a[2 * (i * n + i) + 1];
  }
  return { re, im };
}

/** Largest entry-wise modulus |a[r,c] − b[r,c]| (∞ when the dimensions differ). */
export function matMaxDiff(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let k = 0; k < a.length; k += 2) m = Math.max(m, Math.hypot(a[k] - b[k], a[k + 1] - b[k + 1]));
  return m;
}

/** True when every entry of a and b differs by at most `tol` in modulus (default 1e-9). */
export function matApproxEqual(a: Float64Array, b: Float64Array, tol = 1e-9): boolean {
  return matMaxDiff(a, b) <= tol;
}

/**
 * True when a = e^{iφ}·b for some global phase φ, up to `tol` per entry. The phase is taken from
 * the largest entry of b.
 */
export function matApproxEqualUpToPhase(a: Float64Array, b: Float64Array, tol = 1e-9): boolean {
  if (a.length !== b.length) return false;
  let best = -1;
  let bestMag = 0;
  for (let k = 0; k < b.length; k += 2) {
    const m = b[k] * b[k] + b[k + 1] * b[k + 1];
    if (m > bestMag) {
      bestMag = m;
      best = k;
    }
  }
  if (best < 0) return matMaxDiff(a, b) <= tol;
  // phase = a[best] / b[best], normalised to modulus 1.
  const pr = (a[best] * b[best] + a[best + 1] * b[best + 1]) / bestMag;
  const pi = (a[best + 1] * b[best] - a[best] * b[best + 1]) / bestMag;
  const mod = Math.hypot(pr, pi);
  if (mod === 0) return false;
  return matApproxEqual(a, matScale(b, { re: pr / mod, im: pi / mod }), tol);
}

/** True when a†a = I within `tol` per entry. */
export function matIsUnitary(a: Float64Array, tol = 1e-9): boolean {
  return matApproxEqual(matMul(matAdjoint(a), a), matIdentity(matDim(a)), tol);
}

/** True when a = a† within `tol` per entry. */
export function matIsHermitian(a: Float64Array, tol = 1e-9): boolean {
  return matApproxEqual(a, matAdjoint(a), tol);
}

/**
 * Eigenvalues of a Hermitian n × n matrix, ascending, by the cyclic complex Jacobi method
 * (Jacobi 1846; Golub & Van Loan, "Matrix Computations", §8.5; the complex case first removes the
 * phase of the pivot a[p,q] = r·e^{iφ} with a diagonal unitary, then applies the real rotation).
 * Each rotation is a two-sided 2 × 2 unitary update of rows/columns p and q, O(n); a sweep visits all
 * n(n−1)/2 pivots; convergence is quadratic, typically 6–10 sweeps to machine precision. Only the
 * Hermitian part is used (the input is not checked). Works on a copy; `a` is not mutated.
 * O(n³) per sweep, so meant for n up to ~1000.
 * @throws ValidationError when the iteration does not converge in `maxSweeps` (default 100) sweeps.
 */
export function hermitianEigenvalues(a: Float64Array, maxSweeps = 100): Float64Array {
  const n = matDim(a);
  const m = Float64Array.from(a);
  // Symmetrise: use (a + a†)/2 so tiny rounding asymmetries in the input do not matter.
  for (let r = 0; r < n; r++) {
    m[2 * (r * n + r) + 1] = 0;
    for (let c = r + 1; c < n; c++) {
      const re = (m[2 * (r * n + c)] + m[2 * (c * n + r)]) / 2;
      const im = (m[2 * (r * n + c) + 1] - m[2 * (c * n + r) + 1]) / 2;
      m[2 * (r * n + c)] = re;
      m[2 * (r * n + c) + 1] = im;
      m[2 * (c * n + r)] = re;
      m[2 * (c * n + r) + 1] = -im;
    }
  }
  let scale = 0;
  for (let k = 0; k < m.length; k++) scale = Math.max(scale, Math.abs(m[k]));
  const eps = 1e-15 * Math.max(scale, Number.MIN_VALUE);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++)
        off = Math.max(off, Math.hypot(m[2 * (p * n + q)], m[2 * (p * n + q) + 1]));
    if (off <= eps) return sortedDiagonal(m, n);
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const apqr = m[2 * (p * n + q)];
        const apqi = m[2 * (p * n + q) + 1];
        const r = Math.hypot(apqr, apqi);
        if (r <= eps * 1e-3) continue;
        const app = m[2 * (p * n + p)];
        const aqq = m[2 * (q * n + q)];
        // Real Jacobi rotation for the phase-free pivot r (Numerical Recipes convention A' = Rᵀ A R,
        // R_pp = R_qq = c, R_pq = s, R_qp = −s), zeroing the (p, q) entry.
        const theta = (aqq - app) / (2 * r);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // U = D·R with D = diag(1, e^{-iφ}) on (p, q): U_pp = c, U_pq = s, U_qp = −s·e^{-iφ},
        // U_qq = c·e^{-iφ}, where e^{iφ} = a_pq / r. Then A' = U† A U.
        const er = apqr / r;
        const ei = -apqi / r; // e^{-iφ}
        const uqpR = -s * er;
        const uqpI = -s * ei;
        const uqqR = c * er;
        const uqqI = c * ei;
        // Columns: A ← A·U (only columns p and q change).
        for (let k = 0; k < n; k++) {
          const ip = 2 * (k * n + p);
          const iq = 2 * (k * n + q);
          const xr = m[ip];
          const xi = m[ip + 1];
          const yr = m[iq];
          const yi = m[iq + 1];
          m[ip] = xr * c + (yr * uqpR - yi * uqpI);
          m[ip + 1] = xi * c + (yr * uqpI + yi * uqpR);
          m[iq] = xr * s + (yr * uqqR - yi * uqqI);
          m[iq + 1] = xi * s + (yr * uqqI + yi * uqqR);
        }
        // Rows: A ← U†·A (rows p and q change): row p ← c·row p + conj(U_qp)·row q,
        // row q ← s·row p + conj(U_qq)·row q.
        for (let k = 0; k < n; k++) {
          const ip = 2 * (p * n + k);
          const iq = 2 * (q * n + k);
          const xr = m[ip];
          const xi = m[ip + 1];
          const yr = m[iq];
          const yi = m[iq + 1];
          m[ip] = c * xr + (uqpR * yr + uqpI * yi);
          m[ip + 1] = c * xi + (uqpR * yi - uqpI * yr);
          m[iq] = s * xr + (uqqR * yr + uqqI * yi);
          m[iq + 1] = s * xi + (uqqR * yi - uqqI * yr);
        }
        m[2 * (p * n + q)] = 0;
        m[2 * (p * n + q) + 1] = 0;
        m[2 * (q * n + p)] = 0;
        m[2 * (q * n + p) + 1] = 0;
        m[2 * (p * n + p) + 1] = 0;
        m[2 * (q * n + q) + 1] = 0;
      }
  }
  throw new ValidationError(`hermitianEigenvalues: no convergence after ${maxSweeps} sweeps (n = ${n})`, {
    n,
    maxSweeps,
  });
}

function sortedDiagonal(m: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = m[2 * (i * n + i)];
  return out.sort();
}

/**
 * Von Neumann entropy −Σ λ log₂ λ (bits) of a density matrix given by its eigenvalues; eigenvalues
 * below `cutoff` (default 1e-12, rounding noise) contribute nothing.
 */
export function vonNeumannEntropyBits(eigenvalues: Float64Array, cutoff = 1e-12): number {
  let s = 0;
  for (let i = 0; i < eigenvalues.length; i++) {
    const l = eigenvalues[i];
    if (l > cutoff) s -= l * Math.log2(l);
  }
  return s > 0 ? s : 0; // eigenvalues like 1 − 1e-16 give a tiny negative sum
}
