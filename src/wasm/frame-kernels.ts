/**
 * Loader of the frame sampler's WebAssembly SIMD kernels (`frame-kernels.wat`, assembled at build
 * time into `frame-kernels-bytes.ts`). The same bytes load in Node, in workers and in browsers:
 * the module is decoded from base64 and compiled synchronously once per thread, and every
 * {@link FrameKernels} instance gets its own memory, sized once, so typed-array views of it stay
 * valid (memory never grows after {@link instantiateFrameKernels}).
 *
 * Synchronous compilation of a module over 4 KiB is refused on a browser's main thread (Chrome);
 * there, and wherever WebAssembly or its SIMD proposal is missing, {@link instantiateFrameKernels}
 * returns undefined and callers use their TypeScript path, which gives the same bits.
 */
import { FRAME_KERNELS_BASE64 } from './frame-kernels-bytes.js';
import { compileWasmModule, instantiateWasm } from './wasm-module.js';

/**
 * A Clifford-layer kernel: applies one gate class to the `nt` targets listed at byte address `tp`
 * (pairs for two-qubit gates), on the X rows at `xb` and Z rows at `zb` of `n` words each, rows
 * `rowB` bytes apart.
 */
export type LayerKernel = (
  this: void,
  tp: number,
  nt: number,
  xb: number,
  zb: number,
  rowB: number,
  n: number,
) => void;

/**
 * The kernels' exports (plain functions: they use no `this`); every pointer is a byte address in
 * {@link FrameKernels.memory}.
 */
export interface FrameKernels {
  readonly memory: { readonly buffer: ArrayBuffer };
  /** First byte callers may use: bytes below it hold the kernels' constant tables. */
  readonly heap_base: { readonly value: number };
  /** ln(u) for u in (0, 1] to within 4e-14 (the table-driven logarithm behind {@link gap}). */
  readonly ln: (this: void, u: number) => number;
  /** ⌊ln(u) · inv⌋ for u in (0, 1], inv ≤ 0: always equal to `Math.floor(Math.log(u) * inv)`. */
  readonly gap: (this: void, u: number, inv: number) => number;
  readonly sq_swap: LayerKernel;
  readonly sq_z_xor_x: LayerKernel;
  readonly sq_x_xor_z: LayerKernel;
  readonly sq_cycle_xyz: LayerKernel;
  readonly sq_cycle_zyx: LayerKernel;
  readonly cx: LayerKernel;
  readonly cz: LayerKernel;
  readonly swap: LayerKernel;
  readonly fill: (this: void, st: number, p: number, count: number) => void;
  readonly fill_rows: (this: void, st: number, p: number, rowB: number, rows: number, count: number) => void;
  readonly measure: (
    this: void,
    tp: number,
    nt: number,
    basis: number,
    reset: number,
    xb: number,
    zb: number,
    rec: number,
    rowB: number,
    n: number,
    nw: number,
    head: number,
    R: number,
    st: number,
  ) => number;
  readonly reset: (
    this: void,
    tp: number,
    nt: number,
    basis: number,
    xb: number,
    zb: number,
    rowB: number,
    n: number,
    nw: number,
    st: number,
  ) => void;
  readonly detector: (
    this: void,
    lp: number,
    nl: number,
    rec: number,
    rowB: number,
    head: number,
    R: number,
    out: number,
    n: number,
  ) => void;
  /**
   * A Pauli channel by geometric gaps over (group × shot): `G` groups of `arity` qubits at `tp`,
   * the K outcome masks at `mp` and their cumulative probabilities (f64) at `cp`, `uniform` when
   * all are equally likely, S shots, inv = 1 / ln(1 − p). Same draws as FrameBatchState.noise.
   */
  readonly noise: (
    this: void,
    tp: number,
    G: number,
    arity: number,
    mp: number,
    cp: number,
    K: number,
    uniform: number,
    xb: number,
    zb: number,
    rowB: number,
    S: number,
    inv: number,
    st: number,
  ) => void;
  /** Sparse result flips of `count` record rows from `first` (ring of R rows), as FrameBatchState.flipResults. */
  readonly flip: (
    this: void,
    first: number,
    count: number,
    rec: number,
    rowB: number,
    R: number,
    S: number,
    inv: number,
    st: number,
  ) => void;
  /**
   * Dense X/Y/Z_ERROR: per target one Bernoulli row of probability P / 2^32 (all ones when
   * `full`) built in `acc` from random rows in `tmp`, XORed onto the rows `bits` names.
   */
  readonly noise_dense: (
    this: void,
    tp: number,
    nt: number,
    bits: number,
    xb: number,
    zb: number,
    rowB: number,
    nw: number,
    n: number,
    P: number,
    full: number,
    acc: number,
    tmp: number,
    st: number,
  ) => void;
  /** Dense result flips: one Bernoulli row (as `noise_dense`) XORed onto each of `count` record rows. */
  readonly flip_dense: (
    this: void,
    first: number,
    count: number,
    rec: number,
    rowB: number,
    R: number,
    nw: number,
    n: number,
    P: number,
    full: number,
    acc: number,
    tmp: number,
    st: number,
  ) => void;
  readonly transpose: (
    this: void,
    src: number,
    srcRowB: number,
    rowBlocks: number,
    groups: number,
    dst: number,
    dstRowB: number,
    xorp: number,
  ) => void;
}

let compiled: object | null | undefined;
let enabled = true;

/**
 * Turns the WebAssembly kernels off (or back on) for every sampler compiled afterwards in this
 * thread: the TypeScript fallback gives the same bits. For tests, benchmarks and `QEC_WASM=0`.
 */
export function setWasmKernelsEnabled(on: boolean): void {
  enabled = on;
}

/** True unless {@link setWasmKernelsEnabled} turned the kernels off (frame and BP kernels alike). */
export function wasmKernelsEnabled(): boolean {
  return enabled;
}

/** True when WebAssembly kernels are enabled and the module compiles here. */
export function wasmKernelsAvailable(): boolean {
  return enabled && frameKernelsModule() !== null;
}

function frameKernelsModule(): object | null {
  if (compiled === undefined) compiled = compileWasmModule(FRAME_KERNELS_BASE64);
  return compiled;
}

/**
 * A fresh instance whose memory holds at least `bytes` bytes (all zero) from `heap_base` on, or undefined when the
 * kernels are disabled or unavailable. Each instance is independent (one per sampler per thread).
 */
export function instantiateFrameKernels(bytes: number): FrameKernels | undefined {
  if (!enabled) return undefined;
  const mod = frameKernelsModule();
  if (mod === null) return undefined;
  // The noise kernels take their logarithm from the host, so their geometric gaps are the
  // TypeScript path's bit for bit whatever this engine's Math.log rounds to.
  return instantiateWasm(mod, { math: { log: Math.log } }, bytes) as unknown as FrameKernels;
}
