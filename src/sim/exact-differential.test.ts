// Differential test of the three simulators that accept noisy stabilizer circuits: for random
// circuits (measurements in every basis, Pauli products, resets, Pauli noise, heralds), the exact
// per-result probabilities of the density matrix (mode 'exact') must match the result frequencies
// of the state-vector sampler and of the tableau sampler within 5σ.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../base/prng.js';
import { parseCircuit } from '../circuit/parser.js';
import { DensityMatrixSimulator } from './density-matrix/density-matrix-simulator.js';
import { sampleShots } from './state-vector/state-vector-simulator.js';
import { sampleTableau } from './tableau/tableau-sampler.js';
import type { ShotResults } from './shot-results.js';

const LINES = [
  'H 0',
  'H 1',
  'S 2',
  'SQRT_X 1',
  'C_XYZ 0',
  'H_YZ 2',
  'CX 0 1',
  'CZ 1 2',
  'ISWAP 0 2',
  'SQRT_ZZ 0 1',
  'XCY 2 0',
  'M 0',
  'MX 1',
  'MY 2',
  'M(0.1) !1',
  'MR 2',
  'MRX 0',
  'RY 1',
  'MPP X0*Y1*Z2',
  'MPP !Z0*Z1 X1*X2',
  'MXX 0 2',
  'MYY 1 2',
  'MZZ 0 1',
  'X_ERROR(0.2) 1',
  'DEPOLARIZE1(0.15) 0 2',
  'DEPOLARIZE2(0.1) 0 1',
  'PAULI_CHANNEL_1(0.05, 0.1, 0.15) 2',
  'E(0.2) X0 Z2',
  'HERALDED_ERASE(0.2) 1',
  'SPP X0*Z1',
];

function frequencies(r: ShotResults, shots: number): number[] {
  const m = r.measurements!;
  const out: number[] = [];
  for (let k = 0; k < m.numCols; k++) {
    let c = 0;
    for (let s = 0; s < shots; s++) if (m.get(s, k)) c++;
    out.push(c / shots);
  }
  return out;
}

describe('exact simulators vs tableau sampler on random noisy Clifford circuits', () => {
  for (let seed = 1; seed <= 12; seed++) {
    it(`circuit #${seed}: per-result frequencies match the exact probabilities (5σ)`, () => {
      const rng = new Rng(seed);
      const lines: string[] = [];
      for (let k = 0; k < 14; k++) lines.push(LINES[rng.nextInt(LINES.length)]);
      lines.push('M 0 1 2');
      const text = lines.join('\n');
      const c = parseCircuit(text);
      const exact = new DensityMatrixSimulator(3, new Rng(0), { mode: 'exact' })
        .run(c)
        .measurementProbabilities();
      assert.equal(exact.length, c.numMeasurements);
      const svShots = 4000;
      const tabShots = 10000;
      const sv = frequencies(sampleShots(c, svShots, new Rng(seed + 100)), svShots);
      const tab = frequencies(sampleTableau(c, tabShots, new Rng(seed + 200)), tabShots);
      for (let k = 0; k < exact.length; k++) {
        const p = exact[k];
        for (const [name, f, n] of [
          ['state vector', sv[k], svShots],
          ['tableau', tab[k], tabShots],
        ] as const) {
          const sigma = Math.sqrt(Math.max(p * (1 - p), 1e-12) / n);
          assert.ok(Math.abs(f - p) <= 5 * sigma + 1e-9, `${name}, result ${k}: ${f} vs exact ${p}\n${text}`);
        }
      }
    });
  }
});
