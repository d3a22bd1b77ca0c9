import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  KRAUS_CHANNEL_NAMES,
  correlatedChainMixture,
  krausChannel,
  krausCompleteness,
  pauliPairMatrix,
  stimPairIndexToCode,
} from './channels.js';
import {
  matApproxEqual,
  matFromRows,
  matIdentity,
  matKron,
  matMul,
  matAdjoint,
  matAdd,
  matScale,
} from '../math/matrix.js';
import { UnsupportedError, ValidationError } from '../base/errors.js';
import { GATE_DATA } from './gate-data.js';
import { ARGS_ANY, GATE_FLAGS } from './gate.js';

function argCount(name: string): number {
  switch (name) {
    case 'PAULI_CHANNEL_1':
      return 3;
    case 'PAULI_CHANNEL_2':
      return 15;
    case 'HERALDED_PAULI_CHANNEL_1':
      return 4;
    case 'I_ERROR':
    case 'II_ERROR':
      return 0;
    default:
      return 1;
  }
}

/** Random probabilities with the given count and total ≤ 1. */
const probs = (n: number) =>
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n + 1, maxLength: n + 1 }).map((xs) => {
    const s = xs.reduce((a, b) => a + b, 0) || 1;
    return xs.slice(0, n).map((x) => x / s);
  });

function applyChannel(ops: readonly Float64Array[], rho: Float64Array): Float64Array {
  let out: Float64Array = new Float64Array(rho.length);
  for (const k of ops) out = matAdd(out, matMul(matMul(k, rho), matAdjoint(k)));
  return out;
}

describe('Kraus channels', () => {
  for (const name of KRAUS_CHANNEL_NAMES) {
    it(`${name}: Σ K†K = I for random arguments`, () => {
      fc.assert(
        fc.property(probs(argCount(name)), (args) => {
          const ch = krausChannel(name, args);
          const n = 1 << ch.numQubits;
          assert.ok(
            matApproxEqual(krausCompleteness(ch), matIdentity(n), 1e-12),
            `${name}(${args.join(',')})`,
          );
          if (ch.pauliMixture !== undefined) {
            const s = ch.pauliMixture.probabilities.reduce((a, b) => a + b, 0);
            assert.ok(Math.abs(s - 1) < 1e-12);
          }
        }),
        { seed: 7, numRuns: 50 },
      );
    });
  }

  it('edge probabilities 0 and 1 are trace preserving too', () => {
    for (const p of [0, 1])
      for (const name of [
        'X_ERROR',
        'DEPOLARIZE1',
        'DEPOLARIZE2',
        'AMPLITUDE_DAMP',
        'PHASE_DAMP',
        'HERALDED_ERASE',
      ]) {
        const ch = krausChannel(name, [p]);
        assert.ok(
          matApproxEqual(krausCompleteness(ch), matIdentity(1 << ch.numQubits), 1e-12),
          `${name}(${p})`,
        );
      }
  });

  it('DEPOLARIZE1(p) shrinks the Bloch vector by 1 − 4p/3; amplitude damping moves population', () => {
    const p = 0.3;
    const plus = matFromRows([
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
    const out = applyChannel(krausChannel('DEPOLARIZE1', [p]).ops, plus);
    assert.ok(Math.abs(out[2] - 0.5 * (1 - (4 * p) / 3)) < 1e-12);
    const one = matFromRows([
      [0, 0],
      [0, 1],
    ]);
    const g = 0.25;
    const damped = applyChannel(krausChannel('AMPLITUDE_DAMP', [g]).ops, one);
    assert.ok(Math.abs(damped[0] - g) < 1e-12 && Math.abs(damped[6] - (1 - g)) < 1e-12);
    const pd = applyChannel(krausChannel('PHASE_DAMP', [0.36]).ops, plus);
    assert.ok(Math.abs(pd[2] - 0.5 * 0.8) < 1e-12 && Math.abs(pd[0] - 0.5) < 1e-12);
  });

  it('PAULI_CHANNEL_2 argument order: the left letter acts on the first target', () => {
    // Argument 0 is IX: X on the second target, i.e. the high bit.
    const code = stimPairIndexToCode(1);
    const I = matIdentity(2);
    const X = matFromRows([
      [0, 1],
      [1, 0],
    ]);
    assert.ok(matApproxEqual(pauliPairMatrix(code), matKron(X, I)));
    // Argument 3 is XI: X on the first target (low bit).
    assert.ok(matApproxEqual(pauliPairMatrix(stimPairIndexToCode(4)), matKron(I, X)));
    const args = new Array<number>(15).fill(0);
    args[0] = 1;
    const ch = krausChannel('PAULI_CHANNEL_2', args);
    assert.equal(ch.ops.length, 1);
    assert.ok(matApproxEqual(ch.ops[0], matKron(X, I)));
  });

  it('heralded channels mark which operators raise the herald', () => {
    const ch = krausChannel('HERALDED_ERASE', [0.2]);
    assert.deepEqual(Array.from(ch.heralds ?? []), [0, 1, 1, 1, 1]);
    let heraldProb = 0;
    ch.pauliMixture!.probabilities.forEach((p, k) => (heraldProb += ch.heralds![k] * p));
    assert.ok(Math.abs(heraldProb - 0.2) < 1e-12);
    // The erased part is fully depolarising: any ρ maps to I/2 given the herald.
    const rho = matFromRows([
      [0.9, { re: 0.1, im: 0.2 }],
      [{ re: 0.1, im: -0.2 }, 0.1],
    ]);
    const erased = applyChannel(
      ch.ops.filter((_, k) => ch.heralds![k] === 1),
      rho,
    );
    assert.ok(matApproxEqual(matScale(erased, 1 / 0.2), matScale(matIdentity(2), 0.5), 1e-12));
  });

  it('correlated chains: weights of E/ELSE terms', () => {
    const w = correlatedChainMixture([
      { probability: 0.5, qubits: [0], paulis: [1] },
      { probability: 0.5, qubits: [1], paulis: [3] },
    ]);
    assert.deepEqual(Array.from(w), [0.5, 0.25, 0.25]);
  });

  it("covers every noise channel of the gate table, with the table's argument counts and arity", () => {
    for (const gate of GATE_DATA) {
      if ((gate.flags & GATE_FLAGS.NOISE) === 0) continue;
      if (gate.name === 'E' || gate.name === 'ELSE_CORRELATED_ERROR') continue; // chains, see correlatedChainMixture
      assert.ok(KRAUS_CHANNEL_NAMES.includes(gate.name), `${gate.name} has no Kraus operators`);
      const n = gate.argCount === ARGS_ANY ? argCount(gate.name) : gate.argCount;
      const ch = krausChannel(gate, new Array<number>(n).fill(0));
      assert.equal(ch.numQubits, Math.max(1, gate.arity), gate.name);
      assert.equal(ch.heralds !== undefined, (gate.flags & GATE_FLAGS.HERALDED) !== 0, gate.name);
    }
  });

  it('rejects bad input', () => {
    assert.throws(() => krausChannel('X_ERROR', [1.5]), ValidationError);
    assert.throws(() => krausChannel('PAULI_CHANNEL_1', [0.5, 0.5, 0.5]), ValidationError);
    assert.throws(() => krausChannel('DEPOLARIZE1', []), ValidationError);
    assert.throws(() => krausChannel('H', []), UnsupportedError);
  });
});
