import { cpus } from 'node:os';
import { parseRedisUrl } from '../../service/queue/queue-common.js';
import { flag, num, str, UsageError, type CliCommand, type OptionSpec } from '../command.js';

/**
 * Waits for SIGINT or SIGTERM, then runs `stop` (a clean shutdown) and resolves when it is done
 * (whether it succeeded or not).
 */
export async function untilSignal(stop: (signal: string) => Promise<void>): Promise<void> {
  await new Promise<void>((resolve) => {
    const on = (signal: string): void => {
      process.removeListener('SIGINT', onInt);
      process.removeListener('SIGTERM', onTerm);
      void stop(signal).then(resolve, resolve);
    };
    const onInt = (): void => on('SIGINT');
    const onTerm = (): void => on('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
}

/** A `--queue` address checked up front: a malformed one is a usage error (exit 2). */
export function checkRedisUrl(command: string, url: string): string {
  try {
    parseRedisUrl(url);
  } catch (e) {
    throw new UsageError(`qec ${command}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return url;
}

/** `--data DIR`, shared by `serve` and `token`. */
export const DATA_OPTION: OptionSpec = {
  name: 'data',
  kind: 'string',
  value: 'DIR',
  help: 'directory of the service database (SQLite)',
  default: './qec-data',
};

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Run the QEC job service: HTTP API, accounts, embedded SQLite store, batches on all cores.',
  description:
    'Studies submitted over HTTP (POST /api/v1/studies, the study JSON of qec collect) run on an in-process worker pool shared fairly between users and studies, with the seeds of qec collect; every batch is committed to DIR/qec.sqlite, so a killed server resumes where it stopped. Create an API token first with qec token create. The API description is at /api/v1/openapi.json. Binds to 127.0.0.1 unless --host says otherwise. SIGINT/SIGTERM shut down cleanly.',
  options: [
    {
      name: 'port',
      kind: 'int',
      value: 'PORT',
      help: 'TCP port (0 picks a free one)',
      default: '8787',
      min: 0,
      max: 65535,
    },
    { name: 'host', kind: 'string', value: 'HOST', help: 'interface to bind', default: '127.0.0.1' },
    DATA_OPTION,
    {
      name: 'workers',
      kind: 'int',
      value: 'N',
      help: 'batch worker threads (default: number of cores)',
      min: 1,
      max: 256,
    },
    {
      name: 'max-body-bytes',
      kind: 'int',
      value: 'N',
      help: 'largest request body',
      default: '1048576',
      min: 1024,
      max: 2 ** 30,
    },
    {
      name: 'max-shots',
      kind: 'int',
      value: 'N',
      help: 'most shots per task of a study',
      default: '10000000000',
      min: 1,
      max: 2 ** 50,
    },
    {
      name: 'max-tasks',
      kind: 'int',
      value: 'N',
      help: 'most tasks per study',
      default: '500',
      min: 1,
      max: 100000,
    },
    {
      name: 'max-active-studies',
      kind: 'int',
      value: 'N',
      help: 'most queued or running studies per user',
      default: '8',
      min: 1,
      max: 100000,
    },
    {
      name: 'max-qubits',
      kind: 'int',
      value: 'N',
      help: 'most qubits of a circuit',
      default: '20000',
      min: 1,
      max: 10000000,
    },
    {
      name: 'max-operations',
      kind: 'int',
      value: 'N',
      help: 'most operations per shot of a circuit (REPEAT expanded)',
      default: '20000000',
      min: 1,
      max: 2 ** 40,
    },
    {
      name: 'request-timeout',
      kind: 'int',
      value: 'MS',
      help: 'longest request in milliseconds',
      default: '30000',
      min: 100,
      max: 3600000,
    },
    {
      name: 'max-batch-shots',
      kind: 'int',
      value: 'N',
      help: 'largest batch; batch b has min(N, 256·2^b) shots, as qec collect (same N, same seeds and counts)',
      default: '65536',
      min: 1,
      max: 2 ** 24,
    },
    {
      name: 'queue',
      kind: 'string',
      value: 'URL',
      help: 'redis://HOST:PORT: send batches to qec worker processes through BullMQ on this Redis instead of in-process threads',
    },
    {
      name: 'queue-depth',
      kind: 'int',
      value: 'N',
      help: "with --queue: most batch jobs queued or running at once over all studies (each study also gets at most twice the connected workers' total concurrency)",
      default: '64',
      min: 1,
      max: 100000,
    },
    { name: 'log', kind: 'boolean', help: 'log every request (JSON lines on stdout)' },
  ],
  examples: [
    'qec token create --name alice && qec serve --port 8787',
    'qec serve --data /srv/qec --host 0.0.0.0 --workers 16',
    'qec serve --queue redis://10.0.0.5:6379   # then on each machine: qec worker --queue redis://10.0.0.5:6379',
  ],
  async run(opts, io) {
    const { startServer } = await import('../../service/server.js');
    const data = str(opts, 'data') ?? './qec-data';
    const queue = str(opts, 'queue');
    const service = await startServer({
      data,
      port: num(opts, 'port') ?? 8787,
      host: str(opts, 'host') ?? '127.0.0.1',
      workers: num(opts, 'workers') ?? cpus().length,
      logger: flag(opts, 'log'),
      maxBatchShots: num(opts, 'max-batch-shots') ?? 65536,
      log: (m) => io.stderr(`qec serve: ${m}\n`),
      ...(queue === undefined
        ? {}
        : { queue: checkRedisUrl('serve', queue), queueDepth: num(opts, 'queue-depth') ?? 64 }),
      limits: {
        bodyBytes: num(opts, 'max-body-bytes'),
        shotsPerTask: num(opts, 'max-shots'),
        tasksPerStudy: num(opts, 'max-tasks'),
        activeStudiesPerUser: num(opts, 'max-active-studies'),
        circuitQubits: num(opts, 'max-qubits'),
        circuitOperations: num(opts, 'max-operations'),
        requestTimeoutMs: num(opts, 'request-timeout'),
      },
    });
    io.stderr(`qec serve: listening on ${service.url} (data ${data})\n`);
    await untilSignal((signal) => {
      io.stderr(`qec serve: ${signal}: finishing batches in flight, then stopping\n`);
      return service.close();
    });
    io.stderr('qec serve: stopped\n');
    return 0;
  },
};
