/**
 * Linear algebra over GF(2) on bit-packed rows.
 *
 * Layout: a {@link Gf2Matrix} is a `BitTable` (`src/mem/bit-table.ts`): `numRows` rows of `numCols`
 * bits in one `Uint32Array`; bit `c` of row `r` is bit `c & 31` of word
 * `data[r * stride + (c >>> 5)]` (little-endian within the word), rows padded to whole 128-bit
 * blocks. Padding bits (columns >= numCols) are kept zero by every function here.
 *
 * Vectors are plain `Uint32Array`s of `ceil(n / 32)` words with the same bit order.
 *
 * Row reduction is Gauss–Jordan elimination with XOR of whole words: O(rank × rows × stride)
 * word operations, i.e. O(rows² × cols / 32).
 */
import { ValidationError } from '../base/errors.js';
import { BitTable, paddedWords, transposeBits } from '../mem/bit-table.js';

/** Number of 32-bit words holding `numBits` bits (no padding beyond the last word). */
export function gf2Words(numBits: number): number {
  return (numBits + 31) >>> 5;
}

/**
 * A dense rows × cols matrix over GF(2), bit-packed by rows: a {@link BitTable} (same layout,
 * rows padded to whole 128-bit blocks, padding kept zero) with the row operations of elimination.
 * Mutable.
 */
export class Gf2Matrix extends BitTable {
  /**
   * @param data optional backing words (kept, not copied), length >= numRows × stride with
   *   `stride = paddedWords(numCols)`.
   * @throws ValidationError on negative or non-integer sizes, or a too-short `data`.
   */
  constructor(numRows: number, numCols: number, data?: Uint32Array) {
    if (!Number.isInteger(numRows) || numRows < 0 || !Number.isInteger(numCols) || numCols < 0)
      throw new ValidationError(`Gf2Matrix size ${numRows}x${numCols} must be non-negative integers`);
    const need = numRows * paddedWords(numCols);
    if (data !== undefined && data.length < need)
      throw new ValidationError(
        `Gf2Matrix ${numRows}x${numCols} needs ${need} words, data has ${data.length}`,
      );
    super(numRows, numCols, data);
  }

  /** A matrix from rows of 0/1 numbers (or booleans); all rows must have the same length. */
  static fromRows(rows: readonly (readonly (number | boolean)[])[], numCols?: number): Gf2Matrix {
    const cols = numCols ?? (rows.length > 0 ? rows[0].length : 0);
    const m = new Gf2Matrix(rows.length, cols);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      if (row.length !== cols)
        throw new ValidationError(`Gf2Matrix.fromRows: row ${r} has ${row.length} entries, expected ${cols}`);
      for (let c = 0; c < cols; c++) if (row[c] === 1 || row[c] === true) m.set(r, c, true);
    }
    return m;
  }

  /** Exchanges rows a and b. O(stride). */
  swapRows(a: number, b: number): void {
    if (a === b) return;
    const x = a * this.stride;
    const y = b * this.stride;
    for (let k = 0; k < this.stride; k++) {
      const t = this.data[x + k];
      this.data[x + k] = this.data[y + k];
      this.data[y + k] = t;
    }
  }

  /** A deep copy. */
  clone(): Gf2Matrix {
    return new Gf2Matrix(this.numRows, this.numCols, this.data.slice());
  }

  /** The transpose (a new matrix). O(rows × cols / 32) word operations (32×32 block transposes). */
  override transposed(): Gf2Matrix {
    const t = new Gf2Matrix(this.numCols, this.numRows);
    transposeBits(this, t);
    return t;
  }

  /** Rows as arrays of 0/1 (for tests and messages). */
  toRows(): number[][] {
    const out: number[][] = [];
    for (let r = 0; r < this.numRows; r++) {
      const row: number[] = [];
      for (let c = 0; c < this.numCols; c++) row.push(this.get(r, c) ? 1 : 0);
      out.push(row);
    }
    return out;
  }
}

/** Options of {@link gf2RowReduceInto}. */
export interface Gf2RowReduceOptions {
  /**
   * Pivots are searched only in columns `0 .. maxCol-1` (default: all columns). Columns beyond
   * (e.g. an augmented right-hand side) are carried along by the row operations.
   */
  readonly maxCol?: number;
  /** Stop once this many pivots are found (e.g. the known rank of the left block). */
  readonly maxRank?: number;
  /**
   * Reduced row echelon form (default true): each pivot column is zero outside its pivot row.
   * With false, only the rows below the pivot are cleared (plain echelon form, about half the work).
   */
  readonly reduced?: boolean;
  /** The same row operations are applied to this matrix (same numRows), e.g. an identity to get the transform. */
  readonly companion?: Gf2Matrix;
  /** Scratch of length >= numRows for repeated calls (else one Int32Array(numRows) is allocated). */
  readonly scratch?: Int32Array;
}

/**
 * Row-reduces `m` in place (Gauss–Jordan): scans columns left to right; at each column with a
 * nonzero entry at or below the current rank row, swaps that row up, clears the column in the
 * other rows (all rows when `reduced`, rows below otherwise), and records the column in
 * `pivotColsOut[rank]`. Allocates nothing but the scratch (see options).
 *
 * Invariant used for speed: rows at or below the current rank are zero in every column left of
 * the column being scanned, so the XOR can start at that column's word. The current 32-column
 * word of every row is copied into a contiguous strip (kept in step with the row operations), so
 * the pivot search and the choice of rows to clear read the strip instead of one cache line per
 * row and column.
 *
 * @returns the number of pivots found (the rank of the scanned columns when not cut by `maxRank`).
 * @param pivotColsOut receives the pivot column of each row 0..rank-1; length >= min(rows, maxCol).
 * Complexity O(rank × rows × stride) word operations.
 */
export function gf2RowReduceInto(
  m: Gf2Matrix,
  pivotColsOut: Int32Array,
  options: Gf2RowReduceOptions = {},
): number {
  const maxCol = options.maxCol ?? m.numCols;
  const maxRank = Math.min(options.maxRank ?? m.numRows, m.numRows);
  const reduced = options.reduced ?? true;
  const comp = options.companion;
  if (comp !== undefined && comp.numRows !== m.numRows)
    throw new ValidationError(`companion has ${comp.numRows} rows, the matrix has ${m.numRows}`);
  const data = m.data;
  const stride = m.stride;
  const rows = m.numRows;
  const strip = options.scratch ?? new Int32Array(rows);
  if (strip.length < rows) throw new ValidationError(`scratch has ${strip.length} entries, need ${rows}`);
  let stripWord = -1;
  // OR of the strip over the rows at or below the rank: a column with no bit there is skipped
  let below = 0;
  let rank = 0;
  for (let c = 0; c < maxCol && rank < maxRank; c++) {
    const w = c >>> 5;
    const bit = 1 << (c & 31);
    if (w !== stripWord) {
      below = 0;
      for (let r = 0; r < rows; r++) {
        const x = data[r * stride + w];
        strip[r] = x;
        if (r >= rank) below |= x;
      }
      stripWord = w;
    }
    if ((below & bit) === 0) continue;
    let p = rank;
    while (p < rows && (strip[p] & bit) === 0) p++;
    if (p === rows) continue;
    if (p !== rank) {
      m.swapRows(p, rank);
      const t = strip[p];
      strip[p] = strip[rank];
      strip[rank] = t;
      if (comp !== undefined) comp.swapRows(p, rank);
    }
    const pr = rank * stride;
    const pivotWord = strip[rank];
    below = 0;
    for (let r = reduced ? 0 : rank + 1; r < rows; r++) {
      if (r === rank) continue;
      if ((strip[r] & bit) !== 0) {
        const rr = r * stride;
        for (let k = w; k < stride; k++) data[rr + k] ^= data[pr + k];
        strip[r] ^= pivotWord;
        if (comp !== undefined) comp.xorRowInto(r, rank);
      }
      if (r > rank) below |= strip[r];
    }
    pivotColsOut[rank] = c;
    rank++;
  }
  return rank;
}

/** Result of {@link gf2RowReduce}. */
export interface Gf2Echelon {
  /** The reduced matrix (a copy; the input is not modified). */
  readonly matrix: Gf2Matrix;
  readonly rank: number;
  /** pivotCols[i] is the pivot column of row i, ascending; length = rank. */
  readonly pivotCols: Int32Array;
  /** T with T × input = matrix (invertible, numRows × numRows); only when `withTransform`. */
  readonly transform?: Gf2Matrix;
}

/** Reduced row echelon form of a copy of `m`, optionally with the row transform. Allocates. */
export function gf2RowReduce(m: Gf2Matrix, withTransform = false): Gf2Echelon {
  const matrix = m.clone();
  const pivots = new Int32Array(Math.min(m.numRows, m.numCols));
  let transform: Gf2Matrix | undefined;
  if (withTransform) {
    transform = new Gf2Matrix(m.numRows, m.numRows);
    for (let r = 0; r < m.numRows; r++) transform.set(r, r, true);
  }
  const rank = gf2RowReduceInto(matrix, pivots, { companion: transform });
  return { matrix, rank, pivotCols: pivots.slice(0, rank), transform };
}

/** The rank of `m` (not modified). O(rows² × cols / 32). */
export function gf2Rank(m: Gf2Matrix): number {
  const c = m.clone();
  return gf2RowReduceInto(c, new Int32Array(Math.min(m.numRows, m.numCols)), { reduced: false });
}

/** y = A x over GF(2): `x` has ceil(cols/32) words; returns ceil(rows/32) words. */
export function gf2MulVec(a: Gf2Matrix, x: Uint32Array): Uint32Array {
  const y = new Uint32Array(gf2Words(a.numRows));
  for (let r = 0; r < a.numRows; r++) {
    let acc = 0;
    const o = r * a.stride;
    for (let k = 0; k < a.stride; k++) acc ^= a.data[o + k] & x[k];
    // parity of acc
    acc ^= acc >>> 16;
    acc ^= acc >>> 8;
    acc ^= acc >>> 4;
    acc ^= acc >>> 2;
    acc ^= acc >>> 1;
    if ((acc & 1) !== 0) y[r >>> 5] |= 1 << (r & 31);
  }
  return y;
}

/**
 * One solution x of A x = b (x has ceil(cols/32) words, free variables set to 0), or
 * `undefined` when b is not in the column space of A. `b` has ceil(rows/32) words.
 * Allocates a copy of A augmented with b. O(rows² × cols / 32).
 */
export function gf2Solve(a: Gf2Matrix, b: Uint32Array): Uint32Array | undefined {
  const n = a.numCols;
  const aug = new Gf2Matrix(a.numRows, n + 1);
  for (let r = 0; r < a.numRows; r++) {
    for (let c = 0; c < n; c++) if (a.get(r, c)) aug.set(r, c, true);
    if (((b[r >>> 5] >>> (r & 31)) & 1) !== 0) aug.set(r, n, true);
  }
  const pivots = new Int32Array(Math.min(a.numRows, n));
  const rank = gf2RowReduceInto(aug, pivots, { maxCol: n });
  for (let r = rank; r < a.numRows; r++) if (aug.get(r, n)) return undefined;
  const x = new Uint32Array(gf2Words(n));
  for (let i = 0; i < rank; i++) if (aug.get(i, n)) x[pivots[i] >>> 5] |= 1 << (pivots[i] & 31);
  return x;
}

/**
 * A basis of the null space {x : A x = 0} as the rows of a (cols − rank) × cols matrix: one
 * vector per free column f, with x_f = 1, the other free variables 0, and the pivot variables
 * read from the reduced form. Allocates. O(rows² × cols / 32 + (cols − rank) × rank).
 */
export function gf2Nullspace(a: Gf2Matrix): Gf2Matrix {
  const { matrix, rank, pivotCols } = gf2RowReduce(a);
  const n = a.numCols;
  const isPivot = new Uint8Array(n);
  for (let i = 0; i < rank; i++) isPivot[pivotCols[i]] = 1;
  const out = new Gf2Matrix(n - rank, n);
  let k = 0;
  for (let f = 0; f < n; f++) {
    if (isPivot[f] === 1) continue;
    out.set(k, f, true);
    for (let i = 0; i < rank; i++) if (matrix.get(i, f)) out.set(k, pivotCols[i], true);
    k++;
  }
  return out;
}
