import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCircuit } from '../circuit/parser.js';
import { GATE_DATA } from '../gates/gate-data.js';
import { GATE_FLAGS } from '../gates/gate.js';
import { UnsupportedError, ValidationError } from '../base/errors.js';
import { Rng } from '../base/prng.js';
import { sampleTableau } from '../sim/tableau/tableau-sampler.js';
import { compileSampler } from '../sim/frame/frame-simulator.js';
import { parseDem } from './dem-parser.js';
import { flattenDem } from './flatten.js';
import type { DetectorErrorModel, FlatDem, FlatError } from './dem.js';
import { analyzeErrors, depolarize1ToIndependent, disjointToIndependentXyz } from './error-analyzer.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VECTORS = path.resolve(repoRoot, '../shared/vectors');

const REL = 1e-9;
const close = (a: number, b: number): boolean =>
  Math.abs(a - b) <= REL * Math.max(Math.abs(a), Math.abs(b), 1e-300);

const symptomKey = (e: { detectors: readonly number[]; observables: readonly number[] }): string =>
  `${e.detectors.map((d) => `D${d}`).join(' ')}|${e.observables.map((o) => `L${o}`).join(' ')}`;
const componentsKey = (e: FlatError): string => e.components.map(symptomKey).join(' ^ ');

/** The flat errors of a DEM merged by flattened symptom (p ⊕ q), as a map symptom → probability. */
function mergedBySymptom(dem: FlatDem): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of dem.errors) {
    const k = symptomKey(e);
    const p = m.get(k) ?? 0;
    m.set(k, p * (1 - e.probability) + (1 - p) * e.probability);
  }
  return m;
}

function assertSameMerged(ours: FlatDem, ref: FlatDem, what: string): void {
  const a = mergedBySymptom(ours);
  const b = mergedBySymptom(ref);
  assert.equal(a.size, b.size, `${what}: number of distinct symptoms`);
  for (const [k, p] of b) {
    const q = a.get(k);
    assert.ok(q !== undefined, `${what}: missing mechanism ${k}`);
    assert.ok(close(p, q), `${what}: ${k} has p=${q}, expected ${p}`);
  }
}

/** XOR of the components' detectors/observables (what a decomposed error flips). */
function xorOfComponents(e: FlatError): string {
  const d = new Map<number, number>();
  const o = new Map<number, number>();
  for (const c of e.components) {
    for (const x of c.detectors) d.set(x, (d.get(x) ?? 0) ^ 1);
    for (const x of c.observables) o.set(x, (o.get(x) ?? 0) ^ 1);
  }
  const pick = (m: Map<number, number>): number[] =>
    [...m]
      .filter(([, v]) => v === 1)
      .map(([k]) => k)
      .sort((x, y) => x - y);
  return symptomKey({ detectors: pick(d), observables: pick(o) });
}

const dem = (text: string, opts: Parameters<typeof analyzeErrors>[1] = {}): FlatDem =>
  flattenDem(analyzeErrors(parseCircuit(text), opts));

/** Single error of a flat DEM as [symptomKey, probability] pairs, sorted by key. */
const errorList = (d: FlatDem): [string, number][] =>
  d.errors
    .map((e): [string, number] => [componentsKey(e), e.probability])
    .sort((x, y) => (x[0] < y[0] ? -1 : 1));

describe('analyzeErrors vs Stim reference DEMs (../shared/vectors)', () => {
  const names = readdirSync(path.join(VECTORS, 'circuits'))
    .filter((f) => f.endsWith('.stim'))
    .map((f) => f.slice(0, -5));
  it('finds the vectors', () => assert.ok(names.length >= 10));
  for (const name of names) {
    it(`${name}: same mechanisms, decompositions and coordinates as stim analyze_errors --decompose_errors`, () => {
      const circuit = parseCircuit(readFileSync(path.join(VECTORS, 'circuits', `${name}.stim`), 'utf8'));
      const ref = flattenDem(parseDem(readFileSync(path.join(VECTORS, 'dems', `${name}.dem`), 'utf8')));
      const unfolded = flattenDem(analyzeErrors(circuit, { decomposeErrors: true, foldLoops: false }));
      // Stim's CLI does not fold loops, so the unfolded model matches it error by error, in order.
      assert.equal(unfolded.numDetectors, ref.numDetectors);
      assert.equal(unfolded.numObservables, ref.numObservables);
      assert.equal(unfolded.errors.length, ref.errors.length);
      for (let i = 0; i < ref.errors.length; i++) {
        const a = unfolded.errors[i];
        const b = ref.errors[i];
        assert.equal(componentsKey(a), componentsKey(b), `error #${i}`);
        assert.ok(close(a.probability, b.probability), `error #${i}: p=${a.probability} vs ${b.probability}`);
        for (const c of a.components)
          assert.ok(c.detectors.length <= 2, `error #${i} component not graphlike`);
        assert.equal(xorOfComponents(a), symptomKey(a), `error #${i}: components do not XOR to the symptom`);
      }
      assert.deepEqual(unfolded.detectorCoords, ref.detectorCoords);
      // Folded: same mechanisms once merged by symptom (folding splits mechanisms at loop boundaries).
      const folded = flattenDem(analyzeErrors(circuit, { decomposeErrors: true }));
      assertSameMerged(folded, ref, `${name} folded`);
      assert.deepEqual(folded.detectorCoords, ref.detectorCoords);
    });
  }
});

describe('analyzeErrors exact small cases', () => {
  it('a single X_ERROR before a measurement of a repetition code', () => {
    const d = dem(`
      R 0 1 2 3 4
      CX 0 1 2 3
      CX 2 1 4 3
      M 1 3
      DETECTOR(1, 0) rec[-2]
      DETECTOR(3, 0) rec[-1]
      X_ERROR(0.125) 2
      M 0 2 4
      DETECTOR(1, 1) rec[-2] rec[-3] rec[-5]
      DETECTOR(3, 1) rec[-1] rec[-2] rec[-4]
      OBSERVABLE_INCLUDE(0) rec[-1]
    `);
    assert.deepEqual(errorList(d), [['D2 D3|', 0.125]]);
    assert.deepEqual(d.detectorCoords, [
      [1, 0],
      [3, 0],
      [1, 1],
      [3, 1],
    ]);
    assert.equal(d.numObservables, 1);
  });

  it('measurement flips, resets and basis changes', () => {
    assert.deepEqual(errorList(dem('MR(0.25) 0\nDETECTOR rec[-1]')), [['D0|', 0.25]]);
    assert.deepEqual(errorList(dem('RX 0\nZ_ERROR(0.25) 0\nMX 0\nDETECTOR rec[-1]')), [['D0|', 0.25]]);
    assert.deepEqual(errorList(dem('RX 0\nX_ERROR(0.25) 0\nMX 0\nDETECTOR rec[-1]')), []);
    assert.deepEqual(errorList(dem('RY 0\nX_ERROR(0.25) 0\nMY 0\nDETECTOR rec[-1]')), [['D0|', 0.25]]);
    assert.deepEqual(errorList(dem('R 0\nH 0\nZ_ERROR(0.25) 0\nH 0\nM 0\nDETECTOR rec[-1]')), [
      ['D0|', 0.25],
    ]);
    // Two identical mechanisms merge as independent XOR: p(1-q) + q(1-p).
    assert.deepEqual(errorList(dem('R 0\nX_ERROR(0.1) 0\nX_ERROR(0.2) 0\nM 0\nDETECTOR rec[-1]')).length, 1);
    const [[, p]] = errorList(dem('R 0\nX_ERROR(0.1) 0\nX_ERROR(0.2) 0\nM 0\nDETECTOR rec[-1]'));
    assert.ok(close(p, 0.1 * 0.8 + 0.2 * 0.9));
  });

  it('DEPOLARIZE1/2 as independent channels with the right marginals', () => {
    const p = 0.03;
    const q = depolarize1ToIndependent(p);
    // X and Y flip a Z measurement: q ⊕ q = 2q(1-q), which equals the disjoint 2p/3.
    const [[k, pz]] = errorList(dem(`R 0\nDEPOLARIZE1(${p}) 0\nM 0\nDETECTOR rec[-1]`));
    assert.equal(k, 'D0|');
    assert.ok(close(pz, 2 * q * (1 - q)) && close(pz, (2 * p) / 3));
    // DEPOLARIZE2: 8 of the 15 Paulis flip Z on the first qubit; the marginal is 8p/15.
    const d2 = dem(`R 0 1\nDEPOLARIZE2(${p}) 0 1\nM 0 1\nDETECTOR rec[-2]\nDETECTOR rec[-1]`);
    const marg = new Map<number, number>();
    for (const e of d2.errors)
      for (const det of e.detectors)
        marg.set(det, (1 - (1 - 2 * (marg.get(det) ?? 0)) * (1 - 2 * e.probability)) / 2);
    assert.ok(close(marg.get(0) ?? 0, (8 * p) / 15));
    assert.ok(close(marg.get(1) ?? 0, (8 * p) / 15));
    assert.equal(d2.errors.length, 3);
  });

  it('PAULI_CHANNEL_1 is converted exactly to independent X, Y, Z mechanisms', () => {
    const [px, py, pz] = [0.1, 0.05, 0.02];
    const ind = disjointToIndependentXyz(px, py, pz);
    assert.ok(ind !== undefined);
    const [a, b, c] = ind;
    // Independent → disjoint probabilities recovered.
    assert.ok(close(a * (1 - b) * (1 - c) + (1 - a) * b * c, px));
    assert.ok(close(b * (1 - a) * (1 - c) + (1 - b) * a * c, py));
    assert.ok(close(c * (1 - a) * (1 - b) + (1 - c) * a * b, pz));
    const d = dem(
      `R 0\nRX 1\nPAULI_CHANNEL_1(${px}, ${py}, ${pz}) 0 1\nM 0\nMX 1\nDETECTOR rec[-2]\nDETECTOR rec[-1]`,
    );
    const m = mergedBySymptom(d);
    assert.ok(close(m.get('D0|') ?? 0, px + py));
    assert.ok(close(m.get('D1|') ?? 0, pz + py));
  });

  it('PAULI_CHANNEL_2 needs approximateDisjointErrors unless it has a single case', () => {
    const c =
      'R 0 1\nPAULI_CHANNEL_2(0.1,0,0,0,0,0,0,0,0,0,0,0,0,0,0.2) 0 1\nM 0 1\nDETECTOR rec[-2]\nDETECTOR rec[-1]';
    assert.throws(() => dem(c), UnsupportedError);
    // IX with 0.1 (flips qubit 1), ZZ with 0.2 (flips nothing measured in Z).
    assert.deepEqual(errorList(dem(c, { approximateDisjointErrors: true })), [['D1|', 0.1]]);
    // A numeric threshold only admits cases up to that probability.
    assert.deepEqual(errorList(dem(c, { approximateDisjointErrors: 0.2 })), [['D1|', 0.1]]);
    assert.throws(() => dem(c, { approximateDisjointErrors: 0.15 }), /threshold/);
    const single =
      'R 0 1\nPAULI_CHANNEL_2(0,0,0,0.25,0,0,0,0,0,0,0,0,0,0,0) 0 1\nM 0 1\nDETECTOR rec[-2]\nDETECTOR rec[-1]';
    assert.deepEqual(errorList(dem(single)), [['D0|', 0.25]]);
  });

  it('CORRELATED_ERROR / ELSE_CORRELATED_ERROR chains', () => {
    assert.deepEqual(errorList(dem('R 0 1\nE(0.25) X0 X1\nM 0 1\nDETECTOR rec[-2]\nDETECTOR rec[-1]')), [
      ['D0 D1|', 0.25],
    ]);
    const chain =
      'R 0 1\nE(0.1) X0\nELSE_CORRELATED_ERROR(0.2) X1\nM 0 1\nDETECTOR rec[-2]\nDETECTOR rec[-1]';
    assert.throws(() => dem(chain), UnsupportedError);
    const m = mergedBySymptom(dem(chain, { approximateDisjointErrors: true }));
    assert.ok(close(m.get('D0|') ?? 0, 0.1));
    assert.ok(close(m.get('D1|') ?? 0, 0.2 * 0.9));
  });

  it('HERALDED_ERASE and HERALDED_PAULI_CHANNEL_1 include their herald bit', () => {
    const c = 'R 0\nHERALDED_ERASE(0.2) 0\nM 0\nDETECTOR rec[-1]\nDETECTOR rec[-2]';
    assert.throws(() => dem(c), UnsupportedError);
    // Herald alone (I or Z) and herald with a flip (X or Y), each with probability 0.2 / 2.
    const m = mergedBySymptom(dem(c, { approximateDisjointErrors: true }));
    assert.equal(m.size, 2);
    assert.ok(close(m.get('D1|') ?? 0, 0.1));
    assert.ok(close(m.get('D0 D1|') ?? 0, 0.1));
    const h = mergedBySymptom(
      dem('R 0\nHERALDED_PAULI_CHANNEL_1(0, 0.25, 0, 0) 0\nM 0\nDETECTOR rec[-1]\nDETECTOR rec[-2]'),
    );
    assert.deepEqual([...h.keys()], ['D0 D1|']);
    assert.ok(close(h.get('D0 D1|') ?? 0, 0.25));
  });

  it('MPP, pair measurements and classically controlled Paulis', () => {
    assert.deepEqual(errorList(dem('RX 0 1\nZ_ERROR(0.25) 0\nMPP X0*X1\nDETECTOR rec[-1]')), [['D0|', 0.25]]);
    assert.deepEqual(errorList(dem('R 0 1\nX_ERROR(0.25) 1\nMZZ 0 1\nDETECTOR rec[-1]')), [['D0|', 0.25]]);
    assert.deepEqual(errorList(dem('RX 0 1\nX_ERROR(0.25) 1\nMXX 0 1\nDETECTOR rec[-1]')), []);
    // An X error on 0 flips m0, which (fed forward) flips qubit 1 and hence m1.
    const ff = 'R 0 1\nX_ERROR(0.25) 0\nM 0\nCX rec[-1] 1\nM 1\n';
    assert.deepEqual(errorList(dem(`${ff}DETECTOR rec[-1]`)), [['D0|', 0.25]]);
    assert.deepEqual(errorList(dem(`${ff}DETECTOR rec[-1] rec[-2]`)), []);
    assert.deepEqual(errorList(dem('R 0 1\nX_ERROR(0.25) 0\nM 0\nCZ rec[-1] 1\nM 1\nDETECTOR rec[-1]')), []);
    assert.deepEqual(errorList(dem('R 0 1\nX_ERROR(0.25) 0\nM 0\nCX sweep[0] 1\nM 1\nDETECTOR rec[-1]')), []);
  });

  it('instruction tags label (and separate) mechanisms and detector declarations', () => {
    const d = analyzeErrors(
      parseCircuit(
        'R 0\nX_ERROR[leak](0.1) 0\nX_ERROR(0.2) 0\nX_ERROR[leak](0.1) 0\nM 0\nDETECTOR[d](1, 2) rec[-1]',
      ),
    );
    assert.equal(d.items.length, 3);
    const [a, b, c] = d.items;
    assert.ok(a.kind === 'error' && a.tag === '' && close(a.probability, 0.2));
    assert.ok(b.kind === 'error' && b.tag === 'leak' && close(b.probability, 0.1 * 0.9 * 2));
    assert.deepEqual(c, { kind: 'detector', coords: [1, 2], detectors: [0], tag: 'd' });
  });

  it('MPAD results and detectors that no error flips', () => {
    const d = analyzeErrors(parseCircuit('MPAD(0.25) 0 1\nR 0\nM 0\nDETECTOR rec[-3]\nDETECTOR rec[-1]'));
    // D1 is never flipped, so it is declared explicitly after the errors (as Stim does); the flip of
    // the second MPAD result flips nothing and is dropped.
    assert.deepEqual(d.items, [
      { kind: 'error', probability: 0.25, components: [{ detectors: [0], observables: [] }], tag: '' },
      { kind: 'detector', coords: [], detectors: [1], tag: '' },
    ]);
  });

  it('observables: declared, flipped, and Pauli-target includes', () => {
    const d = dem('R 0\nX_ERROR(0.25) 0\nM 0\nOBSERVABLE_INCLUDE(2) rec[-1]');
    assert.deepEqual(errorList(d), [['|L2', 0.25]]);
    assert.equal(d.numObservables, 3);
    // An observable that no error touches is still declared.
    const printed = analyzeErrors(parseCircuit('R 0\nM 0\nOBSERVABLE_INCLUDE(0) rec[-1]'));
    assert.deepEqual(printed.items, [{ kind: 'logical_observable', observables: [0], tag: '' }]);
    assert.deepEqual(errorList(dem('R 0\nX_ERROR(0.25) 0\nOBSERVABLE_INCLUDE(0) Z0')), [['|L0', 0.25]]);
  });

  it('each Clifford in the gate table propagates sensitivities per its tableau', () => {
    // Prepare |0..0> (or |+..+>), apply G, measure G·Z_k·G† (or G·X_k·G†) with MPP: each measurement is
    // deterministic, and a Pauli error P before G flips measurement k iff P anticommutes with Z_k (X_k).
    const paulis = ['X', 'Y', 'Z'];
    let checked = 0;
    for (const g of GATE_DATA) {
      const f = g.flags;
      if ((f & GATE_FLAGS.UNITARY) === 0 || (f & GATE_FLAGS.STABILIZER) === 0 || g.tableau === undefined)
        continue;
      const n = g.arity;
      const qs = Array.from({ length: n }, (_, k) => k);
      for (const basis of ['Z', 'X'] as const) {
        const products: string[] = [];
        for (let k = 0; k < n; k++) {
          const img = g.tableau[2 * k + (basis === 'Z' ? 1 : 0)].replace(/^[+-]/, '');
          const terms = [...img]
            .map((c, q) => (c === 'I' || c === '_' ? '' : `${c}${q}`))
            .filter((s) => s !== '');
          products.push(terms.join('*'));
        }
        for (let q = 0; q < n; q++) {
          for (const p of paulis) {
            const text = [
              `${basis === 'Z' ? 'R' : 'RX'} ${qs.join(' ')}`,
              `${p}_ERROR(0.25) ${q}`,
              `${g.name} ${qs.join(' ')}`,
              ...products.map((pr) => `MPP ${pr}`),
              ...products.map((_, k) => `DETECTOR rec[-${n - k}]`),
            ].join('\n');
            const anti = basis === 'Z' ? p !== 'Z' : p !== 'X';
            const expected = anti ? [[`D${q}|`, 0.25]] : [];
            assert.deepEqual(errorList(dem(text)), expected, `${g.name} basis ${basis} error ${p}${q}`);
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 100);
  });
});

describe('analyzeErrors failures', () => {
  it('a non-deterministic detector names the detector, its coordinates and the instruction', () => {
    const c = parseCircuit('R 0\nH 0\nM 0\nSHIFT_COORDS(0, 5)\nDETECTOR(1, 2) rec[-1]');
    assert.throws(
      () => analyzeErrors(c),
      (e: unknown) =>
        e instanceof ValidationError &&
        /non-deterministic detectors/.test(e.message) &&
        /D0 \[coords \(1, 7\)\]/.test(e.message) &&
        /`R 0`/.test(e.message),
    );
    // allowGaugeDetectors turns it into a 50% error.
    assert.deepEqual(errorList(flattenDem(analyzeErrors(c, { allowGaugeDetectors: true }))), [['D0|', 0.5]]);
  });

  it('a non-deterministic observable fails even with allowGaugeDetectors', () => {
    const c = parseCircuit('RX 0\nM 0\nOBSERVABLE_INCLUDE(0) rec[-1]');
    for (const allowGaugeDetectors of [false, true])
      assert.throws(
        () => analyzeErrors(c, { allowGaugeDetectors }),
        (e: unknown) => e instanceof ValidationError && /observables/.test(e.message) && /L0/.test(e.message),
      );
    assert.throws(() => analyzeErrors(parseCircuit('H 0\nM 0\nDETECTOR rec[-1]')), /initialization/);
  });

  it('non-Clifford gates and non-Pauli channels are unsupported', () => {
    assert.throws(() => analyzeErrors(parseCircuit('R 0\nT 0\nM 0')), UnsupportedError);
    assert.throws(() => analyzeErrors(parseCircuit('R 0\nAMPLITUDE_DAMP(0.1) 0\nM 0')), UnsupportedError);
  });

  it('an undecomposable hyperedge fails naming the error', () => {
    const c = parseCircuit(
      'R 0 1 2\nE(0.1) X0 X1 X2\nM 0 1 2\nDETECTOR rec[-3]\nDETECTOR rec[-2]\nDETECTOR rec[-1]',
    );
    assert.deepEqual(errorList(flattenDem(analyzeErrors(c))), [['D0 D1 D2|', 0.1]]);
    assert.throws(
      () => analyzeErrors(c, { decomposeErrors: true }),
      (e: unknown) => e instanceof UnsupportedError && /D0 D1 D2/.test(e.message),
    );
    const kept = flattenDem(analyzeErrors(c, { decomposeErrors: true, ignoreDecompositionFailures: true }));
    assert.deepEqual(errorList(kept), [['D0 D1 D2|', 0.1]]);
    // With the graphlike parts present it decomposes into them.
    const ok = parseCircuit(
      'R 0 1 2\nE(0.1) X0 X1 X2\nE(0.2) X0 X1\nE(0.3) X2\nM 0 1 2\nDETECTOR rec[-3]\nDETECTOR rec[-2]\nDETECTOR rec[-1]',
    );
    const d = flattenDem(analyzeErrors(ok, { decomposeErrors: true }));
    const hyper = d.errors.find((e) => e.detectors.length === 3);
    assert.ok(hyper !== undefined);
    assert.equal(componentsKey(hyper), 'D0 D1| ^ D2|');
    // Only D0 D1 exists: the remnant D2 is allowed by default and refused when blocked.
    const remnant = parseCircuit(
      'R 0 1 2\nE(0.1) X0 X1 X2\nE(0.2) X0 X1\nM 0 1 2\nDETECTOR rec[-3]\nDETECTOR rec[-2]\nDETECTOR rec[-1]',
    );
    const r = flattenDem(analyzeErrors(remnant, { decomposeErrors: true })).errors.find(
      (e) => e.detectors.length === 3,
    );
    assert.ok(r !== undefined);
    assert.equal(componentsKey(r), 'D0 D1| ^ D2|');
    assert.throws(
      () =>
        analyzeErrors(remnant, {
          decomposeErrors: true,
          blockDecompositionFromIntroducingRemnantEdges: true,
        }),
      UnsupportedError,
    );
  });
});

describe('analyzeErrors loop folding', () => {
  const repCode = (rounds: number, p: number): string => `
    R 0 1 2 3 4
    X_ERROR(${p}) 0 1 2 3 4
    TICK
    DEPOLARIZE1(${p}) 0 2 4
    CX 0 1 2 3
    DEPOLARIZE2(${p}) 0 1 2 3
    TICK
    CX 2 1 4 3
    DEPOLARIZE2(${p}) 2 1 4 3
    TICK
    X_ERROR(${p}) 1 3
    MR 1 3
    X_ERROR(${p}) 1 3
    DETECTOR(1, 0) rec[-2]
    DETECTOR(3, 0) rec[-1]
    REPEAT ${rounds - 1} {
      TICK
      DEPOLARIZE1(${p}) 0 2 4
      CX 0 1 2 3
      DEPOLARIZE2(${p}) 0 1 2 3
      TICK
      CX 2 1 4 3
      DEPOLARIZE2(${p}) 2 1 4 3
      TICK
      X_ERROR(${p}) 1 3
      MR 1 3
      X_ERROR(${p}) 1 3
      SHIFT_COORDS(0, 1)
      DETECTOR(1, 0) rec[-2] rec[-4]
      DETECTOR(3, 0) rec[-1] rec[-3]
    }
    X_ERROR(${p}) 0 2 4
    M 0 2 4
    DETECTOR(1, 1) rec[-2] rec[-3] rec[-5]
    DETECTOR(3, 1) rec[-1] rec[-2] rec[-4]
    OBSERVABLE_INCLUDE(0) rec[-1]
  `;

  for (const rounds of [3, 7, 30]) {
    it(`folded equals unrolled (flattened) for ${rounds} rounds`, () => {
      const c = parseCircuit(repCode(rounds, 0.01));
      for (const decomposeErrors of [false, true]) {
        const folded = analyzeErrors(c, { decomposeErrors });
        const unrolled = analyzeErrors(c, { decomposeErrors, foldLoops: false });
        assert.ok(!unrolled.items.some((i) => i.kind === 'repeat'));
        if (rounds >= 7)
          assert.ok(
            folded.items.some((i) => i.kind === 'repeat'),
            'expected a repeat block',
          );
        const f = flattenDem(folded);
        const u = flattenDem(unrolled);
        assertSameMerged(f, u, `rounds ${rounds}`);
        assert.deepEqual(f.detectorCoords, u.detectorCoords);
        assert.equal(f.numDetectors, u.numDetectors);
      }
    });
  }

  it('a million rounds fold into a small repeat block', () => {
    const folded: DetectorErrorModel = analyzeErrors(parseCircuit(repCode(1_000_000, 0.001)), {
      decomposeErrors: true,
    });
    const rep = folded.items.find((i) => i.kind === 'repeat');
    assert.ok(rep !== undefined && rep.kind === 'repeat');
    assert.ok(rep.repetitions > 999_990);
    assert.ok(rep.body.items.length < 40);
  });
});

describe('analyzeErrors vs the tableau sampler (random noisy Clifford circuits)', () => {
  const cliffords = GATE_DATA.filter(
    (g) =>
      (g.flags & GATE_FLAGS.UNITARY) !== 0 &&
      (g.flags & GATE_FLAGS.STABILIZER) !== 0 &&
      g.tableau !== undefined &&
      g.inverse !== undefined &&
      (g.arity === 1 || g.arity === 2),
  );
  const n = 3;
  const qubit = fc.integer({ min: 0, max: n - 1 });
  const pair = fc
    .tuple(qubit, fc.integer({ min: 1, max: n - 1 }))
    .map(([a, d]): [number, number] => [a, (a + d) % n]);
  const prob = fc.integer({ min: 1, max: 12 }).map((k) => k / 100);
  const pauli = fc.constantFrom('X', 'Y', 'Z');
  const noise = fc.oneof(
    fc
      .tuple(fc.constantFrom('X_ERROR', 'Y_ERROR', 'Z_ERROR', 'DEPOLARIZE1'), prob, qubit)
      .map(([g, p, q]) => `${g}(${p}) ${q}`),
    fc.tuple(prob, pair).map(([p, [a, b]]) => `DEPOLARIZE2(${p}) ${a} ${b}`),
    fc
      .tuple(prob, prob, prob, qubit)
      .map(([x, y, z, q]) => `PAULI_CHANNEL_1(${x / 2}, ${y / 2}, ${z / 2}) ${q}`),
    fc.tuple(prob, pauli, pair, pauli).map(([p, P, [a, b], Q]) => `E(${p}) ${P}${a} ${Q}${b}`),
  );
  const step = fc.tuple(
    fc.integer({ min: 0, max: cliffords.length - 1 }),
    pair,
    fc.option(noise, { freq: 2 }),
  );
  // C, then C⁻¹, from |000>: every Z measurement at the end is deterministic; noise sprinkled in between.
  const circuitText = fc
    .tuple(
      fc.array(step, { minLength: 1, maxLength: 10 }),
      fc.array(fc.option(noise), { minLength: 10, maxLength: 10 }),
      prob,
    )
    .map(([steps, back, pm]) => {
      const lines = ['R 0 1 2'];
      const gateLine = (gi: number, [a, b]: [number, number], inverse: boolean): string => {
        const g = cliffords[gi];
        const name = inverse ? (g.inverse ?? g.name) : g.name;
        return g.arity === 1 ? `${name} ${a}` : `${name} ${a} ${b}`;
      };
      for (const [gi, qs, nz] of steps) {
        lines.push(gateLine(gi, qs, false));
        if (nz !== null) lines.push(nz);
      }
      for (let i = steps.length - 1; i >= 0; i--) {
        lines.push(gateLine(steps[i][0], steps[i][1], true));
        const nz = back[i % back.length];
        if (nz !== null) lines.push(nz);
      }
      lines.push(
        `M(${pm}) 0 1 2`,
        'DETECTOR rec[-3]',
        'DETECTOR rec[-2]',
        'DETECTOR rec[-1]',
        'OBSERVABLE_INCLUDE(0) rec[-3] rec[-1]',
      );
      return lines.join('\n');
    });

  it('per-detector and pairwise firing probabilities match sampled rates (5 sigma)', () => {
    const numShots = 4000;
    let seed = 0;
    fc.assert(
      fc.property(circuitText, (text) => {
        const circuit = parseCircuit(text);
        const d = flattenDem(analyzeErrors(circuit, { approximateDisjointErrors: true }));
        const shots = sampleTableau(circuit, numShots, new Rng(1000 + seed++));
        // Columns: detectors 0..2 then observable 0. Parities of single columns and of pairs.
        const col = (e: FlatError, k: number): boolean =>
          k < 3 ? e.detectors.includes(k) : e.observables.includes(0);
        const bit = (s: number, k: number): boolean =>
          k < 3 ? shots.detectors.get(s, k) : shots.observables.get(s, 0);
        const sets = [[0], [1], [2], [3], [0, 1], [0, 2], [1, 2], [0, 3]];
        for (const set of sets) {
          let prod = 1;
          for (const e of d.errors) {
            let odd = false;
            for (const k of set) if (col(e, k)) odd = !odd;
            if (odd) prod *= 1 - 2 * e.probability;
          }
          const p = (1 - prod) / 2;
          let hits = 0;
          for (let s = 0; s < numShots; s++) {
            let odd = false;
            for (const k of set) if (bit(s, k)) odd = !odd;
            if (odd) hits++;
          }
          const sigma = Math.sqrt(Math.max(p * (1 - p), 1 / numShots) / numShots);
          assert.ok(
            Math.abs(hits / numShots - p) <= 5 * sigma,
            `columns ${set.join('^')}: DEM says ${p.toFixed(4)}, sampled ${hits / numShots} (seed ${seed - 1})\n${text}`,
          );
        }
      }),
      { seed: 20261125, numRuns: 25 },
    );
  });
});

describe('analyzeErrors loop folding on random periodic circuits', () => {
  const cliffords = GATE_DATA.filter(
    (g) =>
      (g.flags & GATE_FLAGS.UNITARY) !== 0 &&
      (g.flags & GATE_FLAGS.STABILIZER) !== 0 &&
      g.tableau !== undefined &&
      g.inverse !== undefined &&
      (g.arity === 1 || g.arity === 2),
  );
  const prob = fc.integer({ min: 1, max: 9 }).map((k) => k / 100);
  const dataQubit = fc.integer({ min: 0, max: 1 });
  const noise = fc.oneof(
    fc
      .tuple(
        fc.constantFrom('X_ERROR', 'Y_ERROR', 'Z_ERROR', 'DEPOLARIZE1'),
        prob,
        fc.integer({ min: 0, max: 2 }),
      )
      .map(([g, p, q]) => `${g}(${p}) ${q}`),
    prob.map((p) => `DEPOLARIZE2(${p}) 0 1`),
    fc.tuple(prob, fc.constantFrom('X', 'Y', 'Z')).map(([p, P]) => `E(${p}) ${P}0 ${P}1`),
  );
  // A 2-data-qubit parity check: each round does C, noise, C⁻¹ on the data, measures Z0·Z1 into
  // ancilla 2 (MR) and compares it with the previous round.
  const circuitText = fc
    .tuple(
      fc.array(fc.tuple(fc.integer({ min: 0, max: cliffords.length - 1 }), dataQubit), { maxLength: 4 }),
      fc.array(noise, { maxLength: 4 }),
      fc.integer({ min: 2, max: 12 }),
      fc.boolean(),
    )
    .map(([gates, noises, reps, nested]) => {
      const apply = (inverse: boolean): string[] => {
        const seq = inverse ? [...gates].reverse() : gates;
        return seq.map(([gi, q]) => {
          const g = cliffords[gi];
          const name = inverse ? (g.inverse ?? g.name) : g.name;
          return g.arity === 1 ? `${name} ${q}` : `${name} ${q} ${1 - q}`;
        });
      };
      const round = [
        ...apply(false),
        ...noises,
        ...apply(true),
        'CX 0 2 1 2',
        'X_ERROR(0.02) 2',
        'MR 2',
        'SHIFT_COORDS(0, 1)',
        'DETECTOR(2, 0) rec[-1] rec[-2]',
      ];
      const body = nested ? ['REPEAT 2 {', ...round, '}'] : round;
      return [
        'R 0 1 2',
        'CX 0 2 1 2',
        'MR 2',
        `REPEAT ${reps} {`,
        ...body,
        '}',
        'M 0 1',
        'DETECTOR(0, 1) rec[-1] rec[-2] rec[-3]',
        'OBSERVABLE_INCLUDE(0) rec[-1]',
      ].join('\n');
    });

  it('folded and unrolled models flatten to the same mechanisms and coordinates', () => {
    let numFolded = 0;
    fc.assert(
      fc.property(circuitText, (text) => {
        const c = parseCircuit(text);
        const u = flattenDem(analyzeErrors(c, { foldLoops: false }));
        const folded = analyzeErrors(c);
        if (folded.items.some((i) => i.kind === 'repeat')) numFolded++;
        const f = flattenDem(folded);
        assertSameMerged(f, u, text);
        assert.deepEqual(f.detectorCoords, u.detectorCoords);
        assert.equal(f.numDetectors, u.numDetectors);
      }),
      { seed: 7, numRuns: 60 },
    );
    assert.ok(numFolded >= 20, `only ${numFolded} of 60 circuits were folded`);
  });
});

describe('analyzeErrors vs the frame sampler on code circuits', () => {
  // Per-detector and per-observable firing probabilities of the (folded) DEM against 20,000 frame
  // samples of the circuit itself; detectors of these circuits fire with a few percent each.
  for (const name of [
    'surface_code-rotated_memory_x-d3-r3-p0.005',
    'color_code-memory_xyz-d3-r3-p0.005',
    'repetition_code-memory-d5-r5-p0.005',
  ]) {
    it(`${name}: marginals within 5 sigma`, () => {
      const circuit = parseCircuit(readFileSync(path.join(VECTORS, 'circuits', `${name}.stim`), 'utf8'));
      const d = flattenDem(analyzeErrors(circuit, { decomposeErrors: true }));
      const numShots = 20_000;
      const shots = compileSampler(circuit).sampleDetectors(numShots, new Rng(99));
      const check = (p: number, hits: number, what: string): void => {
        const sigma = Math.sqrt(Math.max(p * (1 - p), 1 / numShots) / numShots);
        assert.ok(
          Math.abs(hits / numShots - p) <= 5 * sigma,
          `${what}: DEM ${p}, sampled ${hits / numShots}`,
        );
      };
      const detProd = new Array<number>(d.numDetectors).fill(1);
      const obsProd = new Array<number>(d.numObservables).fill(1);
      for (const e of d.errors) {
        for (const k of e.detectors) detProd[k] *= 1 - 2 * e.probability;
        for (const k of e.observables) obsProd[k] *= 1 - 2 * e.probability;
      }
      for (let k = 0; k < d.numDetectors; k++) {
        let hits = 0;
        for (let s = 0; s < numShots; s++) if (shots.detectors.get(s, k)) hits++;
        check((1 - detProd[k]) / 2, hits, `D${k}`);
      }
      for (let k = 0; k < d.numObservables; k++) {
        let hits = 0;
        for (let s = 0; s < numShots; s++) if (shots.observables.get(s, k)) hits++;
        check((1 - obsProd[k]) / 2, hits, `L${k}`);
      }
    });
  }
});
