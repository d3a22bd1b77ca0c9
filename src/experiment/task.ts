import { ValidationError } from '../base/errors.js';
import { canonicalJson, sha256Hex } from '../base/hash.js';
import { checkRunLength, type Circuit } from '../circuit/circuit.js';
import { parseCircuit } from '../circuit/parser.js';
import { printCircuit } from '../circuit/printer.js';
import { generateExperiment, type ExperimentSpec } from '../codes/code-families.js';
import { resolveDecoderOptions } from '../decode/decoder-support.js';
import { getDecoderInfo } from '../decode/registry.js';

/**
 * One collection task as JSON (the unit a study is made of): a circuit, given as Stim text or as
 * a generator request, decoded by one decoder. Its strong id is the SHA-256 of the canonical JSON of
 * what determines its results (circuit text, decoder, decoder options, metadata), so result stores
 * dedupe and resume by it (sinter's `Task.strong_id`).
 */
export interface TaskSpec {
  /** Stim circuit text (exclusive with `generator`). */
  readonly circuit?: string;
  /** A generated experiment (exclusive with `circuit`). */
  readonly generator?: ExperimentSpec;
  /** Decoder name (DECODERS table). */
  readonly decoder: string;
  readonly decoderOptions?: Readonly<Record<string, unknown>>;
  /** Free-form facts carried into results (sinter's json_metadata); derived for generator tasks. */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /**
   * Detectors (absolute indices) marked for postselection, as sinter's `postselection_mask`: a shot
   * in which any of them fires is discarded (counted in `discards`, not decoded into an error), and
   * rates are errors over the kept shots. Part of the strong id when non-empty.
   */
  readonly postselectDetectors?: readonly number[];
}

/** A task with its circuit resolved and its id computed. */
export interface ResolvedTask {
  readonly strongId: string;
  readonly circuit: Circuit;
  readonly circuitText: string;
  readonly decoder: string;
  readonly decoderOptions: Readonly<Record<string, unknown>>;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Postselected detectors, ascending without repeats (empty: none). */
  readonly postselectDetectors: readonly number[];
}

/**
 * Validates a task spec, generates or parses its circuit, derives metadata for generated tasks
 * (code, task, d, r, noise and its parameters, qubit count), and computes the strong id.
 * @throws ValidationError for an unknown decoder or option, a bad generator request; ParseError
 * (source `where`) for bad circuit text.
 */
export function resolveTask(spec: TaskSpec, where = 'task'): ResolvedTask {
  if (typeof spec !== 'object' || spec === null) throw new ValidationError(`${where}: expected an object`);
  if (typeof spec.decoder !== 'string' || spec.decoder === '')
    throw new ValidationError(`${where}: 'decoder' must be a decoder name`, { field: 'decoder' });
  // Decoder name and options are checked here, before any circuit is built or any batch runs.
  const info = getDecoderInfo(spec.decoder);
  resolveDecoderOptions(info.name, info.options, spec.decoderOptions);
  if ((spec.circuit === undefined) === (spec.generator === undefined))
    throw new ValidationError(`${where}: give exactly one of 'circuit' (Stim text) or 'generator'`, {
      field: 'circuit',
    });
  let circuit: Circuit;
  let metadata: Record<string, unknown> = { ...(spec.metadata ?? {}) };
  if (spec.generator !== undefined) {
    const g = generateExperiment(spec.generator);
    circuit = g.circuit;
    metadata = {
      code: spec.generator.code,
      task: spec.generator.task,
      d: spec.generator.distance,
      r: spec.generator.rounds,
      noise: spec.generator.noise ?? 'none',
      ...(spec.generator.noiseParams ?? {}),
      qubits: g.metadata.numQubits,
      // Logical qubits (observables), recorded only when more than one so that single-observable
      // tasks keep their strong ids; analysis reads it as sinter's `values` for per-round rates.
      ...(g.metadata.k > 1 ? { k: g.metadata.k } : {}),
      ...metadata,
    };
  } else {
    if (typeof spec.circuit !== 'string')
      throw new ValidationError(`${where}: 'circuit' must be Stim text`, { field: 'circuit' });
    circuit = parseCircuit(spec.circuit, where);
  }
  // A circuit that could not finish a shot is refused here, before any file or worker is touched.
  checkRunLength(circuit);
  const circuitText = printCircuit(circuit);
  const decoderOptions = spec.decoderOptions ?? {};
  const postselectDetectors = postselection(spec.postselectDetectors, circuit.numDetectors, where);
  const strongId = sha256Hex(
    canonicalJson({
      circuit: circuitText,
      decoder: spec.decoder,
      decoderOptions,
      metadata,
      // Only when present, so that the ids of tasks without postselection stay as they were.
      ...(postselectDetectors.length > 0 ? { postselectDetectors } : {}),
    }),
  );
  return {
    strongId,
    circuit,
    circuitText,
    decoder: spec.decoder,
    decoderOptions,
    metadata,
    postselectDetectors,
  };
}

/** Validated postselected detector indices, sorted and deduplicated. */
function postselection(ids: readonly number[] | undefined, numDetectors: number, where: string): number[] {
  if (ids === undefined) return [];
  const given: unknown = ids;
  if (!Array.isArray(given))
    throw new ValidationError(`${where}: 'postselectDetectors' must be a list of detector indices`, {
      field: 'postselectDetectors',
    });
  ids.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0 || d >= numDetectors)
      throw new ValidationError(
        `${where}: postselectDetectors[${i}] is ${String(d)}, but the circuit's detectors are 0..${numDetectors - 1}`,
        { field: `postselectDetectors[${i}]` },
      );
  });
  return [...new Set<number>(ids)].sort((a, b) => a - b);
}
