/**
 * The bulk Pauli-frame sampler (after Stim's frame simulator: Gidney, "Stim: a fast stabilizer
 * circuit simulator", Quantum 5, 497 (2021)). A circuit is compiled once into a flat program
 * (`frame-program.ts`); sampling runs it on batches of shots held bit-packed with shots along the
 * word axis (`frame-batch.ts`), relative to the noiseless reference sample
 * (`tableau/reference-sample.ts`). Results come either as shot-major {@link BitTable}s (rows =
 * shots, the {@link ShotResults} convention) or written into caller-provided detector-major tables
 * (rows = detectors, shots along the columns) so a collector can skip the transpose.
 */
import { ValidationError } from '../../base/errors.js';
import { checkAllocation } from '../../base/limits.js';
import type { Rng } from '../../base/prng.js';
import { checkRunLength, Circuit, type CircuitItem } from '../../circuit/circuit.js';
import { BitTable } from '../../mem/bit-table.js';
import type { ShotResults } from '../shot-results.js';
import { referenceSample } from '../tableau/reference-sample.js';
import { FrameBatch } from './frame-batch.js';
import { compileFrameProgram, type FrameProgram } from './frame-program.js';
import { hasLeakage, LEAKAGE_EXTENSION } from './frame-leakage.js';

/** Default shots per internal batch: 64 words per frame row (2048 shots). */
export const DEFAULT_BATCH_SHOTS = 2048;

/** Options of {@link compileSampler}. */
export interface SamplerOptions {
  /**
   * Shots per internal batch, a positive multiple of 32 (default {@link DEFAULT_BATCH_SHOTS}).
   * Part of the "batch layout": equal seeds give equal results only for equal batch sizes. Larger
   * batches amortise per-op dispatch; smaller ones keep the frame in cache (memory per batch ≈
   * 2 · numQubits · batchShots / 8 bytes for the frame plus the record window).
   */
  batchShots?: number;
  /**
   * Run the hot kernels in WebAssembly SIMD when the module loads here (default true). The
   * TypeScript path gives the same bits for the same seed; `false` forces it.
   */
  wasm?: boolean;
}

/** Detection events and observable flips, both with rows = shots. */
export interface DetectorSamples {
  /** numShots × numDetectors: bit set when the detector differs from its noiseless value. */
  detectors: BitTable;
  /** numShots × numObservables: bit set when the observable differs from its noiseless value. */
  observables: BitTable;
}

/**
 * A circuit compiled for bulk sampling. Reuses its internal buffers between calls (not
 * thread-safe; compile one per worker). Every sampling call draws four words from `rng` to seed
 * the sampler's private stream, so results are a deterministic function of (circuit, rng state,
 * numShots, batch size).
 */
export class CompiledSampler {
  readonly numQubits: number;
  readonly numMeasurements: number;
  readonly numDetectors: number;
  readonly numObservables: number;
  /** Shots per internal batch (a multiple of 32). */
  readonly batchShots: number;
  private readonly program: FrameProgram;
  private readonly circuit: Circuit;
  private detEngine: FrameBatch | undefined;
  private measEngine: FrameBatch | undefined;
  private refWords: Uint32Array | undefined;

  /** Use {@link compileSampler}. */
  private readonly wasm: boolean;

  constructor(circuit: Circuit, program: FrameProgram, batchShots: number, wasm = true) {
    this.circuit = circuit;
    this.wasm = wasm;
    this.program = program;
    this.numQubits = program.numQubits;
    this.numMeasurements = program.numMeasurements;
    this.numDetectors = program.numDetectors;
    this.numObservables = program.numObservables;
    this.batchShots = batchShots;
  }

  /**
   * Record rows kept when sampling detectors (the largest rec[-k] lookback or results of one
   * instruction): the memory a REPEAT block's rounds share, independent of the repetition count.
   */
  get detectorRecordWindow(): number {
    const p = this.program;
    return Math.max(1, p.maxLookback, p.maxResultsPerOp);
  }

  /**
   * Whether detector sampling runs the WebAssembly SIMD kernels: true when they were wanted
   * (`wasm` option) and load in this thread (not, e.g., on a browser's main thread, where
   * synchronous compilation is refused). Builds the detector-sampling engine if needed.
   */
  get usesWasmKernels(): boolean {
    return this.detectionEngine().usesWasmKernels;
  }

  private get batchWords(): number {
    return this.batchShots >>> 5;
  }

  /** The executor that keeps only the lookback window of the record (detector sampling). */
  private detectionEngine(): FrameBatch {
    if (this.detEngine === undefined) {
      const p = this.program;
      this.detEngine = new FrameBatch(
        p.numQubits,
        this.batchWords,
        this.detectorRecordWindow,
        p.numObservables,
        {
          program: p,
          numDetectors: p.numDetectors,
          outRows: Math.max(p.numDetectors, p.numObservables),
          wasm: this.wasm,
        },
      );
    }
    return this.detEngine;
  }

  /** The executor that keeps every result (measurement sampling). */
  private measurementEngine(): FrameBatch {
    if (this.measEngine === undefined) {
      const p = this.program;
      this.measEngine = new FrameBatch(
        p.numQubits,
        this.batchWords,
        Math.max(1, p.numMeasurements),
        p.numObservables,
        {
          program: p,
          numDetectors: p.numDetectors,
          outRows: Math.max(p.numMeasurements, p.numDetectors, p.numObservables),
          wasm: this.wasm,
        },
      );
    }
    return this.measEngine;
  }

  /** The reference sample packed 32 results per word. */
  private reference(): Uint32Array {
    if (this.refWords === undefined) {
      const ref = referenceSample(withoutParityAnnotations(this.circuit));
      const words = new Uint32Array(Math.max(1, (this.numMeasurements + 31) >>> 5));
      for (let i = 0; i < this.numMeasurements && i < ref.length; i++)
        if (ref[i] !== 0) words[i >>> 5] |= 1 << (i & 31);
      this.refWords = words;
    }
    return this.refWords;
  }

  /**
   * Samples raw measurement results. Returns numShots × numMeasurements (rows = shots).
   * Memory O(numMeasurements · batchShots / 8) bytes beyond the result. Cost O(program length ·
   * numShots / 32 + number of noise events).
   */
  sampleMeasurements(numShots: number, rng: Rng): BitTable {
    checkShots(numShots);
    const out = new BitTable(numShots, this.numMeasurements);
    const eng = this.measurementEngine();
    const ref = this.reference();
    eng.rng.seedFrom(rng);
    for (let start = 0; start < numShots; start += this.batchShots) {
      const n = Math.min(this.batchShots, numShots - start);
      eng.run(this.program, n, null, 0, 0);
      eng.transposeTo(eng.rec, this.numMeasurements, n, out, start, ref);
    }
    return out;
  }

  /**
   * Samples measurements, detection events and observable flips of the same shots (all rows =
   * shots). Keeps the whole record per batch, like {@link sampleMeasurements}.
   */
  sample(numShots: number, rng: Rng): ShotResults {
    checkShots(numShots);
    const measurements = new BitTable(numShots, this.numMeasurements);
    const detectors = new BitTable(numShots, this.numDetectors);
    const observables = new BitTable(numShots, this.numObservables);
    const eng = this.measurementEngine();
    const ref = this.reference();
    eng.rng.seedFrom(rng);
    for (let start = 0; start < numShots; start += this.batchShots) {
      const n = Math.min(this.batchShots, numShots - start);
      eng.run(this.program, n, eng.det, eng.W, 0);
      eng.transposeTo(eng.rec, this.numMeasurements, n, measurements, start, ref);
      eng.transposeTo(eng.det, this.numDetectors, n, detectors, start);
      eng.transposeTo(eng.obs, this.numObservables, n, observables, start);
    }
    return { measurements, detectors, observables };
  }

  /**
   * Samples detection events (bit set = the detector's parity differs from its noiseless value,
   * as Stim's `detect`) and observable flips. Returns tables with rows = shots: new ones, or
   * `opts.out`'s tables (numShots × numDetectors and numShots × numObservables exactly), which are
   * overwritten. Reusing output tables matters where fresh memory is expensive to fault in (in a
   * VM, first-touch page faults can cost more than the sampling). Only the record window the
   * detectors look back on is stored, so a REPEAT 1000 memory experiment needs one round of record
   * rows, not 1000. Cost O(program length · numShots / 32 + noise events + numShots ·
   * numDetectors / 32) word operations.
   * @throws ValidationError when `opts.out` has the wrong shape.
   */
  sampleDetectors(numShots: number, rng: Rng, opts: { out?: DetectorSamples } = {}): DetectorSamples {
    checkShots(numShots);
    let detectors: BitTable;
    let observables: BitTable;
    if (opts.out !== undefined) {
      ({ detectors, observables } = opts.out);
      checkShotMajor('detectors', detectors, numShots, this.numDetectors);
      checkShotMajor('observables', observables, numShots, this.numObservables);
    } else {
      detectors = new BitTable(numShots, this.numDetectors);
      observables = new BitTable(numShots, this.numObservables);
    }
    const eng = this.detectionEngine();
    eng.rng.seedFrom(rng);
    for (let start = 0; start < numShots; start += this.batchShots) {
      const n = Math.min(this.batchShots, numShots - start);
      eng.run(this.program, n, eng.det, eng.W, 0);
      eng.transposeTo(eng.det, this.numDetectors, n, detectors, start);
      eng.transposeTo(eng.obs, this.numObservables, n, observables, start);
    }
    return { detectors, observables };
  }

  /**
   * Low-level batch API: samples `numShots` shots into caller-allocated **detector-major** tables
   * (shots along the word axis, no transpose): `detectors` has numDetectors rows, `observables`
   * numObservables rows, each with at least shotOffset + numShots columns; shot s goes to column
   * shotOffset + s. Same random stream as {@link sampleDetectors} for equal arguments (the two
   * return the same bits, transposed). Bits of columns past the last shot in its word are cleared;
   * nothing else is touched. No allocation after the first call.
   * @throws ValidationError when the shapes do not fit or shotOffset is not a multiple of 32.
   */
  sampleDetectorsInto(
    numShots: number,
    rng: Rng,
    detectors: BitTable,
    observables: BitTable,
    shotOffset = 0,
  ): void {
    checkShots(numShots);
    checkMajor('detectors', detectors, this.numDetectors, shotOffset, numShots);
    checkMajor('observables', observables, this.numObservables, shotOffset, numShots);
    const eng = this.detectionEngine();
    eng.rng.seedFrom(rng);
    for (let start = 0; start < numShots; start += this.batchShots) {
      const n = Math.min(this.batchShots, numShots - start);
      const off = (shotOffset + start) >>> 5;
      eng.run(this.program, n, detectors.data, detectors.stride, off);
      const nw = (n + 31) >>> 5;
      const od = observables.data;
      const os = observables.stride;
      for (let k = 0; k < this.numObservables; k++)
        od.set(eng.obs.subarray(k * eng.W, k * eng.W + nw), k * os + off);
      const tail = n & 31;
      if (tail !== 0) {
        const mask = (1 << tail) - 1;
        const last = off + nw - 1;
        for (let d = 0; d < this.numDetectors; d++) detectors.data[d * detectors.stride + last] &= mask;
        for (let k = 0; k < this.numObservables; k++) od[k * os + last] &= mask;
      }
    }
  }

  /**
   * Low-level batch API for raw results: writes measurement results into the caller's
   * **measurement-major** table (numMeasurements rows, ≥ shotOffset + numShots columns).
   * @throws ValidationError when the shape does not fit or shotOffset is not a multiple of 32.
   */
  sampleMeasurementsInto(numShots: number, rng: Rng, out: BitTable, shotOffset = 0): void {
    checkShots(numShots);
    checkMajor('measurements', out, this.numMeasurements, shotOffset, numShots);
    const eng = this.measurementEngine();
    const ref = this.reference();
    eng.rng.seedFrom(rng);
    const W = eng.W;
    for (let start = 0; start < numShots; start += this.batchShots) {
      const n = Math.min(this.batchShots, numShots - start);
      eng.run(this.program, n, null, 0, 0);
      const off = (shotOffset + start) >>> 5;
      const nw = (n + 31) >>> 5;
      const tail = n & 31;
      const mask = tail === 0 ? -1 : (1 << tail) - 1;
      for (let m = 0; m < this.numMeasurements; m++) {
        const flip = (ref[m >>> 5] >>> (m & 31)) & 1 ? -1 : 0;
        const d = m * out.stride + off;
        const s = m * W;
        for (let w = 0; w < nw; w++) out.data[d + w] = eng.rec[s + w] ^ flip;
        out.data[d + nw - 1] &= mask;
      }
    }
  }
}

/**
 * The circuit without DETECTOR / OBSERVABLE_INCLUDE (they do not change measurement results), so
 * the reference run also works for observables with Pauli targets, which the tableau simulator
 * does not evaluate. REPEAT blocks are kept as blocks.
 */
function withoutParityAnnotations(c: Circuit): Circuit {
  const items: CircuitItem[] = [];
  for (const item of c.items) {
    if (item.kind === 'repeat') items.push({ ...item, body: withoutParityAnnotations(item.body) });
    else if (item.gate.name !== 'DETECTOR' && item.gate.name !== 'OBSERVABLE_INCLUDE') items.push(item);
  }
  return new Circuit(items);
}

function checkShots(numShots: number): void {
  if (!Number.isInteger(numShots) || numShots < 0)
    throw new ValidationError(`numShots must be a non-negative integer, got ${numShots}`, { numShots });
}

function checkShotMajor(what: string, t: BitTable, numShots: number, cols: number): void {
  if (t.numRows !== numShots || t.numCols !== cols)
    throw new ValidationError(
      `output ${what} table must be ${numShots} shots × ${cols} columns, got ${t.numRows} × ${t.numCols}`,
      { what, rows: t.numRows, cols: t.numCols },
    );
}

function checkMajor(what: string, t: BitTable, rows: number, shotOffset: number, numShots: number): void {
  if (t.numRows !== rows || t.numCols < shotOffset + numShots || shotOffset % 32 !== 0 || shotOffset < 0)
    throw new ValidationError(
      `${what} table must be ${rows} rows × ≥ ${shotOffset + numShots} columns with a shot offset that is a ` +
        `multiple of 32; got ${t.numRows} × ${t.numCols}, offset ${shotOffset}`,
      { what, rows: t.numRows, cols: t.numCols, shotOffset, numShots },
    );
}

/**
 * Compiles `circuit` for bulk Pauli-frame sampling. O(instructions + targets); REPEAT bodies are
 * compiled once and looped at run time. The reference sample is computed lazily, on the first
 * call that needs raw measurement values.
 * @throws UnsupportedError naming a non-Clifford gate or non-Pauli channel (use the state-vector
 *   simulator for those).
 * @throws ValidationError for a bad batch size.
 */
export function compileSampler(circuit: Circuit, options: SamplerOptions = {}): CompiledSampler {
  const batchShots = options.batchShots ?? DEFAULT_BATCH_SHOTS;
  if (!Number.isInteger(batchShots) || batchShots <= 0 || batchShots % 32 !== 0)
    throw new ValidationError(`batchShots must be a positive multiple of 32, got ${batchShots}`, {
      batchShots,
    });
  checkRunLength(circuit);
  const stats = circuit.stats();
  // One batch holds the X and Z frames of every qubit and the detection events of every
  // detector, one bit per shot: refuse sizes that cannot be allocated before compiling.
  checkAllocation(
    `sampling ${stats.numQubits} qubits and ${stats.numDetectors} detectors in batches of ${batchShots} shots`,
    (2 * stats.numQubits + stats.numDetectors + stats.numObservables) * (batchShots / 8),
  );
  const program = compileFrameProgram(circuit, hasLeakage(circuit) ? LEAKAGE_EXTENSION : undefined);
  return new CompiledSampler(circuit, program, batchShots, options.wasm ?? true);
}
