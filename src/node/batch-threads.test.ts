import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QecError } from '../base/errors.js';
import { Rng } from '../base/prng.js';
import { compileTask, runBatch } from '../experiment/batch.js';
import { batchSeed } from '../experiment/schedule.js';
import { resolveTask, type ResolvedTask } from '../experiment/task.js';
import type { BatchRequest, TaskAssignment } from '../protocol/index.js';
import { BatchThreads } from './batch-threads.js';
import { taskSpecOf } from './collector.js';
import { handleWorkerRequest, newWorkerState, type WorkerReply, type WorkerRequest } from './worker-jobs.js';
import { WorkerPool, type PoolDriver } from './worker-pool.js';
import { batchMessages, ThreadSet, type Endpoint } from './worker-threads.js';

const task = (p: number): ResolvedTask =>
  resolveTask({
    circuit: [
      'R 0 1 2',
      `X_ERROR(${p}) 0 1 2`,
      'CX 0 1 2 1',
      'M 1 0 2',
      'DETECTOR rec[-3]',
      'OBSERVABLE_INCLUDE(0) rec[-2]',
    ].join('\n'),
    decoder: 'lookup',
  });
const assignmentOf = (t: ResolvedTask): TaskAssignment => ({ strongId: t.strongId, task: taskSpecOf(t) });
const requestOf = (t: ResolvedTask, batch: number, shots: number): BatchRequest => ({
  strongId: t.strongId,
  batch,
  shots,
  seed: batchSeed(t.strongId, batch),
});

/**
 * An in-thread endpoint running the shared handler, that records what it was sent and can be
 * made to die (its failure callback fires, as a thread's 'exit' does); endpoints numbered in
 * `silent` never answer.
 */
function fakeEndpoints(silent = new Set<number>()): {
  start: () => Endpoint;
  sent: WorkerRequest[][];
  kill: (i: number) => void;
} {
  const sent: WorkerRequest[][] = [];
  const fails: ((e: Error) => void)[] = [];
  const start = (): Endpoint => {
    const state = newWorkerState(() => 0);
    const mine: WorkerRequest[] = [];
    const mute = silent.has(sent.length);
    sent.push(mine);
    let onReply: ((r: WorkerReply) => void) | undefined;
    let onFail: ((e: Error) => void) | undefined;
    fails.push((e) => onFail?.(e));
    return {
      post(msg) {
        mine.push(msg);
        const r = handleWorkerRequest(state, msg);
        if (r !== undefined && !mute) setImmediate(() => onReply?.(r));
      },
      listen(reply, fail) {
        onReply = reply;
        onFail = fail;
      },
      unlisten() {
        onReply = undefined;
        onFail = undefined;
      },
      terminate: () => Promise.resolve(),
    };
  };
  return { start, sent, kill: (i) => fails[i](new QecError('worker thread exited with code 1')) };
}

describe('BatchThreads', () => {
  it('runs batches on worker threads bit-identically to runBatch with the same seed', async () => {
    const t = task(0.2);
    const threads = new BatchThreads(2);
    try {
      const reqs = [0, 1, 2, 3].map((b) => requestOf(t, b, 300 + b));
      const replies = await Promise.all(reqs.map((r) => threads.run(assignmentOf(t), r)));
      const compiled = compileTask(t);
      replies.forEach((r, i) => {
        assert.equal(r.kind, 'result');
        if (r.kind !== 'result') return;
        const want = runBatch(compiled, reqs[i].shots, new Rng(reqs[i].seed));
        assert.deepEqual([r.result.strongId, r.result.batch], [t.strongId, i]);
        assert.deepEqual([r.result.shots, r.result.errors, r.result.discards], [want.shots, want.errors, 0]);
      });
      // p = 0.2 on the observable's qubit: errors are neither none nor all.
      assert.ok(replies.some((r) => r.kind === 'result' && r.result.errors > 0));
    } finally {
      await threads.close();
    }
  });

  it('sends a task to a thread once, then only batch requests that refer to it by strong id', async () => {
    const t = task(0.1);
    const f = fakeEndpoints();
    const threads = new BatchThreads(1, f.start);
    for (let b = 0; b < 3; b++)
      assert.equal((await threads.run(assignmentOf(t), requestOf(t, b, 64))).kind, 'result');
    assert.deepEqual(
      f.sent[0].map((m) => m.kind),
      ['task', 'batch', 'batch', 'batch'],
    );
    for (const m of f.sent[0])
      if (m.kind === 'batch')
        assert.deepEqual(Object.keys(m.request).sort(), ['batch', 'seed', 'shots', 'strongId']);
    await threads.close();
  });

  it('queues batches beyond the free threads and reports a task’s error without losing the thread', async () => {
    const t = task(0.1);
    const f = fakeEndpoints();
    const threads = new BatchThreads(1, f.start);
    const bad: TaskAssignment = { strongId: 'a'.repeat(64), task: { ...taskSpecOf(t), decoder: 'mwpn' } };
    const first = threads.run(bad, { ...requestOf(t, 0, 8), strongId: bad.strongId });
    const second = threads.run(assignmentOf(t), requestOf(t, 0, 8));
    assert.equal(threads.idle, 0);
    const r1 = await first;
    assert.equal(r1.kind, 'error');
    // The assignment's own error (the misspelt decoder), not the batch's 'never given'.
    if (r1.kind === 'error') assert.match(r1.error.message, /mwpn/);
    assert.equal((await second).kind, 'result');
    assert.equal(threads.idle, 1);
    await threads.close();
  });

  it('replaces a thread that dies, rejects its batch, and gives the new thread the task again', async () => {
    const t = task(0.1);
    const f = fakeEndpoints(new Set([0]));
    const threads = new BatchThreads(1, f.start);
    const lost = threads.run(assignmentOf(t), requestOf(t, 0, 32));
    f.kill(0);
    await assert.rejects(lost, /exited with code 1/);
    assert.equal(f.sent.length, 2, 'a fresh thread was started');
    assert.equal((await threads.run(assignmentOf(t), requestOf(t, 0, 32))).kind, 'result');
    assert.deepEqual(
      f.sent[1].map((m) => m.kind),
      ['task', 'batch'],
    );
    f.kill(1);
    assert.equal(f.sent.length, 3);
    assert.equal(threads.idle, 1, 'a thread dying while free is listed once');
    await threads.close();
    await assert.rejects(threads.run(assignmentOf(t), requestOf(t, 1, 32)), /closed/);
  });
});

describe('the one thread set under WorkerPool and BatchThreads', () => {
  it('replaces a dead worker with one that knows nothing, then tells the listener; closed sets go quiet', async () => {
    const t = task(0.1);
    const f = fakeEndpoints(new Set([0]));
    const set = new ThreadSet(1, f.start);
    const events: string[] = [];
    set.listen({
      reply: (s, r) => events.push(`reply ${r.kind} ${s.id}`),
      died: (s, e) =>
        events.push(
          `died ${s.id} busy=${s.busy} known=${s.known.size} started=${f.sent.length}: ${e.message}`,
        ),
    });
    const s = set.slots[0];
    set.post(s, batchMessages(s, assignmentOf(t), requestOf(t, 0, 8)));
    assert.equal(s.busy, true);
    assert.deepEqual([...s.known], [t.strongId]);
    f.kill(0);
    assert.deepEqual(events, ['died 0 busy=false known=0 started=2: worker thread exited with code 1']);
    set.post(s, batchMessages(s, assignmentOf(t), requestOf(t, 1, 8)));
    assert.deepEqual(
      f.sent[1].map((m) => m.kind),
      ['task', 'batch'],
      'the replacement is given the task again',
    );
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(events.slice(1), ['reply result 0']);
    await set.close();
    f.kill(1);
    assert.equal(f.sent.length, 2, 'no worker is started after close');
    assert.throws(() => set.post(s, [{ kind: 'batch', request: requestOf(t, 2, 8) }]), /closed/);
  });

  it('a WorkerPool run fails with the error of a worker that dies, and the next run starts afresh', async () => {
    const t = task(0.1);
    const f = fakeEndpoints(new Set([0]));
    const pool = new WorkerPool(1, f.start);
    let given = 0;
    const driver = (batches: number): PoolDriver => {
      let done = 0;
      return {
        next: (w) =>
          given < batches ? batchMessages(w, assignmentOf(t), requestOf(t, given++, 8)) : undefined,
        reply: () => void done++,
        done: () => done === batches,
      };
    };
    const run = pool.run(driver(2));
    f.kill(0);
    await assert.rejects(run, /exited with code 1/);
    given = 0;
    await pool.run(driver(3));
    // Set 1: the first worker and its replacement (closed with the failed run); set 2: one worker.
    assert.equal(f.sent.length, 3);
    assert.deepEqual(
      f.sent[f.sent.length - 1].map((m) => m.kind),
      ['task', 'batch', 'batch', 'batch'],
      'a fresh worker, given the task once',
    );
    await pool.close();
  });

  it('a WorkerPool run that ends with work still in flight (past a stop rule) abandons its workers', async () => {
    const t = task(0.1);
    const f = fakeEndpoints(new Set([1]));
    const pool = new WorkerPool(2, f.start);
    let given = 0;
    let done = 0;
    await pool.run({
      next: (w) => (given < 2 ? batchMessages(w, assignmentOf(t), requestOf(t, given++, 8)) : undefined),
      reply: () => void done++,
      done: () => done === 1,
    });
    assert.equal(f.sent.length, 2);
    // Worker 1 never answered: the pool was closed, so the next run starts two new workers.
    given = 0;
    done = 0;
    await pool.run({
      next: (w) => (given < 1 ? batchMessages(w, assignmentOf(t), requestOf(t, given++, 8)) : undefined),
      reply: () => void done++,
      done: () => done === 1,
    });
    assert.equal(f.sent.length, 4);
    await pool.close();
  });
});
