/**
 * The frame sampler's executor: runs a compiled {@link FrameProgram} on a batch of shots at once.
 *
 * Layout (as Stim's `FrameSimulator`, Gidney 2021): the Pauli frame of qubit q is two bit rows
 * `x[q·W .. q·W + nw)`, `z[q·W .. q·W + nw)` with **shots along the word axis** (bit s of word w
 * is shot 32·w + s), so a CX on a pair is two XORs per 32 shots. The frame is the Pauli by which
 * the shot's state differs from the noiseless reference run; a measurement's result flip is the
 * frame component that anticommutes with the measured observable. Frames start with random Z
 * parts, and every measurement/reset re-randomises the component that commutes with the new
 * stabiliser ("gauge randomisation"), which makes results that are random in the reference come
 * out random here.
 *
 * Measurement flips go to a record of `R` rows (a ring buffer when only detectors are wanted: R is
 * the largest lookback, so a REPEAT 1000 block needs no more than one round of rows). Detectors
 * are XORs of record rows written straight into the caller's detector-major table.
 *
 * Noise with small p is sampled by geometric gaps over the (targets × shots) index space, so its
 * cost follows the number of errors (Stim's `RareErrorIterator`); X/Y/Z_ERROR and measurement
 * flips with large p use dense Bernoulli words built from the binary expansion of p.
 *
 * Mutable scratch; one instance per thread. Allocation happens only in the constructor.
 */
import * as prog from './frame-program.js';
import type { FrameOp, FrameProgram } from './frame-program.js';
import type { BitTable } from '../../mem/bit-table.js';
import { transposeBitMatrix } from '../../mem/transpose.js';
import type { FrameKernels } from '../../wasm/frame-kernels.js';
import { allocateFrameMemory, type FrameMemory } from './frame-memory.js';
import { WordRng } from './word-rng.js';

// Module-local copies of the opcode and bit constants: imported bindings can compile to getter
// calls under some loaders (tsx), which would sit inside the hottest loops.
const {
  SQ_SWAP,
  SQ_Z_XOR_X,
  SQ_X_XOR_Z,
  SQ_CYCLE_XYZ,
  SQ_CYCLE_ZYX,
  CX,
  CZ,
  SWAP,
  TWO_QUBIT,
  FEEDBACK,
  MEASURE,
  MEASURE_RESET,
  RESET,
  MPP,
  SPP,
  NOISE,
  NOISE_DENSE,
  CORRELATED,
  ELSE_CORRELATED,
  HERALDED,
  MPAD,
  DETECTOR,
  OBSERVABLE,
  REPEAT,
} = prog.FRAME_OP;
const PAULI_BIT_X: number = prog.PAULI_BIT_X;
const PAULI_BIT_Z: number = prog.PAULI_BIT_Z;
const BASIS_X: number = prog.BASIS_X;
const BASIS_Y: number = prog.BASIS_Y;

/** A Clifford-layer kernel: (targets, count, x, z, row bytes, bytes per row to process). */
type CliffordKernel = (tp: number, nt: number, xb: number, zb: number, rowB: number, n: number) => void;

/** 2^32 as a double: scales a probability into a 32-bit fixed-point threshold. */
const TWO_32 = 4294967296;

/** Executor state for batches of up to `maxWords · 32` shots. */
export class FrameBatch {
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
  private readonly mem: FrameMemory;

  // ---- per-batch scratch ----
  /** Else-chain mask of E / ELSE_CORRELATED_ERROR (one row). */
  private readonly corr: Uint32Array;
  /** One row of random or temporary words. */
  private readonly tmp: Uint32Array;
  /** One row accumulating a dense Bernoulli word. */
  private readonly acc: Uint32Array;
  /** Active words of the current batch (⌈shots / 32⌉). */
  private nw = 0;
  /** Bytes per row the kernels process (active words rounded up to whole vectors). */
  private nb = 0;
  /** Shots in the current batch. */
  private numShots = 0;
  /** Next record row to write. */
  private head = 0;
  /** Detector sink: rows of `detStride` words, this batch at word `detOffset`; null = discard. */
  private detOut: Uint32Array | null = null;
  private detStride = 0;
  private detOffset = 0;
  /** Index of the next DETECTOR row. */
  private detPos = 0;
  /** Row stride (words) the transpose staging table was last written with. */
  private stagingStride = 0;

  /**
   * @param numQubits frame rows.
   * @param maxWords words per row (shots per batch ≤ 32 · maxWords).
   * @param recordRows rows of the measurement record (≥ the largest lookback and the largest
   *   number of results of one op; the number of measurements to keep them all).
   * @param numObservables observable rows.
   * @param options `program`: the program this batch will run (lets the WebAssembly kernels
   *   take over; without it the TypeScript path runs); `numDetectors`: rows of {@link det};
   *   `outRows`: the most rows {@link transposeTo} will be asked for; `wasm: false` forces the
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
    const k = mem.kernels;
    if (k !== undefined) {
      const table = this.cliffordKernels;
      table[SQ_SWAP] = k.sq_swap;
      table[SQ_Z_XOR_X] = k.sq_z_xor_x;
      table[SQ_X_XOR_Z] = k.sq_x_xor_z;
      table[SQ_CYCLE_XYZ] = k.sq_cycle_xyz;
      table[SQ_CYCLE_ZYX] = k.sq_cycle_zyx;
      table[CX] = k.cx;
      table[CZ] = k.cz;
      table[SWAP] = k.swap;
    }
  }

  /** The Clifford-layer kernels by opcode (empty without kernels). */
  private readonly cliffordKernels: (CliffordKernel | undefined)[] = [];

  /** True when the WebAssembly kernels run this batch's hot operations. */
  get usesWasm(): boolean {
    return this.mem.kernels !== undefined;
  }

  /**
   * Runs `program` on `numShots` (≤ 32 · W) fresh shots, drawing from {@link rng}. Detector rows
   * are written to `detOut[d · detStride + detOffset + w]` for w < ⌈numShots/32⌉ (pass null to skip
   * them); observable flips are left in {@link obs}, measurement flips in {@link rec} (row i holds
   * result i when R ≥ the number of results). Bits of shots ≥ numShots in the last word are
   * unspecified.
   */
  run(
    program: FrameProgram,
    numShots: number,
    detOut: Uint32Array | null,
    detStride: number,
    detOffset: number,
  ): void {
    const nw = (numShots + 31) >>> 5;
    this.nw = nw;
    this.nb = ((nw + 3) & ~3) * 4;
    this.numShots = numShots;
    this.head = 0;
    this.detOut = detOut;
    this.detStride = detStride;
    this.detOffset = detOffset;
    this.detPos = 0;
    const W = this.W;
    this.x.fill(0);
    this.rec.fill(0);
    this.obs.fill(0);
    // Initial |0…0⟩ is stabilised by every Z: randomise the Z gauge.
    const z = this.z;
    const k = this.mem.kernels;
    if (k !== undefined) {
      this.rng.saveState(this.mem.state, 0);
      k.fill_rows(this.mem.state.byteOffset, z.byteOffset, W * 4, this.numQubits, nw);
      this.rng.loadState(this.mem.state, 0);
    } else for (let q = 0; q < this.numQubits; q++) this.rng.fill(z, q * W, nw);
    this.exec(program.ops);
  }

  private exec(ops: FrameOp[]): void {
    const k = this.mem.kernels;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      if (k !== undefined && this.kernelOp(k, op)) continue;
      switch (op.code) {
        case SQ_SWAP:
          this.sqSwap(op.targets);
          break;
        case SQ_Z_XOR_X:
          this.sqXorInto(op.targets, this.z, this.x);
          break;
        case SQ_X_XOR_Z:
          this.sqXorInto(op.targets, this.x, this.z);
          break;
        case SQ_CYCLE_XYZ:
          this.sqCycleXyz(op.targets);
          break;
        case SQ_CYCLE_ZYX:
          this.sqCycleZyx(op.targets);
          break;
        case CX:
          this.cx(op.targets);
          break;
        case CZ:
          this.cz(op.targets);
          break;
        case SWAP:
          this.swap(op.targets);
          break;
        case TWO_QUBIT:
          this.twoQubit(op.targets, op.index);
          break;
        case FEEDBACK:
          this.feedback(op.aux);
          break;
        case MEASURE:
          this.measure(op, false);
          break;
        case MEASURE_RESET:
          this.measure(op, true);
          break;
        case RESET:
          this.reset(op.targets, op.index);
          break;
        case MPP:
          this.mpp(op);
          break;
        case SPP:
          this.spp(op.aux, op.index);
          break;
        case NOISE:
          this.noise(op);
          break;
        case NOISE_DENSE:
          this.noiseDense(op);
          break;
        case CORRELATED:
          this.corr.fill(0);
          this.correlated(op);
          break;
        case ELSE_CORRELATED:
          this.correlated(op);
          break;
        case HERALDED:
          this.heralded(op);
          break;
        case MPAD:
          this.mpad(op);
          break;
        case DETECTOR:
          this.detector(op.targets);
          break;
        case OBSERVABLE:
          this.observable(op);
          break;
        case REPEAT: {
          const body = op.body;
          for (let r = 0; r < op.reps; r++) this.exec(body);
          break;
        }
        default:
          throw new Error(`frame sampler: unknown opcode ${op.code}`);
      }
    }
  }

  /**
   * Runs `op` with the WebAssembly kernels when they cover it (Clifford layers, Z/X measurements
   * and resets, detectors into {@link det}); false leaves it to the TypeScript methods. Same
   * bits, same random stream (the kernels advance the generator state they are handed).
   */
  private kernelOp(k: FrameKernels, op: FrameOp): boolean {
    const t = op.targets;
    const tp = this.mem.targets.get(t);
    if (tp === undefined) return false;
    const xb = this.x.byteOffset;
    const zb = this.z.byteOffset;
    const rowB = this.W * 4;
    const n = this.nb;
    const clifford = this.cliffordKernels[op.code];
    if (clifford !== undefined) {
      clifford(tp, t.length, xb, zb, rowB, n);
      return true;
    }
    switch (op.code) {
      case MEASURE:
      case MEASURE_RESET:
      case RESET: {
        if (op.index === BASIS_Y) return false;
        const st = this.mem.state;
        this.rng.saveState(st, 0);
        if (op.code === RESET) k.reset(tp, t.length, op.index, xb, zb, rowB, n, this.nw, st.byteOffset);
        else {
          const first = this.head;
          const reset = op.code === MEASURE_RESET ? 1 : 0;
          const rb = this.rec.byteOffset;
          this.head = k.measure(
            tp,
            t.length,
            op.index,
            reset,
            xb,
            zb,
            rb,
            rowB,
            n,
            this.nw,
            first,
            this.R,
            st.byteOffset,
          );
          this.rng.loadState(st, 0);
          if (op.p > 0) this.flipResults(op, first, t.length);
          return true;
        }
        this.rng.loadState(st, 0);
        return true;
      }
      case DETECTOR: {
        if (this.detOut !== this.det) return false;
        const out = this.det.byteOffset + (this.detPos * this.detStride + this.detOffset) * 4;
        this.detPos++;
        k.detector(tp, t.length, this.rec.byteOffset, rowB, this.head, this.R, out, n);
        return true;
      }
      default:
        return false;
    }
  }

  /**
   * Transposes rows [0, numRows) × shots [0, numShots) of `src` — one of this batch's row tables
   * ({@link rec}, {@link obs}, {@link det}, W words per row) — into rows shotRow0 + s of the
   * shot-major `dst`, XOR-ing the packed bits `ref` (32 rows per word) onto every shot when
   * given. With kernels and at least 64 rows the SIMD transpose writes a staging table that is
   * copied into `dst` in one piece; otherwise the TypeScript transpose writes `dst` directly.
   * Same bits either way (padding words of `dst` rows stay 0).
   */
  transposeTo(
    src: Uint32Array,
    numRows: number,
    numShots: number,
    dst: BitTable,
    shotRow0: number,
    ref?: Uint32Array,
  ): void {
    const k = this.mem.kernels;
    if (k === undefined || numRows < 64 || numShots === 0) {
      transposeBitMatrix(src, 0, this.W, numRows, numShots, dst.data, shotRow0 * dst.stride, dst.stride, ref);
      return;
    }
    const mem = this.mem;
    const staging = mem.staging;
    const ds = dst.stride;
    if (this.stagingStride !== ds) {
      staging.fill(0);
      this.stagingStride = ds;
    }
    const rowBlocks = (numRows + 31) >>> 5;
    let xorp = mem.zero.byteOffset;
    if (ref !== undefined) {
      mem.ref.fill(0);
      mem.ref.set(ref.subarray(0, Math.min(ref.length, rowBlocks)));
      xorp = mem.ref.byteOffset;
    }
    const groups = (((numShots + 31) >>> 5) + 3) >>> 2;
    k.transpose(src.byteOffset, this.W * 4, rowBlocks, groups, staging.byteOffset, ds * 4, xorp);
    dst.data.set(staging.subarray(0, numShots * ds), shotRow0 * ds);
  }

  // ---------------------------------------------------------------- Cliffords

  private sqSwap(t: Int32Array): void {
    const x = this.x;
    const z = this.z;
    const W = this.W;
    const nw = this.nw;
    for (let k = 0; k < t.length; k++) {
      const o = t[k] * W;
      const e = o + nw;
      for (let i = o; i < e; i++) {
        const a = x[i];
        x[i] = z[i];
        z[i] = a;
      }
    }
  }

  /** dst ^= src on each target's row. */
  private sqXorInto(t: Int32Array, dst: Uint32Array, src: Uint32Array): void {
    const W = this.W;
    const nw = this.nw;
    for (let k = 0; k < t.length; k++) {
      const o = t[k] * W;
      const e = o + nw;
      for (let i = o; i < e; i++) dst[i] ^= src[i];
    }
  }

  private sqCycleXyz(t: Int32Array): void {
    const x = this.x;
    const z = this.z;
    const W = this.W;
    const nw = this.nw;
    for (let k = 0; k < t.length; k++) {
      const o = t[k] * W;
      const e = o + nw;
      for (let i = o; i < e; i++) {
        const a = x[i];
        x[i] = a ^ z[i];
        z[i] = a;
      }
    }
  }

  private sqCycleZyx(t: Int32Array): void {
    const x = this.x;
    const z = this.z;
    const W = this.W;
    const nw = this.nw;
    for (let k = 0; k < t.length; k++) {
      const o = t[k] * W;
      const e = o + nw;
      for (let i = o; i < e; i++) {
        const b = z[i];
        z[i] = x[i] ^ b;
        x[i] = b;
      }
    }
  }

  private cx(t: Int32Array): void {
    const x = this.x;
    const z = this.z;
    const W = this.W;
    const nw = this.nw;
    for (let k = 0; k < t.length; k += 2) {
      const c = t[k] * W;
      const d = t[k + 1] * W - c;
      const e = c + nw;
      for (let i = c; i < e; i++) {
        x[i + d] ^= x[i];
        z[i] ^= z[i + d];
      }
    }
  }

  private cz(t: Int32Array): void {
    const x = this.x;
    const z = this.z;
    const W = this.W;
    const nw = this.nw;
    for (let k = 0; k < t.length; k += 2) {
      const a = t[k] * W;
      const d = t[k + 1] * W - a;
      const e = a + nw;
      for (let i = a; i < e; i++) {
        z[i] ^= x[i + d];
        z[i + d] ^= x[i];
      }
    }
  }

  private swap(t: Int32Array): void {
    const x = this.x;
    const z = this.z;
    const W = this.W;
    const nw = this.nw;
    for (let k = 0; k < t.length; k += 2) {
      const a = t[k] * W;
      const d = t[k + 1] * W - a;
      const e = a + nw;
      for (let i = a; i < e; i++) {
        const xa = x[i];
        x[i] = x[i + d];
        x[i + d] = xa;
        const za = z[i];
        z[i] = z[i + d];
        z[i + d] = za;
      }
    }
  }

  /**
   * Generic two-qubit Clifford from its GF(2) frame matrix `m` (bit out·4 + in; components x0,
   * z0, x1, z1): each output component is the XOR of the masked inputs.
   */
  private twoQubit(t: Int32Array, m: number): void {
    const x = this.x;
    const z = this.z;
    const W = this.W;
    const nw = this.nw;
    // Masks (0 or −1) for output row r, input c: m bit r·4 + c.
    const m00 = -((m >>> 0) & 1),
      m01 = -((m >>> 1) & 1),
      m02 = -((m >>> 2) & 1),
      m03 = -((m >>> 3) & 1);
    const m10 = -((m >>> 4) & 1),
      m11 = -((m >>> 5) & 1),
      m12 = -((m >>> 6) & 1),
      m13 = -((m >>> 7) & 1);
    const m20 = -((m >>> 8) & 1),
      m21 = -((m >>> 9) & 1),
      m22 = -((m >>> 10) & 1),
      m23 = -((m >>> 11) & 1);
    const m30 = -((m >>> 12) & 1),
      m31 = -((m >>> 13) & 1),
      m32 = -((m >>> 14) & 1),
      m33 = -((m >>> 15) & 1);
    for (let k = 0; k < t.length; k += 2) {
      const a = t[k] * W;
      const b = t[k + 1] * W;
      for (let w = 0; w < nw; w++) {
        const x0 = x[a + w];
        const z0 = z[a + w];
        const x1 = x[b + w];
        const z1 = z[b + w];
        x[a + w] = (x0 & m00) ^ (z0 & m01) ^ (x1 & m02) ^ (z1 & m03);
        z[a + w] = (x0 & m10) ^ (z0 & m11) ^ (x1 & m12) ^ (z1 & m13);
        x[b + w] = (x0 & m20) ^ (z0 & m21) ^ (x1 & m22) ^ (z1 & m23);
        z[b + w] = (x0 & m30) ^ (z0 & m31) ^ (x1 & m32) ^ (z1 & m33);
      }
    }
  }

  /** Record row of lookback k (rec[-k]). */
  private slotOf(k: number): number {
    let s = this.head - k;
    if (s < 0) s += this.R;
    return s;
  }

  /**
   * Classically controlled Paulis: the reference applied P when its own bit was set, so the frame
   * picks up P exactly where the shot's result differs from the reference (the flip row).
   */
  private feedback(aux: Int32Array): void {
    const x = this.x;
    const z = this.z;
    const rec = this.rec;
    const W = this.W;
    const nw = this.nw;
    for (let k = 0; k < aux.length; k += 3) {
      const r = this.slotOf(aux[k]) * W;
      const o = aux[k + 1] * W;
      const bits = aux[k + 2];
      if ((bits & PAULI_BIT_X) !== 0) for (let w = 0; w < nw; w++) x[o + w] ^= rec[r + w];
      if ((bits & PAULI_BIT_Z) !== 0) for (let w = 0; w < nw; w++) z[o + w] ^= rec[r + w];
    }
  }

  // ---------------------------------------------------------------- measurements and resets

  private advance(): void {
    this.head++;
    if (this.head === this.R) this.head = 0;
  }

  /**
   * Single-qubit measurement (and reset) in the op's basis. The result flip is the frame part that
   * anticommutes with the measured Pauli; afterwards the state is stabilised by that Pauli, so the
   * frame is multiplied by it in a random half of the shots (or, after a reset, the anticommuting
   * part is cleared and the commuting part randomised).
   */
  private measure(op: FrameOp, reset: boolean): void {
    const t = op.targets;
    const basis = op.index;
    const x = this.x;
    const z = this.z;
    const rec = this.rec;
    const rng = this.rng;
    const tmp = this.tmp;
    const W = this.W;
    const nw = this.nw;
    const first = this.head;
    for (let k = 0; k < t.length; k++) {
      const o = t[k] * W;
      const r = this.head * W;
      if (basis === BASIS_X) {
        for (let w = 0; w < nw; w++) rec[r + w] = z[o + w];
        if (reset) z.fill(0, o, o + nw);
        rng.fill(x, o, nw);
      } else if (basis === BASIS_Y) {
        for (let w = 0; w < nw; w++) rec[r + w] = x[o + w] ^ z[o + w];
        if (reset) {
          rng.fill(x, o, nw);
          for (let w = 0; w < nw; w++) z[o + w] = x[o + w];
        } else {
          rng.fill(tmp, 0, nw);
          for (let w = 0; w < nw; w++) {
            const v = tmp[w];
            x[o + w] ^= v;
            z[o + w] ^= v;
          }
        }
      } else {
        for (let w = 0; w < nw; w++) rec[r + w] = x[o + w];
        if (reset) x.fill(0, o, o + nw);
        rng.fill(z, o, nw);
      }
      this.advance();
    }
    if (op.p > 0) this.flipResults(op, first, t.length);
  }

  private reset(t: Int32Array, basis: number): void {
    const x = this.x;
    const z = this.z;
    const rng = this.rng;
    const W = this.W;
    const nw = this.nw;
    for (let k = 0; k < t.length; k++) {
      const o = t[k] * W;
      if (basis === BASIS_X) {
        z.fill(0, o, o + nw);
        rng.fill(x, o, nw);
      } else if (basis === BASIS_Y) {
        rng.fill(x, o, nw);
        for (let w = 0; w < nw; w++) z[o + w] = x[o + w];
      } else {
        x.fill(0, o, o + nw);
        rng.fill(z, o, nw);
      }
    }
  }

  /**
   * Pauli-product measurements: the flip is the parity of the frame's anticommutation with each
   * factor; afterwards the frame is multiplied by the product in a random half of the shots.
   */
  private mpp(op: FrameOp): void {
    const aux = op.aux;
    const x = this.x;
    const z = this.z;
    const rec = this.rec;
    const tmp = this.tmp;
    const W = this.W;
    const nw = this.nw;
    const first = this.head;
    let j = 0;
    for (let p = 0; p < op.index; p++) {
      const n = aux[j++];
      const r = this.head * W;
      rec.fill(0, r, r + nw);
      for (let k = 0; k < n; k++) {
        const o = aux[j + 2 * k] * W;
        const bits = aux[j + 2 * k + 1];
        if (bits === PAULI_BIT_X) for (let w = 0; w < nw; w++) rec[r + w] ^= z[o + w];
        else if (bits === PAULI_BIT_Z) for (let w = 0; w < nw; w++) rec[r + w] ^= x[o + w];
        else for (let w = 0; w < nw; w++) rec[r + w] ^= x[o + w] ^ z[o + w];
      }
      if (n > 0) {
        this.rng.fill(tmp, 0, nw);
        for (let k = 0; k < n; k++) {
          const o = aux[j + 2 * k] * W;
          const bits = aux[j + 2 * k + 1];
          if ((bits & PAULI_BIT_X) !== 0) for (let w = 0; w < nw; w++) x[o + w] ^= tmp[w];
          if ((bits & PAULI_BIT_Z) !== 0) for (let w = 0; w < nw; w++) z[o + w] ^= tmp[w];
        }
      }
      j += 2 * n;
      this.advance();
    }
    if (op.p > 0) this.flipResults(op, first, op.index);
  }

  /**
   * exp(±iπ/4 P): a frame F is unchanged when it commutes with P and becomes F·P (up to phase)
   * when it anticommutes, so the frame picks up P where the anticommutation parity is 1.
   */
  private spp(aux: Int32Array, numProducts: number): void {
    const x = this.x;
    const z = this.z;
    const tmp = this.tmp;
    const W = this.W;
    const nw = this.nw;
    let j = 0;
    for (let p = 0; p < numProducts; p++) {
      const n = aux[j++];
      tmp.fill(0, 0, nw);
      for (let k = 0; k < n; k++) {
        const o = aux[j + 2 * k] * W;
        const bits = aux[j + 2 * k + 1];
        if (bits === PAULI_BIT_X) for (let w = 0; w < nw; w++) tmp[w] ^= z[o + w];
        else if (bits === PAULI_BIT_Z) for (let w = 0; w < nw; w++) tmp[w] ^= x[o + w];
        else for (let w = 0; w < nw; w++) tmp[w] ^= x[o + w] ^ z[o + w];
      }
      for (let k = 0; k < n; k++) {
        const o = aux[j + 2 * k] * W;
        const bits = aux[j + 2 * k + 1];
        if ((bits & PAULI_BIT_X) !== 0) for (let w = 0; w < nw; w++) x[o + w] ^= tmp[w];
        if ((bits & PAULI_BIT_Z) !== 0) for (let w = 0; w < nw; w++) z[o + w] ^= tmp[w];
      }
      j += 2 * n;
    }
  }

  /** MPAD: results whose flip is 0 (their fixed value lives in the reference), then flip noise. */
  private mpad(op: FrameOp): void {
    const first = this.head;
    const W = this.W;
    for (let k = 0; k < op.index; k++) {
      const r = this.head * W;
      this.rec.fill(0, r, r + this.nw);
      this.advance();
    }
    if (op.p > 0) this.flipResults(op, first, op.index);
  }

  /** Flips each of `count` results starting at record row `first` independently with op.p. */
  private flipResults(op: FrameOp, first: number, count: number): void {
    const rec = this.rec;
    const W = this.W;
    const R = this.R;
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
  private bernoulliRow(p: number): void {
    const acc = this.acc;
    const tmp = this.tmp;
    const nw = this.nw;
    if (p >= 1) {
      acc.fill(-1 >>> 0, 0, nw);
      return;
    }
    acc.fill(0, 0, nw);
    const P = Math.floor(p * TWO_32);
    if (P <= 0) return;
    let lo = 0;
    while (Math.floor(P / 2 ** lo) % 2 === 0) lo++;
    for (let b = lo; b < 32; b++) {
      this.rng.fill(tmp, 0, nw);
      if (Math.floor(P / 2 ** b) % 2 === 1) for (let w = 0; w < nw; w++) acc[w] |= tmp[w];
      else for (let w = 0; w < nw; w++) acc[w] &= tmp[w];
    }
  }

  /** X/Y/Z_ERROR with large p: one dense Bernoulli row per target. */
  private noiseDense(op: FrameOp): void {
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
  private noise(op: FrameOp): void {
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
  private correlated(op: FrameOp): void {
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
  private heralded(op: FrameOp): void {
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

  // ---------------------------------------------------------------- detectors and observables

  private detector(look: Int32Array): void {
    const out = this.detOut;
    if (out === null) {
      this.detPos++;
      return;
    }
    const rec = this.rec;
    const W = this.W;
    const nw = this.nw;
    const base = this.detPos * this.detStride + this.detOffset;
    this.detPos++;
    const n = look.length;
    if (n === 0) {
      out.fill(0, base, base + nw);
      return;
    }
    const r0 = this.slotOf(look[0]) * W;
    if (n === 2) {
      const r1 = this.slotOf(look[1]) * W;
      for (let w = 0; w < nw; w++) out[base + w] = rec[r0 + w] ^ rec[r1 + w];
      return;
    }
    for (let w = 0; w < nw; w++) out[base + w] = rec[r0 + w];
    for (let k = 1; k < n; k++) {
      const r = this.slotOf(look[k]) * W;
      for (let w = 0; w < nw; w++) out[base + w] ^= rec[r + w];
    }
  }

  private observable(op: FrameOp): void {
    const obs = this.obs;
    const rec = this.rec;
    const W = this.W;
    const nw = this.nw;
    const o = op.index * W;
    const look = op.targets;
    for (let k = 0; k < look.length; k++) {
      const r = this.slotOf(look[k]) * W;
      for (let w = 0; w < nw; w++) obs[o + w] ^= rec[r + w];
    }
    const aux = op.aux;
    const x = this.x;
    const z = this.z;
    for (let k = 0; k < aux.length; k += 2) {
      const q = aux[k] * W;
      const bits = aux[k + 1];
      // The observable picks up the frame's anticommutation with the included Pauli.
      if ((bits & PAULI_BIT_X) !== 0) for (let w = 0; w < nw; w++) obs[o + w] ^= z[q + w];
      if ((bits & PAULI_BIT_Z) !== 0) for (let w = 0; w < nw; w++) obs[o + w] ^= x[q + w];
    }
  }
}
