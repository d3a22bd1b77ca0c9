/**
 * The lab's kernel check: samples one circuit from one seed with the frame sampler's WebAssembly
 * SIMD kernels and with its TypeScript path, and digests each result, so the page can show (and
 * the tests compare, with Node's digest of the same sampling) that both paths give the same bits.
 * Pure: no DOM; runs in a Web Worker, on the page's main thread (where a browser may refuse to
 * compile WebAssembly synchronously; then the TypeScript path runs) and in Node.
 */
import { compileSampler, popcount32, Rng, sha256Hex, type Circuit } from '../../src/index.js';
import type { SampleDigest } from './sweep-messages.js';

/** Shots sampled by the lab's kernel check (three batches of the sampler's 2048-shot default). */
export const KERNEL_CHECK_SHOTS = 5000;

/**
 * Samples `shots` shots of `circuit`'s detectors and observables from `new Rng(seed)`, with the
 * WebAssembly kernels when `wasm` and they load here, else the TypeScript path. The digest is the
 * SHA-256 of the words of both shot-major tables (little-endian bytes, padding words included:
 * they are zero), so equal digests mean equal bits. Cost: one sampling pass plus the hash.
 */
export function sampleDigest(circuit: Circuit, shots: number, seed: number, wasm: boolean): SampleDigest {
  const sampler = compileSampler(circuit, { wasm });
  const { detectors, observables } = sampler.sampleDetectors(shots, new Rng(seed));
  const words = new Uint32Array(detectors.data.length + observables.data.length);
  words.set(detectors.data);
  words.set(observables.data, detectors.data.length);
  let events = 0;
  for (let i = 0; i < detectors.data.length; i++) events += popcount32(detectors.data[i]);
  return {
    kernels: sampler.usesWasmKernels,
    sha256: sha256Hex(new Uint8Array(words.buffer)),
    detectionEvents: events,
  };
}
