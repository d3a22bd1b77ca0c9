import { QecError } from '../base/errors.js';
import type { Circuit } from '../circuit/circuit.js';
import type { ResolvedTask } from '../experiment/task.js';
import { expandStudy, resolveWithPath, type StudySpec } from '../protocol/index.js';
import { HttpError } from './http-errors.js';
import type { ServiceLimits } from './limits.js';

/** Default error stop when a study gives only `maxShots`: none (the schema's largest value). */
export const NO_ERROR_STOP = 2 ** 50;

/**
 * Gate targets of a circuit with REPEAT blocks counted as many times as they repeat (the work of
 * one shot), computed without unrolling. An instruction without targets (TICK) counts one.
 */
export function operationCount(c: Circuit): number {
  let n = 0;
  for (const item of c.items)
    n +=
      item.kind === 'instruction'
        ? Math.max(1, item.targets.length)
        : item.repetitions * operationCount(item.body);
  return n;
}

/**
 * Refuses a circuit over the size limits (413 naming `path`): qubits and operations per shot.
 */
export function checkCircuitSize(c: Circuit, limits: ServiceLimits, path: string): void {
  if (c.numQubits > limits.circuitQubits)
    throw new HttpError(
      413,
      'LIMIT',
      `${path}: the circuit has ${c.numQubits} qubits; this service allows at most ${limits.circuitQubits}`,
      { path },
    );
  const ops = operationCount(c);
  if (ops > limits.circuitOperations)
    throw new HttpError(
      413,
      'LIMIT',
      `${path}: the circuit has ${ops} operations per shot (REPEAT blocks expanded); this service allows at most ${limits.circuitOperations}`,
      { path },
    );
}

/**
 * An upper estimate of the qubits of a generated code of distance d (unrotated surface and toric
 * patches have about 4 d² qubits, the others fewer), checked before anything is generated so a
 * huge distance costs nothing.
 */
export function estimatedQubits(distance: number): number {
  return 4 * (distance + 1) ** 2;
}

/**
 * Turns a validated study submission into stored-ready tasks, enforcing the service's rules and
 * limits: circuit files cannot be read by the service (422), `maxShots` is required and bounded
 * (422), the number of tasks and the size of each circuit are bounded (422/413). Tasks with the
 * same strong id are kept once, as `qec collect` does.
 * @throws HttpError naming the JSON path of the offending field.
 */
export function resolveSubmission(
  spec: StudySpec,
  limits: ServiceLimits,
): { tasks: ResolvedTask[]; maxShots: number; maxErrors: number } {
  if (spec.maxShots === undefined)
    throw new HttpError(422, 'VALIDATION', 'maxShots: required (the number of shots per task to collect)', {
      path: 'maxShots',
    });
  if (spec.maxShots > limits.shotsPerTask)
    throw new HttpError(
      422,
      'LIMIT',
      `maxShots: ${spec.maxShots} shots per task is over this service's limit of ${limits.shotsPerTask}`,
      { path: 'maxShots' },
    );
  (spec.tasks ?? []).forEach((t, i) => {
    if (t.circuit !== undefined)
      throw new HttpError(
        422,
        'VALIDATION',
        `tasks[${i}].circuit: the service cannot read circuit files; use a generated task (code, distance, ...)`,
        { path: `tasks[${i}].circuit` },
      );
  });
  const entries = expandStudy(spec, () => '');
  if (entries.length > limits.tasksPerStudy)
    throw new HttpError(
      422,
      'LIMIT',
      `the study expands to ${entries.length} tasks; this service allows at most ${limits.tasksPerStudy} per study`,
      { path: spec.sweeps !== undefined ? 'sweeps' : 'tasks' },
    );
  const seen = new Map<string, ResolvedTask>();
  for (const e of entries) {
    const g = e.spec.generator;
    if (g !== undefined && estimatedQubits(g.distance) > 2 * limits.circuitQubits)
      throw new HttpError(
        413,
        'LIMIT',
        `${e.where}.distance: distance ${g.distance} needs about ${estimatedQubits(g.distance)} qubits; this service allows at most ${limits.circuitQubits}`,
        { path: `${e.where}.distance` },
      );
    let t: ResolvedTask;
    try {
      t = resolveWithPath(e.spec, e.where);
    } catch (err) {
      if (err instanceof QecError && err.details.path === undefined)
        throw new HttpError(422, err.code, err.message, { path: e.where });
      throw err;
    }
    checkCircuitSize(t.circuit, limits, e.where);
    if (!seen.has(t.strongId)) seen.set(t.strongId, t);
  }
  return { tasks: [...seen.values()], maxShots: spec.maxShots, maxErrors: spec.maxErrors ?? NO_ERROR_STOP };
}
