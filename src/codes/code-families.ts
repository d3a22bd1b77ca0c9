import { ValidationError } from '../base/errors.js';
import { applyNoise } from '../noise/apply-noise.js';
import { buildNoiseModel } from '../noise/noise-models.js';
import type { NoiseModel } from '../noise/noise-model.js';
import { buildMemoryCircuit, type GeneratedCode, type MemoryTask } from './memory-circuit.js';
import { repetitionSpec } from './repetition.js';
import { rotatedSurfaceSpec } from './rotated-surface.js';
import { unrotatedSurfaceSpec } from './unrotated-surface.js';
import { colorCodeSpec } from './color-code.js';
import { superdenseColorCode } from './color-superdense.js';
import { fiveQubitSpec, shorSpec } from './small-codes.js';
import { BB_CODES, bivariateBicycleSpec } from './bivariate-bicycle.js';
import { bivariateBicycleDepth8 } from './bivariate-bicycle-depth8.js';
import { buildStabilityCircuit, rotatedStabilityPatch, unrotatedStabilityPatch } from './stability.js';

/** Experiment kinds a family may support. */
export type CodeTask = 'memory-x' | 'memory-z' | 'stability';

/** Parameters of a code generator. */
export interface CodeParams {
  readonly distance: number;
  readonly rounds: number;
  readonly task: CodeTask;
}

/** The valid distances of one task, when they differ from the family's (a stability patch's diameter). */
export interface TaskDistances {
  /** Describes the valid distances, e.g. `even ≥ 2`. */
  readonly distances: string;
  /** Returns an error message when `d` is not valid for the task, undefined when it is. */
  checkDistance(d: number): string | undefined;
  /** Physical qubits of the task's patch at distance d. */
  numQubits(d: number): number;
}

/** A code family: description, the tasks and distances it supports, and its generator. */
export interface CodeFamily {
  readonly name: string;
  readonly description: string;
  readonly tasks: readonly CodeTask[];
  /** Describes the valid distances, e.g. `odd ≥ 3`. */
  readonly distances: string;
  /** Returns an error message when `d` is not a valid distance, undefined when it is. */
  checkDistance(d: number): string | undefined;
  /** Physical qubits (data + ancilla) of one logical patch at distance d (for footprint tables). */
  numQubits(d: number): number;
  /** Tasks whose distance parameter means something else (stability: the patch diameter). */
  readonly taskDistances?: Partial<Record<CodeTask, TaskDistances>>;
  /** Builds the noiseless circuit, layout and metadata (params already validated). */
  generate(p: CodeParams): GeneratedCode;
}

/** The distance rule of a family for one task: its `taskDistances` entry, else the family's own. */
export function distanceRule(fam: CodeFamily, task: CodeTask): TaskDistances {
  return fam.taskDistances?.[task] ?? fam;
}

/** Stability rule of the rotated patches: even diameters (one boundary type all around). */
const ROTATED_STABILITY: TaskDistances = {
  distances: 'even integer ≥ 2 (the patch diameter)',
  checkDistance: (d) =>
    !Number.isSafeInteger(d) || d < 2 || d % 2 !== 0
      ? 'must be an even integer ≥ 2 for stability (the diameter of a patch with X boundaries all around)'
      : undefined,
  numQubits: (d) => 2 * d * d + 1,
};

const STABILITY_NOTE =
  ' Stability task (Gidney 2022): a patch with X-type boundaries all around, data in |0⟩, R rounds; the observable is the product of all first-round X checks, flipped only by timelike chains (circuit-level distance R); distance = patch diameter.';

const only3 = (d: number): string | undefined => (d === 3 ? undefined : 'must be 3 (a fixed code)');

const atLeast =
  (min: number, odd: boolean) =>
  (d: number): string | undefined =>
    !Number.isSafeInteger(d) || d < min || (odd && d % 2 === 0)
      ? `must be ${odd ? 'an odd' : 'an'} integer ≥ ${min}`
      : undefined;

/** The code families of QEC Lab (the table `qec gen --list` prints). */
export const CODE_FAMILIES: CodeFamily[] = [
  {
    name: 'repetition',
    description:
      'Repetition code on a line: memory-z is the bit-flip code (ZZ checks, corrects X errors), memory-x the phase-flip code (XX checks, corrects Z errors; the outer code of cat-qubit architectures).',
    tasks: ['memory-z', 'memory-x'],
    distances: 'integer ≥ 2',
    checkDistance: atLeast(2, false),
    numQubits: (d) => 2 * d - 1,
    generate: (p) =>
      buildMemoryCircuit(repetitionSpec(p.distance, p.task === 'memory-z' ? 'Z' : 'X'), {
        task: p.task as MemoryTask,
        rounds: p.rounds,
        xChecks: 'native',
      }),
  },
  {
    name: 'rotated-surface',
    description:
      "Rotated surface code [[d², 1, d]] with Stim's layout and hook-avoiding CX schedule (d² data, d²−1 check qubits)." +
      STABILITY_NOTE.replace('patch diameter', 'even patch diameter (d×d data)'),
    tasks: ['memory-z', 'memory-x', 'stability'],
    distances: 'odd integer ≥ 3 (stability: even ≥ 2)',
    checkDistance: atLeast(3, true),
    numQubits: (d) => 2 * d * d - 1,
    taskDistances: { stability: ROTATED_STABILITY },
    generate: (p) =>
      p.task === 'stability'
        ? buildStabilityCircuit(rotatedStabilityPatch(p.distance), p.rounds)
        : buildMemoryCircuit(rotatedSurfaceSpec(p.distance).spec, {
            task: p.task,
            rounds: p.rounds,
          }),
  },
  {
    name: 'surface',
    description:
      "Unrotated (planar) surface code [[d² + (d−1)², 1, d]] with Stim's layout and schedule ((2d−1)² qubits)." +
      STABILITY_NOTE.replace('patch diameter', 'd X checks per side on the same (2d−1)² grid'),
    tasks: ['memory-z', 'memory-x', 'stability'],
    distances: 'integer ≥ 2',
    checkDistance: atLeast(2, false),
    numQubits: (d) => (2 * d - 1) ** 2,
    generate: (p) =>
      p.task === 'stability'
        ? buildStabilityCircuit(unrotatedStabilityPatch(p.distance), p.rounds)
        : buildMemoryCircuit(unrotatedSurfaceSpec(p.distance), {
            task: p.task,
            rounds: p.rounds,
          }),
  },
  {
    name: 'toric',
    description:
      "Kitaev's toric code on an L×L torus (L = distance): [[2L², 2, L]], periodic boundaries, two logical qubits (two observables).",
    tasks: ['memory-z', 'memory-x'],
    distances: 'integer ≥ 2',
    checkDistance: atLeast(2, false),
    numQubits: (d) => 4 * d * d,
    generate: (p) =>
      buildMemoryCircuit(unrotatedSurfaceSpec(p.distance, true), {
        task: p.task as MemoryTask,
        rounds: p.rounds,
      }),
  },
  {
    name: 'xzzx',
    description:
      'XZZX surface code (Bonilla Ataides et al. 2021): the rotated surface code with a checkerboard Hadamard frame on the data, every check X Z Z X; under pure Z noise it decouples into repetition codes.' +
      STABILITY_NOTE.replace('patch diameter', 'even patch diameter (d×d data), in the XZZX frame'),
    tasks: ['memory-z', 'memory-x', 'stability'],
    distances: 'odd integer ≥ 3 (stability: even ≥ 2)',
    checkDistance: atLeast(3, true),
    numQubits: (d) => 2 * d * d - 1,
    taskDistances: { stability: ROTATED_STABILITY },
    generate: (p) => {
      if (p.task === 'stability')
        return buildStabilityCircuit(rotatedStabilityPatch(p.distance, true), p.rounds);
      const { spec, hadamardData } = rotatedSurfaceSpec(p.distance, true);
      return buildMemoryCircuit(spec, { task: p.task, rounds: p.rounds, hadamardData });
    },
  },
  {
    name: 'color',
    description:
      'Triangular 6.6.6 color code [[(3d²+1)/4, 1, d]]: every hexagon carries an X and a Z check, each with its own ancilla (Z checks in six layers, then X checks in six).',
    tasks: ['memory-z', 'memory-x'],
    distances: 'odd integer ≥ 3',
    checkDistance: atLeast(3, true),
    numQubits: (d) => (3 * d * d + 1) / 4 + (3 * (d * d - 1)) / 4,
    generate: (p) =>
      buildMemoryCircuit(colorCodeSpec(p.distance), { task: p.task as MemoryTask, rounds: p.rounds }),
  },
  {
    name: 'color-superdense',
    description:
      'Triangular 6.6.6 color code with the superdense syndrome circuit of Gidney & Jones 2023 (arXiv:2312.08813): per face a Bell-paired X and Z ancilla, 8 CX layers per round, circuit-level distance d (proved at d = 3, 5 by the tests, d = 7 by scripts/colour-distance.ts).',
    tasks: ['memory-z', 'memory-x'],
    distances: 'odd integer ≥ 3',
    checkDistance: atLeast(3, true),
    numQubits: (d) => (3 * d * d + 1) / 4 + (3 * (d * d - 1)) / 4,
    generate: (p) => superdenseColorCode(p.distance, p.task as MemoryTask, p.rounds),
  },
  {
    name: 'steane',
    description:
      "Steane's [[7,1,3]] code (the distance-3 color code): three weight-4 faces, each with an X and a Z check.",
    tasks: ['memory-z', 'memory-x'],
    distances: '3',
    checkDistance: only3,
    numQubits: () => 13,
    generate: (p) =>
      buildMemoryCircuit(
        { ...colorCodeSpec(3), family: 'steane' },
        { task: p.task as MemoryTask, rounds: p.rounds },
      ),
  },
  {
    name: 'shor',
    description:
      "Shor's [[9,1,3]] code: six weight-2 Z checks and two weight-6 X checks, measured one after another.",
    tasks: ['memory-z', 'memory-x'],
    distances: '3',
    checkDistance: only3,
    numQubits: () => 17,
    generate: (p) => buildMemoryCircuit(shorSpec(), { task: p.task as MemoryTask, rounds: p.rounds }),
  },
  {
    name: 'five-qubit',
    description:
      'The perfect [[5,1,3]] code (cyclic XZZXI): not CSS, so its memory experiment projects onto the code space and reads out with noiseless MPPs at the time boundaries.',
    tasks: ['memory-z', 'memory-x'],
    distances: '3',
    checkDistance: only3,
    numQubits: () => 9,
    generate: (p) =>
      buildMemoryCircuit(fiveQubitSpec(), {
        task: p.task as MemoryTask,
        rounds: p.rounds,
        boundaries: 'ideal',
      }),
  },
  ...(['bb72', 'bb144'] as const).map((name): CodeFamily => ({
    name,
    description: `Bivariate bicycle code ${name === 'bb72' ? '[[72, 12, 6]]' : '[[144, 12, 12]]'} (Bravyi et al. 2024): weight-6 checks on a torus, 12 logical qubits (12 observables); checks measured Z then X with bare ancillas (a correct but deeper schedule than the paper's).`,
    tasks: ['memory-z', 'memory-x'],
    distances: String(BB_CODES[name].d),
    checkDistance: (d) => (d === BB_CODES[name].d ? undefined : `must be ${BB_CODES[name].d} (a fixed code)`),
    numQubits: () => 4 * BB_CODES[name].l * BB_CODES[name].m,
    generate: (p) =>
      buildMemoryCircuit(bivariateBicycleSpec(name, BB_CODES[name]), {
        task: p.task as MemoryTask,
        rounds: p.rounds,
      }),
  })),
  ...(['bb72', 'bb144'] as const).map((name): CodeFamily => ({
    name: `${name}-depth8`,
    description: `Bivariate bicycle code ${name === 'bb72' ? '[[72, 12, 6]]' : '[[144, 12, 12]]'} with the depth-8 syndrome cycle of Bravyi et al. 2024 (Nature 627, 778): X and Z checks interleaved, 7 CNOT layers, 8 moments per cycle; noiseless start and read-out as in the paper's simulations.`,
    tasks: ['memory-z', 'memory-x'],
    distances: String(BB_CODES[name].d),
    checkDistance: (d) => (d === BB_CODES[name].d ? undefined : `must be ${BB_CODES[name].d} (a fixed code)`),
    numQubits: () => 4 * BB_CODES[name].l * BB_CODES[name].m,
    generate: (p) => bivariateBicycleDepth8(name, BB_CODES[name], p.task as MemoryTask, p.rounds),
  })),
];

/** Looks up a family; ValidationError listing the valid names otherwise. */
export function codeFamily(name: string): CodeFamily {
  const f = CODE_FAMILIES.find((x) => x.name === name);
  if (f === undefined)
    throw new ValidationError(
      `unknown code '${name}'; valid: ${CODE_FAMILIES.map((x) => x.name).join(', ')}`,
      {
        field: 'code',
        value: name,
      },
    );
  return f;
}

/** A generator request: code, task, distance, rounds, and optionally a noise model. */
export interface ExperimentSpec {
  readonly code: string;
  readonly task: CodeTask;
  readonly distance: number;
  readonly rounds: number;
  /** Noise family name (NOISE_FAMILIES) and its parameters; default: no noise. */
  readonly noise?: string;
  readonly noiseParams?: Readonly<Record<string, number>>;
}

/** A generated experiment with its noise applied. */
export interface GeneratedExperiment extends GeneratedCode {
  readonly noiseModel: NoiseModel | undefined;
  /** The noiseless circuit (annotated, with round markers). */
  readonly noiselessCircuit: GeneratedCode['circuit'];
}

/**
 * Validates a spec and generates the (noisy) circuit. Errors name the field: unknown code or task,
 * invalid distance or rounds, unknown noise parameter.
 */
export function generateExperiment(s: ExperimentSpec): GeneratedExperiment {
  const fam = codeFamily(s.code);
  if (!fam.tasks.includes(s.task))
    throw new ValidationError(
      `code '${s.code}' does not support task '${s.task}'; it supports ${fam.tasks.join(', ')}`,
      {
        field: 'task',
        value: s.task,
      },
    );
  const bad = distanceRule(fam, s.task).checkDistance(s.distance);
  if (bad !== undefined)
    throw new ValidationError(`distance of '${s.code}' ${bad}, got ${s.distance}`, {
      field: 'distance',
      value: s.distance,
    });
  if (!Number.isSafeInteger(s.rounds) || s.rounds < 1)
    throw new ValidationError(`rounds must be an integer ≥ 1, got ${s.rounds}`, {
      field: 'rounds',
      value: s.rounds,
    });
  const given = Object.keys(s.noiseParams ?? {});
  if ((s.noise === undefined || s.noise === 'none') && given.length > 0)
    throw new ValidationError(
      `noise parameter '${given[0]}' given without a noise model: choose one (e.g. 'uniform'), or drop the parameter`,
      { field: given[0] },
    );
  const g = fam.generate({ distance: s.distance, rounds: s.rounds, task: s.task });
  const model =
    s.noise === undefined || s.noise === 'none' ? undefined : buildNoiseModel(s.noise, s.noiseParams ?? {});
  return {
    ...g,
    circuit: model === undefined ? g.circuit : applyNoise(g.circuit, model),
    noiselessCircuit: g.circuit,
    noiseModel: model,
  };
}
