/**
 * Where a {@link FrameBatch} keeps its rows: plain typed arrays (the TypeScript path) or views of
 * one WebAssembly kernel instance's memory (`wasm/frame-kernels.ts`), laid out once so the views
 * stay valid. With kernels, rows are padded to whole 128-bit vectors and the row tables that get
 * transposed are padded to whole 32-row blocks of zeros, so the SIMD transpose can work on whole
 * blocks and produce the same bits as the TypeScript transpose.
 */
import { instantiateFrameKernels, type FrameKernels } from '../../wasm/frame-kernels.js';
import { FRAME_OP, type FrameOp, type FrameProgram } from './frame-program.js';

/** Sizes a {@link FrameBatch} allocates for. */
export interface FrameMemorySpec {
  readonly numQubits: number;
  /** Words per row requested (shots per batch ≤ 32 · maxWords). */
  readonly maxWords: number;
  readonly recordRows: number;
  readonly numObservables: number;
  /** Rows of the detector scratch table (0 for none). */
  readonly numDetectors: number;
  /** The largest number of rows transposed at once into shot-major output (0 for none). */
  readonly outRows: number;
  /** The program whose target lists the kernels read (required for kernels). */
  readonly program?: FrameProgram;
  /** Use the WebAssembly kernels when they load (default true). */
  readonly wasm?: boolean;
}

/** The rows of a frame batch and, with kernels, the instance and the byte address of each target list. */
export interface FrameMemory {
  /** Words per row (≥ maxWords; a multiple of 4 with kernels). */
  readonly W: number;
  readonly x: Uint32Array;
  readonly z: Uint32Array;
  readonly rec: Uint32Array;
  readonly obs: Uint32Array;
  readonly det: Uint32Array;
  readonly corr: Uint32Array;
  readonly tmp: Uint32Array;
  readonly acc: Uint32Array;
  /** Kernels only: the random state words shared with the kernels (4 words). */
  readonly state: Uint32Array;
  /** Kernels only: packed per-row XOR bits for the transpose (reference sample), ≥ outRows/32 words. */
  readonly ref: Uint32Array;
  /** Kernels only: all-zero words (the transpose's XOR source when there is none). */
  readonly zero: Uint32Array;
  /** Kernels only: shot-major staging table for transposes (32 · W rows). */
  readonly staging: Uint32Array;
  readonly kernels: FrameKernels | undefined;
  /**
   * Byte address in the kernels' memory of each op's target (or lookback) list, and of the
   * outcome masks (aux) and cumulative probabilities (cum) of NOISE ops.
   */
  readonly targets: Map<Int32Array | Float64Array, number>;
}

/** Opcodes whose targets the kernels read. */
const KERNEL_OPS = new Set<number>([
  FRAME_OP.SQ_SWAP,
  FRAME_OP.SQ_Z_XOR_X,
  FRAME_OP.SQ_X_XOR_Z,
  FRAME_OP.SQ_CYCLE_XYZ,
  FRAME_OP.SQ_CYCLE_ZYX,
  FRAME_OP.CX,
  FRAME_OP.CZ,
  FRAME_OP.SWAP,
  FRAME_OP.MEASURE,
  FRAME_OP.MEASURE_RESET,
  FRAME_OP.RESET,
  FRAME_OP.DETECTOR,
  FRAME_OP.NOISE,
  FRAME_OP.NOISE_DENSE,
]);

const ceil4 = (n: number): number => (n + 3) & ~3;
const ceil32 = (n: number): number => (n + 31) & ~31;

/** The arrays the kernels read (in words: Float64Array elements take two). */
function kernelTargetLists(ops: readonly FrameOp[], out: Set<Int32Array | Float64Array>): void {
  for (const op of ops) {
    if (op.body.length > 0) kernelTargetLists(op.body, out);
    if (op.targets.length > 0 && KERNEL_OPS.has(op.code)) out.add(op.targets);
    if (op.code === FRAME_OP.NOISE) {
      out.add(op.aux);
      out.add(op.cum);
    }
  }
}

const wordsOf = (a: Int32Array | Float64Array): number => (a instanceof Float64Array ? 2 : 1) * a.length;

/** Allocates the rows (plain, or in a fresh kernel instance when available and wanted). */
export function allocateFrameMemory(spec: FrameMemorySpec): FrameMemory {
  if (spec.wasm !== false && spec.program !== undefined) {
    const m = wasmMemory(spec, spec.program);
    if (m !== undefined) return m;
  }
  const W = Math.max(1, spec.maxWords);
  const none = new Uint32Array(0);
  return {
    W,
    x: new Uint32Array(spec.numQubits * W),
    z: new Uint32Array(spec.numQubits * W),
    rec: new Uint32Array(Math.max(1, spec.recordRows) * W),
    obs: new Uint32Array(Math.max(1, spec.numObservables) * W),
    det: new Uint32Array(Math.max(1, spec.numDetectors) * W),
    corr: new Uint32Array(W),
    tmp: new Uint32Array(W),
    acc: new Uint32Array(W),
    state: none,
    ref: none,
    zero: none,
    staging: none,
    kernels: undefined,
    targets: new Map(),
  };
}

function wasmMemory(spec: FrameMemorySpec, program: FrameProgram): FrameMemory | undefined {
  const W = ceil4(Math.max(1, spec.maxWords));
  const lists = new Set<Int32Array | Float64Array>();
  kernelTargetLists(program.ops, lists);
  let targetWords = 0;
  for (const t of lists) targetWords += ceil4(wordsOf(t));
  const refWords = ceil4(Math.max(1, ceil32(spec.outRows) >>> 5));
  const stagingWords = 32 * W * ceil4(refWords);
  // Word counts of the regions, in address order (each a multiple of 4 words = 16 bytes).
  const sizes = {
    state: 4,
    ref: refWords,
    zero: refWords,
    targets: ceil4(targetWords),
    x: spec.numQubits * W,
    z: spec.numQubits * W,
    rec: ceil32(Math.max(1, spec.recordRows)) * W,
    obs: ceil32(Math.max(1, spec.numObservables)) * W,
    det: ceil32(Math.max(1, spec.numDetectors)) * W,
    corr: W,
    tmp: W,
    acc: W,
    staging: stagingWords,
  };
  let total = 0;
  for (const v of Object.values(sizes)) total += v;
  const k = instantiateFrameKernels(total * 4);
  if (k === undefined) return undefined;
  const buf = k.memory.buffer;
  let at = k.heap_base.value >>> 2;
  const take = (words: number): Uint32Array => {
    const v = new Uint32Array(buf, at * 4, words);
    at += words;
    return v;
  };
  const state = take(sizes.state);
  const ref = take(sizes.ref);
  const zero = take(sizes.zero);
  const targetArea = take(sizes.targets);
  const targets = new Map<Int32Array | Float64Array, number>();
  let t = 0;
  for (const list of lists) {
    // Every list starts on a 16-byte boundary, so f64 tables are aligned.
    const at = targetArea.byteOffset + t * 4;
    if (list instanceof Float64Array) new Float64Array(buf, at, list.length).set(list);
    else targetArea.set(list, t);
    targets.set(list, at);
    t += ceil4(wordsOf(list));
  }
  // Typed views of the padded regions; the executor sees the same lengths as without kernels
  // except for the padding rows, which stay zero.
  return {
    W,
    state,
    ref,
    zero,
    targets,
    x: take(sizes.x),
    z: take(sizes.z),
    rec: take(sizes.rec),
    obs: take(sizes.obs),
    det: take(sizes.det),
    corr: take(sizes.corr),
    tmp: take(sizes.tmp),
    acc: take(sizes.acc),
    staging: take(sizes.staging),
    kernels: k,
  };
}
