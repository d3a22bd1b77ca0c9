// Worker thread of the bad-input corpus: runs each case in-process through `main(argv, io)` on real
// files in a fresh temporary folder and reports what it saw. It runs in a worker so that the test
// can terminate it when a case hangs (a synchronous loop cannot be interrupted otherwise).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { main } from '../../src/cli/main.js';
import { nodeIO, type CliIO, type OutputWriter } from '../../src/cli/io.js';
import type { BadInputCase, CaseResult } from './cases.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Real files (relative paths resolve in `dir` through `{dir}`), captured stdout and stderr. */
function captureIO(stdin: Uint8Array): { io: CliIO; out: () => string; err: () => string } {
  const base = nodeIO();
  let out = '';
  let err = '';
  const toStdout = (d: string | Uint8Array): void => {
    out += typeof d === 'string' ? d : dec.decode(d);
  };
  const stdoutWriter: OutputWriter = {
    write: (d) => Promise.resolve(toStdout(d)),
    commit: () => Promise.resolve(),
    abort: () => Promise.resolve(),
  };
  const io: CliIO = {
    ...base,
    interactive: false,
    stdout: toStdout,
    stderr: (t) => {
      err += t;
    },
    readFile: (p) => (p === '-' ? Promise.resolve(stdin) : base.readFile(p)),
    writeFile: (p, d) => (p === '-' ? Promise.resolve(toStdout(d)) : base.writeFile(p, d)),
    createWriter: (p) => (p === '-' ? Promise.resolve(stdoutWriter) : base.createWriter(p)),
  };
  return { io, out: () => out, err: () => err };
}

async function runCase(c: BadInputCase): Promise<CaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'qec-bad-'));
  try {
    const files = Object.entries(c.files ?? {}).map(
      ([name, data]) => [name, typeof data === 'string' ? enc.encode(data) : data] as const,
    );
    for (const [name, data] of files) writeFileSync(join(dir, name), data);
    const argv = c.argv.map((a) => a.replaceAll('{dir}', dir));
    const stdin = c.stdin === undefined ? new Uint8Array(0) : enc.encode(c.stdin);
    const { io, out, err } = captureIO(stdin);
    const t0 = performance.now();
    const code = await main(argv, io);
    const ms = performance.now() - t0;
    // Every input file must be byte for byte as it was, and nothing else may have appeared.
    const damaged: string[] = [];
    for (const [name, data] of files) {
      const now = new Uint8Array(readFileSync(join(dir, name)));
      if (now.length !== data.length || now.some((b, i) => b !== data[i])) damaged.push(name);
    }
    const extra = readdirSync(dir).filter(
      (n) => !files.some(([f]) => f === n) && !(c.outputs ?? []).includes(n),
    );
    return { code, out: out().slice(0, 2000), err: err(), damaged, extra, ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cases = workerData as BadInputCase[];
for (let i = 0; i < cases.length; i++) {
  parentPort?.postMessage({ start: i });
  const r = await runCase(cases[i]).catch((e: unknown): CaseResult => ({
    code: -1,
    out: '',
    err: `runner: ${String(e)}`,
    damaged: [],
    extra: [],
    ms: 0,
  }));
  parentPort?.postMessage({ done: i, result: r });
}
