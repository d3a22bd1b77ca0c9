import type { Rng } from '../base/prng.js';
import { compileDecoder, getDecoderInfo } from '../decode/registry.js';
import type { CompiledDecoder } from '../decode/decoder.js';
import { withoutLeakage } from '../noise/leakage.js';
import { analyzeErrors } from '../dem/error-analyzer.js';
import { flattenDem } from '../dem/flatten.js';
import { BitTable } from '../mem/bit-table.js';
import { compileSampler, type CompiledSampler, type DetectorSamples } from '../sim/frame/frame-simulator.js';
import { restrictDemDetectors } from '../dem/detector-basis.js';
import { decodeDetectorMask, type ResolvedTask } from './task.js';

/**
 * A task compiled once for many batches: the frame sampler of its circuit and the decoder
 * compiled from the circuit's DEM (decomposed for matching-type decoders).
 */
export interface CompiledTask {
  readonly task: ResolvedTask;
  readonly sampler: CompiledSampler;
  readonly decoder: CompiledDecoder;
  readonly numDetectors: number;
  readonly numObservables: number;
  /**
   * With `decodeBasis`: the sampled detectors the decoder reads, ascending (its detector j is
   * sampled detector `decodeDetectors[j]`); undefined when it reads them all.
   */
  readonly decodeDetectors?: Int32Array;
  /** Detector-row words with the postselected detectors' bits set; undefined without postselection. */
  readonly postselectMask?: Uint32Array;
  /** Output tables reused between batches of the same size (fresh memory is slow to fault in). */
  scratch?: { shots: number; samples: DetectorSamples; predictions: BitTable; syndromes?: BitTable };
}

/** Compiles a task (cost: DEM extraction + decoder setup). */
export function compileTask(task: ResolvedTask): CompiledTask {
  // As sinter does: disjoint Pauli-channel cases (biased PAULI_CHANNEL_2, E/ELSE chains) are
  // approximated as independent errors in the decoder's model; the sampler still samples them exactly.
  // Leakage (LEAK/SEEP/LRU) is not in the decoder's model either (src/noise/leakage.ts).
  let dem = flattenDem(
    analyzeErrors(withoutLeakage(task.circuit), {
      decomposeErrors: getDecoderInfo(task.decoder).graphlikeOnly,
      approximateDisjointErrors: true,
    }),
  );
  let decodeDetectors: Int32Array | undefined;
  if (task.decodeBasis !== undefined) {
    const keep = decodeDetectorMask(task.circuit, task.decodeBasis);
    dem = restrictDemDetectors(dem, keep);
    decodeDetectors = new Int32Array(dem.numDetectors);
    let j = 0;
    for (let d = 0; d < keep.length; d++) if (keep[d] !== 0) decodeDetectors[j++] = d;
  }
  return {
    task,
    sampler: compileSampler(task.circuit),
    decoder: compileDecoder(dem, task.decoder, task.decoderOptions),
    numDetectors: dem.numDetectors,
    numObservables: dem.numObservables,
    ...(decodeDetectors !== undefined ? { decodeDetectors } : {}),
    ...(task.postselectDetectors.length > 0
      ? { postselectMask: postselectMask(task.postselectDetectors) }
      : {}),
  };
}

/** Writes column `cols[j]` of `from` into column j of `to`, row by row (`to` has the rows and columns). */
function gatherColumns(from: BitTable, cols: Int32Array, to: BitTable): void {
  const src = from.data;
  const dst = to.data;
  for (let s = 0; s < to.numRows; s++) {
    const a = s * from.stride;
    const b = s * to.stride;
    for (let k = 0; k < to.stride; k++) dst[b + k] = 0;
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      if (((src[a + (c >>> 5)] >>> (c & 31)) & 1) !== 0) dst[b + (j >>> 5)] |= 1 << (j & 31);
    }
  }
}

/** Bit mask over a detector row (bit d of word d >> 5), rows as the sampler lays them out. */
function postselectMask(detectors: readonly number[]): Uint32Array {
  const mask = new Uint32Array((detectors[detectors.length - 1] >>> 5) + 1);
  for (const d of detectors) mask[d >>> 5] |= 1 << (d & 31);
  return mask;
}

/**
 * Samples `shots` shots, decodes them and counts the shots whose predicted observable flips differ
 * from the actual ones (a logical error). With postselected detectors, a shot in which any of them
 * fires is a discard and is not counted as an error, whatever the decoder predicts (sinter's
 * postselection). Deterministic for a given RNG state.
 */
export function runBatch(
  t: CompiledTask,
  shots: number,
  rng: Rng,
): { shots: number; errors: number; discards: number } {
  if (t.scratch?.shots !== shots)
    t.scratch = {
      shots,
      samples: {
        detectors: new BitTable(shots, t.sampler.numDetectors),
        observables: new BitTable(shots, t.sampler.numObservables),
      },
      predictions: new BitTable(shots, t.numObservables),
      ...(t.decodeDetectors !== undefined ? { syndromes: new BitTable(shots, t.numDetectors) } : {}),
    };
  const { detectors, observables } = t.sampler.sampleDetectors(shots, rng, { out: t.scratch.samples });
  const predictions = t.scratch.predictions;
  const syndromes = t.scratch.syndromes;
  if (t.decodeDetectors !== undefined && syndromes !== undefined) {
    gatherColumns(detectors, t.decodeDetectors, syndromes);
    t.decoder.decodeBatch(syndromes, predictions);
  } else t.decoder.decodeBatch(detectors, predictions);
  const mask = t.postselectMask;
  let errors = 0;
  let discards = 0;
  const words = (t.numObservables + 31) >>> 5;
  shot: for (let s = 0; s < shots; s++) {
    if (mask !== undefined) {
      const d = s * detectors.stride;
      for (let k = 0; k < mask.length; k++)
        if ((detectors.data[d + k] & mask[k]) !== 0) {
          discards++;
          continue shot;
        }
    }
    const a = s * predictions.stride;
    const b = s * observables.stride;
    for (let k = 0; k < words; k++)
      if (predictions.data[a + k] !== observables.data[b + k]) {
        errors++;
        break;
      }
  }
  return { shots, errors, discards };
}
