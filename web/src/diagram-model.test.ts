import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCircuit, timelineSvg, ValidationError } from '../../src/index.js';
import { defaultTicks, labDiagram } from './diagram-model.js';
import { buildLab, DEFAULT_FORM } from './lab-model.js';

const D3 = { ...DEFAULT_FORM, distance: '3' };

/** Every `data-NAME` value of elements with class `cls`, in document order. */
const data = (svg: string, cls: string, name: string): string[] =>
  [...svg.matchAll(new RegExp(`<[a-z]+ class="${cls}"[^>]*?\\sdata-${name}="([^"]*)"`, 'g'))].map(
    (m) => m[1],
  );

describe('diagram model', () => {
  it('the timeline is the one of the Stim text the lab shows, with the command that prints it', () => {
    const exp = buildLab(D3);
    assert.equal(defaultTicks(exp.circuit), '0:9');
    const d = labDiagram(exp, { type: 'timeline-svg', ticks: '0:9', removeNoise: true });
    // The CLI reads the downloaded text: the same circuit, so the same SVG.
    assert.equal(d.svg, timelineSvg(parseCircuit(exp.circuitText), { ticks: [0, 9], removeNoise: true }));
    assert.deepEqual(d.commands, [
      'qec diagram --in circuit.stim --type timeline-svg --tick 0:9 --remove-noise',
    ]);
    const ticks = data(d.svg, 'op', 'tick').map(Number);
    assert.deepEqual([...new Set(ticks)], [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.ok(!data(d.svg, 'op', 'gate').some((g) => g.includes('DEPOLARIZE') || g === 'X_ERROR'));
    // With noise kept: the noise channels appear, and the command has no --remove-noise.
    const noisy = labDiagram(exp, { type: 'timeline-svg', ticks: '2', removeNoise: false });
    assert.ok(data(noisy.svg, 'op', 'gate').includes('DEPOLARIZE2'));
    assert.deepEqual(noisy.commands, ['qec diagram --in circuit.stim --type timeline-svg --tick 2:3']);
  });

  it('detector slices: one panel per tick of the range; matching graph: every detector of the DEM', () => {
    const exp = buildLab(D3);
    const ds = labDiagram(exp, { type: 'detslice-svg', ticks: '4:7', removeNoise: true });
    assert.deepEqual(data(ds.svg, 'slice', 'tick'), ['4', '5', '6']);
    assert.deepEqual(ds.commands, ['qec diagram --in circuit.stim --type detslice-svg --tick 4:7']);
    const mg = labDiagram(exp, { type: 'matchgraph-svg', ticks: 'ignored', removeNoise: true });
    assert.equal(data(mg.svg, 'detector', 'detector').length, exp.numDetectors);
    assert.match(mg.commands[0], /--decompose-errors --approximate-disjoint-errors/);
    assert.equal(mg.fileName, 'matchgraph.svg');
  });

  it('bad ticks: a ValidationError naming the ticks field', () => {
    const exp = buildLab(D3);
    for (const [ticks, re] of [
      ['x', /^ticks expects T or A:B/],
      ['5:5', /^ticks 5:5: the range A:B is half-open/],
      ['0:1000', /^ticks 0:1000: at most 256 detector slices/],
    ] as const)
      assert.throws(
        () => labDiagram(exp, { type: 'detslice-svg', ticks, removeNoise: false }),
        (e: unknown) => e instanceof ValidationError && re.test(e.message),
        ticks,
      );
  });
});
