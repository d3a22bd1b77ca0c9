/**
 * The DEM split behind the concatenated matching decoder (Lee, Li & Bartlett, "Color code decoder
 * with improved scaling for correcting circuit-level noise", arXiv:2404.07482): per basis and per
 * colour c, the *restricted* model (stage 1: the detectors of the two other colours) and the
 * *monochromatic* model (stage 2: the detectors of colour c plus one virtual detector per stage-1
 * edge).
 *
 * Detector annotation (Chromobius's convention, Gidney & Jones 2023, arXiv:2312.08813): the 4th
 * detector coordinate is 0/1/2 for an X-basis red/green/blue detector, 3/4/5 for a Z-basis one, −1
 * for a detector to ignore.
 */
import { UnsupportedError } from '../../base/errors.js';
import type { FlatDem, FlatError } from '../../dem/dem.js';
import { xorProbability } from '../decoder-support.js';

/** One distinct error mechanism seen by one basis: its local detectors, observables, probability. */
export interface BasisError {
  /** Local detector ids (indices into {@link BasisProblem.detectors}), ascending. */
  readonly dets: readonly number[];
  /** Observable ids (global) of the observables this basis decodes, ascending. */
  readonly obs: readonly number[];
  /** Probability (mechanisms with the same detectors and observables XOR-combined). */
  readonly p: number;
}

/** The two matching problems of one colour c of one basis. */
export interface ColourStages {
  /** The colour c (0 red, 1 green, 2 blue) whose detectors stage 2 matches. */
  readonly colour: number;
  /**
   * Stage 1, the restricted model: local detector ids, one error per *key* (a distinct set of one
   * or two detectors of the other colours that some edge-like error flips), no observables.
   */
  readonly stage1: FlatDem;
  /** Nodes of key k: keyA[k] and keyB[k] (−1 for a one-detector key). */
  readonly keyA: Int32Array;
  readonly keyB: Int32Array;
  /**
   * Stage 2, the monochromatic model: detectors are the local ids (only colour c ones occur) and
   * then one virtual detector per key (id = local count + key). Each edge-like error flips its
   * colour-c detectors and its key's virtual detector; errors with equal detectors are merged.
   */
  readonly stage2: FlatDem;
  /** For each stage-2 error, the most likely basis error it stands for (index into `errors`). */
  readonly stage2Rep: Int32Array;
  /**
   * For each basis error, the stage-2 error that represents it (alone or merged with others of the
   * same stage-2 detectors), or −1 if it is left out for this colour (see {@link splitColour}).
   */
  readonly stage2Of: Int32Array;
  /** Basis errors left out for this colour (the −1s of `stage2Of`). */
  readonly dropped: number;
}

/** The decoding problem of one basis: its detectors, colours, observables, errors and stages. */
export interface BasisProblem {
  readonly basis: 'X' | 'Z';
  /** Global detector id of each local detector, ascending. */
  readonly detectors: Int32Array;
  /** Colour (0, 1, 2) of each local detector. */
  readonly colour: Uint8Array;
  /** Observables (global ids) decoded with this basis' detectors. */
  readonly observables: readonly number[];
  readonly errors: readonly BasisError[];
  /** Indexed by colour. */
  readonly stages: readonly ColourStages[];
}

/** The annotation of detector k: [basis 0 = X / 1 = Z, colour] or null (ignored). @throws UnsupportedError */
function annotation(dem: FlatDem, k: number, who: string): readonly [number, number] | null {
  const v = dem.detectorCoords[k]?.[3];
  if (v === -1) return null;
  if (v === undefined || !Number.isInteger(v) || v < 0 || v > 5)
    throw new UnsupportedError(
      `${who}: detector D${k} has ${v === undefined ? 'no 4th coordinate' : `4th coordinate ${v}`}; ` +
        'the colour-code decoder needs it to be 0/1/2 (X-basis red/green/blue), 3/4/5 (Z-basis) or -1 (ignore), as Chromobius',
      { detector: k },
    );
  return [v < 3 ? 0 : 1, v % 3];
}

/**
 * Which basis decodes each observable: the basis whose detectors see every error that flips it
 * (no such error escapes them; errors no annotated detector sees are ignored). Z is preferred when
 * both do; −1 when no detected error flips it.
 * @throws UnsupportedError when each basis misses some error flipping the observable.
 */
function observableBasis(dem: FlatDem, basisOf: Int8Array, who: string): Int8Array {
  const escapes = [new Uint8Array(dem.numObservables), new Uint8Array(dem.numObservables)];
  const flipped = new Uint8Array(dem.numObservables);
  for (const e of dem.errors) {
    if (e.probability === 0 || e.observables.length === 0) continue;
    let seen = 0;
    for (const d of e.detectors) if (basisOf[d] >= 0) seen |= 1 << basisOf[d];
    // An error no detector sees is undetectable whatever the basis: it decides nothing here.
    if (seen === 0) continue;
    for (const o of e.observables) {
      flipped[o] = 1;
      for (let b = 0; b < 2; b++) if ((seen & (1 << b)) === 0) escapes[b][o] = 1;
    }
  }
  const out = new Int8Array(dem.numObservables).fill(-1);
  for (let o = 0; o < dem.numObservables; o++) {
    if (flipped[o] === 0) continue;
    if (escapes[1][o] === 0) out[o] = 1;
    else if (escapes[0][o] === 0) out[o] = 0;
    else
      throw new UnsupportedError(
        `${who}: observable L${o} is flipped by an error no X-basis detector sees and by one no Z-basis detector sees; this decoder decodes each basis on its own`,
        { observable: o },
      );
  }
  return out;
}

const flatError = (probability: number, detectors: number[], observables: readonly number[]): FlatError => ({
  probability,
  detectors,
  observables,
  components: [{ detectors, observables }],
});

/**
 * The ways to cut the other-colour detectors N (3 or 4 of them, ascending) of an error without
 * colour-c detectors into two stage-1 keys (one or two detectors each), as key strings.
 */
function twoKeyCuts(N: readonly number[]): [string, string][] {
  const [a, b, c, d] = N;
  if (N.length === 3)
    return [
      [`${a}`, `${b},${c}`],
      [`${b}`, `${a},${c}`],
      [`${c}`, `${a},${b}`],
    ];
  return [
    [`${a},${b}`, `${c},${d}`],
    [`${a},${c}`, `${b},${d}`],
    [`${a},${d}`, `${b},${c}`],
  ];
}

/**
 * Stage 1 and stage 2 of colour c for a basis with n local detectors (Lee et al., section on
 * circuit-level noise). Stage 2's nodes are the colour-c detectors and one virtual node per
 * stage-1 key; an error is used when its image there is an edge (at most two nodes):
 * - *edge-like* for c, the paper's rule — with other-colour detectors N, at most two of them (one
 *   key) and at most one detector of colour c; without, at most two of colour c;
 * - *two-key* for c, our generalisation — no detector of colour c and N (3 or 4 detectors) cut
 *   into two keys that edge-like errors already define: the error joins their two virtual nodes,
 *   at its own weight, and in stage 1 it is decomposed into those two keys (as a decomposed
 *   hyperedge is in matching). Of the cuts, the one whose keys are most likely is taken. Without
 *   it, the superdense circuit's Z-ancilla faults (a timelike pair of one colour and two
 *   detectors of another) would be used by no colour, so one of them plus one other fault would
 *   cost three edges and some pairs of faults would be decoded wrongly at d = 5.
 * Other errors are dropped. Stage-1 keys merge the errors with the same key (XOR-combined
 * probability); stage-2 errors with the same detectors are merged likewise and keep the
 * observables of their most likely member.
 */
export function splitColour(
  n: number,
  colour: Uint8Array,
  errors: readonly BasisError[],
  c: number,
  numObservables: number,
): ColourStages {
  const keyOf = new Map<string, number>();
  const keyA: number[] = [];
  const keyB: number[] = [];
  const keyP: number[] = [];
  const s2Of = new Map<string, number>();
  const s2Dets: number[][] = [];
  const s2P: number[] = [];
  const s2Rep: number[] = [];
  const key = (N: readonly number[]): number => {
    const kk = N.join(',');
    let k = keyOf.get(kk);
    if (k === undefined) {
      k = keyA.length;
      keyOf.set(kk, k);
      keyA.push(N[0]);
      keyB.push(N.length === 2 ? N[1] : -1);
      keyP.push(0);
    }
    return k;
  };
  const stage2Of = new Int32Array(errors.length).fill(-1);
  const addStage2 = (dets: number[], i: number): void => {
    const sk = dets.join(',');
    const j = s2Of.get(sk);
    stage2Of[i] = j ?? s2Dets.length;
    if (j === undefined) {
      s2Of.set(sk, s2Dets.length);
      s2Dets.push(dets);
      s2P.push(errors[i].p);
      s2Rep.push(i);
    } else {
      if (errors[i].p > errors[s2Rep[j]].p) s2Rep[j] = i;
      s2P[j] = xorProbability(s2P[j], errors[i].p);
    }
  };
  const twoKey: number[] = [];
  errors.forEach((e, i) => {
    const C: number[] = [];
    const N: number[] = [];
    for (const d of e.dets) (colour[d] === c ? C : N).push(d);
    if (N.length > 0 ? N.length > 2 || C.length > 1 : C.length > 2) {
      if (C.length === 0 && N.length <= 4) twoKey.push(i);
      return;
    }
    const dets = [...C];
    if (N.length > 0) {
      const k = key(N);
      keyP[k] = xorProbability(keyP[k], e.p);
      dets.push(n + k);
    }
    addStage2(dets, i);
  });
  // Two-key errors, against the keys of the edge-like ones only (so their order does not matter).
  const edgeKeyP = [...keyP];
  for (const i of twoKey) {
    let best: [number, number] | null = null;
    let bestP = 0;
    for (const [u, v] of twoKeyCuts(errors[i].dets)) {
      const ku = keyOf.get(u);
      const kv = keyOf.get(v);
      if (ku === undefined || kv === undefined) continue;
      const p = edgeKeyP[ku] * edgeKeyP[kv];
      if (p > bestP) {
        bestP = p;
        best = [ku, kv];
      }
    }
    if (best === null) continue;
    for (const k of best) keyP[k] = xorProbability(keyP[k], errors[i].p);
    addStage2([n + Math.min(best[0], best[1]), n + Math.max(best[0], best[1])], i);
  }
  const stage1: FlatDem = {
    numDetectors: n,
    numObservables: 0,
    detectorCoords: [],
    errors: keyA.map((a, k) => flatError(keyP[k], keyB[k] < 0 ? [a] : [a, keyB[k]], [])),
  };
  const stage2: FlatDem = {
    numDetectors: n + keyA.length,
    numObservables,
    detectorCoords: [],
    errors: s2Dets.map((dets, j) => flatError(s2P[j], dets, errors[s2Rep[j]].obs)),
  };
  return {
    colour: c,
    stage1,
    keyA: Int32Array.from(keyA),
    keyB: Int32Array.from(keyB),
    stage2,
    stage2Rep: Int32Array.from(s2Rep),
    stage2Of,
    dropped: stage2Of.reduce((m, j) => m + (j < 0 ? 1 : 0), 0),
  };
}

/**
 * Splits an annotated DEM into its basis problems (only the bases that decode some observable).
 * Each DEM error is seen by a basis through that basis' detectors and observables; equal ones are
 * merged (XOR-combined probability); errors no detector of the basis sees are left out. O(errors ×
 * their size) with string keys. Does not keep `dem`.
 * @throws UnsupportedError for a detector without a valid annotation or an observable that neither
 *   basis sees alone.
 */
export function splitByBasisAndColour(dem: FlatDem, who: string): BasisProblem[] {
  const basisOf = new Int8Array(dem.numDetectors).fill(-1);
  const colourOf = new Uint8Array(dem.numDetectors);
  for (let k = 0; k < dem.numDetectors; k++) {
    const a = annotation(dem, k, who);
    if (a !== null) [basisOf[k], colourOf[k]] = a;
  }
  const obsBasis = observableBasis(dem, basisOf, who);
  const out: BasisProblem[] = [];
  for (const b of [1, 0]) {
    const observables: number[] = [];
    obsBasis.forEach((x, o) => {
      if (x === b) observables.push(o);
    });
    if (observables.length === 0) continue;
    const local = new Int32Array(dem.numDetectors).fill(-1);
    const detectors: number[] = [];
    for (let k = 0; k < dem.numDetectors; k++) if (basisOf[k] === b) local[k] = detectors.push(k) - 1;
    const colour = Uint8Array.from(detectors, (k) => colourOf[k]);
    const index = new Map<string, number>();
    const errors: { dets: number[]; obs: number[]; p: number }[] = [];
    for (const e of dem.errors) {
      if (e.probability === 0) continue;
      const dets = e.detectors.filter((d) => local[d] >= 0).map((d) => local[d]);
      if (dets.length === 0) continue;
      const obs = e.observables.filter((o) => obsBasis[o] === b);
      const key = `${dets.join(',')}|${obs.join(',')}`;
      const i = index.get(key);
      if (i === undefined) {
        index.set(key, errors.length);
        errors.push({ dets, obs, p: e.probability });
      } else errors[i].p = xorProbability(errors[i].p, e.probability);
    }
    const n = detectors.length;
    out.push({
      basis: b === 1 ? 'Z' : 'X',
      detectors: Int32Array.from(detectors),
      colour,
      observables,
      errors,
      stages: [0, 1, 2].map((c) => splitColour(n, colour, errors, c, dem.numObservables)),
    });
  }
  return out;
}
