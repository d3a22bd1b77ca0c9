import type { Circuit } from '../circuit/circuit.js';
import { targetValue } from '../circuit/target.js';

/**
 * The coordinates of each qubit as QUBIT_COORDS declares them (with SHIFT_COORDS applied, the
 * last declaration winning, as Stim's `get_final_qubit_coordinates`). Walks REPEAT bodies once
 * per repetition only when they declare qubit coordinates. Qubits never declared are absent.
 */
export function qubitCoordinates(circuit: Circuit): Map<number, readonly number[]> {
  const out = new Map<number, readonly number[]>();
  const shift: number[] = [];
  const declares = new Map<Circuit, boolean>();
  const has = (c: Circuit): boolean => {
    let v = declares.get(c);
    if (v === undefined) {
      v = c.items.some((it) =>
        it.kind === 'repeat'
          ? has(it.body)
          : it.gate.name === 'QUBIT_COORDS' || it.gate.name === 'SHIFT_COORDS',
      );
      declares.set(c, v);
    }
    return v;
  };
  const walk = (c: Circuit): void => {
    for (const it of c.items) {
      if (it.kind === 'repeat') {
        if (has(it.body)) for (let r = 0; r < it.repetitions; r++) walk(it.body);
      } else if (it.gate.name === 'SHIFT_COORDS') it.args.forEach((v, i) => (shift[i] = (shift[i] ?? 0) + v));
      else if (it.gate.name === 'QUBIT_COORDS') {
        const coords = it.args.map((v, i) => v + (shift[i] ?? 0));
        for (const t of it.targets) out.set(targetValue(t), coords);
      }
    }
  };
  walk(circuit);
  return out;
}
