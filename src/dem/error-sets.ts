/**
 * Sorted sets of encoded error targets, the currency of the error analyzer (`error-analyzer.ts`):
 * detectors as their ids, observable k as OBS_BASE + k, the decomposition separator `^` as SEP;
 * plus the conversions of depolarizing and Pauli channels to independent per-Pauli probabilities.
 * Pure functions; sets are never mutated (operations return new arrays or the shared EMPTY).
 */
/** Encoded observable k: OBS_BASE + k (sorts after every detector id). */
export const OBS_BASE = 2 ** 29;
/** Encoded `^` separator between decomposition components (sorts after everything). */
export const SEP = 2 ** 30 - 1;
// All encoded targets stay below 2^30 so they are small integers (Smis) for V8: the sets are then
// packed-integer arrays and typed-array indexing stays on the fast path.
export const EMPTY: readonly number[] = Object.freeze([]);

export type Set_ = readonly number[];

export const isDet = (t: number): boolean => t < OBS_BASE;
export const isObs = (t: number): boolean => t >= OBS_BASE && t < SEP;

/** Symmetric difference of two sorted sets. O(|a| + |b|). */
export function xorSorted(a: Set_, b: Set_): Set_ {
  const na = a.length;
  const nb = b.length;
  if (nb === 0) return a;
  if (na === 0) return b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < na && j < nb) {
    const x = a[i];
    const y = b[j];
    if (x < y) {
      out.push(x);
      i++;
    } else if (y < x) {
      out.push(y);
      j++;
    } else {
      i++;
      j++;
    }
  }
  while (i < na) out.push(a[i++]);
  while (j < nb) out.push(b[j++]);
  return out.length === 0 ? EMPTY : out;
}

export function toggleSorted(a: Set_, v: number): Set_ {
  return xorSorted(a, [v]);
}

export function setsEqual(a: Set_, b: Set_): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lexicographic order of target sequences (shorter prefix first), as Stim orders its error map. */
export function compareTargets(a: Set_, b: Set_): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length;
}

export function shiftedEquals(a: Set_, b: Set_, dt: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if ((isDet(x) ? x + dt : x) !== b[i]) return false;
  }
  return true;
}

export function shiftSet(a: Set_, dt: number): Set_ {
  if (a.length === 0 || dt === 0) return a;
  return a.map((x) => (isDet(x) ? x + dt : x));
}

export function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function targetName(t: number): string {
  if (t === SEP) return '^';
  return isDet(t) ? `D${t}` : `L${t - OBS_BASE}`;
}

/** Independent-channel probability equivalent to DEPOLARIZE1(p): each of X, Y, Z with q. */
export function depolarize1ToIndependent(p: number): number {
  return 0.5 - 0.5 * Math.sqrt(1 - (4 * p) / 3);
}

/** Independent-channel probability equivalent to DEPOLARIZE2(p): each of the 15 Paulis with q. */
export function depolarize2ToIndependent(p: number): number {
  return 0.5 - 0.5 * Math.pow(1 - (16 * p) / 15, 0.125);
}

/**
 * Converts disjoint X/Y/Z probabilities (PAULI_CHANNEL_1) into independent X, Y, Z mechanisms
 * with the same distribution: exactly (closed form) when possible, else by Newton iteration.
 * Returns `undefined` when no independent decomposition was found.
 */
export function disjointToIndependentXyz(
  x: number,
  y: number,
  z: number,
): [number, number, number] | undefined {
  const i = Math.max(0, 1 - x - y - z);
  // Relabel so that the identity is the most likely outcome (multiplying by a Pauli permutes cases).
  if (i < x) {
    const r = disjointToIndependentXyz(i, z, y);
    return r === undefined ? undefined : [1 - r[0], r[1], r[2]];
  }
  if (i < y) {
    const r = disjointToIndependentXyz(z, i, x);
    return r === undefined ? undefined : [r[0], 1 - r[1], r[2]];
  }
  if (i < z) {
    const r = disjointToIndependentXyz(y, x, i);
    return r === undefined ? undefined : [r[0], r[1], 1 - r[2]];
  }
  // With independent X, Y, Z mechanisms a, b, c, the net Pauli anticommutes with Z iff an odd number
  // of the X, Y mechanisms fired: (1 - (1-2a)(1-2b))/2 = x + y, i.e. (1-2a)(1-2b) = 1 - 2x - 2y = s_xy².
  // Likewise (1-2a)(1-2c) = s_xz², (1-2b)(1-2c) = s_yz², so 1-2a = s_xy·s_xz/s_yz, etc.
  if (x + z < 0.5 && x + y < 0.5 && y + z < 0.5) {
    const sxz = Math.sqrt(1 - 2 * x - 2 * z);
    const sxy = Math.sqrt(1 - 2 * x - 2 * y);
    const syz = Math.sqrt(1 - 2 * y - 2 * z);
    const a = 0.5 - (0.5 * sxz * sxy) / syz;
    const b = 0.5 - (0.5 * sxy * syz) / sxz;
    const c = 0.5 - (0.5 * sxz * syz) / sxy;
    if (a >= 0 && b >= 0 && c >= 0) return [a, b, c];
  }
  let a = x;
  let b = y;
  let c = z;
  for (let step = 0; step < 50; step++) {
    const x2 = a * (1 - b) * (1 - c) + (1 - a) * b * c;
    const y2 = b * (1 - a) * (1 - c) + (1 - b) * a * c;
    const z2 = c * (1 - a) * (1 - b) + (1 - c) * a * b;
    const dx = x2 - x;
    const dy = y2 - y;
    const dz = z2 - z;
    if (Math.abs(dx) + Math.abs(dy) + Math.abs(dz) < 1e-14) return [a, b, c];
    a = Math.max(0, a - dx / ((1 - b) * (1 - c) - b * c));
    b = Math.max(0, b - dy / ((1 - a) * (1 - c) - a * c));
    c = Math.max(0, c - dz / ((1 - a) * (1 - b) - a * b));
  }
  return undefined;
}
