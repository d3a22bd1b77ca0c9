import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Rounds of the race: each a fresh stale lock that both processes try to take at the same instant. */
const ROUNDS = 150;
/** Milliseconds between rounds (both processes spin until the round's start). */
const STEP_MS = 20;

/**
 * A process that, once told the start time, tries at each round's start to take the lock of
 * `DIR/rK.csv`, holding what it gets until it exits; prints one digit per round (1 = took it,
 * 0 = refused as in use) or an error.
 */
function racer(dir: string): ChildProcess {
  const api = import.meta.resolve('tsx/esm/api');
  const lock = new URL('./file-lock.ts', import.meta.url).href;
  const code = `
    import { register } from ${JSON.stringify(api)};
    register();
    const { acquireLock } = await import(${JSON.stringify(lock)});
    process.stdout.write('ready\\n');
    process.stdin.once('data', (d) => {
      const t0 = Number(String(d).trim());
      let out = '';
      for (let k = 0; k < ${ROUNDS}; k++) {
        const at = t0 + k * ${STEP_MS};
        while (Date.now() < at) {}
        const csv = ${JSON.stringify(dir)} + '/r' + k + '.csv';
        try {
          acquireLock(csv + '.lock', csv);
          out += '1';
        } catch (e) {
          if (!/in use by another collector/.test(e.message)) { out += ' ' + e.message; break; }
          out += '0';
        }
      }
      process.stdout.write(out + '\\n');
      process.exit(0);
    });
  `;
  return spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
}

/** Resolves with each line the process prints, in order, once it exits. */
function lines(p: ChildProcess, onLine: (line: string) => void): Promise<void> {
  let buf = '';
  p.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      onLine(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
  return new Promise((resolve, reject) => {
    p.on('error', reject);
    p.on('exit', () => resolve());
  });
}

describe('results-file lock between processes', () => {
  it('two processes taking over the same stale lock at the same instant: exactly one owns it, every round', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qec-lock-race-'));
    try {
      const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
        encoding: 'utf8',
      }).stdout;
      for (let k = 0; k < ROUNDS; k++) writeFileSync(join(dir, `r${k}.csv.lock`), `${gone} ${hostname()}\n`);
      const procs = [racer(dir), racer(dir)];
      const results: string[] = ['', ''];
      let ready = 0;
      await Promise.all(
        procs.map((p, i) =>
          lines(p, (line) => {
            if (line === 'ready') {
              // Both loaded: start them together, a little ahead.
              if (++ready === 2) {
                const t0 = String(Date.now() + 300);
                for (const q of procs) q.stdin?.end(`${t0}\n`);
              }
            } else results[i] = line;
          }),
        ),
      );
      for (const r of results) assert.match(r, new RegExp(`^[01]{${ROUNDS}}$`), `a racer failed: ${r}`);
      for (let k = 0; k < ROUNDS; k++)
        assert.equal(
          Number(results[0][k]) + Number(results[1][k]),
          1,
          `round ${k}: ${results[0][k]} and ${results[1][k]} owners (exactly one expected)`,
        );
      // Locks released at exit; no takeover token or temporary lock left behind.
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
