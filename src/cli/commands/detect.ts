import { requireStabilizer } from '../../sim/stabilizer-check.js';
import { cpus } from 'node:os';
import { deriveSeed } from '../../base/prng.js';
import { printCircuit } from '../../circuit/printer.js';
import { allocateSharedSamples, sampleDetectorsSerial } from '../../node/frame-sampling.js';
import { BitTable } from '../../mem/bit-table.js';
import {
  compileSampler,
  type CompiledSampler,
  type DetectorSamples,
} from '../../sim/frame/frame-simulator.js';
import type { SampleFormat } from '../../formats/sample-formats.js';
import { flag, num, str, type CliCommand } from '../command.js';
import {
  formatOption,
  OBS_OUT_OPTIONS,
  IN_OPTION,
  OUT_OPTION,
  readCircuit,
  SEED_OPTION,
  seedOf,
  SHOTS_OPTION,
  streamShots,
  type ShotOutput,
} from '../common.js';

export const detectCommand: CliCommand = {
  name: 'detect',
  summary: 'Sample detection events and observable flips of a noisy circuit (Pauli-frame sampler).',
  description:
    "Like `stim detect`: runs the bit-packed Pauli-frame sampler relative to a noiseless reference sample and writes detection events (and observable flips with --obs-out or --append-observables) in Stim's result formats.",
  options: [
    IN_OPTION,
    SHOTS_OPTION,
    OUT_OPTION,
    formatOption('out-format', 'format of detection events'),
    ...OBS_OUT_OPTIONS,
    {
      name: 'append-observables',
      kind: 'boolean',
      help: 'append observable flips after the detectors of each shot',
    },
    SEED_OPTION,
    {
      name: 'workers',
      kind: 'int',
      value: 'N',
      help: 'worker threads (default: cores; 0 = this thread); output does not depend on it',
      min: 0,
      max: 256,
    },
  ],
  examples: ['qec detect --in c.stim --shots 100000 --out dets.b8 --out-format b8 --obs-out obs.01 --seed 7'],
  async run(opts, io) {
    const circuit = await readCircuit(io, str(opts, 'in') ?? '-');
    requireStabilizer(circuit, 'frame (Pauli-frame) sampler', true);
    const seed = seedOf(num(opts, 'seed'));
    const BATCH = 16384;
    // Workers only pay off with more than one batch to share (starting them costs ~0.1 s each).
    const batches = Math.ceil((num(opts, 'shots') ?? 0) / BATCH);
    const workers = batches <= 1 ? 0 : Math.min(num(opts, 'workers') ?? cpus().length, batches);
    // Chunk c of the output is sampled as batches of BATCH shots seeded deriveSeed(deriveSeed(seed, c), b),
    // the same in this thread and on workers, so the output depends only on the seed.
    const CHUNK = 4 * BATCH;
    // The pool's module (and what its workers need) loads only when workers are used: start-up.
    const pool =
      workers > 0
        ? new (await import('../../node/worker-pool.js')).FrameSamplerPool(printCircuit(circuit), {
            workers,
          })
        : undefined;
    const sampler = pool === undefined ? compileSampler(circuit) : undefined;
    // Output tables reused for every chunk (and one more set for a shorter last chunk), so memory
    // stays flat in the number of shots; shared memory when workers write them.
    const tables = new Map<number, DetectorSamples>();
    const tablesFor = (n: number): DetectorSamples => {
      let t = tables.get(n);
      if (t === undefined) {
        const d = circuit.numDetectors;
        const o = circuit.numObservables;
        t =
          pool !== undefined
            ? allocateSharedSamples(n, d, o)
            : { detectors: new BitTable(n, d), observables: new BitTable(n, o) };
        tables.set(n, t);
      }
      return t;
    };
    let chunk = 0;
    const append = flag(opts, 'append-observables');
    const fmt = str(opts, 'out-format') as SampleFormat;
    const numD = circuit.numDetectors;
    const numO = circuit.numObservables;
    const outputs: ShotOutput[] = [
      {
        path: str(opts, 'out') ?? '-',
        format: fmt,
        formatOpts: { numMeasurements: 0, numDetectors: numD, numObservables: append ? numO : 0 },
      },
    ];
    const obsOut = str(opts, 'obs-out');
    if (obsOut !== undefined)
      outputs.push({
        path: obsOut,
        format: str(opts, 'obs-out-format') as SampleFormat,
        formatOpts: { numMeasurements: 0, numDetectors: 0, numObservables: numO },
      });
    try {
      await streamShots(
        io,
        outputs,
        num(opts, 'shots') ?? 0,
        async (n) => {
          const o = { seed: deriveSeed(seed, chunk++), batchSize: BATCH, out: tablesFor(n) };
          const r =
            pool !== undefined
              ? await pool.sampleDetectors(n, o)
              : sampleDetectorsSerial(sampler as CompiledSampler, n, o);
          const main = append ? r.detectors.concatColumns(r.observables) : r.detectors;
          return obsOut !== undefined ? [main, r.observables] : [main];
        },
        CHUNK,
      );
    } finally {
      await pool?.close();
    }
    return 0;
  },
};
