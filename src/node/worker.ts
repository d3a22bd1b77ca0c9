// Worker-thread entry of the pool (worker-pool.ts). Frame-sampling messages are answered by the
// light handler (sample-jobs.ts); the task/batch handler (worker-jobs.ts: protocol schemas, DEM
// analysis, decoders) loads on the first message that needs it, so a thread that only samples
// starts as fast as the sampler. Messages are answered one at a time, in order.
import { parentPort } from 'node:worker_threads';
import { handleSampleRequest, type SamplerHolder } from './sample-jobs.js';
import type { WorkerReply, WorkerRequest } from './worker-jobs.js';

const sampling: SamplerHolder = {};
let tasks: Promise<(msg: WorkerRequest) => WorkerReply | undefined> | undefined;
let queue: Promise<void> = Promise.resolve();

function taskHandler(): Promise<(msg: WorkerRequest) => WorkerReply | undefined> {
  tasks ??= import('./worker-jobs.js').then((m) => {
    const state = m.newWorkerState(() => performance.now() / 1000);
    return (msg: WorkerRequest) => m.handleWorkerRequest(state, msg);
  });
  return tasks;
}

async function answer(msg: WorkerRequest): Promise<void> {
  const reply =
    msg.kind === 'sampler' || msg.kind === 'sample'
      ? handleSampleRequest(sampling, msg)
      : (await taskHandler())(msg);
  if (reply !== undefined) parentPort?.postMessage(reply);
}

parentPort?.on('message', (msg: WorkerRequest) => {
  queue = queue.then(() => answer(msg));
});
