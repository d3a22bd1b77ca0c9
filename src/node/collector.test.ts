import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTask } from '../experiment/task.js';
import { batchShots, collect } from './collector.js';
import { CSV_HEADER, mergeRows, parseResultsCsv, ResultStore } from './result-store.js';

const task = (p: number, decoder = 'mwpm') =>
  resolveTask({
    generator: {
      code: 'repetition',
      task: 'memory-z',
      distance: 3,
      rounds: 3,
      noise: 'uniform',
      noiseParams: { p },
    },
    decoder,
  });

describe('collector', () => {
  it('stops at max-shots, is reproducible, and the rate matches the lookup decoder within 5σ', async () => {
    const t = task(0.02);
    const a = await collect([t], { maxShots: 5000, maxErrors: 1e9, workers: 0 });
    const b = await collect([t], { maxShots: 5000, maxErrors: 1e9, workers: 0 });
    const sa = a.get(t.strongId);
    assert.equal(sa?.shots, 5000);
    assert.deepEqual(sa?.errors, b.get(t.strongId)?.errors, 'same seeds, same counts');
    // The repetition code under MWPM is optimal-ish; compare with the exact ML decoder's rate on the same data.
    const l = task(0.02, 'lookup');
    const sl = (await collect([l], { maxShots: 5000, maxErrors: 1e9, workers: 0 })).get(l.strongId);
    const pa = (sa?.errors ?? 0) / 5000;
    const pl = (sl?.errors ?? 0) / 5000;
    const sigma = Math.sqrt((pa * (1 - pa) + pl * (1 - pl)) / 5000);
    assert.ok(Math.abs(pa - pl) <= 5 * sigma + 1e-3, `mwpm ${pa} vs lookup ${pl}`);
  });

  it('stops at max-errors', async () => {
    const t = task(0.2);
    const r = (await collect([t], { maxShots: 1e9, maxErrors: 50, workers: 0 })).get(t.strongId);
    assert.ok(r !== undefined && r.errors >= 50 && r.shots < 1e6);
  });

  it('worker threads give the same counts as in-process collection (seeds do not depend on scheduling)', async () => {
    const ts = [task(0.03), task(0.05)];
    const inproc = await collect(ts, { maxShots: 3000, maxErrors: 1e9, workers: 0 });
    const threads = await collect(ts, { maxShots: 3000, maxErrors: 1e9, workers: 2 });
    for (const t of ts)
      assert.deepEqual(threads.get(t.strongId), {
        ...inproc.get(t.strongId),
        seconds: threads.get(t.strongId)?.seconds,
      });
  });

  it('appends every batch to a sinter-compatible CSV and resumes without reusing a batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qec-collect-'));
    try {
      const path = join(dir, 'r.csv');
      const t = task(0.05);
      await collect([t], { maxShots: 1000, maxErrors: 1e9, workers: 0, store: new ResultStore(path) });
      // A killed run leaves a partial last line; opening the store drops it and says so.
      appendFileSync(path, '   100,   3,');
      const store = new ResultStore(path);
      assert.ok(store.load().warnings.some((w) => w.includes('incomplete last line')));
      const total = await collect([t], { maxShots: 3000, maxErrors: 1e9, workers: 0, store });
      assert.equal(total.get(t.strongId)?.shots, 3000);
      const text = readFileSync(path, 'utf8');
      assert.equal(text.split('\n')[0], CSV_HEADER);
      const { rows } = parseResultsCsv(text, path);
      const merged = mergeRows(rows);
      assert.equal(merged.length, 1);
      assert.equal(merged[0].shots, 3000);
      assert.equal(merged[0].metadata.d, 3);
      // Batch indices in the JSON lines are distinct (no seed reused on resume).
      const batches = readFileSync(join(dir, 'r.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { batch: number }).batch);
      assert.equal(new Set(batches).size, batches.length);
      // Batch sizes follow the deterministic doubling schedule.
      assert.equal(batchShots(0, 65536), 256);
      assert.equal(batchShots(3, 65536), 2048);
      assert.equal(batchShots(20, 65536), 65536);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads sinter CSV files (quoted JSON metadata) and rejects malformed rows with the line number', () => {
    const text = `${CSV_HEADER}\n       100,         5,         0,    0.1,pymatching,abc,"{""d"":3,""p"":0.001}",\n`;
    const { rows } = parseResultsCsv(text, 's.csv');
    assert.equal(rows[0].errors, 5);
    assert.deepEqual(rows[0].metadata, { d: 3, p: 0.001 });
    writeFileSync(join(tmpdir(), 'x'), '');
    assert.throws(
      () => parseResultsCsv(`${CSV_HEADER}\nx,y,z,w,a,b,c,d\n       1,1,0,0,m,id,"{}",\n`, 'bad.csv'),
      /bad\.csv:2: malformed/,
    );
  });
});
