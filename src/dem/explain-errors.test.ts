import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LimitError, UnsupportedError } from '../base/errors.js';
import { Rng } from '../base/prng.js';
import { Circuit, type Instruction } from '../circuit/circuit.js';
import { parseCircuit } from '../circuit/parser.js';
import { gateByName } from '../gates/gate-data.js';
import { GATE_FLAGS } from '../gates/gate.js';
import { compileSampler } from '../sim/frame/frame-simulator.js';
import { parseDem } from './dem-parser.js';
import { explainErrors, type CircuitErrorLocation, type ExplainedError } from './explain-errors.js';
import { formatExplainedErrors } from './explain-format.js';

// Circuits and the output of `stim explain_errors` (Stim 1.16) for them, byte for byte.
const C2 = `QUBIT_COORDS(0, 0) 0
QUBIT_COORDS(1, 0) 1
QUBIT_COORDS(2, 0) 2
R 0 1 2
TICK
REPEAT 2 {
    DEPOLARIZE1(0.01) 0 2
    CX 0 1
    TICK
    CX 2 1
    TICK
    MR(0.02) 1
    DETECTOR(1, 0, 0) rec[-1]
    SHIFT_COORDS(0, 0, 1)
}
M 0 2
DETECTOR(0, 0, 2) rec[-2] rec[-3]
OBSERVABLE_INCLUDE(0) rec[-1]
`;
const C3 = `R 0 1
X_ERROR(0.1) 0
TICK
X_ERROR(0.1) 0 1 0
CX 1 0
Z_ERROR(0.1) 1
TICK
H 1
PAULI_CHANNEL_1(0.1, 0, 0.2) 1
H 1
M(0.1) 0 1
DETECTOR rec[-2]
DETECTOR rec[-1]
`;
const C5 = `R 0
X_ERROR(0) 0
REPEAT 2 {
 TICK
 REPEAT 3 {
  X_ERROR(0.125) 0
  TICK
 }
}
M 0
DETECTOR(1.5,2) rec[-1]
`;
const C6 = `QUBIT_COORDS(0, 1) 0
QUBIT_COORDS(2, 3.5) 3
R 0 1 2 3
TICK
DEPOLARIZE2(0.01) 0 1 2 3
CX 0 1
H 0
TICK
M 2
CX rec[-1] 3
H 0
M(0.01) !3
MR 0 1 2
DETECTOR(1, 2, 3) rec[-1]
DETECTOR rec[-2]
DETECTOR rec[-3] rec[-5]
OBSERVABLE_INCLUDE(2) rec[-4]
`;
const C7 = `R 0 1 2
E(0.1) X0 Z2
ELSE_CORRELATED_ERROR(0.2) Y1 X2
HERALDED_ERASE(0.01) 1 2
M 0 1 2
DETECTOR rec[-1]
DETECTOR rec[-2]
DETECTOR rec[-3] rec[-4]
DETECTOR rec[-5]
`;
const FILTER = `error(0.1) D1 D0
error(0.2) D1 ^ D2
error(0.1) D5
shift_detectors 1
error(0.1) D0
detector(1,2) D0
`;

/** [circuit, options, Stim's output, what the case covers] */
const STIM_CASES: [string, { single?: boolean; filter?: boolean }, string, string][] = [
  [
    C3,
    {},
    `ExplainedError {
    dem_error_terms: D0
    CircuitErrorLocation {
        flipped_measurement.measurement_record_index: 0
        flipped_measurement.measured_observable: Z0
        Circuit location stack trace:
            (after 2 TICKs)
            at instruction #11 (M) in the circuit
            at target #1 of the instruction
            resolving to M(0.1) 0
    }
    CircuitErrorLocation {
        flipped_pauli_product: X0
        Circuit location stack trace:
            (after 1 TICKs)
            at instruction #4 (X_ERROR) in the circuit
            at target #3 of the instruction
            resolving to X_ERROR(0.1) 0
    }
    CircuitErrorLocation {
        flipped_pauli_product: X0
        Circuit location stack trace:
            (after 1 TICKs)
            at instruction #4 (X_ERROR) in the circuit
            at target #1 of the instruction
            resolving to X_ERROR(0.1) 0
    }
    CircuitErrorLocation {
        flipped_pauli_product: X0
        Circuit location stack trace:
            (after 0 TICKs)
            at instruction #2 (X_ERROR) in the circuit
            at target #1 of the instruction
            resolving to X_ERROR(0.1) 0
    }
}
ExplainedError {
    dem_error_terms: D0 D1
    CircuitErrorLocation {
        flipped_pauli_product: X1
        Circuit location stack trace:
            (after 1 TICKs)
            at instruction #4 (X_ERROR) in the circuit
            at target #2 of the instruction
            resolving to X_ERROR(0.1) 1
    }
}
ExplainedError {
    dem_error_terms: D1
    CircuitErrorLocation {
        flipped_measurement.measurement_record_index: 1
        flipped_measurement.measured_observable: Z1
        Circuit location stack trace:
            (after 2 TICKs)
            at instruction #11 (M) in the circuit
            at target #2 of the instruction
            resolving to M(0.1) 1
    }
    CircuitErrorLocation {
        flipped_pauli_product: Z1
        Circuit location stack trace:
            (after 2 TICKs)
            at instruction #9 (PAULI_CHANNEL_1) in the circuit
            at target #1 of the instruction
            resolving to PAULI_CHANNEL_1(0.1, 0, 0.2) 1
    }
}
`,
    'measurement flips first, targets from the last, zero-probability terms skipped',
  ],
  [
    C3,
    { single: true },
    `ExplainedError {
    dem_error_terms: D0
    CircuitErrorLocation {
        flipped_measurement.measurement_record_index: 0
        flipped_measurement.measured_observable: Z0
        Circuit location stack trace:
            (after 2 TICKs)
            at instruction #11 (M) in the circuit
            at target #1 of the instruction
            resolving to M(0.1) 0
    }
}
ExplainedError {
    dem_error_terms: D0 D1
    CircuitErrorLocation {
        flipped_pauli_product: X1
        Circuit location stack trace:
            (after 1 TICKs)
            at instruction #4 (X_ERROR) in the circuit
            at target #2 of the instruction
            resolving to X_ERROR(0.1) 1
    }
}
ExplainedError {
    dem_error_terms: D1
    CircuitErrorLocation {
        flipped_measurement.measurement_record_index: 1
        flipped_measurement.measured_observable: Z1
        Circuit location stack trace:
            (after 2 TICKs)
            at instruction #11 (M) in the circuit
            at target #2 of the instruction
            resolving to M(0.1) 1
    }
}
`,
    'single: a bare result flip is simplest',
  ],
  [
    C5,
    { single: true },
    `ExplainedError {
    dem_error_terms: D0[coords 1.5,2]
    CircuitErrorLocation {
        flipped_pauli_product: X0
        Circuit location stack trace:
            (after 1 TICKs)
            at instruction #3 (a REPEAT 2 block) in the circuit
            after 0 completed iterations
            at instruction #2 (a REPEAT 3 block) in the REPEAT block
            after 0 completed iterations
            at instruction #1 (X_ERROR) in the REPEAT block
            at target #1 of the instruction
            resolving to X_ERROR(0.125) 0
    }
}
`,
    'single: nested REPEAT frames, earliest tick',
  ],
  [
    C6,
    { single: true },
    `ExplainedError {
    dem_error_terms: D0[coords 1,2,3] D2
    CircuitErrorLocation {
        flipped_pauli_product: X2*X3[coords 2,3.5]
        Circuit location stack trace:
            (after 1 TICKs)
            at instruction #5 (DEPOLARIZE2) in the circuit
            at targets #3 to #4 of the instruction
            resolving to DEPOLARIZE2(0.01) 2 3[coords 2,3.5]
    }
}
ExplainedError {
    dem_error_terms: D0[coords 1,2,3] D2 L2
    CircuitErrorLocation {
        flipped_pauli_product: X2
        Circuit location stack trace:
            (after 1 TICKs)
            at instruction #5 (DEPOLARIZE2) in the circuit
            at targets #3 to #4 of the instruction
            resolving to DEPOLARIZE2(0.01) 2 3[coords 2,3.5]
    }
}
ExplainedError {
    dem_error_terms: D1
    CircuitErrorLocation {
        flipped_pauli_product: X1
        Circuit location stack trace:
            (after 1 TICKs)
            at instruction #5 (DEPOLARIZE2) in the circuit
            at targets #1 to #2 of the instruction
            resolving to DEPOLARIZE2(0.01) 0[coords 0,1] 1
    }
}
ExplainedError {
    dem_error_terms: D1 D2
    CircuitErrorLocation {
        flipped_pauli_product: X0[coords 0,1]
        Circuit location stack trace:
            (after 1 TICKs)
            at instruction #5 (DEPOLARIZE2) in the circuit
            at targets #1 to #2 of the instruction
            resolving to DEPOLARIZE2(0.01) 0[coords 0,1] 1
    }
}
ExplainedError {
    dem_error_terms: D2
    CircuitErrorLocation {
        flipped_pauli_product: X0[coords 0,1]*X1
        Circuit location stack trace:
            (after 1 TICKs)
            at instruction #5 (DEPOLARIZE2) in the circuit
            at targets #1 to #2 of the instruction
            resolving to DEPOLARIZE2(0.01) 0[coords 0,1] 1
    }
}
ExplainedError {
    dem_error_terms: L2
    CircuitErrorLocation {
        flipped_measurement.measurement_record_index: 1
        flipped_measurement.measured_observable: !Z3[coords 2,3.5]
        Circuit location stack trace:
            (after 2 TICKs)
            at instruction #12 (M) in the circuit
            at target #1 of the instruction
            resolving to M(0.01) !3[coords 2,3.5]
    }
}
`,
    'single: qubit coordinates, inverted measurement, classical feedback, DEPOLARIZE2',
  ],
  [
    C7,
    { single: true },
    `ExplainedError {
    dem_error_terms: D0 D1
    CircuitErrorLocation {
        flipped_pauli_product: Y1*X2
        Circuit location stack trace:
            (after 0 TICKs)
            at instruction #3 (ELSE_CORRELATED_ERROR) in the circuit
            at targets #1 to #2 of the instruction
            resolving to ELSE_CORRELATED_ERROR(0.2) Y1 X2
    }
}
ExplainedError {
    dem_error_terms: D0 D2
    CircuitErrorLocation {
        flipped_pauli_product: X2
        flipped_measurement.measurement_record_index: 1
        Circuit location stack trace:
            (after 0 TICKs)
            at instruction #4 (HERALDED_ERASE) in the circuit
            at target #2 of the instruction
            resolving to HERALDED_ERASE(0.01) 2
    }
}
ExplainedError {
    dem_error_terms: D1 D3
    CircuitErrorLocation {
        flipped_pauli_product: X1
        flipped_measurement.measurement_record_index: 0
        Circuit location stack trace:
            (after 0 TICKs)
            at instruction #4 (HERALDED_ERASE) in the circuit
            at target #1 of the instruction
            resolving to HERALDED_ERASE(0.01) 1
    }
}
ExplainedError {
    dem_error_terms: D2
    CircuitErrorLocation {
        flipped_measurement.measurement_record_index: 1
        Circuit location stack trace:
            (after 0 TICKs)
            at instruction #4 (HERALDED_ERASE) in the circuit
            at target #2 of the instruction
            resolving to HERALDED_ERASE(0.01) 2
    }
}
ExplainedError {
    dem_error_terms: D3
    CircuitErrorLocation {
        flipped_measurement.measurement_record_index: 0
        Circuit location stack trace:
            (after 0 TICKs)
            at instruction #4 (HERALDED_ERASE) in the circuit
            at target #1 of the instruction
            resolving to HERALDED_ERASE(0.01) 1
    }
}
`,
    'single: E, ELSE_CORRELATED_ERROR, HERALDED_ERASE',
  ],
  [
    C2,
    { filter: true },
    `ExplainedError {
    dem_error_terms: D0[coords 1,0,0] D1[coords 1,0,1]
    CircuitErrorLocation {
        flipped_pauli_product: X0[coords 0,0]
        Circuit location stack trace:
            (after 1 TICKs)
            at instruction #6 (a REPEAT 2 block) in the circuit
            after 0 completed iterations
            at instruction #1 (DEPOLARIZE1) in the REPEAT block
            at target #1 of the instruction
            resolving to DEPOLARIZE1(0.01) 0[coords 0,0]
    }
    CircuitErrorLocation {
        flipped_pauli_product: Y0[coords 0,0]
        Circuit location stack trace:
            (after 1 TICKs)
            at instruction #6 (a REPEAT 2 block) in the circuit
            after 0 completed iterations
            at instruction #1 (DEPOLARIZE1) in the REPEAT block
            at target #1 of the instruction
            resolving to DEPOLARIZE1(0.01) 0[coords 0,0]
    }
}
ExplainedError {
    dem_error_terms: D1[coords 1,0,1]
    CircuitErrorLocation {
        flipped_pauli_product: X0[coords 0,0]
        Circuit location stack trace:
            (after 3 TICKs)
            at instruction #6 (a REPEAT 2 block) in the circuit
            after 1 completed iterations
            at instruction #1 (DEPOLARIZE1) in the REPEAT block
            at target #1 of the instruction
            resolving to DEPOLARIZE1(0.01) 0[coords 0,0]
    }
    CircuitErrorLocation {
        flipped_pauli_product: Y0[coords 0,0]
        Circuit location stack trace:
            (after 3 TICKs)
            at instruction #6 (a REPEAT 2 block) in the circuit
            after 1 completed iterations
            at instruction #1 (DEPOLARIZE1) in the REPEAT block
            at target #1 of the instruction
            resolving to DEPOLARIZE1(0.01) 0[coords 0,0]
    }
}
ExplainedError {
    dem_error_terms: D1[coords 1,0,1] D2[coords 0,0,4]
    CircuitErrorLocation {
        flipped_measurement.measurement_record_index: 1
        flipped_measurement.measured_observable: Z1[coords 1,0]
        Circuit location stack trace:
            (after 5 TICKs)
            at instruction #6 (a REPEAT 2 block) in the circuit
            after 1 completed iterations
            at instruction #6 (MR) in the REPEAT block
            at target #1 of the instruction
            resolving to MR(0.02) 1[coords 1,0]
    }
}
ExplainedError {
    dem_error_terms: D5
    [no single circuit error had these exact symptoms]
}
`,
    'dem filter: REPEAT iterations, detector coordinates, ^ components XORed, an unexplainable error',
  ],
];

describe('explainErrors', () => {
  for (const [text, opts, expected, what] of STIM_CASES)
    it(`prints what stim explain_errors prints (${what})`, () => {
      const r = explainErrors(parseCircuit(text), {
        single: opts.single,
        filter: opts.filter === true ? parseDem(FILTER) : undefined,
      });
      assert.equal(formatExplainedErrors(r), expected);
    });

  it('every location, injected alone into the noiseless circuit, produces exactly its symptoms (frame simulator)', () => {
    let checked = 0;
    for (const text of [C3, C6, C7, C2, C5]) {
      // Flattened: each location's single stack frame is its index in `items`.
      const circuit = parseCircuit(text).flattened();
      for (const e of explainErrors(circuit).errors)
        for (const loc of e.locations) {
          if (loc.instruction.gate.name.startsWith('HERALDED')) continue; // random Pauli: not injectable
          assert.deepEqual(
            simulate(inject(circuit, loc)),
            { detectors: e.detectors, observables: e.observables },
            `${text}\n${describe1(e, loc)}`,
          );
          checked++;
        }
    }
    assert.equal(checked, 50, 'every non-heralded location of the five circuits');
  });

  it('lists every symptom set of the circuit and nothing else, and one location each with single', () => {
    const circuit = parseCircuit(C2);
    const all = explainErrors(circuit);
    const single = explainErrors(circuit, { single: true });
    assert.deepEqual(
      single.errors.map((e) => [e.detectors, e.observables]),
      all.errors.map((e) => [e.detectors, e.observables]),
    );
    assert.ok(single.errors.every((e) => e.locations.length === 1));
    assert.equal(
      all.errors.reduce((n, e) => n + e.locations.length, 0),
      // 2 rounds × (DEPOLARIZE1 on 2 qubits: X and Y flip detectors, Z does not + MR flip) + final M: none
      2 * (2 * 2 + 1),
    );
  });

  it('refuses non-Pauli noise and circuits too long to unroll, naming the cause', () => {
    assert.throws(
      () => explainErrors(parseCircuit('R 0\nAMPLITUDE_DAMP(0.1) 0\nM 0\nDETECTOR rec[-1]')),
      (e: unknown) => e instanceof UnsupportedError && /AMPLITUDE_DAMP/.test(e.message),
    );
    assert.throws(
      () => explainErrors(parseCircuit('REPEAT 100000 {\n REPEAT 1000 {\n  X_ERROR(0.1) 0\n }\n}')),
      (e: unknown) => e instanceof LimitError && /100000000 instructions/.test(e.message),
    );
  });
});

const gate = (name: string) => gateByName(name) ?? assert.fail(name);

/** `circuit` without noise, with the error of `loc` applied with certainty. */
function inject(circuit: Circuit, loc: CircuitErrorLocation): Circuit {
  const out = new Circuit();
  const at = loc.stack[0].instructionOffset;
  circuit.items.forEach((it, i) => {
    if (it.kind !== 'instruction') throw new Error('flat circuits only');
    const results = (it.gate.flags & GATE_FLAGS.PRODUCES_RESULTS) !== 0;
    const push = (inst: Instruction) => {
      if (inst.targets.length > 0) out.push(inst);
    };
    if (i === at && loc.flippedMeasurement !== undefined) {
      push({ ...it, args: [], targets: it.targets.slice(0, loc.targetStart) });
      push({ ...it, args: [1], targets: it.targets.slice(loc.targetStart, loc.targetEnd) });
      push({ ...it, args: [], targets: it.targets.slice(loc.targetEnd) });
      return;
    }
    if (i === at)
      for (const p of loc.pauliProduct)
        out.push({
          kind: 'instruction',
          gate: gate(`${p.pauli}_ERROR`),
          args: [1],
          targets: [p.qubit],
          tag: '',
        });
    if ((it.gate.flags & GATE_FLAGS.NOISE) !== 0) return;
    out.push(results && it.args.length > 0 ? { ...it, args: [] } : it);
  });
  return out;
}

const describe1 = (e: ExplainedError, loc: CircuitErrorLocation): string =>
  formatExplainedErrors({ errors: [{ ...e, locations: [loc] }], detectorCoords: [], qubitCoords: new Map() });

/** Flipped detectors and observables of one shot (all shots are equal: the circuit is deterministic). */
function simulate(circuit: Circuit): { detectors: number[]; observables: number[] } {
  const s = compileSampler(circuit).sampleDetectors(32, new Rng(3));
  const ones = (t: { get(r: number, c: number): boolean }, n: number) =>
    [...Array(n).keys()].filter((c) => t.get(31, c));
  return {
    detectors: ones(s.detectors, circuit.numDetectors),
    observables: ones(s.observables, circuit.numObservables),
  };
}
