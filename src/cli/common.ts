import { ValidationError } from '../base/errors.js';
import { webcrypto } from 'node:crypto';
import type { Circuit } from '../circuit/circuit.js';
import type { DetectorErrorModel, FlatDem } from '../dem/dem.js';
import { parseDem } from '../dem/dem-parser.js';
import { parseFlatDem } from '../dem/parse-flat-dem.js';
import type { SampleFormat } from '../formats/sample-formats.js';
import type { BitTable } from '../mem/bit-table.js';
import { readSamples, SAMPLE_FORMATS, SampleBuffer, writeSamples } from '../formats/sample-formats.js';
import type { OptionSpec } from './command.js';
import { decodeText, type CliIO, type OutputWriter } from './io.js';

/** The sample formats of Stim, as CLI choices (the names of {@link SAMPLE_FORMATS}). */
export const FORMAT_CHOICES: readonly SampleFormat[] = SAMPLE_FORMATS.map((f) => f.name);

/** A `--NAME FMT` option choosing one of Stim's sample formats. */
export function formatOption(name: string, help: string, dflt: string | undefined = '01'): OptionSpec {
  return { name, kind: 'choice', value: 'FMT', help, choices: FORMAT_CHOICES, default: dflt };
}

/** `--obs-out FILE` and `--obs-out-format FMT`: observable flips to their own file. */
export const OBS_OUT_OPTIONS: readonly OptionSpec[] = [
  { name: 'obs-out', kind: 'string', value: 'FILE', help: 'write observable flips to this file' },
  formatOption('obs-out-format', 'format of observable flips'),
];

/**
 * Reads a sample file of `m` measurement, `d` detector and `l` observable bits per shot (the split
 * matters only for `dets`).
 */
export async function readSampleFile(
  io: CliIO,
  path: string,
  format: SampleFormat,
  bits: { m?: number; d?: number; l?: number },
): Promise<BitTable> {
  const m = bits.m ?? 0;
  const d = bits.d ?? 0;
  const l = bits.l ?? 0;
  return readSamples(await io.readFile(path), format, m + d + l, {
    source: sourceName(path),
    numMeasurements: m,
    numDetectors: d,
    numObservables: l,
  });
}

/** `--in FILE` (a file or - for stdin). */
export const IN_OPTION: OptionSpec = {
  name: 'in',
  kind: 'string',
  value: 'FILE',
  help: 'input file (- for standard input)',
  default: '-',
};
/** `--out FILE`. */
export const OUT_OPTION: OptionSpec = {
  name: 'out',
  kind: 'string',
  value: 'FILE',
  help: 'output file (- for standard output)',
  default: '-',
};
/** `--seed S`. */
export const SEED_OPTION: OptionSpec = {
  name: 'seed',
  kind: 'int',
  value: 'S',
  help: 'PRNG seed (same seed, same output); random when omitted',
  min: 0,
  max: 2 ** 53 - 1,
};
/** `--shots N`. */
export const SHOTS_OPTION: OptionSpec = {
  name: 'shots',
  kind: 'int',
  value: 'N',
  help: 'number of shots',
  required: true,
  min: 0,
  max: 2 ** 40,
};

/** Display name of an input path in messages. */
export const sourceName = (path: string): string => (path === '-' ? '<stdin>' : path);

/**
 * Reads and parses a Stim circuit; parse errors carry the file name, line and column. (The parser
 * and the gate table are imported here, on first use, so that commands reading only DEMs or
 * samples do not load them.)
 */
export async function readCircuit(io: CliIO, path: string): Promise<Circuit> {
  const { parseCircuit } = await import('../circuit/parser.js');
  return parseCircuit(decodeText(await io.readFile(path), sourceName(path)), sourceName(path));
}

/** Reads and parses a `.dem` file. */
export async function readDem(io: CliIO, path: string): Promise<DetectorErrorModel> {
  return parseDem(decodeText(await io.readFile(path), sourceName(path)), sourceName(path));
}

/**
 * Reads a `.dem` file and flattens it (shifts and repeat blocks resolved), without building the
 * instruction objects: `flattenDem(await readDem(io, path))` in less time and memory.
 */
export async function readFlatDem(io: CliIO, path: string): Promise<FlatDem> {
  return parseFlatDem(decodeText(await io.readFile(path), sourceName(path)), sourceName(path));
}

/** The seed given, or a fresh random one (the CLI is the edge where entropy may enter). */
export function seedOf(seed: number | undefined): number {
  if (seed !== undefined) return seed;
  const a = new Uint32Array(2);
  webcrypto.getRandomValues(a);
  return a[0] * 2 ** 21 + (a[1] >>> 11);
}

/** Shots per batch when streaming samples to a file (a multiple of 64 for ptb64). */
export const BATCH_SHOTS = 1 << 14;

/** One output stream of {@link streamShots}: where, in which format, and the format's options. */
export interface ShotOutput {
  readonly path: string;
  readonly format: SampleFormat;
  readonly formatOpts?: Parameters<typeof writeSamples>[2];
}

/**
 * Streams `numShots` shots, produced batch by batch (`produce(n)` returns one table per output,
 * rows = shots, which `produce` may reuse from call to call), into the outputs. On any failure every partial output is removed and the error
 * propagates: nothing is left half-written.
 */
export async function streamShots(
  io: CliIO,
  outputs: readonly ShotOutput[],
  numShots: number,
  produce: (shots: number) => readonly BitTable[] | Promise<readonly BitTable[]>,
  chunkShots: number = BATCH_SHOTS,
): Promise<void> {
  const writers: OutputWriter[] = [];
  // One reused byte buffer per output: each chunk's bytes are written (awaited) before the next
  // chunk is formatted, so memory stays flat in the number of shots.
  const buffers = outputs.map(() => new SampleBuffer());
  try {
    for (const o of outputs) writers.push(await io.createWriter(o.path));
    for (let done = 0; done < numShots;) {
      const n = Math.min(chunkShots, numShots - done);
      const tables = await produce(n);
      for (let i = 0; i < outputs.length; i++)
        await writers[i].write(writeSamples(tables[i], outputs[i].format, outputs[i].formatOpts, buffers[i]));
      done += n;
    }
    for (const w of writers) await w.commit();
  } catch (e) {
    for (const w of writers) await w.abort();
    throw e;
  }
}

/** Other tools' decoder names accepted by `--decoder(s)`: sinter's `pymatching` is minimum-weight perfect matching. */
export const DECODER_ALIASES: Readonly<Record<string, string>> = { pymatching: 'mwpm' };

/** `--decoder-options JSON`: options checked against the decoder's option table by compileDecoder. */
export const DECODER_OPTIONS_OPTION: OptionSpec = {
  name: 'decoder-options',
  kind: 'string',
  value: 'JSON',
  help: 'decoder options as a JSON object, e.g. \'{"osdOrder": 10}\' (options of each decoder: docs/study-and-task-spec.md)',
};

/** Parses `--decoder-options`; a ValidationError names the flag when it is not a JSON object. */
export function decoderOptionsOf(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ValidationError(`--decoder-options: not valid JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ValidationError('--decoder-options: expected a JSON object like {"osdOrder": 10}');
  return v as Record<string, unknown>;
}
