import { Rng } from '../../base/prng.js';
import type { Circuit } from '../../circuit/circuit.js';
import { parseCircuit } from '../../circuit/parser.js';
import { printCircuit } from '../../circuit/printer.js';
import { exportQasm3 } from '../../formats/qasm/qasm-export.js';
import { importQasm, type ClassicalRegister } from '../../formats/qasm/qasm-import.js';
import { sampleShots } from '../../sim/state-vector/state-vector-simulator.js';
import { num, str, type CliCommand } from '../command.js';
import { IN_OPTION, OUT_OPTION, SEED_OPTION, seedOf, sourceName } from '../common.js';
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

export const convertCommand: CliCommand = {
  name: 'convert',
  summary: 'Convert between Stim circuits and OpenQASM (2.0/3 in, 3 out).',
  options: [
    IN_OPTION,
    {
      name: 'to',
      kind: 'choice',
      value: 'FMT',
      help: 'output language',
      choices: ['stim', 'qasm3'],
      required: true,
    },
    OUT_OPTION,
  ],
  examples: ['qec convert --in bell.qasm --to stim', 'qec convert --in c.stim --to qasm3 --out c.qasm'],
  async run(opts, io) {
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
