import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ParseError, UnsupportedError } from '../base/errors.js';
import { Circuit } from '../circuit/circuit.js';
import { parseCircuit } from '../circuit/parser.js';
import { GATE_ID, GATE_DATA } from '../gates/gate-data.js';
import { firstNonStabilizer, requireStabilizer } from './stabilizer-check.js';

describe('requireStabilizer', () => {
  it('points at the line and column of the first non-Clifford gate, inside REPEAT bodies too', () => {
    const c = parseCircuit('H 0\nREPEAT 3 {\n  CX 0 1\n    T 1\n}\nROT_Z(0.2) 0\nM 0 1\n', 'c.stim');
    assert.equal(firstNonStabilizer(c)?.gate.name, 'T');
    assert.throws(
      () => requireStabilizer(c, 'frame (Pauli-frame) sampler'),
      (e: unknown) =>
        e instanceof ParseError &&
        e.line === 4 &&
        e.column === 5 &&
        /^c\.stim:4:5: gate T is not supported by the frame \(Pauli-frame\) sampler/.test(e.headline),
    );
  });

  it('passes every Stim gate set circuit and names the gate when the circuit has no source', () => {
    const ok = parseCircuit(
      'R 0 1\nH 0\nCX 0 1\nDEPOLARIZE2(0.01) 0 1\nMPP X0*X1\nM 0 1\nDETECTOR rec[-1]\n',
    );
    assert.equal(firstNonStabilizer(ok), undefined);
    requireStabilizer(ok, 'tableau (stabilizer) simulator');
    const built = new Circuit([
      { kind: 'instruction', gate: GATE_DATA[GATE_ID.T], args: [], targets: [0], tag: '' },
    ]);
    assert.throws(
      () => requireStabilizer(built, 'tableau (stabilizer) simulator'),
      (e: unknown) =>
        e instanceof UnsupportedError && !(e instanceof ParseError) && /gate T /.test(e.message),
    );
  });
});
