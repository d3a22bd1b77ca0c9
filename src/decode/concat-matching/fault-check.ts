/**
 * Exhaustive fault-tolerance check of a {@link ConcatMatchingDecoder}: decodes every single fault
 * and every pair of distinct fault mechanisms of one basis problem and classifies the failures.
 * At circuit distance d every set of at most ⌊(d − 1)/2⌋ faults is correctable, so a decoder
 * reaching the full distance at d ≥ 5 fails on none of them.
 */
import type { ConcatMatchingDecoder } from './concat-matching-decoder.js';

/** Why a pair of faults was decoded wrongly (see {@link checkFaultPairs}). */
export type PairFailureKind = 'noColour' | 'stage1' | 'weight';

/** What {@link checkFaultPairs} found. */
export interface FaultPairReport {
  /** Number of fault mechanisms (distinct errors of the basis problem). */
  readonly faults: number;
  /** Single faults decoded wrongly. */
  readonly singleFailures: number;
  /** Pairs of distinct faults checked: faults·(faults − 1)/2. */
  readonly pairs: number;
  /** Pairs decoded wrongly, by kind: */
  readonly pairFailures: Readonly<Record<PairFailureKind, number>>;
  /** The first failing pairs (fault indices), at most `keep`. */
  readonly examples: readonly (readonly [number, number])[];
}

/**
 * Decodes every single fault and every pair of faults of basis problem `b` (faults = its distinct
 * errors; a set's detection events are the XOR of its members', its observables likewise) and
 * counts the wrong predictions. A failing pair is classified:
 * - `noColour`: no colour's monochromatic model represents both faults;
 * - `stage1`: in every colour that represents both, the decoder's stage-2 weight is above the two
 *   faults' own stage-2 weight, which stage 2 (an exact MWPM) would have reached had stage 1
 *   returned the faults' restricted edges: stage 1's restricted matching chose other edges;
 * - `weight`: some colour reached at most the faults' weight, yet the chosen prediction is wrong
 *   (what a minimum-weight decoder could also do, with unequal weights or ties).
 * O(faults² × one decode); allocates per decode (uses `decodeShotDetailed`).
 */
export function checkFaultPairs(dec: ConcatMatchingDecoder, b = 0, keep = 10): FaultPairReport {
  const pb = dec.problems[b];
  const E = pb.errors.length;
  const words = new Uint32Array((dec.numDetectors + 31) >>> 5);
  const flip = (e: number): void => {
    for (const l of pb.errors[e].dets) {
      const k = pb.detectors[l];
      words[k >>> 5] ^= 1 << (k & 31);
    }
  };
  const obsMask = (obs: readonly number[], into: Set<number>): void => {
    for (const o of obs) if (!into.delete(o)) into.add(o);
  };
  /** Decodes the faults' events (already in `words`): null when right, else the basis result. */
  const wrong = (
    faults: readonly number[],
  ): ReturnType<ConcatMatchingDecoder['decodeShotDetailed']>[number] | null => {
    const r = dec.decodeShotDetailed(words)[b];
    const truth = new Set<number>();
    for (const e of faults) obsMask(pb.errors[e].obs, truth);
    const got = new Set(r.observables);
    return got.size === truth.size && [...got].every((o) => truth.has(o)) ? null : r;
  };
  // The stage-2 weight log((1 − p)/p) of the stage-2 error representing fault e in colour c.
  const w2 = (c: number, e: number): number => {
    const p = pb.stages[c].stage2.errors[pb.stages[c].stage2Of[e]].probability;
    return Math.log((1 - p) / p);
  };
  let singleFailures = 0;
  for (let i = 0; i < E; i++) {
    words.fill(0);
    flip(i);
    if (wrong([i]) !== null) singleFailures++;
  }
  const pairFailures: Record<PairFailureKind, number> = { noColour: 0, stage1: 0, weight: 0 };
  const examples: [number, number][] = [];
  for (let i = 0; i < E; i++)
    for (let j = i + 1; j < E; j++) {
      words.fill(0);
      flip(i);
      flip(j);
      const r = wrong([i, j]);
      if (r === null) continue;
      if (examples.length < keep) examples.push([i, j]);
      let kind: PairFailureKind = 'noColour';
      for (let c = 0; c < 3 && kind !== 'weight'; c++) {
        const si = pb.stages[c].stage2Of[i];
        const sj = pb.stages[c].stage2Of[j];
        if (si < 0 || sj < 0) continue;
        const own = si === sj ? 0 : w2(c, i) + w2(c, j);
        kind = r.weights[c] <= own + 1e-9 ? 'weight' : 'stage1';
      }
      pairFailures[kind]++;
    }
  return { faults: E, singleFailures, pairs: (E * (E - 1)) / 2, pairFailures, examples };
}
