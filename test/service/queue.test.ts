/* eslint-disable @typescript-eslint/no-unsafe-member-access -- JSON answers are checked field by field by the assertions */
// The service on BullMQ: one `qec serve --queue` service and two `qec worker` processes on a
// private redis-server finish a study with exactly the batches (shots and errors of each seed)
// of the embedded pool, and with a max-errors stop the very batches of `qec collect`'s run loop and
// of the in-process service; a worker SIGKILLed mid-batch loses and doubles nothing (its job is
// finished by the other worker); a poisoned task fails alone with its error and code (its
// study ends done-with-failures) while its study's other task and another study finish.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Rng } from '../../src/base/prng.js';
import { MemoryIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { compileTask, runBatch } from '../../src/experiment/batch.js';
import { batchSeed } from '../../src/experiment/schedule.js';
import { collect } from '../../src/node/collector.js';
import { parseResultsCsv, ResultStore } from '../../src/node/result-store.js';
import { decodeMessage, resolveStudy, StudySpecSchema } from '../../src/protocol/index.js';
import { KEY_PREFIX, QUEUE_NAME, taskKey } from '../../src/service/queue/queue-common.js';
import { call, startTestService, waitForStudy, type TestService } from './helpers.js';
import { startRedis, startWorker, type QecChild, type TestRedis } from './queue-helpers.js';

/** Batches as sorted `strongId batch shots errors` strings. */
const batchKeys = (csv: string): string[] =>
  parseResultsCsv(csv, 'results.csv')
    .rows.map((r) => `${r.strongId} ${r.shots} ${r.errors}`)
    .sort();

const STUDY = {
  tasks: [
    { code: 'rotated-surface', distance: 3, noise: 'uniform', params: { p: 0.01 } },
    { code: 'repetition', distance: 5, noise: 'uniform', params: { p: 0.05 } },
  ],
  maxShots: 12_000,
};

/** Batches of a results CSV as sorted `strongId batch shots errors` strings. */
const rowsWithBatch = (csv: string): string[] =>
  parseResultsCsv(csv, 'results.csv')
    .rows.map((r) => `${r.strongId} ${r.batch} ${r.shots} ${r.errors}`)
    .sort();

/** A service study's committed batches, in the same form. */
const storedRows = (t: TestService, id: string): string[] =>
  t.service.store
    .batches(id)
    .map((b) => `${b.strongId} ${b.batch} ${b.shots} ${b.errors}`)
    .sort();

async function results(t: TestService, id: string): Promise<string[]> {
  const csv = await call(t.url, 'GET', `/api/v1/studies/${id}/results.csv`, { token: t.token });
  assert.equal(csv.status, 200, csv.text);
  return batchKeys(csv.text);
}

async function runStudy(t: TestService, study: object): Promise<string> {
  const created = await call(t.url, 'POST', '/api/v1/studies', { token: t.token, body: study });
  assert.equal(created.status, 201, created.text);
  return created.body.id as string;
}

describe('qec serve --queue with two qec worker processes', () => {
  let redis: TestRedis;
  let service: TestService;
  let embedded: string[];
  const workers: QecChild[] = [];
  const ids: string[] = [];
  before(async () => {
    redis = await startRedis();
    // The reference: the same study on the embedded pool (same batch sizes, same seeds).
    const local = await startTestService({ maxBatchShots: 1024 });
    try {
      const id = await runStudy(local, STUDY);
      assert.equal((await waitForStudy(local.url, local.token, id, 60_000)).body.status, 'done');
      embedded = await results(local, id);
    } finally {
      await local.stop();
    }
    // The overall cap is high: each study's jobs are bounded by the workers' concurrency (2 x 1).
    service = await startTestService({ queue: redis.url, queueDepth: 64, maxBatchShots: 1024 });
    for (let i = 0; i < 2; i++) {
      const [w, id] = await startWorker(redis.url);
      workers.push(w);
      ids.push(id);
    }
  });
  after(async () => {
    for (const w of workers)
      if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
    await service?.stop();
    await redis?.stop();
  });

  it('finishes a study with the batches of the embedded pool, shared by both workers', async () => {
    const id = await runStudy(service, STUDY);
    // While it runs, the study never has more than 2 x (total worker concurrency) = 4 jobs out.
    const watcher = new Queue(QUEUE_NAME, {
      connection: { host: '127.0.0.1', port: redis.port },
      prefix: KEY_PREFIX,
    });
    const outstanding: number[] = [];
    let running = true;
    const sampling = (async () => {
      while (running) {
        const jobs = await watcher.getJobs(['waiting', 'active', 'prioritized', 'delayed']);
        outstanding.push(jobs.filter((j) => (j.data as { study: string }).study === id).length);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    let done: Awaited<ReturnType<typeof waitForStudy>>;
    try {
      done = await waitForStudy(service.url, service.token, id, 60_000);
    } finally {
      running = false;
      await sampling;
      await watcher.close();
    }
    assert.ok(Math.max(...outstanding) <= 4, `jobs out: ${outstanding.join(' ')}`);
    // The sampler saw the study's jobs. (Not "at least 2": jobs grow to 20x the measured
    // overhead, so on a loaded machine a task can be down to one job before the first sample;
    // once in a full `npm test` every sample saw 1. That both workers took part is checked below.)
    assert.ok(Math.max(...outstanding) >= 1, `jobs out: ${outstanding.join(' ')}`);
    assert.equal(done.body.status, 'done', done.text);
    const got = await results(service, id);
    assert.equal(got.length, embedded.length);
    assert.deepEqual(got, embedded);
    // Jobs grew once the workers' overhead was measured: some carried several batches.
    const queue = new Queue(QUEUE_NAME, {
      connection: { host: '127.0.0.1', port: redis.port },
      prefix: KEY_PREFIX,
    });
    const jobs = (await queue.getCompleted(0, 1000)).filter(
      (j) => (j.data as { study: string }).study === id,
    );
    await queue.close();
    const perJob = jobs.map((j) => (j.data as { requests: unknown[] }).requests.length);
    assert.equal(
      perJob.reduce((a, n) => a + n, 0),
      got.length,
      `batches per job: ${perJob.join(' ')}`,
    );
    assert.ok(
      perJob.some((n) => n > 1),
      `batches per job: ${perJob.join(' ')}`,
    );
    for (const task of done.body.tasks as { shots: number }[]) assert.equal(task.shots, STUDY.maxShots);
    // Both workers took part; the registry (refreshed by heartbeats) accounts for every batch.
    let seen: { id: string; batches: number; concurrency: number }[] = [];
    const end = Date.now() + 15_000;
    do {
      await new Promise((r) => setTimeout(r, 200));
      const listed = await call(service.url, 'GET', '/api/v1/workers', { token: service.token });
      assert.equal(listed.status, 200, listed.text);
      assert.equal(listed.body.backend, 'queue');
      seen = listed.body.workers as typeof seen;
    } while (seen.reduce((a, w) => a + w.batches, 0) < got.length && Date.now() < end);
    assert.deepEqual(seen.map((w) => w.id).sort(), [...ids].sort());
    // (At least: a batch whose lock lapsed on a loaded machine may have run twice, counted once.)
    assert.ok(seen.reduce((a, w) => a + w.batches, 0) >= got.length);
    for (const w of seen) {
      assert.equal(w.concurrency, 1);
      assert.ok(w.batches > 0, `worker ${w.id} did no batch`);
    }
    // The study shows each worker's share: every committed batch, under the worker that ran it.
    const shares = done.body.workers as { worker: string; batches: number; shots: number }[];
    assert.deepEqual(shares.map((w) => w.worker).sort(), [...ids].sort());
    assert.equal(
      shares.reduce((a, w) => a + w.batches, 0),
      got.length,
    );
    assert.equal(
      shares.reduce((a, w) => a + w.shots, 0),
      STUDY.maxShots * STUDY.tasks.length,
    );
    for (const w of shares) assert.ok(w.batches > 0 && w.shots > 0, JSON.stringify(shares));
    const io = new MemoryIO();
    assert.equal(
      await main(['status', id, '--server', service.url, '--token', service.token], io),
      0,
      io.err,
    );
    for (const w of shares)
      assert.ok(io.out.includes(`  ${w.worker}: ${w.batches} batches, ${w.shots} shots (`), io.out);
  });

  it('with a max-errors stop: qec collect, the in-process service and the queue count the same batches', async () => {
    // Surface d = 3 (about 6% per shot) and repetition d = 5 at p = 0.05 (12%) stop on 250 errors
    // after a few batches, repetition at p = 0.01 (0.1%) on 12 000 shots. The queue's two workers
    // and the pool's two threads finish batches out of order and past the stop; counting in batch
    // order gives collect's batches all the same.
    const study = {
      tasks: [...STUDY.tasks, { code: 'repetition', distance: 5, noise: 'uniform', params: { p: 0.01 } }],
      maxShots: 12_000,
      maxErrors: 250,
    };
    const tasks = resolveStudy(decodeMessage(StudySpecSchema, study), () => '');
    const dir = mkdtempSync(join(tmpdir(), 'qec-queue-collect-'));
    let collected: string[];
    try {
      // qec collect's run loop (node/collector) on two threads, with the services' batch cap.
      const save = join(dir, 'collect.csv');
      const store = new ResultStore(save);
      await collect(tasks, { maxShots: 12_000, maxErrors: 250, workers: 2, maxBatchShots: 1024, store });
      store.close();
      collected = rowsWithBatch(readFileSync(save, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const perTask = tasks.map((t) => collected.filter((k) => k.startsWith(t.strongId)).length);
    assert.ok(
      perTask.every((n) => n >= 3),
      `batches per task: ${perTask.join(' ')}`,
    );
    const local = await startTestService({ maxBatchShots: 1024 });
    let pooled: string[];
    try {
      const id = await runStudy(local, study);
      assert.equal((await waitForStudy(local.url, local.token, id, 60_000)).body.status, 'done');
      pooled = storedRows(local, id);
    } finally {
      await local.stop();
    }
    const id = await runStudy(service, study);
    const done = await waitForStudy(service.url, service.token, id, 60_000);
    assert.equal(done.body.status, 'done', done.text);
    const queued = storedRows(service, id);
    assert.deepEqual(pooled, collected, 'in-process service vs collect');
    assert.deepEqual(queued, collected, 'queue vs collect');
    // Two tasks stopped on max-errors, the third on max-shots.
    const [a, b, c] = done.body.tasks as { shots: number; errors: number }[];
    for (const t of [a, b]) assert.ok(t.errors >= 250 && t.shots < 12_000, JSON.stringify(t));
    assert.ok(c.errors < 250 && c.shots === 12_000, JSON.stringify(c));
  });

  it("a poisoned task fails alone with its error and code; the study's other task and another study finish", async () => {
    const poisoned = {
      tasks: [
        { code: 'repetition', distance: 3, noise: 'uniform', params: { p: 0.02 } },
        { code: 'repetition', distance: 3, noise: 'uniform', params: { p: 0.03 } },
      ],
      maxShots: 4000,
    };
    // Redis holds a different task under this task's strong id: workers must refuse it.
    const [task] = resolveStudy(decodeMessage(StudySpecSchema, poisoned), () => '');
    const [other] = resolveStudy(
      decodeMessage(StudySpecSchema, { ...poisoned, tasks: [STUDY.tasks[1]] }),
      () => '',
    );
    const r = new Redis(redis.url);
    await r.set(
      taskKey(task.strongId),
      JSON.stringify({
        strongId: task.strongId,
        task: { circuit: other.circuitText, decoder: other.decoder },
      }),
    );
    r.disconnect();
    const bad = await runStudy(service, poisoned);
    const good = await runStudy(service, { ...STUDY, maxShots: 3000 });
    const failed = await waitForStudy(service.url, service.token, bad, 60_000);
    assert.equal(failed.body.status, 'done-with-failures', failed.text);
    assert.match(
      failed.body.error as string,
      /1 of 2 tasks failed; first: .*resolves to a different strong id/,
    );
    const [t0, t1] = failed.body.tasks as {
      status: string;
      shots: number;
      error?: { code: string; message: string };
    }[];
    assert.equal(t0.status, 'failed');
    assert.equal(t0.error?.code, 'VALIDATION');
    assert.match(t0.error?.message ?? '', /resolves to a different strong id/);
    assert.equal(t1.status, 'done');
    assert.equal(t1.error, undefined);
    assert.equal(t1.shots, poisoned.maxShots);
    const ok = await waitForStudy(service.url, service.token, good, 60_000);
    assert.equal(ok.body.status, 'done', ok.text);
    for (const w of workers) assert.equal(w.proc.exitCode, null, 'a worker died of the poisoned task');
  });

  it('a worker SIGKILLed mid-batch: its batch is finished by the other worker, nothing counted twice', async () => {
    // d = 5 batches of 1024 shots take about a second: the kill lands mid-batch.
    const big = {
      tasks: [{ code: 'rotated-surface', distance: 5, noise: 'uniform', params: { p: 0.01 } }],
      maxShots: 5000,
    };
    // The second worker is frozen until the first is killed, so the first takes the study's jobs
    // even when the machine is loaded and slow to start it; the second then finishes them.
    workers[1].proc.kill('SIGSTOP');
    const queue = new Queue(QUEUE_NAME, {
      connection: { host: '127.0.0.1', port: redis.port },
      prefix: KEY_PREFIX,
    });
    try {
      await killMidBatch(big, queue);
    } finally {
      workers[1].proc.kill('SIGCONT');
      await queue.close();
    }
  });

  /** Runs `big` and SIGKILLs the first worker mid-batch; checks the study still counts every batch once. */
  async function killMidBatch(big: { tasks: object[]; maxShots: number }, queue: Queue): Promise<void> {
    const id = await runStudy(service, big);
    // Wait until the first worker runs a full-size batch, then kill it mid-batch. Batches can be
    // short (tens of ms), so the worker is frozen (SIGSTOP) first and killed only if the job is
    // still active; otherwise it is thawed and the next one is tried.
    let held: string | undefined;
    const end = Date.now() + 60_000;
    while (held === undefined && Date.now() < end) {
      const active = await queue.getActive();
      const candidate = active.find(
        (j) =>
          j.processedBy === ids[0] &&
          (j.data as { requests: { shots: number }[] }).requests.some((r) => r.shots === 1024),
      )?.id;
      if (candidate === undefined) {
        await new Promise((res) => setTimeout(res, 10));
        continue;
      }
      workers[0].proc.kill('SIGSTOP');
      const state = await (await queue.getJob(candidate))?.getState();
      if (state === 'active') held = candidate;
      else workers[0].proc.kill('SIGCONT');
    }
    assert.ok(held !== undefined, 'the first worker never took a job');
    workers[0].proc.kill('SIGKILL');
    assert.equal((await workers[0].exited).signal, 'SIGKILL');
    workers[1].proc.kill('SIGCONT');
    const done = await waitForStudy(service.url, service.token, id, 60_000);
    assert.equal(done.body.status, 'done', done.text);
    // Every batch once, each with the counts of its seed (recomputed here), shots exact.
    for (const task of done.body.tasks as { shots: number }[]) assert.equal(task.shots, big.maxShots);
    const stored = service.service.store.batches(id);
    const keys = stored.map((b) => `${b.strongId}.${b.batch}`);
    assert.equal(new Set(keys).size, keys.length);
    const tasks = new Map(
      resolveStudy(decodeMessage(StudySpecSchema, big), () => '').map((t) => [t.strongId, compileTask(t)]),
    );
    for (const b of stored) {
      const truth = runBatch(tasks.get(b.strongId)!, b.shots, new Rng(batchSeed(b.strongId, b.batch)));
      assert.equal(b.errors, truth.errors, `batch ${b.batch} of ${b.strongId.slice(0, 8)}`);
    }
    // The killed worker's job (all its batches) was finished by the other worker and counted.
    const job = await queue.getJob(held);
    for (const r of (job?.data as { requests: { strongId: string; batch: number }[] }).requests)
      assert.ok(
        keys.includes(`${r.strongId}.${r.batch}`),
        `batch ${r.batch} of the killed worker is missing`,
      );
    assert.equal((job?.returnvalue as { worker?: string } | undefined)?.worker, ids[1]);
  }
});
