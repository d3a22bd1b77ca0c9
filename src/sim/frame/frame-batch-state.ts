/**
 * The storage of a frame-sampler batch and the random processes that write into it: frames,
 * measurement record (a ring buffer), observables and detector scratch, with the per-batch
 * scratch rows; noise channels by geometric gaps or dense Bernoulli words, and measurement-result
 * flips. {@link FrameBatch} (frame-batch.ts) runs programs on it.
 */
import type { FrameOp, FrameProgram } from './frame-program.js';
import * as prog from './frame-program.js';
import { allocateFrameMemory, type FrameMemory } from './frame-memory.js';
import { WordRng } from './word-rng.js';
import type { FrameKernels } from '../../wasm/frame-kernels.js';

// Module-local copies of the bit constants (see frame-batch.ts): no getter calls in hot loops.
const PAULI_BIT_X: number = prog.PAULI_BIT_X;
const PAULI_BIT_Z: number = prog.PAULI_BIT_Z;

/** 2^32 as a double: scales a probability into a 32-bit fixed-point threshold. */
const TWO_32 = 4294967296;

/**
 * ⌊p · 2^32⌋ as a signed 32-bit integer (p < 1; the bit pattern is the unsigned threshold): the
 * dense Bernoulli rows compare uniform 32-bit lanes with it, bit by bit.
 */
export function bernoulliThreshold(p: number): number {
  return p >= 1 ? -1 : Math.floor(p * TWO_32) | 0;
}

/** Storage and noise of a batch of up to `maxWords · 32` shots (see {@link FrameBatch}). */
export class FrameBatchState {
  // ---- permanent structure ----
  readonly numQubits: number;
  /** Words per frame row (capacity): shots per batch ≤ 32 · W. */
  readonly W: number;
  /** Rows of the measurement record (ring buffer when smaller than the number of results). */
  readonly R: number;
  readonly numObservables: number;
  /** X parts of the frames: numQubits rows × W words. */
  readonly x: Uint32Array;
  /** Z parts of the frames: numQubits rows × W words. */
  readonly z: Uint32Array;
  /** Measurement-flip record: R rows × W words. */
  readonly rec: Uint32Array;
  /** Observable flips: numObservables rows × W words. */
  readonly obs: Uint32Array;
  /** Detector-major scratch table (numDetectors rows × W words) for callers to pass to {@link run}. */
  readonly det: Uint32Array;
  /** The private random stream; reseeded by the caller per sampling call. */
  readonly rng: WordRng = new WordRng();
  /** The rows' storage, and the WebAssembly kernels when they run this batch. */
  protected readonly mem: FrameMemory;

  /** Whether the WebAssembly SIMD kernels run this batch (false: the TypeScript path). */
  get usesWasmKernels(): boolean {
    return this.mem.kernels !== undefined;
  }

  // ---- per-batch scratch ----
  /** Else-chain mask of E / ELSE_CORRELATED_ERROR (one row). */
  protected readonly corr: Uint32Array;
  /** One row of random or temporary words. */
  protected readonly tmp: Uint32Array;
  /** One row accumulating a dense Bernoulli word. */
  protected readonly acc: Uint32Array;
  /** Active words of the current batch (⌈shots / 32⌉). */
  protected nw = 0;
  /** Bytes per row the kernels process (active words rounded up to whole vectors). */
  protected nb = 0;
  /** Shots in the current batch. */
  protected numShots = 0;
  /** Next record row to write. */
  protected head = 0;
  /** Detector sink: rows of `detStride` words, this batch at word `detOffset`; null = discard. */
  protected detOut: Uint32Array | null = null;
  protected detStride = 0;
  protected detOffset = 0;
  /** Index of the next DETECTOR row. */
  protected detPos = 0;
  /** Row stride (words) the transpose staging table was last written with. */
  protected stagingStride = 0;

  /**
   * @param numQubits frame rows.
   * @param maxWords words per row (shots per batch ≤ 32 · maxWords).
   * @param recordRows rows of the measurement record (≥ the largest lookback and the largest
   *   number of results of one op; the number of measurements to keep them all).
   * @param numObservables observable rows.
   * @param options `program`: the program this batch will run (lets the WebAssembly kernels
   *   take over; without it the TypeScript path runs); `numDetectors`: rows of {@link det};
   *   `outRows`: the most rows {@link FrameBatch.transposeTo} will be asked for; `wasm: false` forces the
   *   TypeScript path. Both paths give the same bits.
   */
  constructor(
    numQubits: number,
    maxWords: number,
    recordRows: number,
    numObservables: number,
    options: { program?: FrameProgram; numDetectors?: number; outRows?: number; wasm?: boolean } = {},
  ) {
    this.numQubits = numQubits;
    this.R = Math.max(1, recordRows);
    this.numObservables = numObservables;
    const mem = allocateFrameMemory({
      numQubits,
      maxWords,
      recordRows: this.R,
      numObservables,
      numDetectors: options.numDetectors ?? 0,
      outRows: options.outRows ?? 0,
      program: options.program,
      wasm: options.wasm,
    });
    this.mem = mem;
    this.W = mem.W;
    this.x = mem.x;
    this.z = mem.z;
    this.rec = mem.rec;
    this.obs = mem.obs;
    this.det = mem.det;
    this.corr = mem.corr;
    this.tmp = mem.tmp;
    this.acc = mem.acc;
  }

  /** True when the WebAssembly kernels run this batch's hot operations. */
  get usesWasm(): boolean {
    return this.mem.kernels !== undefined;
  }

  /** Record row of lookback k (rec[-k]). */
  protected slotOf(k: number): number {
    let s = this.head - k;
    if (s < 0) s += this.R;
    return s;
  }

  protected advance(): void {
    this.head++;
    if (this.head === this.R) this.head = 0;
  }

  /** Flips each of `count` results starting at record row `first` independently with op.p. */
  protected flipResults(op: FrameOp, first: number, count: number): void {
    const rec = this.rec;
    const W = this.W;
    const R = this.R;
    const k = this.mem.kernels;
    if (k !== undefined) {
      const st = this.mem.state;
      this.rng.saveState(st, 0);
      if (op.dense) {
        const P = bernoulliThreshold(op.p);
        const full = op.p >= 1 ? 1 : 0;
        k.flip_dense(
          first,
          count,
          rec.byteOffset,
          W * 4,
          R,
          this.nw,
          this.nb,
          P,
          full,
          this.acc.byteOffset,
          this.tmp.byteOffset,
          st.byteOffset,
        );
      } else k.flip(first, count, rec.byteOffset, W * 4, R, this.numShots, op.invLogQ, st.byteOffset);
      this.rng.loadState(st, 0);
      return;
    }
    if (op.dense) {
      const acc = this.acc;
      const nw = this.nw;
      for (let k = 0; k < count; k++) {
        let s = first + k;
        if (s >= R) s -= R;
        this.bernoulliRow(op.p);
        const r = s * W;
        for (let w = 0; w < nw; w++) rec[r + w] ^= acc[w];
      }
      return;
    }
    const S = this.numShots;
    const total = count * S;
    const inv = op.invLogQ;
    const rng = this.rng;
    let pos = Math.floor(Math.log(rng.nextUnitNonZero()) * inv);
    while (pos < total) {
      const g = Math.floor(pos / S);
      const shot = pos - g * S;
      let s = first + g;
      if (s >= R) s -= R;
      rec[s * W + (shot >>> 5)] ^= 1 << (shot & 31);
      pos += 1 + Math.floor(Math.log(rng.nextUnitNonZero()) * inv);
    }
  }

  // ---------------------------------------------------------------- noise

  /**
   * Fills {@link acc}[0 .. nw) with words whose bits are independently 1 with probability p
   * (truncated to 32 fractional bits): comparing a uniform 32-bit lane value U with P = ⌊p·2^32⌋
   * from the least significant bit up, lt ← bit_b(P) ? (r | lt) : (r & lt) with r a fresh random
   * word standing for ¬bit_b(U). Bits below P's lowest set bit leave lt = 0 and are skipped.
   */
  protected bernoulliRow(p: number): void {
    const acc = this.acc;
    const tmp = this.tmp;
    const nw = this.nw;
    if (p >= 1) {
      acc.fill(-1 >>> 0, 0, nw);
      return;
    }
    acc.fill(0, 0, nw);
    const P = bernoulliThreshold(p) >>> 0;
    if (P === 0) return;
    let lo = 0;
    while (Math.floor(P / 2 ** lo) % 2 === 0) lo++;
    for (let b = lo; b < 32; b++) {
      this.rng.fill(tmp, 0, nw);
      if (Math.floor(P / 2 ** b) % 2 === 1) for (let w = 0; w < nw; w++) acc[w] |= tmp[w];
      else for (let w = 0; w < nw; w++) acc[w] &= tmp[w];
    }
  }

  /**
   * A Pauli channel by geometric gaps run by the WebAssembly kernel (same draws, same bits as
   * {@link noise}); `tp` is the byte address of the op's targets in the kernels' memory.
   */
  protected noiseKernel(k: FrameKernels, op: FrameOp, tp: number): void {
    const targets = this.mem.targets;
    const st = this.mem.state;
    this.rng.saveState(st, 0);
    k.noise(
      tp,
      op.targets.length / op.index,
      op.index,
      targets.get(op.aux)!,
      targets.get(op.cum)!,
      op.cum.length,
      op.uniform ? 1 : 0,
      this.x.byteOffset,
      this.z.byteOffset,
      this.W * 4,
      this.numShots,
      op.invLogQ,
      st.byteOffset,
    );
    this.rng.loadState(st, 0);
  }

  /** X/Y/Z_ERROR with large p: one dense Bernoulli row per target. */
  protected noiseDense(op: FrameOp): void {
    const t = op.targets;
    const bits = op.aux[0];
    const x = this.x;
    const z = this.z;
    const acc = this.acc;
    const W = this.W;
    const nw = this.nw;
    for (let k = 0; k < t.length; k++) {
      this.bernoulliRow(op.p);
      const o = t[k] * W;
      if ((bits & PAULI_BIT_X) !== 0) for (let w = 0; w < nw; w++) x[o + w] ^= acc[w];
      if ((bits & PAULI_BIT_Z) !== 0) for (let w = 0; w < nw; w++) z[o + w] ^= acc[w];
    }
  }

  /**
   * A Pauli channel on groups of op.index (1 or 2) targets: events at rate op.p over the
   * (group × shot) index space found by geometric gaps, each event's Pauli drawn from the op's
   * conditional outcome table.
   */
  protected noise(op: FrameOp): void {
    const t = op.targets;
    const arity = op.index;
    const masks = op.aux;
    const cum = op.cum;
    const K = cum.length;
    const uniform = op.uniform;
    const x = this.x;
    const z = this.z;
    const W = this.W;
    const rng = this.rng;
    const S = this.numShots;
    const G = t.length / arity;
    const inv = op.invLogQ;
    // Walk the (group, shot) index space by geometric gaps, carrying the group index instead of
    // dividing at every event.
    let g = 0;
    let shot = Math.floor(Math.log(rng.nextUnitNonZero()) * inv);
    if (shot >= S) {
      const d = Math.floor(shot / S);
      g += d;
      shot -= d * S;
    }
    while (g < G) {
      let m = masks[0];
      if (uniform) m = masks[Math.floor(rng.nextUnit() * K)];
      else if (K > 1) {
        const u = rng.nextUnit();
        let j = 0;
        while (j < K - 1 && u >= cum[j]) j++;
        m = masks[j];
      }
      const wi = shot >>> 5;
      const bit = 1 << (shot & 31);
      const a = t[g * arity] * W + wi;
      if ((m & 1) !== 0) x[a] ^= bit;
      if ((m & 2) !== 0) z[a] ^= bit;
      if (arity === 2) {
        const b = t[g * arity + 1] * W + wi;
        if ((m & 4) !== 0) x[b] ^= bit;
        if ((m & 8) !== 0) z[b] ^= bit;
      }
      shot += 1 + Math.floor(Math.log(rng.nextUnitNonZero()) * inv);
      if (shot >= S) {
        const d = Math.floor(shot / S);
        g += d;
        shot -= d * S;
      }
    }
  }

  /**
   * E (after the caller cleared the chain mask) and ELSE_CORRELATED_ERROR: each shot fires with
   * probability p unless an earlier member of its chain fired; firing applies the Pauli string.
   */
  protected correlated(op: FrameOp): void {
    if (op.p <= 0) return;
    const aux = op.aux;
    const corr = this.corr;
    const x = this.x;
    const z = this.z;
    const W = this.W;
    const rng = this.rng;
    const S = this.numShots;
    const inv = op.invLogQ;
    let shot = Math.floor(Math.log(rng.nextUnitNonZero()) * inv);
    while (shot < S) {
      const wi = shot >>> 5;
      const bit = 1 << (shot & 31);
      if ((corr[wi] & bit) === 0) {
        corr[wi] |= bit;
        for (let k = 0; k < aux.length; k += 2) {
          const o = aux[k] * W + wi;
          const bits = aux[k + 1];
          if ((bits & PAULI_BIT_X) !== 0) x[o] ^= bit;
          if ((bits & PAULI_BIT_Z) !== 0) z[o] ^= bit;
        }
      }
      shot += 1 + Math.floor(Math.log(rng.nextUnitNonZero()) * inv);
    }
  }

  /** Heralded channels: a herald result per target (1 where the event fired) and the drawn Pauli. */
  protected heralded(op: FrameOp): void {
    const t = op.targets;
    const rec = this.rec;
    const W = this.W;
    const R = this.R;
    const first = this.head;
    for (let k = 0; k < t.length; k++) {
      const r = this.head * W;
      rec.fill(0, r, r + this.nw);
      this.advance();
    }
    if (op.p <= 0) return;
    const masks = op.aux;
    const cum = op.cum;
    const x = this.x;
    const z = this.z;
    const rng = this.rng;
    const S = this.numShots;
    const total = t.length * S;
    const inv = op.invLogQ;
    let pos = Math.floor(Math.log(rng.nextUnitNonZero()) * inv);
    while (pos < total) {
      const g = Math.floor(pos / S);
      const shot = pos - g * S;
      const wi = shot >>> 5;
      const bit = 1 << (shot & 31);
      let s = first + g;
      if (s >= R) s -= R;
      rec[s * W + wi] |= bit;
      const u = rng.nextUnit();
      let j = 0;
      while (j < 3 && u >= cum[j]) j++;
      const m = masks[j];
      const a = t[g] * W + wi;
      if ((m & PAULI_BIT_X) !== 0) x[a] ^= bit;
      if ((m & PAULI_BIT_Z) !== 0) z[a] ^= bit;
      pos += 1 + Math.floor(Math.log(rng.nextUnitNonZero()) * inv);
    }
  }
}
