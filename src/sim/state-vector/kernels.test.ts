import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../../base/prng.js';
import { matApply, matFromRows } from '../../math/matrix.js';
import {
  apply1,
  apply2,
  applyCX,
  applyCZ,
  applyDiag1,
  applyH,
  applyMatrix,
  applySwap,
  applyX,
  applyY,
  applyZ,
  parityProbability,
  phaseParity,
  projectParity,
} from './kernels.js';

function randomState(n: number, rng: Rng): Float64Array {
  const v = new Float64Array(2 << n);
  let s = 0;
  for (let k = 0; k < v.length; k++) {
    v[k] = rng.nextGaussian();
    s += v[k] * v[k];
  }
  for (let k = 0; k < v.length; k++) v[k] /= Math.sqrt(s);
  return v;
}
function randomMatrix(d: number, rng: Rng): Float64Array {
  const m = new Float64Array(2 * d * d);
  for (let k = 0; k < m.length; k++) m[k] = rng.nextGaussian();
  return m;
}

/** The full 2^n × 2^n operator of `m` on `targets`, built entry by entry (independent of the kernels). */
function fullOperator(n: number, targets: readonly number[], m: Float64Array): Float64Array {
  const N = 1 << n;
  const d = 1 << targets.length;
  let tmask = 0;
  for (const t of targets) tmask |= 1 << t;
  const sub = (i: number) => targets.reduce((acc, t, j) => acc | (((i >> t) & 1) << j), 0);
  const out = new Float64Array(2 * N * N);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) {
      if ((i & ~tmask) !== (j & ~tmask)) continue;
      const a = sub(i);
      const b = sub(j);
      out[2 * (i * N + j)] = m[2 * (a * d + b)];
      out[2 * (i * N + j) + 1] = m[2 * (a * d + b) + 1];
    }
  return out;
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

const distinctTargets = (n: number, k: number) =>
  fc.shuffledSubarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: k, maxLength: k },
  );

describe('state-vector kernels vs dense operators', () => {
  it('apply1 / apply2 / applyMatrix (k = 3, 4) on random states, targets and matrices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 6 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.integer({ min: 1, max: 4 }).chain((k) => distinctTargets(n, k)),
          ),
        ),
        fc.integer({ min: 0, max: 1 << 30 }),
        ([n, targets], seed) => {
          const rng = new Rng(seed);
          const v = randomState(n, rng);
          const m = randomMatrix(1 << targets.length, rng);
          const want = matApply(fullOperator(n, targets, m), v);
          const got = Float64Array.from(v);
          if (targets.length === 1) apply1(got, n, targets[0], m);
          else if (targets.length === 2) apply2(got, n, targets[0], targets[1], m);
          else applyMatrix(got, n, targets, m);
          assert.ok(maxDiff(got, want) < 1e-12, `n=${n} targets=${targets.join(',')} seed=${seed}`);
          const got2 = Float64Array.from(v);
          applyMatrix(got2, n, targets, m);
          assert.ok(maxDiff(got2, want) < 1e-12);
        },
      ),
      { seed: 1, numRuns: 150 },
    );
  });

  it('specialised kernels equal their matrices', () => {
    const s = Math.SQRT1_2;
    const I = { re: 0, im: 1 };
    const mI = { re: 0, im: -1 };
    const mats = {
      X: matFromRows([
        [0, 1],
        [1, 0],
      ]),
      Y: matFromRows([
        [0, mI],
        [I, 0],
      ]),
      Z: matFromRows([
        [1, 0],
        [0, -1],
      ]),
      H: matFromRows([
        [s, s],
        [s, -s],
      ]),
      D: matFromRows([
        [{ re: 0.6, im: 0.8 }, 0],
        [0, { re: s, im: -s }],
      ]),
      CX: matFromRows([
        [1, 0, 0, 0],
        [0, 0, 0, 1],
        [0, 0, 1, 0],
        [0, 1, 0, 0],
      ]),
      CZ: matFromRows([
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, -1],
      ]),
      SWAP: matFromRows([
        [1, 0, 0, 0],
        [0, 0, 1, 0],
        [0, 1, 0, 0],
        [0, 0, 0, 1],
      ]),
    };
    const n = 5;
    const rng = new Rng(3);
    for (let q = 0; q < n; q++) {
      for (const [name, fn] of [
        ['X', applyX],
        ['Y', applyY],
        ['Z', applyZ],
        ['H', applyH],
      ] as const) {
        const v = randomState(n, rng);
        const want = matApply(fullOperator(n, [q], mats[name]), v);
        fn(v, n, q);
        assert.ok(maxDiff(v, want) < 1e-12, `${name} on ${q}`);
      }
      const v = randomState(n, rng);
      const want = matApply(fullOperator(n, [q], mats.D), v);
      applyDiag1(v, n, q, 0.6, 0.8, s, -s);
      assert.ok(maxDiff(v, want) < 1e-12, `diag on ${q}`);
      for (let r = 0; r < n; r++) {
        if (r === q) continue;
        for (const [name, fn] of [
          ['CX', applyCX],
          ['CZ', applyCZ],
          ['SWAP', applySwap],
        ] as const) {
          const w = randomState(n, rng);
          const wantW = matApply(fullOperator(n, [q, r], mats[name]), w);
          fn(w, n, q, r);
          assert.ok(maxDiff(w, wantW) < 1e-12, `${name} ${q} ${r}`);
        }
      }
    }
  });

  it('projection onto each parity of every mask matches brute force', () => {
    const n = 4;
    const v = randomState(n, new Rng(12));
    for (let mask = 1; mask < 16; mask++)
      for (const parity of [0, 1]) {
        const w = Float64Array.from(v);
        projectParity(w, n, mask, parity, 2);
        for (let i = 0; i < 16; i++) {
          let bits = i & mask;
          let par = 0;
          while (bits !== 0) {
            par ^= bits & 1;
            bits >>= 1;
          }
          const f = par === parity ? 2 : 0;
          assert.ok(w[2 * i] === f * v[2 * i]);
          assert.ok(w[2 * i + 1] === f * v[2 * i + 1]); // === so that 0 and -0 compare equal
        }
        const p = parityProbability(v, n, mask);
        let want = 0;
        for (let i = 0; i < 16; i++) {
          let bits = i & mask;
          let par = 0;
          while (bits !== 0) {
            par ^= bits & 1;
            bits >>= 1;
          }
          if (par === 1) want += v[2 * i] ** 2 + v[2 * i + 1] ** 2;
        }
        assert.ok(Math.abs(p - want) < 1e-14);
      }
  });

  it('parity probability, projection and parity phase', () => {
    const n = 4;
    const rng = new Rng(11);
    const v = randomState(n, rng);
    const mask = 0b1010;
    let p1 = 0;
    for (let i = 0; i < 16; i++) {
      const par = ((i >> 1) ^ (i >> 3)) & 1;
      if (par === 1) p1 += v[2 * i] ** 2 + v[2 * i + 1] ** 2;
    }
    assert.ok(Math.abs(parityProbability(v, n, mask) - p1) < 1e-14);
    assert.ok(
      Math.abs(
        parityProbability(v, n, 0b100) -
          [4, 5, 6, 7, 12, 13, 14, 15].reduce((a, i) => a + v[2 * i] ** 2 + v[2 * i + 1] ** 2, 0),
      ) < 1e-14,
    );
    const w = Float64Array.from(v);
    projectParity(w, n, mask, 1, 1 / Math.sqrt(p1));
    let norm = 0;
    for (const x of w) norm += x * x;
    assert.ok(Math.abs(norm - 1) < 1e-12);
    assert.ok(Math.abs(parityProbability(w, n, mask) - norm) < 1e-14);
    const u = Float64Array.from(v);
    phaseParity(u, n, mask, 1, 0, 1);
    for (let i = 0; i < 16; i++) {
      const par = ((i >> 1) ^ (i >> 3)) & 1;
      const wantRe = par ? -v[2 * i + 1] : v[2 * i];
      assert.ok(Math.abs(u[2 * i] - wantRe) < 1e-15);
    }
  });
});
