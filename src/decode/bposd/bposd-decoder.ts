/**
 * Belief propagation + ordered-statistics decoder (`bposd`) for any DEM, hyperedges included.
 *
 * The check matrix H has one row per detector and one column per error mechanism (identical
 * mechanisms merged, see {@link demColumns}); a mechanism's `^` components are XORed, so the
 * DEM need not be decomposed. The decoder looks for a likely error e with H e = syndrome and
 * predicts the XOR of the observables of e's columns.
 *
 * 1. Min-sum belief propagation (flooding schedule) from the priors log((1−p)/p), with
 *    check-to-variable messages scaled by `scaling` (0 = adaptive 1 − 2^−iteration), for at most
 *    `maxIterations` iterations, stopping as soon as the hard decision satisfies the syndrome.
 * 2. If BP does not converge: ordered-statistics decoding (Fossorier & Lin 1995; for quantum
 *    codes Panteleev & Kalachev, "Degenerate quantum LDPC codes with good finite length
 *    performance", Quantum 5, 585 (2021), and Roffe, White, Burton & Campbell, "Decoding across
 *    the quantum low-density parity-check code landscape", PRR 2, 043423 (2020)). Columns are
 *    sorted by BP's posterior log-likelihood ratio, most likely flipped first; Gaussian
 *    elimination of [H | s] with columns in that order picks the first rank(H) independent
 *    columns S (the information set). OSD-0 solves H_S e_S = s with every other bit 0.
 *    OSD-CS (combination sweep, Roffe et al.) then also tries, for the remaining columns T in
 *    reliability order, every single flipped bit of T and every pair among the first `osdOrder`
 *    bits of T, solving for e_S each time, and keeps the candidate of least weight
 *    Σ log((1−p)/p) over its flipped columns (the prior log-likelihood of the error).
 *
 * OSD always satisfies the syndrome when it is in the column space of H. When it is not (an
 * impossible syndrome), the BP hard decision of the last iteration is used.
 *
 * Costs per shot: BP O(iterations × nnz(H)); OSD, for the elimination
 * (by the Method of Four Russians, src/math/gf2-m4ri.ts: O(rank × (2^k + rows)/k × cols/32) with
 * k ≈ log2(rows) − log2(log2(rows))) plus, for the sweep, one pass over the set bits of the reduced matrix (all weight-1 costs at
 * once) and O(osdOrder² × rank) for the pairs. Memory: all scratch (messages, the dense
 * rows × (cols + 1) bit matrix) is allocated at compile time; decodeBatch allocates nothing.
 * BP's check pass runs in a WebAssembly kernel (src/wasm/bp-kernels.wat) where available, with
 * the same floating-point operations in the same order as the TypeScript path, so both decode
 * every shot identically (tested).
 */
import { ValidationError } from '../../base/errors.js';
import type { FlatDem } from '../../dem/dem.js';
import type { BitTable } from '../../mem/bit-table.js';
import { Gf2Matrix, gf2Rank } from '../../math/gf2.js';
import { gf2RowReduceM4riInto, m4riBlockSize, m4riTableWords } from '../../math/gf2-m4ri.js';
import { instantiateBpKernels, type BpKernels } from '../../wasm/bp-kernels.js';
import type { CompiledDecoder, Decoder } from '../decoder.js';
import {
  buildErrorColumns,
  checkBatchShapes,
  checkFlatDem,
  resolveDecoderOptions,
  type DecoderOptionSpec,
  type ErrorColumns,
} from '../decoder-support.js';

/** Magnitude cap of log-likelihood ratios (keeps messages finite, e.g. from degree-1 checks). */
export const BPOSD_LLR_CAP = 1000;

/** OSD variants: none (BP only), OSD-0, OSD-CS. */
export type OsdMethod = 'none' | 'osd0' | 'osd_cs';

/** Options of the BP-OSD decoder. */
export const BPOSD_OPTIONS: readonly DecoderOptionSpec[] = [
  {
    name: 'maxIterations',
    kind: 'integer',
    // On Stim's d=5 circuit-level DEM (3000 shots) 5, 10 and 30 iterations gave 31, 38 and 35
    // logical errors (equal within noise) at 0.51, 0.54 and 1.06 ms/shot: shots BP has not
    // solved after a few iterations rarely converge later, so OSD takes over sooner.
    default: 10,
    min: 1,
    max: 100000,
    description: 'maximum number of min-sum belief-propagation iterations per shot',
  },
  {
    name: 'scaling',
    kind: 'number',
    // Adaptive by default: on Stim's d=5 circuit-level DEM it converged on 79% of shots (vs 36% at
    // 0.625) for the same logical error rate, and it converged on 278 of its 291 single faults
    // of the d=3 DEM (158 at 0.625): a small fixed α cannot pull a flipped bit's posterior
    // below zero when its neighbours are a little likelier than it is.
    default: 0,
    min: 0,
    max: 1,
    description:
      'min-sum scaling factor of check-to-variable messages in (0, 1]; 0 = adaptive 1 - 2^-iteration',
  },
  {
    name: 'osdMethod',
    kind: 'choice',
    default: 'osd_cs',
    choices: ['none', 'osd0', 'osd_cs'],
    description:
      'post-processing when BP does not converge: none (BP hard decision), osd0, or osd_cs (combination sweep)',
  },
  {
    name: 'osdOrder',
    kind: 'integer',
    default: 7,
    min: 0,
    max: 1000,
    description: 'OSD-CS order λ: weight-2 flips are tried among the first λ non-information-set columns',
  },
];

/** Resolved BP-OSD parameters. */
export interface BpOsdParams {
  readonly maxIterations: number;
  readonly scaling: number;
  readonly osdMethod: OsdMethod;
  readonly osdOrder: number;
}

/** Counters accumulated over all shots decoded by one compiled decoder (for benchmarks). */
export interface BpOsdStats {
  shots: number;
  bpConverged: number;
  osdRuns: number;
  /** BP iterations run, summed over shots (a shot BP does not converge on adds maxIterations). */
  bpIterations: number;
  /** Shots whose syndrome is not in the column space of H (OSD impossible). */
  inconsistent: number;
}

/** How {@link BpOsdCompiledDecoder} runs BP's check pass (same bits either way). */
export interface BpOsdKernelOptions {
  /**
   * false: the TypeScript check pass; true (default): the WebAssembly one (src/wasm/bp-kernels.wat)
   * where WebAssembly is available and kernels are enabled, else the TypeScript one.
   */
  readonly wasm?: boolean;
}

/** The compiled BP-OSD decoder of one DEM. Holds per-shot scratch: one instance per worker. */
export class BpOsdCompiledDecoder implements CompiledDecoder {
  readonly numDetectors: number;
  readonly numObservables: number;
  /** Detectable merged mechanisms: the columns of H. */
  readonly columns: ErrorColumns;
  /** rank(H) over GF(2). */
  readonly rank: number;
  readonly params: BpOsdParams;
  readonly stats: BpOsdStats = {
    shots: 0,
    bpConverged: 0,
    osdRuns: 0,
    bpIterations: 0,
    inconsistent: 0,
  };

  // ---- permanent structure ----
  private readonly n: number;
  private readonly m: number;
  private readonly W: number;
  /** Prior LLR log((1−p)/p) of each column (capped). */
  private readonly prior: Float64Array;
  /**
   * Tanner graph in check order (CSR): check c's edges are a = checkStart[c] .. checkStart[c+1]-1,
   * edge a joins check c to column checkVar[a]; a check's edges are in ascending column order.
   */
  private readonly checkStart: Int32Array;
  private readonly checkVar: Int32Array;
  /** True when every column has p < 1/2: then the empty syndrome's best error is no error. */
  private readonly allPriorsPositive: boolean;
  /** Observables flipped by undetectable mechanisms with p > 1/2 (always predicted). */
  private readonly baseObs: Uint32Array;

  // ---- per-shot scratch ----
  private readonly synd: Uint8Array;
  /** Check-to-variable messages by check edge a (check order). */
  private readonly r: Float64Array;
  /** Variable-to-check messages of the check being processed. */
  private readonly qCheck: Float64Array;
  /** Posterior LLRs of the last BP iteration (OSD sorts by them). */
  private readonly post: Float64Array;
  /** Posteriors being accumulated by the current iteration. */
  private readonly postNext: Float64Array;
  private readonly hard: Uint8Array;
  /** BP: 1 where the hard decision does not satisfy the check (syndrome bit ≠ parity of hard). */
  private readonly unsatCheck: Uint8Array;
  private readonly order: Int32Array;
  private readonly byPosterior: (a: number, b: number) => number;
  private readonly mat: Gf2Matrix;
  private readonly pivots: Int32Array;
  private readonly isPivot: Uint8Array;
  private readonly pivotVar: Int32Array;
  private readonly solution: Uint8Array;
  /** OSD-CS: flip1[t] = the change of the cost when matrix column t is flipped (see osd). */
  private readonly flip1: Float64Array;
  /** Scratch of the OSD elimination (gf2RowReduceM4riInto): reduced words, and the 2^k-row table. */
  private readonly elimScratch: Int32Array;
  private readonly elimBlock: number;
  private readonly elimTable: Uint32Array;
  private readonly obsOut: Uint32Array;
  /**
   * The WebAssembly check pass, or undefined (TypeScript path). With it, checkStart, checkVar (a
   * copy), r, post, postNext and synd live in its memory at the byte addresses below.
   */
  private readonly kernels: BpKernels | undefined;
  private readonly checkStartPtr: number;
  private readonly checkVarPtr: number;
  private readonly rPtr: number;
  private readonly postPtr: number;
  private readonly postNextPtr: number;
  private readonly syndPtr: number;
  private lastConverged = false;
  private lastOsd = false;

  constructor(dem: FlatDem, params: BpOsdParams, kernelOptions: BpOsdKernelOptions = {}) {
    checkFlatDem(dem, 'bposd');
    this.params = params;
    this.numDetectors = dem.numDetectors;
    this.numObservables = dem.numObservables;
    const W = (dem.numObservables + 31) >>> 5;
    this.W = W;
    // Undetectable mechanisms do not enter H; those with p > 1/2 flip the prediction for good.
    this.baseObs = new Uint32Array(W);
    const detectable: { p: number; detectors: readonly number[]; observables: readonly number[] }[] = [];
    const undetectable: { p: number; detectors: readonly number[]; observables: readonly number[] }[] = [];
    for (const e of dem.errors) {
      const s = { p: e.probability, detectors: e.detectors, observables: e.observables };
      (e.detectors.length > 0 ? detectable : undetectable).push(s);
    }
    const und = buildErrorColumns(dem.numDetectors, dem.numObservables, undetectable);
    for (let j = 0; j < und.numColumns; j++)
      if (und.probability[j] > 0.5) for (let k = 0; k < W; k++) this.baseObs[k] ^= und.obsMask[j * W + k];
    const cols = buildErrorColumns(dem.numDetectors, dem.numObservables, detectable);
    this.columns = cols;
    const n = cols.numColumns;
    const m = dem.numDetectors;
    this.n = n;
    this.m = m;
    this.prior = new Float64Array(n);
    for (let v = 0; v < n; v++) {
      const p = cols.probability[v];
      const llr = Math.log((1 - p) / p);
      this.prior[v] = Math.max(-BPOSD_LLR_CAP, Math.min(BPOSD_LLR_CAP, llr));
    }
    this.allPriorsPositive = this.prior.every((x) => x > 0);
    const nnz = cols.detStart[n];
    // check CSR: filling column by column puts each check's edges in ascending column order
    const deg = new Int32Array(m + 1);
    for (let e = 0; e < nnz; e++) deg[cols.detIndex[e] + 1]++;
    for (let c = 0; c < m; c++) deg[c + 1] += deg[c];
    this.checkStart = deg.slice();
    const fill = deg.slice(0, m);
    this.checkVar = new Int32Array(nnz);
    let maxDeg = 0;
    for (let v = 0; v < n; v++)
      for (let e = cols.detStart[v]; e < cols.detStart[v + 1]; e++)
        this.checkVar[fill[cols.detIndex[e]]++] = v;
    for (let c = 0; c < m; c++) maxDeg = Math.max(maxDeg, deg[c + 1] - deg[c]);
    // rank of H
    const h = new Gf2Matrix(m, n);
    for (let v = 0; v < n; v++)
      for (let e = cols.detStart[v]; e < cols.detStart[v + 1]; e++) h.set(cols.detIndex[e], v, true);
    this.rank = gf2Rank(h);
    // scratch (BP's arrays in the kernel's memory when it runs: 8-byte aligned f64 arrays first)
    this.rPtr = 0;
    this.postPtr = this.rPtr + 8 * nnz;
    this.postNextPtr = this.postPtr + 8 * n;
    this.checkStartPtr = this.postNextPtr + 8 * n;
    this.checkVarPtr = this.checkStartPtr + 4 * (m + 1);
    this.syndPtr = this.checkVarPtr + 4 * nnz;
    this.kernels = kernelOptions.wasm === false ? undefined : instantiateBpKernels(this.syndPtr + m);
    if (this.kernels !== undefined) {
      const buf = this.kernels.memory.buffer;
      this.r = new Float64Array(buf, this.rPtr, nnz);
      this.post = new Float64Array(buf, this.postPtr, n);
      this.postNext = new Float64Array(buf, this.postNextPtr, n);
      new Int32Array(buf, this.checkStartPtr, m + 1).set(this.checkStart);
      new Int32Array(buf, this.checkVarPtr, nnz).set(this.checkVar);
      this.synd = new Uint8Array(buf, this.syndPtr, m);
    } else {
      this.r = new Float64Array(nnz);
      this.post = new Float64Array(n);
      this.postNext = new Float64Array(n);
      this.synd = new Uint8Array(m);
    }
    this.qCheck = new Float64Array(Math.max(1, maxDeg));
    this.hard = new Uint8Array(n);
    this.unsatCheck = new Uint8Array(m);
    this.order = new Int32Array(n);
    const post = this.post;
    this.byPosterior = (a: number, b: number): number => post[a] - post[b] || a - b;
    this.mat = new Gf2Matrix(m, n + 1);
    this.pivots = new Int32Array(Math.max(1, Math.min(m, n)));
    this.isPivot = new Uint8Array(n);
    this.pivotVar = new Int32Array(Math.max(1, Math.min(m, n)));
    this.solution = new Uint8Array(n);
    this.flip1 = new Float64Array(n);
    this.elimScratch = new Int32Array(m);
    this.elimBlock = m4riBlockSize(m);
    this.elimTable = new Uint32Array(m4riTableWords(this.elimBlock, this.mat.stride));
    this.obsOut = new Uint32Array(W);
  }

  /** Which check pass BP runs: the WebAssembly kernel or the TypeScript fallback (same bits). */
  get kernel(): 'wasm' | 'typescript' {
    return this.kernels !== undefined ? 'wasm' : 'typescript';
  }

  /**
   * BP's posterior log-likelihood ratios of the last decoded shot, one per column (a view of
   * scratch memory: read it before the next shot; do not write it). Zero-syndrome shots with all
   * priors positive skip BP and leave the previous values.
   */
  posteriors(): Float64Array {
    return this.post;
  }

  /** Decodes every shot (row) of `detectionEvents` into the rows of `predictions` (overwritten). */
  decodeBatch(detectionEvents: BitTable, predictions: BitTable): void {
    checkBatchShapes('bposd', this.numDetectors, this.numObservables, detectionEvents, predictions);
    const W = this.W;
    const ps = predictions.stride;
    const copy = Math.min(W, ps);
    for (let s = 0; s < detectionEvents.numRows; s++) {
      this.decodeShot(detectionEvents.data, s * detectionEvents.stride);
      const o = s * ps;
      for (let k = 0; k < copy; k++) predictions.data[o + k] = this.obsOut[k];
      for (let k = copy; k < ps; k++) predictions.data[o + k] = 0;
    }
  }

  /**
   * Decodes one shot and reports the chosen error (indices into {@link columns}), whether BP
   * converged, whether OSD ran, and the predicted observables. Allocates the result.
   */
  decodeShotDetailed(detWords: Uint32Array): {
    columns: number[];
    converged: boolean;
    osd: boolean;
    observables: number[];
  } {
    this.decodeShot(detWords, 0);
    const columns: number[] = [];
    for (let v = 0; v < this.n; v++) if (this.solution[v] === 1) columns.push(v);
    const observables: number[] = [];
    for (let o = 0; o < this.numObservables; o++)
      if (((this.obsOut[o >>> 5] >>> (o & 31)) & 1) !== 0) observables.push(o);
    return { columns, converged: this.lastConverged, osd: this.lastOsd, observables };
  }

  // ------------------------------------------------------------------------------------------

  private decodeShot(det: Uint32Array, off: number): void {
    const m = this.m;
    const n = this.n;
    const synd = this.synd;
    let weight = 0;
    for (let c = 0; c < m; c++) {
      const b = (det[off + (c >>> 5)] >>> (c & 31)) & 1;
      synd[c] = b;
      weight += b;
    }
    this.stats.shots++;
    this.lastOsd = false;
    let ok: boolean;
    if (weight === 0 && this.allPriorsPositive) {
      this.solution.fill(0);
      ok = true;
    } else ok = this.beliefPropagation();
    this.lastConverged = ok;
    if (ok) this.stats.bpConverged++;
    else if (this.params.osdMethod !== 'none') {
      this.stats.osdRuns++;
      this.lastOsd = true;
      if (!this.osd()) {
        this.stats.inconsistent++;
        for (let v = 0; v < n; v++) this.solution[v] = this.hard[v];
      }
    } else for (let v = 0; v < n; v++) this.solution[v] = this.hard[v];
    // prediction
    const W = this.W;
    const obs = this.columns.obsMask;
    for (let k = 0; k < W; k++) this.obsOut[k] = this.baseObs[k];
    for (let v = 0; v < n; v++)
      if (this.solution[v] === 1) for (let k = 0; k < W; k++) this.obsOut[k] ^= obs[v * W + k];
  }

  /**
   * Min-sum BP; returns true when the hard decision (in `solution`) satisfies the syndrome.
   *
   * Messages live in check order only: the variable-to-check message of edge a is
   * post[v] − r[a] (v = checkVar[a], post from the previous iteration), computed when check c
   * reads it, and each new check-to-variable message is added into its column's next posterior
   * right away. So an iteration streams through r once, and the only scattered accesses go to
   * the two posterior arrays (8 bytes per column), not to per-edge arrays. The arithmetic is the
   * flooding schedule's, operation for operation: a column's posterior is its prior plus its
   * messages in ascending check order, which is its DEM detector order (flattened DEMs list
   * detectors ascending). The check pass runs in WebAssembly when available (the same operations,
   * so the same bits; about 2.5× faster per iteration on bb144-depth8, docs/bposd-studies.md),
   * else in {@link minSumChecks}.
   */
  private beliefPropagation(): boolean {
    const n = this.n;
    const m = this.m;
    const prior = this.prior;
    const hard = this.hard;
    const synd = this.synd;
    const cap = BPOSD_LLR_CAP;
    const colStart = this.columns.detStart;
    const colCheck = this.columns.detIndex;
    const unsatCheck = this.unsatCheck;
    const k = this.kernels;
    let post = this.post;
    let next = this.postNext;
    let postPtr = this.postPtr;
    let nextPtr = this.postNextPtr;
    post.set(prior);
    this.r.fill(0);
    // Convergence is tracked incrementally: hard starts at 0 (every check unsatisfied iff its
    // syndrome bit is 1) and each iteration visits only the checks of the columns whose hard
    // decision flipped, instead of re-reading every edge.
    hard.fill(0);
    let unsat = 0;
    for (let c = 0; c < m; c++) {
      unsatCheck[c] = synd[c];
      unsat += synd[c];
    }
    const maxIt = this.params.maxIterations;
    let converged = false;
    for (let it = 1; it <= maxIt && !converged; it++) {
      const alpha = this.params.scaling === 0 ? 1 - 2 ** -it : this.params.scaling;
      next.set(prior);
      if (k !== undefined)
        k.min_sum_checks(
          m,
          this.checkStartPtr,
          this.checkVarPtr,
          this.rPtr,
          postPtr,
          nextPtr,
          this.syndPtr,
          alpha,
          cap,
        );
      else this.minSumChecks(post, next, alpha);
      const t = post;
      post = next;
      next = t;
      const tp = postPtr;
      postPtr = nextPtr;
      nextPtr = tp;
      for (let v = 0; v < n; v++) {
        const h = post[v] < 0 ? 1 : 0;
        if (h === hard[v]) continue;
        hard[v] = h;
        for (let e = colStart[v]; e < colStart[v + 1]; e++) {
          const c = colCheck[e];
          const u = unsatCheck[c] ^ 1;
          unsatCheck[c] = u;
          unsat += u === 1 ? 1 : -1;
        }
      }
      converged = unsat === 0;
      this.stats.bpIterations++;
    }
    if (post !== this.post) this.post.set(post);
    if (converged) for (let v = 0; v < n; v++) this.solution[v] = hard[v];
    return converged;
  }

  /**
   * One check-to-variable pass of min-sum (the TypeScript path; the WebAssembly kernel
   * `min_sum_checks` of src/wasm/bp-kernels.wat does the same operations in the same order): for
   * each check, the inputs post[v] − r[a], their sign parity with the syndrome bit and their two
   * smallest magnitudes; each new message goes into r[a] and is added into next[v].
   */
  private minSumChecks(post: Float64Array, next: Float64Array, alpha: number): void {
    const m = this.m;
    const r = this.r;
    const qc = this.qCheck;
    const synd = this.synd;
    const checkStart = this.checkStart;
    const checkVar = this.checkVar;
    const cap = BPOSD_LLR_CAP;
    for (let c = 0; c < m; c++) {
      const a0 = checkStart[c];
      const a1 = checkStart[c + 1];
      // Branch-free: min1 ≤ min2 are the two smallest |inputs|. The edge holding min1 gets
      // min2 and every other edge min1; with a tie min1 = min2, so which edge is "the" argmin
      // does not matter and |x| = min1 identifies it.
      let par = synd[c];
      let min1 = cap;
      let min2 = cap;
      for (let a = a0; a < a1; a++) {
        const x = post[checkVar[a]] - r[a];
        qc[a - a0] = x;
        const ax = Math.abs(x);
        par ^= x < 0 ? 1 : 0;
        min2 = Math.min(min2, Math.max(min1, ax));
        min1 = Math.min(min1, ax);
      }
      const mag1 = alpha * min1;
      const mag2 = alpha * min2;
      for (let a = a0; a < a1; a++) {
        const x = qc[a - a0];
        const mag = Math.abs(x) === min1 ? mag2 : mag1;
        const msg = (par ^ (x < 0 ? 1 : 0)) === 1 ? -mag : mag;
        r[a] = msg;
        next[checkVar[a]] += msg;
      }
    }
  }

  /**
   * OSD-0 / OSD-CS into `solution`. Returns false when the syndrome is not in the column space.
   * Matrix column j holds the variable order[j]; column n holds the syndrome.
   */
  private osd(): boolean {
    const n = this.n;
    const m = this.m;
    const order = this.order;
    for (let v = 0; v < n; v++) order[v] = v;
    order.sort(this.byPosterior);
    const mat = this.mat;
    const data = mat.data;
    const stride = mat.stride;
    data.fill(0);
    const cols = this.columns;
    for (let j = 0; j < n; j++) {
      const v = order[j];
      const w = j >>> 5;
      const bit = 1 << (j & 31);
      for (let e = cols.detStart[v]; e < cols.detStart[v + 1]; e++)
        data[cols.detIndex[e] * stride + w] |= bit;
    }
    const sw = n >>> 5;
    const sbit = 1 << (n & 31);
    for (let c = 0; c < m; c++) if (this.synd[c] === 1) data[c * stride + sw] |= sbit;
    const rank = gf2RowReduceM4riInto(mat, this.pivots, {
      maxCol: n,
      maxRank: this.rank,
      scratch: this.elimScratch,
      blockSize: this.elimBlock,
      table: this.elimTable,
    });
    for (let i = rank; i < m; i++) if ((data[i * stride + sw] & sbit) !== 0) return false;
    const isPivot = this.isPivot;
    isPivot.fill(0);
    const pivotVar = this.pivotVar;
    const prior = this.prior;
    let base = 0;
    for (let i = 0; i < rank; i++) {
      isPivot[this.pivots[i]] = 1;
      pivotVar[i] = order[this.pivots[i]];
      if ((data[i * stride + sw] & sbit) !== 0) base += prior[pivotVar[i]];
    }
    // best candidate: flipped non-pivot matrix columns t1, t2 (-1 = none)
    let bestT1 = -1;
    let bestT2 = -1;
    if (this.params.osdMethod === 'osd_cs') {
      let best = base;
      const lambda = this.params.osdOrder;
      // Weight-1 flips, row by row (sequential memory, only the set bits): flipping column t
      // toggles e_S on the rows i with x_it = 1, so its cost is
      //   prior(t) + base + Σ_{i: x_it = 1} (s_i ? −prior(pivot i) : +prior(pivot i)).
      // (RREF: row i is 0 left of its pivot, so its scan starts at the pivot's word.)
      const flip1 = this.flip1;
      flip1.fill(0);
      for (let i = 0; i < rank; i++) {
        const row = i * stride;
        const pr = prior[pivotVar[i]];
        const sgn = (data[row + sw] & sbit) !== 0 ? -pr : pr;
        for (let k = this.pivots[i] >>> 5; k <= sw; k++) {
          let word = data[row + k];
          if (k === sw) word &= sbit - 1; // columns < n only
          while (word !== 0) {
            const low = word & -word;
            flip1[(k << 5) | (31 - Math.clz32(low))] += sgn;
            word ^= low;
          }
        }
      }
      let seenT = 0;
      for (let t = 0; t < n; t++) {
        if (isPivot[t] === 1) continue;
        const w1 = t >>> 5;
        const b1 = 1 << (t & 31);
        const cost = prior[order[t]] + base + flip1[t];
        if (cost < best) {
          best = cost;
          bestT1 = t;
          bestT2 = -1;
        }
        // weight-2 flips among the first λ non-pivot columns
        if (seenT < lambda) {
          let seenU = 0;
          for (let u = 0; u < t && seenU < seenT; u++) {
            if (isPivot[u] === 1) continue;
            seenU++;
            const w2 = u >>> 5;
            const b2 = 1 << (u & 31);
            let c2 = prior[order[t]] + prior[order[u]];
            for (let i = 0; i < rank; i++) {
              const row = i * stride;
              const s = (data[row + sw] & sbit) !== 0;
              const x = (data[row + w1] & b1) !== 0;
              const y = (data[row + w2] & b2) !== 0;
              if (s !== (x !== y)) c2 += prior[pivotVar[i]];
            }
            if (c2 < best) {
              best = c2;
              bestT1 = t;
              bestT2 = u;
            }
          }
        }
        seenT++;
      }
    }
    const sol = this.solution;
    sol.fill(0);
    if (bestT1 >= 0) sol[order[bestT1]] = 1;
    if (bestT2 >= 0) sol[order[bestT2]] = 1;
    for (let i = 0; i < rank; i++) {
      const row = i * stride;
      let x = (data[row + sw] & sbit) !== 0;
      if (bestT1 >= 0 && (data[row + (bestT1 >>> 5)] & (1 << (bestT1 & 31))) !== 0) x = !x;
      if (bestT2 >= 0 && (data[row + (bestT2 >>> 5)] & (1 << (bestT2 & 31))) !== 0) x = !x;
      if (x) sol[pivotVar[i]] = 1;
    }
    return true;
  }
}

/** Validates and resolves BP-OSD options (see {@link BPOSD_OPTIONS}). */
export function resolveBpOsdParams(options?: Record<string, unknown>): BpOsdParams {
  const o = resolveDecoderOptions('bposd', BPOSD_OPTIONS, options);
  const method = o.osdMethod as OsdMethod;
  if (method !== 'osd_cs' && options?.osdOrder !== undefined && options.osdOrder !== 0)
    throw new ValidationError(
      `decoder 'bposd' option 'osdOrder' = ${JSON.stringify(options.osdOrder)} only applies to osdMethod 'osd_cs' (got '${method}')`,
      { option: 'osdOrder' },
    );
  return {
    maxIterations: o.maxIterations as number,
    scaling: o.scaling as number,
    osdMethod: method,
    osdOrder: o.osdOrder as number,
  };
}

/** The BP-OSD decoder family (`bposd`); options in {@link BPOSD_OPTIONS}. */
export const BPOSD_DECODER: Decoder = {
  name: 'bposd',
  compile(dem: FlatDem, options?: Record<string, unknown>): BpOsdCompiledDecoder {
    return new BpOsdCompiledDecoder(dem, resolveBpOsdParams(options));
  },
};
