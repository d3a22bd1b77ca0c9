import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  Gf2Matrix,
  gf2MulVec,
  gf2Nullspace,
  gf2Rank,
  gf2RowReduce,
  gf2RowReduceInto,
  gf2Solve,
  gf2Words,
} from './gf2.js';

/** Rows as bigints (bit c = column c), an independent representation for brute force. */
function rowsAsBigints(rows: readonly (readonly number[])[]): bigint[] {
  return rows.map((r) => r.reduce((acc, b, c) => (b === 1 ? acc | (1n << BigInt(c)) : acc), 0n));
}

/** Size of the span of the rows, by enumerating every subset (rows <= 10). */
function bruteRank(rows: readonly (readonly number[])[]): number {
  const v = rowsAsBigints(rows);
  const span = new Set<bigint>();
  for (let s = 0; s < 1 << v.length; s++) {
    let x = 0n;
    for (let i = 0; i < v.length; i++) if ((s >> i) & 1) x ^= v[i];
    span.add(x);
  }
  return Math.log2(span.size);
}

function vecToBits(x: Uint32Array, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((x[i >>> 5] >>> (i & 31)) & 1);
  return out;
}

function bitsToVec(bits: readonly number[]): Uint32Array {
  const x = new Uint32Array(gf2Words(bits.length));
  bits.forEach((b, i) => {
    if (b === 1) x[i >>> 5] |= 1 << (i & 31);
  });
  return x;
}

/** A x over GF(2) computed entry by entry. */
function bruteMul(rows: readonly (readonly number[])[], x: readonly number[]): number[] {
  return rows.map((r) => r.reduce((acc, b, c) => acc ^ (b & x[c]), 0));
}

const matrixArb = (maxRows: number, maxCols: number) =>
  fc.tuple(fc.integer({ min: 0, max: maxRows }), fc.integer({ min: 0, max: maxCols })).chain(([r, c]) =>
    fc
      .array(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: c, maxLength: c }), {
        minLength: r,
        maxLength: r,
      })
      .map((rows) => ({ rows, cols: c })),
  );

describe('gf2', () => {
  it('rank equals log2 of the brute-force span size (up to 70 columns, crossing word boundaries)', () => {
    fc.assert(
      fc.property(matrixArb(8, 70), ({ rows, cols }) => {
        const m = Gf2Matrix.fromRows(rows, cols);
        assert.equal(gf2Rank(m), bruteRank(rows));
        // the input is not modified
        assert.deepEqual(m.toRows(), rows);
      }),
      { seed: 101, numRuns: 300 },
    );
  });

  it('reduced form: pivots ascending, identity on pivot columns, zero rows below rank, same row space', () => {
    fc.assert(
      fc.property(matrixArb(8, 40), ({ rows, cols }) => {
        const m = Gf2Matrix.fromRows(rows, cols);
        const { matrix, rank, pivotCols, transform } = gf2RowReduce(m, true);
        for (let i = 1; i < rank; i++) assert.ok(pivotCols[i] > pivotCols[i - 1]);
        for (let i = 0; i < rank; i++)
          for (let r = 0; r < rows.length; r++) assert.equal(matrix.get(r, pivotCols[i]), r === i);
        for (let r = rank; r < rows.length; r++) assert.ok(matrix.toRows()[r].every((b) => b === 0));
        // T × input = reduced, checked by products of bigint rows
        const inRows = rowsAsBigints(rows);
        const outRows = rowsAsBigints(matrix.toRows());
        const t = transform!.toRows();
        for (let r = 0; r < rows.length; r++) {
          let acc = 0n;
          for (let k = 0; k < rows.length; k++) if (t[r][k] === 1) acc ^= inRows[k];
          assert.equal(acc, outRows[r]);
        }
        assert.equal(bruteRank(transform!.toRows()), rows.length, 'transform invertible');
      }),
      { seed: 102, numRuns: 300 },
    );
  });

  it('solve: a solution exactly when brute force finds one', () => {
    fc.assert(
      fc.property(
        matrixArb(6, 9),
        fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 6, maxLength: 6 }),
        ({ rows, cols }, bFull) => {
          const b = bFull.slice(0, rows.length);
          const m = Gf2Matrix.fromRows(rows, cols);
          let solvable = false;
          for (let s = 0; s < 1 << cols && !solvable; s++) {
            const x = Array.from({ length: cols }, (_, i) => (s >> i) & 1);
            solvable = bruteMul(rows, x).every((v, i) => v === b[i]);
          }
          const x = gf2Solve(m, bitsToVec(b));
          assert.equal(x !== undefined, solvable);
          if (x !== undefined) {
            assert.deepEqual(bruteMul(rows, vecToBits(x, cols)), b);
            assert.deepEqual(vecToBits(gf2MulVec(m, x), rows.length), b);
          }
        },
      ),
      { seed: 103, numRuns: 400 },
    );
  });

  it('nullspace: cols - rank independent vectors, each in the kernel; kernel size matches brute force', () => {
    fc.assert(
      fc.property(matrixArb(6, 10), ({ rows, cols }) => {
        const m = Gf2Matrix.fromRows(rows, cols);
        const ns = gf2Nullspace(m);
        const rank = bruteRank(rows);
        assert.equal(ns.numRows, cols - rank);
        assert.equal(ns.numCols, cols);
        for (const v of ns.toRows()) assert.ok(bruteMul(rows, v).every((b) => b === 0));
        if (ns.numRows > 0) assert.equal(bruteRank(ns.toRows()), ns.numRows);
        let kernel = 0;
        for (let s = 0; s < 1 << cols; s++) {
          const x = Array.from({ length: cols }, (_, i) => (s >> i) & 1);
          if (bruteMul(rows, x).every((b) => b === 0)) kernel++;
        }
        assert.equal(kernel, 2 ** (cols - rank));
      }),
      { seed: 104, numRuns: 300 },
    );
  });

  it('row reduction honours maxCol (augmented column carried) and maxRank', () => {
    const m = Gf2Matrix.fromRows([
      [1, 1, 0, 1],
      [0, 1, 1, 0],
      [1, 0, 1, 1],
    ]);
    const piv = new Int32Array(3);
    const a = m.clone();
    assert.equal(gf2RowReduceInto(a, piv, { maxCol: 3 }), 2);
    assert.deepEqual(Array.from(piv.subarray(0, 2)), [0, 1]);
    // row 3 = row1 ^ row3 of the input: consistent system, so the last row is all zero
    assert.deepEqual(a.toRows()[2], [0, 0, 0, 0]);
    const b = m.clone();
    assert.equal(gf2RowReduceInto(b, piv, { maxRank: 1 }), 1);
    assert.throws(() => new Gf2Matrix(-1, 2), /non-negative/);
    assert.throws(() => Gf2Matrix.fromRows([[1, 0], [1]]), /row 1 has 1 entries/);
  });
});
