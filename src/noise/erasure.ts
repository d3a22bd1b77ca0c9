/**
 * Heralded erasure noise: `HERALDED_ERASE(p)` (Stim's instruction, with Stim's semantics: with
 * probability p the qubit gets I, X, Y or Z with probability 1/4 each and its herald result is 1,
 * otherwise the herald is 0; one herald result per target) on both qubits after every two-qubit
 * Clifford, each herald declared as a `DETECTOR` of its own so that decoders see it. The heralds
 * add results to the measurement record, so every later `rec[-k]` (detectors, observables,
 * classically controlled gates) is renumbered to point at the same measurement as before.
 *
 * Erasure-aware decoding then comes from the detector error model: each erasure case is an error
 * `herald ^ X-part ^ Z-part`, so the herald detector's boundary edge is correlated with the edges
 * of the Pauli it may have applied, and the correlated matcher (`mwpm-correlated`) gives those
 * edges their probability conditioned on the herald (1/2 for each part: weight 0).
 */
import { Circuit, measurementCount, type Instruction } from '../circuit/circuit.js';
import { isQubitTarget, recordTarget, TARGET_RECORD, TARGET_VALUE_MASK } from '../circuit/target.js';
import { GATE_FLAGS } from '../gates/gate.js';
import { gateByName } from '../gates/gate-data.js';

function gate(name: string): Instruction['gate'] {
  const g = gateByName(name);
  if (g === undefined) throw new Error(`internal: gate ${name} missing from the gate table`);
  return g;
}

/**
 * Returns a copy of the flat (REPEAT-free) circuit `c` with `HERALDED_ERASE(p)` after every
 * two-qubit Clifford on its qubits, a `DETECTOR` per herald, and every record lookback renumbered.
 * @throws Error when `c` still has REPEAT blocks (flatten it first).
 */
export function insertHeraldedErasure(c: Circuit, p: number): Circuit {
  const out = new Circuit();
  const erase = gate('HERALDED_ERASE');
  const detector = gate('DETECTOR');
  /** newIndex[m] = position in the new record of the original circuit's result m. */
  const newIndex: number[] = [];
  let newCount = 0;
  for (const item of c.items) {
    if (item.kind === 'repeat') throw new Error('internal: insertHeraldedErasure needs a flattened circuit');
    const t = item.targets;
    let targets = t;
    if (t.some((x) => (x & TARGET_RECORD) !== 0)) {
      const origCount = newIndex.length;
      targets = t.map((x) => {
        if ((x & TARGET_RECORD) === 0) return x;
        const m = origCount - (x & TARGET_VALUE_MASK);
        return m >= 0 ? recordTarget(newCount - newIndex[m]) : x;
      });
    }
    out.push(targets === t ? item : { ...item, targets });
    const n = measurementCount(item);
    for (let i = 0; i < n; i++) newIndex.push(newCount++);
    const f = item.gate.flags;
    const twoQubitClifford =
      (f & GATE_FLAGS.UNITARY) !== 0 &&
      (f & GATE_FLAGS.STABILIZER) !== 0 &&
      item.gate.arity === 2 &&
      t.length > 0 &&
      t.every(isQubitTarget);
    if (!twoQubitClifford || !(p > 0)) continue;
    out.push({ kind: 'instruction', gate: erase, args: [p], targets: t, tag: '' });
    newCount += t.length;
    for (let i = 0; i < t.length; i++)
      out.push({
        kind: 'instruction',
        gate: detector,
        args: [],
        targets: [recordTarget(t.length - i)],
        tag: '',
      });
  }
  return out;
}
