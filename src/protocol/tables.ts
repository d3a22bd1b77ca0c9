/**
 * Schema pieces derived from the project's tables (decoder registry, code families, noise
 * families), so a name or a parameter that a table does not know is refused where it is written,
 * with its JSON path and the valid choices.
 */
import { z } from 'zod';
import { CODE_FAMILIES, distanceRule, type CodeTask } from '../codes/code-families.js';
import { DECODERS, decoderNames, getDecoderInfo } from '../decode/registry.js';
import { resolveDecoderOptions } from '../decode/decoder-support.js';
import { QecError } from '../base/errors.js';
import { COMMON_NOISE_PARAMS, NOISE_FAMILIES } from '../noise/noise-models.js';

const names = <T extends { readonly name: string }>(rows: readonly T[]): [string, ...string[]] => {
  const out = rows.map((r) => r.name);
  return [out[0], ...out.slice(1)];
};

/** Every experiment kind a code family may support. */
export const CODE_TASKS = ['memory-x', 'memory-z', 'stability'] as const satisfies readonly CodeTask[];

const choiceOf = <T extends readonly [string, ...string[]]>(what: string, valid: T) =>
  z.enum(valid, {
    error: (iss) =>
      typeof iss.input === 'string'
        ? `unknown ${what} '${iss.input}'; valid ${what}s: ${valid.join(', ')}`
        : `expected a ${what} name (${valid.join(', ')})`,
  });

/**
 * A decoder name of the registry (`mwpm`, `unionfind`, ..., or one added by registerDecoder):
 * checked against the registry when validated, so registered decoders are accepted.
 */
export const DecoderNameSchema = z
  .string({ error: () => `expected a decoder name (${decoderNames().join(', ')})` })
  .refine((s) => decoderNames().includes(s), {
    error: (iss) => `unknown decoder '${String(iss.input)}'; valid decoders: ${decoderNames().join(', ')}`,
  })
  // The JSON Schema lists the built-in decoders (a service knows no custom ones).
  .meta({ enum: DECODERS.map((d) => d.name) });
/** A code family name (`rotated-surface`, ...). */
export const CodeNameSchema = choiceOf('code', names(CODE_FAMILIES));
/** A noise family name (`none`, `uniform`, ...). */
export const NoiseNameSchema = choiceOf('noise model', names(NOISE_FAMILIES));
/** An experiment kind (`memory-z`, `memory-x`, `stability`). */
export const CodeTaskSchema = choiceOf('task', CODE_TASKS);

/** A JSON object of free-form facts (metadata), any JSON values. */
export const JsonObjectSchema = z.record(z.string(), z.json());

/** Decoder options as JSON (checked against the decoder's option table by the owning message). */
export const DecoderOptionsSchema = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]));

/**
 * A task's `decodeBasis` (experiment/task.ts): decode from one basis' detectors only, each error
 * type from its own checks as Bravyi et al. (2024) decode bivariate bicycle codes.
 */
export const DecodeBasisSchema = z
  .enum(['x', 'z', 'task'])
  .describe(
    'decode from one basis\' detectors only: "z" keeps the detectors comparing only Z measurements (M, MR), "x" only X measurements (MX, MRX), "task" the basis of a generated memory-z / memory-x task; the decoder gets the DEM restricted to them and reads only their bits (each error type decoded from its own checks, as Bravyi et al. 2024 decode bivariate bicycle codes); part of the strong id',
  );

type Ctx = z.core.$RefinementCtx;

/** Checks decoder options against the registry row of `decoder`; issues land on `path`. */
export function checkDecoderOptions(
  decoder: string,
  options: Readonly<Record<string, unknown>> | undefined,
  ctx: Ctx,
  path: PropertyKey[],
): void {
  if (options === undefined || !decoderNames().includes(decoder)) return;
  const info = getDecoderInfo(decoder);
  try {
    resolveDecoderOptions(info.name, info.options, options);
  } catch (e) {
    const option = (e as QecError).details?.option;
    ctx.addIssue({
      code: 'custom',
      message: (e as Error).message,
      path: typeof option === 'string' ? [...path, option] : path,
      input: options,
    });
  }
}

/**
 * Checks one generator request against the tables: the family supports the task and the
 * distance, and every noise parameter belongs to the noise model (or to the common ones) and is
 * in range. Parameters without a noise model are refused (they would be ignored).
 * @param paramsKey the name of the parameter object in this message (`params` or `noiseParams`).
 */
export function checkGenerator(
  g: {
    readonly code?: string;
    readonly task?: string;
    readonly distance?: number;
    readonly noise?: string;
    readonly params?: Readonly<Record<string, number>>;
  },
  ctx: Ctx,
  path: PropertyKey[],
  paramsKey: string,
): void {
  const fam = CODE_FAMILIES.find((f) => f.name === g.code);
  const task = (g.task ?? 'memory-z') as CodeTask;
  if (fam !== undefined && g.task !== undefined && !fam.tasks.includes(task))
    ctx.addIssue({
      code: 'custom',
      message: `code '${fam.name}' does not support task '${task}'; it supports ${fam.tasks.join(', ')}`,
      path: [...path, 'task'],
      input: g.task,
    });
  else if (fam !== undefined && g.distance !== undefined) {
    const bad = distanceRule(fam, task).checkDistance(g.distance);
    if (bad !== undefined)
      ctx.addIssue({
        code: 'custom',
        message: `distance of '${fam.name}' ${bad}, got ${g.distance}`,
        path: [...path, 'distance'],
        input: g.distance,
      });
  }
  const params = g.params ?? {};
  const noise = g.noise ?? 'none';
  const nf = NOISE_FAMILIES.find((f) => f.name === noise);
  if (nf === undefined) return;
  const specs = [...nf.params, ...COMMON_NOISE_PARAMS];
  for (const [k, v] of Object.entries(params)) {
    const spec = specs.find((s) => s.name === k);
    if (noise === 'none')
      ctx.addIssue({
        code: 'custom',
        message: `noise parameter '${k}' given without a noise model: set "noise" (e.g. "uniform")`,
        path: [...path, paramsKey, k],
        input: v,
      });
    else if (spec === undefined)
      ctx.addIssue({
        code: 'custom',
        message: `noise model '${noise}' has no parameter '${k}'; valid: ${specs.map((s) => s.name).join(', ')}`,
        path: [...path, paramsKey, k],
        input: v,
      });
    else if (!(v >= spec.min && v <= spec.max))
      ctx.addIssue({
        code: 'custom',
        message: `noise parameter '${k}' = ${v} is outside [${spec.min}, ${spec.max}]`,
        path: [...path, paramsKey, k],
        input: v,
      });
  }
  for (const s of nf.params)
    if (s.default === undefined && s.optional !== true && params[s.name] === undefined)
      ctx.addIssue({
        code: 'custom',
        message: `noise model '${noise}' needs parameter '${s.name}' (${s.help})`,
        path: [...path, paramsKey],
        input: params,
      });
}
