import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Gate } from './gate.js';
import { ARGS_ANY, ARGS_ZERO_OR_ONE, GATE_FLAGS } from './gate.js';
import {
  GATE_DATA,
  GATE_ID,
  allGateNames,
  gateByName,
  gateInverse,
  gateUnitary,
  suggestGateNames,
  targetGroupSize,
} from './gate-data.js';

const F = GATE_FLAGS;

// ---- Small dense complex matrices, written here so the checks do not depend on src/math. ------
// A matrix is { n, d } with d interleaved (re, im), row-major.
interface M {
  n: number;
  d: Float64Array;
}
const wrap = (d: Float64Array): M => ({ n: Math.round(Math.sqrt(d.length / 2)), d });
function mul(a: M, b: M): M {
  const n = a.n;
  const d = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < n; k++) {
        const ar = a.d[2 * (i * n + k)];
        const ai = a.d[2 * (i * n + k) + 1];
        const br = b.d[2 * (k * n + j)];
        const bi = b.d[2 * (k * n + j) + 1];
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      d[2 * (i * n + j)] = re;
      d[2 * (i * n + j) + 1] = im;
    }
  return { n, d };
}
function adj(a: M): M {
  const n = a.n;
  const d = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      d[2 * (j * n + i)] = a.d[2 * (i * n + j)];
      d[2 * (j * n + i) + 1] = -a.d[2 * (i * n + j) + 1];
    }
  return { n, d };
}
/** Kronecker product with `hi` on the more significant bits. */
function kron(hi: M, lo: M): M {
  const n = hi.n * lo.n;
  const d = new Float64Array(2 * n * n);
  for (let a = 0; a < hi.n; a++)
    for (let b = 0; b < hi.n; b++)
      for (let c = 0; c < lo.n; c++)
        for (let e = 0; e < lo.n; e++) {
          const hr = hi.d[2 * (a * hi.n + b)];
          const hm = hi.d[2 * (a * hi.n + b) + 1];
          const lr = lo.d[2 * (c * lo.n + e)];
          const lm = lo.d[2 * (c * lo.n + e) + 1];
          const r = a * lo.n + c;
          const col = b * lo.n + e;
          d[2 * (r * n + col)] = hr * lr - hm * lm;
          d[2 * (r * n + col) + 1] = hr * lm + hm * lr;
        }
  return { n, d };
}
function identity(n: number): M {
  const d = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) d[2 * (i * n + i)] = 1;
  return { n, d };
}
function maxDiff(a: M, b: M): number {
  let m = 0;
  for (let k = 0; k < a.d.length; k++) m = Math.max(m, Math.abs(a.d[k] - b.d[k]));
  return m;
}
/** max |a - e^{iφ} b| over the best global phase φ (taken from the largest entry of b). */
function diffUpToPhase(a: M, b: M): number {
  let best = 0;
  let k0 = 0;
  for (let k = 0; k < b.n * b.n; k++) {
    const m = Math.hypot(b.d[2 * k], b.d[2 * k + 1]);
    if (m > best) {
      best = m;
      k0 = k;
    }
  }
  // phase = a[k0] / b[k0]
  const ar = a.d[2 * k0];
  const ai = a.d[2 * k0 + 1];
  const br = b.d[2 * k0];
  const bi = b.d[2 * k0 + 1];
  const den = br * br + bi * bi;
  const pr = (ar * br + ai * bi) / den;
  const pi = (ai * br - ar * bi) / den;
  const scaled = new Float64Array(b.d.length);
  for (let k = 0; k < b.n * b.n; k++) {
    scaled[2 * k] = pr * b.d[2 * k] - pi * b.d[2 * k + 1];
    scaled[2 * k + 1] = pr * b.d[2 * k + 1] + pi * b.d[2 * k];
  }
  return maxDiff(a, { n: b.n, d: scaled });
}
function rows(rs: (number | [number, number])[][], scale = 1): M {
  const n = rs.length;
  const d = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const v = rs[i][j];
      d[2 * (i * n + j)] = (typeof v === 'number' ? v : v[0]) * scale;
      d[2 * (i * n + j) + 1] = (typeof v === 'number' ? 0 : v[1]) * scale;
    }
  return { n, d };
}
const PAULI: Record<string, M> = {
  I: rows([
    [1, 0],
    [0, 1],
  ]),
  _: rows([
    [1, 0],
    [0, 1],
  ]),
  X: rows([
    [0, 1],
    [1, 0],
  ]),
  Y: rows([
    [0, [0, -1]],
    [[0, 1], 0],
  ]),
  Z: rows([
    [1, 0],
    [0, -1],
  ]),
};
/** Dense matrix of a signed Pauli string like '-XZ' (character k = qubit k = bit k). */
function pauliMatrix(s: string): M {
  let sign = 1;
  let body = s;
  if (s.startsWith('-')) {
    sign = -1;
    body = s.slice(1);
  } else if (s.startsWith('+')) body = s.slice(1);
  let m = PAULI[body[0]];
  for (let k = 1; k < body.length; k++) m = kron(PAULI[body[k]], m);
  return { n: m.n, d: m.d.map((v) => v * sign) };
}
/** The operator of `u` (on 2^k dims) applied to the given qubits of an n-qubit register. */
function embed(u: M, qubits: number[], n: number): M {
  const N = 1 << n;
  const d = new Float64Array(2 * N * N);
  const mask = qubits.reduce((acc, q) => acc | (1 << q), 0);
  const sub = (i: number) => qubits.reduce((acc, q, j) => acc | (((i >> q) & 1) << j), 0);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) {
      if ((i & ~mask) !== (j & ~mask)) continue;
      d[2 * (i * N + j)] = u.d[2 * (sub(i) * u.n + sub(j))];
      d[2 * (i * N + j) + 1] = u.d[2 * (sub(i) * u.n + sub(j)) + 1];
    }
  return { n: N, d };
}

const has = (g: Gate, f: number) => (g.flags & f) !== 0;
const get = (name: string): Gate => {
  const g = gateByName(name);
  assert.ok(g !== undefined, `missing gate ${name}`);
  return g;
};
const FIXED_UNITARIES = GATE_DATA.filter((g) => g.unitary !== undefined);
const CLIFFORDS = GATE_DATA.filter((g) => g.tableau !== undefined);

/** Every instruction name of Stim 1.16's circuit language (doc/gates.md), canonical and aliases. */
const STIM_NAMES =
  `I X Y Z C_XYZ C_NXYZ C_XNYZ C_XYNZ C_ZYX C_ZYNX C_ZNYX C_NZYX H H_XZ H_XY H_YZ H_NXY H_NXZ H_NYZ
  S SQRT_Z S_DAG SQRT_Z_DAG SQRT_X SQRT_X_DAG SQRT_Y SQRT_Y_DAG CX CNOT ZCX CY ZCY CZ ZCZ XCX XCY XCZ YCX YCY YCZ
  SWAP ISWAP ISWAP_DAG CXSWAP SWAPCX CZSWAP SWAPCZ II SQRT_XX SQRT_XX_DAG SQRT_YY SQRT_YY_DAG SQRT_ZZ SQRT_ZZ_DAG
  MPP SPP SPP_DAG M MZ MR MRZ R RZ MX MRX RX MY MRY RY MXX MYY MZZ
  X_ERROR Y_ERROR Z_ERROR I_ERROR II_ERROR DEPOLARIZE1 DEPOLARIZE2 PAULI_CHANNEL_1 PAULI_CHANNEL_2 E
  CORRELATED_ERROR ELSE_CORRELATED_ERROR HERALDED_ERASE HERALDED_PAULI_CHANNEL_1
  DETECTOR OBSERVABLE_INCLUDE QUBIT_COORDS SHIFT_COORDS TICK MPAD REPEAT`.split(/\s+/);
const EXTENSION_NAMES =
  'T T_DAG ROT_X ROT_Y ROT_Z U3 CCX TOFFOLI CSWAP FREDKIN AMPLITUDE_DAMP PHASE_DAMP LEAK SEEP LRU'.split(' ');

describe('gate table: names', () => {
  it('ids are indices, records are frozen', () => {
    GATE_DATA.forEach((g, i) => {
      assert.equal(g.id, i);
      assert.ok(Object.isFrozen(g), g.name);
    });
    assert.ok(Object.isFrozen(GATE_DATA));
  });

  it('names and aliases are unique and upper case', () => {
    const seen = new Set<string>();
    for (const g of GATE_DATA)
      for (const n of [g.name, ...g.aliases]) {
        assert.ok(!seen.has(n), `duplicate ${n}`);
        assert.equal(n, n.toUpperCase());
        assert.match(n, /^[A-Z][A-Z0-9_]*$/);
        seen.add(n);
      }
  });

  it('covers exactly Stim 1.16 plus the documented extensions', () => {
    assert.deepEqual([...allGateNames()].sort(), [...STIM_NAMES, ...EXTENSION_NAMES].sort());
    for (const n of STIM_NAMES) assert.ok(has(get(n), F.STABILIZER), `${n} should be STABILIZER`);
    for (const n of EXTENSION_NAMES) assert.ok(!has(get(n), F.STABILIZER), `${n} must not be STABILIZER`);
  });

  it('aliases resolve to canonical Stim names, case-insensitively', () => {
    const cases: [string, string][] = [
      ['CNOT', 'CX'],
      ['zcx', 'CX'],
      ['ZCY', 'CY'],
      ['ZCZ', 'CZ'],
      ['H_XZ', 'H'],
      ['e', 'E'],
      ['CORRELATED_ERROR', 'E'],
      ['SQRT_Z', 'S'],
      ['sqrt_z_dag', 'S_DAG'],
      ['MZ', 'M'],
      ['RZ', 'R'],
      ['MRZ', 'MR'],
      ['SWAPCZ', 'CZSWAP'],
      ['toffoli', 'CCX'],
      ['Fredkin', 'CSWAP'],
      ['cx', 'CX'],
      ['Rx', 'RX'],
    ];
    for (const [alias, canonical] of cases) assert.equal(gateByName(alias)?.name, canonical, alias);
    assert.equal(gateByName('NOT_A_GATE'), undefined);
    assert.equal(gateByName(''), undefined);
  });

  it('GATE_ID maps every name and alias to the id', () => {
    assert.equal(GATE_ID.CX, GATE_ID.CNOT);
    assert.equal(GATE_DATA[GATE_ID.CX].name, 'CX');
    assert.equal(GATE_DATA[GATE_ID.MPP].name, 'MPP');
    assert.equal(GATE_ID.CORRELATED_ERROR, GATE_ID.E);
    assert.ok(Object.isFrozen(GATE_ID));
    for (const n of allGateNames())
      assert.equal(GATE_DATA[(GATE_ID as Record<string, number>)[n]], gateByName(n));
  });

  it('RX/RY are resets and rotations are ROT_*', () => {
    assert.equal(get('RX').category, 'reset');
    assert.equal(get('RZ').name, 'R');
    assert.equal(get('ROT_X').category, 'non-clifford');
  });

  it('suggests close names for typos', () => {
    assert.ok(suggestGateNames('CNTO').includes('CNOT'));
    assert.ok(suggestGateNames('DEPOLARIZE').includes('DEPOLARIZE1'));
    assert.ok(suggestGateNames('HH').includes('H'));
  });

  it('help text has a description and Args/Targets lines', () => {
    for (const g of GATE_DATA) {
      assert.ok(g.help.length > 20, g.name);
      assert.match(g.help, /\nArgs: .+\nTargets: .+$/, g.name);
    }
  });
});

describe('gate table: flags and shapes are consistent', () => {
  for (const g of GATE_DATA) {
    it(g.name, () => {
      const f = g.flags;
      // Unitary gates: an inverse, no probability args; fixed ones have a matrix of size 2^arity.
      if (has(g, F.UNITARY)) {
        assert.ok(g.inverse !== undefined && gateByName(g.inverse) !== undefined, 'inverse');
        assert.ok(!has(g, F.NOISE | F.PRODUCES_RESULTS | F.RESET | F.ANNOTATION | F.ARGS_ARE_PROBABILITIES));
        if (!has(g, F.TARGETS_PAULI_PRODUCTS))
          assert.ok(gateUnitary(g, new Array<number>(Math.max(0, g.argCount)).fill(0.3)) !== undefined);
      } else {
        assert.equal(g.inverse, undefined);
        assert.equal(g.unitary, undefined);
        assert.equal(g.tableau, undefined);
      }
      if (g.unitary !== undefined) {
        assert.equal(g.argCount, 0);
        assert.equal(g.unitary.length, 2 * (1 << g.arity) * (1 << g.arity));
      }
      // Tableaus exactly on the fixed Stim Cliffords.
      assert.equal(
        g.tableau !== undefined,
        has(g, F.UNITARY) && has(g, F.STABILIZER) && g.unitary !== undefined,
      );
      if (g.tableau !== undefined) {
        assert.equal(g.tableau.length, 2 * g.arity);
        for (const s of g.tableau) assert.match(s, new RegExp(`^[+-][IXYZ]{${g.arity}}$`));
        assert.ok(g.decomposition !== undefined, 'decomposition');
      }
      // Target shapes.
      assert.equal(has(g, F.TARGETS_PAIRS), g.arity === 2, 'pairs <=> arity 2');
      assert.equal(has(g, F.TARGETS_TRIPLES), g.arity === 3, 'triples <=> arity 3');
      if (has(g, F.TARGETS_PAIRS)) assert.ok(has(g, F.TARGETS_DISTINCT_PAIRS));
      if (has(g, F.TARGETS_PAULI_PRODUCTS | F.TARGETS_PAULI_STRING | F.ANNOTATION | F.BLOCK))
        assert.equal(g.arity, 0);
      assert.equal(targetGroupSize(g), g.arity);
      // Measurements produce results and take a flip probability.
      if (
        g.category === 'measurement' ||
        g.category === 'measure-reset' ||
        g.category === 'pair-measurement' ||
        g.name === 'MPP'
      ) {
        assert.ok(has(g, F.PRODUCES_RESULTS | F.IS_MEASUREMENT | F.TARGETS_INVERTIBLE));
        assert.ok(
          has(g, F.PRODUCES_RESULTS) && has(g, F.TARGETS_INVERTIBLE) && has(g, F.ARGS_ARE_PROBABILITIES),
        );
        assert.equal(g.argCount, ARGS_ZERO_OR_ONE);
      }
      if (g.category === 'reset' || g.category === 'measure-reset') assert.ok(has(g, F.RESET));
      if (has(g, F.RESET)) assert.ok(g.category === 'reset' || g.category === 'measure-reset');
      // Noise channels take probabilities.
      if (has(g, F.NOISE)) {
        assert.ok(has(g, F.ARGS_ARE_PROBABILITIES));
        assert.ok(['noise', 'heralded-noise', 'non-pauli-noise'].includes(g.category));
        assert.ok(g.argCount >= 1 || g.argCount === ARGS_ANY);
      }
      assert.equal(has(g, F.HERALDED), g.category === 'heralded-noise');
      if (has(g, F.HERALDED)) assert.ok(has(g, F.PRODUCES_RESULTS | F.NOISE));
      assert.equal(has(g, F.NON_PAULI_NOISE), g.category === 'non-pauli-noise');
      if (has(g, F.PRODUCES_RESULTS)) assert.ok(!has(g, F.UNITARY));
      if (has(g, F.CAN_TARGET_BITS)) assert.ok(['CX', 'CY', 'CZ', 'XCZ', 'YCZ'].includes(g.name));
      if (has(g, F.NO_TARGETS)) assert.ok(['TICK', 'SHIFT_COORDS'].includes(g.name));
      assert.ok(f >= 0 && f < 1 << 22);
      assert.equal(has(g, F.LEAKAGE), g.category === 'leakage');
    });
  }

  it('classically controlled Paulis accept bit targets', () => {
    for (const n of ['CX', 'CY', 'CZ', 'XCZ', 'YCZ']) assert.ok(has(get(n), F.CAN_TARGET_BITS), n);
    for (const n of ['XCX', 'XCY', 'YCX', 'YCY', 'SWAP']) assert.ok(!has(get(n), F.CAN_TARGET_BITS), n);
  });
});

describe('gate table: representations agree', () => {
  for (const g of FIXED_UNITARIES) {
    it(`${g.name}: U is unitary`, () => {
      const u = wrap(g.unitary as Float64Array);
      assert.ok(maxDiff(mul(u, adj(u)), identity(u.n)) < 1e-12);
    });
  }

  for (const g of CLIFFORDS) {
    it(`${g.name}: U P U† equals the tableau image for every generator (with sign)`, () => {
      const u = wrap(g.unitary as Float64Array);
      const tab = g.tableau as readonly string[];
      for (let k = 0; k < tab.length; k++) {
        const q = k >> 1;
        const gen = Array.from({ length: g.arity }, (_, j) => (j === q ? (k & 1 ? 'Z' : 'X') : 'I')).join('');
        const got = mul(mul(u, pauliMatrix(gen)), adj(u));
        assert.ok(maxDiff(got, pauliMatrix(tab[k])) < 1e-12, `${gen} -> ${tab[k]}`);
      }
    });

    it(`${g.name}: the H/S/CX decomposition equals U up to global phase`, () => {
      const n = g.arity;
      let acc = identity(1 << n);
      const h = wrap(get('H').unitary as Float64Array);
      const s = rows([
        [1, 0],
        [0, [0, 1]],
      ]);
      const cx = rows([
        [1, 0, 0, 0],
        [0, 0, 0, 1],
        [0, 0, 1, 0],
        [0, 1, 0, 0],
      ]);
      for (const line of (g.decomposition ?? '').split('\n')) {
        if (line === '') continue;
        const [op, ...qs] = line.split(' ');
        const qubits = qs.map(Number);
        const m = op === 'H' ? h : op === 'S' ? s : op === 'CX' ? cx : undefined;
        assert.ok(m !== undefined, `unexpected op ${op}`);
        acc = mul(embed(m, qubits, n), acc);
      }
      assert.ok(diffUpToPhase(wrap(g.unitary as Float64Array), acc) < 1e-12);
    });
  }

  for (const g of GATE_DATA.filter((x) => has(x, F.UNITARY))) {
    it(`${g.name}: inverse of the inverse is itself, and U · U_inv ∝ I`, () => {
      const inv = get(g.inverse as string);
      assert.equal(inv.inverse, g.name);
      if (has(g, F.TARGETS_PAULI_PRODUCTS)) return;
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: -7, max: 7, noNaN: true }), { minLength: 3, maxLength: 3 }),
          (angles) => {
            const args = angles.slice(0, Math.max(0, g.argCount));
            const u = wrap(gateUnitary(g, args) as Float64Array);
            const back = gateInverse(g, args);
            assert.equal(back.gate, inv);
            const v = wrap(gateUnitary(back.gate, back.args) as Float64Array);
            assert.ok(diffUpToPhase(mul(u, v), identity(u.n)) < 1e-12);
            if (g.unitary !== undefined)
              assert.ok(maxDiff(mul(u, v), identity(u.n)) < 1e-12, 'exact inverse');
          },
        ),
        { seed: 11, numRuns: g.argCount > 0 ? 30 : 1 },
      );
    });
  }

  it("fixed Clifford inverse pairs multiply to exactly I (Stim's phases, not only up to a global phase)", () => {
    for (const g of CLIFFORDS) {
      const inv = get(g.inverse as string);
      const u = wrap(g.unitary as Float64Array);
      const v = wrap(inv.unitary as Float64Array);
      assert.ok(maxDiff(mul(u, v), identity(u.n)) < 1e-12, g.name);
    }
  });
});

describe('gate table: known exact values', () => {
  const s = Math.SQRT1_2;
  it('H, S, CX, ISWAP, CZ matrices', () => {
    assert.deepEqual([...(get('H').unitary as Float64Array)], [s, 0, s, 0, s, 0, -s, 0]);
    assert.deepEqual([...(get('S').unitary as Float64Array)], [1, 0, 0, 0, 0, 0, 0, 1]);
    // Little endian: target 0 = bit 0. CX 0 1 maps |q1 q0> = |01> (index 1) to |11> (index 3).
    const cx = get('CX').unitary as Float64Array;
    const re = (m: Float64Array, r: number, c: number) => m[2 * (r * 4 + c)];
    const im = (m: Float64Array, r: number, c: number) => m[2 * (r * 4 + c) + 1];
    assert.equal(re(cx, 3, 1), 1);
    assert.equal(re(cx, 1, 3), 1);
    assert.equal(re(cx, 0, 0), 1);
    assert.equal(re(cx, 2, 2), 1);
    const iswap = get('ISWAP').unitary as Float64Array;
    assert.equal(im(iswap, 1, 2), 1);
    assert.equal(im(iswap, 2, 1), 1);
    assert.equal(re(iswap, 0, 0), 1);
    assert.equal(re(iswap, 3, 3), 1);
    assert.equal(re(get('CZ').unitary as Float64Array, 3, 3), -1);
    assert.deepEqual(get('CX').tableau, ['+XX', '+ZI', '+IX', '+ZZ']);
    assert.deepEqual(get('H').tableau, ['+Z', '+X']);
  });

  it('T² = S, ROT_X(π) = -iX, ROT_Z(θ) = diag(e^{-iθ/2}, e^{iθ/2}), U3 special cases', () => {
    const t = wrap(get('T').unitary as Float64Array);
    assert.ok(maxDiff(mul(t, t), wrap(get('S').unitary as Float64Array)) < 1e-15);
    const rx = wrap(gateUnitary(get('ROT_X'), [Math.PI]) as Float64Array);
    assert.ok(
      maxDiff(
        rx,
        rows([
          [0, [0, -1]],
          [[0, -1], 0],
        ]),
      ) < 1e-15,
    );
    const th = 0.7;
    const rz = wrap(gateUnitary(get('ROT_Z'), [th]) as Float64Array);
    assert.ok(
      maxDiff(
        rz,
        rows([
          [[Math.cos(th / 2), -Math.sin(th / 2)], 0],
          [0, [Math.cos(th / 2), Math.sin(th / 2)]],
        ]),
      ) < 1e-15,
    );
    // U3(θ, -π/2, π/2) = ROT_X(θ); U3(θ, 0, 0) = ROT_Y(θ); U3(0, 0, λ) = diag(1, e^{iλ}).
    const u3 = (a: number, b: number, c: number) => wrap(gateUnitary(get('U3'), [a, b, c]) as Float64Array);
    assert.ok(
      maxDiff(u3(th, -Math.PI / 2, Math.PI / 2), wrap(gateUnitary(get('ROT_X'), [th]) as Float64Array)) <
        1e-15,
    );
    assert.ok(maxDiff(u3(th, 0, 0), wrap(gateUnitary(get('ROT_Y'), [th]) as Float64Array)) < 1e-15);
    assert.ok(maxDiff(u3(0, 0, Math.PI / 4), t) < 1e-15);
    // ROT_P(π/2) equals SQRT_P up to global phase.
    for (const p of ['X', 'Y', 'Z']) {
      const r = wrap(gateUnitary(get(`ROT_${p}`), [Math.PI / 2]) as Float64Array);
      const sq = wrap(get(p === 'Z' ? 'S' : `SQRT_${p}`).unitary as Float64Array);
      assert.ok(diffUpToPhase(r, sq) < 1e-12, p);
    }
  });

  it('CCX and CSWAP permute basis states as documented (little endian)', () => {
    const apply = (name: string, index: number): number => {
      const u = get(name).unitary as Float64Array;
      for (let r = 0; r < 8; r++) if (u[2 * (r * 8 + index)] === 1) return r;
      return -1;
    };
    for (let i = 0; i < 8; i++) {
      const b0 = i & 1;
      const b1 = (i >> 1) & 1;
      const b2 = (i >> 2) & 1;
      assert.equal(apply('CCX', i), b0 & b1 ? i ^ 4 : i);
      assert.equal(apply('CSWAP', i), b0 && b1 !== b2 ? i ^ 6 : i);
    }
  });

  it('gateUnitary rejects a wrong argument count and returns undefined for non-unitaries', () => {
    assert.throws(() => gateUnitary(get('ROT_X'), []), /takes 1 argument/);
    assert.throws(() => gateUnitary(get('U3'), [1, 2]), /takes 3 argument/);
    assert.equal(gateUnitary(get('M'), []), undefined);
    assert.equal(gateUnitary(get('SPP'), []), undefined);
    assert.throws(() => gateInverse(get('M')), /no inverse/);
  });

  it('argument counts follow Stim', () => {
    const want: [string, number][] = [
      ['H', 0],
      ['X_ERROR', 1],
      ['DEPOLARIZE2', 1],
      ['PAULI_CHANNEL_1', 3],
      ['PAULI_CHANNEL_2', 15],
      ['HERALDED_PAULI_CHANNEL_1', 4],
      ['HERALDED_ERASE', 1],
      ['E', 1],
      ['M', ARGS_ZERO_OR_ONE],
      ['MPP', ARGS_ZERO_OR_ONE],
      ['MPAD', ARGS_ZERO_OR_ONE],
      ['DETECTOR', ARGS_ANY],
      ['QUBIT_COORDS', ARGS_ANY],
      ['SHIFT_COORDS', ARGS_ANY],
      ['OBSERVABLE_INCLUDE', 1],
      ['TICK', 0],
      ['ROT_Y', 1],
      ['U3', 3],
    ];
    for (const [n, c] of want) assert.equal(get(n).argCount, c, n);
  });
});
