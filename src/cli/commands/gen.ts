import { printCircuit } from '../../circuit/printer.js';
import { CODE_FAMILIES, generateExperiment, type CodeTask } from '../../codes/code-families.js';
import {
  COMMON_NOISE_PARAMS,
  NOISE_FAMILIES,
  STIM_KNOBS,
  type NoiseParamSpec,
} from '../../noise/noise-models.js';
import {
  flag,
  num,
  str,
  UsageError,
  type CliCommand,
  type OptionSpec,
  type OptionValues,
} from '../command.js';

/** Every noise parameter of every family, once (each becomes a `--name` option). */
function allNoiseParams(): NoiseParamSpec[] {
  const seen = new Map<string, NoiseParamSpec>();
  for (const f of NOISE_FAMILIES) for (const p of f.params) if (!seen.has(p.name)) seen.set(p.name, p);
  for (const p of COMMON_NOISE_PARAMS) if (!seen.has(p.name)) seen.set(p.name, p);
  return [...seen.values()];
}

export const NOISE_OPTIONS: OptionSpec[] = allNoiseParams().map((p) => ({
  name: p.name,
  kind: 'number',
  value: 'X',
  help: `noise parameter: ${p.help}`,
  min: p.min,
  max: p.max,
}));

/** Collects the noise parameters given on the command line. */
export function noiseParamsFrom(opts: OptionValues): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of allNoiseParams()) {
    const v = num(opts, p.name);
    if (v !== undefined) out[p.name] = v;
  }
  return out;
}

/** Text of `qec gen --list`: every code, task and noise model with its parameters. */
export function genListText(): string {
  const lines = ['Codes (--code):'];
  for (const c of CODE_FAMILIES)
    lines.push(
      `  ${c.name.padEnd(18)} tasks: ${c.tasks.join(', ')}; distance: ${c.distances}`,
      `      ${c.description}`,
    );
  lines.push('', 'Noise models (--noise) and their parameters:');
  for (const f of NOISE_FAMILIES) {
    lines.push(`  ${f.name.padEnd(18)} ${f.description}`);
    for (const p of f.params)
      lines.push(
        `      --${p.name.padEnd(14)} ${p.help}${p.default !== undefined ? ` [default ${p.default}]` : ''}`,
      );
  }
  lines.push('', 'Parameters every noise model accepts:');
  for (const p of COMMON_NOISE_PARAMS)
    lines.push(
      `      --${p.name.padEnd(14)} ${p.help}${p.default !== undefined ? ` [default ${p.default}]` : ''}`,
    );
  return lines.join('\n') + '\n';
}

export const genCommand: CliCommand = {
  name: 'gen',
  summary: 'Generate an annotated QEC circuit (code, task, distance, rounds, noise).',
  description:
    'Writes a Stim circuit with QUBIT_COORDS, DETECTOR and OBSERVABLE_INCLUDE annotations for a code family under a noise model. `qec gen --list` describes every code, task and noise parameter.',
  options: [
    {
      name: 'code',
      kind: 'choice',
      value: 'NAME',
      help: "code family (Stim's surface_code and repetition_code accepted)",
      choices: CODE_FAMILIES.map((c) => c.name),
      choiceAliases: { surface_code: 'rotated-surface', repetition_code: 'repetition' },
    },
    {
      name: 'task',
      kind: 'choice',
      value: 'TASK',
      help: "experiment (Stim's rotated_memory_x, rotated_memory_z and memory accepted)",
      choices: ['memory-x', 'memory-z', 'stability'],
      choiceAliases: { rotated_memory_x: 'memory-x', rotated_memory_z: 'memory-z', memory: 'memory-z' },
      default: 'memory-z',
    },
    { name: 'distance', kind: 'int', value: 'D', help: 'code distance', min: 1, max: 1001 },
    {
      name: 'rounds',
      kind: 'int',
      value: 'R',
      help: 'syndrome-extraction rounds (default: distance)',
      min: 1,
      max: 1e9,
    },
    {
      name: 'noise',
      kind: 'choice',
      value: 'MODEL',
      help: "noise model [default: stim when one of Stim's knobs (--after-clifford-depolarization ...) is given, else none]",
      choices: NOISE_FAMILIES.map((f) => f.name),
    },
    ...NOISE_OPTIONS,
    {
      name: 'out',
      kind: 'string',
      value: 'FILE',
      help: 'output file (default: standard output)',
      default: '-',
    },
    { name: 'list', kind: 'boolean', help: 'describe every code, task and noise parameter' },
  ],
  examples: [
    'qec gen --code rotated-surface --task memory-z --distance 5 --rounds 5 --noise uniform --p 0.001 --out c.stim',
    'qec gen --code repetition --task memory-x --distance 7 --noise cat --nbar 8 --k1k2 1e-3',
    'qec gen --list',
  ],
  run(opts, io) {
    if (flag(opts, 'list')) {
      io.stdout(genListText());
      return Promise.resolve(0);
    }
    const code = str(opts, 'code');
    const distance = num(opts, 'distance');
    if (code === undefined)
      throw new UsageError('qec gen: missing required option --code NAME (see qec gen --list)');
    if (distance === undefined) throw new UsageError('qec gen: missing required option --distance D');
    const noiseParams = noiseParamsFrom(opts);
    // As `stim gen`: its noise knobs alone select the `stim` model.
    const noise =
      str(opts, 'noise') ?? (STIM_KNOBS.some((k) => noiseParams[k.name] !== undefined) ? 'stim' : 'none');
    const given = Object.keys(noiseParams);
    if (noise === 'none' && given.length > 0)
      throw new UsageError(
        `qec gen: --${given[0]} is a noise parameter; give --noise MODEL too (see qec gen --list)`,
      );
    const fam = NOISE_FAMILIES.find((f) => f.name === noise);
    const valid = [...(fam?.params ?? []), ...COMMON_NOISE_PARAMS].map((p) => p.name);
    const foreign = given.find((k) => !valid.includes(k));
    if (foreign !== undefined)
      throw new UsageError(
        `qec gen: --${foreign} is not a parameter of --noise ${noise}; its parameters: ${valid.map((v) => `--${v}`).join(', ')}`,
      );
    const g = generateExperiment({
      code,
      task: str(opts, 'task') as CodeTask,
      distance,
      rounds: num(opts, 'rounds') ?? distance,
      noise,
      noiseParams,
    });
    const m = g.metadata;
    const header = [
      `# Generated by qec gen: ${m.code} ${m.task}, [[${m.n}, ${m.k}, ${m.d}]], rounds ${m.rounds}`,
      `# qubits: ${m.numQubits} (${m.numDataQubits} data, ${m.numAncillaQubits} ancilla)`,
      `# noise: ${g.noiseModel === undefined ? 'none' : `${g.noiseModel.name} ${JSON.stringify(g.noiseModel.params, (_k, v: unknown) => (v === Infinity ? 'Infinity' : v))}`}`,
    ].join('\n');
    return io.writeFile(str(opts, 'out') ?? '-', `${header}\n${printCircuit(g.circuit)}\n`).then(() => 0);
  },
};
