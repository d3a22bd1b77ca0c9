/** The generated `src/wasm/frame-kernels-bytes.ts` text for the current `frame-kernels.wat`. */
export function generate(): Promise<string>;
/** The .wat text with every `;; @expand` line written out. */
export function expandWat(text: string): string;
