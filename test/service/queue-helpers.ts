// Support for the queue's end-to-end tests: a private redis-server on a free loopback port (no
// persistence), and `qec worker` child processes run from the TypeScript sources.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).href;
const REDIS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));

/** A free TCP port on 127.0.0.1 (closed again; free for a moment). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

/** A running redis-server of a test. */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** Stops it (SIGKILL: its data is dropped, as no persistence is configured). */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` on a free loopback port, without persistence; resolves once it accepts
 * connections. `port` reuses a port (a restart).
 * @throws when redis-server is not installed (saying how to install it).
 */
export async function startRedis(port?: number): Promise<TestRedis> {
  if (REDIS === undefined)
    throw new Error('the queue tests need redis-server: sudo apt-get install -y redis-server');
  const p = port ?? (await freePort());
  const proc = spawn(
    REDIS,
    ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 20_000);
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => reject(new Error(`redis-server exited: ${out}`)));
  });
  return {
    url: `redis://127.0.0.1:${p}`,
    port: p,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

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
