import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { BatchPool } from './batch-pool.js';
import { Executor } from './executor.js';
import { DEFAULT_LIMITS, type ServiceLimits } from './limits.js';
import { ServiceStore } from './store.js';
import { parseRedisUrl } from './queue/queue-common.js';
import type { QueueRunner } from './queue/queue-runner.js';

/** Options of {@link startServer} (`qec serve` flags). */
export interface ServeOptions {
  /** Directory of the SQLite store (created when missing). */
  readonly data: string;
  /** Port; 0 picks a free one. */
  readonly port: number;
  /** Interface to bind; loopback unless told otherwise. */
  readonly host?: string;
  /** Batch worker threads. */
  readonly workers: number;
  readonly limits?: Partial<ServiceLimits>;
  /** Largest batch in shots (as `qec collect`'s 65536 by default). */
  readonly maxBatchShots?: number;
  /** Fastify's request log on stderr. */
  readonly logger?: boolean;
  /** Folder of the web build holding `dashboard.html` (default: `dist/web/`, see dashboard.ts). */
  readonly webDir?: string;
  /** Receives warnings (lost workers); default: nothing. */
  readonly log?: (message: string) => void;
  /**
   * `redis://HOST:PORT`: send batches to `qec worker` processes through BullMQ on this Redis
   * instead of running them on in-process threads (`workers` is then unused).
   */
  readonly queue?: string;
  /** With `queue`: most batch jobs queued or running at once (default 64). */
  readonly queueDepth?: number;
  /** With `queue`: how often jobs in flight are checked to still be in Redis (default 5000 ms). */
  readonly queueCheckMs?: number;
}

/** A running service. */
export interface RunningService {
  /** `http://HOST:PORT`. */
  readonly url: string;
  readonly app: FastifyInstance;
  readonly store: ServiceStore;
  readonly executor: Executor;
  /**
   * Shuts down cleanly: stops accepting requests, gives batches in flight `graceMs` to land and
   * be committed (the rest are abandoned, to be redone after a restart), stops the workers and
   * closes the database.
   */
  close(graceMs?: number): Promise<void>;
}

/** Opens the store, resumes unfinished studies and listens. */
export async function startServer(opts: ServeOptions): Promise<RunningService> {
  const limits: ServiceLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  if (opts.queue !== undefined) {
    // Before the store is opened: an unreachable Redis ends the command with one line.
    const { probeRedis } = await import('./queue/redis-probe.js');
    await probeRedis(parseRedisUrl(opts.queue));
  }
  const store = new ServiceStore(opts.data);
  let pool: BatchPool | QueueRunner;
  if (opts.queue === undefined) pool = new BatchPool(opts.workers);
  else {
    const { QueueRunner } = await import('./queue/queue-runner.js');
    const address = parseRedisUrl(opts.queue);
    const runner = new QueueRunner(address, {
      depth: opts.queueDepth ?? 64,
      ...(opts.queueCheckMs === undefined ? {} : { checkMs: opts.queueCheckMs }),
      ...(opts.log === undefined ? {} : { log: opts.log }),
    });
    try {
      await runner.ready(address);
    } catch (e) {
      await runner.close();
      store.close();
      throw e;
    }
    pool = runner;
  }
  const executor = new Executor(store, pool, {
    ...(opts.maxBatchShots === undefined ? {} : { maxBatchShots: opts.maxBatchShots }),
    ...(opts.log === undefined ? {} : { log: opts.log }),
  });
  let app: FastifyInstance;
  try {
    const runner = pool instanceof BatchPool ? undefined : pool;
    const ctx = {
      store,
      executor,
      limits,
      ...(runner === undefined ? {} : { workers: () => runner.workers() }),
    };
    app = await buildApp(ctx, {
      logger: opts.logger ?? false,
      ...(opts.webDir === undefined ? {} : { webDir: opts.webDir }),
    });
    await app.listen({ port: opts.port, host: opts.host ?? '127.0.0.1' });
  } catch (e) {
    await pool.close();
    store.close();
    throw e;
  }
  if (!(pool instanceof BatchPool)) pool.onCapacity(() => executor.poke());
  executor.resume();
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : opts.port;
  const host = opts.host ?? '127.0.0.1';
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    app,
    store,
    executor,
    close(graceMs = 5000) {
      closing ??= (async () => {
        const closed = app.close();
        await executor.drain(graceMs);
        await pool.close();
        await closed;
        store.close();
      })();
      return closing;
    },
  };
}
