import { ValidationError } from '../../base/errors.js';
import { DECODERS } from '../../decode/registry.js';
import { circuitFileMetadata } from '../../experiment/circuit-metadata.js';
import type { ResolvedTask } from '../../experiment/task.js';
import {
  decodeMessage,
  resolveStudy,
  resolveWithPath,
  StudySpecSchema,
  studyCircuitPaths,
  type StudySpec,
} from '../../protocol/index.js';
import { runCollection } from '../collection.js';
import { decodeText, type CliIO } from '../io.js';
import { DECODER_ALIASES, DECODER_OPTIONS_OPTION, decoderOptionsOf } from '../common.js';
import { list, num, str, UsageError, type CliCommand } from '../command.js';
import { checkDecoderNames, CUSTOM_DECODER_OPTION, loadCustomDecoders } from '../custom-decoders.js';

export const collectCommand: CliCommand = {
  name: 'collect',
  summary: 'Sample and decode tasks on all cores until max-shots or max-errors; append results to a CSV.',
  description:
    "Tasks come from a JSON study file (see docs: tasks and sweeps over code, distance, rounds, noise parameters) or from circuit files. The whole study is checked (unknown keys, decoder names and options, codes, noise parameters) before any file is touched. Results are appended batch by batch to a sinter-compatible CSV, each row with its batch index, so an interrupted run loses only batches in flight and a rerun resumes where it stopped; seeds derive from each task's strong id and batch index, and a rerun never reuses a batch index already in the file. One collector per results file at a time (a lock file beside it).",
  options: [
    { name: 'tasks', kind: 'string', value: 'SPEC.json', help: 'study file with tasks and sweeps' },
    {
      name: 'circuits',
      kind: 'list',
      value: 'FILES',
      paths: true,
      help: 'circuit files (one task each per decoder); metadata from a JSON comment (# {"d": 5}) or the file name (d=5,p=0.001.stim)',
    },
    {
      name: 'decoders',
      kind: 'list',
      value: 'LIST',
      help: "decoders (sinter's pymatching = mwpm)",
      choices: DECODERS.map((d) => d.name),
      openChoices: true,
      choiceAliases: DECODER_ALIASES,
    },
    CUSTOM_DECODER_OPTION,
    {
      name: 'metadata-func',
      kind: 'choice',
      value: 'auto',
      help: "sinter's flag: metadata of --circuits from their JSON comment or file name (the only choice)",
      choices: ['auto'],
      default: 'auto',
    },
    DECODER_OPTIONS_OPTION,
    {
      name: 'postselect-detectors',
      kind: 'list',
      value: 'LIST',
      help: 'with --circuits: detector indices whose firing discards a shot (counted as discards; rates over kept shots, as sinter\'s postselection_mask). In a study file: a task\'s "postselectDetectors"',
    },
    {
      name: 'max-shots',
      kind: 'int',
      value: 'N',
      help: "stop a task after this many shots (default: the study file's maxShots)",
      min: 1,
      max: 2 ** 50,
    },
    {
      name: 'max-errors',
      kind: 'int',
      value: 'N',
      help: "stop a task after this many logical errors (default: the study file's maxErrors)",
      min: 1,
      max: 2 ** 50,
    },
    {
      name: 'save',
      kind: 'string',
      value: 'RESULTS.csv',
      help: 'results file (appended; resumed)',
      required: true,
      aliases: ['save_resume_filepath'],
    },
    {
      name: 'workers',
      kind: 'int',
      value: 'N',
      help: 'worker threads (default: number of cores; 0 = in-process)',
      min: 0,
      max: 256,
      aliases: ['processes'],
    },
  ],
  examples: [
    'qec collect --tasks study.json --max-shots 1000000 --max-errors 1000 --save results.csv',
    'qec collect --circuits a.stim b.stim --decoders mwpm,unionfind --max-shots 100000 --max-errors 100 --save r.csv',
    'qec collect --circuits circuits/*.stim --decoders pymatching --max_shots 100000 --max_errors 100 --save_resume_filepath r.csv --processes 4',
  ],
  async run(opts, io) {
    const specPath = str(opts, 'tasks');
    const circuits = list(opts, 'circuits');
    if ((specPath === undefined) === (circuits === undefined))
      throw new UsageError('qec collect: give exactly one of --tasks SPEC.json or --circuits FILES');
    const custom = await loadCustomDecoders(list(opts, 'custom-decoder'));
    const decoders = list(opts, 'decoders');
    checkDecoderNames('decoders', decoders ?? []);
    const decoderOptions = decoderOptionsOf(str(opts, 'decoder-options'));
    const postselect = list(opts, 'postselect-detectors')?.map((v) => {
      if (!/^[0-9]+$/.test(v)) throw new UsageError(`--postselect-detectors: '${v}' is not a detector index`);
      return Number(v);
    });
    if (postselect !== undefined && circuits === undefined)
      throw new UsageError(
        '--postselect-detectors applies to --circuits; in a study file give each task "postselectDetectors"',
      );
    let study: StudySpec | undefined;
    let tasks: ResolvedTask[];
    if (specPath !== undefined) {
      study = await readStudy(io, specPath);
      const files = new Map<string, string>();
      // Circuit files named in the study are read up front (resolution itself does no I/O).
      for (const p of studyCircuitPaths(study)) files.set(p, decodeText(await io.readFile(p), p));
      tasks = resolveStudy(study, (p) => files.get(p) ?? '', { decoders, decoderOptions });
    } else {
      const seen = new Map<string, ResolvedTask>();
      for (const p of circuits ?? []) {
        const text = decodeText(await io.readFile(p), p);
        for (const decoder of decoders ?? ['mwpm']) {
          const t = resolveWithPath(
            {
              circuit: text,
              decoder,
              metadata: circuitFileMetadata(p, text),
              ...(decoderOptions === undefined ? {} : { decoderOptions }),
              ...(postselect === undefined ? {} : { postselectDetectors: postselect }),
            },
            p,
          );
          if (!seen.has(t.strongId)) seen.set(t.strongId, t);
        }
      }
      tasks = [...seen.values()];
    }
    if (custom.length > 0 && (num(opts, 'workers') ?? 1) > 0)
      io.stderr(
        `custom decoders (${custom.join(', ')}) run in the main thread: collecting without worker threads\n`,
      );
    const maxShots = num(opts, 'max-shots') ?? study?.maxShots;
    const maxErrors = num(opts, 'max-errors') ?? study?.maxErrors;
    if (maxShots === undefined)
      throw new UsageError('qec collect: missing --max-shots N (or "maxShots" in the study file)');
    if (maxErrors === undefined)
      throw new UsageError('qec collect: missing --max-errors N (or "maxErrors" in the study file)');
    const saved = await runCollection(io, tasks, {
      savePath: str(opts, 'save') ?? 'results.csv',
      maxShots,
      maxErrors,
      // Worker threads have their own decoder registry: custom decoders decode in this thread.
      workers: custom.length > 0 ? 0 : num(opts, 'workers'),
    });
    io.stderr(`results: ${saved} (${tasks.length} tasks)\n`);
    return 0;
  },
};

/** Reads and validates a study file (JSON); errors name the file and the JSON path. */
export async function readStudy(io: CliIO, path: string): Promise<StudySpec> {
  const text = decodeText(await io.readFile(path), path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ValidationError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
  return decodeMessage(StudySpecSchema, json, path);
}
