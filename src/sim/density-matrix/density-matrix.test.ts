import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LimitError, UnsupportedError } from '../../base/errors.js';
import { Rng } from '../../base/prng.js';
import { parseCircuit } from '../../circuit/parser.js';
import { StateVector } from '../state-vector/state-vector.js';
import { DensityMatrix, densityMatrixBytes } from './density-matrix.js';
import { DensityMatrixSimulator } from './density-matrix-simulator.js';
import type { DensityMatrixMode } from './density-matrix-simulator.js';

function run(text: string, mode: DensityMatrixMode = 'exact', seed = 1, n?: number): DensityMatrixSimulator {
  const c = parseCircuit(text);
  return new DensityMatrixSimulator(n ?? Math.max(1, c.numQubits), new Rng(seed), { mode }).run(c);
}
const near = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol;

describe('DensityMatrix', () => {
  it('fromStateVector gives a pure state with matching expectations', () => {
    const rng = new Rng(4);
    const psi = new StateVector(3);
    for (let k = 0; k < psi.data.length; k++) psi.data[k] = rng.nextGaussian();
    psi.normalize();
    const rho = DensityMatrix.fromStateVector(psi);
    assert.ok(near(rho.trace(), 1) && near(rho.purity(), 1));
    for (const p of ['XYZ', '-Z_X', 'YY_', '__Y']) assert.ok(near(rho.expectation(p), psi.expectation(p)), p);
    const red = rho.reducedDensityMatrix([2, 0]);
    const want = psi.reducedDensityMatrix([2, 0]);
    for (let k = 0; k < red.length; k++) assert.ok(near(red[k], want[k]));
    const b1 = rho.blochVector(1);
    const b2 = psi.blochVector(1);
    b1.forEach((x, i) => assert.ok(near(x, b2[i])));
  });

  it('limits: 13 qubits by default; 14 and 40 refused with the memory needed', () => {
    assert.throws(
      () => new DensityMatrix(14),
      (e: unknown) => e instanceof LimitError && /4(\.00)? GiB/.test(e.message),
    );
    assert.throws(
      () => new DensityMatrix(40),
      (e: unknown) => e instanceof LimitError && e.details.bytesNeeded === densityMatrixBytes(40),
    );
    assert.throws(() => new DensityMatrix(5, { maxQubits: 4 }), LimitError);
  });
});

describe('DensityMatrixSimulator: exact channels', () => {
  it('DEPOLARIZE1(p) shrinks the Bloch vector by exactly 1 − 4p/3', () => {
    for (const p of [0, 0.1, 0.3, 0.75]) {
      const sim = run(`H 0\nS 0\nDEPOLARIZE1(${p}) 0`);
      const b = sim.state.blochVector(0);
      assert.ok(near(b[0], 0) && near(b[1], 1 - (4 * p) / 3) && near(b[2], 0), `p=${p}: ${b.join(',')}`);
    }
    assert.ok(near(run('DEPOLARIZE1(0.75) 0').purity(), 0.5));
  });

  it('DEPOLARIZE2(p): ⟨ZZ⟩ of |00⟩ shrinks by 1 − 16p/15', () => {
    const p = 0.3;
    assert.ok(near(run(`DEPOLARIZE2(${p}) 0 1`).expectation('ZZ'), 1 - (16 * p) / 15));
    assert.ok(near(run(`DEPOLARIZE2(${p}) 0 1`).expectation('Z_'), 1 - (16 * p) / 15)); // 8 of 15 anticommute
  });

  it('amplitude damping: exact populations and coherences; phase damping', () => {
    const g = 0.3;
    const pops = run(`X 0\nAMPLITUDE_DAMP(${g}) 0`).probabilities();
    assert.ok(near(pops[0], g) && near(pops[1], 1 - g));
    const twice = run(`X 0\nAMPLITUDE_DAMP(${g}) 0\nAMPLITUDE_DAMP(${g}) 0`).probabilities();
    assert.ok(near(twice[1], (1 - g) ** 2));
    const plus = run(`H 0\nAMPLITUDE_DAMP(${g}) 0`);
    assert.ok(near(plus.expectation('X'), Math.sqrt(1 - g)) && near(plus.expectation('Z'), g));
    assert.ok(near(run('H 0\nPHASE_DAMP(0.36) 0').expectation('X'), 0.8));
    // Damping qubit 1 of a Bell pair leaves qubit 0's populations untouched.
    const bell = run(`H 0\nCX 0 1\nAMPLITUDE_DAMP(${g}) 1`);
    const p = bell.probabilities();
    assert.ok(near(p[0], 0.5) && near(p[1], 0.5 * g) && near(p[3], 0.5 * (1 - g)) && near(p[2], 0));
  });

  it('Pauli channels and correlated chains give exact populations', () => {
    const p = run('PAULI_CHANNEL_1(0.1, 0.2, 0.3) 0').probabilities();
    assert.ok(near(p[1], 0.3));
    const chain = run('E(0.5) X0\nELSE_CORRELATED_ERROR(0.5) X1 Y2\n').probabilities();
    assert.ok(near(chain[1], 0.5) && near(chain[6], 0.25) && near(chain[0], 0.25));
    const pc2 = run('PAULI_CHANNEL_2(0,0,0, 0.1,0,0,0, 0,0,0,0, 0,0,0,0.2) 0 1').probabilities();
    // XI (X on the first target) → index 1 with 0.1; ZZ does nothing to |00⟩.
    assert.ok(near(pc2[1], 0.1) && near(pc2[0], 0.9));
  });
});

describe('DensityMatrixSimulator: measurements', () => {
  it('exact mode dephases and records exact result probabilities', () => {
    const sim = run('H 0\nM 0');
    assert.ok(near(sim.measurementProbabilities()[0], 0.5));
    assert.ok(near(sim.purity(), 0.5) && near(sim.expectation('X'), 0));
    const flips = run('X_ERROR(0.1) 0\nM(0.2) !0').measurementProbabilities();
    assert.ok(near(flips[0], 1 - (0.1 * 0.8 + 0.9 * 0.2)));
    const mr = run('H 0\nMR 0\nM 0');
    assert.ok(near(mr.measurementProbabilities()[0], 0.5) && near(mr.measurementProbabilities()[1], 0));
    assert.ok(near(run('HERALDED_ERASE(0.3) 0').measurementProbabilities()[0], 0.3));
    const mpp = run('H 0\nCX 0 1\nX_ERROR(0.1) 1\nMPP X0*X1 Z0*Z1').measurementProbabilities();
    assert.ok(near(mpp[0], 0) && near(mpp[1], 0.1));
    assert.throws(() => run('M 0\nCX rec[-1] 1', 'exact', 1, 2), UnsupportedError);
  });

  it('sample mode collapses, supports classical control and matches the exact probabilities (5σ)', () => {
    for (let seed = 0; seed < 8; seed++) {
      const sim = run('H 0\nCX 0 1\nM 0\nCX rec[-1] 1\nM 1', 'sample', seed);
      assert.equal(sim.measurementRecord[1], 0);
      assert.ok(near(sim.purity(), 1));
    }
    const text =
      'H 0\nT 0\nH 0\nAMPLITUDE_DAMP(0.2) 0\nCX 0 1\nDEPOLARIZE1(0.1) 1\nM 0 1\nDETECTOR rec[-1] rec[-2]';
    const exact = run(text).measurementProbabilities();
    const shots = 1500;
    const counts = [0, 0];
    let det = 0;
    const sim = new DensityMatrixSimulator(2, new Rng(8), { mode: 'sample' });
    const c = parseCircuit(text);
    for (let s = 0; s < shots; s++) {
      sim.reset();
      sim.run(c);
      counts[0] += sim.measurementRecord[0];
      counts[1] += sim.measurementRecord[1];
      det += sim.detectors[0];
    }
    for (let k = 0; k < 2; k++) {
      const p = exact[k];
      assert.ok(Math.abs(counts[k] / shots - p) <= 5 * Math.sqrt((p * (1 - p)) / shots), `result ${k}`);
    }
    // The detector fires when DEPOLARIZE1 flipped qubit 1 in Z (X or Y): probability 2p/3.
    const pd = (2 * 0.1) / 3;
    assert.ok(Math.abs(det / shots - pd) <= 5 * Math.sqrt((pd * (1 - pd)) / shots));
  });

  it('heralded erasure in sample mode: herald 1 leaves a maximally mixed qubit', () => {
    let heralds = 0;
    const shots = 400;
    for (let seed = 0; seed < shots; seed++) {
      const sim = run('HERALDED_ERASE(0.3) 0', 'sample', seed);
      const h = sim.measurementRecord[0];
      heralds += h;
      assert.ok(near(sim.purity(), h === 1 ? 0.5 : 1), `herald ${h}`);
    }
    assert.ok(Math.abs(heralds / shots - 0.3) <= 5 * Math.sqrt((0.3 * 0.7) / shots));
  });
});
