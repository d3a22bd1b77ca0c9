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
import { bernoulliThreshold, FrameBatchState } from './frame-batch-state.js';
import { runLeakageOp, type LeakageBatch } from './frame-leakage.js';
import {
  frameCx,
  frameCz,
  frameSqCycleXyz,
  frameSqCycleZyx,
  frameSqSwap,
  frameSqXorInto,
  frameSwap,
  frameTwoQubit,
} from './frame-clifford-kernels.js';

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
  LEAK,
  SEEP,
  LRU,
  LEAK_PARTNERS,
  LEAK_MEASURE,
} = prog.FRAME_OP;
const PAULI_BIT_X: number = prog.PAULI_BIT_X;
const PAULI_BIT_Z: number = prog.PAULI_BIT_Z;
const BASIS_X: number = prog.BASIS_X;
const BASIS_Y: number = prog.BASIS_Y;

/** A Clifford-layer kernel: (targets, count, x, z, row bytes, bytes per row to process). */
type CliffordKernel = (tp: number, nt: number, xb: number, zb: number, rowB: number, n: number) => void;

/**
 * Executor for batches of up to `maxWords · 32` shots: runs programs on the storage of
 * {@link FrameBatchState} (dispatch, the WebAssembly path, Clifford layers, measurements, resets,
 * feedback, detectors and observables, transposes out).
 */
export class FrameBatch extends FrameBatchState {
  /**
   * Allocates a batch (parameters as {@link FrameBatchState}'s constructor) and takes the
   * WebAssembly Clifford-layer kernels when the memory came with them.
   */
  constructor(...args: ConstructorParameters<typeof FrameBatchState>) {
    super(...args);
    const k = this.mem.kernels;
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

  /** Leaked bits (numQubits rows × W words), allocated on the first program with leakage. */
  private leaked: Uint32Array | undefined;
  /** The view the leakage ops run on (rebuilt per run: it carries nw and numShots). */
  private leakView: LeakageBatch | undefined;

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
    if (program.leakage === true) {
      this.leaked ??= new Uint32Array(this.numQubits * W);
      this.leaked.fill(0);
      const { x, rng } = this;
      this.leakView = { x, z, leaked: this.leaked, W, nw, numShots, rng };
    }
    this.exec(program.ops);
  }

  private exec(ops: FrameOp[]): void {
    const k = this.mem.kernels;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      if (k !== undefined && this.kernelOp(k, op)) continue;
      switch (op.code) {
        case SQ_SWAP:
          frameSqSwap(this.x, this.z, this.W, this.nw, op.targets);
          break;
        case SQ_Z_XOR_X:
          frameSqXorInto(this.z, this.x, this.W, this.nw, op.targets);
          break;
        case SQ_X_XOR_Z:
          frameSqXorInto(this.x, this.z, this.W, this.nw, op.targets);
          break;
        case SQ_CYCLE_XYZ:
          frameSqCycleXyz(this.x, this.z, this.W, this.nw, op.targets);
          break;
        case SQ_CYCLE_ZYX:
          frameSqCycleZyx(this.x, this.z, this.W, this.nw, op.targets);
          break;
        case CX:
          frameCx(this.x, this.z, this.W, this.nw, op.targets);
          break;
        case CZ:
          frameCz(this.x, this.z, this.W, this.nw, op.targets);
          break;
        case SWAP:
          frameSwap(this.x, this.z, this.W, this.nw, op.targets);
          break;
        case TWO_QUBIT:
          frameTwoQubit(this.x, this.z, this.W, this.nw, op.targets, op.index);
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
        case LEAK:
        case SEEP:
        case LRU:
        case LEAK_PARTNERS:
        case LEAK_MEASURE:
          runLeakageOp(op, this.leakView!);
          break;
        default:
          throw new Error(`frame sampler: unknown opcode ${op.code}`);
      }
    }
  }

  /**
   * Runs `op` with the WebAssembly kernels when they cover it (Clifford layers, Z/X measurements
   * and resets, Pauli noise channels, detectors into {@link det}); false leaves it to the
   * TypeScript methods. Same
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
      case NOISE:
        this.noiseKernel(k, op, tp);
        return true;
      case NOISE_DENSE: {
        const st = this.mem.state;
        this.rng.saveState(st, 0);
        const P = bernoulliThreshold(op.p);
        k.noise_dense(
          tp,
          t.length,
          op.aux[0],
          xb,
          zb,
          rowB,
          this.nw,
          n,
          P,
          op.p >= 1 ? 1 : 0,
          this.acc.byteOffset,
          this.tmp.byteOffset,
          st.byteOffset,
        );
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
