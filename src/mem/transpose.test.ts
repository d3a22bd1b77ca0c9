import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { transpose32, transposeBitMatrix, transposeBlock32 } from './transpose.js';

/** xorshift32 words for test data. */
function words(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  let s = seed | 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s;
  }
  return out;
}

const bitOf = (a: Uint32Array, word: number, bit: number): number =>
  (a[word + (bit >>> 5)] >>> (bit & 31)) & 1;

describe('bit transpose', () => {
  it('transpose32 is an involution and moves (i,j) to (j,i)', () => {
    const a = new Uint32Array(32);
    a[3] = 1 << 7;
    transpose32(a);
    assert.equal(a[7], 1 << 3);
    transpose32(a);
    assert.equal(a[3], 1 << 7);
  });

  it('the unrolled block transpose equals transpose32, with strides and the XOR word', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer(),
        (seed, ss, ds, x) => {
          const src = words(32 * ss, seed);
          const dst = new Uint32Array(32 * ds);
          transposeBlock32(src, 0, ss, dst, 0, ds, x);
          const block = new Uint32Array(32);
          for (let i = 0; i < 32; i++) block[i] = src[i * ss];
          transpose32(block);
          for (let j = 0; j < 32; j++) assert.equal(dst[j * ds], (block[j] ^ x) >>> 0);
        },
      ),
      { numRuns: 50, seed: 3 },
    );
  });

  it('transposeBitMatrix agrees with the bit-by-bit definition at offsets, strides and with row XOR bits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 9 }),
        fc.boolean(),
        fc.integer(),
        (rows, cols, extraS, offset, withXor, seed) => {
          const ss = ((cols + 31) >>> 5) + extraS;
          const dstStride = ((rows + 31) >>> 5) + 1;
          const src = words(offset + rows * ss + 1, seed);
          const dst = words(offset + cols * dstStride + 1, seed + 1);
          const before = dst.slice();
          const xor = withXor ? words((rows + 31) >>> 5, seed + 2) : undefined;
          transposeBitMatrix(src, offset, ss, rows, cols, dst, offset, dstStride, xor);
          const rw = (rows + 31) >>> 5;
          for (let c = 0; c < cols; c++)
            for (let r = 0; r < rw * 32; r++) {
              const want =
                (r < rows ? bitOf(src, offset + r * ss, c) : 0) ^ (xor === undefined ? 0 : bitOf(xor, 0, r));
              assert.equal(bitOf(dst, offset + c * dstStride, r), want, `row ${r} col ${c}`);
            }
          // Nothing outside the written words changes.
          for (let i = 0; i < dst.length; i++) {
            const rel = i - offset;
            const inside = rel >= 0 && rel < cols * dstStride && rel % dstStride < rw;
            if (!inside) assert.equal(dst[i], before[i], `word ${i} outside the destination changed`);
          }
        },
      ),
      { numRuns: 60, seed: 11 },
    );
  });
});
