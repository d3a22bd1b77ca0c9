import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCircuit } from '../../src/index.js';
import { buildTimeline } from './timeline-model.js';
import { buildLab } from './lab-model.js';

describe('timeline model', () => {
  it('cuts at TICKs, drops noise, annotations and I, keeps REPEAT bodies once with their count', () => {
    const t = buildTimeline(
      parseCircuit(
        'QUBIT_COORDS(0, 0) 0\nR 0 1 2\nTICK\nH 0\nI 1\nTICK\nCX 0 1 2 1\nDEPOLARIZE2(0.1) 0 1\nTICK\nREPEAT 3 {\n  MR 1\n  DETECTOR rec[-1]\n  TICK\n  CZ 0 2\n}\nMPP X0*X2\nM 0',
      ),
    );
    assert.deepEqual(t.qubits, [0, 1, 2]);
    assert.deepEqual(
      t.layers.map((l) => [
        l.repeat,
        l.repetitions,
        l.ops.map((o) => `${o.gate}:${o.kind}:${o.qubits.join(',')}`),
      ]),
      [
        [-1, 1, ['R:reset:0', 'R:reset:1', 'R:reset:2']],
        [-1, 1, ['H:gate1:0']],
        [-1, 1, ['CX:gate2:0,1', 'CX:gate2:2,1']],
        [0, 3, ['MR:measure-reset:1']],
        [0, 3, ['CZ:gate2:0,2']],
        [-1, 1, ['MPP:product:0,2', 'M:measure:0']],
      ],
    );
  });

  it('a d=5 rotated surface round is 6 layers (H, 4 CX layers, H) plus MR', () => {
    const exp = buildLab({
      source: 'generate',
      code: 'rotated-surface',
      task: 'memory-z',
      distance: '5',
      rounds: '5',
      noise: 'none',
      params: {},
      stim: '',
    });
    const t = buildTimeline(exp.drawCircuit);
    assert.equal(t.qubits.length, 49);
    const rep = t.layers.filter((l) => l.repeat === 0);
    assert.equal(rep[0].repetitions, 4);
    const cx = rep.filter((l) => l.ops.every((o) => o.kind === 'gate2'));
    assert.equal(cx.length, 4);
    // Every CX layer of the rotated code touches each check at most once: 4 layers × ≤ 24 ops.
    for (const l of cx) assert.ok(l.ops.length <= 24 && l.ops.length >= 16, `${l.ops.length} CX`);
    assert.equal(
      cx.reduce((s, l) => s + l.ops.length, 0),
      4 * 16 + 8 * 2,
      'weight-4 bulk and weight-2 boundary checks',
    );
  });
});
