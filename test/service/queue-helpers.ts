// Support for the queue's end-to-end tests: a private redis-server on a free loopback port (no
// persistence), and `qec worker` child processes run from the TypeScript sources.
import { spawn, type ChildProcess } from 'node:child_process';

export { startRedis, type TestRedis } from '../../src/service/queue/redis-process.js';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).href;

/** A `qec` child process. */
export interface QecChild {
  readonly proc: ChildProcess;
  /** What it printed on stderr so far. */
  stderr(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs `qec ARGS` from the sources in a child process; resolves once stderr matches `ready`
 * (returning the match too).
 */
export async function spawnQec(args: readonly string[], ready: RegExp): Promise<[QecChild, RegExpExecArray]> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', '-e', `import(${JSON.stringify(MAIN)}).then((m) => m.run(${JSON.stringify(args)}))`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const m = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`qec ${args[0]} did not start: ${err}`)), 60_000);
    proc.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const hit = ready.exec(err);
      if (hit !== null) {
        clearTimeout(timer);
        resolve(hit);
      }
    });
    void exited.then(() => reject(new Error(`qec ${args[0]} exited early: ${err}`)));
  });
  return [{ proc, stderr: () => err, exited }, m];
}

/** Starts `qec worker --queue URL` with one batch at a time; resolves with it and its worker id. */
export async function startWorker(url: string, extra: readonly string[] = []): Promise<[QecChild, string]> {
  const [c, m] = await spawnQec(
    ['worker', '--queue', url, '--concurrency', '1', '--lock-timeout', '3000', ...extra],
    /qec worker: (\S+) taking batches/,
  );
  return [c, m[1]];
}
