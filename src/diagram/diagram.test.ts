import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { parseCircuit } from '../circuit/parser.js';
import { parseDem } from '../dem/dem-parser.js';
import { flattenDem } from '../dem/flatten.js';
import { detsliceSvg } from './detslice-svg.js';
import { matchgraphSvg } from './matchgraph-svg.js';
import { timelineSvg } from './timeline-svg.js';
import { MAX_DETSLICE_PANELS, parseTickRange, ticksOf } from './ticks.js';
import { ValidationError } from '../base/errors.js';

const VECTORS = new URL('../../../shared/vectors/', import.meta.url);
const SURFACE = 'surface_code-rotated_memory_z-d3-r3-p0.001';
const circuitOf = (name: string): ReturnType<typeof parseCircuit> =>
  parseCircuit(readFileSync(new URL(`circuits/${name}.stim`, VECTORS), 'utf8'));

/** Every `data-NAME` attribute value of elements with class `cls`, in document order. */
function data(svg: string, cls: string, name: string): string[] {
  const re = new RegExp(`<[a-z]+ class="${cls}"[^>]*?\\sdata-${name}="([^"]*)"`, 'g');
  return [...svg.matchAll(re)].map((m) => m[1]);
}

/** Parses the SVG with resvg (a strict XML parser): throws on malformed output. */
function parses(svg: string): void {
  const r = new Resvg(svg);
  assert.ok(r.width > 0 && r.height > 0);
}

const count = (xs: readonly string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
};

describe('timeline-svg', () => {
  it("draws one op per gate application of Stim's d=3 surface circuit (counts from Stim, REPEAT unrolled)", () => {
    const svg = timelineSvg(circuitOf(SURFACE));
    parses(svg);
    // Stim 1.16: the flattened circuit's applications per gate (two-qubit gates per pair).
    assert.deepEqual(count(data(svg, 'op', 'gate')), {
      R: 17,
      X_ERROR: 74,
      DEPOLARIZE1: 51,
      H: 24,
      CX: 72,
      DEPOLARIZE2: 72,
      MR: 24,
      M: 9,
    });
    // 17 qubits drawn as wires; a dashed line wherever a new tick starts (every TICK has ops after it).
    assert.equal(data(svg, 'wire', 'qubit').length, 17);
    assert.equal((svg.match(/<line class="tick"/g) ?? []).length, 21);
  });

  it('ops on one wire never share a column, and keep circuit order', () => {
    const c = parseCircuit('H 0\nCX 0 2\nX 1\nTICK\nCZ 0 1\nM 2\nTICK\nMPP X0*Z1 Y2\nCX rec[-1] 1');
    const svg = timelineSvg(c);
    parses(svg);
    assert.deepEqual(data(svg, 'op', 'gate'), ['H', 'CX', 'X', 'CZ', 'M', 'MPP', 'MPP', 'CX']);
    assert.deepEqual(data(svg, 'op', 'qubits'), ['0', '0 2', '1', '0 1', '2', '0 1', '2', '1']);
    assert.deepEqual(data(svg, 'op', 'tick'), ['0', '0', '0', '1', '1', '2', '2', '2']);
    // Columns: CX 0 2 spans wire 1, so X 1 waits a column; the next tick starts a new column.
    assert.deepEqual(data(svg, 'op', 'col').map(Number), [0, 1, 2, 3, 3, 4, 4, 5]);
    // MPP's Pauli letters and the classically controlled CX are labelled.
    assert.match(svg, />MPP:X</);
    assert.match(svg, />MPP:Y</);
    assert.match(svg, />CX\^c</);
  });

  it('--tick A:B keeps the ops of those ticks; --remove-noise drops noise channels', () => {
    const c = circuitOf(SURFACE);
    const ticks = data(timelineSvg(c, { ticks: [3, 6] }), 'op', 'tick').map(Number);
    assert.ok(ticks.length > 0 && ticks.every((t) => t >= 3 && t < 6));
    assert.deepEqual(new Set(ticks), new Set([3, 4, 5]));
    const gates = new Set(data(timelineSvg(c, { removeNoise: true }), 'op', 'gate'));
    assert.deepEqual([...gates].sort(), ['CX', 'H', 'M', 'MR', 'R']);
  });
});

describe('detslice-svg', () => {
  it("draws each detector's slice at a tick exactly as Stim's detecting_regions gives it", () => {
    const want = readFileSync(
      new URL(`../dem/testdata/${SURFACE}.detecting-regions.txt`, import.meta.url),
      'utf8',
    )
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => l.split(' '));
    const svg = detsliceSvg(circuitOf(SURFACE), { ticks: [5, 12] });
    parses(svg);
    const panels = svg.split('<g class="slice"').slice(1);
    assert.equal(panels.length, 2);
    [5, 12].forEach((tick, k) => {
      // Stim numbers the instant of the t-th TICK t − 1.
      const rows = want.filter(([t]) => Number(t) === tick - 1);
      assert.ok(rows.length > 0);
      assert.deepEqual(
        data(panels[k], 'detector', 'detector').map((d) => `D${d}`),
        rows.map((r) => r[1]),
      );
      assert.deepEqual(
        data(panels[k], 'detector', 'terms'),
        rows.map((r) => r[2]),
      );
      const terms = rows.reduce((a, r) => a + r[2].split('*').length, 0);
      assert.equal((panels[k].match(/class="term"/g) ?? []).length, terms);
    });
  });

  it('detector coordinates are attached, and --filter-coords keeps matching detectors only', () => {
    const c = circuitOf(SURFACE);
    const all = detsliceSvg(c, { ticks: [20] });
    const coords = data(all, 'detector', 'coords');
    assert.ok(coords.length > 0 && coords.every((s) => s.split(',').length === 3), coords.join(' '));
    const first = coords[0].split(',').slice(0, 2).map(Number);
    const kept = detsliceSvg(c, { ticks: [20], filter: [{ coords: first }] });
    const keptCoords = data(kept, 'detector', 'coords');
    assert.ok(keptCoords.length >= 1 && keptCoords.length < coords.length);
    assert.ok(keptCoords.every((s) => s.startsWith(`${first.join(',')},`)));
    assert.deepEqual(
      data(detsliceSvg(c, { ticks: [20], filter: [{ detector: 17 }] }), 'detector', 'detector'),
      ['17'],
    );
  });
});

describe('matchgraph-svg', () => {
  it("draws every detector and each distinct graphlike edge of Stim's DEM once (counts from Stim)", () => {
    const dem = flattenDem(parseDem(readFileSync(new URL(`dems/${SURFACE}.dem`, VECTORS), 'utf8')));
    const svg = matchgraphSvg(dem);
    parses(svg);
    // Stim 1.16 on the flattened DEM: 24 detectors, 78 distinct graphlike components, 24 of them
    // boundary edges, 8 flipping L0, no hyperedges.
    assert.deepEqual(
      data(svg, 'detector', 'detector').map(Number),
      Array.from({ length: 24 }, (_, i) => i),
    );
    const inner = data(svg, 'edge', 'detectors');
    const boundary = data(svg, 'boundary-edge', 'detectors');
    assert.equal(inner.length + boundary.length, 78);
    assert.equal(boundary.length, 24);
    assert.equal(new Set([...inner, ...boundary]).size, 78);
    const obs = (svg.match(/data-obs="1"/g) ?? []).length;
    assert.equal(obs, 8);
    assert.ok(inner.every((s) => s.split(' ').length === 2) && boundary.every((s) => !s.includes(' ')));
  });
});

describe('--tick ranges', () => {
  it('T is [T, T+1), A:B half-open, blank is everything; bad text and B ≤ A are ValidationErrors', () => {
    assert.deepEqual(parseTickRange('3'), [3, 4]);
    assert.deepEqual(parseTickRange(' 2:7 '), [2, 7]);
    assert.equal(parseTickRange(undefined), undefined);
    assert.equal(parseTickRange(''), undefined);
    assert.deepEqual(ticksOf([2, 5]), [2, 3, 4]);
    for (const bad of ['-1', '1:', 'a', '1:2:3', '4:4', '5:3'])
      assert.throws(
        () => parseTickRange(bad, 'ticks'),
        (e: unknown) => e instanceof ValidationError && e.message.startsWith('ticks '),
        bad,
      );
    assert.throws(() => ticksOf([0, MAX_DETSLICE_PANELS + 1]), /at most 256 detector slices/);
    assert.doesNotThrow(() => ticksOf([0, MAX_DETSLICE_PANELS]));
  });
});
