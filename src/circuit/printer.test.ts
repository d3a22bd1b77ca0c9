import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Gate } from '../gates/gate.js';
import { ARGS_ANY, ARGS_ZERO_OR_ONE, GATE_FLAGS } from '../gates/gate.js';
import { GATE_DATA, GATE_ID } from '../gates/gate-data.js';
import type { CircuitItem, Instruction } from './circuit.js';
import { Circuit } from './circuit.js';
import { parseCircuit } from './parser.js';
import { escapeTag, formatNumber, printCircuit, printInstruction } from './printer.js';
import {
  COMBINER_TARGET,
  MAX_TARGET_VALUE,
  pauliTarget,
  qubitTarget,
  recordTarget,
  sweepTarget,
} from './target.js';

const F = GATE_FLAGS;
const has = (g: Gate, f: number) => (g.flags & f) !== 0;

// ---- Random circuits drawn from the gate table ----------------------------------------------

const qubit = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: 0, max: 40 }) },
  { weight: 1, arbitrary: fc.constant(MAX_TARGET_VALUE) },
);
const pauli = fc.constantFrom<1 | 2 | 3>(1, 2, 3);
const tag = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom(
        'a',
        'Z',
        '0',
        ' ',
        '_',
        ']',
        '[',
        '\\',
        '\n',
        '\r',
        '#',
        '(',
        'é',
        '😀',
        'B',
        'C',
      ),
      maxLength: 6,
    }),
  },
);
/** Finite doubles of every scale, without -0 (printed as 0). */
const real = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x));

function argsFor(g: Gate): fc.Arbitrary<number[]> {
  const k = g.argCount;
  const count =
    k === ARGS_ZERO_OR_ONE
      ? fc.integer({ min: 0, max: 1 })
      : k === ARGS_ANY
        ? fc.integer({ min: 0, max: 4 })
        : fc.constant(k);
  return count.chain((n) => {
    if (has(g, F.ARGS_ARE_PROBABILITIES)) {
      // Each at most 1/n so that disjoint probabilities sum to at most 1.
      const p = fc.oneof(
        fc.double({ min: 0, max: 1 / Math.max(1, n), noNaN: true }).map((x) => (x === 0 ? 0 : x)),
        fc.constantFrom(0, 0.001, 1e-9),
      );
      return fc.array(p, { minLength: n, maxLength: n });
    }
    if (has(g, F.ARGS_ARE_UNSIGNED_INTEGERS))
      return fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: n, maxLength: n });
    return fc.array(real, { minLength: n, maxLength: n });
  });
}

function distinct(k: number): fc.Arbitrary<number[]> {
  return fc.uniqueArray(qubit, { minLength: k, maxLength: k });
}

function targetsFor(g: Gate): fc.Arbitrary<number[]> {
  const f = g.flags;
  if (has(g, F.NO_TARGETS)) return fc.constant([]);
  if (g.id === GATE_ID.DETECTOR)
    return fc.array(fc.integer({ min: 1, max: 4 }).map(recordTarget), { maxLength: 4 });
  if (g.id === GATE_ID.OBSERVABLE_INCLUDE)
    return fc.array(
      fc.oneof(
        fc.integer({ min: 1, max: 4 }).map(recordTarget),
        fc.tuple(qubit, pauli).map(([q, p]) => pauliTarget(q, p)),
      ),
      { maxLength: 4 },
    );
  if (g.id === GATE_ID.MPAD) return fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 4 });
  if ((f & F.TARGETS_PAULI_PRODUCTS) !== 0) {
    const term = fc.tuple(qubit, pauli, fc.boolean()).map(([q, p, inv]) => pauliTarget(q, p, inv));
    const product = fc.array(term, { minLength: 1, maxLength: 3 }).map((ts) => {
      const out: number[] = [];
      ts.forEach((t, i) => {
        if (i > 0) out.push(COMBINER_TARGET);
        out.push(t);
      });
      return out;
    });
    return fc.array(product, { maxLength: 3 }).map((ps) => ps.flat());
  }
  if ((f & F.TARGETS_PAULI_STRING) !== 0)
    return fc.array(
      fc.tuple(qubit, pauli).map(([q, p]) => pauliTarget(q, p)),
      { minLength: 1, maxLength: 4 },
    );
  if ((f & F.TARGETS_TRIPLES) !== 0) return fc.array(distinct(3), { maxLength: 2 }).map((x) => x.flat());
  if ((f & F.TARGETS_PAIRS) !== 0) {
    const pair = distinct(2).chain(([a, b]): fc.Arbitrary<number[]> => {
      if (!has(g, F.CAN_TARGET_BITS)) {
        if (has(g, F.TARGETS_INVERTIBLE))
          return fc
            .tuple(fc.boolean(), fc.boolean())
            .map(([ia, ib]): number[] => [qubitTarget(a, ia), qubitTarget(b, ib)]);
        return fc.constant<number[]>([a, b]);
      }
      // A classical bit may replace the control (CX, CY), the Z side (XCZ, YCZ) or either (CZ).
      const bit = fc.oneof(
        fc.integer({ min: 1, max: 4 }).map(recordTarget),
        fc.integer({ min: 0, max: 9 }).map(sweepTarget),
      );
      const name = g.name;
      return fc.tuple(fc.boolean(), bit).map(([use, t]): number[] => {
        if (!use) return [a, b];
        if (name === 'CX' || name === 'CY') return [t, b];
        if (name === 'XCZ' || name === 'YCZ') return [a, t];
        return t % 2 === 0 ? [t, b] : [a, t];
      });
    });
    return fc.array(pair, { maxLength: 3 }).map((x) => x.flat());
  }
  const invertible = has(g, F.PRODUCES_RESULTS);
  return fc.array(
    fc.tuple(qubit, fc.boolean()).map(([q, inv]) => qubitTarget(q, invertible && inv)),
    { maxLength: 4 },
  );
}

const INSTRUCTION_GATES = GATE_DATA.filter((g) => !has(g, F.BLOCK));
const instructionArb: fc.Arbitrary<Instruction> = fc.constantFrom(...INSTRUCTION_GATES).chain((gate) =>
  fc.record({
    kind: fc.constant('instruction' as const),
    gate: fc.constant(gate),
    args: argsFor(gate),
    targets: targetsFor(gate),
    tag,
  }),
);

function itemsArb(depth: number): fc.Arbitrary<CircuitItem[]> {
  const item: fc.Arbitrary<CircuitItem> =
    depth <= 0
      ? instructionArb
      : fc.oneof(
          { weight: 6, arbitrary: instructionArb },
          {
            weight: 1,
            arbitrary: fc.record({
              kind: fc.constant('repeat' as const),
              repetitions: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(1_000_000_007)),
              body: itemsArb(depth - 1).map((xs) => new Circuit(xs)),
              tag,
            }),
          },
        );
  return fc.array(item, { maxLength: 8 });
}

/** A random circuit; it starts with 4 measurements so that rec[-1..4] are always valid. */
const circuitArb: fc.Arbitrary<Circuit> = itemsArb(2).map((items) => {
  const prefix = parseCircuit('M 0 1 2 3').items;
  return new Circuit([...prefix, ...items]);
});

/** Structure of a circuit as plain data (Circuit has private caches). */
function plain(c: Circuit): unknown[] {
  return c.items.map((it) =>
    it.kind === 'instruction'
      ? { name: it.gate.name, args: [...it.args], targets: [...it.targets], tag: it.tag }
      : { repeat: it.repetitions, tag: it.tag, body: plain(it.body) },
  );
}

describe('printCircuit / parseCircuit round trip', () => {
  it('parse(print(c)) = c and print is a fixed point, for random circuits over the whole gate table', () => {
    fc.assert(
      fc.property(circuitArb, (c) => {
        const text = printCircuit(c);
        const back = parseCircuit(text);
        assert.deepEqual(plain(back), plain(c));
        assert.equal(printCircuit(back), text);
        assert.equal(back.numMeasurements, c.numMeasurements);
      }),
      { seed: 20241125, numRuns: 400 },
    );
  });

  it('every gate of the table appears in the random circuits', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(circuitArb, (c) => {
        const walk = (x: Circuit): void => {
          for (const it of x.items)
            if (it.kind === 'instruction') seen.add(it.gate.name);
            else walk(it.body);
        };
        walk(c);
      }),
      { seed: 7, numRuns: 400 },
    );
    for (const g of INSTRUCTION_GATES) assert.ok(seen.has(g.name), `${g.name} never generated`);
  });

  it('formatting noise (case, indentation, comments, blank lines, spacing) does not change the parse', () => {
    fc.assert(
      fc.property(circuitArb, fc.integer({ min: 0, max: 1000 }), (c, salt) => {
        const text = printCircuit(c);
        const noisy = text
          .split('\n')
          .map((line, i) => {
            // Lower-case the name (before any tag or argument) on some lines.
            const m = /^(\s*)([A-Z0-9_]+)(.*)$/s.exec(line);
            let l = line;
            if (m !== null && (i + salt) % 2 === 0) l = m[1] + m[2].toLowerCase() + m[3];
            if ((i + salt) % 3 === 0) l = '\t ' + l;
            if ((i + salt) % 5 === 0 && !l.includes('#') && !/\[/.test(l)) l = l + '   # comment';
            if ((i + salt) % 7 === 0) l = '\n# note\n' + l;
            return l;
          })
          .join('\r\n');
        assert.deepEqual(plain(parseCircuit(noisy)), plain(c));
      }),
      { seed: 99, numRuns: 200 },
    );
  });
});

describe('printer details', () => {
  it('formats numbers like Stim (integers plain, %g-style exponents) with round-trip digits', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '0'],
      [1, '1'],
      [-3, '-3'],
      [0.001, '0.001'],
      [0.5, '0.5'],
      [1e-5, '1e-05'],
      [0.0001, '0.0001'],
      [2.5e-10, '2.5e-10'],
      [1e20, '1e+20'],
      [1e18, '1000000000000000000'],
      [1e300, '1e+300'],
      [123456.5, '123456.5'],
      [1234567.5, '1234567.5'],
      [0.1 + 0.2, '0.30000000000000004'],
      [1 / 3, '0.3333333333333333'],
      [-0.015, '-0.015'],
      [6.669779853440971e-5, '6.669779853440971e-05'],
    ];
    for (const [x, s] of cases) assert.equal(formatNumber(x), s, String(x));
  });

  it('formatNumber round-trips every finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const y = Number(formatNumber(x));
        assert.ok(y === x || (x === 0 && y === 0));
      }),
      { seed: 3, numRuns: 2000 },
    );
  });

  it('prints instructions, combiners, tags and nested blocks canonically', () => {
    const text = 'MPP X0*!Y1*Z2 Z3\nE(0.25) X1 Y2\nDETECTOR(1, 2.5, -3) rec[-1]\nCX rec[-1] 2 sweep[4] 3';
    const c = parseCircuit(`M 0\n${text}`);
    assert.equal(printCircuit(c), `M 0\n${text}`);
    assert.equal(printInstruction(c.items[1] as Instruction), 'MPP X0*!Y1*Z2 Z3');
    assert.equal(escapeTag('a]b\\c\nd\re'), 'a\\Cb\\Bc\\nd\\re');
    const nested = parseCircuit('REPEAT 2 {\nREPEAT[x] 3 {\nH 0\n}\nTICK\n}');
    assert.equal(printCircuit(nested), 'REPEAT 2 {\n    REPEAT[x] 3 {\n        H 0\n    }\n    TICK\n}');
    assert.equal(printCircuit(new Circuit()), '');
    assert.equal(printCircuit(parseCircuit('H')), 'H');
  });
});
