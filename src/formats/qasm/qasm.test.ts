import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LimitError, ParseError, UnsupportedError } from '../../base/errors.js';
import { parseCircuit } from '../../circuit/parser.js';
import { printCircuit } from '../../circuit/printer.js';
import { importQasm } from './qasm-import.js';
import { exportQasm3 } from './qasm-export.js';
import { parseQasm } from './qasm-parser.js';

const stim = (qasm: string): string => printCircuit(importQasm(qasm).circuit).trim();

describe('OpenQASM import', () => {
  it('OpenQASM 2 with qelib1 gates, registers, broadcasting and measurement', () => {
    const text = `OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
creg c[3];
h q[0];
cx q[0],q[1];
cx q[1],q[2];
barrier q;
rz(pi/4) q[2];
u3(pi/2, 0, pi) q[1];
measure q -> c;
`;
    const r = importQasm(text);
    assert.equal(
      printCircuit(r.circuit).trim(),
      [
        'H 0',
        'CX 0 1',
        'CX 1 2',
        'TICK',
        `ROT_Z(${Math.PI / 4}) 2`,
        `U3(${Math.PI / 2}, 0, ${Math.PI}) 1`,
        'M 0 1 2',
      ].join('\n'),
    );
    assert.deepEqual(r.classicalRegisters[0].records, [0, 1, 2]);
  });

  it('OpenQASM 3 as Braket and Qiskit emit it: qubit/bit declarations, assignments, gate definitions', () => {
    const text = `OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] b;
gate bell a, c { h a; cx a, c; }
bell q[0], q[1];
b[1] = measure q[1];
b[0] = measure q[0];
reset q[0];
`;
    const r = importQasm(text);
    assert.equal(printCircuit(r.circuit).trim(), ['H 0', 'CX 0 1', 'M 1', 'M 0', 'R 0'].join('\n'));
    assert.deepEqual(r.classicalRegisters[0].records, [1, 0]);
    assert.equal(stim('OPENQASM 3;\nh $0;\ncx $0, $3;\n'), 'H 0\nCX 0 3');
  });

  it('expands standard gates without a table entry (crz) exactly in terms of table gates', () => {
    const out = stim('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncrz(0.5) q[0],q[1];\n');
    assert.equal(out, ['ROT_Z(0.25) 1', 'CX 0 1', 'ROT_Z(-0.25) 1', 'CX 0 1'].join('\n'));
  });

  it('single-bit if on a Pauli becomes a classically controlled Pauli', () => {
    const out = stim('OPENQASM 2.0;\nqreg q[2];\ncreg m[1];\nmeasure q[0] -> m[0];\nif (m==1) x q[1];\n');
    assert.equal(out, 'M 0\nCX rec[-1] 1');
  });

  it('errors name the line and column, and unsupported constructs name themselves', () => {
    const cases: [string, RegExp][] = [
      ['OPENQASM 2.0;\nqreg q[2];\nfoo q[0];\n', /gate 'foo' is not defined/],
      ['OPENQASM 2.0;\nqreg q[2];\nh q[5];\n', /3:3: index 5 is out of range/],
      ['OPENQASM 2.0;\nqreg q[2];\ncx q[0], q[0];\n', /same qubit twice/],
      ['OPENQASM 3.0;\nqubit[1] q;\nfor int i in [0:3] { h q[0]; }\n', /loops are not supported/],
      ['OPENQASM 3.0;\nqubit[2] q;\nctrl @ x q[0], q[1];\n', /modifiers/],
      ['OPENQASM 2.0;\nqreg q[1];\nh q[0]\n', /expected ';'/],
      ['OPENQASM 2.0;\nqreg q[1];\nrx(theta) q[0];\n', /unknown identifier 'theta'/],
      ['OPENQASM 2.0;\ninclude "mylib.inc";\n', /cannot include 'mylib.inc'/],
    ];
    for (const [text, re] of cases) {
      try {
        importQasm(text, 'f.qasm');
        assert.fail(`accepted: ${text}`);
      } catch (e) {
        assert.ok(e instanceof ParseError || e instanceof UnsupportedError, String(e));
        assert.match((e as Error).message, re);
        assert.match((e as Error).message, /^f\.qasm:\d+:\d+: /);
      }
    }
  });
});

describe('OpenQASM 3 export', () => {
  it('round-trips Clifford+T circuits through export and import (same printed circuit for native gates)', () => {
    const c = parseCircuit('H 0\nCX 0 1\nT 1\nS_DAG 0\nCZ 1 2\nROT_Y(0.3) 2\nM 0\nM 1\nM 2\nR 0');
    const back = importQasm(exportQasm3(c)).circuit;
    assert.equal(printCircuit(back), printCircuit(c));
  });
  it('writes other bases and Pauli products with basis changes, and refuses noise by name', () => {
    const q = exportQasm3(parseCircuit('MX 0\nMPP X0*Z1\nCX rec[-1] 2'));
    assert.ok(q.includes('c[1] = measure q[0];'));
    assert.ok(q.includes('if (c[1]) x q[2];'));
    // The exported program parses as OpenQASM 3.
    assert.equal(parseQasm(q).version, 3);
    assert.throws(() => exportQasm3(parseCircuit('X_ERROR(0.1) 0')), /X_ERROR.*no noise channels/);
  });

  it('a 10,000-term expression evaluates exactly; nesting beyond 1000 is a LimitError, not a stack overflow', () => {
    const head = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\n';
    const terms = Array.from({ length: 10000 }, (_, i) => String(i % 7)).join(' + ');
    const sum = Array.from({ length: 10000 }, (_, i) => i % 7).reduce((a, b) => a + b, 0) / 1e6;
    const c = importQasm(`${head}rz((${terms}) / 1000000) q[0];\n`).circuit;
    assert.equal(printCircuit(c), `ROT_Z(${sum}) 0`);
    assert.throws(
      () => importQasm(`${head}rz(${'('.repeat(20000)}1${')'.repeat(20000)}) q[0];\n`, 'p.qasm'),
      (e: unknown) =>
        e instanceof LimitError && /^p\.qasm:4:1004: expression nested more than 1000 deep/.test(e.message),
    );
    assert.equal(
      printCircuit(importQasm(`${head}rz(${'('.repeat(999)}1${')'.repeat(999)}) q[0];\n`).circuit),
      'ROT_Z(1) 0',
    );
  });
});
