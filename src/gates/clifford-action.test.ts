import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matAdjoint, matApproxEqual, matFromRows, matKron, matMul, matScale } from '../math/matrix.js';
import { CLIFFORD_ACTIONS, cliffordAction, pauliX, pauliZ } from './clifford-action.js';
import type { PauliBits } from './clifford-action.js';
import { GATE_DATA, GATE_ID } from './gate-data.js';

const PAULI = [
  matFromRows([
    [1, 0],
    [0, 1],
  ]),
  matFromRows([
    [0, 1],
    [1, 0],
  ]),
  matFromRows([
    [1, 0],
    [0, -1],
  ]),
  matFromRows([
    [0, { re: 0, im: -1 }],
    [{ re: 0, im: 1 }, 0],
  ]),
];

/** The dense matrix of a Pauli in PauliBits on `arity` qubits (little endian: target q = bit q). */
function pauliMatrix(bits: PauliBits, arity: number, negative = false): Float64Array {
  let m: Float64Array = new Float64Array([1, 0]);
  for (let q = 0; q < arity; q++) {
    const x = pauliX(bits, q);
    const z = pauliZ(bits, q);
    m = matKron(PAULI[x && z ? 3 : z ? 2 : x], m);
  }
  return negative ? matScale(m, -1) : m;
}

const CLIFFORDS = GATE_DATA.filter((g) => g.tableau !== undefined);

describe('shared Clifford action (gates/clifford-action.ts)', () => {
  it('exists exactly for the gates with a fixed tableau', () => {
    assert.equal(CLIFFORD_ACTIONS.length, GATE_DATA.length);
    for (const g of GATE_DATA) assert.equal(cliffordAction(g) !== undefined, g.tableau !== undefined, g.name);
    assert.ok(CLIFFORDS.length >= 40, `${CLIFFORDS.length} Clifford gates`);
  });

  for (const g of CLIFFORDS) {
    it(`${g.name}: U·G·U† and U†·G·U agree with the unitary for every generator G`, () => {
      const act = cliffordAction(g);
      assert.ok(act !== undefined && g.unitary !== undefined);
      assert.equal(act.arity, g.arity);
      const u = g.unitary;
      const ud = matAdjoint(u);
      for (let k = 0; k < 2 * act.arity; k++) {
        const gen = pauliMatrix(1 << k, act.arity);
        const forward = pauliMatrix(act.images[k], act.arity, ((act.signs >>> k) & 1) === 1);
        assert.ok(matApproxEqual(matMul(matMul(u, gen), ud), forward), `${g.name}: image of generator ${k}`);
        // The inverse images are unsigned: U†GU equals one of ±(the stated Pauli).
        const back = matMul(matMul(ud, gen), u);
        const inv = pauliMatrix(act.inverseImages[k], act.arity);
        assert.ok(
          matApproxEqual(back, inv) || matApproxEqual(back, matScale(inv, -1)),
          `${g.name}: inverse image of generator ${k}`,
        );
      }
    });
  }

  it('known values: H swaps X and Z; CX spreads X0 to X0X1 and Z1 to Z0Z1; S_DAG maps X to −Y', () => {
    const h = cliffordAction(GATE_DATA[GATE_ID.H]);
    assert.deepEqual(h?.images, [0b10, 0b01]);
    const cx = cliffordAction(GATE_DATA[GATE_ID.CX]);
    assert.deepEqual(cx?.images, [0b0101, 0b0010, 0b0100, 0b1010]);
    assert.deepEqual(cx?.inverseImages, [0b0101, 0b0010, 0b0100, 0b1010]);
    const sd = cliffordAction(GATE_DATA[GATE_ID.S_DAG]);
    assert.deepEqual([sd?.images, sd?.signs], [[0b11, 0b10], 0b01]);
  });
});
