/**
 * The one bit transpose of the project: 32×32 bit blocks (Hacker's Delight, 2nd ed., §7-3: five
 * rounds of masked block swaps) walked in cache tiles. Convention everywhere: bit j of input word
 * i becomes bit i of output word j, i.e. entry (row r, column c) of the source lands at (row c,
 * column r) of the destination. Used by `BitTable.transposed`, the tableau's quadrant transposes
 * and the frame sampler's detector-major → shot-major conversion; the WebAssembly kernels in
 * `wasm/` implement the same block transpose with 128-bit lanes.
 */

/** Blocks (of 32 bits) per tile side: 512 × 512 bits, whose 512 + 512 row segments of 64 bytes fit L1. */
const TILE_BLOCKS = 16;

/**
 * Reads words src[s + i·ss] (i < 32), transposes them and writes word j of the result, XOR `x`,
 * to dst[d + j·ds] (j < 32). Source and destination must not overlap. No allocation. Deliberately
 * unrolled (the 32 words live in locals, which V8 keeps in registers and spill slots).
 */
export function transposeBlock32(
  src: Uint32Array,
  s: number,
  ss: number,
  dst: Uint32Array,
  d: number,
  ds: number,
  x: number,
): void {
  let t = 0;
  let a0 = src[s] | 0;
  let a1 = src[s + 1 * ss] | 0;
  let a2 = src[s + 2 * ss] | 0;
  let a3 = src[s + 3 * ss] | 0;
  let a4 = src[s + 4 * ss] | 0;
  let a5 = src[s + 5 * ss] | 0;
  let a6 = src[s + 6 * ss] | 0;
  let a7 = src[s + 7 * ss] | 0;
  let a8 = src[s + 8 * ss] | 0;
  let a9 = src[s + 9 * ss] | 0;
  let a10 = src[s + 10 * ss] | 0;
  let a11 = src[s + 11 * ss] | 0;
  let a12 = src[s + 12 * ss] | 0;
  let a13 = src[s + 13 * ss] | 0;
  let a14 = src[s + 14 * ss] | 0;
  let a15 = src[s + 15 * ss] | 0;
  let a16 = src[s + 16 * ss] | 0;
  let a17 = src[s + 17 * ss] | 0;
  let a18 = src[s + 18 * ss] | 0;
  let a19 = src[s + 19 * ss] | 0;
  let a20 = src[s + 20 * ss] | 0;
  let a21 = src[s + 21 * ss] | 0;
  let a22 = src[s + 22 * ss] | 0;
  let a23 = src[s + 23 * ss] | 0;
  let a24 = src[s + 24 * ss] | 0;
  let a25 = src[s + 25 * ss] | 0;
  let a26 = src[s + 26 * ss] | 0;
  let a27 = src[s + 27 * ss] | 0;
  let a28 = src[s + 28 * ss] | 0;
  let a29 = src[s + 29 * ss] | 0;
  let a30 = src[s + 30 * ss] | 0;
  let a31 = src[s + 31 * ss] | 0;
  // swap 16-bit blocks
  t = ((a0 >>> 16) ^ a16) & 0x0000ffff;
  a16 ^= t;
  a0 ^= t << 16;
  t = ((a1 >>> 16) ^ a17) & 0x0000ffff;
  a17 ^= t;
  a1 ^= t << 16;
  t = ((a2 >>> 16) ^ a18) & 0x0000ffff;
  a18 ^= t;
  a2 ^= t << 16;
  t = ((a3 >>> 16) ^ a19) & 0x0000ffff;
  a19 ^= t;
  a3 ^= t << 16;
  t = ((a4 >>> 16) ^ a20) & 0x0000ffff;
  a20 ^= t;
  a4 ^= t << 16;
  t = ((a5 >>> 16) ^ a21) & 0x0000ffff;
  a21 ^= t;
  a5 ^= t << 16;
  t = ((a6 >>> 16) ^ a22) & 0x0000ffff;
  a22 ^= t;
  a6 ^= t << 16;
  t = ((a7 >>> 16) ^ a23) & 0x0000ffff;
  a23 ^= t;
  a7 ^= t << 16;
  t = ((a8 >>> 16) ^ a24) & 0x0000ffff;
  a24 ^= t;
  a8 ^= t << 16;
  t = ((a9 >>> 16) ^ a25) & 0x0000ffff;
  a25 ^= t;
  a9 ^= t << 16;
  t = ((a10 >>> 16) ^ a26) & 0x0000ffff;
  a26 ^= t;
  a10 ^= t << 16;
  t = ((a11 >>> 16) ^ a27) & 0x0000ffff;
  a27 ^= t;
  a11 ^= t << 16;
  t = ((a12 >>> 16) ^ a28) & 0x0000ffff;
  a28 ^= t;
  a12 ^= t << 16;
  t = ((a13 >>> 16) ^ a29) & 0x0000ffff;
  a29 ^= t;
  a13 ^= t << 16;
  t = ((a14 >>> 16) ^ a30) & 0x0000ffff;
  a30 ^= t;
  a14 ^= t << 16;
  t = ((a15 >>> 16) ^ a31) & 0x0000ffff;
  a31 ^= t;
  a15 ^= t << 16;
  // swap 8-bit blocks
  t = ((a0 >>> 8) ^ a8) & 0x00ff00ff;
  a8 ^= t;
  a0 ^= t << 8;
  t = ((a1 >>> 8) ^ a9) & 0x00ff00ff;
  a9 ^= t;
  a1 ^= t << 8;
  t = ((a2 >>> 8) ^ a10) & 0x00ff00ff;
  a10 ^= t;
  a2 ^= t << 8;
  t = ((a3 >>> 8) ^ a11) & 0x00ff00ff;
  a11 ^= t;
  a3 ^= t << 8;
  t = ((a4 >>> 8) ^ a12) & 0x00ff00ff;
  a12 ^= t;
  a4 ^= t << 8;
  t = ((a5 >>> 8) ^ a13) & 0x00ff00ff;
  a13 ^= t;
  a5 ^= t << 8;
  t = ((a6 >>> 8) ^ a14) & 0x00ff00ff;
  a14 ^= t;
  a6 ^= t << 8;
  t = ((a7 >>> 8) ^ a15) & 0x00ff00ff;
  a15 ^= t;
  a7 ^= t << 8;
  t = ((a16 >>> 8) ^ a24) & 0x00ff00ff;
  a24 ^= t;
  a16 ^= t << 8;
  t = ((a17 >>> 8) ^ a25) & 0x00ff00ff;
  a25 ^= t;
  a17 ^= t << 8;
  t = ((a18 >>> 8) ^ a26) & 0x00ff00ff;
  a26 ^= t;
  a18 ^= t << 8;
  t = ((a19 >>> 8) ^ a27) & 0x00ff00ff;
  a27 ^= t;
  a19 ^= t << 8;
  t = ((a20 >>> 8) ^ a28) & 0x00ff00ff;
  a28 ^= t;
  a20 ^= t << 8;
  t = ((a21 >>> 8) ^ a29) & 0x00ff00ff;
  a29 ^= t;
  a21 ^= t << 8;
  t = ((a22 >>> 8) ^ a30) & 0x00ff00ff;
  a30 ^= t;
  a22 ^= t << 8;
  t = ((a23 >>> 8) ^ a31) & 0x00ff00ff;
  a31 ^= t;
  a23 ^= t << 8;
  // swap 4-bit blocks
  t = ((a0 >>> 4) ^ a4) & 0x0f0f0f0f;
  a4 ^= t;
  a0 ^= t << 4;
  t = ((a1 >>> 4) ^ a5) & 0x0f0f0f0f;
  a5 ^= t;
  a1 ^= t << 4;
  t = ((a2 >>> 4) ^ a6) & 0x0f0f0f0f;
  a6 ^= t;
  a2 ^= t << 4;
  t = ((a3 >>> 4) ^ a7) & 0x0f0f0f0f;
  a7 ^= t;
  a3 ^= t << 4;
  t = ((a8 >>> 4) ^ a12) & 0x0f0f0f0f;
  a12 ^= t;
  a8 ^= t << 4;
  t = ((a9 >>> 4) ^ a13) & 0x0f0f0f0f;
  a13 ^= t;
  a9 ^= t << 4;
  t = ((a10 >>> 4) ^ a14) & 0x0f0f0f0f;
  a14 ^= t;
  a10 ^= t << 4;
  t = ((a11 >>> 4) ^ a15) & 0x0f0f0f0f;
  a15 ^= t;
  a11 ^= t << 4;
  t = ((a16 >>> 4) ^ a20) & 0x0f0f0f0f;
  a20 ^= t;
  a16 ^= t << 4;
  t = ((a17 >>> 4) ^ a21) & 0x0f0f0f0f;
  a21 ^= t;
  a17 ^= t << 4;
  t = ((a18 >>> 4) ^ a22) & 0x0f0f0f0f;
  a22 ^= t;
  a18 ^= t << 4;
  t = ((a19 >>> 4) ^ a23) & 0x0f0f0f0f;
  a23 ^= t;
  a19 ^= t << 4;
  t = ((a24 >>> 4) ^ a28) & 0x0f0f0f0f;
  a28 ^= t;
  a24 ^= t << 4;
  t = ((a25 >>> 4) ^ a29) & 0x0f0f0f0f;
  a29 ^= t;
  a25 ^= t << 4;
  t = ((a26 >>> 4) ^ a30) & 0x0f0f0f0f;
  a30 ^= t;
  a26 ^= t << 4;
  t = ((a27 >>> 4) ^ a31) & 0x0f0f0f0f;
  a31 ^= t;
  a27 ^= t << 4;
  // swap 2-bit blocks
  t = ((a0 >>> 2) ^ a2) & 0x33333333;
  a2 ^= t;
  a0 ^= t << 2;
  t = ((a1 >>> 2) ^ a3) & 0x33333333;
  a3 ^= t;
  a1 ^= t << 2;
  t = ((a4 >>> 2) ^ a6) & 0x33333333;
  a6 ^= t;
  a4 ^= t << 2;
  t = ((a5 >>> 2) ^ a7) & 0x33333333;
  a7 ^= t;
  a5 ^= t << 2;
  t = ((a8 >>> 2) ^ a10) & 0x33333333;
  a10 ^= t;
  a8 ^= t << 2;
  t = ((a9 >>> 2) ^ a11) & 0x33333333;
  a11 ^= t;
  a9 ^= t << 2;
  t = ((a12 >>> 2) ^ a14) & 0x33333333;
  a14 ^= t;
  a12 ^= t << 2;
  t = ((a13 >>> 2) ^ a15) & 0x33333333;
  a15 ^= t;
  a13 ^= t << 2;
  t = ((a16 >>> 2) ^ a18) & 0x33333333;
  a18 ^= t;
  a16 ^= t << 2;
  t = ((a17 >>> 2) ^ a19) & 0x33333333;
  a19 ^= t;
  a17 ^= t << 2;
  t = ((a20 >>> 2) ^ a22) & 0x33333333;
  a22 ^= t;
  a20 ^= t << 2;
  t = ((a21 >>> 2) ^ a23) & 0x33333333;
  a23 ^= t;
  a21 ^= t << 2;
  t = ((a24 >>> 2) ^ a26) & 0x33333333;
  a26 ^= t;
  a24 ^= t << 2;
  t = ((a25 >>> 2) ^ a27) & 0x33333333;
  a27 ^= t;
  a25 ^= t << 2;
  t = ((a28 >>> 2) ^ a30) & 0x33333333;
  a30 ^= t;
  a28 ^= t << 2;
  t = ((a29 >>> 2) ^ a31) & 0x33333333;
  a31 ^= t;
  a29 ^= t << 2;
  // swap 1-bit blocks
  t = ((a0 >>> 1) ^ a1) & 0x55555555;
  a1 ^= t;
  a0 ^= t << 1;
  t = ((a2 >>> 1) ^ a3) & 0x55555555;
  a3 ^= t;
  a2 ^= t << 1;
  t = ((a4 >>> 1) ^ a5) & 0x55555555;
  a5 ^= t;
  a4 ^= t << 1;
  t = ((a6 >>> 1) ^ a7) & 0x55555555;
  a7 ^= t;
  a6 ^= t << 1;
  t = ((a8 >>> 1) ^ a9) & 0x55555555;
  a9 ^= t;
  a8 ^= t << 1;
  t = ((a10 >>> 1) ^ a11) & 0x55555555;
  a11 ^= t;
  a10 ^= t << 1;
  t = ((a12 >>> 1) ^ a13) & 0x55555555;
  a13 ^= t;
  a12 ^= t << 1;
  t = ((a14 >>> 1) ^ a15) & 0x55555555;
  a15 ^= t;
  a14 ^= t << 1;
  t = ((a16 >>> 1) ^ a17) & 0x55555555;
  a17 ^= t;
  a16 ^= t << 1;
  t = ((a18 >>> 1) ^ a19) & 0x55555555;
  a19 ^= t;
  a18 ^= t << 1;
  t = ((a20 >>> 1) ^ a21) & 0x55555555;
  a21 ^= t;
  a20 ^= t << 1;
  t = ((a22 >>> 1) ^ a23) & 0x55555555;
  a23 ^= t;
  a22 ^= t << 1;
  t = ((a24 >>> 1) ^ a25) & 0x55555555;
  a25 ^= t;
  a24 ^= t << 1;
  t = ((a26 >>> 1) ^ a27) & 0x55555555;
  a27 ^= t;
  a26 ^= t << 1;
  t = ((a28 >>> 1) ^ a29) & 0x55555555;
  a29 ^= t;
  a28 ^= t << 1;
  t = ((a30 >>> 1) ^ a31) & 0x55555555;
  a31 ^= t;
  a30 ^= t << 1;
  dst[d] = a0 ^ x;
  dst[d + 1 * ds] = a1 ^ x;
  dst[d + 2 * ds] = a2 ^ x;
  dst[d + 3 * ds] = a3 ^ x;
  dst[d + 4 * ds] = a4 ^ x;
  dst[d + 5 * ds] = a5 ^ x;
  dst[d + 6 * ds] = a6 ^ x;
  dst[d + 7 * ds] = a7 ^ x;
  dst[d + 8 * ds] = a8 ^ x;
  dst[d + 9 * ds] = a9 ^ x;
  dst[d + 10 * ds] = a10 ^ x;
  dst[d + 11 * ds] = a11 ^ x;
  dst[d + 12 * ds] = a12 ^ x;
  dst[d + 13 * ds] = a13 ^ x;
  dst[d + 14 * ds] = a14 ^ x;
  dst[d + 15 * ds] = a15 ^ x;
  dst[d + 16 * ds] = a16 ^ x;
  dst[d + 17 * ds] = a17 ^ x;
  dst[d + 18 * ds] = a18 ^ x;
  dst[d + 19 * ds] = a19 ^ x;
  dst[d + 20 * ds] = a20 ^ x;
  dst[d + 21 * ds] = a21 ^ x;
  dst[d + 22 * ds] = a22 ^ x;
  dst[d + 23 * ds] = a23 ^ x;
  dst[d + 24 * ds] = a24 ^ x;
  dst[d + 25 * ds] = a25 ^ x;
  dst[d + 26 * ds] = a26 ^ x;
  dst[d + 27 * ds] = a27 ^ x;
  dst[d + 28 * ds] = a28 ^ x;
  dst[d + 29 * ds] = a29 ^ x;
  dst[d + 30 * ds] = a30 ^ x;
  dst[d + 31 * ds] = a31 ^ x;
}

/**
 * In-place transpose of a 32×32 bit matrix stored as 32 words, where bit j of word i is entry
 * (i, j). After the call bit j of word i holds the old entry (j, i).
 */
export function transpose32(a: Uint32Array): void {
  let j = 16;
  let m = 0x0000ffff;
  while (j !== 0) {
    for (let k = 0; k < 32; k = (k + j + 1) & ~j) {
      const t = ((a[k] >>> j) ^ a[k + j]) & m;
      a[k + j] ^= t;
      a[k] ^= t << j;
    }
    j >>>= 1;
    m ^= m << j;
  }
}

const scratchBlock = new Uint32Array(32);

/**
 * Transposes a `numRows × numCols` bit matrix held row-major in `src` (row r at word
 * `srcOffset + r·srcStride`, column c at bit c & 31 of word c >>> 5 of the row) into `dst`, where
 * source column c becomes row c (at word `dstOffset + c·dstStride`) and source row r becomes
 * column r. When `rowXor` is given, bit r of the packed words `rowXor` is XOR-ed onto destination
 * column r (a per-source-row constant, e.g. a reference sample).
 *
 * Writes destination words [0, ⌈numRows/32⌉) of rows [0, numCols) entirely (bits of columns ≥
 * numRows in the last word come out 0, or the `rowXor` bits there); reads only source rows <
 * numRows and words < ⌈numCols/32⌉ of them (bits of columns ≥ numCols are ignored). Source and
 * destination must not overlap. O(numRows · numCols / 32) word operations in tiles of 512 × 512
 * bits; no allocation.
 */
export function transposeBitMatrix(
  src: Uint32Array,
  srcOffset: number,
  srcStride: number,
  numRows: number,
  numCols: number,
  dst: Uint32Array,
  dstOffset: number,
  dstStride: number,
  rowXor?: Uint32Array,
): void {
  const colWords = (numCols + 31) >>> 5;
  const rowBlocks = (numRows + 31) >>> 5;
  const block = scratchBlock;
  for (let w0 = 0; w0 < colWords; w0 += TILE_BLOCKS) {
    const w1 = Math.min(colWords, w0 + TILE_BLOCKS);
    for (let rb0 = 0; rb0 < rowBlocks; rb0 += TILE_BLOCKS) {
      const rb1 = Math.min(rowBlocks, rb0 + TILE_BLOCKS);
      for (let rb = rb0; rb < rb1; rb++) {
        const r0 = rb << 5;
        const rn = Math.min(32, numRows - r0);
        const x = rowXor === undefined ? 0 : rowXor[rb] | 0;
        for (let w = w0; w < w1; w++) {
          const c0 = w << 5;
          const cn = Math.min(32, numCols - c0);
          const s = srcOffset + r0 * srcStride + w;
          const d = dstOffset + c0 * dstStride + rb;
          if (rn === 32 && cn === 32) {
            transposeBlock32(src, s, srcStride, dst, d, dstStride, x);
            continue;
          }
          let i = 0;
          for (; i < rn; i++) block[i] = src[s + i * srcStride];
          for (; i < 32; i++) block[i] = 0;
          transpose32(block);
          for (let j = 0; j < cn; j++) dst[d + j * dstStride] = block[j] ^ x;
        }
      }
    }
  }
}
