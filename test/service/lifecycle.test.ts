/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-explicit-any -- JSON answers are checked field by field by the assertions */
// The service end to end on a real loopback port and a real SQLite file: token, submit, events,
// status, the results CSV against `qec collect`'s counts for the same study and seeds, analysis,
// plots, cancel and delete, and the CLI client (submit, status, results, watch).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { MemoryIO } from '../../src/cli/io.js';
import { readSse } from '../../src/cli/service-client.js';
import { parseResultsCsv } from '../../src/node/result-store.js';
import { call, SMALL_STUDY, startTestService, waitForStudy, type TestService } from './helpers.js';

/** Rows as sorted `strongId shots errors` strings (a multiset of batches). */
const rowKeys = (csv: string): string[] =>
  parseResultsCsv(csv, 'results.csv')
    .rows.map((r) => `${r.strongId} ${r.shots} ${r.errors}`)
    .sort();

describe('qec serve: a study from submission to results', () => {
  let t: TestService;
  const scratch = mkdtempSync(join(tmpdir(), 'qec-service-collect-'));
  before(async () => {
    t = await startTestService();
  });
  after(async () => {
    await t.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('runs a study, streams progress, and its CSV has exactly the batches qec collect makes', async () => {
    const created = await call(t.url, 'POST', '/api/v1/studies', { token: t.token, body: SMALL_STUDY });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id as string;
    assert.equal(created.headers.get('location'), `/api/v1/studies/${id}`);

    const events = await fetch(`${t.url}/api/v1/studies/${id}/events`, {
      headers: { authorization: `Bearer ${t.token}` },
    });
    assert.equal(events.status, 200);
    assert.match(events.headers.get('content-type') ?? '', /text\/event-stream/);
    const seen: { event: string; data: any }[] = [];
    for await (const ev of readSse(events.body!)) {
      seen.push({ event: ev.event, data: JSON.parse(ev.data) });
      if (ev.event === 'status' && !['queued', 'running'].includes(JSON.parse(ev.data).status as string))
        break;
    }
    const progress = seen.filter((e) => e.event === 'progress');
    assert.ok(progress.length >= 1, 'no progress event');
    const last = progress[progress.length - 1].data;
    assert.equal(last.tasks.length, 4);
    for (const task of last.tasks) assert.equal(task.shots, 3000);
    assert.deepEqual(seen[seen.length - 1], { event: 'status', data: { status: 'done' } });

    const detail = await waitForStudy(t.url, t.token, id);
    assert.equal(detail.body.status, 'done');
    for (const task of detail.body.tasks) {
      assert.equal(task.shots, 3000);
      assert.equal(task.batches, 4, 'batches of 256, 512, 1024 and the 1208 left');
      assert.ok(task.interval.low <= task.rate && task.rate <= task.interval.high);
    }

    const csv = await call(t.url, 'GET', `/api/v1/studies/${id}/results.csv`, { token: t.token });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);

    // The same study through `qec collect` (in this process, on one thread), same seeds.
    const io = new MemoryIO();
    io.files.set('study.json', new TextEncoder().encode(JSON.stringify(SMALL_STUDY)));
    const save = join(scratch, 'collect.csv');
    const code = await main(
      ['collect', '--tasks', 'study.json', '--max-errors', '1000000000', '--workers', '0', '--save', save],
      io,
    );
    assert.equal(code, 0, io.err);
    const collected = readFileSync(save, 'utf8');
    assert.deepEqual(rowKeys(csv.text), rowKeys(collected));
    assert.equal(csv.text.split('\n')[0], collected.split('\n')[0], 'same CSV header');
    assert.ok(
      rowKeys(csv.text).some((k) => !k.endsWith(' 0')),
      'some batch saw logical errors',
    );

    const analysis = await call(t.url, 'GET', `/api/v1/studies/${id}/analysis?p=0.001&target=1e-9`, {
      token: t.token,
    });
    assert.equal(analysis.status, 200, analysis.text);
    assert.equal(analysis.body.groups.length, 1);
    assert.equal(analysis.body.groups[0].points.length, 4);
    assert.equal(analysis.body.footprint.target, 1e-9);
    const svg = await call(t.url, 'GET', `/api/v1/studies/${id}/plots/rates-1.svg`, { token: t.token });
    assert.equal(svg.status, 200);
    assert.match(svg.text, /^<svg/);
    const noPlot = await call(t.url, 'GET', `/api/v1/studies/${id}/plots/rates-7.svg`, { token: t.token });
    assert.equal(noPlot.status, 404);

    const list = await call(t.url, 'GET', '/api/v1/studies?limit=10', { token: t.token });
    assert.equal(list.status, 200);
    assert.equal(list.body.studies[0].id, id);
  });

  it('pages the list newest first, cancels and deletes', async () => {
    const big = { ...SMALL_STUDY, maxShots: 1e9 };
    const a = (await call(t.url, 'POST', '/api/v1/studies', { token: t.token, body: big })).body.id as string;
    const b = (await call(t.url, 'POST', '/api/v1/studies', { token: t.token, body: big })).body.id as string;
    const page1 = await call(t.url, 'GET', '/api/v1/studies?limit=1', { token: t.token });
    assert.deepEqual(
      page1.body.studies.map((s: { id: string }) => s.id),
      [b],
    );
    const page2 = await call(t.url, 'GET', `/api/v1/studies?limit=1&cursor=${page1.body.next}`, {
      token: t.token,
    });
    assert.deepEqual(
      page2.body.studies.map((s: { id: string }) => s.id),
      [a],
    );
    for (const id of [a, b]) {
      const c = await call(t.url, 'POST', `/api/v1/studies/${id}/cancel`, { token: t.token });
      assert.equal(c.status, 200);
      assert.equal(c.body.status, 'cancelled');
    }
    const shotsAfterCancel = (await call(t.url, 'GET', `/api/v1/studies/${a}`, { token: t.token })).body.tasks
      .map((x: { shots: number }) => x.shots)
      .join();
    await new Promise((r) => setTimeout(r, 300));
    const later = await call(t.url, 'GET', `/api/v1/studies/${a}`, { token: t.token });
    assert.equal(later.body.status, 'cancelled');
    assert.equal(
      later.body.tasks.map((x: { shots: number }) => x.shots).join(),
      shotsAfterCancel,
      'no batch counted after cancel',
    );
    assert.equal((await call(t.url, 'DELETE', `/api/v1/studies/${a}`, { token: t.token })).status, 204);
    assert.equal((await call(t.url, 'GET', `/api/v1/studies/${a}`, { token: t.token })).status, 404);
    assert.equal(
      (await call(t.url, 'GET', `/api/v1/studies/${a}/results.csv`, { token: t.token })).status,
      404,
    );
  });

  it('the CLI client submits, watches, shows status and downloads the CSV', async () => {
    const io = new MemoryIO();
    io.files.set('study.json', new TextEncoder().encode(JSON.stringify({ ...SMALL_STUDY, maxShots: 1000 })));
    const server = ['--server', t.url, '--token', t.token];
    assert.equal(await main(['submit', 'study.json', ...server], io), 0, io.err);
    const id = io.out.trim();
    assert.match(id, /^[0-9a-f-]{36}$/);
    const w = new MemoryIO();
    assert.equal(await main(['watch', id, ...server], w), 0, w.err);
    assert.equal(w.out, 'done\n');
    const s = new MemoryIO();
    assert.equal(await main(['status', id, ...server], s), 0, s.err);
    assert.match(s.out, new RegExp(`^${id}: done\\n`));
    assert.equal((s.out.match(/1000 shots/g) ?? []).length, 4);
    // Every batch ran on the service's own pool: its share is all of them.
    assert.match(s.out, /\nworkers:\n {2}embedded: \d+ batches, 4000 shots \(100\.0%\)\n$/);
    const r = new MemoryIO();
    assert.equal(await main(['results', id, '--out', 'r.csv', ...server], r), 0, r.err);
    const rows = parseResultsCsv(new TextDecoder().decode(r.files.get('r.csv')), 'r.csv').rows;
    assert.equal(
      rows.reduce((x, y) => x + y.shots, 0),
      4000,
    );
    const bad = new MemoryIO();
    assert.equal(await main(['status', 'nope', '--server', t.url, '--token', 'qec_wrong'], bad), 1);
    assert.match(bad.err, /401 UNAUTHORIZED: unknown or revoked token/);
  });
});
