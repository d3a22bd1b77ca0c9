import { Redis } from 'ioredis';
import { QecError } from '../../base/errors.js';
import type { RedisAddress } from './queue-common.js';

/**
 * Checks once that Redis at `address` answers a PING, before a service or worker builds its
 * long-lived clients (which retry forever, so an unreachable address would otherwise hang the
 * command): one connection attempt, no reconnects, bounded by `timeoutMs`.
 * @throws QecError (UNAVAILABLE) `cannot reach Redis at HOST:PORT: reason`.
 */
export async function probeRedis(address: RedisAddress, timeoutMs = 10_000): Promise<void> {
  const client = new Redis({
    ...address,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  // The socket's own error (ECONNREFUSED, ENOTFOUND, WRONGPASS) says more than connect()'s
  // rejection ("Connection is closed"); a listener also stops ioredis logging it.
  let socketError: string | undefined;
  client.on('error', (e: Error) => (socketError ??= e.message));
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    const reason = socketError ?? (e instanceof Error ? e.message : String(e));
    throw new QecError(`cannot reach Redis at ${address.host}:${address.port}: ${reason}`, {
      code: 'UNAVAILABLE',
    });
  } finally {
    client.disconnect();
  }
}
