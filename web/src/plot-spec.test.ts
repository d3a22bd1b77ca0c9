import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { ratePlotSpec } from '../../src/index.js';
import { pageSpec } from './plot-spec.js';

/** Tick label texts of the rendered SVG (vega headless, no browser). */
async function axisLabels(spec: Record<string, unknown>): Promise<string[]> {
  const view = new vega.View(vega.parse(vl.compile(spec as unknown as TopLevelSpec).spec), {
    renderer: 'none',
  });
  try {
    const svg = await view.toSVG();
    return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  } finally {
    view.finalize();
  }
}

describe('plot spec for the page', () => {
  it('log axes label 1, 2, 5 × 10^k as 1e-6 … 0.01 … 0.5, never 0.000001', async () => {
    const points = [1e-3, 3e-3, 1e-2].flatMap((x, i) => [
      { x, rate: 1e-6 * 10 ** (2 * i), low: 5e-7 * 10 ** (2 * i), high: 2e-6 * 10 ** (2 * i), group: 'd=3' },
      { x, rate: 1e-7 * 10 ** (3 * i), low: 5e-8 * 10 ** (3 * i), high: 2e-7 * 10 ** (3 * i), group: 'd=5' },
    ]);
    const spec = pageSpec(
      ratePlotSpec(points, { title: 'T', xTitle: 'physical error rate p', yTitle: 'rate' }),
      500,
    );
    assert.equal(spec.width, 500);
    const labels = await axisLabels(spec);
    assert.ok(labels.includes('1e-6'), labels.join('|'));
    assert.ok(labels.includes('1e-3') || labels.includes('1e-4'), labels.join('|'));
    assert.ok(labels.includes('0.01'), labels.join('|'));
    assert.ok(labels.includes('2e-3') || labels.includes('5e-3'), labels.join('|'));
    assert.ok(!labels.some((l) => /^0\.000/.test(l)), `no 0.000… labels: ${labels.join('|')}`);
    assert.ok(!labels.some((l) => /^[346789]e/.test(l)), `only mantissas 1, 2, 5: ${labels.join('|')}`);
    assert.ok(labels.includes('d=3') && labels.includes('d=5'), 'legend has one entry per distance');
  });

  it('labels every exact mantissa on a narrow log range (0.02, 0.03, 0.04; never 0.018 or 0.046)', async () => {
    const points = [0.02, 0.04].flatMap((x) => [
      { x, rate: 5 * x, low: 4 * x, high: 6 * x, group: 'd=3' },
      { x, rate: 4 * x, low: 3 * x, high: 5 * x, group: 'd=5' },
    ]);
    const labels = await axisLabels(
      pageSpec(ratePlotSpec(points, { title: 'T', xTitle: 'physical error rate p', yTitle: 'rate' }), 500),
    );
    assert.ok(labels.includes('0.02'), labels.join('|'));
    for (const bad of ['0.018', '0.022', '0.024', '0.046'])
      assert.ok(!labels.includes(bad), `${bad}: ${labels.join('|')}`);
  });
});
