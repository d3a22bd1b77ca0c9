// The bad-input corpus (cases.ts) run in-process on a worker thread (case-runner.ts). Every case
// must end with exactly one line on stderr (no stack trace), the exit code it names, its input
// files byte for byte unchanged, nothing left behind, and within its time limit: a case that
// hangs is reported by name and the worker is terminated.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { allCases, type BadInputCase, type CaseResult } from './cases.js';

/** A case still running after this long hangs (the slowest take well under a second alone). */
const CASE_TIMEOUT_MS = 30_000;

/** Runs the cases on one worker; a hung case is recorded and the rest continue on a new worker. */
async function runAll(cases: readonly BadInputCase[]): Promise<(CaseResult | 'hang')[]> {
  const results: (CaseResult | 'hang')[] = [];
  while (results.length < cases.length) {
    const from = results.length;
    await new Promise<void>((resolve, reject) => {
      // Worker entries in TypeScript need tsx registered inside the worker (Node 20).
      const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(new URL('./case-runner.ts', import.meta.url).href)});`;
      const w = new Worker(boot, { eval: true, workerData: cases.slice(from) });
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          results.push('hang');
          void w.terminate();
        }, CASE_TIMEOUT_MS);
      };
      w.on('message', (m: { start?: number; done?: number; result?: CaseResult }) => {
        if (m.start !== undefined) arm();
        if (m.result !== undefined) results.push(m.result);
      });
      w.on('error', reject);
      w.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return results;
}

/** Why a case failed, or undefined when it behaved. */
function problem(c: BadInputCase, r: CaseResult | 'hang'): string | undefined {
  if (r === 'hang') return `no answer within ${CASE_TIMEOUT_MS / 1000} s`;
  if (r.err.includes('    at ') || r.err.includes('internal error'))
    return `internal error or stack trace: ${r.err.slice(0, 300)}`;
  if (r.code !== c.code) return `exit ${r.code}, expected ${c.code}; stderr: ${r.err.slice(0, 300)}`;
  const lines = r.err.split('\n');
  if (lines.length !== 2 || lines[1] !== '')
    return `stderr is not exactly one line: ${JSON.stringify(r.err.slice(0, 300))}`;
  if (lines[0].length > 500) return `error line of ${lines[0].length} characters (input echoed whole?)`;
  if (c.err !== undefined && !c.err.test(lines[0]))
    return `stderr ${JSON.stringify(lines[0].slice(0, 300))} does not match ${String(c.err)}`;
  if (r.damaged.length > 0) return `input files changed: ${r.damaged.join(', ')}`;
  if (r.extra.length > 0) return `files left behind: ${r.extra.join(', ')}`;
  return undefined;
}

describe('bad input corpus', () => {
  it('every malformed circuit, DEM, OpenQASM, sample, study and results file and flag set: one line, the right exit code, no damage, no hang', async (t) => {
    const cases = allCases();
    assert.ok(cases.length >= 300, `a few hundred cases (have ${cases.length})`);
    const results = await runAll(cases);
    const failures = cases
      .map((c, i) => [c, problem(c, results[i])] as const)
      .filter(([, p]) => p !== undefined)
      .map(([c, p]) => `${c.name}: ${p}`);
    const slow = cases
      .map((c, i) => [c.name, results[i]] as const)
      .flatMap(([n, r]) => (r === 'hang' ? [] : [[n, r.ms] as const]))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5);
    t.diagnostic(`slowest: ${slow.map(([n, ms]) => `${n} ${(ms / 1000).toFixed(2)} s`).join('; ')}`);
    const byCode = [1, 2, 3].map((k) => cases.filter((c) => c.code === k).length);
    assert.deepEqual(
      failures,
      [],
      `${failures.length} of ${cases.length} cases failed (exit 1/2/3 cases: ${byCode.join('/')})`,
    );
  });
});
