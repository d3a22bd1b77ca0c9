import { Circuit } from '../circuit/circuit.js';
import type { CircuitItem } from '../circuit/circuit.js';
import { TARGET_COMBINER, TARGET_RECORD, TARGET_SWEEP, TARGET_VALUE_MASK } from '../circuit/target.js';

/** A circuit renumbered onto the qubits it uses, and the original index of each new qubit. */
export interface CompactedCircuit {
  readonly circuit: Circuit;
  /** `originalQubit[k]` is the qubit index in the input circuit of qubit k of the compacted one. */
  readonly originalQubit: readonly number[];
}

function isQubitLike(t: number): boolean {
  return (t & (TARGET_RECORD | TARGET_SWEEP | TARGET_COMBINER)) === 0;
}

function collect(items: readonly CircuitItem[], used: Set<number>): void {
  for (const item of items) {
    if (item.kind === 'repeat') collect(item.body.items, used);
    else if (item.gate.name !== 'MPAD')
      for (const t of item.targets) if (isQubitLike(t)) used.add(t & TARGET_VALUE_MASK);
  }
}

function remap(items: readonly CircuitItem[], map: Map<number, number>): CircuitItem[] {
  return items.map((item): CircuitItem => {
    if (item.kind === 'repeat') return { ...item, body: new Circuit(remap(item.body.items, map)) };
    if (item.gate.name === 'MPAD') return item;
    const targets = item.targets.map((t) =>
      isQubitLike(t) ? (t & ~TARGET_VALUE_MASK) | (map.get(t & TARGET_VALUE_MASK) ?? 0) : t,
    );
    return { ...item, targets };
  });
}

/**
 * Renumbers the qubits of `circuit` densely (0, 1, 2, ... in increasing order of the original
 * indices), so exact simulators allocate 2^(used qubits) instead of 2^(largest index + 1): Stim's
 * generated surface codes, for example, use 17 of the indices 0..25. Measurement results, detectors
 * and observables are unchanged (they do not name qubits). MPAD targets (bit values, not qubits) are
 * left alone. Returns the input unchanged (same object) when it is already dense. O(circuit size);
 * does not mutate the input (REPEAT bodies are rebuilt, never unrolled).
 */
export function compactQubits(circuit: Circuit): CompactedCircuit {
  const used = new Set<number>();
  collect(circuit.items, used);
  const originalQubit = [...used].sort((a, b) => a - b);
  if (originalQubit.every((q, k) => q === k)) return { circuit, originalQubit };
  const map = new Map<number, number>();
  originalQubit.forEach((q, k) => map.set(q, k));
  return { circuit: new Circuit(remap(circuit.items, map)), originalQubit };
}
