import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Gf2Matrix, gf2Rank, gf2RowReduceInto } from './gf2.js';
import { gf2RowReduceM4riInto, m4riBlockSize, M4RI_MAX_BLOCK } from './gf2-m4ri.js';

/**
 * A random matrix: rows, columns (crossing 32-bit words), a density (sparse matrices leave
 * columns without pivots, dense ones few), and optionally an augmented last column that is
 * A·x for a random x (a consistent right-hand side, as OSD's syndrome).
 */
const caseArb = fc
  .record({
    rows: fc.integer({ min: 0, max: 40 }),
    cols: fc.integer({ min: 0, max: 140 }),
    density: fc.constantFrom(0.03, 0.15, 0.5),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    block: fc.integer({ min: 1, max: M4RI_MAX_BLOCK }),
    augmented: fc.boolean(),
  })
  .map((c) => {
    let s = c.seed;
    const rnd = (): number => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 2 ** 32;
    };
    const m = new Gf2Matrix(c.rows, c.cols + (c.augmented ? 1 : 0));
    for (let r = 0; r < c.rows; r++)
      for (let j = 0; j < c.cols; j++) if (rnd() < c.density) m.set(r, j, true);
    if (c.augmented) {
      const x = Array.from({ length: c.cols }, () => rnd() < 0.5);
      for (let r = 0; r < c.rows; r++) {
        let b = false;
        for (let j = 0; j < c.cols; j++) if (x[j] && m.get(r, j)) b = !b;
        m.set(r, c.cols, b);
      }
    }
    return { ...c, m };
  });

/** Rows and their first `cols` columns as 0/1 arrays. */
const leftBlock = (m: Gf2Matrix, cols: number): number[][] => m.toRows().map((r) => r.slice(0, cols));

describe('M4RI elimination (gf2RowReduceM4riInto) against plain Gauss–Jordan', () => {
  it('reduced: same rank, pivot columns and matrix (RREF is unique; consistent right-hand side included)', () => {
    fc.assert(
      fc.property(caseArb, ({ m, cols, block, augmented }) => {
        const plain = m.clone();
        const four = m.clone();
        const p1 = new Int32Array(Math.max(1, m.numRows));
        const p2 = new Int32Array(Math.max(1, m.numRows));
        const r1 = gf2RowReduceInto(plain, p1, { maxCol: cols });
        const r2 = gf2RowReduceM4riInto(four, p2, { maxCol: cols, blockSize: block });
        assert.equal(r2, r1);
        assert.equal(r1, gf2Rank(leftMatrix(m, cols)));
        assert.deepEqual(Array.from(p2.subarray(0, r2)), Array.from(p1.subarray(0, r1)));
        // with a consistent augmented column the whole reduced matrix is unique
        if (augmented || cols === m.numCols) assert.deepEqual(four.toRows(), plain.toRows());
        else assert.deepEqual(leftBlock(four, cols), leftBlock(plain, cols));
        // the row space is kept: stacking input and result adds no rank
        assert.equal(gf2Rank(stack(m, four)), gf2Rank(m));
      }),
      { seed: 4401, numRuns: 400 },
    );
  });

  it('maxRank = the rank (as OSD calls it) gives the same matrix; a smaller maxRank the same pivots', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 40 }), ({ m, cols, block }, cut) => {
        const rank = gf2Rank(leftMatrix(m, cols));
        const plain = m.clone();
        const four = m.clone();
        const p1 = new Int32Array(Math.max(1, m.numRows));
        const p2 = new Int32Array(Math.max(1, m.numRows));
        gf2RowReduceInto(plain, p1, { maxCol: cols, maxRank: rank });
        gf2RowReduceM4riInto(four, p2, { maxCol: cols, maxRank: rank, blockSize: block });
        assert.deepEqual(leftBlock(four, cols), leftBlock(plain, cols));
        const small = Math.min(cut, rank);
        const q1 = new Int32Array(Math.max(1, m.numRows));
        const q2 = new Int32Array(Math.max(1, m.numRows));
        assert.equal(gf2RowReduceInto(m.clone(), q1, { maxCol: cols, maxRank: small }), small);
        assert.equal(
          gf2RowReduceM4riInto(m.clone(), q2, { maxCol: cols, maxRank: small, blockSize: block }),
          small,
        );
        assert.deepEqual(Array.from(q2.subarray(0, small)), Array.from(q1.subarray(0, small)));
      }),
      { seed: 4402, numRuns: 300 },
    );
  });

  it('echelon form (reduced: false): same rank and pivots, zero below the rank, same row space', () => {
    fc.assert(
      fc.property(caseArb, ({ m, block }) => {
        const p1 = new Int32Array(Math.max(1, m.numRows));
        const p2 = new Int32Array(Math.max(1, m.numRows));
        const four = m.clone();
        const r1 = gf2RowReduceInto(m.clone(), p1, { reduced: false });
        const r2 = gf2RowReduceM4riInto(four, p2, { reduced: false, blockSize: block });
        assert.equal(r2, r1);
        assert.deepEqual(Array.from(p2.subarray(0, r2)), Array.from(p1.subarray(0, r1)));
        const out = four.toRows();
        for (let r = r2; r < m.numRows; r++)
          assert.ok(
            out[r].every((b) => b === 0),
            `row ${r} not zero`,
          );
        for (let i = 0; i < r2; i++) {
          assert.equal(four.get(i, p2[i]), true);
          for (let r = i + 1; r < m.numRows; r++) assert.equal(four.get(r, p2[i]), false);
        }
        assert.equal(gf2Rank(stack(m, four)), gf2Rank(m));
      }),
      { seed: 4403, numRuns: 300 },
    );
  });

  it('an OSD-sized system: 300 × 2000 sparse matrix with consistent syndrome, default block size', () => {
    let s = 7;
    const rnd = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const rows = 300;
    const cols = 2000;
    const m = new Gf2Matrix(rows, cols + 1);
    for (let j = 0; j < cols; j++) for (let t = 0; t < 5; t++) m.set(Math.floor(rnd() * rows), j, true);
    for (let r = 0; r < rows; r++) if (m.get(r, 3) !== m.get(r, 1500)) m.set(r, cols, true);
    const plain = m.clone();
    const four = m.clone();
    const p1 = new Int32Array(rows);
    const p2 = new Int32Array(rows);
    const r1 = gf2RowReduceInto(plain, p1, { maxCol: cols });
    const r2 = gf2RowReduceM4riInto(four, p2, { maxCol: cols });
    assert.ok(r1 > 250, `rank ${r1}`);
    assert.equal(r2, r1);
    assert.deepEqual(Array.from(p2), Array.from(p1));
    assert.deepEqual(four.data, plain.data);
  });

  it('block size: minimises (2^k + rows)/k; bad options throw', () => {
    assert.equal(m4riBlockSize(1), 2);
    assert.equal(m4riBlockSize(100), 5);
    assert.equal(m4riBlockSize(432), 7);
    assert.equal(m4riBlockSize(100000), M4RI_MAX_BLOCK);
    const m = new Gf2Matrix(3, 3);
    assert.throws(() => gf2RowReduceM4riInto(m, new Int32Array(3), { blockSize: 9 }), /block size/);
    assert.throws(
      () => gf2RowReduceM4riInto(m, new Int32Array(3), { scratch: new Int32Array(1) }),
      /scratch/,
    );
    assert.throws(
      () => gf2RowReduceM4riInto(m, new Int32Array(3), { blockSize: 2, table: new Uint32Array(1) }),
      /table/,
    );
  });
});

/** The first `cols` columns of m as a new matrix. */
function leftMatrix(m: Gf2Matrix, cols: number): Gf2Matrix {
  const out = new Gf2Matrix(m.numRows, cols);
  for (let r = 0; r < m.numRows; r++) for (let j = 0; j < cols; j++) if (m.get(r, j)) out.set(r, j, true);
  return out;
}

/** The rows of a above the rows of b (same column count). */
function stack(a: Gf2Matrix, b: Gf2Matrix): Gf2Matrix {
  const out = new Gf2Matrix(a.numRows + b.numRows, a.numCols);
  out.data.set(a.data.subarray(0, a.numRows * a.stride), 0);
  out.data.set(b.data.subarray(0, b.numRows * b.stride), a.numRows * a.stride);
  return out;
}
