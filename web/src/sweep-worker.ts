/**
 * Web Worker of the sweep view: compiles a task once (circuit, DEM, decoder, frame sampler) and
 * runs seeded batches of it, replying with the shot and logical-error counts.
 */
import { compileTask, resolveTask, Rng, runBatch } from '../../src/index.js';
import type { BatchReply, BatchRequest } from './sweep-messages.js';

const compiled = new Map<string, ReturnType<typeof compileTask>>();

function compiledFor(req: BatchRequest): ReturnType<typeof compileTask> {
  const key = JSON.stringify([req.generator, req.decoder]);
  let t = compiled.get(key);
  if (t === undefined) {
    t = compileTask(resolveTask({ generator: req.generator, decoder: req.decoder }));
    compiled.set(key, t);
  }
  return t;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<BatchRequest>) => void) | null;
  postMessage(m: BatchReply): void;
};

scope.onmessage = (e) => {
  const req = e.data;
  try {
    const t0 = performance.now();
    const r = runBatch(compiledFor(req), req.shots, new Rng(req.seed));
    scope.postMessage({
      id: req.id,
      ok: true,
      shots: r.shots,
      errors: r.errors,
      seconds: (performance.now() - t0) / 1000,
    });
  } catch (err) {
    scope.postMessage({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
