import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  hermitianEigenvalues,
  matAdd,
  matAdjoint,
  matApply,
  matApproxEqual,
  matApproxEqualUpToPhase,
  matDim,
  matFromRows,
  matIdentity,
  matIsHermitian,
  matIsUnitary,
  matKron,
  matMul,
  matScale,
  matTrace,
  vonNeumannEntropyBits,
} from './matrix.js';
import { complex, formatComplex } from './complex.js';
import { Rng } from '../base/prng.js';

const X = matFromRows([
  [0, 1],
  [1, 0],
]);
const Z = matFromRows([
  [1, 0],
  [0, -1],
]);
const Y = matFromRows([
  [0, complex(0, -1)],
  [complex(0, 1), 0],
]);

function randomMatrix(n: number, rng: Rng): Float64Array {
  const m = new Float64Array(2 * n * n);
  for (let k = 0; k < m.length; k++) m[k] = rng.nextGaussian();
  return m;
}
function randomHermitian(n: number, rng: Rng): Float64Array {
  const a = randomMatrix(n, rng);
  return matScale(matAdd(a, matAdjoint(a)), 0.5);
}

describe('complex', () => {
  it('formats', () => {
    assert.equal(formatComplex(complex(0.70710678, 0)), '0.7071');
    assert.equal(formatComplex(complex(0, -0.5)), '-0.5i');
    assert.equal(formatComplex(complex(0.5, 0.5)), '0.5+0.5i');
  });
});

describe('matrix', () => {
  it('Pauli algebra: XY = iZ, X² = I, kron dimensions and ordering', () => {
    assert.ok(matApproxEqual(matMul(X, Y), matScale(Z, complex(0, 1))));
    assert.ok(matApproxEqual(matMul(X, X), matIdentity(2)));
    const XZ = matKron(X, Z); // X on the high qubit, Z on the low one
    assert.equal(matDim(XZ), 4);
    // |b1 b0> = |0 1> (index 1): Z gives -1, X flips b1 -> index 3.
    const v = new Float64Array(8);
    v[2] = 1;
    const w = matApply(XZ, v);
    assert.deepEqual(Array.from(w), [0, 0, 0, 0, 0, 0, -1, 0]);
    assert.deepEqual(matTrace(matKron(Z, Z)), { re: 0, im: 0 });
    assert.deepEqual(matTrace(matIdentity(5)), { re: 5, im: 0 });
  });

  it('adjoint reverses products; unitary/Hermitian predicates', () => {
    const rng = new Rng(5);
    const a = randomMatrix(3, rng);
    const b = randomMatrix(3, rng);
    assert.ok(matApproxEqual(matAdjoint(matMul(a, b)), matMul(matAdjoint(b), matAdjoint(a)), 1e-12));
    assert.ok(matIsUnitary(Y));
    assert.ok(!matIsUnitary(a));
    assert.ok(matIsHermitian(randomHermitian(4, rng)));
    assert.ok(matApproxEqualUpToPhase(matScale(X, complex(0, 1)), X));
    assert.ok(!matApproxEqualUpToPhase(Z, X));
  });

  it('Jacobi eigenvalues: known cases', () => {
    assert.deepEqual(
      Array.from(hermitianEigenvalues(Y)).map((x) => Math.round(x * 1e12) / 1e12),
      [-1, 1],
    );
    // Bell-state density matrix |Φ+><Φ+| has eigenvalues 0,0,0,1.
    const bell = matFromRows([
      [0.5, 0, 0, 0.5],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0.5, 0, 0, 0.5],
    ]);
    const ev = hermitianEigenvalues(bell);
    assert.ok(Math.abs(ev[3] - 1) < 1e-12 && Math.abs(ev[0]) < 1e-12);
    assert.equal(vonNeumannEntropyBits(new Float64Array([0.5, 0.5])), 1);
    assert.equal(vonNeumannEntropyBits(new Float64Array([0, 1])), 0);
  });

  it('Jacobi eigenvalues match traces of powers of random Hermitian matrices', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 1 << 30 }), (n, seed) => {
        const a = randomHermitian(n, new Rng(seed));
        const ev = hermitianEigenvalues(a);
        let p = a;
        for (let power = 1; power <= 3; power++) {
          let s = 0;
          for (const l of ev) s += l ** power;
          const t = matTrace(p);
          assert.ok(Math.abs(t.re - s) < 1e-8 * (1 + Math.abs(s)), `n=${n} seed=${seed} power=${power}`);
          p = matMul(p, a);
        }
        for (let i = 1; i < n; i++) assert.ok(ev[i - 1] <= ev[i]);
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('Jacobi eigenvalues of U·diag(λ)·U† recover λ (degenerate spectrum too)', () => {
    const rng = new Rng(9);
    const n = 6;
    // Random unitary from Gram-Schmidt of a random matrix: columns orthonormalised.
    const a = randomMatrix(n, rng);
    const u = new Float64Array(a.length);
    for (let c = 0; c < n; c++) {
      const col = new Float64Array(2 * n);
      for (let r = 0; r < n; r++) {
        col[2 * r] = a[2 * (r * n + c)];
        col[2 * r + 1] = a[2 * (r * n + c) + 1];
      }
      for (let d = 0; d < c; d++) {
        let pr = 0;
        let pi = 0;
        for (let r = 0; r < n; r++) {
          const ur = u[2 * (r * n + d)];
          const ui = u[2 * (r * n + d) + 1];
          pr += ur * col[2 * r] + ui * col[2 * r + 1];
          pi += ur * col[2 * r + 1] - ui * col[2 * r];
        }
        for (let r = 0; r < n; r++) {
          const ur = u[2 * (r * n + d)];
          const ui = u[2 * (r * n + d) + 1];
          col[2 * r] -= pr * ur - pi * ui;
          col[2 * r + 1] -= pr * ui + pi * ur;
        }
      }
      let norm = 0;
      for (const x of col) norm += x * x;
      norm = Math.sqrt(norm);
      for (let r = 0; r < n; r++) {
        u[2 * (r * n + c)] = col[2 * r] / norm;
        u[2 * (r * n + c) + 1] = col[2 * r + 1] / norm;
      }
    }
    assert.ok(matIsUnitary(u, 1e-10));
    const lambda = [0.1, 0.1, 0.2, 0.25, 0.35, 0];
    const d = new Float64Array(2 * n * n);
    lambda.forEach((l, i) => (d[2 * (i * n + i)] = l));
    const ev = hermitianEigenvalues(matMul(matMul(u, d), matAdjoint(u)));
    const want = [...lambda].sort((x, y) => x - y);
    want.forEach((l, i) => assert.ok(Math.abs(ev[i] - l) < 1e-12, `${ev[i]} vs ${l}`));
  });
});
