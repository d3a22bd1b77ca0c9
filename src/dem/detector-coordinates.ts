import type { Circuit } from '../circuit/circuit.js';

/**
 * Coordinates (with SHIFT_COORDS applied) of the given absolute detector ids, for error messages.
 * Walks the circuit once, skipping whole REPEAT iterations that contain none of the ids.
 */
export function detectorCoordinates(circuit: Circuit, ids: readonly number[]): Map<number, number[]> {
  const want = new Set(ids);
  const out = new Map<number, number[]>();
  if (want.size === 0) return out;
  const counts = new Map<Circuit, { dets: number; shift: number[] }>();
  const summary = (c: Circuit): { dets: number; shift: number[] } => {
    let s = counts.get(c);
    if (s !== undefined) return s;
    s = { dets: 0, shift: [] };
    for (const it of c.items) {
      if (it.kind === 'repeat') {
        const b = summary(it.body);
        s.dets += b.dets * it.repetitions;
        b.shift.forEach((v, i) => (s.shift[i] = (s.shift[i] ?? 0) + v * it.repetitions));
      } else if (it.gate.name === 'DETECTOR') s.dets++;
      else if (it.gate.name === 'SHIFT_COORDS')
        it.args.forEach((v, i) => (s.shift[i] = (s.shift[i] ?? 0) + v));
    }
    counts.set(c, s);
    return s;
  };
  let next = 0;
  const shift: number[] = [];
  const walk = (c: Circuit): void => {
    for (const it of c.items) {
      if (out.size === want.size) return;
      if (it.kind === 'repeat') {
        const b = summary(it.body);
        for (let r = 0; r < it.repetitions; r++) {
          let any = false;
          for (const id of want) if (id >= next && id < next + b.dets) any = true;
          if (any) walk(it.body);
          else {
            next += b.dets;
            b.shift.forEach((v, i) => (shift[i] = (shift[i] ?? 0) + v));
          }
        }
      } else if (it.gate.name === 'DETECTOR') {
        if (want.has(next))
          out.set(
            next,
            it.args.map((v, i) => v + (shift[i] ?? 0)),
          );
        next++;
      } else if (it.gate.name === 'SHIFT_COORDS') it.args.forEach((v, i) => (shift[i] = (shift[i] ?? 0) + v));
    }
  };
  walk(circuit);
  return out;
}
