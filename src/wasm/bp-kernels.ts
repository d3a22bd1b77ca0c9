/**
 * Loader of the BP-OSD decoder's WebAssembly kernel (`bp-kernels.wat`, assembled at build time into
 * `bp-kernels-bytes.ts`): one min-sum check pass in scalar f64 code, the same operations in the same
 * order as the decoder's TypeScript path, so both give the same bits. The module (a few hundred
 * bytes, no SIMD, no imports) is compiled synchronously once per thread; each
 * {@link instantiateBpKernels} call gets an instance with its own memory, sized once, so typed-array
 * views of it stay valid. Turned off with the frame kernels by `setWasmKernelsEnabled(false)`
 * (`QEC_WASM=0`); undefined where WebAssembly is missing, and callers use their TypeScript path.
 */
import { BP_KERNELS_BASE64 } from './bp-kernels-bytes.js';
import { wasmKernelsEnabled } from './frame-kernels.js';
import { compileWasmModule, instantiateWasm } from './wasm-module.js';

/**
 * The kernel's exports; pointers are byte addresses in {@link BpKernels.memory}.
 * `min_sum_checks(m, cs, cv, r, post, next, synd, alpha, cap)`: for each of the `m` checks (edges
 * cs[c] .. cs[c+1]−1 of the i32 offsets at `cs`, columns at `cv`), reads the inputs
 * post[v] − r[a] (f64), writes the new check-to-variable messages into `r` and adds each into
 * next[v]; `synd` holds one syndrome byte per check, `alpha` the scaling, `cap` the magnitude cap.
 */
export interface BpKernels {
  readonly memory: { readonly buffer: ArrayBuffer };
  readonly min_sum_checks: (
    this: void,
    m: number,
    cs: number,
    cv: number,
    r: number,
    post: number,
    next: number,
    synd: number,
    alpha: number,
    cap: number,
  ) => void;
}

let compiled: object | null | undefined;

/**
 * A fresh instance whose memory holds at least `bytes` bytes (all zero) from address 0, or undefined
 * when the kernels are disabled or WebAssembly is unavailable. Each instance is independent (one
 * per compiled decoder).
 */
export function instantiateBpKernels(bytes: number): BpKernels | undefined {
  if (!wasmKernelsEnabled()) return undefined;
  if (compiled === undefined) compiled = compileWasmModule(BP_KERNELS_BASE64);
  if (compiled === null) return undefined;
  return instantiateWasm(compiled, {}, bytes) as unknown as BpKernels;
}
