/**
 * The error analyzer's handlers for Pauli noise channels: each becomes independent mechanisms
 * flipping the current sensitivity of its targets (Stim's add_error_combinations for channels
 * with several cases; disjoint channels only under approximateDisjointErrors).
 */
import { UnsupportedError, ValidationError } from '../base/errors.js';
import type { Instruction } from '../circuit/circuit.js';
import { describeInstruction } from '../circuit/circuit.js';
import { isCombiner, pauliXBit, pauliZBit, targetValue } from '../circuit/target.js';
import type { Set_ } from './error-sets.js';
import {
  EMPTY,
  depolarize1ToIndependent,
  depolarize2ToIndependent,
  disjointToIndependentXyz,
  isDet,
  targetName,
  xorSorted,
} from './error-sets.js';
import { decomposeCombinations } from './error-decomposition.js';
import type { AnalyzerState } from './analyzer-state.js';

const SCRATCH_STORED: Set_[] = new Array<Set_>(16).fill(EMPTY);
const SCRATCH_MASKS: number[] = new Array<number>(16).fill(0);
const SCRATCH_INVOLVED: number[] = [];

/** Pauli noise channels: their error mechanisms are added with the current sensitivity of the targets. False when `name` is not of this family. */
export function undoNoise(an: AnalyzerState, inst: Instruction, name: string): boolean {
  const tr = an.tracker;
  const t = inst.targets;
  const args = inst.args;
  switch (name) {
    case 'X_ERROR':
      if (an.accumulate) for (const x of t) an.addError(args[0], tr.zs[targetValue(x)], inst.tag);
      return true;
    case 'Z_ERROR':
      if (an.accumulate) for (const x of t) an.addError(args[0], tr.xs[targetValue(x)], inst.tag);
      return true;
    case 'Y_ERROR':
      if (an.accumulate)
        for (const x of t) {
          const q = targetValue(x);
          an.addError(args[0], xorSorted(tr.xs[q], tr.zs[q]), inst.tag);
        }
      return true;
    case 'DEPOLARIZE1': {
      if (args[0] > 0.75)
        throw new ValidationError(
          `cannot analyze over-mixing ${describeInstruction(inst)} (probability > 3/4)`,
        );
      if (!an.accumulate) return true;
      const p = depolarize1ToIndependent(args[0]);
      const probs = [0, p, p, p];
      for (const x of t) {
        const q = targetValue(x);
        addCombinations(an, probs, [tr.xs[q], tr.zs[q]], false, inst.tag);
      }
      return true;
    }
    case 'DEPOLARIZE2': {
      if (args[0] > 15 / 16)
        throw new ValidationError(
          `cannot analyze over-mixing ${describeInstruction(inst)} (probability > 15/16)`,
        );
      if (!an.accumulate) return true;
      const p = depolarize2ToIndependent(args[0]);
      // Not disjoint, so addCombinations leaves `probs` unchanged and it can be shared.
      const probs = new Array<number>(16).fill(p);
      probs[0] = 0;
      for (let i = 0; i < t.length; i += 2) {
        const a = targetValue(t[i]);
        const b = targetValue(t[i + 1]);
        addCombinations(an, probs, [tr.xs[a], tr.zs[a], tr.xs[b], tr.zs[b]], false, inst.tag);
      }
      return true;
    }
    case 'PAULI_CHANNEL_1': {
      const ind = disjointToIndependentXyz(args[0], args[1], args[2]);
      let ix = args[0];
      let iy = args[1];
      let iz = args[2];
      if (ind === undefined) requireDisjoint(an, 'PAULI_CHANNEL_1', args, true);
      else [ix, iy, iz] = ind;
      if (!an.accumulate) return true;
      for (const x of t) {
        const q = targetValue(x);
        addCombinations(an, [0, ix, iz, iy], [tr.zs[q], tr.xs[q]], ind === undefined, inst.tag);
      }
      return true;
    }
    case 'PAULI_CHANNEL_2': {
      requireDisjoint(an, 'PAULI_CHANNEL_2', args, true);
      if (!an.accumulate) return true;
      // Case index bits: (x_b, z_b, x_a, z_a); args are ordered IX, IY, IZ, XI, ... (first qubit major).
      const probs = new Array<number>(16).fill(0);
      const xz = [0, 1, 3, 2]; // pauli 0..3 = I, X, Y, Z → (x | z << 1)
      for (let k = 0; k < 15; k++) probs[xz[(k + 1) & 3] | (xz[((k + 1) >> 2) & 3] << 2)] = args[k];
      for (let i = 0; i < t.length; i += 2) {
        const a = targetValue(t[i]);
        const b = targetValue(t[i + 1]);
        addCombinations(an, probs.slice(), [tr.zs[b], tr.xs[b], tr.zs[a], tr.xs[a]], true, inst.tag);
      }
      return true;
    }
    case 'HERALDED_ERASE':
    case 'HERALDED_PAULI_CHANNEL_1': {
      let probs: number[];
      if (name === 'HERALDED_ERASE') {
        requireDisjoint(an, name, args, false);
        const p = args[0] / 4;
        probs = [Math.max(0, 1 - 4 * p), 0, 0, 0, p, p, p, p];
      } else {
        requireDisjoint(an, name, args, true);
        const [hi, hx, hy, hz] = args;
        probs = [Math.max(0, 1 - hi - hx - hy - hz), 0, 0, 0, hi, hz, hx, hy];
      }
      for (let i = t.length - 1; i >= 0; i--) {
        const q = targetValue(t[i]);
        const herald = tr.popMeasurement();
        if (an.accumulate) addCombinations(an, probs.slice(), [tr.xs[q], tr.zs[q], herald], true, inst.tag);
      }
      return true;
    }
    default:
      return false;
  }
}

function requireDisjoint(
  an: AnalyzerState,
  name: string,
  probs: readonly number[],
  allowSingle: boolean,
): void {
  if (allowSingle) {
    let n = 0;
    for (const p of probs) if (p > 0) n++;
    if (n <= 1) return;
  }
  if (an.disjointThreshold === 0)
    throw new UnsupportedError(
      `${name} has disjoint cases with no exact independent-error decomposition; pass approximateDisjointErrors (CLI: --approximate-disjoint-errors) to treat its probabilities as independent`,
      { gate: name },
    );
  for (const p of probs)
    if (p > an.disjointThreshold)
      throw new UnsupportedError(
        `${name} has a probability argument (${p}) larger than the approximateDisjointErrors threshold (${an.disjointThreshold})`,
      );
}

/** Stim's add_error_combinations: all 2^s − 1 products of s basis symptoms, optionally decomposed. */
function addCombinations(
  an: AnalyzerState,
  probs: number[],
  basis: readonly Set_[],
  disjoint: boolean,
  tag: string,
): void {
  const s = basis.length;
  const n = 1 << s;
  // Scratch reused across calls (this runs once per channel target): only references are kept.
  const stored = SCRATCH_STORED;
  const masks = SCRATCH_MASKS;
  const involved = SCRATCH_INVOLVED;
  involved.length = 0;
  for (let k = 0; k < n; k++) {
    stored[k] = EMPTY;
    masks[k] = 0;
  }
  for (let k = 0; k < s; k++) {
    stored[1 << k] = basis[k];
    if (an.decompose) {
      for (const id of basis[k]) {
        if (!isDet(id)) continue;
        let r = involved.indexOf(id);
        if (r < 0) {
          if (involved.length >= 30)
            throw new UnsupportedError(
              `an error case of a composite channel flips more than 30 detectors (${basis.map((b) => b.map(targetName).join(' ')).join(' | ')}); cannot decompose it`,
            );
          r = involved.length;
          involved.push(id);
        }
        masks[1 << k] ^= 1 << r;
      }
    }
  }
  for (let k = 3; k < n; k++) {
    const c1 = k & (k - 1);
    const c2 = k ^ c1;
    if (c1 !== 0) {
      stored[k] = xorSorted(stored[c1], stored[c2]);
      masks[k] = masks[c1] ^ masks[c2];
    }
  }
  if (an.decompose) decomposeCombinations(masks, stored, n);
  if (disjoint) {
    // Cases whose symptoms differ by an empty symptom are indistinguishable: merge their (disjoint) probabilities.
    for (let k = 1; k < n; k++) {
      if (stored[k].length !== 0) continue;
      for (let dst = 0; dst < n; dst++) {
        const src = dst ^ k;
        if (src > dst) {
          probs[dst] += probs[src];
          probs[src] = 0;
        }
      }
    }
  }
  for (let k = 1; k < n; k++) if (probs[k] !== 0) an.addError(probs[k], stored[k], tag);
}

function compositeError(an: AnalyzerState, p: number, targets: readonly number[], tag: string): void {
  const tr = an.tracker;
  let acc: Set_ = EMPTY;
  for (const t of targets) {
    if (isCombiner(t)) continue;
    const q = targetValue(t);
    if (pauliZBit(t)) acc = xorSorted(acc, tr.xs[q]);
    if (pauliXBit(t)) acc = xorSorted(acc, tr.zs[q]);
  }
  an.addError(p, acc, tag);
}

export function correlatedBlock(an: AnalyzerState, block: Instruction[]): void {
  // `block` is in backward order: the ELSE_CORRELATED_ERRORs (last first), then the E that starts the chain.
  if (!an.accumulate) return;
  if (block.length === 1) {
    compositeError(an, block[0].args[0], block[0].targets, block[0].tag);
    return;
  }
  requireDisjoint(an, 'ELSE_CORRELATED_ERROR', [], false);
  let remaining = 1;
  for (let k = block.length - 1; k >= 0; k--) {
    const inst = block[k];
    const actual = inst.args[0] * remaining;
    remaining *= 1 - inst.args[0];
    if (actual > an.disjointThreshold)
      throw new UnsupportedError(
        `CORRELATED_ERROR/ELSE_CORRELATED_ERROR chain has a case probability ${actual} above the approximateDisjointErrors threshold ${an.disjointThreshold}`,
      );
    compositeError(an, actual, inst.targets, inst.tag);
  }
}
