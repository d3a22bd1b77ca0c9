import { ValidationError } from '../base/errors.js';
import type { CodeTask, ExperimentSpec } from '../codes/code-families.js';
import type { TaskSpec } from './task.js';

/**
 * The JSON study file of `qec collect --tasks SPEC.json`:
 *
 * ```json
 * {
 *   "decoders": ["mwpm"],
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
 * In a sweep every array-valued field (distance, rounds, each noise parameter) is swept (cartesian
 * product); `"rounds": "d"` or a multiple like `"3d"` ties rounds to the distance. A task's own
 * `decoder` overrides the file's `decoders` list (default ["mwpm"]).
 */
export interface StudyFile {
  readonly decoders?: readonly string[];
  readonly tasks?: readonly Record<string, unknown>[];
  readonly sweeps?: readonly Record<string, unknown>[];
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldError(where: string, msg: string): ValidationError {
  return new ValidationError(`${where}: ${msg}`, { field: where });
}

/** Cartesian product of the array-valued entries of an object. */
function expand(obj: Record<string, unknown>): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [k, v] of Object.entries(obj)) {
    const vals = Array.isArray(v) ? (v as unknown[]) : [v];
    out = out.flatMap((o) => vals.map((x) => ({ ...o, [k]: x })));
  }
  return out;
}

function roundsOf(v: unknown, d: number, where: string): number {
  if (v === undefined) return d;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const m = /^(\d*)d$/.exec(v.trim());
    if (m !== null) return (m[1] === '' ? 1 : Number(m[1])) * d;
  }
  throw fieldError(`${where}.rounds`, `expected a number, "d" or "<k>d", got ${JSON.stringify(v)}`);
}

function generatorOf(t: Record<string, unknown>, where: string): ExperimentSpec {
  const code = t.code;
  const distance = t.distance;
  if (typeof code !== 'string') throw fieldError(`${where}.code`, 'expected a code family name');
  if (typeof distance !== 'number') throw fieldError(`${where}.distance`, 'expected a number');
  const params = t.params ?? {};
  if (!isObj(params)) throw fieldError(`${where}.params`, 'expected an object of noise parameters');
  const noiseParams: Record<string, number> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'number')
      throw fieldError(`${where}.params.${k}`, `expected a number, got ${JSON.stringify(v)}`);
    noiseParams[k] = v;
  }
  return {
    code,
    task: (t.task ?? 'memory-z') as CodeTask,
    distance,
    rounds: roundsOf(t.rounds, distance, where),
    noise: typeof t.noise === 'string' ? t.noise : 'none',
    noiseParams,
  };
}

/**
 * Expands a study file into task specs. `readCircuit(path)` supplies the text of circuit files
 * (the caller does the I/O). Errors name the JSON path of the offending field.
 */
export function expandStudy(
  file: unknown,
  readCircuit: (path: string) => string,
  decodersOverride?: readonly string[],
): TaskSpec[] {
  if (!isObj(file)) throw fieldError('study', 'expected a JSON object with "tasks" and/or "sweeps"');
  const decoders =
    decodersOverride ?? (Array.isArray(file.decoders) ? (file.decoders as string[]) : ['mwpm']);
  const out: TaskSpec[] = [];
  const add = (t: Record<string, unknown>, gen: ExperimentSpec | undefined, where: string): void => {
    const decs = typeof t.decoder === 'string' ? [t.decoder] : decoders;
    for (const decoder of decs) {
      if (gen !== undefined) out.push({ generator: gen, decoder });
      else {
        if (typeof t.circuit !== 'string')
          throw fieldError(`${where}.circuit`, 'expected a circuit file path');
        const metadata = isObj(t.metadata) ? t.metadata : { circuit: t.circuit };
        out.push({ circuit: readCircuit(t.circuit), decoder, metadata });
      }
    }
  };
  const tasks = file.tasks ?? [];
  if (!Array.isArray(tasks)) throw fieldError('tasks', 'expected an array');
  tasks.forEach((t: unknown, i) => {
    const where = `tasks[${i}]`;
    if (!isObj(t)) throw fieldError(where, 'expected an object');
    add(t, t.circuit === undefined ? generatorOf(t, where) : undefined, where);
  });
  const sweeps = file.sweeps ?? [];
  if (!Array.isArray(sweeps)) throw fieldError('sweeps', 'expected an array');
  sweeps.forEach((s: unknown, i) => {
    const where = `sweeps[${i}]`;
    if (!isObj(s)) throw fieldError(where, 'expected an object');
    const { params, ...rest } = s;
    const paramCombos = expand(isObj(params) ? params : {});
    for (const base of expand(rest))
      for (const pc of paramCombos) add(base, generatorOf({ ...base, params: pc }, where), where);
  });
  if (out.length === 0) throw fieldError('study', 'no tasks: give "tasks" or "sweeps"');
  return out;
}
