/**
 * The decoder conformance suite: data-driven cases every decoder's test runs (the shared-suite
 * pattern of Hono's `common.case.test.ts`). This file is core code: it imports no test framework;
 * a test iterates {@link CONFORMANCE_CASES} and calls {@link checkDecoderCase} inside `it`.
 *
 * A case is a tiny DEM (built directly as a {@link FlatDem}), a batch of shots (detection events)
 * and, for each shot where every sensible decoder agrees (the most likely explanation is unique
 * by a wide probability margin), the expected observable flips. Shots without `expected` only
 * check that the output is well-formed. Cases a decoder cannot support name it in `mustThrow`
 * with the error class its `compile` must throw (hyperedges for graphlike decoders, sizes above
 * the lookup decoder's limits).
 *
 * Checks made for every decoder and case: compile succeeds (or throws the declared class);
 * `numDetectors`/`numObservables` echo the DEM; the predictions table, prefilled with ones, is
 * fully overwritten (bits beyond `numObservables` in each row's padded stride are zero); expected
 * shots match; each shot decoded alone gives the same row as in the batch (no state leaks
 * between shots); decoding the batch twice gives the same result.
 */
import { LimitError, QecError, UnsupportedError, ValidationError } from '../base/errors.js';
import type { DemSymptom, FlatDem, FlatError } from '../dem/dem.js';
import { parseDem } from '../dem/dem-parser.js';
import { flattenDem } from '../dem/flatten.js';
import { BitTable } from '../mem/bit-table.js';
import type { CompiledDecoder, Decoder } from './decoder.js';

/** One shot of a case: its detection events and, when unambiguous, the expected flips. */
export interface ConformanceShot {
  /** Detector ids that fired. */
  readonly detectors: readonly number[];
  /** Expected predicted observable ids (ascending); `undefined` when decoders may disagree. */
  readonly expected?: readonly number[];
}

/** Error classes a decoder may be required to throw at compile time. */
export type ConformanceRejection = 'UnsupportedError' | 'LimitError';

/** One conformance case. */
export interface ConformanceCase {
  readonly name: string;
  readonly description: string;
  readonly dem: FlatDem;
  readonly shots: readonly ConformanceShot[];
  /** Decoder name → the class its `compile` must throw for this DEM. */
  readonly mustThrow?: Readonly<Record<string, ConformanceRejection>>;
  /**
   * The shots include syndromes no error combination can produce. A decoder may then either
   * return well-formed predictions or throw a ValidationError from `decodeBatch` (as PyMatching
   * does); it must not hang or throw anything else.
   */
  readonly impossibleSyndromes?: boolean;
}

/** A component: detectors and observables it flips. */
type Comp = readonly [readonly number[], readonly number[]];

/** An edge of a matching graph for {@link minPairingWeight}: `b` < 0 is the boundary. */
export interface PairingEdge {
  readonly a: number;
  readonly b: number;
  readonly w: number;
}

/**
 * Minimum total weight of pairing `events` with each other or with the boundary along shortest
 * paths, by brute force: Floyd-Warshall over `edges` (the boundary as node `numDetectors`, the
 * lightest of parallel edges kept), then a DP over subsets of the events. Infinity when no pairing
 * exists. The truth the matching decoders' tests check their weights against.
 */
export function minPairingWeight(
  numDetectors: number,
  edges: Iterable<PairingEdge>,
  events: readonly number[],
): number {
  const n = numDetectors;
  const N = n + 1;
  const d = new Float64Array(N * N).fill(Infinity);
  for (let i = 0; i < N; i++) d[i * N + i] = 0;
  for (const e of edges) {
    const b = e.b < 0 ? n : e.b;
    if (e.w < d[e.a * N + b]) d[e.a * N + b] = d[b * N + e.a] = e.w;
  }
  for (let k = 0; k < N; k++)
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++)
        if (d[i * N + k] + d[k * N + j] < d[i * N + j]) d[i * N + j] = d[i * N + k] + d[k * N + j];
  const m = events.length;
  const best = new Float64Array(1 << m).fill(Infinity);
  best[0] = 0;
  for (let S = 1; S < 1 << m; S++) {
    const i = 31 - Math.clz32(S & -S);
    const rest = S & ~(1 << i);
    let b = d[events[i] * N + n] + best[rest];
    for (let j = i + 1; j < m; j++)
      if ((rest >> j) & 1) b = Math.min(b, d[events[i] * N + events[j]] + best[rest & ~(1 << j)]);
    best[S] = b;
  }
  return best[(1 << m) - 1];
}

/**
 * A flat error mechanism from its `^`-separated components (absolute ids). The whole symptom is
 * the XOR of the components, as `flattenDem` computes it.
 */
export function flatError(p: number, ...components: Comp[]): FlatError {
  const xor = (lists: readonly (readonly number[])[]): number[] => {
    const s = new Set<number>();
    for (const l of lists)
      for (const x of l)
        if (s.has(x)) s.delete(x);
        else s.add(x);
    return [...s].sort((a, b) => a - b);
  };
  const comps: DemSymptom[] = components.map(([d, o]) => ({ detectors: [...d], observables: [...o] }));
  return {
    probability: p,
    detectors: xor(components.map((c) => c[0])),
    observables: xor(components.map((c) => c[1])),
    components: comps,
  };
}

/** A FlatDem from its sizes and errors (no coordinates). */
export function makeFlatDem(
  numDetectors: number,
  numObservables: number,
  errors: readonly FlatError[],
): FlatDem {
  return {
    numDetectors,
    numObservables,
    errors,
    detectorCoords: new Array<undefined>(numDetectors).fill(undefined),
  };
}

/**
 * Code-capacity repetition code of `n` data bits (n − 1 detectors D_i = x_i ⊕ x_{i+1}, L0 = x_0),
 * every bit flipped independently with probability p. Error mechanism i is the flip of bit i.
 */
export function repetitionCodeCapacityDem(n: number, p: number): FlatDem {
  const errs: FlatError[] = [flatError(p, [[0], [0]])];
  for (let i = 1; i < n - 1; i++) errs.push(flatError(p, [[i - 1, i], []]));
  errs.push(flatError(p, [[n - 2], []]));
  return makeFlatDem(n - 1, 1, errs);
}

/**
 * Code-capacity DEM of the distance-d rotated surface code (d odd >= 3) with independent X, Y, Z
 * errors of probabilities px, py, pz on each of the d × d data qubits (row r, column c).
 *
 * Stabilisers are plaquettes at corners (i, j), 0 <= i, j <= d, covering the data qubits
 * (i−1..i, j−1..j) inside the grid: bulk plaquettes are Z-type when i + j is even, X-type when
 * odd; weight-2 Z-type plaquettes sit on the top and bottom edges (i = 0 or d, i + j even) and
 * X-type ones on the left and right edges (j = 0 or d, i + j odd).
 *
 * Detectors: the (d² − 1)/2 Z-type checks (which detect X and Y errors) in row-major order of
 * their corners; then, when py or pz is positive, the X-type checks. Observables: L0 = the
 * Z-logical on column 0 (flipped by X/Y errors with c = 0); when py or pz is positive also
 * L1 = the X-logical on row 0 (flipped by Z/Y errors with r = 0). Mechanisms with probability 0
 * are omitted; Y errors are hyperedges (up to 4 detectors) unless the noise is X-only.
 */
export function surfaceCodeCapacityDem(d: number, px: number, py = 0, pz = 0): FlatDem {
  const withZ = py > 0 || pz > 0;
  const zChecks: [number, number][] = [];
  const xChecks: [number, number][] = [];
  for (let i = 0; i <= d; i++)
    for (let j = 0; j <= d; j++) {
      const even = (i + j) % 2 === 0;
      const bulk = i > 0 && i < d && j > 0 && j < d;
      if (bulk) (even ? zChecks : xChecks).push([i, j]);
      else if ((i === 0 || i === d) && j > 0 && j < d && even) zChecks.push([i, j]);
      else if ((j === 0 || j === d) && i > 0 && i < d && !even) xChecks.push([i, j]);
    }
  const covers = ([i, j]: [number, number], r: number, c: number): boolean =>
    (r === i - 1 || r === i) && (c === j - 1 || c === j);
  const nz = zChecks.length;
  const numDetectors = withZ ? nz + xChecks.length : nz;
  const errs: FlatError[] = [];
  for (let r = 0; r < d; r++)
    for (let c = 0; c < d; c++) {
      const zd = zChecks.flatMap((q, k) => (covers(q, r, c) ? [k] : []));
      const xd = xChecks.flatMap((q, k) => (covers(q, r, c) ? [nz + k] : []));
      const lx = c === 0 ? [0] : [];
      const lz = r === 0 ? [1] : [];
      if (px > 0) errs.push(flatError(px, [zd, lx]));
      if (py > 0)
        errs.push(
          flatError(py, [
            [...zd, ...xd],
            [...lx, ...lz],
          ]),
        );
      if (pz > 0) errs.push(flatError(pz, [xd, lz]));
    }
  return makeFlatDem(numDetectors, withZ ? 2 : 1, errs);
}

/** Syndrome and logical flip of a set of flipped data bits of {@link repetitionCodeCapacityDem}. */
function repetitionShot(n: number, flipped: readonly number[]): ConformanceShot {
  const det = new Set<number>();
  const toggle = (d: number): void => {
    if (det.has(d)) det.delete(d);
    else det.add(d);
  };
  for (const b of flipped) {
    if (b > 0) toggle(b - 1);
    if (b < n - 1) toggle(b);
  }
  return {
    detectors: [...det].sort((a, b) => a - b),
    expected: flipped.includes(0) ? [0] : [],
  };
}

function rep5Shots(): ConformanceShot[] {
  const shots: ConformanceShot[] = [repetitionShot(5, [])];
  for (let a = 0; a < 5; a++) {
    shots.push(repetitionShot(5, [a]));
    for (let b = a + 1; b < 5; b++) shots.push(repetitionShot(5, [a, b]));
  }
  return shots;
}

const GRAPHLIKE_ONLY_REJECT: Readonly<Record<string, ConformanceRejection>> = {
  mwpm: 'UnsupportedError',
  'mwpm-local': 'UnsupportedError',
  'mwpm-correlated': 'UnsupportedError',
  unionfind: 'UnsupportedError',
};

/** The conformance cases. Frozen data; see the file comment for what is checked. */
export const CONFORMANCE_CASES: readonly ConformanceCase[] = Object.freeze([
  {
    name: 'rep3-basic',
    description: 'distance-3 repetition code: empty syndrome → no flip; each single error → its observable',
    dem: repetitionCodeCapacityDem(3, 0.1),
    shots: [
      { detectors: [], expected: [] },
      { detectors: [0], expected: [0] },
      { detectors: [1], expected: [] },
      { detectors: [0, 1], expected: [] },
    ],
  },
  {
    name: 'zero-rows',
    description: 'a batch of 0 shots',
    dem: repetitionCodeCapacityDem(3, 0.1),
    shots: [],
  },
  {
    name: 'one-row',
    description: 'a batch of 1 shot',
    dem: repetitionCodeCapacityDem(3, 0.1),
    shots: [{ detectors: [0], expected: [0] }],
  },
  {
    name: 'rep5-up-to-two-errors',
    description: 'distance-5 repetition code: every set of at most 2 flipped bits is corrected',
    dem: repetitionCodeCapacityDem(5, 0.05),
    shots: rep5Shots(),
  },
  {
    name: 'rep5-batch-33',
    description: '33 mixed shots (crosses a 32-row boundary) of the distance-5 repetition code',
    dem: repetitionCodeCapacityDem(5, 0.05),
    shots: Array.from({ length: 33 }, (_, i) => rep5Shots()[(i * 7) % 16]),
  },
  {
    name: 'no-observables',
    description: 'a DEM with 0 observables: predictions have 0 columns',
    dem: makeFlatDem(3, 0, [
      flatError(0.1, [[0], []]),
      flatError(0.1, [[0, 1], []]),
      flatError(0.1, [[1, 2], []]),
      flatError(0.1, [[2], []]),
    ]),
    shots: [
      { detectors: [], expected: [] },
      { detectors: [0], expected: [] },
      { detectors: [0, 2], expected: [] },
      { detectors: [0, 1, 2], expected: [] },
    ],
  },
  {
    name: 'several-observables',
    description: '3 observables; single errors flip different observable sets',
    dem: makeFlatDem(3, 3, [
      flatError(0.1, [[0], [0]]),
      flatError(0.1, [[1], [1, 2]]),
      flatError(0.1, [[2], []]),
      flatError(0.001, [[0, 1], [2]]),
      flatError(0.001, [[1, 2], [0]]),
    ]),
    shots: [
      { detectors: [], expected: [] },
      { detectors: [0], expected: [0] },
      { detectors: [1], expected: [1, 2] },
      { detectors: [2], expected: [] },
      { detectors: [0, 1], expected: [0, 1, 2] },
      { detectors: [0, 1, 2], expected: [0, 1, 2] },
    ],
  },
  {
    name: 'wide-observables',
    description: '35 observables (two words per prediction row); single errors flip L0, L33, L1+L34',
    dem: makeFlatDem(4, 35, [
      flatError(0.1, [[0], [0]]),
      flatError(0.1, [[1], [33]]),
      flatError(0.1, [[2], [1, 34]]),
      flatError(0.1, [[3], []]),
      flatError(0.001, [[0, 1], [2]]),
    ]),
    shots: [
      { detectors: [], expected: [] },
      { detectors: [0], expected: [0] },
      { detectors: [1], expected: [33] },
      { detectors: [2], expected: [1, 34] },
      { detectors: [3], expected: [] },
      { detectors: [0, 1], expected: [0, 33] },
      { detectors: [1, 2, 3], expected: [1, 33, 34] },
    ],
    mustThrow: { lookup: 'LimitError' },
  },
  {
    name: 'wide-detectors',
    description: 'distance-41 repetition code (40 detectors, two words per row): single errors anywhere',
    dem: repetitionCodeCapacityDem(41, 0.01),
    shots: [
      repetitionShot(41, []),
      repetitionShot(41, [0]),
      repetitionShot(41, [17]),
      repetitionShot(41, [32]),
      repetitionShot(41, [33]),
      repetitionShot(41, [40]),
      repetitionShot(41, [0, 31, 32]),
    ],
    mustThrow: { lookup: 'LimitError' },
  },
  {
    name: 'hyperedge',
    description: 'an error flipping 3 detectors (no decomposition): graphlike decoders must reject it',
    dem: makeFlatDem(3, 1, [
      flatError(0.1, [[0, 1, 2], [0]]),
      flatError(0.02, [[0], []]),
      flatError(0.02, [[1], []]),
      flatError(0.02, [[2], []]),
    ]),
    shots: [
      { detectors: [], expected: [] },
      { detectors: [0, 1, 2], expected: [0] },
      { detectors: [1], expected: [] },
    ],
    mustThrow: GRAPHLIKE_ONLY_REJECT,
  },
  {
    name: 'decomposed',
    description: 'an error D0 L0 ^ D1 (decomposed into two graphlike components) plus rare boundary errors',
    dem: makeFlatDem(2, 1, [
      flatError(0.1, [[0], [0]], [[1], []]),
      flatError(0.001, [[0], []]),
      flatError(0.001, [[1], []]),
    ]),
    shots: [
      { detectors: [], expected: [] },
      { detectors: [0, 1], expected: [0] },
      { detectors: [0] },
      { detectors: [1] },
    ],
  },
  {
    name: 'undetectable-and-duplicates',
    description: 'an undetectable logical error, and the same mechanism listed twice',
    dem: makeFlatDem(2, 1, [
      flatError(0.1, [[], [0]]),
      flatError(0.05, [[0], [0]]),
      flatError(0.05, [[0], [0]]),
      flatError(0.05, [[0, 1], []]),
      flatError(0.05, [[1], []]),
    ]),
    shots: [
      { detectors: [], expected: [] },
      { detectors: [0], expected: [0] },
      { detectors: [1], expected: [] },
    ],
  },
  {
    name: 'impossible-syndromes',
    description:
      'detector D2 is flipped by no mechanism; a DEM with no errors at all: output well-formed, no hang',
    dem: makeFlatDem(3, 1, [flatError(0.1, [[0], [0]]), flatError(0.1, [[0, 1], []])]),
    shots: [
      { detectors: [] },
      { detectors: [2] },
      { detectors: [0, 2] },
      { detectors: [1] },
      { detectors: [0, 1, 2] },
    ],
    impossibleSyndromes: true,
  },
  {
    name: 'text-repeat-shift',
    description:
      'a DEM written as text with a repeat block and shift_detectors (flattened): distance-5 repetition code',
    dem: flattenDem(
      parseDem(
        'error(0.1) D0 L0\nrepeat 3 {\n  error(0.1) D0 D1\n  shift_detectors 1\n}\nerror(0.1) D0\n',
        'conformance:text-repeat-shift',
      ),
    ),
    shots: [
      { detectors: [], expected: [] },
      { detectors: [0], expected: [0] },
      { detectors: [3], expected: [] },
      { detectors: [1, 2], expected: [] },
      { detectors: [0, 3], expected: [0] },
    ],
  },
  {
    name: 'text-decomposed-hyperedge',
    description:
      'text DEM: error(0.1) D0 D1 ^ D2 L0 (a hyperedge with a graphlike decomposition) plus rare errors; every decoder must support it',
    dem: flattenDem(
      parseDem(
        'error(0.1) D0 D1 ^ D2 L0\nerror(0.01) D0\nerror(0.01) D1\nerror(0.01) D2\nerror(0.01) D0 D1\n',
        'conformance:text-decomposed-hyperedge',
      ),
    ),
    shots: [
      { detectors: [], expected: [] },
      { detectors: [0, 1, 2], expected: [0] },
      { detectors: [0, 1], expected: [] },
    ],
  },
  {
    name: 'no-errors',
    description: 'a DEM with detectors and an observable but no error mechanisms',
    dem: makeFlatDem(2, 1, []),
    shots: [{ detectors: [], expected: [] }, { detectors: [0] }, { detectors: [0, 1] }],
    impossibleSyndromes: true,
  },
  {
    name: 'no-errors-empty-syndromes',
    description: 'a DEM with no error mechanisms: the empty syndrome predicts no flip',
    dem: makeFlatDem(2, 1, []),
    shots: [
      { detectors: [], expected: [] },
      { detectors: [], expected: [] },
    ],
  },
]);

/** Thrown by {@link checkDecoderCase}: which decoder, which case, which shot, what differed. */
export class ConformanceError extends QecError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, { code: 'CONFORMANCE', details });
    this.name = 'ConformanceError';
  }
}

function idsOfRow(t: BitTable, row: number, numCols: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < numCols; c++) if (t.get(row, c)) out.push(c);
  return out;
}

/**
 * Runs one case against a decoder family (compiled with default options, or `options`).
 * @throws ConformanceError describing the first violation (decoder, case, shot, expected, got).
 */
export function checkDecoderCase(
  decoder: Decoder,
  c: ConformanceCase,
  options?: Record<string, unknown>,
): void {
  const where = `decoder '${decoder.name}', case '${c.name}'`;
  const rejection = c.mustThrow?.[decoder.name];
  if (rejection !== undefined) {
    let thrown: unknown;
    try {
      decoder.compile(c.dem, options);
    } catch (e) {
      thrown = e;
    }
    const ok =
      rejection === 'UnsupportedError' ? thrown instanceof UnsupportedError : thrown instanceof LimitError;
    if (!ok)
      throw new ConformanceError(
        `${where}: compile must throw ${rejection}, but ${thrown === undefined ? 'it returned normally' : `it threw ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : JSON.stringify(thrown)}`}`,
      );
    return;
  }
  const { numDetectors, numObservables } = c.dem;
  const compiled = decoder.compile(c.dem, options);
  if (compiled.numDetectors !== numDetectors || compiled.numObservables !== numObservables)
    throw new ConformanceError(
      `${where}: compiled decoder reports ${compiled.numDetectors} detectors / ${compiled.numObservables} observables, DEM has ${numDetectors} / ${numObservables}`,
    );
  const n = c.shots.length;
  const dets = new BitTable(n, numDetectors);
  c.shots.forEach((s, i) => {
    for (const d of s.detectors) dets.set(i, d, true);
  });
  const decode = (events: BitTable): BitTable => {
    const pred = new BitTable(events.numRows, numObservables);
    pred.data.fill(0xffffffff);
    compiled.decodeBatch(events, pred);
    return pred;
  };
  let pred: BitTable;
  try {
    pred = decode(dets);
  } catch (e) {
    if (c.impossibleSyndromes === true && e instanceof ValidationError) return;
    throw e;
  }
  for (let i = 0; i < n; i++) {
    const shot = c.shots[i];
    const what = `${where}, shot ${i} (detectors [${shot.detectors.join(', ')}])`;
    for (let w = 0; w < pred.stride; w++) {
      let word = pred.data[i * pred.stride + w];
      const lo = w * 32;
      if (lo + 32 <= numObservables) continue;
      if (lo < numObservables) word = (word >>> (numObservables - lo)) << (numObservables - lo);
      if (word !== 0)
        throw new ConformanceError(
          `${what}: predictions row not fully overwritten: word ${w} has bits set beyond observable ${numObservables - 1} (0x${(word >>> 0).toString(16)})`,
        );
    }
    const got = idsOfRow(pred, i, numObservables);
    if (shot.expected !== undefined && got.join(',') !== shot.expected.join(','))
      throw new ConformanceError(
        `${what}: expected observables [${shot.expected.join(', ')}], got [${got.join(', ')}]`,
        {
          expected: shot.expected,
          got,
        },
      );
    const single = new BitTable(1, numDetectors);
    for (const d of shot.detectors) single.set(0, d, true);
    const alone = idsOfRow(decode(single), 0, numObservables);
    if (alone.join(',') !== got.join(','))
      throw new ConformanceError(
        `${what}: decoded alone gives [${alone.join(', ')}] but in the batch [${got.join(', ')}] (state leaks between shots?)`,
      );
  }
  const again = decode(dets);
  if (!again.equals(pred))
    throw new ConformanceError(`${where}: decoding the same batch twice gave different predictions`);
}

/**
 * The predictions of a compiled decoder for every syndrome of a DEM with at most 20 detectors
 * and 32 observables: `out[s]` is the observable mask predicted for syndrome mask s. Decodes one
 * batch of 2^numDetectors rows. With the lookup decoder's `exactLogicalErrorRate` this gives a
 * decoder's exact logical error rate, with no sampling noise.
 * @throws ValidationError when the DEM is too large for full enumeration.
 */
export function predictAllSyndromes(decoder: CompiledDecoder): Uint32Array {
  const D = decoder.numDetectors;
  if (D > 20 || decoder.numObservables > 32)
    throw new ValidationError(
      `predictAllSyndromes: ${D} detectors / ${decoder.numObservables} observables; at most 20 / 32 are enumerable`,
    );
  const S = 2 ** D;
  const events = new BitTable(S, D);
  for (let s = 0; s < S; s++) if (events.stride > 0) events.data[s * events.stride] = s;
  const pred = new BitTable(S, decoder.numObservables);
  decoder.decodeBatch(events, pred);
  const out = new Uint32Array(S);
  if (pred.stride > 0) for (let s = 0; s < S; s++) out[s] = pred.data[s * pred.stride];
  return out;
}
