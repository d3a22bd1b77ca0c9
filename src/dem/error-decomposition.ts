/**
 * Decomposition of an error's symptoms into graphlike parts (at most two detectors each) for the
 * error analyzer's `decomposeErrors` option, as Stim's `ErrorAnalyzer` does it: split by connected
 * components of the circuit's error structure, then by known graphlike symptoms (brute force over
 * small subsets), optionally with a remnant edge.
 */
import type { Set_ } from './error-sets.js';
import { OBS_BASE, SEP, isDet, isObs, xorSorted, compareTargets, popcount } from './error-sets.js';

/** Scratch of the decomposition search (permanent, reused). */
const SCRATCH_COUNTS: number[] = new Array<number>(16).fill(0);

export function isGraphlike(targets: Set_): boolean {
  let n = 0;
  for (const t of targets) {
    if (t === SEP) n = 0;
    else if (isDet(t) && ++n > 2) return false;
  }
  return true;
}

export function splitComponents(targets: Set_): Set_[] {
  const out: Set_[] = [];
  let start = 0;
  for (let k = 0; k <= targets.length; k++) {
    if (k === targets.length || targets[k] === SEP) {
      out.push(targets.slice(start, k));
      start = k + 1;
    }
  }
  return out;
}

export function joinComponents(parts: readonly Set_[]): Set_ {
  const out: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) out.push(SEP);
    for (const t of parts[i]) out.push(t);
  }
  return out;
}

/**
 * Local decomposition of the combined cases of one channel (Stim's
 * decompose_helper_add_error_combinations): cases with ≥ 2 detectors are expressed with the
 * channel's own single-detector cases and "irreducible" two-detector cases when possible.
 * `masks[k]` has bit i set when case k flips the i-th involved detector. Rewrites `stored`.
 */
export function decomposeCombinations(masks: readonly number[], stored: Set_[], n: number): void {
  const counts = SCRATCH_COUNTS;
  for (let k = 0; k < n; k++) counts[k] = popcount(masks[k]);
  let solved = 0;
  let singles = 0;
  for (let k = 1; k < n; k++) {
    if (counts[k] === 1) {
      singles |= masks[k];
      solved |= 1 << k;
    }
  }
  const pairs: number[] = [];
  for (let k = 1; k < n; k++) {
    if (counts[k] === 2 && (masks[k] & ~singles) !== 0) {
      pairs.push(k);
      solved |= 1 << k;
    }
  }
  for (let k = 1; k < n; k++) {
    if (counts[k] === 0 || ((solved >>> k) & 1) !== 0) continue;
    const parts: Set_[] = [];
    const goal = masks[k];
    let remnants: number;
    if ((goal & ~singles) === 0) {
      remnants = goal;
    } else {
      remnants = -1;
      for (const kp of pairs) {
        const m = masks[kp];
        if ((goal & m) === m && (goal & ~(singles | m)) === 0) {
          parts.push(stored[kp]);
          remnants = goal & ~m;
          break;
        }
      }
      if (remnants === -1) {
        search: for (let i1 = 0; i1 < pairs.length; i1++) {
          for (let i2 = i1 + 1; i2 < pairs.length; i2++) {
            let k1 = pairs[i1];
            let k2 = pairs[i2];
            const m1 = masks[k1];
            const m2 = masks[k2];
            if ((m1 & m2) === 0 && (goal & ~(singles | m1 | m2)) === 0) {
              if (compareTargets(stored[k2], stored[k1]) < 0) [k1, k2] = [k2, k1];
              parts.push(stored[k1], stored[k2]);
              remnants = goal & ~(m1 | m2);
              break search;
            }
          }
        }
      }
      if (remnants === -1) {
        parts.push(stored[k]);
        remnants = 0;
      }
    }
    for (let k2 = 0; remnants !== 0 && k2 < n; k2++) {
      if (counts[k2] === 1 && (masks[k2] & ~remnants) === 0) {
        remnants &= ~masks[k2];
        parts.push(stored[k2]);
      }
    }
    stored[k] = joinComponents(parts);
  }
}

/**
 * Stim's brute-force search: pair up the component's detectors (pairs tried before singletons, in
 * index order) so that every group is a known graphlike symptom and the observables match.
 */
export function bruteForceDecomposition(problem: Set_, known: ReadonlyMap<string, Set_>): Set_[] | undefined {
  const n = problem.length;
  const used = new Array<boolean>(n).fill(false);
  let obs = 0n;
  for (let k = 0; k < n; k++) {
    if (isObs(problem[k])) {
      used[k] = true;
      obs ^= 1n << BigInt(problem[k] - OBS_BASE);
    }
  }
  const out: Set_[] = [];
  const obsOf = (s: Set_): bigint => {
    let m = 0n;
    for (const t of s) if (isObs(t)) m ^= 1n << BigInt(t - OBS_BASE);
    return m;
  };
  const rec = (start: number, remaining: bigint): boolean => {
    while (start < n && used[start]) start++;
    if (start >= n) return remaining === 0n;
    used[start] = true;
    for (let k = start + 1; k <= n; k++) {
      let key: string;
      if (k < n) {
        if (used[k]) continue;
        used[k] = true;
        key = `${problem[start]},${problem[k]}`;
      } else {
        key = `${problem[start]}`;
      }
      const match = known.get(key);
      if (match !== undefined && rec(start + 1, remaining ^ obsOf(match))) {
        out.push(match);
        if (k < n) used[k] = false;
        used[start] = false;
        return true;
      }
      if (k < n) used[k] = false;
    }
    used[start] = false;
    return false;
  };
  if (!rec(0, obs)) return undefined;
  out.reverse();
  return out;
}

/** Stim's last resort: greedily use known pairs/singletons, leaving a remnant of ≤ 2 detectors. */
export function decomposeWithRemnant(component: Set_, known: ReadonlyMap<string, Set_>): Set_[] | undefined {
  const n = component.length;
  const done = new Array<boolean>(n).fill(false);
  let numDets = 0;
  for (let k = 0; k < n; k++) {
    if (isDet(component[k])) numDets++;
    else done[k] = true;
  }
  if (numDets <= 2) return [component];
  const parts: Set_[] = [];
  let sparse: Set_ = component;
  for (let k = 0; k < n; k++) {
    if (done[k]) continue;
    for (let k2 = k + 1; k2 < n; k2++) {
      if (done[k2]) continue;
      const p = known.get(`${component[k]},${component[k2]}`);
      if (p !== undefined) {
        done[k] = true;
        done[k2] = true;
        parts.push(p);
        sparse = xorSorted(sparse, p);
        break;
      }
    }
  }
  let missed = 0;
  for (let k = 0; k < n; k++) {
    if (!done[k]) {
      const p = known.get(`${component[k]}`);
      if (p !== undefined) {
        done[k] = true;
        parts.push(p);
        sparse = xorSorted(sparse, p);
      }
    }
    if (!done[k]) missed++;
  }
  if (missed > 2) return undefined;
  if (sparse.length > 0) parts.push(sparse);
  return parts;
}
