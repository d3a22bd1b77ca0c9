/**
 * The study file (`qec collect --tasks SPEC.json`, `qec study`, the service's study submissions)
 * as a schema, and its expansion into resolved tasks. Everything is checked before anything runs:
 * unknown keys, decoder names and options, codes, tasks, distances, noise models and parameters.
 *
 * ```json
 * {
 *   "decoders": ["mwpm"],
 *   "maxShots": 1000000, "maxErrors": 1000,
 *   "tasks": [
 *     { "code": "rotated-surface", "task": "memory-z", "distance": 5, "rounds": 5, "noise": "uniform", "params": { "p": 0.003 } },
 *     { "circuit": "my.stim", "metadata": { "d": 5, "p": 0.003 } }
 *   ],
 *   "sweeps": [
 *     { "code": "rotated-surface", "task": "memory-z", "distance": [3, 5, 7], "rounds": "d",
 *       "noise": "uniform", "params": { "p": [0.003, 0.005, 0.007] } }
 *   ]
 * }
 * ```
 *
 * In a sweep every array-valued field (code, task, distance, rounds, noise, each noise parameter)
 * is swept (cartesian product); `"rounds": "d"` or a multiple like `"3d"` ties rounds to the
 * distance. A task's own `decoder` overrides the file's `decoders` list (default `["mwpm"]`).
 */
import { z } from 'zod';
import { QecError } from '../base/errors.js';
import type { ExperimentSpec } from '../codes/code-families.js';
import { resolveTask, type ResolvedTask, type TaskSpec } from '../experiment/task.js';
import { prefixError } from './errors.js';
import {
  checkDecoderOptions,
  checkGenerator,
  CodeNameSchema,
  CodeTaskSchema,
  DecoderNameSchema,
  DecodeBasisSchema,
  DecoderOptionsSchema,
  JsonObjectSchema,
  NoiseNameSchema,
} from './tables.js';

/** Rounds: a number, or `"d"` / `"<k>d"` (k times the distance). */
const RoundsSchema = z.union([
  z.int().min(1),
  z.string().regex(/^\s*\d*d\s*$/, 'expected a number, "d" or "<k>d" (e.g. "3d")'),
]);

const oneOrMany = <T extends z.ZodType>(s: T) => z.union([s, z.array(s).min(1)]);

/** Descriptions of the fields that tasks and sweeps share (they appear in the JSON Schema and docs/). */
const D = {
  code: 'code family of a generated circuit (`qec gen --list`)',
  task: 'experiment kind (default memory-z)',
  distance: 'code distance (the family says which are allowed)',
  rounds: 'rounds of syndrome extraction: a number, "d" or "<k>d" (k times the distance); default d',
  noise: 'noise model (default none)',
  params: 'noise parameters by name (e.g. {"p": 0.001}); see docs/codes-and-noise.md',
  decoder: "decoder of this entry, overriding the file's `decoders`",
  decoderOptions: "options of the decoder (see 'Decoder options' below)",
  metadata: 'free-form facts carried into the results (sinter\'s json_metadata), e.g. {"d": 5, "p": 0.001}',
  postselectDetectors:
    "detectors (absolute indices) whose firing discards a shot, counted as discards (sinter's postselection)",
} as const;

/** One entry of `tasks`: a generator request or a circuit file. */
export const StudyTaskSchema = z
  .strictObject({
    code: CodeNameSchema.optional().describe(D.code),
    task: CodeTaskSchema.optional().describe(D.task),
    distance: z.int().min(1).optional().describe(D.distance),
    rounds: RoundsSchema.optional().describe(D.rounds),
    noise: NoiseNameSchema.optional().describe(D.noise),
    params: z.record(z.string(), z.number()).optional().describe(D.params),
    /** Path of a Stim circuit file (instead of `code`...). */
    circuit: z
      .string()
      .min(1)
      .optional()
      .describe('path of a Stim circuit file, instead of a generated circuit (`code`, `task`, ...)'),
    decoder: DecoderNameSchema.optional().describe(D.decoder),
    decoderOptions: DecoderOptionsSchema.optional().describe(D.decoderOptions),
    metadata: JsonObjectSchema.optional().describe(D.metadata),
    /** Detectors (absolute indices) whose firing discards a shot, counted as discards (sinter's postselection). */
    postselectDetectors: z.array(z.int().min(0)).optional().describe(D.postselectDetectors),
    decodeBasis: DecodeBasisSchema.optional(),
  })
  .superRefine((t, ctx) => {
    if ((t.circuit === undefined) === (t.code === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: "give exactly one of 'code' (a generated circuit) or 'circuit' (a Stim file)",
        path: [],
        input: t,
      });
      return;
    }
    if (t.circuit !== undefined) {
      for (const k of ['task', 'distance', 'rounds', 'noise', 'params'] as const)
        if (t[k] !== undefined)
          ctx.addIssue({
            code: 'custom',
            message: `'${k}' belongs to generated tasks ('code'), not to a circuit file`,
            path: [k],
            input: t[k],
          });
      return;
    }
    if (t.distance === undefined)
      ctx.addIssue({
        code: 'custom',
        message: 'missing (a generated task needs a distance)',
        path: ['distance'],
        input: t,
      });
    checkGenerator(t, ctx, [], 'params');
  })
  .describe(
    "One task: either a generated circuit (`code` and `distance`, with `task`, `rounds`, `noise`, `params`) or a Stim file (`circuit`), never both; the family's distance rules and the noise model's parameter ranges are checked.",
  );
export type StudyTask = z.infer<typeof StudyTaskSchema>;

/** One entry of `sweeps`: a generator request whose array-valued fields are swept. */
export const StudySweepSchema = z
  .strictObject({
    code: oneOrMany(CodeNameSchema).describe(`${D.code}; an array sweeps it`),
    task: oneOrMany(CodeTaskSchema).optional().describe(`${D.task}; an array sweeps it`),
    distance: oneOrMany(z.int().min(1)).describe(`${D.distance}; an array sweeps it`),
    rounds: oneOrMany(RoundsSchema).optional().describe(`${D.rounds}; an array sweeps it`),
    noise: oneOrMany(NoiseNameSchema).optional().describe(`${D.noise}; an array sweeps it`),
    params: z
      .record(z.string(), oneOrMany(z.number()))
      .optional()
      .describe(`${D.params}; an array value sweeps that parameter`),
    decoder: DecoderNameSchema.optional().describe(D.decoder),
    decoderOptions: DecoderOptionsSchema.optional().describe(D.decoderOptions),
    decodeBasis: DecodeBasisSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const arr = <T>(v: T | readonly T[] | undefined): readonly (T | undefined)[] =>
      v === undefined ? [undefined] : Array.isArray(v) ? (v as readonly T[]) : [v as T];
    const params = Object.fromEntries(Object.entries(s.params ?? {}).map(([k, v]) => [k, arr(v)[0] ?? 0]));
    // Every (code, task, distance, noise) combination against the tables; the first problem suffices.
    for (const code of arr(s.code))
      for (const task of arr(s.task))
        for (const distance of arr(s.distance))
          for (const noise of arr(s.noise)) {
            const before = ctx.issues.length;
            checkGenerator({ code, task, distance, noise, params }, ctx, [], 'params');
            if (ctx.issues.length > before) return;
          }
  })
  .describe(
    'A sweep: every array-valued field (and each array-valued noise parameter) is swept, one task per combination; every combination is checked against the tables before anything runs.',
  );
export type StudySweep = z.infer<typeof StudySweepSchema>;

/** The study file. */
export const StudySpecSchema = z
  .strictObject({
    /** Decoders every task is decoded with (a task's own `decoder` overrides). Default ["mwpm"]. */
    decoders: z
      .array(DecoderNameSchema)
      .min(1)
      .optional()
      .describe('decoders every task is decoded with, one task per decoder (default ["mwpm"])'),
    tasks: z
      .array(StudyTaskSchema)
      .optional()
      .describe('single tasks: a generated circuit or a Stim file each'),
    sweeps: z
      .array(StudySweepSchema)
      .optional()
      .describe('generated tasks over the cartesian product of their array-valued fields'),
    /** Stop a task after this many shots (command-line flags override). */
    maxShots: z
      .int()
      .min(1)
      .max(2 ** 50)
      .optional()
      .describe('stop a task after this many shots (command-line flags override)'),
    /** Stop a task after this many logical errors (command-line flags override). */
    maxErrors: z
      .int()
      .min(1)
      .max(2 ** 50)
      .optional()
      .describe('stop a task after this many logical errors (command-line flags override)'),
  })
  .superRefine((f, ctx) => {
    if ((f.tasks?.length ?? 0) + (f.sweeps?.length ?? 0) === 0)
      ctx.addIssue({ code: 'custom', message: 'no tasks: give "tasks" or "sweeps"', path: [], input: f });
    const decoders = f.decoders ?? ['mwpm'];
    const entries: [string, readonly { decoder?: string; decoderOptions?: Record<string, unknown> }[]][] = [
      ['tasks', f.tasks ?? []],
      ['sweeps', f.sweeps ?? []],
    ];
    for (const [key, list] of entries)
      list.forEach((t, i) => {
        for (const d of t.decoder !== undefined ? [t.decoder] : decoders)
          checkDecoderOptions(d, t.decoderOptions, ctx, [key, i, 'decoderOptions']);
      });
  })
  .describe(
    'A study: `tasks` and/or `sweeps` (at least one entry in all), each decoded by every decoder of `decoders` unless the entry names its own; decoder options are checked against each decoder used.',
  );
export type StudySpec = z.infer<typeof StudySpecSchema>;

/** The circuit files a study names (the caller reads them; expansion does no I/O). */
export function studyCircuitPaths(spec: StudySpec): string[] {
  return [...new Set((spec.tasks ?? []).flatMap((t) => (t.circuit === undefined ? [] : [t.circuit])))];
}

/** Cartesian product of the array-valued entries of an object. */
function expand(obj: Readonly<Record<string, unknown>>): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    const vals = Array.isArray(v) ? (v as unknown[]) : [v];
    out = out.flatMap((o) => vals.map((x) => ({ ...o, [k]: x })));
  }
  return out;
}

function roundsOf(v: unknown, d: number): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const m = /^(\d*)d$/.exec(v.trim());
    if (m !== null) return (m[1] === '' ? 1 : Number(m[1])) * d;
  }
  return d;
}

function generatorOf(t: Readonly<Record<string, unknown>>): ExperimentSpec {
  const distance = t.distance as number;
  return {
    code: t.code as string,
    task: (t.task ?? 'memory-z') as ExperimentSpec['task'],
    distance,
    rounds: roundsOf(t.rounds, distance),
    noise: (t.noise as string | undefined) ?? 'none',
    noiseParams: (t.params as Record<string, number> | undefined) ?? {},
  };
}

/** A task spec of a study with the JSON path it came from (for messages). */
export interface StudyEntry {
  readonly where: string;
  readonly spec: TaskSpec;
}

/**
 * Expands a validated study into task specs (one per task × decoder; sweeps expanded).
 * @param readCircuit the text of a circuit file named in the study (the caller did the I/O).
 * @param decodersOverride decoders given on the command line, replacing the file's list.
 */
export function expandStudy(
  study: StudySpec,
  readCircuit: (path: string) => string,
  decodersOverride?: readonly string[],
): StudyEntry[] {
  const decoders = decodersOverride ?? study.decoders ?? ['mwpm'];
  const out: StudyEntry[] = [];
  (study.tasks ?? []).forEach((t, i) => {
    const where = `tasks[${i}]`;
    for (const decoder of t.decoder !== undefined ? [t.decoder] : decoders) {
      const common = {
        decoder,
        ...(t.decoderOptions === undefined ? {} : { decoderOptions: t.decoderOptions }),
        ...(t.postselectDetectors === undefined ? {} : { postselectDetectors: t.postselectDetectors }),
        ...(t.decodeBasis === undefined ? {} : { decodeBasis: t.decodeBasis }),
      };
      if (t.circuit !== undefined)
        out.push({
          where: t.circuit,
          spec: {
            ...common,
            circuit: readCircuit(t.circuit),
            metadata: t.metadata ?? { circuit: t.circuit },
          },
        });
      else out.push({ where, spec: { ...common, generator: generatorOf(t) } });
    }
  });
  (study.sweeps ?? []).forEach((s, i) => {
    const where = `sweeps[${i}]`;
    const { params, decoder: own, decoderOptions, decodeBasis, ...rest } = s;
    const paramCombos = expand(params ?? {});
    for (const base of expand(rest))
      for (const pc of paramCombos)
        for (const decoder of own !== undefined ? [own] : decoders)
          out.push({
            where,
            spec: {
              decoder,
              ...(decoderOptions === undefined ? {} : { decoderOptions }),
              ...(decodeBasis === undefined ? {} : { decodeBasis }),
              generator: generatorOf({ ...base, params: pc }),
            },
          });
  });
  return out;
}

/**
 * Resolves every task of a study (generates or parses each circuit, checks decoder options,
 * computes strong ids) and drops duplicates (same strong id). Runs before any file is touched.
 * @throws the first task's error, its message prefixed with the JSON path of the entry (or the
 * circuit file, whose parse errors already name it).
 */
export function resolveStudy(
  study: StudySpec,
  readCircuit: (path: string) => string,
  options: { decoders?: readonly string[]; decoderOptions?: Readonly<Record<string, unknown>> } = {},
): ResolvedTask[] {
  const seen = new Map<string, ResolvedTask>();
  for (const e of expandStudy(study, readCircuit, options.decoders)) {
    const spec =
      options.decoderOptions === undefined
        ? e.spec
        : { ...e.spec, decoderOptions: { ...options.decoderOptions, ...(e.spec.decoderOptions ?? {}) } };
    const t = resolveWithPath(spec, e.where);
    if (!seen.has(t.strongId)) seen.set(t.strongId, t);
  }
  return [...seen.values()];
}

/** {@link resolveTask} with errors (other than parse errors, which name their file) prefixed by `where`. */
export function resolveWithPath(spec: TaskSpec, where: string): ResolvedTask {
  try {
    return resolveTask(spec, where);
  } catch (e) {
    if (!(e instanceof QecError) || e.code === 'PARSE' || e.message.startsWith(`${where}:`)) throw e;
    throw prefixError(e, `${where}: `);
  }
}
