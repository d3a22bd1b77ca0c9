/** The generated `src/wasm/frame-kernels-bytes.ts` text for the current `frame-kernels.wat`. */
export function generate(): Promise<string>;
/** The .wat text with every `;; @expand` line written out. */
export function expandWat(text: string): string;
/** The generated `src/wasm/bp-kernels-bytes.ts` text for the current `bp-kernels.wat`. */
export function generateBp(): Promise<string>;
