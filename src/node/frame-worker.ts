// Worker-thread entry of the parallel frame sampler (worker-pool.ts): compiles the circuit once
// from workerData, then samples each batch it is sent straight into the shared result tables.
import { parentPort, workerData } from 'node:worker_threads';
import { Rng } from '../base/prng.js';
import { parseCircuit } from '../circuit/parser.js';
import { compileSampler, type CompiledSampler } from '../sim/frame/frame-simulator.js';
import {
  batchView,
  type FrameWorkerInit,
  type FrameWorkerReply,
  type FrameWorkerTask,
} from './worker-pool.js';

const init = workerData as FrameWorkerInit;
let sampler: CompiledSampler | undefined;
let initError: string | undefined;
try {
  sampler = compileSampler(parseCircuit(init.circuitText), { batchShots: init.samplerBatchShots });
} catch (e) {
  initError = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

parentPort?.on('message', (task: FrameWorkerTask) => {
  let reply: FrameWorkerReply;
  try {
    if (sampler === undefined) throw new Error(initError ?? 'circuit did not compile');
    const out = batchView(
      task.detectors,
      task.observables,
      sampler.numDetectors,
      sampler.numObservables,
      task.start,
      task.count,
    );
    sampler.sampleDetectors(task.count, new Rng(task.seed), { out });
    reply = { batch: task.batch };
  } catch (e) {
    reply = { batch: task.batch, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
  parentPort?.postMessage(reply);
});
