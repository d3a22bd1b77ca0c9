import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { UnsupportedError, ValidationError } from '../../base/errors.js';
import { parseDem } from '../../dem/dem-parser.js';
import { compileDemSampler } from '../../dem/dem-sampler.js';
import { flattenDem } from '../../dem/flatten.js';
import { Rng } from '../../base/prng.js';
import { parseCircuit } from '../../circuit/parser.js';
import { GATE_DATA } from '../../gates/gate-data.js';
import { GATE_FLAGS } from '../../gates/gate.js';
import { BitTable } from '../../mem/bit-table.js';
import { checkDeterministic, referenceSample } from '../tableau/reference-sample.js';
import { sampleTableau } from '../tableau/tableau-sampler.js';
import { compileSampler } from './frame-simulator.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const vectors = path.resolve(repoRoot, '../shared/vectors');

const CLIFFORD_1 = GATE_DATA.filter(
  (g) => g.tableau !== undefined && (g.flags & GATE_FLAGS.STABILIZER) !== 0 && g.arity === 1,
);
const CLIFFORD_2 = GATE_DATA.filter(
  (g) => g.tableau !== undefined && (g.flags & GATE_FLAGS.STABILIZER) !== 0 && g.arity === 2,
);

/** Column sums of a shot-major table. */
function columnCounts(t: BitTable): number[] {
  const out = new Array<number>(t.numCols).fill(0);
  for (let r = 0; r < t.numRows; r++) for (let c = 0; c < t.numCols; c++) if (t.get(r, c)) out[c]++;
  return out;
}

/** Counts of shots where both columns i and j are set, for i < j < limit. */
function pairCounts(t: BitTable, limit: number): Map<string, number> {
  const n = Math.min(limit, t.numCols);
  const out = new Map<string, number>();
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out.set(`${i},${j}`, 0);
  for (let r = 0; r < t.numRows; r++)
    for (let i = 0; i < n; i++) {
      if (!t.get(r, i)) continue;
      for (let j = i + 1; j < n; j++) if (t.get(r, j)) out.set(`${i},${j}`, (out.get(`${i},${j}`) ?? 0) + 1);
    }
  return out;
}

/**
 * Asserts two binomial estimates k1/n1 and k2/n2 agree within 5 pooled standard deviations of
 * their difference (equal when both are 0 or 1).
 */
function assertRatesAgree(k1: number, n1: number, k2: number, n2: number, what: string): void {
  const p = (k1 + k2) / (n1 + n2);
  const sigma = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  const diff = Math.abs(k1 / n1 - k2 / n2);
  assert.ok(
    diff <= 5 * sigma + 1e-12,
    `${what}: ${k1}/${n1} = ${(k1 / n1).toFixed(4)} vs ${k2}/${n2} = ${(k2 / n2).toFixed(4)} (5σ = ${(5 * sigma).toFixed(4)})`,
  );
}

/** Asserts k/n is within 5 binomial standard deviations of the exact rate p. */
function assertRateNear(k: number, n: number, p: number, what: string): void {
  const sigma = Math.sqrt((p * (1 - p)) / n);
  assert.ok(
    Math.abs(k / n - p) <= 5 * sigma + 1e-12,
    `${what}: ${k}/${n} = ${(k / n).toFixed(5)} vs exact ${p} (5σ = ${(5 * sigma).toFixed(5)})`,
  );
}

function compareTables(a: BitTable, b: BitTable, what: string, pairLimit: number): void {
  assert.equal(a.numCols, b.numCols, `${what}: column counts`);
  const ca = columnCounts(a);
  const cb = columnCounts(b);
  for (let c = 0; c < a.numCols; c++)
    assertRatesAgree(ca[c], a.numRows, cb[c], b.numRows, `${what} column ${c}`);
  const pa = pairCounts(a, pairLimit);
  const pb = pairCounts(b, pairLimit);
  for (const [k, v] of pa) assertRatesAgree(v, a.numRows, pb.get(k) ?? 0, b.numRows, `${what} pair ${k}`);
}

/**
 * A random circuit on `n` qubits exercising every instruction kind the frame sampler handles:
 * all single- and two-qubit Cliffords of the table, measurements/resets in every basis (with flip
 * noise, sparse and dense), inverted targets, MPP/MXX/MYY/MZZ/SPP/SPP_DAG, classically
 * controlled Paulis, every Pauli channel, E/ELSE chains, heralded channels, MPAD, detectors,
 * observables, and a REPEAT block.
 */
function randomCircuit(n: number, steps: number, rng: Rng): string {
  const lines: string[] = [];
  let numMeas = 0;
  const q = (): number => rng.nextInt(n);
  const pair = (): [number, number] => {
    const a = q();
    let b = rng.nextInt(n - 1);
    if (b >= a) b++;
    return [a, b];
  };
  const prob = (): number => [0.02, 0.1, 0.25][rng.nextInt(3)];
  const pauli = (): string => 'XYZ'[rng.nextInt(3)];
  const emit = (line: string, results: number): void => {
    lines.push(line);
    numMeas += results;
  };
  const step = (): void => {
    const k = rng.nextInt(22);
    switch (k) {
      case 0:
      case 1:
      case 2:
        emit(`${CLIFFORD_1[rng.nextInt(CLIFFORD_1.length)].name} ${q()}`, 0);
        break;
      case 3:
      case 4:
      case 5:
        emit(`${CLIFFORD_2[rng.nextInt(CLIFFORD_2.length)].name} ${pair().join(' ')}`, 0);
        break;
      case 6: {
        const g = ['M', 'MX', 'MY', 'MR', 'MRX', 'MRY'][rng.nextInt(6)];
        const a = rng.nextInt(3) === 0 ? `(${prob()})` : '';
        const t1 = q();
        const t2 = q();
        emit(`${g}${a} ${rng.nextInt(2) === 0 ? '!' : ''}${t1} ${t2}`, 2);
        break;
      }
      case 7:
        emit(`${['R', 'RX', 'RY'][rng.nextInt(3)]} ${q()}`, 0);
        break;
      case 8: {
        const [a, b] = pair();
        const c = q();
        const flip = rng.nextInt(3) === 0 ? `(${prob()})` : '';
        emit(`MPP${flip} ${pauli()}${a}*${pauli()}${b} !${pauli()}${c}`, 2);
        break;
      }
      case 9: {
        const [a, b] = pair();
        emit(`${['MXX', 'MYY', 'MZZ'][rng.nextInt(3)]} ${a} ${b}`, 1);
        break;
      }
      case 10: {
        const [a, b] = pair();
        emit(`${rng.nextInt(2) === 0 ? 'SPP' : 'SPP_DAG'} ${pauli()}${a}*${pauli()}${b}`, 0);
        break;
      }
      case 11:
        if (numMeas > 0) {
          const g = ['CX', 'CY', 'CZ'][rng.nextInt(3)];
          emit(`${g} rec[-${1 + rng.nextInt(Math.min(numMeas, 3))}] ${q()}`, 0);
          emit(`${['XCZ', 'YCZ'][rng.nextInt(2)]} ${q()} rec[-1]`, 0);
        }
        break;
      case 12:
        emit(`${['X_ERROR', 'Y_ERROR', 'Z_ERROR'][rng.nextInt(3)]}(${prob()}) ${q()} ${q()}`, 0);
        break;
      case 13:
        emit(`DEPOLARIZE1(${prob()}) ${q()}`, 0);
        break;
      case 14:
        emit(`DEPOLARIZE2(${prob()}) ${pair().join(' ')}`, 0);
        break;
      case 15:
        emit(`PAULI_CHANNEL_1(0.05, 0.1, 0.15) ${q()}`, 0);
        break;
      case 16: {
        const ps = Array.from({ length: 15 }, (_, i) => ((i % 4) + 1) * 0.01);
        emit(`PAULI_CHANNEL_2(${ps.join(', ')}) ${pair().join(' ')}`, 0);
        break;
      }
      case 17: {
        const [a, b] = pair();
        emit(`E(0.2) ${pauli()}${a} ${pauli()}${b}`, 0);
        emit(`ELSE_CORRELATED_ERROR(0.3) ${pauli()}${q()}`, 0);
        emit(`ELSE_CORRELATED_ERROR(0.5) ${pauli()}${q()}`, 0);
        break;
      }
      case 18:
        if (rng.nextInt(2) === 0) emit(`HERALDED_ERASE(0.2) ${q()}`, 1);
        else emit(`HERALDED_PAULI_CHANNEL_1(0.05, 0.1, 0.05, 0.1) ${q()}`, 1);
        break;
      case 19:
        emit(`MPAD ${rng.nextInt(2)}`, 1);
        break;
      case 20:
        if (numMeas >= 3) {
          const ks = new Set<number>();
          const m = 1 + rng.nextInt(3);
          while (ks.size < m) ks.add(1 + rng.nextInt(Math.min(numMeas, 6)));
          emit(`DETECTOR ${[...ks].map((x) => `rec[-${x}]`).join(' ')}`, 0);
        }
        break;
      default:
        // (Pauli targets in OBSERVABLE_INCLUDE are checked exactly elsewhere: the tableau sampler
        // does not take them.)
        if (numMeas > 0) emit(`OBSERVABLE_INCLUDE(${rng.nextInt(2)}) rec[-1]`, 0);
        break;
    }
  };
  for (let i = 0; i < steps; i++) step();
  const before = lines.length;
  const measBefore = numMeas;
  for (let i = 0; i < 6; i++) step();
  // Wrap the last few steps in a REPEAT block (measurement count of the body × 3).
  const body = lines.splice(before);
  const bodyMeas = numMeas - measBefore;
  if (body.length > 0) {
    lines.push('REPEAT 3 {', ...body.map((l) => `  ${l}`), '}');
    numMeas = measBefore + 3 * bodyMeas;
  }
  lines.push(`M ${Array.from({ length: n }, (_, i) => i).join(' ')}`);
  lines.push('DETECTOR rec[-1] rec[-2]');
  return lines.join('\n');
}

describe('frame sampler: exact small cases', () => {
  it('a deterministic circuit gives the reference sample in every shot', () => {
    const c = parseCircuit(
      'X 0\nH 1\nS 1\nS 1\nH 1\nCX 0 2\nM 0 1 2 !3\nRX 4\nMX 4\nRX 5\nMX 5\nRY 6\nMY 6\nMPP X4*X4 Z0*Z2\nMPAD 1 0\nM 0',
    );
    const ref = referenceSample(c);
    assert.deepEqual([...ref], [1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1]);
    const m = compileSampler(c).sampleMeasurements(100, new Rng(3));
    for (let s = 0; s < 100; s++)
      for (let i = 0; i < ref.length; i++) assert.equal(m.get(s, i), ref[i] === 1, `shot ${s} result ${i}`);
  });

  it('X_ERROR(1), Y_ERROR(1), Z_ERROR(1) and M(1) flip exactly the anticommuting results', () => {
    const c = parseCircuit(
      [
        'RX 2 4',
        'X_ERROR(1) 0',
        'Y_ERROR(1) 1 2',
        'Z_ERROR(1) 3 4',
        'M 0 1 3',
        'MX 2 4',
        'M(1) 5',
        'DETECTOR rec[-6]',
        'DETECTOR rec[-5]',
        'DETECTOR rec[-4]',
        'DETECTOR rec[-3]',
        'DETECTOR rec[-2]',
        'DETECTOR rec[-1]',
        'OBSERVABLE_INCLUDE(0) rec[-6] rec[-5]',
      ].join('\n'),
    );
    const s = compileSampler(c);
    const { detectors, observables } = s.sampleDetectors(77, new Rng(5));
    for (let shot = 0; shot < 77; shot++) {
      assert.deepEqual(
        [0, 1, 2, 3, 4, 5].map((d) => detectors.get(shot, d)),
        [true, true, false, true, true, true],
      );
      assert.equal(observables.get(shot, 0), false);
    }
  });

  it('classically controlled Paulis apply where the result differs from the reference', () => {
    const c = parseCircuit(
      'X_ERROR(1) 0\nM 0\nH 2\nCX rec[-1] 1\nCZ 2 rec[-1]\nM 1\nMX 2\nDETECTOR rec[-2]\nDETECTOR rec[-1]\nCY sweep[0] 3\nM 3\nDETECTOR rec[-1]',
    );
    const { detectors } = compileSampler(c).sampleDetectors(40, new Rng(1));
    for (let s = 0; s < 40; s++) {
      assert.equal(detectors.get(s, 0), true);
      assert.equal(detectors.get(s, 1), true);
      assert.equal(detectors.get(s, 2), false);
    }
  });

  it('a random result is uniformly random and a repeated one agrees with it', () => {
    const c = parseCircuit('H 0\nM 0\nM 0\nMX 0\nDETECTOR rec[-2] rec[-3]');
    const n = 20000;
    const { measurements, detectors } = compileSampler(c).sample(n, new Rng(9));
    assert.ok(measurements !== undefined);
    const ones = columnCounts(measurements);
    assertRateNear(ones[0], n, 0.5, 'M after H');
    assertRateNear(ones[2], n, 0.5, 'MX after M');
    assert.equal(ones[0], ones[1]);
    assert.equal(columnCounts(detectors)[0], 0);
  });

  it('E / ELSE_CORRELATED_ERROR chains: the exact branch probabilities', () => {
    const c = parseCircuit(
      'E(0.25) X0\nELSE_CORRELATED_ERROR(0.5) X1\nELSE_CORRELATED_ERROR(1) X2\nM 0 1 2\nDETECTOR rec[-3]\nDETECTOR rec[-2]\nDETECTOR rec[-1]',
    );
    const n = 40000;
    const { detectors } = compileSampler(c).sampleDetectors(n, new Rng(2));
    const counts = columnCounts(detectors);
    assertRateNear(counts[0], n, 0.25, 'E');
    assertRateNear(counts[1], n, 0.375, 'ELSE 1');
    assertRateNear(counts[2], n, 0.375, 'ELSE 2');
    for (let s = 0; s < n; s++) {
      const k = (detectors.get(s, 0) ? 1 : 0) + (detectors.get(s, 1) ? 1 : 0) + (detectors.get(s, 2) ? 1 : 0);
      assert.equal(k, 1, `shot ${s}: exactly one branch of the chain fires`);
    }
  });

  it('noise rates: sparse and dense paths, one- and two-qubit channels', () => {
    const n = 50000;
    const c = parseCircuit(
      'X_ERROR(0.01) 0\nX_ERROR(0.3) 1\nDEPOLARIZE1(0.3) 2\nDEPOLARIZE2(0.15) 3 4\nM(0.2) 0 1 2 3 4\nM(0.003) 5\nHERALDED_ERASE(0.4) 6\nM 6',
    );
    const m = compileSampler(c).sampleMeasurements(n, new Rng(11));
    const k = columnCounts(m);
    const flip = (p: number, q: number): number => p * (1 - q) + q * (1 - p);
    assertRateNear(k[0], n, flip(0.01, 0.2), 'X_ERROR sparse');
    assertRateNear(k[1], n, flip(0.3, 0.2), 'X_ERROR dense');
    assertRateNear(k[2], n, flip(0.2, 0.2), 'DEPOLARIZE1');
    assertRateNear(k[3], n, flip(0.08, 0.2), 'DEPOLARIZE2 first');
    assertRateNear(k[4], n, flip(0.08, 0.2), 'DEPOLARIZE2 second');
    assertRateNear(k[5], n, 0.003, 'M flip');
    assertRateNear(k[6], n, 0.4, 'herald');
    assertRateNear(k[7], n, 0.2, 'erased qubit flips');
  });

  it('Pauli channels: the exact joint distribution of the applied Paulis (Bell-pair tomography)', () => {
    // Qubits 0, 1 are each half of a Bell pair with 2, 3; after the channel, MPP X·X and Z·Z of
    // each pair read off its Pauli exactly: ZZ flips ⇔ X part, XX flips ⇔ Z part.
    const prep = 'H 0 1\nCX 0 2 1 3\n';
    const probe = '\nMPP X0*X2 Z0*Z2 X1*X3 Z1*Z3';
    const pc2 = Array.from({ length: 15 }, (_, i) => 0.005 * (i + 1));
    const cases: { channel: string; heralded: boolean; dist: number[] }[] = [
      { channel: 'PAULI_CHANNEL_1(0.05, 0.1, 0.2) 0', heralded: false, dist: [0.65, 0.05, 0.1, 0.2] },
      { channel: 'DEPOLARIZE1(0.3) 0', heralded: false, dist: [0.7, 0.1, 0.1, 0.1] },
      {
        channel: 'PAULI_CHANNEL_2(' + pc2.join(', ') + ') 0 1',
        heralded: false,
        dist: [1 - pc2.reduce((a, b) => a + b, 0), ...pc2],
      },
      { channel: 'DEPOLARIZE2(0.3) 0 1', heralded: false, dist: [0.7, ...new Array<number>(15).fill(0.02)] },
      { channel: 'E(0.3) X0 Z1\nELSE_CORRELATED_ERROR(0.5) Y1', heralded: false, dist: [] },
      // Heralded: outcome index 4·herald + Pauli of qubit 0.
      {
        channel: 'HERALDED_PAULI_CHANNEL_1(0.1, 0.15, 0.05, 0.2) 0',
        heralded: true,
        dist: [0.5, 0, 0, 0, 0.1, 0.15, 0.05, 0.2],
      },
      { channel: 'HERALDED_ERASE(0.4) 0', heralded: true, dist: [0.6, 0, 0, 0, 0.1, 0.1, 0.1, 0.1] },
    ];
    // E(0.3) X0 Z1 then ELSE(0.5) Y1: outcomes (P0, P1) = (X, Z) 0.3, (I, Y) 0.35, (I, I) 0.35.
    const eDist = new Array<number>(16).fill(0);
    eDist[4 * 1 + 3] = 0.3;
    eDist[4 * 0 + 2] = 0.35;
    eDist[0] = 0.35;
    cases[4].dist = eDist;
    const n = 30000;
    for (const { channel, heralded, dist } of cases) {
      const c = parseCircuit(prep + channel + probe);
      const m = compileSampler(c).sampleMeasurements(n, new Rng(13));
      const h = heralded ? 1 : 0;
      const counts = new Array<number>(dist.length).fill(0);
      for (let s = 0; s < n; s++) {
        const pauli = (xx: number, zz: number): number => {
          const x = m.get(s, zz);
          const z = m.get(s, xx);
          return x ? (z ? 2 : 1) : z ? 3 : 0;
        };
        const p0 = pauli(h, h + 1);
        const p1 = pauli(h + 2, h + 3);
        const k = heralded ? 4 * (m.get(s, 0) ? 1 : 0) + p0 : dist.length === 4 ? p0 : 4 * p0 + p1;
        counts[k]++;
      }
      for (let k = 0; k < dist.length; k++) assertRateNear(counts[k], n, dist[k], `${channel}: outcome ${k}`);
    }
  });

  it('OBSERVABLE_INCLUDE with Pauli targets picks up the anticommuting frame part', () => {
    const c = parseCircuit(
      'RX 0\nZ_ERROR(0.3) 0\nX_ERROR(1) 1\nOBSERVABLE_INCLUDE(0) X0\nOBSERVABLE_INCLUDE(1) Z1 Y2\nRX 3\nX_ERROR(1) 3\nOBSERVABLE_INCLUDE(2) X3',
    );
    const n = 20000;
    const { observables } = compileSampler(c).sampleDetectors(n, new Rng(6));
    const k = columnCounts(observables);
    assertRateNear(k[0], n, 0.3, 'X observable under Z noise');
    // Z1 flips (X error) XOR Y2 on |0⟩ (random: Y does not stabilise |0⟩).
    assertRateNear(k[1], n, 0.5, 'Z1·Y2');
    assert.equal(k[2], 0, 'X3 commutes with an X error');
    // Raw measurements of such a circuit work too (the reference run skips the annotations).
    const m = compileSampler(parseCircuit('X 0\nM 0\nOBSERVABLE_INCLUDE(0) X1 rec[-1]')).sampleMeasurements(
      10,
      new Rng(1),
    );
    for (let shot = 0; shot < 10; shot++) assert.equal(m.get(shot, 0), true);
  });

  it('rejects non-Clifford gates naming them and bad arguments', () => {
    assert.throws(
      () => compileSampler(parseCircuit('H 0\nT 0\nM 0')),
      (e: unknown) =>
        e instanceof UnsupportedError && /\bT\b/.test(e.message) && /state-vector/.test(e.message),
    );
    assert.throws(() => compileSampler(parseCircuit('AMPLITUDE_DAMP(0.1) 0')), UnsupportedError);
    assert.throws(() => compileSampler(parseCircuit('M 0'), { batchShots: 100 }), ValidationError);
    const s = compileSampler(parseCircuit('M 0\nDETECTOR rec[-1]'));
    assert.throws(() => s.sampleDetectors(-1, new Rng(1)), ValidationError);
    assert.throws(
      () => s.sampleDetectorsInto(10, new Rng(1), new BitTable(1, 10), new BitTable(0, 10), 16),
      ValidationError,
    );
  });
});

describe('frame sampler: reproducibility and layouts', () => {
  const c = parseCircuit(
    'R 0 1 2\nDEPOLARIZE1(0.1) 0 1 2\nCX 0 1 1 2\nM 0 1 2\nDETECTOR rec[-1] rec[-2]\nDETECTOR rec[-2] rec[-3]\nOBSERVABLE_INCLUDE(0) rec[-1]\nOBSERVABLE_INCLUDE(1) rec[-3]',
  );

  it('equal seeds give equal samples; different seeds differ', () => {
    const s = compileSampler(c);
    const a = s.sampleDetectors(3000, new Rng(42));
    const b = compileSampler(c).sampleDetectors(3000, new Rng(42));
    assert.ok(a.detectors.equals(b.detectors) && a.observables.equals(b.observables));
    const d = s.sampleDetectors(3000, new Rng(43));
    assert.ok(!a.detectors.equals(d.detectors));
  });

  it('the detector-major API returns the same bits transposed, at a shot offset, with clean padding', () => {
    const s = compileSampler(c, { batchShots: 64 });
    const n = 150;
    const a = s.sampleDetectors(n, new Rng(7));
    const dets = new BitTable(s.numDetectors, 64 + n + 13);
    const obs = new BitTable(s.numObservables, 64 + n + 13);
    dets.data.fill(0xffffffff);
    s.sampleDetectorsInto(n, new Rng(7), dets, obs, 64);
    for (let shot = 0; shot < n; shot++) {
      for (let d = 0; d < s.numDetectors; d++) assert.equal(dets.get(d, 64 + shot), a.detectors.get(shot, d));
      for (let o = 0; o < s.numObservables; o++)
        assert.equal(obs.get(o, 64 + shot), a.observables.get(shot, o));
    }
    for (let d = 0; d < s.numDetectors; d++)
      for (let col = 64 + n; col < 64 + 160; col++) assert.equal(dets.get(d, col), false, `padding ${col}`);
    // Reusing output tables gives the same bits.
    const out = {
      detectors: new BitTable(n, s.numDetectors),
      observables: new BitTable(n, s.numObservables),
    };
    s.sampleDetectors(n, new Rng(7), { out });
    assert.ok(out.detectors.equals(a.detectors) && out.observables.equals(a.observables));
    assert.throws(() => s.sampleDetectors(n + 1, new Rng(7), { out }), ValidationError);
  });

  it('sample() draws the same shots as sampleDetectors() and sampleMeasurements()', () => {
    const s = compileSampler(c, { batchShots: 96 });
    const all = s.sample(500, new Rng(8));
    const d = s.sampleDetectors(500, new Rng(8));
    const m = s.sampleMeasurements(500, new Rng(8));
    assert.ok(all.detectors.equals(d.detectors));
    assert.ok(all.observables.equals(d.observables));
    assert.ok(all.measurements?.equals(m));
    const major = new BitTable(s.numMeasurements, 500);
    s.sampleMeasurementsInto(500, new Rng(8), major);
    assert.ok(major.transposed().equals(m));
    // Detectors are parities of the measurement flips (the reference detectors are all 0 here).
    for (let shot = 0; shot < 500; shot++) {
      assert.equal(d.detectors.get(shot, 0), m.get(shot, 2) !== m.get(shot, 1));
      assert.equal(d.observables.get(shot, 1), m.get(shot, 0));
    }
  });

  it('a REPEAT 1000 circuit keeps only a lookback window of the record', () => {
    // A distance-2 repetition code: each round's detector compares consecutive syndromes and fires
    // when exactly one of the two data qubits got a fresh X error: rate 2 · 0.05 · 0.95.
    const text =
      'R 0 1 2\nMR 1\nREPEAT 1000 {\n  X_ERROR(0.05) 0 2\n  CX 0 1 2 1\n  MR 1\n  DETECTOR rec[-1] rec[-2]\n}\nM 0 2\nDETECTOR rec[-1] rec[-2] rec[-3]';
    const s = compileSampler(parseCircuit(text));
    assert.equal(s.numMeasurements, 1003);
    assert.ok(s.detectorRecordWindow <= 3, `window ${s.detectorRecordWindow}`);
    const n = 500;
    const { detectors } = s.sampleDetectors(n, new Rng(4));
    assert.equal(detectors.numCols, 1001);
    const counts = columnCounts(detectors);
    let rounds = 0;
    for (let d = 0; d < 1000; d++) rounds += counts[d];
    assertRateNear(rounds, 1000 * n, 2 * 0.05 * 0.95, 'round detectors');
    assert.equal(counts[1000], 0, 'final data-qubit detector agrees with the last syndrome');
  });
});

describe('frame sampler vs tableau sampler (differential)', () => {
  it('random noisy circuits with every instruction kind: rates and pair rates within 5σ', () => {
    const rng = new Rng(2024);
    for (let trial = 0; trial < 10; trial++) {
      const text = randomCircuit(4, 30, rng);
      const c = parseCircuit(text);
      const tab = sampleTableau(c, 2000, new Rng(100 + trial));
      const sampler = compileSampler(c, { batchShots: 256 });
      const fr = sampler.sample(12000, new Rng(200 + trial));
      // The ring-buffer record (detectors only) gives exactly the full-record bits.
      const ring = sampler.sampleDetectors(12000, new Rng(200 + trial));
      assert.ok(
        ring.detectors.equals(fr.detectors) && ring.observables.equals(fr.observables),
        `trial ${trial}: ring`,
      );
      const tag = `trial ${trial}:\n${text}\n`;
      assert.ok(tab.measurements !== undefined && fr.measurements !== undefined);
      compareTables(fr.measurements, tab.measurements, `${tag}measurements`, 12);
      compareTables(fr.detectors, tab.detectors, `${tag}detectors`, 8);
      compareTables(fr.observables, tab.observables, `${tag}observables`, 2);
    }
  });

  it('every Clifford gate of the table conjugates frames as its tableau says (Bell-pair probes)', () => {
    // Prepare X, Y or Z Pauli errors through a known basis, apply the gate, measure in all bases;
    // the tableau sampler is the independent truth.
    for (const g of [...CLIFFORD_1, ...CLIFFORD_2]) {
      const qs = g.arity === 1 ? '0' : '0 1';
      const text = [
        'H 0 1 2 3',
        'CX 0 2 1 3',
        'PAULI_CHANNEL_1(0.1, 0.2, 0.3) 0',
        'PAULI_CHANNEL_1(0.3, 0.1, 0.2) 1',
        `${g.name} ${qs}`,
        'MPP X0*X2 Z0*Z2 X1*X3 Z1*Z3 Y0*Y2 Y1*Y3',
      ].join('\n');
      const c = parseCircuit(text);
      const tab = sampleTableau(c, 1500, new Rng(1));
      const fr = compileSampler(c).sampleMeasurements(6000, new Rng(2));
      assert.ok(tab.measurements !== undefined);
      compareTables(fr, tab.measurements, g.name, 6);
    }
  });
});

describe('frame sampler: noise-free random Clifford circuits (property)', () => {
  it('deterministic results equal the reference in every shot; random ones are random', () => {
    const gate1 = fc.constantFrom(...CLIFFORD_1.map((g) => g.name));
    const gate2 = fc.constantFrom(...CLIFFORD_2.map((g) => g.name));
    const n = 4;
    const instr = fc.oneof(
      fc.tuple(gate1, fc.nat(n - 1)).map(([g, a]) => `${g} ${a}`),
      fc.tuple(gate2, fc.nat(n - 1), fc.nat(n - 2)).map(([g, a, b]) => `${g} ${a} ${b >= a ? b + 1 : b}`),
      fc
        .tuple(fc.constantFrom('M', 'MX', 'MY', 'MR', 'MRX', 'MRY', 'R', 'RX', 'RY'), fc.nat(n - 1))
        .map(([g, a]) => `${g} ${a}`),
      fc
        .tuple(fc.constantFrom('X', 'Y', 'Z'), fc.nat(n - 1), fc.constantFrom('X', 'Y', 'Z'), fc.nat(n - 1))
        .filter(([, a, , b]) => a !== b)
        .map(([p, a, r, b]) => `MPP ${p}${a}*${r}${b}`),
    );
    fc.assert(
      fc.property(fc.array(instr, { minLength: 1, maxLength: 25 }), (lines) => {
        const body = [...lines, 'M 0 1 2 3', 'MX 0 1'];
        // One single-result detector per measurement, so checkDeterministic classifies each result.
        const probe = parseCircuit(body.join('\n'));
        const numM = probe.numMeasurements;
        const dets = Array.from({ length: numM }, (_, i) => `DETECTOR rec[-${numM - i}]`);
        const c = parseCircuit([...body, ...dets].join('\n'));
        const random = new Set(checkDeterministic(c).nonDeterministicDetectors);
        const ref = referenceSample(c);
        const shots = 256;
        const m = compileSampler(c, { batchShots: 128 }).sampleMeasurements(shots, new Rng(numM));
        const ones = columnCounts(m);
        for (let i = 0; i < numM; i++) {
          if (random.has(i)) {
            // P(all 256 equal) = 2^-255; with 5σ: 128 ± 40.
            assert.ok(
              Math.abs(ones[i] - shots / 2) <= 40,
              `result ${i} should be random: ${ones[i]}/${shots}`,
            );
          } else
            assert.equal(
              ones[i],
              ref[i] === 1 ? shots : 0,
              `result ${i} should equal the reference ${ref[i]}`,
            );
        }
      }),
      { seed: 12345, numRuns: 120 },
    );
  });
});

describe('frame sampler vs Stim reference vectors', () => {
  /** Reads Stim's b8 format: ⌈bits/8⌉ bytes per shot, little-endian bit order. */
  function readB8(data: Uint8Array, bits: number): BitTable {
    const bytes = (bits + 7) >>> 3;
    const shots = data.length / bytes;
    const t = new BitTable(shots, bits);
    for (let s = 0; s < shots; s++)
      for (let b = 0; b < bits; b++) if ((data[s * bytes + (b >>> 3)] >>> (b & 7)) & 1) t.set(s, b, true);
    return t;
  }

  for (const name of [
    'surface_code-rotated_memory_z-d5-r5-p0.005',
    'surface_code-rotated_memory_x-d3-r3-p0.005',
    'repetition_code-memory-d5-r5-p0.005',
  ]) {
    it(`${name}: detector rates and observable flip rate match 10,000 Stim shots within 5σ`, () => {
      const c = parseCircuit(readFileSync(path.join(vectors, 'circuits', `${name}.stim`), 'utf8'));
      const s = compileSampler(c);
      const obsText = readFileSync(path.join(vectors, 'samples', `${name}.obs.01`), 'utf8');
      const stimObs = obsText.split('\n').filter((l) => l.length > 0);
      const stimDets = readB8(readFileSync(path.join(vectors, 'samples', `${name}.dets.b8`)), s.numDetectors);
      assert.equal(stimDets.numRows, stimObs.length);
      const n = 100000;
      const ours = s.sampleDetectors(n, new Rng(17));
      const stimFlips = stimObs.filter((l) => l[0] === '1').length;
      assertRatesAgree(columnCounts(ours.observables)[0], n, stimFlips, stimObs.length, `${name} observable`);
      const a = columnCounts(ours.detectors);
      const b = columnCounts(stimDets);
      for (let d = 0; d < s.numDetectors; d++)
        assertRatesAgree(a[d], n, b[d], stimDets.numRows, `${name} D${d}`);
    });
  }
});

describe('frame sampler vs the Stim detector error models (exact rates and the DEM sampler)', () => {
  // For a DEM of independent mechanisms, a parity of detectors fires with probability
  // (1 − Π(1 − 2p)) / 2 over the mechanisms that flip it an odd number of times. Stim's DEMs of
  // these circuits convert each channel exactly, so the sampler must match these rates.
  const names = readdirSync(path.join(vectors, 'circuits'))
    .filter((f) => f.endsWith('.stim'))
    .map((f) => f.slice(0, -5));
  for (const name of names) {
    it(`${name}: detector, pair-parity and observable rates within 5σ of the DEM's exact values`, () => {
      const c = parseCircuit(readFileSync(path.join(vectors, 'circuits', `${name}.stim`), 'utf8'));
      const dem = flattenDem(parseDem(readFileSync(path.join(vectors, 'dems', `${name}.dem`), 'utf8')));
      const s = compileSampler(c);
      assert.equal(dem.numDetectors, s.numDetectors);
      const n = 50000;
      const { detectors, observables } = s.sampleDetectors(n, new Rng(31));
      const prod = new Float64Array(s.numDetectors).fill(1);
      const obsProd = new Float64Array(s.numObservables).fill(1);
      for (const e of dem.errors) {
        for (const d of e.detectors) prod[d] *= 1 - 2 * e.probability;
        for (const o of e.observables) obsProd[o] *= 1 - 2 * e.probability;
      }
      const counts = columnCounts(detectors);
      for (let d = 0; d < s.numDetectors; d++)
        assertRateNear(counts[d], n, (1 - prod[d]) / 2, `${name} D${d}`);
      // And against the DEM sampler (an independent sampler of the same model).
      const demShots = compileDemSampler(dem).sample(n, new Rng(32));
      const dc = columnCounts(demShots.detectors);
      for (let d = 0; d < s.numDetectors; d++)
        assertRatesAgree(counts[d], n, dc[d], n, `${name} D${d} vs DEM sampler`);
      assertRatesAgree(
        columnCounts(observables)[0],
        n,
        columnCounts(demShots.observables)[0],
        n,
        `${name} L0 vs DEM sampler`,
      );
      const oc = columnCounts(observables);
      for (let o = 0; o < s.numObservables; o++)
        assertRateNear(oc[o], n, (1 - obsProd[o]) / 2, `${name} L${o}`);
      // Parities of the detector pairs that share a mechanism (correlations, not just marginals).
      const pairs = new Map<string, number>();
      for (const e of dem.errors)
        for (let i = 0; i < e.detectors.length; i++)
          for (let j = i + 1; j < e.detectors.length; j++)
            pairs.set(`${e.detectors[i]},${e.detectors[j]}`, 1);
      let checked = 0;
      for (const key of pairs.keys()) {
        if (checked++ >= 200) break;
        const [a, b] = key.split(',').map(Number);
        let p = 1;
        for (const e of dem.errors) {
          const hits = (e.detectors.includes(a) ? 1 : 0) + (e.detectors.includes(b) ? 1 : 0);
          if (hits === 1) p *= 1 - 2 * e.probability;
        }
        let k = 0;
        for (let shot = 0; shot < n; shot++) if (detectors.get(shot, a) !== detectors.get(shot, b)) k++;
        assertRateNear(k, n, (1 - p) / 2, `${name} D${a}⊕D${b}`);
      }
    });
  }
});

describe('frame sampler: WebAssembly kernels vs the TypeScript path (same bits)', () => {
  /** Every sampling entry point of two samplers of `c`, one per path, with the same seeds. */
  function assertSameBits(
    c: ReturnType<typeof parseCircuit>,
    shots: number,
    batchShots: number,
    seed: number,
  ): void {
    const w = compileSampler(c, { batchShots, wasm: true });
    const t = compileSampler(c, { batchShots, wasm: false });
    const a = w.sampleDetectors(shots, new Rng(seed));
    const b = t.sampleDetectors(shots, new Rng(seed));
    assert.deepEqual(a.detectors.data, b.detectors.data, `detectors differ (seed ${seed})`);
    assert.deepEqual(a.observables.data, b.observables.data, `observables differ (seed ${seed})`);
    const sa = w.sample(shots, new Rng(seed + 1));
    const sb = t.sample(shots, new Rng(seed + 1));
    assert.deepEqual(sa.measurements?.data, sb.measurements?.data, `measurements differ (seed ${seed})`);
    assert.deepEqual(sa.detectors.data, sb.detectors.data, `sample() detectors differ (seed ${seed})`);
    assert.deepEqual(sa.observables.data, sb.observables.data, `sample() observables differ (seed ${seed})`);
    const da = new BitTable(w.numDetectors, shots + 32);
    const db = new BitTable(t.numDetectors, shots + 32);
    const oa = new BitTable(w.numObservables, shots + 32);
    const ob = new BitTable(t.numObservables, shots + 32);
    w.sampleDetectorsInto(shots, new Rng(seed + 2), da, oa, 32);
    t.sampleDetectorsInto(shots, new Rng(seed + 2), db, ob, 32);
    assert.deepEqual(da.data, db.data, `detector-major detectors differ (seed ${seed})`);
    assert.deepEqual(oa.data, ob.data, `detector-major observables differ (seed ${seed})`);
  }

  it('the kernels load in Node and run the sampler', () => {
    const s = compileSampler(parseCircuit('H 0\nCX 0 1\nM 0 1\nDETECTOR rec[-1] rec[-2]'));
    s.sampleDetectors(64, new Rng(1));
    assert.equal((s as unknown as { detEngine: { usesWasm: boolean } }).detEngine.usesWasm, true);
  });

  it('random circuits of every instruction kind give identical bits on both paths (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 700 }),
        fc.constantFrom(32, 64, 96, 256),
        (n, steps, seed, shots, batchShots) => {
          const c = parseCircuit(randomCircuit(n, steps, new Rng(seed)));
          assertSameBits(c, shots, batchShots, seed);
        },
      ),
      { seed: 2026, numRuns: 60 },
    );
  });

  it('Stim surface-code circuits give identical bits on both paths', () => {
    for (const name of [
      'surface_code-rotated_memory_z-d5-r5-p0.005',
      'surface_code-rotated_memory_x-d5-r5-p0.001',
      'color_code-memory_xyz-d3-r3-p0.005',
    ]) {
      const c = parseCircuit(readFileSync(path.join(vectors, 'circuits', `${name}.stim`), 'utf8'));
      assertSameBits(c, 5000, 2048, 9);
    }
  });
});
