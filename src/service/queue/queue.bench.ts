// Queue round trips: how many batch jobs per second one Redis and one service move through
// BullMQ when the batches themselves cost nothing (1 shot of a distance-3 repetition code), with
// `qec worker`'s whole path (task fetched once, batch run on a thread by the shared handler,
// result back through the queue); and what a 65536-shot batch costs at d = 11, 17, 25, which
// together say how many workers one Redis keeps busy; and jobs of 64 no-op batches (the service
// grows jobs so), whose round trips show the cost of a batch inside a job. Needs redis-server.
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
      // Grown jobs: 64 one-shot batches per job, as the executor sends once overhead is measured.
      const per = 64;
      const grownJobs = 200;
      let nextJob = 0;
      const grownLane = async (): Promise<void> => {
        while (nextJob < grownJobs) {
          const first = jobs + 1000 + per * nextJob++;
          const reqs = Array.from({ length: per }, (_, k) => batchRequest(t, first + k, 1));
          await runner.runJob(assignment, reqs, `${study}-grown`);
        }
      };
      const g0 = performance.now();
      await Promise.all(Array.from({ length: depth }, grownLane));
      const gs = (performance.now() - g0) / 1000;
      report(
        `  jobs of ${per} no-op batches: ${(grownJobs / gs).toFixed(0)} jobs/s, ${((grownJobs * per) / gs).toFixed(0)} batches/s`,
      );
      await Promise.all(workers.map((w) => w.close()));
      await runner.close();
    }
    // Enough shots that a loaded machine's noise averages out; CPU time (this process: the batch
    // runs on the main thread here) alongside wall time.
    for (const [d, shots] of [
      [11, 4096],
      [17, 2048],
      [25, 1024],
    ] as const) {
      const c = compileTask(surfaceTask(d, 0.001));
      runBatch(c, 64, new Rng(1));
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      runBatch(c, shots, new Rng(batchSeed(c.task.strongId, 0)));
      const wall = (performance.now() - t0) / 1000 / shots;
      const used = process.cpuUsage(cpu0);
      const cpu = (used.user + used.system) / 1e6 / shots;
      report(
        `rotated surface d=${d}, p=0.001, MWPM, ${shots} shots: ${(cpu * 1e3).toFixed(3)} ms/shot CPU (${(wall * 1e3).toFixed(3)} wall), a 65536-shot batch ≈ ${(cpu * 65536).toFixed(1)} s CPU`,
      );
    }
  } finally {
    await redis.stop();
  }
}
