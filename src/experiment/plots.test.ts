import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { footprintPlotSpec, type FootprintPoint } from './plots.js';

describe('footprintPlotSpec', () => {
  const line = (group: string, within: number): FootprintPoint[] =>
    [1e-4, 1e-6, 1e-8, 1e-12, 1e-15].map((target, i) => ({
      target,
      qubits: 10 * (i + 1),
      group,
      extrapolated: i >= within,
    }));

  it('keeps each line unbroken where it turns from solid (measured) to dashed (extrapolated)', () => {
    const spec = footprintPlotSpec([...line('a', 2), ...line('b', 0)]);
    const values = (spec.data as { values: (FootprintPoint & { basis: string })[] }).values;
    // a: 1e-4 and 1e-6 within; the dashed part starts at 1e-6 (drawn twice), so it has 4 points.
    const dashedA = values.filter((v) => v.group === 'a' && v.basis.startsWith('extrapolated'));
    assert.deepEqual(
      dashedA.map((v) => v.target).sort((x, y) => y - x),
      [1e-6, 1e-8, 1e-12, 1e-15],
    );
    assert.equal(values.filter((v) => v.group === 'a' && v.basis.startsWith('within')).length, 2);
    // b is all extrapolated: nothing added.
    assert.equal(values.filter((v) => v.group === 'b').length, 5);
  });

  it('labels the x axis at every plotted target', () => {
    const spec = footprintPlotSpec(line('a', 1));
    const x = (spec.encoding as { x: { axis: { values: number[]; labelOverlap: boolean } } }).x;
    assert.deepEqual(x.axis.values, [1e-4, 1e-6, 1e-8, 1e-12, 1e-15]);
    assert.equal(x.axis.labelOverlap, false);
  });
});
