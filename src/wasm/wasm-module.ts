/**
 * What the kernel loaders share: synchronous compilation of a base64-encoded module (once per
 * thread, by the caller's cache) and instantiation with a memory grown once to the size asked.
 */

/** The part of the WebAssembly JS API used here (typed locally: the core is compiled without DOM types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** Bytes per WebAssembly memory page. */
const PAGE_BYTES = 65536;

/**
 * The compiled module of `base64`, or null where WebAssembly is missing or refuses it (no SIMD, or
 * synchronous compilation refused on a browser's main thread for modules over 4 KiB).
 */
export function compileWasmModule(base64: string): object | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return null;
  try {
    return new api.Module(decodeBase64(base64));
  } catch {
    return null;
  }
}

/**
 * A fresh instance of `mod` (from {@link compileWasmModule}) with `imports`, its exported `memory`
 * grown once so that it holds at least `bytes` bytes from the exported global `heap_base` on (from
 * address 0 when the module exports none); returns the exports.
 */
export function instantiateWasm(mod: object, imports: object, bytes: number): Record<string, unknown> {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly as WasmApi;
  const exports = new api.Instance(mod, imports).exports;
  const memory = exports.memory as { buffer: ArrayBuffer; grow(pages: number): number };
  const base = (exports.heap_base as { value: number } | undefined)?.value ?? 0;
  const have = memory.buffer.byteLength;
  if (base + bytes > have) memory.grow(Math.ceil((base + bytes - have) / PAGE_BYTES));
  return exports;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes standard base64 (no line breaks). */
export function decodeBase64(text: string): Uint8Array {
  const value = new Uint8Array(128);
  for (let i = 0; i < B64.length; i++) value[B64.charCodeAt(i)] = i;
  let len = text.length;
  while (len > 0 && text[len - 1] === '=') len--;
  const out = new Uint8Array((len * 3) >>> 2);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < len; i++) {
    acc = (acc << 6) | value[text.charCodeAt(i)];
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}
