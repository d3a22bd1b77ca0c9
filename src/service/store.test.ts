import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTask } from '../experiment/task.js';
import Database from 'better-sqlite3';
import { MIGRATIONS, ServiceStore, tokenHash } from './store.js';

function withStore(fn: (s: ServiceStore, dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'qec-store-'));
  const s = new ServiceStore(dir);
  try {
    fn(s, dir);
  } finally {
    s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const task = resolveTask({ circuit: 'X_ERROR(0.1) 0\nM 0\nDETECTOR rec[-1]', decoder: 'mwpm' });

describe('ServiceStore', () => {
  it('commits a (task, batch) key once; a duplicate or a deleted study changes nothing', () =>
    withStore((s) => {
      const user = s.createToken('alice').user;
      const id = s.createStudy(user.id, { any: 1 }, { maxShots: 10, maxErrors: 5 }, [task]);
      const b = { strongId: task.strongId, batch: 0, shots: 4, errors: 1, discards: 0, seconds: 0.5 };
      assert.equal(s.commitBatch(id, b), true);
      assert.equal(s.commitBatch(id, { ...b, errors: 3 }), false);
      assert.equal(s.commitBatch(id, { ...b, batch: 1, shots: 6, errors: 0 }), true);
      assert.deepEqual(s.totals(id).get(task.strongId), { ...b, batch: 2, shots: 10, errors: 1, seconds: 1 });
      assert.deepEqual(
        s.batches(id).map((x) => [x.batch, x.errors]),
        [
          [0, 1],
          [1, 0],
        ],
      );
      assert.deepEqual(s.workerShares(id), [{ worker: 'embedded', batches: 2, shots: 10, seconds: 1 }]);
      assert.ok(s.deleteStudy(id));
      assert.equal(s.commitBatch(id, { ...b, batch: 2 }), false);
      assert.deepEqual(s.batches(id), []);
    }));

  it('shares per worker: the worker whose result was committed gets the batch, largest share first', () =>
    withStore((s) => {
      const user = s.createToken('alice').user;
      const id = s.createStudy(user.id, {}, { maxShots: 100, maxErrors: 50 }, [task]);
      const b = { strongId: task.strongId, batch: 0, shots: 4, errors: 1, discards: 0, seconds: 0.5 };
      assert.ok(s.commitBatch(id, b, 'h:1:a'));
      assert.equal(s.commitBatch(id, b, 'h:2:b'), false);
      assert.ok(s.commitBatch(id, { ...b, batch: 1, shots: 8 }, 'h:2:b'));
      assert.ok(s.commitBatch(id, { ...b, batch: 2, shots: 2 }));
      assert.deepEqual(s.workerShares(id), [
        { worker: 'h:2:b', batches: 1, shots: 8, seconds: 0.5 },
        { worker: 'h:1:a', batches: 1, shots: 4, seconds: 0.5 },
        { worker: 'embedded', batches: 1, shots: 2, seconds: 0.5 },
      ]);
    }));

  it('never leaves a final status; counts active studies; pages newest first', () =>
    withStore((s) => {
      const u = s.createToken('alice').user.id;
      const ids = [0, 1, 2].map(() => s.createStudy(u, {}, { maxShots: 1, maxErrors: 1 }, [task]));
      assert.equal(s.countActive(u), 3);
      assert.ok(s.setStatus(ids[0], 'done'));
      assert.equal(s.setStatus(ids[0], 'running'), false);
      assert.equal(s.study(ids[0])?.status, 'done');
      assert.equal(s.countActive(u), 2);
      const p1 = s.listStudies(u, 2);
      assert.deepEqual(
        p1.studies.map((x) => x.id),
        [ids[2], ids[1]],
      );
      const p2 = s.listStudies(u, 2, p1.next);
      assert.deepEqual(
        p2.studies.map((x) => x.id),
        [ids[0]],
      );
      assert.equal(p2.next, undefined);
      const other = s.createToken('bob').user.id;
      assert.equal(s.study(ids[1], other), undefined);
      assert.deepEqual(s.listStudies(other, 10).studies, []);
    }));

  it('migrates a version-1 store: studies, tasks and batches kept; done-with-failures and task failures work', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qec-store-'));
    try {
      const db = new Database(join(dir, 'qec.sqlite'));
      db.pragma('foreign_keys = ON');
      db.exec(MIGRATIONS[0]);
      db.pragma('user_version = 1');
      db.exec(`INSERT INTO users (id, name, created_at) VALUES (1, 'alice', 'x');
        INSERT INTO studies VALUES ('s1', 1, 1, '{}', 10, 5, 'running', NULL, 'x', 'x');
        INSERT INTO tasks VALUES ('s1', 0, '${task.strongId}', 'M 0', 'mwpm', '{}', '{}');
        INSERT INTO batches VALUES ('s1', '${task.strongId}', 0, 4, 1, 0, 0.5);`);
      assert.throws(() => db.prepare(`UPDATE studies SET status = 'done-with-failures'`).run(), /CHECK/);
      db.close();
      const s = new ServiceStore(dir);
      try {
        assert.equal(s.tasks('s1').length, 1);
        assert.equal(s.batches('s1').length, 1);
        assert.ok(s.failTask('s1', task.strongId, { code: 'LIMIT', message: 'too big' }));
        assert.equal(s.failTask('s1', task.strongId, { code: 'X', message: 'again' }), false);
        assert.deepEqual(s.taskFailures('s1').get(task.strongId), { code: 'LIMIT', message: 'too big' });
        assert.ok(s.setStatus('s1', 'done-with-failures', '1 of 1'));
        assert.equal(s.study('s1')?.status, 'done-with-failures');
        assert.equal(s.failTask('s1', 'other', { code: 'X', message: 'final study' }), false);
        assert.ok(s.deleteStudy('s1'));
        assert.equal(s.taskFailures('s1').size, 0);
        assert.equal(s.batches('s1').length, 0);
      } finally {
        s.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stores token hashes only, revokes, and survives reopening (migrations run once)', () =>
    withStore((s, dir) => {
      const { token, id } = s.createToken('alice');
      assert.match(token, /^qec_[A-Za-z0-9_-]{32}$/);
      assert.equal(s.authenticate(token)?.name, 'alice');
      assert.equal(s.authenticate(token + 'x'), undefined);
      const again = new ServiceStore(dir);
      assert.equal(again.authenticate(token)?.name, 'alice');
      assert.equal(again.listTokens()[0].prefix, token.slice(0, 10));
      assert.notEqual(tokenHash(token), token);
      assert.ok(again.revokeToken(id));
      assert.equal(again.revokeToken(id), false);
      again.close();
      assert.equal(s.authenticate(token), undefined);
      assert.throws(() => s.createToken('no spaces'), /name: expected/);
    }));
});
