import { cpus } from 'node:os';
import { ValidationError } from '../../base/errors.js';
import { DECODERS } from '../../decode/registry.js';
import { expandStudy } from '../../experiment/spec-file.js';
import { resolveTask, type ResolvedTask, type TaskSpec } from '../../experiment/task.js';
import { collect } from '../../node/collector.js';
import { ResultStore } from '../../node/result-store.js';
import { decodeText } from '../io.js';
import { DECODER_OPTIONS_OPTION, decoderOptionsOf } from '../common.js';
import { list, num, str, UsageError, type CliCommand } from '../command.js';
import { ProgressDisplay } from '../progress.js';

export const collectCommand: CliCommand = {
  name: 'collect',
  summary: 'Sample and decode tasks on all cores until max-shots or max-errors; append results to a CSV.',
  description:
    "Tasks come from a JSON study file (see docs: tasks and sweeps over code, distance, rounds, noise parameters) or from circuit files. Results are appended batch by batch to a sinter-compatible CSV (plus RESULTS.jsonl), so an interrupted run loses only batches in flight and a rerun resumes where it stopped; seeds derive from each task's strong id and batch index.",
  options: [
    { name: 'tasks', kind: 'string', value: 'SPEC.json', help: 'study file with tasks and sweeps' },
    {
      name: 'circuits',
      kind: 'list',
      value: 'FILES',
      help: 'comma-separated circuit files (one task each per decoder)',
    },
    {
      name: 'decoders',
      kind: 'list',
      value: 'LIST',
      help: 'decoders (comma-separated)',
      choices: DECODERS.map((d) => d.name),
    },
    DECODER_OPTIONS_OPTION,
    {
      name: 'max-shots',
      kind: 'int',
      value: 'N',
      help: 'stop a task after this many shots',
      required: true,
      min: 1,
      max: 2 ** 50,
    },
    {
      name: 'max-errors',
      kind: 'int',
      value: 'N',
      help: 'stop a task after this many logical errors',
      required: true,
      min: 1,
      max: 2 ** 50,
    },
    {
      name: 'save',
      kind: 'string',
      value: 'RESULTS.csv',
      help: 'results file (appended; resumed)',
      required: true,
    },
    {
      name: 'workers',
      kind: 'int',
      value: 'N',
      help: 'worker threads (default: number of cores; 0 = in-process)',
      min: 0,
      max: 256,
    },
  ],
  examples: [
    'qec collect --tasks study.json --max-shots 1000000 --max-errors 1000 --save results.csv',
    'qec collect --circuits a.stim,b.stim --decoders mwpm,unionfind --max-shots 100000 --max-errors 100 --save r.csv',
  ],
  async run(opts, io) {
    const specPath = str(opts, 'tasks');
    const circuits = list(opts, 'circuits');
    if ((specPath === undefined) === (circuits === undefined))
      throw new UsageError('qec collect: give exactly one of --tasks SPEC.json or --circuits FILES');
    const decoders = list(opts, 'decoders');
    const files = new Map<string, string>();
    for (const p of circuits ?? []) files.set(p, decodeText(await io.readFile(p), p));
    let specs: TaskSpec[];
    if (specPath !== undefined) {
      let json: unknown;
      const text = decodeText(await io.readFile(specPath), specPath);
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new ValidationError(`${specPath}: not valid JSON: ${(e as Error).message}`);
      }
      // Circuit files named in the study are read up front (the expansion itself does no I/O).
      const wanted = new Set<string>();
      expandStudy(json, (p) => (wanted.add(p), 'TICK\n'), decoders);
      for (const p of wanted) files.set(p, decodeText(await io.readFile(p), p));
      specs = expandStudy(json, (p) => files.get(p) ?? '', decoders);
    } else
      specs = (circuits ?? []).flatMap((p) =>
        (decoders ?? ['mwpm']).map((decoder) => ({
          circuit: files.get(p) ?? '',
          decoder,
          metadata: { circuit: p },
        })),
      );
    const decoderOptions = decoderOptionsOf(str(opts, 'decoder-options'));
    const tasks: ResolvedTask[] = specs.map((s, i) =>
      resolveTask(
        decoderOptions === undefined
          ? s
          : { ...s, decoderOptions: { ...decoderOptions, ...(s.decoderOptions ?? {}) } },
        `task ${i + 1}`,
      ),
    );
    const unique = [...new Map(tasks.map((t) => [t.strongId, t])).values()];
    const store = new ResultStore(str(opts, 'save') ?? 'results.csv');
    const loaded = store.load();
    for (const w of loaded.warnings) io.stderr(`warning: ${w}\n`);
    const maxShots = num(opts, 'max-shots') ?? 0;
    const maxErrors = num(opts, 'max-errors') ?? 0;
    const display = new ProgressDisplay(io, maxShots, maxErrors);
    const ac = new AbortController();
    const onSigint = (): void => ac.abort();
    process.once('SIGINT', onSigint);
    let last: Parameters<ProgressDisplay['update']>[0] = [];
    try {
      await collect(unique, {
        maxShots,
        maxErrors,
        workers: num(opts, 'workers') ?? cpus().length,
        store,
        signal: ac.signal,
        onProgress: (p) => {
          last = p;
          display.update(p);
        },
      });
    } finally {
      process.removeListener('SIGINT', onSigint);
      display.finish(last);
    }
    io.stderr(`results: ${store.csvPath} (${unique.length} tasks)\n`);
    return 0;
  },
};
