// A private redis-server for the queue's tests and benchmark: a free loopback port, no
// persistence, stopped by SIGKILL (its data is dropped).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

const REDIS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));

/** A free TCP port on 127.0.0.1 (closed again; free for a moment). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

/** A running private redis-server. */
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
