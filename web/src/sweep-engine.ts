/**
 * What a sweep Web Worker does, without the worker (so it is unit-tested in Node): validates each
 * request ({@link decodeSweepRequest}), runs it, and answers with a reply of `sweep-messages.ts`.
 * Compiled tasks (circuit, DEM, decoder, frame sampler) are cached per generator and decoder.
 */
import { compileTask, generateExperiment, resolveTask, Rng, runBatch } from '../../src/index.js';
import { sampleDigest } from './kernel-check.js';
import { decodeSweepRequest, type BatchRequest, type SweepReply } from './sweep-messages.js';

type CompiledTask = ReturnType<typeof compileTask>;

/** The id of a message that failed validation, when it has a usable one. */
function idOf(data: unknown): number | null {
  const id = typeof data === 'object' && data !== null ? (data as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

/** A worker's state: its compiled tasks. `now` is a clock in milliseconds (the batch timing). */
export class SweepEngine {
  private readonly compiled = new Map<string, CompiledTask>();

  constructor(private readonly now: () => number) {}

  private compiledFor(req: BatchRequest): CompiledTask {
    const key = JSON.stringify([req.generator, req.decoder]);
    let t = this.compiled.get(key);
    if (t === undefined) {
      t = compileTask(resolveTask({ generator: req.generator, decoder: req.decoder }));
      this.compiled.set(key, t);
    }
    return t;
  }

  /** Answers one message: a batch's counts, the kernel check's digests, or a one-line error. */
  handle(data: unknown): SweepReply {
    try {
      const req = decodeSweepRequest(data);
      if (req.kind === 'kernel-check') {
        const circuit = generateExperiment(req.generator).circuit;
        return {
          kind: 'kernel-check',
          id: req.id,
          wasm: sampleDigest(circuit, req.shots, req.seed, true),
          typescript: sampleDigest(circuit, req.shots, req.seed, false),
        };
      }
      const t0 = this.now();
      const t = this.compiledFor(req);
      const r = runBatch(t, req.shots, new Rng(req.seed));
      return {
        kind: 'batch',
        id: req.id,
        shots: r.shots,
        errors: r.errors,
        seconds: Math.max(0, (this.now() - t0) / 1000),
        wasm: t.sampler.usesWasmKernels,
      };
    } catch (err) {
      return { kind: 'error', id: idOf(data), error: err instanceof Error ? err.message : String(err) };
    }
  }
}
