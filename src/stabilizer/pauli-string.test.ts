import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PauliString } from './pauli-string.js';
import { matApproxEqual, matFromRows, matIdentity, matKron, matMul, matScale } from '../math/matrix.js';
import { complex } from '../math/complex.js';

// Independent truth: dense matrices of the Pauli strings (qubit k = bit k, little-endian).
const I2 = matIdentity(2);
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
const PHASES = [complex(1), complex(0, 1), complex(-1), complex(0, -1)];

function matrixOf(p: PauliString): Float64Array {
  let m = matIdentity(1);
  for (let k = 0; k < p.numQubits; k++) {
    const c = p.pauliAt(k);
    const f = c === 'X' ? X2 : c === 'Y' ? Y2 : c === 'Z' ? Z2 : I2;
    m = matKron(f, m);
  }
  return matScale(m, PHASES[p.phase]);
}

const paulisArb = (n: number) =>
  fc.tuple(
    fc.array(fc.constantFrom('I', 'X', 'Y', 'Z'), { minLength: n, maxLength: n }),
    fc.integer({ min: 0, max: 3 }),
  );

function build([chars, phase]: [string[], number]): PauliString {
  const p = PauliString.parse(chars.join(''));
  p.phase = phase;
  return p;
}

describe('PauliString', () => {
  it('parses and prints Stim text', () => {
    assert.equal(PauliString.parse('+X_ZY').toString(), '+X_ZY');
    assert.equal(PauliString.parse('-iZZ').toString(), '-iZZ');
    assert.equal(PauliString.parse('iX').toString(), '+iX');
    assert.equal(PauliString.parse('XIZ').toString(), '+X_Z');
    assert.equal(PauliString.parse('-Y').sign, -1);
    assert.equal(PauliString.parse('X0*Z3').toString(), '+X__Z');
    // X0*Z0 = -iY0.
    assert.equal(PauliString.parse('X0*Z0').toString(), '-iY');
    assert.throws(() => PauliString.parse('XQ'), /unexpected character 'Q'/);
  });

  it('weight, identity, pauliAt across word boundaries', () => {
    const p = new PauliString(70);
    p.setPauli(0, 1, 0);
    p.setPauli(33, 1, 1);
    p.setPauli(69, 0, 1);
    assert.equal(p.weight, 3);
    assert.equal(p.pauliAt(33), 'Y');
    assert.equal(p.pauliAt(69), 'Z');
    assert.equal(p.pauliAt(68), 'I');
    assert.equal(p.isIdentity, false);
    assert.equal(new PauliString(70).isIdentity, true);
  });

  it('single-qubit products have the textbook phases', () => {
    const cases: [string, string, string][] = [
      ['X', 'Y', '+iZ'],
      ['Y', 'X', '-iZ'],
      ['Y', 'Z', '+iX'],
      ['Z', 'Y', '-iX'],
      ['Z', 'X', '+iY'],
      ['X', 'Z', '-iY'],
      ['X', 'X', '+_'],
      ['Y', 'Y', '+_'],
      ['-X', 'Y', '-iZ'],
    ];
    for (const [a, b, want] of cases)
      assert.equal(PauliString.parse(a).multiply(PauliString.parse(b)).toString(), want, `${a}*${b}`);
  });

  it('multiply matches dense matrix products (3 qubits, all phases)', () => {
    fc.assert(
      fc.property(paulisArb(3), paulisArb(3), (a, b) => {
        const pa = build(a);
        const pb = build(b);
        const prod = pa.multiply(pb);
        assert.ok(
          matApproxEqual(matrixOf(prod), matMul(matrixOf(pa), matrixOf(pb))),
          `${pa.toString()} * ${pb.toString()} = ${prod.toString()}`,
        );
        const left = pb.clone().mulLeft(pa);
        assert.ok(left.equals(prod));
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('commutes matches matrix commutation', () => {
    fc.assert(
      fc.property(paulisArb(3), paulisArb(3), (a, b) => {
        const pa = build(a);
        const pb = build(b);
        const ab = matMul(matrixOf(pa), matrixOf(pb));
        const ba = matMul(matrixOf(pb), matrixOf(pa));
        assert.equal(pa.commutes(pb), matApproxEqual(ab, ba));
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('long products: phase equals the product of per-qubit phases', () => {
    fc.assert(
      fc.property(paulisArb(77), paulisArb(77), (a, b) => {
        const pa = build(a);
        const pb = build(b);
        const prod = pa.multiply(pb);
        let phase = pa.phase + pb.phase;
        for (let k = 0; k < 77; k++) {
          const one = new PauliString(1);
          one.setPauli(0, pa.xBit(k), pa.zBit(k));
          const two = new PauliString(1);
          two.setPauli(0, pb.xBit(k), pb.zBit(k));
          const r = one.multiply(two);
          phase += r.phase;
          assert.equal(prod.pauliAt(k), r.pauliAt(0));
        }
        assert.equal(prod.phase, phase & 3);
      }),
      { seed: 13, numRuns: 100 },
    );
  });

  it('multiplication is associative', () => {
    fc.assert(
      fc.property(paulisArb(40), paulisArb(40), paulisArb(40), (a, b, c) => {
        const [pa, pb, pc] = [build(a), build(b), build(c)];
        assert.ok(
          pa
            .multiply(pb)
            .multiply(pc)
            .equals(pa.multiply(pb.multiply(pc))),
        );
      }),
      { seed: 14, numRuns: 100 },
    );
  });

  it('rejects mismatched sizes', () => {
    assert.throws(() => new PauliString(2).multiply(new PauliString(3)), /sizes differ/);
  });
});
