import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCircuit } from '../circuit/parser.js';
import { printCircuit } from '../circuit/printer.js';
import { applyNoise } from './apply-noise.js';
import { biased1, biased2, depolarizing2 } from './noise-model.js';
import { buildNoiseModel, catRates, NOISE_FAMILIES } from './noise-models.js';

const lines = (text: string): string[] =>
  printCircuit(parseCircuit(text))
    .trim()
    .split('\n')
    .map((s) => s.trim());

describe('noise rates', () => {
  it('biased channels reduce to depolarizing at η = 0.5 and to pure Z at η = ∞', () => {
    const [px, py, pz] = biased1(0.03, 0.5);
    assert.ok(Math.abs(px - 0.01) < 1e-15 && Math.abs(py - 0.01) < 1e-15 && Math.abs(pz - 0.01) < 1e-15);
    const b2 = biased2(0.15, 0.5);
    for (const v of b2) assert.ok(Math.abs(v - 0.01) < 1e-15, `biased2(η=0.5) entry ${v}`);
    assert.deepEqual(biased1(0.1, Infinity), [0, 0, 0.1]);
    const z = biased2(0.3, Infinity);
    assert.deepEqual(
      z.map((v, i) => (v > 0 ? i : -1)).filter((i) => i >= 0),
      [2, 11, 14],
    );
    // η = 100: pZ / (pX + pY) = 100 exactly, total p.
    const [bx, by, bz] = biased1(0.01, 100);
    assert.ok(Math.abs(bz / (bx + by) - 100) < 1e-9 && Math.abs(bx + by + bz - 0.01) < 1e-15);
    const s2 = biased2(0.01, 100).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(s2 - 0.01) < 1e-15);
  });

  it('cat rates: bit flips fall as exp(−2n̄), loss-induced phase flips grow with n̄', () => {
    const a = catRates(4, 1e-3, 1, 0.5);
    const b = catRates(8, 1e-3, 1, 0.5);
    assert.ok(Math.abs(b.x / a.x - Math.exp(-8)) < 1e-12);
    assert.ok(Math.abs(b.zIdle / a.zIdle - 2) < 1e-12);
    assert.ok(Math.abs(a.zTarget - 0.5 * 4 * 1e-3) < 1e-15);
  });

  it('cat CX: the control pays the full loss of the gate plus π²/(64 n̄ κ2T); prep and measure have their own times', () => {
    // n̄ = 4, κ1/κ2 = 1e-3, κ2T = 2: loss over the gate 4·1e-3·2 = 8e-3, non-adiabatic π²/512.
    const r = catRates(4, 1e-3, 2, 0.5, { ktPrep: 0.5, ktMeas: 3 });
    assert.ok(Math.abs(r.zControl - (8e-3 + (Math.PI * Math.PI) / 512)) < 1e-15);
    assert.ok(Math.abs(r.zIdle - 8e-3) < 1e-15);
    assert.ok(Math.abs(r.zTarget - 4e-3) < 1e-15 && Math.abs(r.zz - 4e-3) < 1e-15);
    assert.ok(Math.abs(r.zPrepare - 2e-3) < 1e-15 && Math.abs(r.zMeasure - 12e-3) < 1e-15);
    // Without separate times, preparation and measurement take the CX time.
    const d = catRates(4, 1e-3, 2, 0.5);
    assert.equal(d.zPrepare, d.zIdle);
    assert.equal(d.zMeasure, d.zIdle);
    // The model puts them on the circuit: resets and measurements flip with their own rates.
    const m = buildNoiseModel('cat', { nbar: 4, k1k2: 1e-3, kt: 2, 'kt-prep': 0.5, 'kt-meas': 3 });
    assert.ok(Math.abs((m.resetFlip ?? 0) - 2e-3) < 1e-15);
    assert.ok(Math.abs((m.measureFlip ?? 0) - 12e-3) < 1e-15);
    assert.ok(Math.abs((m.gate2 ?? [])[11] - r.zControl) < 1e-15);
  });

  it('biased: eta-cx sets the bias after CX (a two-level CX does not keep the bias)', () => {
    const keep = buildNoiseModel('biased', { p: 0.01, eta: 100 });
    assert.deepEqual(keep.gate2, biased2(0.01, 100));
    const dep = buildNoiseModel('biased', { p: 0.01, eta: 100, 'eta-cx': 0.5 });
    assert.deepEqual(dep.gate2, biased2(0.01, 0.5));
    assert.deepEqual(dep.gate1, biased1(0.01, 100));
    // η = 0.5 is depolarizing: all 15 two-qubit Paulis equally likely.
    const g = dep.gate2 ?? [];
    for (const v of g) assert.ok(Math.abs(v - 0.01 / 15) < 1e-15);
  });

  it('every family builds and validates with its defaults plus p', () => {
    for (const f of NOISE_FAMILIES) {
      const params: Record<string, number> = {};
      for (const p of f.params) if (p.default === undefined) params[p.name] = p.name === 'nbar' ? 4 : 0.001;
      const m = buildNoiseModel(f.name, params);
      assert.equal(m.name, f.name);
    }
    assert.throws(() => buildNoiseModel('uniform', {}), /needs parameter 'p'/);
    assert.throws(() => buildNoiseModel('uniform', { p: 2 }), /outside/);
    assert.throws(() => buildNoiseModel('uniform', { p: 0.1, bogus: 1 }), /no parameter 'bogus'/);
    assert.throws(() => buildNoiseModel('nope'), /unknown noise model 'nope'/);
  });
});

describe('applyNoise', () => {
  it("uniform noise is placed as Stim's generated circuits place it", () => {
    const c = parseCircuit('R 0 1 2\nTICK\nI[round] 0 2\nH 1\nTICK\nCX 0 1\nTICK\nMR 1\nM 0 2');
    const noisy = lines(printCircuit(applyNoise(c, buildNoiseModel('uniform', { p: 0.01 }))));
    assert.deepEqual(noisy, [
      'R 0 1 2',
      'X_ERROR(0.01) 0 1 2',
      'TICK',
      'I[round] 0 2',
      'DEPOLARIZE1(0.01) 0 2',
      'H 1',
      'DEPOLARIZE1(0.01) 1',
      'TICK',
      'CX 0 1',
      'DEPOLARIZE2(0.01) 0 1',
      'TICK',
      'X_ERROR(0.01) 1',
      'MR 1',
      'X_ERROR(0.01) 1',
      'X_ERROR(0.01) 0 2',
      'M 0 2',
    ]);
  });

  it('X-basis measurements and resets get Z flips; MPP gets its flip argument', () => {
    const c = parseCircuit('RX 0\nTICK\nMX 0\nMPP X0*X1');
    const noisy = lines(
      printCircuit(applyNoise(c, { name: 't', params: {}, measureFlip: 0.1, resetFlip: 0.2 })),
    );
    assert.deepEqual(noisy, ['RX 0', 'Z_ERROR(0.2) 0', 'TICK', 'Z_ERROR(0.1) 0', 'MX 0', 'MPP(0.1) X0*X1']);
  });

  it('idle noise goes on qubits not acted on in a moment; SI1000 distinguishes measurement moments', () => {
    const c = parseCircuit('R 0 1 2\nTICK\nH 0\nTICK\nM 1');
    const m = buildNoiseModel('si1000', { p: 0.01 });
    const noisy = lines(printCircuit(applyNoise(c, m)));
    assert.deepEqual(noisy, [
      'R 0 1 2',
      'X_ERROR(0.02) 0 1 2',
      'TICK',
      'H 0',
      'DEPOLARIZE1(0.001) 0',
      'DEPOLARIZE1(0.001) 1 2',
      'TICK',
      'X_ERROR(0.05) 1',
      'M 1',
      'DEPOLARIZE1(0.02) 0 2',
    ]);
  });

  it('biased two-qubit noise becomes PAULI_CHANNEL_2 with the Z-type entries dominant', () => {
    const c = parseCircuit('CX 0 1');
    const noisy = applyNoise(c, { name: 't', params: {}, gate2: biased2(0.01, 10) });
    const item = noisy.items[1];
    assert.ok(item.kind === 'instruction' && item.gate.name === 'PAULI_CHANNEL_2');
    assert.ok(item.args[14] > item.args[4] * 19.99 && item.args[14] < item.args[4] * 20.01);
    const dep = applyNoise(c, { name: 't', params: {}, gate2: depolarizing2(0.015) });
    assert.equal(lines(printCircuit(dep))[1], 'DEPOLARIZE2(0.015) 0 1');
  });

  it('correlated noise: power law in distance, nearest neighbours at the given strength, cutoff respected', () => {
    const c = parseCircuit(
      'QUBIT_COORDS(0) 0\nQUBIT_COORDS(1) 1\nQUBIT_COORDS(3) 2\nR 0 1 2\nI[round] 0 1 2',
    );
    const m = buildNoiseModel('none', { corr: 0.01, 'corr-exp': 2, 'corr-cutoff': 1e-3 });
    const es = applyNoise(c, m).items.filter((x) => x.kind === 'instruction' && x.gate.name === 'E');
    // pairs: (0,1) r=1 → 0.01; (0,2) r=3 → 0.01/9; (1,2) r=2 → 0.0025.
    const ps = es.map((x) => (x.kind === 'instruction' ? x.args[0] : 0)).sort((a, b) => a - b);
    assert.equal(ps.length, 3);
    assert.ok(
      Math.abs(ps[0] - 0.01 / 9) < 1e-15 &&
        Math.abs(ps[1] - 0.0025) < 1e-15 &&
        Math.abs(ps[2] - 0.01) < 1e-15,
    );
    const local = applyNoise(c, buildNoiseModel('none', { corr: 0.01, 'corr-exp': 50 }));
    assert.equal(local.items.filter((x) => x.kind === 'instruction' && x.gate.name === 'E').length, 1);
    assert.throws(() => applyNoise(parseCircuit('I[round] 0'), m), /coordinates/);
  });

  it('bursts hit only the qubits near the centre during their rounds (REPEAT unrolled)', () => {
    const c = parseCircuit('QUBIT_COORDS(0, 0) 0\nQUBIT_COORDS(5, 0) 1\nREPEAT 4 {\nI[round] 0 1\nTICK\n}');
    const m = buildNoiseModel('none', {
      'burst-p': 0.3,
      'burst-radius': 1,
      'burst-start': 1,
      'burst-rounds': 2,
    });
    const text = lines(printCircuit(applyNoise(c, m)));
    assert.equal(text.filter((l) => l === 'DEPOLARIZE1(0.3) 0').length, 2);
    assert.ok(!text.some((l) => l.startsWith('REPEAT')));
    assert.equal(text.indexOf('DEPOLARIZE1(0.3) 0'), text.indexOf('I[round] 0 1', 4) + 1);
  });

  it('code capacity noise touches only the first round', () => {
    const c = parseCircuit('R 0 1\nI[round] 0 1\nMR 0\nREPEAT 3 {\nI[round] 0 1\nMR 0\n}');
    const text = lines(printCircuit(applyNoise(c, buildNoiseModel('code-capacity-x', { p: 0.1 }))));
    assert.equal(text.filter((l) => l === 'X_ERROR(0.1) 0 1').length, 1);
  });
});
