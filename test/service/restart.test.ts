/* eslint-disable @typescript-eslint/no-unsafe-member-access -- JSON answers are checked field by field by the assertions */
// Crash and restart: a `qec serve` child process is SIGKILLed in the middle of a study, started
// again on the same data directory, stopped with SIGTERM mid-run, started once more, and the
// study finishes with exactly the requested shots, every batch index used once, batches
// committed before a crash unchanged, and each batch's counts those of its seed.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Rng } from '../../src/base/prng.js';
import { compileTask, runBatch } from '../../src/experiment/batch.js';
import { batchSeed } from '../../src/experiment/schedule.js';
import { decodeMessage, resolveStudy, StudySpecSchema } from '../../src/protocol/index.js';
import { ServiceStore } from '../../src/service/store.js';
import { call, waitForStudy } from './helpers.js';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).href;
const STUDY = {
  tasks: [
    { code: 'rotated-surface', distance: 3, noise: 'uniform', params: { p: 0.01 } },
    { code: 'repetition', distance: 5, noise: 'uniform', params: { p: 0.05 } },
  ],
  maxShots: 60_000,
};

interface Child {
  readonly proc: ChildProcess;
  readonly url: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts `qec serve` (from the TypeScript sources) in a child process; resolves once it listens. */
async function serve(dir: string): Promise<Child> {
  const args = ['serve', '--data', dir, '--port', '0', '--workers', '2', '--max-batch-shots', '2048'];
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', '-e', `import(${JSON.stringify(MAIN)}).then((m) => m.run(${JSON.stringify(args)}))`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`qec serve did not start: ${stderr}`)), 60_000);
    proc.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then(() => reject(new Error(`qec serve exited early: ${stderr}`)));
  });
  return { proc, url, exited };
}

interface BatchRow {
  strong_id: string;
  batch: number;
  shots: number;
  errors: number;
}

function batchesIn(dir: string): BatchRow[] {
  const db = new Database(join(dir, 'qec.sqlite'), { readonly: true });
  try {
    return db
      .prepare('SELECT strong_id, batch, shots, errors FROM batches ORDER BY strong_id, batch')
      .all() as BatchRow[];
  } finally {
    db.close();
  }
}

/** Waits until at least `n` more batches than `from` are committed (the study is mid-run). */
async function waitForBatches(url: string, token: string, id: string, n: number): Promise<void> {
  const end = Date.now() + 120_000;
  for (;;) {
    const a = await call(url, 'GET', `/api/v1/studies/${id}`, { token });
    assert.equal(a.body.status, 'running', `study ended before the crash: ${a.text}`);
    const batches = (a.body.tasks as { batches: number }[]).reduce((x, t) => x + t.batches, 0);
    if (batches >= n) return;
    if (Date.now() > end) throw new Error('no batches committed');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('qec serve: killed and restarted mid-study', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qec-service-restart-'));
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes from committed batches: exact shot totals, no batch twice, seeds kept', async () => {
    const store = new ServiceStore(dir);
    const token = store.createToken('alice').token;
    store.close();

    // 1. Start, submit, SIGKILL after some batches landed.
    let c = await serve(dir);
    children.push(c.proc);
    const created = await call(c.url, 'POST', '/api/v1/studies', { token, body: STUDY });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id as string;
    await waitForBatches(c.url, token, id, 8);
    c.proc.kill('SIGKILL');
    assert.equal((await c.exited).signal, 'SIGKILL');
    const beforeCrash = batchesIn(dir);
    assert.ok(beforeCrash.length >= 8);

    // 2. Restart: it resumes by itself; stop it cleanly with SIGTERM mid-run.
    c = await serve(dir);
    children.push(c.proc);
    await waitForBatches(c.url, token, id, beforeCrash.length + 8);
    c.proc.kill('SIGTERM');
    const term = await c.exited;
    assert.equal(term.code, 0, term.stderr);
    assert.match(term.stderr, /SIGTERM: finishing batches in flight/);
    assert.match(term.stderr, /stopped/);
    const beforeTerm = batchesIn(dir);
    assert.ok(beforeTerm.length > beforeCrash.length);
    const db = new Database(join(dir, 'qec.sqlite'), { readonly: true });
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    db.close();

    // 3. Restart again and let it finish.
    c = await serve(dir);
    children.push(c.proc);
    const done = await waitForStudy(c.url, token, id, 300_000);
    assert.equal(done.body.status, 'done', done.text);
    c.proc.kill('SIGTERM');
    assert.equal((await c.exited).code, 0);

    const final = batchesIn(dir);
    const key = (b: BatchRow): string => `${b.strong_id}:${b.batch}`;
    const byKey = new Map(final.map((b) => [key(b), b]));
    assert.equal(byKey.size, final.length, 'a (task, batch) key committed twice');
    for (const b of [...beforeCrash, ...beforeTerm])
      assert.deepEqual(byKey.get(key(b)), b, `batch ${key(b)} changed after a restart`);
    const tasks = resolveStudy(decodeMessage(StudySpecSchema, STUDY), () => '');
    for (const t of tasks) {
      const mine = final.filter((b) => b.strong_id === t.strongId);
      assert.equal(
        mine.reduce((a, b) => a + b.shots, 0),
        STUDY.maxShots,
        'exactly the requested shots',
      );
      assert.deepEqual(
        mine.map((b) => b.batch),
        mine.map((_, i) => i),
        'batch indices 0..n-1, each once',
      );
      // Counts are those of the batch's seed (as the CLI computes them), before and after the crash.
      const compiled = compileTask(t);
      for (const b of [mine[0], mine[Math.floor(mine.length / 2)], mine[mine.length - 1]]) {
        const r = runBatch(compiled, b.shots, new Rng(batchSeed(t.strongId, b.batch)));
        assert.equal(r.errors, b.errors, `errors of batch ${b.batch} of ${t.strongId.slice(0, 8)}`);
      }
    }
  });
});
