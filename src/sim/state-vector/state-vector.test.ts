import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LimitError, ValidationError } from '../../base/errors.js';
import { Rng } from '../../base/prng.js';
import { hermitianEigenvalues, matApproxEqual, matFromRows, matKron, matTrace } from '../../math/matrix.js';
import { applyCX, applyH } from './kernels.js';
import {
  DEFAULT_MAX_STATE_VECTOR_QUBITS,
  StateVector,
  checkStateVectorSize,
  stateVectorBytes,
} from './state-vector.js';

function ghz(n: number): StateVector {
  const s = new StateVector(n);
  applyH(s.data, n, 0);
  for (let q = 1; q < n; q++) applyCX(s.data, n, 0, q);
  return s;
}

function randomState(n: number, seed: number): StateVector {
  const rng = new Rng(seed);
  const s = new StateVector(n);
  for (let k = 0; k < s.data.length; k++) s.data[k] = rng.nextGaussian();
  s.normalize();
  return s;
}

describe('StateVector', () => {
  it('Bell pair amplitudes, probabilities and correlations', () => {
    const s = ghz(2);
    const h = Math.SQRT1_2;
    assert.ok(Math.abs(s.amplitude(0).re - h) < 1e-15 && Math.abs(s.amplitude(3).re - h) < 1e-15);
    assert.deepEqual(
      Array.from(s.probabilities()).map((p) => Math.round(p * 1e12) / 1e12),
      [0.5, 0, 0, 0.5],
    );
    assert.ok(Math.abs(s.expectation('ZZ') - 1) < 1e-12);
    assert.ok(Math.abs(s.expectation('XX') - 1) < 1e-12);
    assert.ok(Math.abs(s.expectation('YY') + 1) < 1e-12);
    assert.ok(Math.abs(s.expectation('-YY') - 1) < 1e-12);
    assert.ok(Math.abs(s.expectation('+X0*X1') - 1) < 1e-12);
    assert.ok(Math.abs(s.expectation('ZI')) < 1e-12);
    assert.ok(Math.abs(s.expectation('Z_')) < 1e-12);
  });

  it('entanglement entropy: Bell and GHZ cuts are 1 bit, product states 0', () => {
    assert.ok(Math.abs(ghz(2).entanglementEntropy([0]) - 1) < 1e-9);
    const g = ghz(5);
    for (const cut of [[0], [1, 2], [0, 3, 4], [4]])
      assert.ok(Math.abs(g.entanglementEntropy(cut) - 1) < 1e-9, cut.join(','));
    const p = new StateVector(4);
    for (let q = 0; q < 4; q++) applyH(p.data, 4, q);
    assert.ok(Math.abs(p.entanglementEntropy([0, 1])) < 1e-9);
    assert.equal(p.entanglementEntropy([]), 0);
    assert.equal(p.entanglementEntropy([0, 1, 2, 3]), 0);
  });

  it('entropy of a random state equals the complement side and matches the eigenvalues of ρ_A', () => {
    const s = randomState(6, 4);
    const a = s.entanglementEntropy([0, 2]);
    const b = s.entanglementEntropy([1, 3, 4, 5]);
    assert.ok(Math.abs(a - b) < 1e-9);
    assert.ok(a > 0.5 && a <= 2);
    const ev = hermitianEigenvalues(s.reducedDensityMatrix([1, 3, 4, 5]));
    let h = 0;
    for (const l of ev) if (l > 1e-14) h -= l * Math.log2(l);
    assert.ok(Math.abs(h - a) < 1e-9);
  });

  it('reduced density matrix of a product state is the Kronecker product, with the given qubit order', () => {
    // qubit 0 in |+>, qubit 1 in |1>, qubit 2 in |0>.
    const s = new StateVector(3);
    applyH(s.data, 3, 0);
    s.apply1(
      1,
      matFromRows([
        [0, 1],
        [1, 0],
      ]),
    );
    const plus = matFromRows([
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
    const one = matFromRows([
      [0, 0],
      [0, 1],
    ]);
    // Bit 0 of the reduced index is qubits[0] = 1 (|1>), bit 1 is qubit 0 (|+>): kron(plus, one).
    assert.ok(matApproxEqual(s.reducedDensityMatrix([1, 0]), matKron(plus, one), 1e-12));
    assert.ok(Math.abs(matTrace(s.reducedDensityMatrix([2])).re - 1) < 1e-12);
  });

  it('Bloch vectors of |0>, |+>, |i> and of an entangled qubit', () => {
    const s = new StateVector(3);
    applyH(s.data, 3, 1);
    applyH(s.data, 3, 2);
    s.applyPhase(2, Math.PI / 2); // S|+> = |i>
    const close = (a: number[], b: number[]) => a.every((x, i) => Math.abs(x - b[i]) < 1e-12);
    assert.ok(close(s.blochVector(0), [0, 0, 1]));
    assert.ok(close(s.blochVector(1), [1, 0, 0]));
    assert.ok(close(s.blochVector(2), [0, 1, 0]));
    assert.ok(close(ghz(2).blochVector(1), [0, 0, 0]));
  });

  it('expectation values agree with dense ⟨ψ|P|ψ⟩ on random states', () => {
    const s = randomState(3, 8);
    // P = X on qubit 0, Y on qubit 2: dense operator kron(Y, I, X).
    const X = matFromRows([
      [0, 1],
      [1, 0],
    ]);
    const Y = matFromRows([
      [0, { re: 0, im: -1 }],
      [{ re: 0, im: 1 }, 0],
    ]);
    const I = matFromRows([
      [1, 0],
      [0, 1],
    ]);
    const P = matKron(Y, matKron(I, X));
    let re = 0;
    const v = s.data;
    for (let i = 0; i < 8; i++)
      for (let j = 0; j < 8; j++) {
        // conj(v_i) P_ij v_j, real part
        const pr = P[2 * (i * 8 + j)];
        const pi = P[2 * (i * 8 + j) + 1];
        const wr = pr * v[2 * j] - pi * v[2 * j + 1];
        const wi = pr * v[2 * j + 1] + pi * v[2 * j];
        re += v[2 * i] * wr + v[2 * i + 1] * wi;
      }
    assert.ok(Math.abs(s.expectation('X_Y') - re) < 1e-12);
    assert.ok(Math.abs(s.expectation('Y2*X0') - re) < 1e-12);
    assert.throws(() => s.expectation('iXZ'), ValidationError);
    assert.throws(() => s.expectation('IIIZ'), ValidationError);
  });

  it('measurement collapses: GHZ measured on qubit 0 leaves |000> or |111>', () => {
    for (const u of [0.1, 0.9]) {
      const s = ghz(3);
      const bit = s.measureZ(0, u);
      assert.equal(bit, u < 0.5 ? 1 : 0);
      const probs = s.probabilities();
      assert.ok(Math.abs(probs[bit ? 7 : 0] - 1) < 1e-12);
      assert.ok(Math.abs(s.norm2() - 1) < 1e-12);
      assert.equal(s.entanglementEntropy([1]), 0);
    }
  });

  it('entanglement entropy refuses cuts whose smaller side exceeds the limit', () => {
    const s = new StateVector(20);
    const ten = Array.from({ length: 10 }, (_, q) => q);
    assert.throws(
      () => s.entanglementEntropy(ten),
      (e: unknown) => e instanceof LimitError && /limit is 9/.test(e.message),
    );
    assert.equal(s.entanglementEntropy(ten.slice(0, 3)), 0);
    assert.equal(s.entanglementEntropy(Array.from({ length: 17 }, (_, q) => q)), 0); // complement has 3 qubits
  });

  it('refuses 40 qubits with a LimitError naming the memory, before allocating', () => {
    const before = process.memoryUsage().arrayBuffers;
    let err: unknown;
    try {
      new StateVector(40);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof LimitError);
    assert.match(err.message, /40 qubits needs 16(\.0)? TiB/);
    assert.equal(err.details.bytesNeeded, stateVectorBytes(40));
    assert.ok(process.memoryUsage().arrayBuffers - before < 1 << 20);
    assert.throws(() => checkStateVectorSize(DEFAULT_MAX_STATE_VECTOR_QUBITS + 1), LimitError);
    assert.throws(() => new StateVector(12, { maxQubits: 10 }), /limit is 10 qubits/);
    assert.throws(() => checkStateVectorSize(31, 40), LimitError);
    assert.throws(() => new StateVector(-1), ValidationError);
  });
});
