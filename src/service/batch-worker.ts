// Worker thread of the service's batch pool: compiles each task once (cached by strong id) and
// answers every batch request with its counts (or the error, with its code).
import { parentPort } from 'node:worker_threads';
import { Rng } from '../base/prng.js';
import { compileTask, runBatch, type CompiledTask } from '../experiment/batch.js';
import { resolveTask } from '../experiment/task.js';
import { toProtocolError } from '../protocol/index.js';
import type { BatchRequest, BatchResult } from './batch-pool.js';

const cache = new Map<string, CompiledTask>();

parentPort?.on('message', (req: BatchRequest) => {
  try {
    let t = cache.get(req.strongId);
    if (t === undefined) {
      t = compileTask(
        resolveTask({
          circuit: req.circuitText,
          decoder: req.decoder,
          decoderOptions: req.decoderOptions,
          metadata: req.metadata,
        }),
      );
      cache.set(req.strongId, t);
    }
    const start = performance.now();
    const r = runBatch(t, req.shots, new Rng(req.seed));
    const res: BatchResult = { ...req, errors: r.errors, seconds: (performance.now() - start) / 1000 };
    parentPort?.postMessage(res);
  } catch (e) {
    const { code, message } = toProtocolError(e);
    parentPort?.postMessage({ ...req, error: { code, message } });
  }
});
