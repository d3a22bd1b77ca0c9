// Worker-thread entry of the pool (worker-pool.ts): answers each message with the shared handler.
import { parentPort } from 'node:worker_threads';
import { handleWorkerRequest, newWorkerState, type WorkerRequest } from './worker-jobs.js';

const state = newWorkerState(() => performance.now() / 1000);

parentPort?.on('message', (msg: WorkerRequest) => {
  const reply = handleWorkerRequest(state, msg);
  if (reply !== undefined) parentPort?.postMessage(reply);
});
