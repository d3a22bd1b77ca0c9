import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTask } from '../experiment/task.js';
import { batchSeed } from '../experiment/schedule.js';
import type { BatchRequest, TaskAssignment } from '../protocol/index.js';
import { Executor, type BatchOutcome, type BatchRunner } from './executor.js';
import { ServiceStore } from './store.js';
import { taskViews } from './study-view.js';

/** A pool of `size` fake workers whose batches the test completes by hand. */
class FakePool implements BatchRunner {
  readonly pending: {
    assignment: TaskAssignment;
    req: BatchRequest;
    resolve: (r: BatchOutcome) => void;
    reject: (e: Error) => void;
  }[] = [];
  constructor(private readonly size: number) {}
  get idle(): number {
    return this.size - this.pending.length;
  }
  run(assignment: TaskAssignment, req: BatchRequest): Promise<BatchOutcome> {
    return new Promise((resolve, reject) => this.pending.push({ assignment, req, resolve, reject }));
  }
  /** Completes the oldest batch with `errors` errors; returns its request. */
  async finish(errors = 0): Promise<BatchRequest> {
    const job = this.pending.shift();
    assert.ok(job !== undefined, 'no batch in flight');
    const { strongId, batch, shots } = job.req;
    job.resolve({ kind: 'result', result: { strongId, batch, shots, errors, discards: 0, seconds: 0.01 } });
    await new Promise((r) => setImmediate(r));
    return job.req;
  }
  /** Answers the oldest batch of task `strongId` with the task's error; returns its request. */
  async throwIn(strongId: string, code: string, message: string): Promise<BatchRequest> {
    const i = this.pending.findIndex((j) => j.req.strongId === strongId);
    assert.ok(i >= 0, `no batch of ${strongId.slice(0, 8)} in flight`);
    const [job] = this.pending.splice(i, 1);
    job.resolve({ kind: 'failed', error: { code, message } });
    await new Promise((r) => setImmediate(r));
    return job.req;
  }
}

/**
 * A queue-like runner whose jobs carry several batches: `overhead` seconds lost per job, batches
 * taking 1 µs per shot (the `seconds` the fake workers report).
 */
class FakeJobPool extends FakePool {
  readonly jobs: { reqs: readonly BatchRequest[]; resolve: (r: BatchOutcome[]) => void }[] = [];
  constructor(
    size: number,
    private readonly overhead: number,
  ) {
    super(size);
  }
  override get idle(): number {
    return super.idle - this.jobs.length;
  }
  runJob(_assignment: TaskAssignment, reqs: readonly BatchRequest[]): Promise<BatchOutcome[]> {
    return new Promise((resolve) => this.jobs.push({ reqs, resolve }));
  }
  overheadSeconds(): number {
    return this.overhead;
  }
  /** Completes the oldest single batch or job, `errors(shots)` errors per batch; returns its batches. */
  async finishJob(errors: (shots: number) => number): Promise<readonly BatchRequest[]> {
    const one = ({ strongId, batch, shots }: BatchRequest): BatchOutcome => ({
      kind: 'result',
      result: { strongId, batch, shots, errors: errors(shots), discards: 0, seconds: shots * 1e-6 },
    });
    const single = this.pending.shift();
    let reqs: readonly BatchRequest[];
    if (single !== undefined) {
      reqs = [single.req];
      single.resolve(one(single.req));
    } else {
      const job = this.jobs.shift();
      assert.ok(job !== undefined, 'nothing in flight');
      reqs = job.reqs;
      job.resolve(job.reqs.map(one));
    }
    await new Promise((r) => setImmediate(r));
    return reqs;
  }
}

const taskOf = (p: number) =>
  resolveTask({
    circuit: `X_ERROR(${p}) 0\nM 0\nDETECTOR rec[-1]\nOBSERVABLE_INCLUDE(0) rec[-1]`,
    decoder: 'lookup',
  });

function setup(fn: (store: ServiceStore) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qec-executor-'));
  const store = new ServiceStore(dir);
  return fn(store).finally(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

describe('Executor', () => {
  it('shares workers fairly: users in turn, then a user’s studies in turn', () =>
    setup(async (store) => {
      const a = store.createToken('a').user.id;
      const b = store.createToken('b').user.id;
      const stop = { maxShots: 1e9, maxErrors: 1e9 };
      const a1 = store.createStudy(a, {}, stop, [taskOf(0.1)]);
      const a2 = store.createStudy(a, {}, stop, [taskOf(0.2)]);
      const a3 = store.createStudy(a, {}, stop, [taskOf(0.3)]);
      const b1 = store.createStudy(b, {}, stop, [taskOf(0.4)]);
      const pool = new FakePool(1);
      const ex = new Executor(store, pool);
      const owner = new Map<string, string>();
      for (const [id, t] of [
        [a1, 0.1],
        [a2, 0.2],
        [a3, 0.3],
        [b1, 0.4],
      ] as const)
        owner.set(taskOf(t).strongId, id);
      ex.resume();
      const order: string[] = [];
      for (let k = 0; k < 12; k++) order.push(owner.get((await pool.finish()).strongId) ?? '?');
      // User b's one study gets every other batch; user a's three studies share the rest in turn.
      assert.deepEqual(
        order.filter((_, i) => i % 2 === 1),
        Array<string>(6).fill(b1),
      );
      assert.deepEqual(
        order.filter((_, i) => i % 2 === 0),
        [a1, a2, a3, a1, a2, a3],
      );
      for (const id of [a1, a2, a3, b1]) ex.cancel(id);
    }));

  it('plans batches as qec collect (sizes, seeds), stops at max-shots exactly and marks the study done', () =>
    setup(async (store) => {
      const u = store.createToken('a').user.id;
      const t = taskOf(0.1);
      const id = store.createStudy(u, {}, { maxShots: 1000, maxErrors: 1e9 }, [t]);
      const pool = new FakePool(2);
      const ex = new Executor(store, pool);
      const statuses: string[] = [];
      ex.subscribe(id, (e) => e.type === 'status' && statuses.push(e.status));
      ex.start(id);
      const reqs: BatchRequest[] = [];
      while (pool.pending.length > 0) reqs.push(await pool.finish(1));
      assert.deepEqual(
        reqs.map((r) => [r.batch, r.shots, r.seed]),
        [
          [0, 256, batchSeed(t.strongId, 0)],
          [1, 512, batchSeed(t.strongId, 1)],
          [2, 232, batchSeed(t.strongId, 2)],
        ],
      );
      assert.equal(store.study(id)?.status, 'done');
      assert.deepEqual(statuses, ['running', 'done']);
      assert.equal(store.totals(id).get(t.strongId)?.shots, 1000);
    }));

  it('counts in batch order and drops batches past a max-errors stop, as qec collect does', () =>
    setup(async (store) => {
      const u = store.createToken('a').user.id;
      const id = store.createStudy(u, {}, { maxShots: 1e9, maxErrors: 3 }, [taskOf(0.1)]);
      const pool = new FakePool(3);
      const ex = new Executor(store, pool);
      ex.start(id);
      assert.deepEqual(
        pool.pending.map((j) => j.req.batch),
        [0, 1, 2],
      );
      // Results arrive newest first: batch 2 (3 errors) would meet the stop if counted on arrival.
      pool.pending.reverse();
      await pool.finish(3);
      await pool.finish(2);
      assert.deepEqual(store.batches(id), [], 'batches 2 and 1 wait for batch 0');
      assert.equal(ex.live(id)?.[0].stats.shots, 0);
      await pool.finish(1);
      // Batch 0 (1 error) then batch 1 (2 more) reach 3 errors: batch 2 and later ones are dropped.
      while (pool.pending.length > 0) await pool.finish(5);
      assert.deepEqual(
        store.batches(id).map((b) => [b.batch, b.shots, b.errors]),
        [
          [0, 256, 1],
          [1, 512, 2],
        ],
      );
      assert.equal(store.study(id)?.status, 'done');
      assert.deepEqual(
        [
          store.totals(id).get(taskOf(0.1).strongId)?.shots,
          store.totals(id).get(taskOf(0.1).strongId)?.errors,
        ],
        [768, 3],
      );
    }));

  it('resumes a study from its counted batches 0..k-1 with the plan an uninterrupted run has', () =>
    setup(async (store) => {
      const u = store.createToken('a').user.id;
      const t = taskOf(0.1);
      const id = store.createStudy(u, {}, { maxShots: 5000, maxErrors: 1e9 }, [t]);
      for (const [batch, shots] of [
        [0, 256],
        [1, 512],
      ])
        store.commitBatch(id, { strongId: t.strongId, batch, shots, errors: 1, discards: 0, seconds: 0 });
      const pool = new FakePool(1);
      new Executor(store, pool).resume();
      const reqs: BatchRequest[] = [];
      while (pool.pending.length > 0) reqs.push(await pool.finish(0));
      assert.deepEqual(
        reqs.map((r) => [r.batch, r.shots, r.seed]),
        [
          [2, 1024, batchSeed(t.strongId, 2)],
          [3, 2048, batchSeed(t.strongId, 3)],
          [4, 1160, batchSeed(t.strongId, 4)],
        ],
      );
      assert.equal(store.totals(id).get(t.strongId)?.shots, 5000);
      assert.equal(store.study(id)?.status, 'done');
    }));

  it('resumes a task with postselection and a decode basis as the same task (strong id, assignment)', () =>
    setup(async (store) => {
      const u = store.createToken('a').user.id;
      const spec = {
        circuit:
          'X_ERROR(0.1) 0\nM 0\nDETECTOR rec[-1]\nX_ERROR(0.1) 1\nM 1\nDETECTOR rec[-1]\nOBSERVABLE_INCLUDE(0) rec[-1]',
        decoder: 'lookup',
        postselectDetectors: [0],
        decodeBasis: 'z',
      } as const;
      const t = resolveTask(spec);
      // The options change the strong id, so a resume that dropped them could not find the task.
      assert.notEqual(t.strongId, resolveTask({ circuit: spec.circuit, decoder: 'lookup' }).strongId);
      const id = store.createStudy(u, {}, { maxShots: 1000, maxErrors: 1e9 }, [t]);
      store.commitBatch(id, {
        strongId: t.strongId,
        batch: 0,
        shots: 256,
        errors: 1,
        discards: 0,
        seconds: 0,
      });
      const pool = new FakePool(1);
      new Executor(store, pool).resume();
      assert.equal(store.study(id)?.status, 'running', store.study(id)?.error ?? '');
      assert.equal(pool.pending.length, 1);
      const { assignment, req } = pool.pending[0];
      assert.equal(req.strongId, t.strongId);
      assert.equal(req.batch, 1);
      assert.deepEqual(assignment.task.postselectDetectors, [0]);
      assert.equal(assignment.task.decodeBasis, 'z');
      while (pool.pending.length > 0) await pool.finish(0);
      assert.equal(store.study(id)?.status, 'done');
    }));

  it('reruns a batch lost with its worker (same index and seed), and fails the study when it keeps dying', () =>
    setup(async (store) => {
      const u = store.createToken('a').user.id;
      const id = store.createStudy(u, {}, { maxShots: 256, maxErrors: 1e9 }, [taskOf(0.1)]);
      const pool = new FakePool(1);
      const ex = new Executor(store, pool);
      ex.start(id);
      const first = pool.pending[0].req;
      for (let k = 0; k < 2; k++) {
        pool.pending.shift()?.reject(new Error('worker died'));
        await new Promise((r) => setImmediate(r));
        assert.deepEqual(pool.pending[0].req, first, 'the same batch again');
      }
      pool.pending.shift()?.reject(new Error('worker died'));
      await new Promise((r) => setImmediate(r));
      assert.equal(store.study(id)?.status, 'failed');
      assert.match(store.study(id)?.error ?? '', /worker died 3 times/);
      assert.equal(pool.pending.length, 0);
    }));

  it('a task that throws fails alone (code and message kept); the others finish: done-with-failures', () =>
    setup(async (store) => {
      const u = store.createToken('a').user.id;
      const [good, bad] = [taskOf(0.1), taskOf(0.2)];
      const id = store.createStudy(u, {}, { maxShots: 2000, maxErrors: 1e9 }, [good, bad]);
      const pool = new FakePool(2);
      const ex = new Executor(store, pool);
      const statuses: string[] = [];
      ex.subscribe(id, (e) => e.type === 'status' && statuses.push(e.status));
      ex.start(id);
      await pool.throwIn(bad.strongId, 'LIMIT', 'the decoder needs 9 GiB');
      // The failed task gets no more batches; a batch of it already out still lands harmlessly.
      let sent = 0;
      while (pool.pending.length > 0) {
        const r = await pool.finish(2);
        if (r.strongId === bad.strongId) sent++;
      }
      assert.ok(sent <= 1, `${sent} batches of the failed task were sent after it failed`);
      const s = store.study(id);
      assert.equal(s?.status, 'done-with-failures');
      assert.match(
        s?.error ?? '',
        /1 of 2 tasks failed; first: task [0-9a-f]{8} failed: LIMIT: the decoder needs 9 GiB/,
      );
      assert.deepEqual(statuses, ['running', 'done-with-failures']);
      assert.equal(store.totals(id).get(good.strongId)?.shots, 2000);
      assert.deepEqual(
        [...store.taskFailures(id)],
        [[bad.strongId, { code: 'LIMIT', message: 'the decoder needs 9 GiB' }]],
      );
      const views = taskViews(store, ex, s);
      assert.deepEqual(
        views.map((v) => [v.status, v.error?.code]),
        [
          ['done', undefined],
          ['failed', 'LIMIT'],
        ],
      );
    }));

  it('a study whose every task throws is failed, with the first task error', () =>
    setup(async (store) => {
      const u = store.createToken('a').user.id;
      const t = taskOf(0.1);
      const id = store.createStudy(u, {}, { maxShots: 1e6, maxErrors: 1e9 }, [t]);
      const pool = new FakePool(1);
      const ex = new Executor(store, pool);
      ex.start(id);
      await pool.throwIn(t.strongId, 'VALIDATION', 'bad circuit');
      assert.equal(pool.pending.length, 0);
      assert.equal(store.study(id)?.status, 'failed');
      assert.match(store.study(id)?.error ?? '', /failed: VALIDATION: bad circuit$/);
    }));

  it('grows jobs to 20x the measured overhead from the same batch plan (indices, sizes, seeds, counts)', () =>
    setup(async (store) => {
      const u = store.createToken('a').user.id;
      const t = taskOf(0.1);
      const stop = { maxShots: 300_000, maxErrors: 1e9 };
      const errors = (shots: number): number => shots % 7;
      // The reference: the embedded pool, one batch per run.
      const a = store.createStudy(u, {}, stop, [t]);
      const plain = new FakePool(2);
      new Executor(store, plain, { maxBatchShots: 4096 }).start(a);
      const planned: BatchRequest[] = [];
      while (plain.pending.length > 0) planned.push(await plain.finish(errors(plain.pending[0].req.shots)));
      // The queue: 2 ms lost per job, 1 µs per shot: jobs should reach 40 000 shots.
      const b = store.createStudy(u, {}, stop, [t]);
      const pool = new FakeJobPool(2, 0.002);
      new Executor(store, pool, { maxBatchShots: 4096 }).start(b);
      const jobs: (readonly BatchRequest[])[] = [];
      while (pool.pending.length + pool.jobs.length > 0) jobs.push(await pool.finishJob(errors));
      const key = (r: BatchRequest): string => `${r.batch} ${r.shots} ${r.seed}`;
      assert.deepEqual(jobs.flat().map(key).sort(), planned.map(key).sort());
      const batches = (id: string): string[] =>
        store
          .batches(id)
          .map((x) => `${x.batch} ${x.shots} ${x.errors}`)
          .sort();
      assert.deepEqual(batches(b), batches(a));
      assert.equal(store.study(b)?.status, 'done');
      // Before anything is measured a job is one batch; afterwards each job takes >= 40 000 µs
      // (short only at the end of the plan) and overshoots by less than one batch.
      assert.equal(jobs[0].length, 1);
      const sizes = jobs.map((j) => j.reduce((x, r) => x + r.shots, 0));
      const grown = sizes.slice(2, -2);
      assert.ok(grown.length > 0, `jobs: ${sizes.join(' ')}`);
      for (const s of grown) assert.ok(s >= 40_000 && s < 40_000 + 4096, `jobs: ${sizes.join(' ')}`);
      assert.ok(jobs.length < planned.length / 4, `${jobs.length} jobs for ${planned.length} batches`);
    }));

  it('a grown job stops at the shots expected to reach max-errors', () =>
    setup(async (store) => {
      const u = store.createToken('a').user.id;
      const id = store.createStudy(u, {}, { maxShots: 1e9, maxErrors: 20 }, [taskOf(0.1)]);
      const pool = new FakeJobPool(1, 0.01);
      new Executor(store, pool, { maxBatchShots: 4096 }).start(id);
      // 1 error per 256 shots: 19 more errors are expected in 4864 shots.
      const first = await pool.finishJob((s) => s / 256);
      assert.deepEqual(
        first.map((r) => r.shots),
        [256],
      );
      const second = pool.jobs[0]?.reqs ?? [pool.pending[0].req];
      const shots = second.reduce((x, r) => x + r.shots, 0);
      assert.ok(shots >= 4864 && shots < 4864 + 4096, `second job: ${shots} shots`);
    }));

  it("keeps at most the runner's per-study depth of jobs out per study, refilling as they land", () =>
    setup(async (store) => {
      const u = store.createToken('a').user.id;
      const stop = { maxShots: 1e6, maxErrors: 1e9 };
      const a = store.createStudy(u, {}, stop, [taskOf(0.1), taskOf(0.2)]);
      const b = store.createStudy(u, {}, stop, [taskOf(0.3)]);
      const pool = new (class extends FakePool {
        studyDepth(): number {
          return 3;
        }
      })(10);
      const owner = new Map([
        [taskOf(0.1).strongId, a],
        [taskOf(0.2).strongId, a],
        [taskOf(0.3).strongId, b],
      ]);
      const ex = new Executor(store, pool);
      ex.resume();
      const out = (id: string): number => pool.pending.filter((j) => owner.get(j.req.strongId) === id).length;
      for (let k = 0; k < 20; k++) {
        assert.deepEqual([out(a), out(b)], [3, 3], `after ${k} batches`);
        await pool.finish();
      }
      ex.cancel(a);
      ex.cancel(b);
    }));

  it('does not count batches of a cancelled study that land afterwards', () =>
    setup(async (store) => {
      const u = store.createToken('a').user.id;
      const id = store.createStudy(u, {}, { maxShots: 1e6, maxErrors: 1e9 }, [taskOf(0.1)]);
      const pool = new FakePool(2);
      const ex = new Executor(store, pool);
      ex.start(id);
      await pool.finish(3);
      ex.cancel(id);
      while (pool.pending.length > 0) await pool.finish(5);
      assert.equal(store.study(id)?.status, 'cancelled');
      assert.deepEqual(
        store.batches(id).map((b) => b.errors),
        [3],
      );
    }));
});
