import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../base/errors.js';
import { Rng } from '../base/prng.js';
import { parseCircuit } from '../circuit/parser.js';
import { flattenDem } from './flatten.js';
import { shortestLogicalError } from './shortest-error.js';

// stim gen --code repetition_code --task memory --distance 3 --rounds 4 --after_clifford_depolarization 0.001
//   --before_measure_flip_probability 0.002 --after_reset_flip_probability 0.003
const REP3 = `# Generated repetition_code circuit.
# task: memory
# rounds: 4
# distance: 3
# before_round_data_depolarization: 0
# before_measure_flip_probability: 0.002
# after_reset_flip_probability: 0.003
# after_clifford_depolarization: 0.001
# layout:
# L0 Z1 d2 Z3 d4
# Legend:
#     d# = data qubit
#     L# = data qubit with logical observable crossing
#     Z# = measurement qubit
R 0 1 2 3 4
X_ERROR(0.003) 0 1 2 3 4
TICK
CX 0 1 2 3
DEPOLARIZE2(0.001) 0 1 2 3
TICK
CX 2 1 4 3
DEPOLARIZE2(0.001) 2 1 4 3
TICK
X_ERROR(0.002) 1 3
MR 1 3
X_ERROR(0.003) 1 3
DETECTOR(1, 0) rec[-2]
DETECTOR(3, 0) rec[-1]
REPEAT 3 {
    TICK
    CX 0 1 2 3
    DEPOLARIZE2(0.001) 0 1 2 3
    TICK
    CX 2 1 4 3
    DEPOLARIZE2(0.001) 2 1 4 3
    TICK
    X_ERROR(0.002) 1 3
    MR 1 3
    X_ERROR(0.003) 1 3
    SHIFT_COORDS(0, 1)
    DETECTOR(1, 0) rec[-2] rec[-4]
    DETECTOR(3, 0) rec[-1] rec[-3]
}
X_ERROR(0.002) 0 2 4
M 0 2 4
DETECTOR(1, 1) rec[-2] rec[-3] rec[-5]
DETECTOR(3, 1) rec[-1] rec[-2] rec[-4]
OBSERVABLE_INCLUDE(0) rec[-1]`;

/** Symptoms of a model's mechanisms as sorted strings, and their XOR. */
function mechanisms(r: ReturnType<typeof shortestLogicalError>) {
  const flat = flattenDem(r.dem);
  const xor = new Map<string, number>();
  for (const e of flat.errors)
    for (const t of [...e.detectors.map((d) => `D${d}`), ...e.observables.map((o) => `L${o}`)])
      xor.set(t, (xor.get(t) ?? 0) ^ 1);
  return {
    terms: flat.errors
      .map((e) => [...e.detectors.map((d) => `D${d}`), ...e.observables.map((o) => `L${o}`)].join(' '))
      .sort(),
    flipped: [...xor].filter(([, v]) => v === 1).map(([k]) => k),
  };
}

describe('shortestLogicalError', () => {
  it('graphlike: the edges Stim 1.16 finds (dem.shortest_graphlike_error: D0, D0 D1, D1 L0), each explained by circuit errors', () => {
    const r = shortestLogicalError(parseCircuit(REP3), { single: true });
    assert.equal(r.weight, 3);
    assert.equal(r.exact, true);
    const m = mechanisms(r);
    assert.deepEqual(m.terms, ['D0', 'D0 D1', 'D1 L0']);
    assert.deepEqual(m.flipped, ['L0'], 'the mechanisms together flip the observable and no detector');
    assert.equal(r.explained.length, 3);
    for (const { error, component } of r.explained) {
      assert.equal(component, false);
      assert.equal(error.locations.length, 1);
    }
  });

  it('hyperedge: the exhaustive search proves weight 3 on the undecomposed model', () => {
    const r = shortestLogicalError(parseCircuit(REP3), { method: 'hyperedge', rng: new Rng(1) });
    assert.equal(r.weight, 3);
    assert.equal(r.lowerBound, 3);
    assert.equal(r.exact, true);
    assert.deepEqual(mechanisms(r).flipped, ['L0']);
    assert.ok(r.explained.every((x) => x.error.locations.length > 0));
  });

  it('says so when there is no logical error', () => {
    assert.throws(
      () => shortestLogicalError(parseCircuit('R 0\nX_ERROR(0.1) 0\nM 0\nDETECTOR rec[-1]')),
      (e: unknown) => e instanceof ValidationError && /no graphlike logical error/.test(e.message),
    );
  });
});
