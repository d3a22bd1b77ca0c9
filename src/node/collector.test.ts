import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LimitError } from '../base/errors.js';
import { batchSeed, UNRECORDED_INDEX_BOUND } from '../experiment/schedule.js';
import { resolveTask } from '../experiment/task.js';
import { main } from '../cli/main.js';
import { MemoryIO } from '../cli/io.js';
import { collect } from './collector.js';
import { CSV_HEADER, mergeRows, parseResultsCsv, ResultStore, type ResultRow } from './result-store.js';

const task = (p: number, decoder = 'mwpm', distance = 3) =>
  resolveTask({
    generator: {
      code: 'repetition',
      task: 'memory-z',
      distance,
      rounds: distance,
      noise: 'uniform',
      noiseParams: { p },
    },
    decoder,
  });

/** A fresh temporary folder, removed after `f`. */
async function inTemp<T>(f: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'qec-collect-'));
  try {
    return await f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rowsOf = (path: string): ResultRow[] => parseResultsCsv(readFileSync(path, 'utf8'), path).rows;
const keyOf = (r: ResultRow): string => `${r.strongId}#${String(r.batch)}`;

describe('collector', () => {
  it('stops at max-shots exactly, is reproducible, and the rate matches the lookup decoder within 5σ', async () => {
    const t = task(0.02);
    const a = await collect([t], { maxShots: 5000, maxErrors: 1e9, workers: 0 });
    const b = await collect([t], { maxShots: 5000, maxErrors: 1e9, workers: 0 });
    const sa = a.get(t.strongId);
    assert.equal(sa?.shots, 5000);
    assert.equal(sa?.errors, b.get(t.strongId)?.errors, 'same seeds, same counts');
    // The repetition code under MWPM is optimal-ish; compare with the exact ML decoder's rate.
    const l = task(0.02, 'lookup');
    const sl = (await collect([l], { maxShots: 5000, maxErrors: 1e9, workers: 0 })).get(l.strongId);
    const pa = (sa?.errors ?? 0) / 5000;
    const pl = (sl?.errors ?? 0) / 5000;
    const sigma = Math.sqrt((pa * (1 - pa) + pl * (1 - pl)) / 5000);
    assert.ok(pa > 0.002, `a rate of ${pa} is too small to compare`);
    assert.ok(Math.abs(pa - pl) <= 5 * sigma, `mwpm ${pa} vs lookup ${pl}`);
  });

  it('stops at max-errors right after the batch that reaches it (batches counted in order)', async () => {
    await inTemp(async (dir) => {
      const t = task(0.2);
      const path = join(dir, 'r.csv');
      const store = new ResultStore(path);
      const r = (await collect([t], { maxShots: 1e9, maxErrors: 50, workers: 0, store })).get(t.strongId);
      store.close();
      const rows = rowsOf(path);
      assert.deepEqual(
        rows.map((x) => x.batch),
        rows.map((_, i) => i),
        'batches 0, 1, 2, ... in order',
      );
      const before = rows.slice(0, -1).reduce((s, x) => s + x.errors, 0);
      assert.ok(before < 50, `the run went on after reaching 50 errors (${before} before the last batch)`);
      assert.equal(r?.errors, before + rows[rows.length - 1].errors);
      assert.ok((r?.errors ?? 0) >= 50);
    });
  });

  it('1 worker, 2 workers and in-process give identical counts and rows (seeds and stops do not depend on scheduling)', async () => {
    await inTemp(async (dir) => {
      const ts = [task(0.03), task(0.12), task(0.05, 'unionfind')];
      const run = async (workers: number): Promise<{ totals: unknown[]; rows: string[] }> => {
        const path = join(dir, `w${workers}.csv`);
        const store = new ResultStore(path);
        const totals = await collect(ts, {
          maxShots: 6000,
          maxErrors: 120,
          workers,
          store,
          maxBatchShots: 1024,
        });
        store.close();
        return {
          totals: ts.map((t) => ({ ...totals.get(t.strongId), seconds: 0 })),
          rows: rowsOf(path)
            .map((x) => `${keyOf(x)} ${x.shots} ${x.errors}`)
            .sort(),
        };
      };
      const inproc = await run(0);
      // The error stop is reached by the p = 0.12 task, so the stop rule is exercised.
      assert.ok((inproc.totals[1] as { errors: number }).errors >= 120);
      assert.deepEqual(await run(1), inproc);
      assert.deepEqual(await run(2), inproc);
    });
  });

  it('appends one row per batch with its index and resumes on fresh batch indices', async () => {
    await inTemp(async (dir) => {
      const path = join(dir, 'r.csv');
      const t = task(0.05);
      let store = new ResultStore(path);
      await collect([t], { maxShots: 1000, maxErrors: 1e9, workers: 0, store });
      store.close();
      const first = rowsOf(path);
      store = new ResultStore(path);
      const total = await collect([t], { maxShots: 3000, maxErrors: 1e9, workers: 0, store });
      store.close();
      assert.equal(total.get(t.strongId)?.shots, 3000);
      const text = readFileSync(path, 'utf8');
      assert.equal(text.split('\n')[0], CSV_HEADER);
      const rows = rowsOf(path);
      assert.equal(new Set(rows.map(keyOf)).size, rows.length, 'no batch index used twice');
      const firstMax = Math.max(...first.map((r) => r.batch ?? -1));
      for (const r of rows.slice(first.length)) assert.ok((r.batch ?? -1) > firstMax);
      const merged = mergeRows(rows);
      assert.equal(merged.length, 1);
      assert.equal(merged[0].shots, 3000);
      assert.equal(merged[0].metadata.d, 3);
    });
  });

  it('a CSV without batch indices (sinter, or older QEC Lab) resumes on indices and seeds disjoint from its rows', async () => {
    await inTemp(async (dir) => {
      const path = join(dir, 'r.csv');
      const t = task(0.05);
      // The old format: sinter's eight columns, rows written by the old collector from batch 0 up.
      const oldHeader = CSV_HEADER.replace(',qec_batch', '');
      const old = [0, 1, 2, 3].map(
        () =>
          `       256,         3,         0,   0.010,mwpm,${t.strongId},"${JSON.stringify(t.metadata).replace(/"/g, '""')}","{}"`,
      );
      writeFileSync(path, `${oldHeader}\n${old.join('\n')}\n`);
      const store = new ResultStore(path);
      await collect([t], { maxShots: 3000, maxErrors: 1e9, workers: 0, store });
      store.close();
      const text = readFileSync(path, 'utf8');
      // The header gains the column; the old rows are kept byte for byte.
      assert.equal(text.split('\n')[0], `${oldHeader},qec_batch`);
      assert.deepEqual(text.split('\n').slice(1, 5), old);
      const rows = rowsOf(path);
      const fresh = rows.filter((r) => r.batch !== undefined);
      assert.equal(
        rows.reduce((s, r) => s + r.shots, 0),
        3000,
      );
      assert.ok(fresh.length > 0);
      // Old rows used indices 0, 1, 2, ... (far below 2^31): new ones start at 2^31, so their seeds differ.
      const oldSeeds = new Set(Array.from({ length: 100000 }, (_, b) => batchSeed(t.strongId, b)));
      for (const r of fresh) {
        assert.ok((r.batch ?? 0) >= UNRECORDED_INDEX_BOUND);
        assert.ok(!oldSeeds.has(batchSeed(t.strongId, r.batch ?? 0)));
      }
    });
  });

  it('a kill between writes loses at most the partial row; the resumed file has no batch twice', async () => {
    await inTemp(async (dir) => {
      const path = join(dir, 'r.csv');
      const t = task(0.05);
      let store = new ResultStore(path);
      await collect([t], { maxShots: 2000, maxErrors: 1e9, workers: 0, store });
      store.close();
      // Cut the last row in the middle, as a kill during its single append would.
      const text = readFileSync(path, 'utf8');
      truncateSync(path, text.length - 20);
      store = new ResultStore(path);
      assert.ok(store.load().warnings.some((w) => w.includes('incomplete last line')));
      const total = await collect([t], { maxShots: 4000, maxErrors: 1e9, workers: 0, store });
      store.close();
      const rows = rowsOf(path);
      assert.equal(new Set(rows.map(keyOf)).size, rows.length);
      assert.equal(total.get(t.strongId)?.shots, 4000);
      assert.equal(
        rows.reduce((s, r) => s + r.shots, 0),
        4000,
      );
    });
  });

  it('a collector killed with SIGKILL mid-run resumes without counting any batch twice', async () => {
    await inTemp(async (dir) => {
      const path = join(dir, 'r.csv');
      const script = join(dir, 'run.mts');
      const here = new URL('.', import.meta.url).pathname;
      writeFileSync(
        script,
        [
          `import { collect } from ${JSON.stringify(join(here, 'collector.ts'))};`,
          `import { ResultStore } from ${JSON.stringify(join(here, 'result-store.ts'))};`,
          `import { resolveTask } from ${JSON.stringify(join(here, '../experiment/task.ts'))};`,
          `const t = resolveTask(${JSON.stringify({ generator: { code: 'repetition', task: 'memory-z', distance: 5, rounds: 5, noise: 'uniform', noiseParams: { p: 0.05 } }, decoder: 'mwpm' })});`,
          `await collect([t], { maxShots: 1e12, maxErrors: 1e12, workers: 0, maxBatchShots: 256, store: new ResultStore(${JSON.stringify(path)}) });`,
        ].join('\n'),
      );
      const child = spawn(process.execPath, ['--import', 'tsx', script], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise((r) => child.once('exit', r));
      // Wait until a few rows are on disk, then kill without warning.
      for (let i = 0; i < 600 && child.exitCode === null; i++) {
        await new Promise((r) => setTimeout(r, 100));
        if (existsSync(path) && readFileSync(path, 'utf8').split('\n').length > 8) break;
      }
      assert.equal(child.exitCode, null, `the child ended early: ${stderr}`);
      child.kill('SIGKILL');
      await exited;
      const before = rowsOf(path);
      assert.ok(before.length >= 7, `the child wrote ${before.length} rows`);
      // The lock of the killed process is stale: the next collector takes it over.
      const store = new ResultStore(path);
      const t = task(0.05, 'mwpm', 5);
      const shots = before.reduce((s, r) => s + r.shots, 0) + 1000;
      await collect([t], { maxShots: shots, maxErrors: 1e12, workers: 0, store });
      store.close();
      const rows = rowsOf(path);
      assert.equal(new Set(rows.map(keyOf)).size, rows.length);
      assert.equal(
        rows.reduce((s, r) => s + r.shots, 0),
        shots,
      );
    });
  });

  it('a LimitError in a worker keeps its class (and qec collect exits 3)', async () => {
    // The lookup decoder refuses DEMs with more than 22 detectors + observables, in the worker.
    const t = task(0.01, 'lookup', 7);
    await assert.rejects(
      collect([t], { maxShots: 1000, maxErrors: 10, workers: 1 }),
      (e: unknown) =>
        e instanceof LimitError && /^task [0-9a-f]{8} \(lookup\): .*maxStateBits/.test(e.message),
    );
    await inTemp(async (dir) => {
      const io = new MemoryIO({
        's.json': JSON.stringify({
          decoders: ['lookup'],
          tasks: [{ code: 'repetition', distance: 7, noise: 'uniform', params: { p: 0.01 } }],
        }),
      });
      const code = await main(
        [
          'collect',
          '--tasks',
          's.json',
          '--max-shots',
          '1000',
          '--max-errors',
          '10',
          '--save',
          join(dir, 'r.csv'),
          '--workers',
          '1',
        ],
        io,
      );
      assert.equal(code, 3, io.err);
      assert.match(io.err, /^qec: task [0-9a-f]{8} \(lookup\): .*exceeds maxStateBits = 22/);
      assert.equal(io.err.split('\n').length, 2, 'one line');
    });
  });
});

describe('result store', () => {
  it('a second collector on the same CSV is refused with one line; after close the file is free again', async () => {
    await inTemp(async (dir) => {
      const path = join(dir, 'r.csv');
      const a = new ResultStore(path);
      assert.throws(
        () => new ResultStore(path),
        (e: unknown) =>
          e instanceof Error &&
          !e.message.includes('\n') &&
          e.message.includes(`results file ${a.csvPath} is in use by another collector (pid ${process.pid})`),
      );
      // Through the CLI: exit 1, one line, the file untouched.
      const before = readFileSync(path, 'utf8');
      const io = new MemoryIO({ 's.json': JSON.stringify({ tasks: [{ code: 'repetition', distance: 3 }] }) });
      assert.equal(
        await main(
          [
            'collect',
            '--tasks',
            's.json',
            '--max-shots',
            '100',
            '--max-errors',
            '10',
            '--save',
            path,
            '--workers',
            '0',
          ],
          io,
        ),
        1,
      );
      assert.match(io.err, /^qec: results file .* is in use by another collector/);
      assert.equal(io.err.split('\n').length, 2);
      assert.equal(readFileSync(path, 'utf8'), before);
      a.close();
      new ResultStore(path).close();
      assert.equal(existsSync(`${a.csvPath}.lock`), false);
    });
  });

  it('takes over a lock left by a process that is gone', async () => {
    await inTemp((dir) => {
      const path = join(dir, 'r.csv');
      const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
        encoding: 'utf8',
      });
      writeFileSync(`${path}.lock`, `${gone.stdout} ${'localhost-not-this-one'}\n`);
      // A lock from another host cannot be checked, so it holds.
      assert.throws(
        () => new ResultStore(path),
        /in use by another collector \(pid \d+ on localhost-not-this-one\)/,
      );
      writeFileSync(`${path}.lock`, `${gone.stdout}\n`);
      const s = new ResultStore(path);
      assert.equal(readFileSync(`${path}.lock`, 'utf8').split(' ')[0], String(process.pid));
      s.close();
    });
  });

  it('refuses a file that is not a results CSV without changing it', async () => {
    await inTemp((dir) => {
      const path = join(dir, 'notes.txt');
      const text = 'some notes\nwithout a final newline';
      writeFileSync(path, text);
      assert.throws(() => new ResultStore(path), /missing column 'shots'/);
      assert.equal(readFileSync(path, 'utf8'), text);
      assert.equal(existsSync(`${path}.lock`), false, 'the lock is released on refusal');
      // A complete but malformed row is refused too (it would break every later read).
      const csv = join(dir, 'r.csv');
      const bad = `${CSV_HEADER}\n       1,1,0,0,m,id,"{}","{}",0\nnot,a,row\n`;
      writeFileSync(csv, bad);
      assert.throws(() => new ResultStore(csv), /r\.csv:3: malformed results row/);
      assert.equal(readFileSync(csv, 'utf8'), bad);
    });
  });

  it('reads sinter CSV files (quoted JSON metadata) and rejects malformed rows with the line number', () => {
    const sinterHeader = CSV_HEADER.replace(',qec_batch', '');
    const text = `${sinterHeader}\n       100,         5,         0,    0.1,pymatching,abc,"{""d"":3,""p"":0.001}",\n`;
    const { rows } = parseResultsCsv(text, 's.csv');
    assert.equal(rows[0].errors, 5);
    assert.equal(rows[0].batch, undefined);
    assert.deepEqual(rows[0].metadata, { d: 3, p: 0.001 });
    assert.throws(
      () => parseResultsCsv(`${CSV_HEADER}\nx,y,z,w,a,b,c,d\n       1,1,0,0,m,id,"{}",\n`, 'bad.csv'),
      /bad\.csv:2: malformed/,
    );
    assert.throws(
      () => parseResultsCsv(`${CSV_HEADER}\n1,1,0,0,m,id,"{}","{}",-4\n1,1,0,0,m,id,"{}","{}",1\n`, 'b.csv'),
      /b\.csv:2: malformed results row: bad batch index '-4'/,
    );
    // Counts that cannot be: refused with the line, as plot and threshold need (even on the last line).
    assert.throws(
      () => parseResultsCsv(`${CSV_HEADER}\n-5,0,0,0,m,id,"{}","{}",0\n`, 'c.csv'),
      /c\.csv:2: malformed results row: shots must be a non-negative integer, got '-5'/,
    );
    assert.throws(
      () => parseResultsCsv(`${CSV_HEADER}\n10,11,0,0,m,id,"{}","{}",0\n`, 'c.csv'),
      /c\.csv:2: malformed results row: errors \(11\) \+ discards \(0\) exceed shots \(10\)/,
    );
    // Only a last line without its newline counts as an interrupted write.
    assert.equal(parseResultsCsv(`${CSV_HEADER}\n1,0,0,0,m,id,"{}","{}",0\n5,`, 'd.csv').warnings.length, 1);
    assert.throws(
      () => parseResultsCsv(`${CSV_HEADER}\n1,0,0,0,m,id,"{}","{}",0\n5,\n`, 'd.csv'),
      /d\.csv:3: malformed/,
    );
  });
});
