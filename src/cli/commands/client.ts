import { ValidationError } from '../../base/errors.js';
import { flag, str, UsageError, type CliCommand, type OptionSpec, type OptionValues } from '../command.js';
import { decodeText } from '../io.js';
import { readSse, serviceRequest, type ServiceTarget } from '../service-client.js';

const SERVER_OPTION: OptionSpec = {
  name: 'server',
  kind: 'string',
  value: 'URL',
  help: 'service URL (default: $QEC_SERVER or http://127.0.0.1:8787)',
};
const TOKEN_OPTION: OptionSpec = {
  name: 'token',
  kind: 'string',
  value: 'TOKEN',
  help: 'API token (default: $QEC_TOKEN; see qec token create)',
};
const ID = [{ name: 'id', help: 'study id (printed by qec submit)', required: true }] as const;

function target(opts: OptionValues, cmd: string): ServiceTarget {
  const token = str(opts, 'token') ?? process.env.QEC_TOKEN;
  if (token === undefined || token === '')
    throw new UsageError(
      `qec ${cmd}: no API token: give --token TOKEN or set QEC_TOKEN (qec token create makes one)`,
    );
  const server = str(opts, 'server') ?? process.env.QEC_SERVER ?? 'http://127.0.0.1:8787';
  try {
    new URL(server);
  } catch {
    throw new UsageError(`qec ${cmd}: --server: expected a URL like http://127.0.0.1:8787, got '${server}'`);
  }
  return { server, token };
}

const studyPath = (opts: OptionValues, suffix = ''): string =>
  `api/v1/studies/${encodeURIComponent(str(opts, 'id') ?? '')}${suffix}`;

interface TaskView {
  decoder: string;
  metadata: Record<string, unknown>;
  shots: number;
  errors: number;
  rate: number;
  done: boolean;
  status?: string;
  error?: { code: string; message: string };
}

export const submitCommand: CliCommand = {
  name: 'submit',
  summary: 'Submit a study file to a QEC service; prints the study id.',
  description:
    'The study JSON of qec collect (tasks, sweeps, decoders) with maxShots (required here) and optionally maxErrors. The server validates it and answers with errors naming the JSON path.',
  positionals: [{ name: 'study', help: 'study JSON file (- for standard input)', required: true }],
  options: [SERVER_OPTION, TOKEN_OPTION],
  examples: ['QEC_TOKEN=... qec submit study.json --server http://127.0.0.1:8787'],
  async run(opts, io) {
    const t = target(opts, 'submit');
    const file = str(opts, 'study') ?? '-';
    const text = decodeText(await io.readFile(file), file);
    try {
      JSON.parse(text);
    } catch (e) {
      throw new ValidationError(`${file}: not valid JSON: ${(e as Error).message}`);
    }
    const res = await serviceRequest(t, 'POST', 'api/v1/studies', text);
    const { id } = (await res.json()) as { id: string };
    io.stdout(`${id}\n`);
    return 0;
  },
};

export const statusCommand: CliCommand = {
  name: 'status',
  summary: "Show a study's status and per-task counts on a QEC service.",
  positionals: ID,
  options: [SERVER_OPTION, TOKEN_OPTION, { name: 'json', kind: 'boolean', help: "print the service's JSON" }],
  examples: ['qec status 6f1c... --server http://127.0.0.1:8787'],
  async run(opts, io) {
    const res = await serviceRequest(target(opts, 'status'), 'GET', studyPath(opts));
    const s = (await res.json()) as {
      id: string;
      status: string;
      error?: string;
      tasks: TaskView[];
      workers?: { worker: string; batches: number; shots: number }[];
    };
    if (flag(opts, 'json')) {
      io.stdout(`${JSON.stringify(s, null, 2)}\n`);
      return 0;
    }
    io.stdout(`${s.id}: ${s.status}${s.error !== undefined ? ` (${s.error})` : ''}\n`);
    for (const k of s.tasks) {
      const m = Object.entries(k.metadata)
        .map(([a, b]) => `${a}=${String(b)}`)
        .join(' ');
      io.stdout(
        `  ${k.decoder} ${m}: ${k.shots} shots, ${k.errors} errors, rate ${k.rate.toPrecision(3)}${k.error !== undefined ? ` (failed: ${k.error.code}: ${k.error.message})` : k.done ? ' (done)' : ''}\n`,
      );
    }
    const shares = s.workers ?? [];
    const total = shares.reduce((a, w) => a + w.shots, 0);
    if (shares.length > 0) io.stdout('workers:\n');
    for (const w of shares)
      io.stdout(
        `  ${w.worker}: ${w.batches} batches, ${w.shots} shots (${((100 * w.shots) / Math.max(1, total)).toFixed(1)}%)\n`,
      );
    return 0;
  },
};

export const resultsCommand: CliCommand = {
  name: 'results',
  summary: "Download a study's results as the sinter-compatible CSV of qec collect.",
  positionals: ID,
  options: [
    SERVER_OPTION,
    TOKEN_OPTION,
    { name: 'out', kind: 'string', value: 'FILE', help: 'output CSV (- for standard output)', default: '-' },
  ],
  examples: ['qec results 6f1c... --out results.csv && qec threshold --in results.csv'],
  async run(opts, io) {
    const res = await serviceRequest(target(opts, 'results'), 'GET', studyPath(opts, '/results.csv'));
    await io.writeFile(str(opts, 'out') ?? '-', await res.text());
    return 0;
  },
};

export const watchCommand: CliCommand = {
  name: 'watch',
  summary: "Follow a study's progress live until it ends (exit 0 when done).",
  positionals: ID,
  options: [SERVER_OPTION, TOKEN_OPTION],
  examples: ['qec watch 6f1c...'],
  async run(opts, io) {
    const res = await serviceRequest(target(opts, 'watch'), 'GET', studyPath(opts, '/events'));
    if (res.body === null) throw new ValidationError('the service sent no event stream');
    let last = '';
    for await (const ev of readSse(res.body)) {
      if (ev.event === 'progress') {
        const p = JSON.parse(ev.data) as { tasks: TaskView[] };
        const shots = p.tasks.reduce((a, t) => a + t.shots, 0);
        const errors = p.tasks.reduce((a, t) => a + t.errors, 0);
        const done = p.tasks.filter((t) => t.done).length;
        const line = `${done}/${p.tasks.length} tasks done, ${shots} shots, ${errors} errors`;
        if (line !== last) io.stderr(`${line}\n`);
        last = line;
      } else if (ev.event === 'status') {
        const s = JSON.parse(ev.data) as { status: string; error?: string };
        if (s.status === 'queued' || s.status === 'running') continue;
        io.stdout(`${s.status}${s.error !== undefined ? `: ${s.error}` : ''}\n`);
        return s.status === 'done' ? 0 : 1;
      }
    }
    throw new ValidationError('the event stream ended before the study did (server stopped?)');
  },
};
