// The built `qec` starts without its heavy optional modules: a module hook makes Vega, Vega-Lite,
// resvg and log-update unresolvable, and every command that does not plot must still run (issue
// 12: start-up is the work of `node` plus our own modules). Plotting then fails with one line
// naming the package to install. Timing is measured in benchmarks, not here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'qec.js');
const CSV_HEADER = 'shots,errors,discards,seconds,decoder,strong_id,json_metadata,custom_counts';
const HEAVY = ['vega', 'vega-lite', '@resvg/resvg-js', 'log-update'];

type Qec = (args: string[], input?: string) => { code: number; out: string; err: string };

/**
 * Runs `run` with a module hook that makes the HEAVY packages unresolvable, and also every module
 * whose resolved URL matches `blockedUrl` (a RegExp source), when given.
 */
function withHeavyBlocked(run: (qec: Qec) => void, blockedUrl?: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'qec-startup-'));
  try {
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `const HEAVY = ${JSON.stringify(HEAVY)};
const BLOCKED_URL = ${blockedUrl === undefined ? 'undefined' : `new RegExp(${JSON.stringify(blockedUrl)})`};
export async function resolve(spec, ctx, next) {
  const r = HEAVY.includes(spec) ? undefined : await next(spec, ctx);
  if (r === undefined || (BLOCKED_URL !== undefined && BLOCKED_URL.test(r.url))) {
    const e = new Error('blocked module ' + spec);
    e.code = 'ERR_MODULE_NOT_FOUND';
    throw e;
  }
  return r;
}
`,
    );
    const register = join(dir, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
    );
    run((args, input) => {
      const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, BIN, ...args], {
        cwd: dir,
        input,
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('qec start-up', () => {
  it('commands that do not plot never load vega, vega-lite, resvg or log-update', () => {
    withHeavyBlocked((qec) => {
      let r = qec(['--help']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /Commands:/);
      r = qec([
        'gen',
        '--code',
        'repetition',
        '--distance',
        '3',
        '--noise',
        'uniform',
        '--p',
        '0.01',
        '--out',
        'c.stim',
      ]);
      assert.equal(r.code, 0, r.err);
      r = qec(['detect', '--in', 'c.stim', '--shots', '5', '--seed', '1']);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out.trim().split('\n').length, 5);
      r = qec(['sample', '--in', 'c.stim', '--shots', '1']);
      assert.equal(r.code, 0, r.err);
      r = qec(['analyze-errors', '--in', 'c.stim', '--out', 'c.dem']);
      assert.equal(r.code, 0, r.err);
      for (const c of ['plot', 'threshold', 'collect', 'study']) {
        r = qec([c, '--help']);
        assert.equal(r.code, 0, `${c} --help: ${r.err}`);
      }
      // Plotting needs Vega: without it, one line naming the package (exit 1), nothing written.
      const rows = [3, 5].flatMap((d) =>
        [0.01, 0.02].map(
          (p) => `1000,${d === 3 ? 30 : 20},0,1.0,mwpm,id${d}${p},"{""d"":${d},""r"":${d},""p"":${p}}",`,
        ),
      );
      r = qec(['plot', '--in', '-', '--out', 'p.svg'], [CSV_HEADER, ...rows].join('\n') + '\n');
      assert.equal(r.code, 1, r.err);
      assert.match(r.err, /^qec: plots need the optional package 'vega(-lite)?'/);
      assert.equal(r.err.trim().split('\n').length, 1);
    });
  });

  it('qec detect in one thread loads neither the worker pool, the protocol schemas nor a decoder', () => {
    // What worker threads and `collect` need (zod schemas, decoders, DEM analysis) is not start-up
    // work of a command sampling in this thread.
    withHeavyBlocked((qec) => {
      const circuit =
        'R 0 1 2\nX_ERROR(0.1) 0 1 2\nCX 0 1 2 1\nM 1\nDETECTOR rec[-1]\nM 0\nOBSERVABLE_INCLUDE(0) rec[-1]\n';
      const r = qec(['detect', '--in', '-', '--shots', '100', '--seed', '1', '--workers', '0'], circuit);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out.trim().split('\n').length, 100);
    }, '/node_modules/zod/|/src/(decode|protocol|experiment)/|/worker-pool\\.');
  });
});
