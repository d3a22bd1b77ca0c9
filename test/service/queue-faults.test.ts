/* eslint-disable @typescript-eslint/no-unsafe-member-access -- JSON answers are checked field by field by the assertions */
// The queue's fault cases: a cancelled study's waiting jobs leave the queue (another study's stay);
// the service SIGKILLed mid-study and started again while two `qec worker` processes keep running;
// Redis killed (its data gone) and started again mid-study. Each study finishes with exactly its
// shots, every batch once, and each batch's counts those of its seed (recomputed here).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Rng } from '../../src/base/prng.js';
import { compileTask, runBatch } from '../../src/experiment/batch.js';
import { batchSeed } from '../../src/experiment/schedule.js';
import { decodeMessage, resolveStudy, StudySpecSchema } from '../../src/protocol/index.js';
import { KEY_PREFIX, QUEUE_NAME, WORKERS_KEY } from '../../src/service/queue/queue-common.js';
import { ServiceStore, type StoredBatch } from '../../src/service/store.js';
import { call, startTestService, waitForStudy, type TestService } from './helpers.js';
import { spawnQec, startRedis, startWorker, type QecChild, type TestRedis } from './queue-helpers.js';

const STUDY = {
  tasks: [
    { code: 'rotated-surface', distance: 3, noise: 'uniform', params: { p: 0.01 } },
    { code: 'repetition', distance: 5, noise: 'uniform', params: { p: 0.05 } },
  ],
  maxShots: 15_000,
};

/** Every batch once, each with its seed's counts, and exactly `maxShots` shots per task. */
function checkBatches(study: typeof STUDY, batches: readonly StoredBatch[]): void {
  const keys = batches.map((b) => `${b.strongId}.${b.batch}`);
  assert.equal(new Set(keys).size, keys.length, 'a batch was counted twice');
  const tasks = resolveStudy(decodeMessage(StudySpecSchema, study), () => '');
  for (const t of tasks) {
    const mine = batches.filter((b) => b.strongId === t.strongId);
    assert.equal(
      mine.reduce((a, b) => a + b.shots, 0),
      study.maxShots,
    );
    const c = compileTask(t);
    for (const b of mine)
      assert.equal(b.errors, runBatch(c, b.shots, new Rng(batchSeed(t.strongId, b.batch))).errors);
  }
}

async function submit(url: string, token: string, study: object): Promise<string> {
  const created = await call(url, 'POST', '/api/v1/studies', { token, body: study });
  assert.equal(created.status, 201, created.text);
  return created.body.id as string;
}

/** Waits until the study has at least `n` committed batches. */
async function waitForBatches(url: string, token: string, id: string, n: number): Promise<void> {
  const end = Date.now() + 60_000;
  for (;;) {
    const a = await call(url, 'GET', `/api/v1/studies/${id}`, { token });
    assert.equal(a.body.status, 'running', `study ended too soon: ${a.text}`);
    if ((a.body.tasks as { batches: number }[]).reduce((x, t) => x + t.batches, 0) >= n) return;
    if (Date.now() > end) throw new Error('no batches committed');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function until(what: string, f: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('qec serve --queue: cancelling a study', () => {
  let redis: TestRedis;
  let t: TestService;
  before(async () => {
    redis = await startRedis();
    t = await startTestService({ queue: redis.url, queueDepth: 6, maxBatchShots: 1024 });
  });
  after(async () => {
    await t?.stop();
    await redis?.stop();
  });

  it("removes the study's jobs no worker took; another study's stay and take the freed places", async () => {
    const queue = new Queue(QUEUE_NAME, {
      connection: { host: '127.0.0.1', port: redis.port },
      prefix: KEY_PREFIX,
    });
    // No worker takes jobs here; a registry entry with concurrency 3 lets each study have 2 x 3
    // jobs out, so the overall cap (6) is what binds. The service reads it within a heartbeat.
    const redisClient = new Redis(redis.url);
    const now = Date.now();
    const info = {
      id: 'ghost:1:x',
      host: 'ghost',
      pid: 1,
      concurrency: 3,
      batches: 0,
      shots: 0,
      started: now,
    };
    await redisClient.hset(WORKERS_KEY, info.id, JSON.stringify({ ...info, lastSeen: now }));
    try {
      const a = await submit(t.url, t.token, STUDY);
      const b = await submit(t.url, t.token, { ...STUDY, maxShots: 10_000 });
      const studies = async (): Promise<string[]> =>
        (await queue.getWaiting()).map((j) => (j.data as { study: string }).study);
      await until('6 waiting jobs', async () => (await studies()).length === 6);
      assert.ok((await studies()).includes(a));
      const cancelled = await call(t.url, 'POST', `/api/v1/studies/${a}/cancel`, { token: t.token });
      assert.equal(cancelled.status, 200, cancelled.text);
      await until('only the other study waiting', async () => {
        const s = await studies();
        return s.length === 6 && s.every((x) => x === b);
      });
    } finally {
      await redisClient.hdel(WORKERS_KEY, info.id);
      redisClient.disconnect();
      await queue.close();
    }
  });
});

describe('qec serve --queue: the service and Redis restarted mid-study', () => {
  let redis: TestRedis;
  const workers: QecChild[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'qec-queue-restart-'));
  let token = '';
  before(async () => {
    redis = await startRedis();
    for (let i = 0; i < 2; i++) workers.push((await startWorker(redis.url))[0]);
    const store = new ServiceStore(dir);
    token = store.createToken('alice').token;
    store.close();
  });
  after(async () => {
    for (const w of workers)
      if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the service SIGKILLed and started again while the workers run: nothing lost, nothing doubled', async () => {
    const args = ['serve', '--data', dir, '--port', '0', '--queue', redis.url, '--queue-depth', '4'];
    const start = async (): Promise<[QecChild, string]> => {
      const [c, m] = await spawnQec([...args, '--max-batch-shots', '1024'], /listening on (http:\/\/\S+)/);
      return [c, m[1]];
    };
    let [service, url] = await start();
    const id = await submit(url, token, STUDY);
    await waitForBatches(url, token, id, 4);
    service.proc.kill('SIGKILL');
    assert.equal((await service.exited).signal, 'SIGKILL');
    [service, url] = await start();
    try {
      const done = await waitForStudy(url, token, id, 60_000);
      assert.equal(done.body.status, 'done', done.text);
    } finally {
      service.proc.kill('SIGTERM');
      assert.equal((await service.exited).code, 0, service.stderr());
    }
    const store = new ServiceStore(dir);
    try {
      checkBatches(STUDY, store.batches(id));
    } finally {
      store.close();
    }
  });

  it('Redis killed (its data gone) and started again: workers and service reconnect, the study finishes', async () => {
    const t = await startTestService({
      queue: redis.url,
      queueDepth: 4,
      maxBatchShots: 1024,
      queueCheckMs: 500,
    });
    try {
      const id = await submit(t.url, t.token, STUDY);
      await waitForBatches(t.url, t.token, id, 4);
      await redis.stop();
      redis = await startRedis(redis.port);
      const done = await waitForStudy(t.url, t.token, id, 60_000);
      assert.equal(done.body.status, 'done', done.text);
      checkBatches(STUDY, t.service.store.batches(id));
      for (const w of workers) assert.equal(w.proc.exitCode, null, 'a worker exited');
    } finally {
      await t.stop();
    }
  });
});
