import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildLab, DEFAULT_FORM, generatorOf, inferLayout, noiseParamsOf, parseNumber } from './lab-model.js';
import { layoutCounts } from './layout-geometry.js';
import { parseCircuit } from '../../src/index.js';

const FORM = DEFAULT_FORM;

describe('lab model', () => {
  it('d=5 rotated surface: 25 data qubits, 24 checks (12 X, 12 Z), 120 detectors', () => {
    const exp = buildLab(FORM);
    const c = layoutCounts(exp.qubits);
    assert.equal(c.data, 25);
    assert.equal(c.checks, 24);
    assert.deepEqual(c.byType, { X: 12, Z: 12 });
    // memory-z, 5 rounds: 12 first-round Z detectors + 4 × 24 + 12 final = 120.
    assert.equal(exp.numDetectors, 120);
    assert.equal(exp.numObservables, 1);
    assert.deepEqual(exp.generator?.noiseParams, { p: 0.003 });
    assert.equal(exp.generator?.rounds, 5, 'empty rounds means rounds = d');
    // Detectors sit on check qubits; their times are the rounds 0..5.
    const checks = new Set(exp.qubits.filter((q) => q.kind === 'check').map((q) => `${q.x},${q.y}`));
    for (const d of exp.detectors) assert.ok(checks.has(`${d.x},${d.y}`), `detector at ${d.x},${d.y}`);
    assert.deepEqual([...new Set(exp.detectors.map((d) => d.t))].sort(), [0, 1, 2, 3, 4, 5]);
  });

  it('a pasted circuit is laid out from QUBIT_COORDS with roles from measurement counts', () => {
    const gen = buildLab(FORM);
    const pasted = buildLab({ ...FORM, source: 'stim', stim: gen.circuitText });
    const c = layoutCounts(pasted.qubits);
    assert.equal(c.data, 25);
    assert.equal(c.checks, 24);
    assert.deepEqual(c.byType, { '?': 24 });
    assert.equal(pasted.numDetectors, 120);
    // Same positions as the generated layout.
    const key = (q: { q: number; x: number; y: number }): string => `${q.q}:${q.x},${q.y}`;
    assert.deepEqual(pasted.qubits.map(key).sort(), gen.qubits.map(key).sort());
  });

  it('qubits without coordinates go on a row below; equal measurement counts mean all data', () => {
    const qs = inferLayout(parseCircuit('QUBIT_COORDS(0, 0) 0\nQUBIT_COORDS(2, 1) 1\nH 0\nCX 0 2\nM 0 1 2'));
    assert.deepEqual(
      qs.map((q) => [q.q, q.x, q.y, q.kind]),
      [
        [0, 0, 0, 'data'],
        [1, 2, 1, 'data'],
        [2, 0, 3, 'data'],
      ],
    );
  });

  it('errors name the field', () => {
    assert.throws(() => buildLab({ ...FORM, distance: 'five' }), /distance: expected a number, got 'five'/);
    assert.throws(
      () => buildLab({ ...FORM, distance: '4' }),
      /distance of 'rotated-surface' must be an odd integer ≥ 3, got 4/,
    );
    assert.throws(() => buildLab({ ...FORM, rounds: '0' }), /rounds must be an integer ≥ 1/);
    assert.throws(() => buildLab({ ...FORM, params: { p: '2' } }), /'p' = 2 is outside \[0, 1\]/);
    assert.throws(() => buildLab({ ...FORM, source: 'stim', stim: 'H 0\nCX 0\n' }), /circuit:2/);
  });

  it('noise parameters: the family own ones then idle, pm, pr; none for no noise', () => {
    assert.deepEqual(
      noiseParamsOf('biased').map((s) => s.name),
      ['p', 'eta', 'eta-cx', 'idle', 'pm', 'pr'],
    );
    assert.deepEqual(noiseParamsOf('none'), []);
    assert.equal(parseNumber('1e-3', 'p'), 0.001);
    assert.equal(parseNumber('Infinity', 'eta'), Infinity);
    assert.deepEqual(
      generatorOf({ ...FORM, noise: 'biased', params: { p: '0.01', eta: '', pm: '0.02' } }).noiseParams,
      {
        p: 0.01,
        pm: 0.02,
      },
    );
  });
});
