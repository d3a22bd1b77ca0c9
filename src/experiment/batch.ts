import type { Rng } from '../base/prng.js';
import { compileDecoder, DECODERS } from '../decode/registry.js';
import type { CompiledDecoder } from '../decode/decoder.js';
import { analyzeErrors } from '../dem/error-analyzer.js';
import { flattenDem } from '../dem/flatten.js';
import { BitTable } from '../mem/bit-table.js';
import { compileSampler, type CompiledSampler, type DetectorSamples } from '../sim/frame/frame-simulator.js';
import type { ResolvedTask } from './task.js';

/** Decoders that need graphlike (decomposed) DEMs, from the registry's table. */
const NEEDS_DECOMPOSITION = new Set(DECODERS.filter((d) => d.graphlikeOnly).map((d) => d.name));

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
  /** Output tables reused between batches of the same size (fresh memory is slow to fault in). */
  scratch?: { shots: number; samples: DetectorSamples; predictions: BitTable };
}

/** Compiles a task (cost: DEM extraction + decoder setup). */
export function compileTask(task: ResolvedTask): CompiledTask {
  // As sinter does: disjoint Pauli-channel cases (biased PAULI_CHANNEL_2, E/ELSE chains) are
  // approximated as independent errors in the decoder's model; the sampler still samples them exactly.
  const dem = flattenDem(
    analyzeErrors(task.circuit, {
      decomposeErrors: NEEDS_DECOMPOSITION.has(task.decoder),
      approximateDisjointErrors: true,
    }),
  );
  return {
    task,
    sampler: compileSampler(task.circuit),
    decoder: compileDecoder(dem, task.decoder, task.decoderOptions),
    numDetectors: dem.numDetectors,
    numObservables: dem.numObservables,
  };
}

/**
 * Samples `shots` shots, decodes them and counts the shots whose predicted observable flips differ
 * from the actual ones (a logical error). Deterministic for a given RNG state.
 */
export function runBatch(t: CompiledTask, shots: number, rng: Rng): { shots: number; errors: number } {
  if (t.scratch?.shots !== shots)
    t.scratch = {
      shots,
      samples: {
        detectors: new BitTable(shots, t.sampler.numDetectors),
        observables: new BitTable(shots, t.sampler.numObservables),
      },
      predictions: new BitTable(shots, t.numObservables),
    };
  const { detectors, observables } = t.sampler.sampleDetectors(shots, rng, { out: t.scratch.samples });
  const predictions = t.scratch.predictions;
  t.decoder.decodeBatch(detectors, predictions);
  let errors = 0;
  const words = (t.numObservables + 31) >>> 5;
  for (let s = 0; s < shots; s++) {
    const a = s * predictions.stride;
    const b = s * observables.stride;
    for (let k = 0; k < words; k++)
      if (predictions.data[a + k] !== observables.data[b + k]) {
        errors++;
        break;
      }
  }
  return { shots, errors };
}
