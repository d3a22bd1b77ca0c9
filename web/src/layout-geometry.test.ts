import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { boundaryPoint, layoutCounts, layoutFrame } from './layout-geometry.js';
import { fmtNum } from './format.js';

describe('layout geometry', () => {
  it('frame, unit (nearest-neighbour spacing) and viewBox', () => {
    const f = layoutFrame([
      { x: 1, y: 1 },
      { x: 3, y: 1 },
      { x: 2, y: 2 },
      { x: 9, y: 5 },
    ]);
    assert.deepEqual([f.minX, f.minY, f.maxX, f.maxY], [1, 1, 9, 5]);
    assert.equal(f.unit, Math.SQRT2);
    const m = 1.2 * Math.SQRT2;
    assert.deepEqual(
      f.viewBox.split(' ').map(Number),
      [1 - m, 1 - m, 8 + 2 * m, 4 + 2 * m].map((v) => +v.toFixed(4)),
    );
    assert.equal(layoutFrame([]).unit, 1);
    assert.equal(
      layoutFrame([
        { x: 0, y: 0 },
        { x: 0, y: 0 },
      ]).unit,
      1,
      'coincident points do not set the unit',
    );
  });

  it('boundary matches leave through the nearest side', () => {
    const f = layoutFrame([
      { x: 0, y: 0 },
      { x: 10, y: 6 },
      { x: 1, y: 0 },
    ]);
    assert.deepEqual(boundaryPoint(f, 1, 3), { x: -0.8, y: 3 });
    assert.deepEqual(boundaryPoint(f, 9, 3), { x: 10.8, y: 3 });
    assert.deepEqual(boundaryPoint(f, 5, 5.5), { x: 5, y: 6.8 });
    assert.deepEqual(boundaryPoint(f, 5, 0.5), { x: 5, y: -0.8 });
  });

  it('counts by role and check type', () => {
    const c = layoutCounts([
      { q: 0, x: 0, y: 0, kind: 'data' },
      { q: 1, x: 1, y: 0, kind: 'check', checkType: 'X' },
      { q: 2, x: 2, y: 0, kind: 'check', checkType: 'Z' },
      { q: 3, x: 3, y: 0, kind: 'check', checkType: 'Z' },
    ]);
    assert.deepEqual(c, { data: 1, checks: 3, byType: { X: 1, Z: 2 } });
  });

  it('numbers: 3 significant digits, exponents below 1e-3 written 1e-6', () => {
    assert.equal(fmtNum(0.000001), '1e-6');
    assert.equal(fmtNum(0.00025), '2.5e-4');
    assert.equal(fmtNum(0.0123456), '0.0123');
    assert.equal(fmtNum(0), '0');
    assert.equal(fmtNum(12345), '12300');
    assert.equal(fmtNum(2e7), '2e7');
  });
});
