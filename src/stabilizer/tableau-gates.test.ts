import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../base/prng.js';
import { GATE_DATA, gateByName } from '../gates/gate-data.js';
import { GATE_FLAGS } from '../gates/gate.js';
import { complex } from '../math/complex.js';
import {
  matAdjoint,
  matApproxEqual,
  matFromRows,
  matIdentity,
  matKron,
  matMul,
  matScale,
} from '../math/matrix.js';
import { PauliString } from './pauli-string.js';
import { Tableau } from './tableau.js';

const X2 = matFromRows([
  [0, 1],
  [1, 0],
]);
const Y2 = matFromRows([
  [0, complex(0, -1)],
  [complex(0, 1), 0],
]);
const Z2 = matFromRows([
  [1, 0],
  [0, -1],
]);

/** Dense matrix of a Pauli string; qubit k is bit k of the basis index (little-endian, as gate unitaries). */
function matrixOf(p: PauliString): Float64Array {
  let m = matIdentity(1);
  for (let k = 0; k < p.numQubits; k++) {
    const c = p.pauliAt(k);
    m = matKron(c === 'X' ? X2 : c === 'Y' ? Y2 : c === 'Z' ? Z2 : matIdentity(2), m);
  }
  return matScale(m, [complex(1), complex(0, 1), complex(-1), complex(0, -1)][p.phase]);
}

const CLIFFORDS = GATE_DATA.filter((g) => g.tableau !== undefined);

describe('Tableau.fromGate vs the gate table', () => {
  it('covers the Stim Clifford gates', () => {
    const names = new Set(CLIFFORDS.map((g) => g.name));
    for (const n of [
      'I',
      'X',
      'H',
      'S',
      'SQRT_X',
      'C_XYZ',
      'H_NXY',
      'CX',
      'CY',
      'CZ',
      'XCY',
      'ISWAP',
      'CXSWAP',
      'SQRT_YY_DAG',
    ])
      assert.ok(names.has(n), n);
    for (const g of CLIFFORDS) assert.ok((g.flags & GATE_FLAGS.STABILIZER) !== 0, g.name);
  });

  it('every Clifford gate: images valid and equal to U·P·U† from the unitary', () => {
    for (const g of CLIFFORDS) {
      const t = Tableau.fromGate(g);
      assert.ok(t.isValid(), g.name);
      const u = g.unitary;
      assert.ok(u !== undefined, `${g.name} has a unitary`);
      const n = t.numQubits;
      for (let k = 0; k < n; k++) {
        for (const [gen, img] of [
          ['X', t.xImage(k)],
          ['Z', t.zImage(k)],
          ['Y', t.yImage(k)],
        ] as const) {
          const p = new PauliString(n);
          p.setPauli(k, gen === 'Z' ? 0 : 1, gen === 'X' ? 0 : 1);
          const conj = matMul(matMul(u, matrixOf(p)), matAdjoint(u));
          assert.ok(matApproxEqual(conj, matrixOf(img)), `${g.name}: ${gen}${k} -> ${img.toString()}`);
        }
      }
    }
  });

  it('every Clifford gate: the inverse gate composes to the identity', () => {
    for (const g of CLIFFORDS) {
      const t = Tableau.fromGate(g);
      const inv = gateByName(g.inverse ?? g.name);
      assert.ok(inv !== undefined, `${g.name} inverse`);
      assert.ok(t.then(Tableau.fromGate(inv)).isIdentity(), `${g.name} then ${inv.name}`);
      assert.ok(t.inverse().equals(Tableau.fromGate(inv)), `${g.name} inverse()`);
    }
  });

  it('generic prepend of each gate equals then() with the embedded gate (3 qubits, random base)', () => {
    for (const g of CLIFFORDS) {
      const t = Tableau.fromGate(g);
      const qs = t.numQubits === 1 ? [2] : [2, 0];
      const base = Tableau.random(3, new Rng(g.id + 1));
      const a = base.clone();
      a.prepend(t, qs);
      const e = new Tableau(3);
      e.append(t, qs);
      assert.ok(a.equals(e.then(base)), g.name);
      const c = base.clone();
      c.prependCompiled(Tableau.compilePrepend(t), qs);
      assert.ok(c.equals(a), `${g.name} compiled path`);
      if (t.numQubits === 1) {
        const b = base.clone();
        b.prependSingleQubit(t, 2);
        assert.ok(b.equals(a), `${g.name} single-qubit path`);
      }
    }
  });

  it('prependGate / appendGate match prepend / append and validate qubits', () => {
    const cx = gateByName('CX');
    assert.ok(cx !== undefined);
    const base = Tableau.random(4, new Rng(99));
    const a = base.clone();
    a.prependGate(cx, [3, 1]);
    const b = base.clone();
    b.prepend(Tableau.fromGate(cx), [3, 1]);
    assert.ok(a.equals(b));
    const c = base.clone();
    c.appendGate(cx, [0, 2]);
    const e = new Tableau(4);
    e.append(Tableau.fromGate(cx), [0, 2]);
    assert.ok(c.equals(base.then(e)));
    assert.throws(() => base.clone().prependGate(cx, [1, 1]), /distinct/);
    assert.throws(() => base.clone().prependGate(cx, [1]), /2 qubit/);
    const m = gateByName('M');
    assert.ok(m !== undefined);
    assert.throws(() => base.clone().prependGate(m, [0]), /no stabilizer tableau/);
  });
});
