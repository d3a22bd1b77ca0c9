/**
 * Bit-packed tables over Uint32Array. Bit `c` of row `r` lives in word
 * `data[r * stride + (c >>> 5)]` at bit position `c & 31` (little-endian within the word).
 * Rows are padded to {@link WORD_ALIGN} words so that 128-bit SIMD kernels can work on whole rows.
 */
import { transposeBitMatrix } from './transpose.js';

import { checkAllocation } from '../base/limits.js';

/** Bits per storage word. */
export const WORD_BITS = 32;
/** Row strides are multiples of this many words (128 bits). */
export const WORD_ALIGN = 4;

/** Number of 32-bit words needed for `numBits` bits, rounded up to {@link WORD_ALIGN}. */
export function paddedWords(numBits: number): number {
  const w = (numBits + 31) >>> 5;
  return Math.ceil(w / WORD_ALIGN) * WORD_ALIGN;
}

/** Number of set bits in a 32-bit word. */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** A rows × cols table of bits in one flat Uint32Array with a padded row stride. Mutable. */
export class BitTable {
  readonly numRows: number;
  readonly numCols: number;
  /** Words per row (a multiple of {@link WORD_ALIGN}). */
  readonly stride: number;
  readonly data: Uint32Array;

  /** @throws LimitError when a new table would need more than 2 GiB (MAX_ALLOCATION_BYTES). */
  constructor(numRows: number, numCols: number, data?: Uint32Array) {
    this.numRows = numRows;
    this.numCols = numCols;
    this.stride = paddedWords(numCols);
    if (data === undefined)
      checkAllocation(`a table of ${numRows} × ${numCols} bits`, 4 * numRows * this.stride);
    this.data = data ?? new Uint32Array(numRows * this.stride);
  }

  get(row: number, col: number): boolean {
    return ((this.data[row * this.stride + (col >>> 5)] >>> (col & 31)) & 1) !== 0;
  }

  set(row: number, col: number, value: boolean): void {
    const i = row * this.stride + (col >>> 5);
    const m = 1 << (col & 31);
    if (value) this.data[i] |= m;
    else this.data[i] &= ~m;
  }

  toggle(row: number, col: number): void {
    this.data[row * this.stride + (col >>> 5)] ^= 1 << (col & 31);
  }

  /** A view (not a copy) of row `r`'s words. */
  row(r: number): Uint32Array {
    return this.data.subarray(r * this.stride, (r + 1) * this.stride);
  }

  /** row[dst] ^= row[src]. */
  xorRowInto(dst: number, src: number): void {
    const d = dst * this.stride;
    const s = src * this.stride;
    for (let k = 0; k < this.stride; k++) this.data[d + k] ^= this.data[s + k];
  }

  clear(): void {
    this.data.fill(0);
  }

  /** The transposed table (cols × rows). Allocates the result. O(rows × cols / 32) word operations. */
  transposed(): BitTable {
    const out = new BitTable(this.numCols, this.numRows);
    transposeBits(this, out);
    return out;
  }

  /**
   * A new table with the same rows whose columns are this table's followed by `other`'s (which
   * must have the same number of rows). O(rows × cols / 32) word operations.
   */
  concatColumns(other: BitTable): BitTable {
    if (other.numRows !== this.numRows)
      throw new RangeError(`concatColumns: ${this.numRows} rows vs ${other.numRows} rows`);
    const out = new BitTable(this.numRows, this.numCols + other.numCols);
    const shift = this.numCols & 31;
    const base = this.numCols >>> 5;
    const ow = (other.numCols + 31) >>> 5;
    for (let r = 0; r < this.numRows; r++) {
      const o = r * out.stride;
      out.data.set(this.data.subarray(r * this.stride, r * this.stride + ((this.numCols + 31) >>> 5)), o);
      if (shift !== 0) out.data[o + base] &= (1 << shift) - 1;
      const src = r * other.stride;
      for (let k = 0; k < ow; k++) {
        let w = other.data[src + k];
        if (k === ow - 1 && (other.numCols & 31) !== 0) w &= (1 << (other.numCols & 31)) - 1;
        if (shift === 0) out.data[o + base + k] = w;
        else {
          out.data[o + base + k] |= w << shift;
          if (o + base + k + 1 < o + out.stride) out.data[o + base + k + 1] |= w >>> (32 - shift);
        }
      }
    }
    return out;
  }

  equals(other: BitTable): boolean {
    if (other.numRows !== this.numRows || other.numCols !== this.numCols) return false;
    for (let r = 0; r < this.numRows; r++) {
      const a = r * this.stride;
      const full = this.numCols >>> 5;
      for (let k = 0; k < full; k++) if (this.data[a + k] !== other.data[a + k]) return false;
      const rem = this.numCols & 31;
      if (rem !== 0) {
        const mask = (1 << rem) - 1;
        if (((this.data[a + full] ^ other.data[a + full]) & mask) !== 0) return false;
      }
    }
    return true;
  }
}

/**
 * Writes the transpose of `src` into `dst` (dst must be src.numCols × src.numRows): the tiled
 * 32×32-block transpose of `transpose.ts`. O(rows × cols / 32) word operations.
 */
export function transposeBits(src: BitTable, dst: BitTable): void {
  if (dst.numRows !== src.numCols || dst.numCols !== src.numRows)
    throw new RangeError(
      `transposeBits: destination must be ${src.numCols} × ${src.numRows}, got ${dst.numRows} × ${dst.numCols}`,
    );
  transposeBitMatrix(src.data, 0, src.stride, src.numRows, src.numCols, dst.data, 0, dst.stride);
}

/** Rows [start, start + n) of a table, as a view sharing its memory (writes go through). */
export function rowsView(t: BitTable, start: number, n: number): BitTable {
  return new BitTable(n, t.numCols, t.data.subarray(start * t.stride, (start + n) * t.stride));
}
