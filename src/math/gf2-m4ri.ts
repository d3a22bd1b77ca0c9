/**
 * Gauss–Jordan elimination over GF(2) by the Method of Four Russians (M4RI).
 *
 * Algorithm: G. V. Bard, "Accelerating Cryptanalysis with the Method of Four Russians" (2006) and
 * "Algebraic Cryptanalysis" (Springer 2009), ch. 9; M. Albrecht, G. Bard, W. Hart, "Algorithm 898:
 * Efficient multiplication of dense matrices over GF(2)", ACM TOMS 37(1) (2010), which describes
 * the M4RI library's Gray-code tables. Plain elimination (`gf2RowReduceInto`) XORs one pivot row
 * into every row that has the pivot's bit: about rows/2 row additions per pivot. M4RI finds a
 * block of up to k pivots at a time, builds the 2^k linear combinations of the k pivot rows
 * (one row addition each, every entry from an earlier one), and then clears all k pivot columns
 * of every other row with a single table row addition chosen by the row's k bits: about
 * (2^k + rows)/k row additions per pivot instead of rows/2.
 *
 * Same matrix layout as `gf2.ts` (bit-packed rows, padding zero). The result is the same as
 * `gf2RowReduceInto`'s: the reduced row echelon form is unique, so the pivot columns, the rank
 * and the pivot rows (rows 0..rank-1, in every column scanned for pivots) are identical; rows at
 * or below the rank are zero in the scanned columns. Columns beyond `maxCol` (an augmented
 * right-hand side) receive the same row operations; there, rows may differ by combinations of
 * the rows below the rank (i.e. not at all when the right-hand side is consistent).
 *
 * A block never crosses a 32-column word, so the pivot search reads one word per row: each
 * candidate row's word is kept reduced by the block's pivots found so far (one test and at most
 * one XOR per row and pivot), and the rows themselves are updated once per block.
 */
import { ValidationError } from '../base/errors.js';
import type { Gf2Matrix, Gf2RowReduceOptions } from './gf2.js';

/** Largest block size k (table of 2^k rows). */
export const M4RI_MAX_BLOCK = 8;

/** Options of {@link gf2RowReduceM4riInto}: those of plain elimination (no companion) plus scratch. */
export interface Gf2M4riOptions extends Omit<Gf2RowReduceOptions, 'companion'> {
  /** Block size k in 1..{@link M4RI_MAX_BLOCK} (default: {@link m4riBlockSize} of the row count). */
  readonly blockSize?: number;
  /**
   * Scratch for the 2^k-row table, length >= 2^k × stride (else one is allocated per call).
   * See {@link m4riTableWords}.
   */
  readonly table?: Uint32Array;
}

/**
 * The block size k minimising the row additions per pivot, (2^k + rows) / k, for k in
 * 1..{@link M4RI_MAX_BLOCK} (Bard's analysis gives k ≈ log2(rows) − log2(log2(rows))).
 */
export function m4riBlockSize(rows: number): number {
  let best = 1;
  for (let k = 2; k <= M4RI_MAX_BLOCK; k++) if ((2 ** k + rows) / k < (2 ** best + rows) / best) best = k;
  return best;
}

/** Words of table scratch needed by {@link gf2RowReduceM4riInto} for block size k and a row stride. */
export function m4riTableWords(blockSize: number, stride: number): number {
  return (1 << blockSize) * stride;
}

/**
 * Row-reduces `m` in place by M4RI (see the file comment); same contract as `gf2RowReduceInto`
 * (options `maxCol`, `maxRank`, `reduced`, `scratch`; no `companion`). With `reduced: false`
 * only the rows below each block are cleared (echelon form; pivot rows are reduced among the
 * rows of their own block, so they may differ from plain elimination's, but the rank and the
 * pivot columns are the same).
 *
 * @param pivotColsOut receives the pivot column of rows 0..rank-1 (ascending).
 * @returns the rank found (at most `maxRank`).
 * @throws ValidationError for a bad block size, a companion, or too-short scratch.
 * Complexity O(rank × (2^k + rows)/k × stride) word operations; allocates only missing scratch.
 */
export function gf2RowReduceM4riInto(
  m: Gf2Matrix,
  pivotColsOut: Int32Array,
  options: Gf2M4riOptions = {},
): number {
  if ((options as Gf2RowReduceOptions).companion !== undefined)
    throw new ValidationError('gf2RowReduceM4riInto does not take a companion matrix; use gf2RowReduceInto');
  const rows = m.numRows;
  const stride = m.stride;
  const data = m.data;
  const maxCol = Math.min(options.maxCol ?? m.numCols, m.numCols);
  const maxRank = Math.min(options.maxRank ?? rows, rows);
  const reduced = options.reduced ?? true;
  const k = options.blockSize ?? m4riBlockSize(rows);
  if (!Number.isInteger(k) || k < 1 || k > M4RI_MAX_BLOCK)
    throw new ValidationError(`M4RI block size must be an integer in 1..${M4RI_MAX_BLOCK}, got ${k}`);
  const red = options.scratch ?? new Int32Array(rows);
  if (red.length < rows) throw new ValidationError(`scratch has ${red.length} entries, need ${rows}`);
  const table = options.table ?? new Uint32Array(m4riTableWords(k, stride));
  if (table.length < m4riTableWords(k, stride))
    throw new ValidationError(`table has ${table.length} words, need ${m4riTableWords(k, stride)}`);
  const pc = new Int32Array(k);
  // built[i] === stamp: table entry i holds the current block's combination i
  const built = new Int32Array(1 << k);
  let stamp = 0;
  let rank = 0;
  let c = 0;
  while (c < maxCol && rank < maxRank) {
    const w = c >>> 5;
    const wordEnd = Math.min(maxCol, (w + 1) << 5);
    // red[x], x >= rank: word w of row x reduced by this block's pivots (rows here are zero
    // left of column c, so their word has no bits below c).
    let any = 0;
    for (let x = rank; x < rows; x++) {
      const v = data[x * stride + w];
      red[x] = v;
      any |= v;
    }
    let found = 0;
    let col = c;
    for (; col < wordEnd && found < k && rank + found < maxRank; col++) {
      const bit = 1 << (col & 31);
      if ((any & bit) === 0) continue;
      const top = rank + found;
      let x = top;
      while (x < rows && (red[x] & bit) === 0) x++;
      if (x === rows) continue;
      const xo = x * stride;
      // reduce row x by the block's pivot rows (RREF among themselves: its raw bits at their
      // columns say which), then move it to row `top`
      const raw = data[xo + w];
      for (let j = 0; j < found; j++)
        if (((raw >>> (pc[j] & 31)) & 1) !== 0) xorRow(data, xo, (rank + j) * stride, w, stride);
      if (x !== top) {
        swapRows(data, xo, top * stride, stride);
        red[x] = red[top];
      }
      const pw = data[top * stride + w];
      red[top] = pw;
      any |= pw;
      // clear column col in the block's earlier pivot rows, and in the candidates' reduced words
      for (let j = 0; j < found; j++) {
        const po = (rank + j) * stride;
        if ((data[po + w] & bit) !== 0) xorRow(data, po, top * stride, w, stride);
      }
      for (let y = top + 1; y < rows; y++) if ((red[y] & bit) !== 0) red[y] ^= pw;
      pc[found] = col;
      pivotColsOut[top] = col;
      found++;
    }
    if (found > 0) applyBlock(data, stride, rows, rank, found, pc, w, reduced, table, built, ++stamp);
    rank += found;
    c = col;
  }
  return rank;
}

/** data[dst + w ..) ^= data[src + w ..) up to the row end (rows start at dst and src). */
function xorRow(data: Uint32Array, dst: number, src: number, w: number, stride: number): void {
  for (let k = w; k < stride; k++) data[dst + k] ^= data[src + k];
}

function swapRows(data: Uint32Array, a: number, b: number, stride: number): void {
  for (let k = 0; k < stride; k++) {
    const t = data[a + k];
    data[a + k] = data[b + k];
    data[b + k] = t;
  }
}

/**
 * The Four-Russians step: every other row (all when `reduced`, else those below the block)
 * adds, from word w on, the XOR of the block's pivot rows named by its bits at the pivot columns,
 * which clears those columns. A single pivot row is added directly; a combination of several
 * comes from the table, whose entry i (the XOR of pivot rows j with bit j of i) is built on first
 * use from entry i without its lowest bit plus one pivot row. Building only the entries in use
 * (instead of all 2^k up front) keeps the step no dearer than plain elimination on sparse
 * matrices, where few rows hold more than one of the block's pivot bits.
 */
function applyBlock(
  data: Uint32Array,
  stride: number,
  rows: number,
  rank: number,
  found: number,
  pc: Int32Array,
  w: number,
  reduced: boolean,
  table: Uint32Array,
  built: Int32Array,
  stamp: number,
): void {
  const len = stride - w;
  const end = rank + found;
  for (let x = reduced ? 0 : end; x < rows; x++) {
    if (x === rank) {
      x = end - 1; // skip the block's own rows
      continue;
    }
    const xo = x * stride + w;
    const word = data[xo];
    let idx = 0;
    for (let j = 0; j < found; j++) idx |= ((word >>> (pc[j] & 31)) & 1) << j;
    if (idx === 0) continue;
    if ((idx & (idx - 1)) === 0) {
      const src = (rank + 31 - Math.clz32(idx)) * stride + w;
      for (let k = 0; k < len; k++) data[xo + k] ^= data[src + k];
      continue;
    }
    if (built[idx] !== stamp) buildEntry(data, stride, rank, w, len, table, built, stamp, idx);
    const to = idx * len;
    for (let k = 0; k < len; k++) data[xo + k] ^= table[to + k];
  }
}

/** Builds table entry idx (≥ 2 bits set) and the entries it rests on, marking them with `stamp`. */
function buildEntry(
  data: Uint32Array,
  stride: number,
  rank: number,
  w: number,
  len: number,
  table: Uint32Array,
  built: Int32Array,
  stamp: number,
  idx: number,
): void {
  const rest = idx & (idx - 1);
  const low = (rank + 31 - Math.clz32(idx & -idx)) * stride + w;
  const dst = idx * len;
  if ((rest & (rest - 1)) === 0) {
    const other = (rank + 31 - Math.clz32(rest)) * stride + w;
    for (let k = 0; k < len; k++) table[dst + k] = data[other + k] ^ data[low + k];
  } else {
    if (built[rest] !== stamp) buildEntry(data, stride, rank, w, len, table, built, stamp, rest);
    const from = rest * len;
    for (let k = 0; k < len; k++) table[dst + k] = table[from + k] ^ data[low + k];
  }
  built[idx] = stamp;
}
