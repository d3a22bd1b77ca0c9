import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BitTable, popcount32 } from './bit-table.js';

describe('BitTable', () => {
  it('set/get/toggle', () => {
    const t = new BitTable(3, 70);
    t.set(2, 69, true);
    t.toggle(0, 33);
    assert.equal(t.get(2, 69), true);
    assert.equal(t.get(0, 33), true);
    assert.equal(t.get(1, 33), false);
    assert.equal(t.stride % 4, 0);
  });

  it('transpose agrees with bit-by-bit definition', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer(),
        (r, c, seed) => {
          const t = new BitTable(r, c);
          let s = seed | 1;
          for (let i = 0; i < r; i++)
            for (let j = 0; j < c; j++) {
              s ^= s << 13;
              s ^= s >>> 17;
              s ^= s << 5;
              t.set(i, j, (s & 1) === 1);
            }
          const u = t.transposed();
          for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) assert.equal(u.get(j, i), t.get(i, j));
          assert.ok(u.transposed().equals(t));
        },
      ),
      { numRuns: 40, seed: 1 },
    );
  });

  it('popcount32', () => {
    assert.equal(popcount32(0), 0);
    assert.equal(popcount32(0xffffffff), 32);
    assert.equal(popcount32(0x80000001), 2);
  });
});

describe('BitTable.concatColumns', () => {
  it('equals bit-by-bit concatenation for widths around word boundaries', () => {
    for (const [a, b] of [
      [0, 3],
      [5, 0],
      [31, 2],
      [32, 33],
      [33, 64],
      [7, 90],
    ]) {
      const x = new BitTable(3, a);
      const y = new BitTable(3, b);
      let s = 12345;
      const bit = (): boolean => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) & 0x10000) !== 0;
      for (let r = 0; r < 3; r++) {
        for (let c = 0; c < a; c++) x.set(r, c, bit());
        for (let c = 0; c < b; c++) y.set(r, c, bit());
      }
      const z = x.concatColumns(y);
      assert.equal(z.numCols, a + b);
      for (let r = 0; r < 3; r++) {
        for (let c = 0; c < a; c++) assert.equal(z.get(r, c), x.get(r, c));
        for (let c = 0; c < b; c++) assert.equal(z.get(r, a + c), y.get(r, c), `a=${a} b=${b} r=${r} c=${c}`);
      }
    }
  });
});
