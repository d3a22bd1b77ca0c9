import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { UnsupportedError, ValidationError } from '../../base/errors.js';
import { Rng } from '../../base/prng.js';
import { parseCircuit } from '../../circuit/parser.js';
import { GATE_DATA } from '../../gates/gate-data.js';
import { GATE_FLAGS } from '../../gates/gate.js';
import { PauliString } from '../../stabilizer/pauli-string.js';
import { Tableau } from '../../stabilizer/tableau.js';
import {
  assertDeterministic,
  checkDeterministic,
  referenceRun,
  referenceSample,
} from './reference-sample.js';
import { StateVectorSimulator } from '../state-vector/state-vector-simulator.js';
import { TableauSimulator } from './tableau-simulator.js';
import { TableauSampler, sampleTableau } from './tableau-sampler.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const vectors = path.resolve(repoRoot, '../shared/vectors');

/** Unitary Clifford gates of the table that have a tableau (single- and two-qubit). */
const CLIFFORDS = GATE_DATA.filter(
  (g) =>
    g.tableau !== undefined &&
    (g.flags & GATE_FLAGS.UNITARY) !== 0 &&
    (g.flags & GATE_FLAGS.STABILIZER) !== 0 &&
    (g.arity === 1 || g.arity === 2),
);

function run(text: string, seed = 1, numQubits = 0): TableauSimulator {
  const c = parseCircuit(text);
  const sim = new TableauSimulator(Math.max(numQubits, c.numQubits), new Rng(seed));
  sim.run(c);
  return sim;
}

/** A random Clifford circuit over the table's gates, as text, and its tableau built independently. */
function randomCliffordCircuit(n: number, numGates: number, rng: Rng): { text: string; tableau: Tableau } {
  const lines: string[] = [];
  let t = new Tableau(n);
  for (let i = 0; i < numGates; i++) {
    const g = CLIFFORDS[rng.nextInt(CLIFFORDS.length)];
    const a = rng.nextInt(n);
    let b = rng.nextInt(n - 1);
    if (b >= a) b++;
    const qs = g.arity === 1 ? [a] : [a, b];
    lines.push(`${g.name} ${qs.join(' ')}`);
    const step = new Tableau(n);
    step.append(Tableau.fromGate(g), qs);
    t = t.then(step);
  }
  return { text: lines.join('\n'), tableau: t };
}

describe('TableauSimulator: gates', () => {
  it('the table has the usual Clifford gates', () => {
    const names = new Set(CLIFFORDS.map((g) => g.name));
    for (const n of ['H', 'S', 'S_DAG', 'SQRT_X', 'CX', 'CZ', 'CY', 'SWAP', 'ISWAP', 'C_XYZ', 'SQRT_XX'])
      assert.ok(names.has(n), n);
  });

  it('every Clifford gate: simulated state tableau equals the gate tableau (prepend path)', () => {
    const rng = new Rng(3);
    for (const g of CLIFFORDS) {
      const n = 3;
      const qs = g.arity === 1 ? [1] : [2, 0];
      // Start from a random state (random prefix), then apply the gate.
      const prefix = randomCliffordCircuit(n, 12, rng);
      const sim = run(`${prefix.text}\n${g.name} ${qs.join(' ')}`, 1, n);
      const step = new Tableau(n);
      step.append(Tableau.fromGate(g), qs);
      assert.ok(sim.stateTableau().equals(prefix.tableau.then(step)), g.name);
    }
  });

  it('random Clifford circuits: the simulator state equals the composed tableau (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 24 }), fc.integer({ min: 0, max: 2 ** 31 }), (n, seed) => {
        const { text, tableau } = randomCliffordCircuit(n, 3 * n, new Rng(seed));
        assert.ok(run(text, 1, n).stateTableau().equals(tableau));
      }),
      { seed: 31, numRuns: 25 },
    );
  });

  it('a circuit followed by its inverse returns to |0…0⟩ (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 0, max: 2 ** 31 }), (n, seed) => {
        const rng = new Rng(seed);
        const lines: string[] = [];
        const inverse: string[] = [];
        for (let i = 0; i < 5 * n; i++) {
          const g = CLIFFORDS[rng.nextInt(CLIFFORDS.length)];
          const a = rng.nextInt(n);
          let b = rng.nextInt(n - 1);
          if (b >= a) b++;
          const qs = (g.arity === 1 ? [a] : [a, b]).join(' ');
          lines.push(`${g.name} ${qs}`);
          inverse.unshift(`${g.inverse ?? g.name} ${qs}`);
        }
        const sim = run(`${lines.join('\n')}\n${inverse.join('\n')}\nM ${[...Array(n).keys()].join(' ')}`);
        assert.ok(sim.measurementRecord.every((b) => b === 0));
        for (let q = 0; q < n; q++) assert.equal(sim.peekBloch(q).toString(), '+Z');
      }),
      { seed: 32, numRuns: 30 },
    );
  });

  it('peekBloch of the six single-qubit stabilizer states', () => {
    assert.equal(run('').peekBloch(0).toString(), '+Z');
    assert.equal(run('X 0').peekBloch(0).toString(), '-Z');
    assert.equal(run('H 0').peekBloch(0).toString(), '+X');
    assert.equal(run('X 0\nH 0').peekBloch(0).toString(), '-X');
    assert.equal(run('H 0\nS 0').peekBloch(0).toString(), '+Y');
    assert.equal(run('H 0\nS_DAG 0').peekBloch(0).toString(), '-Y');
    assert.equal(run('H 0\nCX 0 1').peekBloch(0).toString(), '+_');
    assert.equal(run('RY 0').peekBloch(0).toString(), '+Y');
    assert.equal(run('RX 0').peekBloch(0).toString(), '+X');
  });

  it('SPP / SPP_DAG equal the named square-root gates', () => {
    const pairs: [string, string][] = [
      ['SPP Z0', 'S 0'],
      ['SPP X0', 'SQRT_X 0'],
      ['SPP Y0', 'SQRT_Y 0'],
      ['SPP_DAG Z0', 'S_DAG 0'],
      ['SPP !Z0', 'S_DAG 0'],
      ['SPP Z0*Z1', 'SQRT_ZZ 0 1'],
      ['SPP X0*X1', 'SQRT_XX 0 1'],
      ['SPP_DAG Y0*Y1', 'SQRT_YY_DAG 0 1'],
    ];
    const rng = new Rng(4);
    for (const [a, b] of pairs) {
      const prefix = randomCliffordCircuit(3, 10, rng).text;
      assert.ok(
        run(`${prefix}\n${a}`, 1, 3)
          .stateTableau()
          .equals(run(`${prefix}\n${b}`, 1, 3).stateTableau()),
        a,
      );
    }
  });

  it('non-Clifford gates are rejected with a pointer to the state-vector simulator', () => {
    assert.throws(
      () => run('H 0\nT 0'),
      (e: unknown) => e instanceof UnsupportedError && /T/.test(e.message) && /state-vector/.test(e.message),
    );
  });
});

describe('TableauSimulator: measurements', () => {
  it('GHZ: the first result is random, the rest equal it', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const rec = run('H 0\nCX 0 1 1 2 2 3\nM 0 1 2 3', seed).measurementRecord.join('');
      assert.ok(rec === '0000' || rec === '1111', rec);
      seen.add(rec);
    }
    assert.equal(seen.size, 2);
  });

  it('1000-qubit GHZ chain: all 1000 results equal, both values occur', () => {
    const n = 1000;
    const cx: string[] = [];
    for (let q = 0; q + 1 < n; q++) cx.push(`${q} ${q + 1}`);
    const text = `H 0\nCX ${cx.join(' ')}\nM ${[...Array(n).keys()].join(' ')}`;
    const c = parseCircuit(text);
    const firsts = new Set<number>();
    for (let seed = 0; seed < 6; seed++) {
      const sim = new TableauSimulator(n, new Rng(seed));
      sim.run(c);
      const r = sim.measurementRecord;
      assert.equal(r.length, n);
      assert.ok(r.every((b) => b === r[0]));
      firsts.add(r[0]);
    }
    assert.equal(firsts.size, 2);
  });

  it('MPP on a Bell state is deterministic: XX = +1, ZZ = +1, YY = −1', () => {
    for (let seed = 0; seed < 10; seed++) {
      const sim = run('H 0\nCX 0 1\nMPP X0*X1 Z0*Z1 Y0*Y1 !X0*X1\nMXX 0 1\nMZZ 0 1\nMYY 0 1', seed);
      assert.deepEqual(sim.measurementRecord, [0, 0, 1, 1, 0, 0, 1]);
    }
  });

  it('MX / MY / MR / MRX / RX / RY bases', () => {
    for (let seed = 0; seed < 10; seed++) {
      assert.deepEqual(
        run('H 0\nMX 0\nX 1\nMR 1\nM 1\nRY 2\nMY 2\nRX 3\nMRX 3\nMRY 2\nM 2', seed).measurementRecord.slice(
          0,
          6,
        ),
        [0, 1, 0, 0, 0, 0],
      );
      const r = run('H 0\nS 0\nMY 0 0\nMX 0 0', seed).measurementRecord;
      assert.equal(r[0], 0);
      assert.equal(r[1], 0);
      assert.equal(r[2], r[3]);
    }
  });

  it('inverted targets and repeated qubits', () => {
    assert.deepEqual(run('M !0 0\nX 1\nMR 1 1\nRX 2\nMX !2').measurementRecord, [1, 0, 1, 0, 1]);
  });

  it('classically controlled Paulis follow the record; sweep bits count as 0', () => {
    for (let seed = 0; seed < 10; seed++) {
      const r = run(
        'H 0\nM 0\nCX rec[-1] 1\nCZ sweep[0] 2\nH 2\nCZ 2 rec[-1]\nH 2\nM 1 2\nCX sweep[3] 3\nM 3',
        seed,
      ).measurementRecord;
      assert.equal(r[1], r[0]);
      assert.equal(r[2], r[0]);
      assert.equal(r[3], 0);
    }
  });

  it('REPEAT runs by iteration with rec lookbacks into earlier iterations', () => {
    const sim = run('X 0\nREPEAT 1000 {\n  M 0\n  CX rec[-1] 1\n  MR 1\n  DETECTOR rec[-1] rec[-2]\n}\n');
    assert.equal(sim.measurementRecord.length, 2000);
    assert.ok(sim.detectorRecord.every((d) => d === 0));
  });

  it('peekObservableExpectation on a random stabilizer state agrees with measurement', () => {
    const rng = new Rng(9);
    for (let trial = 0; trial < 20; trial++) {
      const { text } = randomCliffordCircuit(5, 15, rng);
      const p = new PauliString(5);
      for (let k = 0; k < 5; k++) p.setPauli(k, rng.nextInt(2), rng.nextInt(2));
      if (p.isIdentity) continue;
      const terms: string[] = [];
      for (let k = 0; k < 5; k++) if (p.pauliAt(k) !== 'I') terms.push(`${p.pauliAt(k)}${k}`);
      const e = run(text).peekObservableExpectation(p);
      const outcomes = new Set<number>();
      for (let seed = 0; seed < 16; seed++)
        outcomes.add(run(`${text}\nMPP ${terms.join('*')}`, seed).measurementRecord[0]);
      if (e === 0) assert.equal(outcomes.size, 2);
      else assert.deepEqual([...outcomes], [e === 1 ? 0 : 1]);
    }
  });
});

describe('referenceSample / checkDeterministic', () => {
  const files = readdirSync(path.join(vectors, 'circuits')).filter((f) => f.endsWith('.stim'));

  it('every vector circuit has deterministic detectors and observables without noise', () => {
    assert.ok(files.length > 0);
    for (const f of files) {
      const c = parseCircuit(readFileSync(path.join(vectors, 'circuits', f), 'utf8'), f);
      const rep = checkDeterministic(c);
      assert.deepEqual(rep.nonDeterministicDetectors, [], f);
      assert.deepEqual(rep.nonDeterministicObservables, [], f);
      const ref = referenceRun(c);
      assert.equal(ref.measurements.length, c.numMeasurements, f);
      assert.equal(ref.detectors.length, c.numDetectors, f);
      assert.ok(
        ref.detectors.every((d) => d === 0),
        f,
      );
      assert.doesNotThrow(() => assertDeterministic(c));
    }
  });

  it('flags random detectors and observables by id', () => {
    const c = parseCircuit(
      'H 0\nCX 0 1\nM 0 1\nDETECTOR rec[-1] rec[-2]\nDETECTOR rec[-1]\nOBSERVABLE_INCLUDE(1) rec[-2]\n' +
        'MX 0\nMX 0\nDETECTOR rec[-1] rec[-2]\nDETECTOR rec[-1]\nMR 2\nDETECTOR rec[-1]',
    );
    const rep = checkDeterministic(c);
    assert.deepEqual(rep.nonDeterministicDetectors, [1, 3]);
    assert.deepEqual(rep.nonDeterministicObservables, [1]);
    assert.throws(
      () => assertDeterministic(c),
      (e: unknown) => e instanceof ValidationError && /D1, D3, L1/.test(e.message),
    );
  });

  it('random circuits with measurements: flagged detectors are exactly those that vary when sampled', () => {
    const rng = new Rng(51);
    const ops = ['M', 'MX', 'MY', 'MR', 'MRX', 'R', 'RX', 'RY', 'MPP', 'MXX', 'MZZ', 'CTRL'];
    for (let trial = 0; trial < 25; trial++) {
      const n = 4;
      const lines: string[] = [];
      let numM = 0;
      for (let layer = 0; layer < 6; layer++) {
        lines.push(randomCliffordCircuit(n, 3, rng).text);
        const op = ops[rng.nextInt(ops.length)];
        const a = rng.nextInt(n);
        const b = (a + 1 + rng.nextInt(n - 1)) % n;
        if (op === 'MPP') lines.push(`MPP X${a}*Z${b}`);
        else if (op === 'MXX' || op === 'MZZ') lines.push(`${op} ${a} ${b}`);
        else if (op === 'CTRL') {
          if (numM > 0) lines.push(`CX rec[-1] ${a}`);
          continue;
        } else lines.push(`${op} ${a}`);
        if (op[0] === 'M') numM++;
      }
      // A detector on every result and on every adjacent pair of results.
      for (let k = 1; k <= numM; k++) lines.push(`DETECTOR rec[-${k}]`);
      for (let k = 1; k < numM; k++) lines.push(`DETECTOR rec[-${k}] rec[-${k + 1}]`);
      const c = parseCircuit(lines.join('\n'));
      const flagged = checkDeterministic(c).nonDeterministicDetectors;
      const values: number[][] = [];
      for (let seed = 0; seed < 24; seed++) {
        const sim = new TableauSimulator(n, new Rng(seed));
        sim.run(c);
        values.push(sim.detectorRecord);
      }
      const varies: number[] = [];
      for (let d = 0; d < c.numDetectors; d++)
        if (new Set(values.map((v) => v[d])).size === 2) varies.push(d);
      assert.deepEqual(flagged, varies, lines.join('\n'));
      // Reference values are the values of every deterministic detector in any sampled run.
      const ref = referenceRun(c);
      for (let d = 0; d < c.numDetectors; d++)
        if (!varies.includes(d)) assert.equal(ref.detectors[d], values[0][d]);
    }
  });

  it('detectors on first-round stabilizer measurements: flagged exactly when sampling varies', () => {
    const f = 'surface_code-rotated_memory_z-d3-r3-p0.001.stim';
    const text = readFileSync(path.join(vectors, 'circuits', f), 'utf8');
    const numM = parseCircuit(text).numMeasurements;
    // Extra detectors on each of the first 8 results (the round-1 ancillas: Z-type ones are
    // deterministic, X-type ones random in a Z-basis memory experiment).
    const extra = [...Array(8).keys()].map((k) => `DETECTOR rec[-${numM - k}]`).join('\n');
    const c = parseCircuit(`${text}\n${extra}`);
    const rep = checkDeterministic(c);
    const base = c.numDetectors - 8;
    const flagged = rep.nonDeterministicDetectors.filter((d) => d >= base).map((d) => d - base);
    // Independent check: noiseless sampling with 16 seeds (a random bit is constant with prob 2^-15).
    const noiseless = parseCircuit(
      text.replace(/^\s*(DEPOLARIZE[12]|X_ERROR|Z_ERROR)\([^)]*\)[^\n]*$/gm, ''),
    );
    const varies: number[] = [];
    const firstValues: number[][] = [];
    for (let seed = 0; seed < 16; seed++) {
      const sim = new TableauSimulator(noiseless.numQubits, new Rng(seed));
      sim.run(noiseless);
      firstValues.push(sim.measurementRecord.slice(0, 8));
    }
    for (let k = 0; k < 8; k++) if (new Set(firstValues.map((v) => v[k])).size === 2) varies.push(k);
    assert.deepEqual(flagged, varies);
    assert.ok(varies.length > 0 && varies.length < 8);
  });

  it('d=17 reference sample (REPEAT 17 over 628 qubits) is all-deterministic and fast enough to iterate', () => {
    const f = 'surface_code-rotated_memory_z-d17-r17-p0.001.stim';
    const c = parseCircuit(readFileSync(path.join(vectors, 'bench', f), 'utf8'), f);
    const r = referenceSample(c);
    assert.equal(r.length, c.numMeasurements);
    assert.deepEqual(checkDeterministic(c).nonDeterministicDetectors, []);
  });
});

describe('sampleTableau: noise statistics vs exact probabilities (5σ)', () => {
  const cases: [string, string, number[]][] = [
    ['X_ERROR', 'R 0\nX_ERROR(0.1) 0\nM 0\nDETECTOR rec[-1]', [0.1]],
    ['Y_ERROR', 'RX 0\nY_ERROR(0.3) 0\nMX 0\nDETECTOR rec[-1]', [0.3]],
    ['Z_ERROR', 'RX 0\nZ_ERROR(0.2) 0\nMX 0\nDETECTOR rec[-1]', [0.2]],
    ['DEPOLARIZE1', 'R 0\nDEPOLARIZE1(0.3) 0\nM 0\nDETECTOR rec[-1]', [0.2]],
    [
      'DEPOLARIZE2',
      'R 0 1\nDEPOLARIZE2(0.3) 0 1\nM 0 1\nDETECTOR rec[-2]\nDETECTOR rec[-1]\nDETECTOR rec[-1] rec[-2]',
      [0.16, 0.16, 0.16],
    ],
    ['PAULI_CHANNEL_1', 'R 0\nPAULI_CHANNEL_1(0.1, 0.2, 0.3) 0\nM 0\nDETECTOR rec[-1]', [0.3]],
    [
      'PAULI_CHANNEL_2',
      // Only IX (0.1) and ZY (0.2) and XI (0.05): q0 flips on XI, q1 flips on IX and ZY.
      'R 0 1\nPAULI_CHANNEL_2(0.1, 0, 0, 0.05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.2, 0) 0 1\nM 0 1\nDETECTOR rec[-2]\nDETECTOR rec[-1]',
      [0.05, 0.3],
    ],
    [
      'E/ELSE',
      'R 0 1\nE(0.2) X0\nELSE_CORRELATED_ERROR(0.5) X0 X1\nM 0 1\nDETECTOR rec[-2]\nDETECTOR rec[-1]',
      [0.6, 0.4],
    ],
    ['M(p)', 'R 0\nM(0.25) 0\nDETECTOR rec[-1]\nMR(0.1) 0\nDETECTOR rec[-1]', [0.25, 0.1]],
    ['HERALDED_ERASE', 'R 0\nHERALDED_ERASE(0.4) 0\nM 0\nDETECTOR rec[-2]\nDETECTOR rec[-1]', [0.4, 0.2]],
    [
      'HERALDED_PAULI_CHANNEL_1',
      'R 0\nHERALDED_PAULI_CHANNEL_1(0.1, 0.2, 0.05, 0.15) 0\nM 0\nDETECTOR rec[-2]\nDETECTOR rec[-1]',
      [0.5, 0.25],
    ],
    ['MPP(p)', 'MPP(0.2) Z0*Z1\nDETECTOR rec[-1]', [0.2]],
    ['I_ERROR', 'R 0\nI_ERROR(0.5) 0\nM 0\nDETECTOR rec[-1]', [0]],
  ];
  for (const [name, text, probs] of cases) {
    it(name, () => {
      const shots = 10000;
      const res = sampleTableau(parseCircuit(text), shots, new Rng(77));
      assert.equal(res.detectors.numCols, probs.length);
      for (let d = 0; d < probs.length; d++) {
        let hits = 0;
        for (let s = 0; s < shots; s++) if (res.detectors.get(s, d)) hits++;
        const p = probs[d];
        const sigma = Math.sqrt((p * (1 - p)) / shots);
        assert.ok(Math.abs(hits / shots - p) <= 5 * sigma + 1e-12, `${name} D${d}: ${hits / shots} vs ${p}`);
      }
    });
  }

  it('TableauSampler: reproducible per seed, same as sampleTableau, detection events relative to the reference', () => {
    // X 0 makes the noiseless parity of D0 equal 1: detection events are flips relative to it.
    const c = parseCircuit('X 0\nX_ERROR(0.2) 0\nM 0\nDETECTOR rec[-1]\nOBSERVABLE_INCLUDE(0) rec[-1]');
    const sampler = new TableauSampler(c);
    const a = sampler.sample(500, new Rng(8));
    const b = sampler.sample(500, new Rng(8));
    const c2 = sampleTableau(c, 500, new Rng(8));
    assert.ok(a.detectors.equals(b.detectors) && a.detectors.equals(c2.detectors));
    for (let s = 0; s < 500; s++) {
      const m = a.measurements?.get(s, 0) ?? false;
      assert.equal(a.detectors.get(s, 0), !m);
      assert.equal(a.observables.get(s, 0), !m);
    }
  });

  it('surface code d=3 (X memory): detection and observable rates match 10,000 shots from Stim', () => {
    const name = 'surface_code-rotated_memory_x-d3-r3-p0.005';
    const c = parseCircuit(readFileSync(path.join(vectors, 'circuits', `${name}.stim`), 'utf8'), name);
    const numD = c.numDetectors;
    const bytesPerShot = (numD + 7) >>> 3;
    const b8 = readFileSync(path.join(vectors, 'samples', `${name}.dets.b8`));
    const stimShots = b8.length / bytesPerShot;
    const obs01 = readFileSync(path.join(vectors, 'samples', `${name}.obs.01`), 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    assert.equal(obs01.length, stimShots);
    const shots = 4000;
    const ours = sampleTableau(c, shots, new Rng(2024));
    assert.equal(ours.measurements?.numCols, c.numMeasurements);
    const check = (what: string, stimHits: number, ourHits: number): void => {
      const p = (stimHits + ourHits) / (stimShots + shots);
      const sigma = Math.sqrt(p * (1 - p) * (1 / stimShots + 1 / shots)) + 1e-9;
      assert.ok(
        Math.abs(stimHits / stimShots - ourHits / shots) <= 5 * sigma,
        `${what}: stim ${stimHits / stimShots}, ours ${ourHits / shots}`,
      );
    };
    for (let d = 0; d < numD; d++) {
      let stimHits = 0;
      for (let s = 0; s < stimShots; s++) stimHits += (b8[s * bytesPerShot + (d >>> 3)] >>> (d & 7)) & 1;
      let ourHits = 0;
      for (let s = 0; s < shots; s++) if (ours.detectors.get(s, d)) ourHits++;
      check(`D${d}`, stimHits, ourHits);
    }
    let stimObs = 0;
    for (const line of obs01) if (line[0] === '1') stimObs++;
    let ourObs = 0;
    for (let s = 0; s < shots; s++) if (ours.observables.get(s, 0)) ourObs++;
    check('L0', stimObs, ourObs);
  });
});

describe('differential: tableau vs state vector on random Clifford circuits', () => {
  /** Every Pauli string on n qubits (4^n), phase +1. */
  function allPaulis(n: number): PauliString[] {
    const out: PauliString[] = [];
    for (let code = 0; code < 4 ** n; code++) {
      const p = new PauliString(n);
      for (let k = 0; k < n; k++) {
        const c = (code >>> (2 * k)) & 3;
        p.setPauli(k, c === 1 || c === 2 ? 1 : 0, c === 2 || c === 3 ? 1 : 0);
      }
      out.push(p);
    }
    return out;
  }

  it('all 4^n Pauli expectations agree (n ≤ 4, every Clifford gate of the table)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 0, max: 2 ** 31 }), (n, seed) => {
        const { text } = randomCliffordCircuit(n, 6 * n, new Rng(seed));
        const c = parseCircuit(text);
        const tab = new TableauSimulator(n, new Rng(1));
        tab.run(c);
        const sv = new StateVectorSimulator(n, new Rng(1)).run(c);
        for (const p of allPaulis(n)) {
          const e = sv.expectation(p);
          assert.ok(
            Math.abs(e - tab.peekObservableExpectation(p)) < 1e-9,
            `${text}\n${p.toString()}: sv ${e}`,
          );
        }
      }),
      { seed: 41, numRuns: 30 },
    );
  });

  it('SPP / SPP_DAG and MPP agree with the state vector', () => {
    const rng = new Rng(42);
    for (let trial = 0; trial < 10; trial++) {
      const prefix = randomCliffordCircuit(3, 10, rng).text;
      const text = `${prefix}\nSPP X0*Y1 Z2\nSPP_DAG Y0*Z1*X2\nSPP !Z1*X2`;
      const c = parseCircuit(text);
      const tab = new TableauSimulator(3, new Rng(1));
      tab.run(c);
      const sv = new StateVectorSimulator(3, new Rng(1)).run(c);
      for (const p of allPaulis(3))
        assert.ok(Math.abs(sv.expectation(p) - tab.peekObservableExpectation(p)) < 1e-9, text);
    }
  });
});
