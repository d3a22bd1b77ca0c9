// The noise kernels' geometric gaps: the table-driven logarithm `ln` and `gap`, which must equal
// Math.floor(Math.log(u) * inv) exactly for every u the frame sampler draws (the TypeScript path
// computes exactly that), including products that land next to an integer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../base/prng.js';
import { instantiateFrameKernels, type FrameKernels } from './frame-kernels.js';

function kernels(): FrameKernels {
  const k = instantiateFrameKernels(1024);
  assert.ok(k !== undefined, 'the WebAssembly kernels load in Node');
  return k;
}

/** The sampler's draw: u = ((a >>> 5) · 2^26 + (b >>> 6) + 1) · 2^-53 ∈ (0, 1]. */
const unitNonZero = (a: number, b: number): number => ((a >>> 5) * 67108864 + (b >>> 6) + 1) / 2 ** 53;

describe('WebAssembly noise kernels: geometric gaps', () => {
  it('ln is within 4e-14 of Math.log over (0, 1] (random draws, every binade, near 1)', () => {
    const k = kernels();
    const rng = new Rng(41);
    let worst = 0;
    const check = (u: number): void => {
      const err = Math.abs(k.ln(u) - Math.log(u));
      if (err > worst) worst = err;
      assert.ok(err < 4e-14, `ln(${u}) = ${k.ln(u)}, Math.log gives ${Math.log(u)}`);
    };
    for (let i = 0; i < 50_000; i++) check(unitNonZero(rng.nextU32(), rng.nextU32()));
    for (let e = 0; e <= 53; e++)
      for (let i = 0; i < 500; i++) check(Math.min(1, 2 ** -e * (1 + rng.nextFloat())));
    for (let i = 0; i <= 2000; i++) check(1 - i * 2 ** -53);
    check(2 ** -53);
    check(1);
    // The bound is not vacuous: the table's rounding shows at the 1e-15 level somewhere.
    assert.ok(worst > 0);
  });

  it('gap equals Math.floor(Math.log(u) * inv) for random draws and p (property)', () => {
    const k = kernels();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.double({ min: 1e-9, max: 1, noNaN: true }),
        (a, b, p) => {
          const u = unitNonZero(a, b);
          const inv = p >= 1 ? -0 : 1 / Math.log1p(-p);
          assert.equal(k.gap(u, inv), Math.floor(Math.log(u) * inv), `u = ${u}, inv = ${inv}`);
        },
      ),
      { seed: 12, numRuns: 20000 },
    );
  });

  it('gap equals the host floor where ln(u) · inv lies within rounding of an integer', () => {
    // u = exp(j / inv) and its neighbours put the product at j ± a few ulps: the fast logarithm
    // cannot tell these apart, so the kernel must fall back to Math.log and agree with it.
    const k = kernels();
    const rng = new Rng(7);
    let checked = 0;
    for (const p of [1e-6, 1e-3, 0.02, 0.3]) {
      const inv = 1 / Math.log1p(-p);
      for (let t = 0; t < 3000; t++) {
        const j = rng.nextInt(Math.ceil(-36 * inv)) + 1;
        const centre = Math.exp(j / inv);
        let u = centre;
        for (let step = 0; step < 4 && u > 0 && u <= 1; step++) {
          assert.equal(k.gap(u, inv), Math.floor(Math.log(u) * inv), `u = ${u}, inv = ${inv}, j = ${j}`);
          checked++;
          u = step % 2 === 0 ? centre * (1 + 2 ** -52 * (step + 1)) : centre * (1 - 2 ** -52 * (step + 1));
        }
      }
    }
    assert.ok(checked > 40000);
    assert.equal(k.gap(1, 1 / Math.log1p(-0.01)), Math.floor(Math.log(1) * (1 / Math.log1p(-0.01))));
  });
});
