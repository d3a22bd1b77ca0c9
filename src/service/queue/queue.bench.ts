// Queue round trips: how many batch jobs per second one Redis and one service move through
// BullMQ when the batches themselves cost nothing (1 shot of a distance-3 repetition code), with
// `qec worker`'s whole path (task fetched once, batch run on a thread by the shared handler,
// result back through the queue); and what a 65536-shot batch costs at d = 11, 17, 25, which
// together say how many workers one Redis keeps busy. Needs redis-server (Debian package).
import { Rng } from '../../base/prng.js';
import { compileTask, runBatch } from '../../experiment/batch.js';
import { batchSeed } from '../../experiment/schedule.js';
import { resolveTask } from '../../experiment/task.js';
import { generateExperiment } from '../../codes/code-families.js';
import { printCircuit } from '../../circuit/printer.js';
import type { BatchRequest } from '../../protocol/index.js';
import { batchRequest, taskAssignment } from '../executor.js';
import { QueueRunner } from './queue-runner.js';
import { startQueueWorker } from './queue-worker.js';
import { startRedis } from './redis-process.js';

function surfaceTask(d: number, p: number) {
  const g = generateExperiment({
    code: 'rotated-surface',
    task: 'memory-z',
    distance: d,
    rounds: d,
    noise: 'uniform',
    noiseParams: { p },
  });
  return resolveTask({ circuit: printCircuit(g.circuit), decoder: 'mwpm' });
}

export async function bench(report: (line: string) => void): Promise<void> {
  const redis = await startRedis();
  const port = redis.port;
  const address = { host: '127.0.0.1', port, db: 0 };
  try {
    const t = resolveTask({
      circuit: printCircuit(
        generateExperiment({
          code: 'repetition',
          task: 'memory-z',
          distance: 3,
          rounds: 3,
          noise: 'uniform',
          noiseParams: { p: 0.01 },
        }).circuit,
      ),
      decoder: 'mwpm',
    });
    for (const [n, conc] of [
      [1, 2],
      [4, 4],
    ] as const) {
      const depth = 64;
      const runner = new QueueRunner(address, { depth });
      await runner.ready(address);
      const workers = await Promise.all(
        Array.from({ length: n }, () => startQueueWorker({ address, concurrency: conc })),
      );
      const jobs = 3000;
      let next = 0;
      const one = (): BatchRequest => batchRequest(t, next++, 1);
      const assignment = taskAssignment(t);
      const study = `bench-${n}-${conc}`;
      const lane = async (): Promise<void> => {
        while (next < jobs) await runner.run(assignment, one(), study);
      };
      await Promise.all(Array.from({ length: 50 }, () => runner.run(assignment, one(), `${study}-warm`)));
      next = 0;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: depth }, lane));
      const s = (performance.now() - t0) / 1000;
      report(
        `no-op batches, ${depth} in flight, ${n} worker(s) × ${conc} threads: ${(jobs / s).toFixed(0)} round trips/s (${((s / jobs) * 1e6).toFixed(0)} µs each)`,
      );
      await Promise.all(workers.map((w) => w.close()));
      await runner.close();
    }
    for (const [d, shots] of [
      [11, 512],
      [17, 128],
      [25, 32],
    ] as const) {
      const c = compileTask(surfaceTask(d, 0.001));
      runBatch(c, Math.min(shots, 32), new Rng(1));
      const t0 = performance.now();
      runBatch(c, shots, new Rng(batchSeed(c.task.strongId, 0)));
      const perShot = (performance.now() - t0) / 1000 / shots;
      report(
        `rotated surface d=${d}, p=0.001, MWPM: ${(perShot * 1e3).toFixed(3)} ms/shot, a 65536-shot batch ≈ ${(perShot * 65536).toFixed(1)} s`,
      );
    }
  } finally {
    await redis.stop();
  }
}
