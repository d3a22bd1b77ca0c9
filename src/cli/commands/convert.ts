import { Rng } from '../../base/prng.js';
import type { Circuit } from '../../circuit/circuit.js';
import { parseCircuit } from '../../circuit/parser.js';
import { printCircuit } from '../../circuit/printer.js';
import { exportQasm3 } from '../../formats/qasm/qasm-export.js';
import { importQasm, type ClassicalRegister } from '../../formats/qasm/qasm-import.js';
import { sampleShots } from '../../sim/state-vector/state-vector-simulator.js';
import { readSamples, writeSamples, type SampleFormat } from '../../formats/sample-formats.js';
import { BitTable } from '../../mem/bit-table.js';
import { num, str, UsageError, type CliCommand, type OptionSpec, type OptionValues } from '../command.js';
import {
  FORMAT_CHOICES,
  IN_OPTION,
  OUT_OPTION,
  readCircuit,
  readFlatDem,
  SEED_OPTION,
  seedOf,
  sourceName,
} from '../common.js';
import { decodeText, type CliIO } from '../io.js';

/** An OpenQASM program: `OPENQASM` first, after blanks and `//` comment lines. */
const OPENQASM_HEADER = /^\s*(\/\/[^\n]*\n\s*)*OPENQASM/;

/**
 * Reads a Stim circuit or an OpenQASM program (by the `.qasm` extension, or by an OPENQASM header)
 * from a file or `-` (standard input): one read, then one of the two parsers.
 */
export async function readAnyCircuit(
  io: CliIO,
  path: string,
): Promise<{ circuit: Circuit; cregs?: readonly ClassicalRegister[] }> {
  const name = sourceName(path);
  const text = decodeText(await io.readFile(path), name);
  if (/\.qasm$/i.test(path) || OPENQASM_HEADER.test(text)) {
    const r = importQasm(text, name);
    return { circuit: r.circuit, cregs: r.classicalRegisters };
  }
  return { circuit: parseCircuit(text, name) };
}

/** Bit counts of one shot in a sample file: measurements, detectors, observables (in that order). */
interface ShotLayout {
  readonly m: number;
  readonly d: number;
  readonly l: number;
}

/** The bits of a shot from --num-* counts, a circuit or DEM and --types, or --bits-per-shot. */
async function shotLayout(opts: OptionValues, io: CliIO): Promise<ShotLayout> {
  const counts = ['num-measurements', 'num-detectors', 'num-observables'].map((k) => num(opts, k));
  const circuitPath = str(opts, 'circuit');
  const demPath = str(opts, 'dem');
  const bits = num(opts, 'bits-per-shot');
  const given = [counts.some((c) => c !== undefined), circuitPath, demPath, bits].filter(
    (x) => x !== undefined && x !== false,
  );
  if (given.length !== 1)
    throw new UsageError(
      'qec convert: sample conversion needs exactly one of --circuit FILE, --dem FILE, --bits-per-shot N or --num-measurements/--num-detectors/--num-observables',
    );
  if (bits !== undefined) return { m: bits, d: 0, l: 0 };
  if (counts.some((c) => c !== undefined)) return { m: counts[0] ?? 0, d: counts[1] ?? 0, l: counts[2] ?? 0 };
  let have: ShotLayout;
  if (circuitPath !== undefined) {
    const c = await readCircuit(io, circuitPath);
    have = { m: c.numMeasurements, d: c.numDetectors, l: c.numObservables };
  } else {
    const dem = await readFlatDem(io, demPath ?? '-');
    have = { m: 0, d: dem.numDetectors, l: dem.numObservables };
  }
  const types = str(opts, 'types') ?? (circuitPath !== undefined ? 'M' : 'DL');
  if (!/^M?D?L?$/.test(types) || types === '')
    throw new UsageError(
      `qec convert: --types: expected M, D, L or a combination in that order (e.g. DL), got '${types}'`,
    );
  return {
    m: types.includes('M') ? have.m : 0,
    d: types.includes('D') ? have.d : 0,
    l: types.includes('L') ? have.l : 0,
  };
}

/** Columns [start, start + n) of every row of `t`, as a new table. */
function columns(t: BitTable, start: number, n: number): BitTable {
  const out = new BitTable(t.numRows, n);
  for (let s = 0; s < t.numRows; s++)
    for (let k = 0; k < n; k++) if (t.get(s, start + k)) out.set(s, k, true);
  return out;
}

/** `qec convert` for sample files (Stim's `convert`): reads one format and writes another. */
async function convertSamples(opts: OptionValues, io: CliIO): Promise<number> {
  const layout = await shotLayout(opts, io);
  const inPath = str(opts, 'in') ?? '-';
  const width = layout.m + layout.d + layout.l;
  const table = readSamples(
    await io.readFile(inPath),
    (str(opts, 'in-format') ?? '01') as SampleFormat,
    width,
    {
      source: sourceName(inPath),
      numMeasurements: layout.m,
      numDetectors: layout.d,
      numObservables: layout.l,
    },
  );
  const obsOut = str(opts, 'obs-out');
  const main = obsOut !== undefined ? columns(table, 0, layout.m + layout.d) : table;
  await io.writeFile(
    str(opts, 'out') ?? '-',
    writeSamples(main, (str(opts, 'out-format') ?? '01') as SampleFormat, {
      numMeasurements: layout.m,
      numDetectors: layout.d,
      numObservables: obsOut !== undefined ? 0 : layout.l,
    }),
  );
  if (obsOut !== undefined)
    await io.writeFile(
      obsOut,
      writeSamples(
        columns(table, layout.m + layout.d, layout.l),
        (str(opts, 'obs-out-format') ?? '01') as SampleFormat,
        {
          numMeasurements: 0,
          numDetectors: 0,
          numObservables: layout.l,
        },
      ),
    );
  return 0;
}

const COUNT = (name: string, what: string): OptionSpec => ({
  name,
  kind: 'int',
  value: 'N',
  help: `sample conversion: ${what} per shot`,
  min: 0,
  max: 2 ** 31,
});

export const convertCommand: CliCommand = {
  name: 'convert',
  summary:
    'Convert circuits between Stim and OpenQASM (2.0/3 in, 3 out), or sample files between formats (01, b8, r8, hits, dets, ptb64).',
  description:
    'Circuits: --to stim|qasm3. Samples (like `stim convert`): --in-format and --out-format, with the shot layout from --circuit (and --types: M, D, L or a combination such as DL), --dem, --bits-per-shot, or --num-measurements/--num-detectors/--num-observables; --obs-out splits the observables off.',
  options: [
    IN_OPTION,
    {
      name: 'to',
      kind: 'choice',
      value: 'FMT',
      help: 'circuit conversion: output language',
      choices: ['stim', 'qasm3'],
    },
    OUT_OPTION,
    {
      name: 'in-format',
      kind: 'choice',
      value: 'FMT',
      help: 'sample conversion: input format',
      choices: FORMAT_CHOICES,
    },
    {
      name: 'out-format',
      kind: 'choice',
      value: 'FMT',
      help: 'sample conversion: output format',
      choices: FORMAT_CHOICES,
    },
    {
      name: 'circuit',
      kind: 'string',
      value: 'FILE',
      help: 'sample conversion: circuit that gives the shot layout',
    },
    {
      name: 'dem',
      kind: 'string',
      value: 'FILE',
      help: 'sample conversion: DEM that gives the shot layout (detectors, observables)',
    },
    {
      name: 'types',
      kind: 'string',
      value: 'MDL',
      help: 'with --circuit or --dem: which bits a shot holds, in order (M measurements, D detectors, L observables) [default: M with --circuit, DL with --dem, as Stim]',
    },
    COUNT('num-measurements', 'measurement bits'),
    COUNT('num-detectors', 'detector bits'),
    COUNT('num-observables', 'observable bits'),
    COUNT('bits-per-shot', 'bits (all treated as measurements)'),
    {
      name: 'obs-out',
      kind: 'string',
      value: 'FILE',
      help: 'sample conversion: write the observable bits here instead',
    },
    {
      name: 'obs-out-format',
      kind: 'choice',
      value: 'FMT',
      help: 'format of --obs-out',
      choices: FORMAT_CHOICES,
      default: '01',
    },
  ],
  examples: [
    'qec convert --in bell.qasm --to stim',
    'qec convert --in c.stim --to qasm3 --out c.qasm',
    'qec convert --in dets.b8 --in-format b8 --out-format dets --dem c.dem --types DL',
    'qec convert --in m.01 --out-format r8 --circuit c.stim --out m.r8',
  ],
  async run(opts, io) {
    const sampleMode = str(opts, 'in-format') !== undefined || str(opts, 'out-format') !== undefined;
    if (sampleMode === (str(opts, 'to') !== undefined))
      throw new UsageError(
        'qec convert: give --to stim|qasm3 (circuits) or --in-format/--out-format (sample files), not both',
      );
    if (sampleMode) return convertSamples(opts, io);
    const { circuit } = await readAnyCircuit(io, str(opts, 'in') ?? '-');
    const text = str(opts, 'to') === 'qasm3' ? exportQasm3(circuit) : printCircuit(circuit);
    await io.writeFile(str(opts, 'out') ?? '-', text.endsWith('\n') ? text : text + '\n');
    return 0;
  },
};

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'Run a circuit (OpenQASM or Stim) on the state vector and print a histogram of outcomes.',
  description:
    'Each shot is one quantum trajectory. Outcomes are the classical registers in declaration order (OpenQASM; bit 0 of each register rightmost, as Qiskit prints) or the measurement record (Stim, first measurement leftmost).',
  options: [
    IN_OPTION,
    { name: 'shots', kind: 'int', value: 'N', help: 'number of shots', default: '1024', min: 1, max: 1e7 },
    SEED_OPTION,
  ],
  examples: ['qec run --in bell.qasm --shots 1000'],
  async run(opts, io) {
    const { circuit, cregs } = await readAnyCircuit(io, str(opts, 'in') ?? '-');
    const shots = num(opts, 'shots') ?? 1024;
    const r = sampleShots(circuit, shots, new Rng(seedOf(num(opts, 'seed'))));
    const m = r.measurements;
    const counts = new Map<string, number>();
    for (let s = 0; s < shots; s++) {
      let key: string;
      if (cregs !== undefined && cregs.length > 0)
        key = cregs
          .map((c) =>
            c.records
              .map((rec) => (rec !== undefined && m !== undefined && m.get(s, rec) ? '1' : '0'))
              .reverse()
              .join(''),
          )
          .join(' ');
      else {
        key = '';
        for (let k = 0; k < circuit.numMeasurements; k++) key += m !== undefined && m.get(s, k) ? '1' : '0';
      }
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const rows = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const width = Math.max(...rows.map(([k]) => k.length), 7);
    io.stdout(`${'outcome'.padEnd(width)}  count  fraction\n`);
    for (const [k, c] of rows)
      io.stdout(
        `${(k === '' ? '(none)' : k).padEnd(width)}  ${String(c).padStart(5)}  ${(c / shots).toFixed(4)}\n`,
      );
    return 0;
  },
};
