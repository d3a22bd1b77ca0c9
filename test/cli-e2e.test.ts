// End-to-end runs of the built `qec` binary (bin/qec.js → dist/), as a user runs it. `npm ci` and
// `npm install` build dist/ (the `prepare` script); after changing sources run `npm run build`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'qec.js');

function qec(args: string[], input?: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('the built qec binary', () => {
  it('is built (npm run build) and prints its help', () => {
    assert.ok(existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js')), 'dist/ is missing: run npm run build');
    const r = qec(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /Commands:/);
  });

  it('gen → detect → analyze-errors → decode: the logical error count of MWPM on its own samples', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qec-e2e-'));
    try {
      const c = join(dir, 'c.stim');
      let r = qec([
        'gen',
        '--code',
        'rotated-surface',
        '--distance',
        '3',
        '--rounds',
        '3',
        '--noise',
        'uniform',
        '--p',
        '0.005',
        '--out',
        c,
      ]);
      assert.equal(r.code, 0, r.err);
      r = qec([
        'detect',
        '--in',
        c,
        '--shots',
        '20000',
        '--seed',
        '5',
        '--out',
        join(dir, 'd.b8'),
        '--out-format',
        'b8',
        '--obs-out',
        join(dir, 'o.01'),
      ]);
      assert.equal(r.code, 0, r.err);
      assert.equal(
        readFileSync(join(dir, 'o.01'), 'utf8')
          .split('\n')
          .filter((l) => l !== '').length,
        20000,
      );
      r = qec(['analyze-errors', '--in', c, '--decompose-errors', '--out', join(dir, 'c.dem')]);
      assert.equal(r.code, 0, r.err);
      r = qec([
        'decode',
        '--dem',
        join(dir, 'c.dem'),
        '--in',
        join(dir, 'd.b8'),
        '--in-format',
        'b8',
        '--obs-in',
        join(dir, 'o.01'),
      ]);
      assert.equal(r.code, 0, r.err);
      const m = /logical errors: (\d+) of 20000 shots/.exec(r.out);
      assert.ok(m !== null, r.out);
      // The same circuit in Stim, decoded by PyMatching: 1,702 errors in 100,000 shots
      // (shared/vectors/reference_rates.csv). Within 5σ of both binomial errors: [1.2%, 2.2%],
      // which a factor of 2 either way leaves.
      const rate = Number(m[1]) / 20000;
      const ref = 1702 / 100_000;
      const sigma = Math.sqrt((ref * (1 - ref)) / 20000 + (ref * (1 - ref)) / 100_000);
      assert.ok(Math.abs(rate - ref) < 5 * sigma, `rate ${rate} vs PyMatching on Stim ${ref} ± ${sigma}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads stdin, and a bad circuit gives one line file:line:col and exit code 1', () => {
    const ok = qec(['sample', '--shots', '3', '--seed', '1'], 'X 0\nM 0\n');
    assert.equal(ok.code, 0, ok.err);
    assert.equal(ok.out, '1\n1\n1\n');
    const dir = mkdtempSync(join(tmpdir(), 'qec-e2e-'));
    try {
      writeFileSync(join(dir, 'bad.stim'), 'H 0\nCX 0 0\n');
      const bad = qec(['sample', '--in', join(dir, 'bad.stim'), '--shots', '1']);
      assert.equal(bad.code, 1);
      assert.match(bad.err, /bad\.stim:2:\d+: /);
      assert.equal(bad.err.trim().split('\n').length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
