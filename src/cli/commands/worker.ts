import { cpus } from 'node:os';
import { num, str, UsageError, type CliCommand } from '../command.js';
import { checkRedisUrl, untilSignal } from './serve.js';

export const workerCommand: CliCommand = {
  name: 'worker',
  summary: 'Run batches of a qec serve --queue service on this machine, taken from its Redis (BullMQ).',
  description:
    "Connects to the Redis of a service started with qec serve --queue URL and runs its batch jobs, --concurrency at a time, each on its own thread: every task's circuit and decoder are fetched once from Redis by strong id and cached; results go back through the queue (the service counts each batch once, by its key). Start any number of workers on any machines that reach the Redis; they need no access to the service's database. A worker that dies loses nothing: after --lock-timeout its batch goes to another worker. SIGINT/SIGTERM finish the batches being run, then stop.",
  options: [
    {
      name: 'queue',
      kind: 'string',
      value: 'URL',
      help: 'redis://HOST:PORT of the service (as given to qec serve --queue)',
      required: true,
    },
    {
      name: 'concurrency',
      kind: 'int',
      value: 'N',
      help: 'batches run at once (default: number of cores)',
      min: 1,
      max: 1024,
    },
    {
      name: 'lock-timeout',
      kind: 'int',
      value: 'MS',
      help: "how long a dead worker's batch stays locked before another worker takes it",
      default: '30000',
      min: 500,
      max: 3600000,
    },
  ],
  examples: [
    'qec worker --queue redis://10.0.0.5:6379',
    'qec worker --queue redis://queue.lab:6379 --concurrency 32',
  ],
  async run(opts, io) {
    const url = str(opts, 'queue');
    if (url === undefined) throw new UsageError('qec worker: missing --queue URL');
    checkRedisUrl('worker', url);
    const { parseRedisUrl } = await import('../../service/queue/queue-common.js');
    const { startQueueWorker } = await import('../../service/queue/queue-worker.js');
    const concurrency = num(opts, 'concurrency') ?? cpus().length;
    const worker = await startQueueWorker({
      address: parseRedisUrl(url),
      concurrency,
      lockMs: num(opts, 'lock-timeout') ?? 30000,
      log: (m) => io.stderr(`qec worker: ${m}\n`),
    });
    io.stderr(`qec worker: ${worker.id} taking batches from ${url} (${concurrency} at a time)\n`);
    await untilSignal((signal) => {
      io.stderr(`qec worker: ${signal}: finishing the batches being run, then stopping\n`);
      return worker.close();
    });
    io.stderr('qec worker: stopped\n');
    return 0;
  },
};
