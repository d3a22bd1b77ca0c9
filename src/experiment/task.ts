import { ValidationError } from '../base/errors.js';
import { canonicalJson, sha256Hex } from '../base/hash.js';
import { checkRunLength, findInstruction, type Circuit } from '../circuit/circuit.js';
import { GATE_FLAGS } from '../gates/gate.js';
import { parseCircuit } from '../circuit/parser.js';
import { printCircuit } from '../circuit/printer.js';
import { generateExperiment, type ExperimentSpec } from '../codes/code-families.js';
import { BASIS_X, BASIS_Z, detectorBases } from '../dem/detector-basis.js';
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
  /**
   * Decode from one basis' detectors only: `'z'` keeps the detectors whose records all come from Z
   * measurements (M, MR), `'x'` those from X measurements (MX, MRX), `'task'` the basis of a
   * generated memory task (memory-z: z, memory-x: x). The decoder gets the DEM restricted to them
   * and reads only their bits, so each error type is decoded from its own checks, as Bravyi et al.
   * (2024)'s simulation of bivariate bicycle codes does. Part of the strong id when given.
   */
  readonly decodeBasis?: DecodeBasisRequest;
}

/** A basis to decode from: one of the two CSS bases, or the generated task's. */
export type DecodeBasisRequest = 'x' | 'z' | 'task';

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
  /** Decode from this basis' detectors only ({@link TaskSpec.decodeBasis}, `'task'` resolved). */
  readonly decodeBasis?: 'x' | 'z';
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
  const decodeBasis = resolveDecodeBasis(spec, where);
  if (decodeBasis !== undefined) checkDecodeBasis(circuit, decodeBasis, where);
  if (decodeBasis !== undefined && metadata.decodeBasis === undefined)
    metadata = { ...metadata, decodeBasis };
  const strongId = sha256Hex(
    canonicalJson({
      circuit: circuitText,
      decoder: spec.decoder,
      decoderOptions,
      metadata,
      // Only when present, so that the ids of tasks without postselection stay as they were.
      ...(postselectDetectors.length > 0 ? { postselectDetectors } : {}),
      ...(decodeBasis !== undefined ? { decodeBasis } : {}),
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
    ...(decodeBasis !== undefined ? { decodeBasis } : {}),
  };
}

/**
 * Marks (1) the detectors a task with `decodeBasis` decodes from: those whose records all come from
 * single-qubit measurements in that basis ({@link detectorBases}).
 */
export function decodeDetectorMask(circuit: Circuit, basis: 'x' | 'z'): Uint8Array {
  const want = basis === 'x' ? BASIS_X : BASIS_Z;
  return detectorBases(circuit).map((b) => (b === want ? 1 : 0));
}

/** Unitary gates that never turn an X frame component into Z or back (so the bases stay apart). */
const CSS_UNITARIES = new Set(['I', 'X', 'Y', 'Z', 'CX', 'SWAP']);

/**
 * Checks that splitting by measurement basis means what it says: every unitary keeps X and Z
 * parts of errors apart (CX, SWAP, Paulis; checks measured in their own basis, MX for X checks,
 * as the bivariate bicycle depth-8 circuit does), so X parts of errors flip only Z-basis
 * detectors and Z parts only X-basis ones; and the basis has detectors.
 */
function checkDecodeBasis(circuit: Circuit, basis: 'x' | 'z', where: string): void {
  const mixing = findInstruction(
    circuit,
    (inst) => (inst.gate.flags & GATE_FLAGS.UNITARY) !== 0 && !CSS_UNITARIES.has(inst.gate.name),
  );
  if (mixing !== undefined)
    throw new ValidationError(
      `${where}: 'decodeBasis' needs a circuit whose unitaries keep X and Z errors apart (CX, SWAP, Paulis; X checks measured with MX), but it has ${mixing.gate.name}`,
      { field: 'decodeBasis' },
    );
  if (decodeDetectorMask(circuit, basis).every((k) => k === 0))
    throw new ValidationError(
      `${where}: 'decodeBasis' is "${basis}", but no detector of the circuit compares only ${basis.toUpperCase()}-basis measurements`,
      { field: 'decodeBasis' },
    );
}

/** The basis a task decodes from, `'task'` resolved through its generator (undefined: all detectors). */
function resolveDecodeBasis(spec: TaskSpec, where: string): 'x' | 'z' | undefined {
  const b: unknown = spec.decodeBasis;
  if (b === undefined) return undefined;
  if (b === 'x' || b === 'z') return b;
  if (b !== 'task')
    throw new ValidationError(
      `${where}: 'decodeBasis' is ${JSON.stringify(b)}; expected "x", "z" or "task"`,
      {
        field: 'decodeBasis',
      },
    );
  const kind = spec.generator?.task;
  if (kind === 'memory-z') return 'z';
  if (kind === 'memory-x') return 'x';
  throw new ValidationError(
    `${where}: 'decodeBasis' "task" needs a generated memory-z or memory-x task${kind === undefined ? ' (this task has a circuit; give "x" or "z")' : `, not ${kind}`}`,
    { field: 'decodeBasis' },
  );
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
