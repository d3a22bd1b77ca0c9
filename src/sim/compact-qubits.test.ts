import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../base/prng.js';
import { parseCircuit } from '../circuit/parser.js';
import { printCircuit } from '../circuit/printer.js';
import { compactQubits } from './compact-qubits.js';
import { sampleShots } from './state-vector/state-vector-simulator.js';

describe('compactQubits', () => {
  it('renumbers used qubits densely, inside REPEAT blocks and Pauli products, leaving MPAD alone', () => {
    const c = parseCircuit('H 7\nREPEAT 2 {\nCX 7 30\nMPP X7*Z30\n}\nMPAD 1\nM !30\nDETECTOR rec[-1]');
    const { circuit, originalQubit } = compactQubits(c);
    assert.deepEqual(originalQubit, [7, 30]);
    assert.equal(
      printCircuit(circuit).trim(),
      'H 0\nREPEAT 2 {\n    CX 0 1\n    MPP X0*Z1\n}\nMPAD 1\nM !1\nDETECTOR rec[-1]',
    );
    const dense = parseCircuit('H 0\nCX 0 1');
    assert.equal(compactQubits(dense).circuit, dense);
  });

  it('sampling a gapped circuit gives the same results as its dense twin', () => {
    const gapped = parseCircuit('X 3\nH 20\nCX 20 9\nM 3 9 20\nDETECTOR rec[-1] rec[-2]');
    const r = sampleShots(gapped, 20, new Rng(4));
    for (let s = 0; s < 20; s++) {
      assert.equal(r.measurements!.get(s, 0), true);
      assert.equal(r.measurements!.get(s, 1), r.measurements!.get(s, 2));
      assert.equal(r.detectors.get(s, 0), false);
    }
  });
});
