/**
 * The decoder's view of a circuit with leakage: the leakage extension (LEAK, SEEP, LRU) is noise
 * the detector error model cannot express, so the DEM a decoder is built from is that of the
 * circuit without it (a leakage-unaware decoder, as in the leakage studies of Google's and others'
 * surface-code experiments). The frame sampler still samples the leakage.
 */
import { Circuit } from '../circuit/circuit.js';
import { GATE_FLAGS } from '../gates/gate.js';

/** A copy of `c` without its leakage instructions (REPEAT blocks kept). Does not mutate `c`. */
export function withoutLeakage(c: Circuit): Circuit {
  const out = new Circuit();
  for (const item of c.items) {
    if (item.kind === 'repeat') out.push({ ...item, body: withoutLeakage(item.body) });
    else if ((item.gate.flags & GATE_FLAGS.LEAKAGE) === 0) out.push(item);
  }
  return out;
}
