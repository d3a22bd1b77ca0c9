import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { printCircuit } from '../circuit/printer.js';
import { analyzeErrors } from '../dem/error-analyzer.js';
import { flattenDem } from '../dem/flatten.js';
import { Rng } from '../base/prng.js';
import type { FlatDem } from '../dem/dem.js';
import { branchingLogicalErrorSearch } from '../dem/distance-branching.js';
import { searchLogicalError } from '../dem/distance.js';
import { BB_DEPTH8_SCHEDULE } from './bivariate-bicycle-depth8.js';
import { generateExperiment } from './code-families.js';

/** The paper's circuit noise at rate p: CNOT depolarizing, preparation and measurement flips, idle depolarizing. */
const paperNoise = (p: number): Record<string, number> => ({
  'after-clifford-depolarization': p,
  'before-measure-flip-probability': p,
  'after-reset-flip-probability': p,
  idle: p,
});

describe('bivariate bicycle codes with the depth-8 cycle of Bravyi et al. 2024', () => {
  it('the schedule couples every check to its six neighbours once, in 7 CNOT steps', () => {
    for (const s of [BB_DEPTH8_SCHEDULE.x, BB_DEPTH8_SCHEDULE.z])
      assert.deepEqual(s.filter((k) => k >= 0).sort(), [0, 1, 2, 3, 4, 5]);
  });

  for (const code of ['bb72-depth8', 'bb144-depth8'])
    for (const task of ['memory-z', 'memory-x'] as const)
      it(`${code} ${task}: deterministic detectors and 12 observables; 8 moments per cycle, no qubit twice in a moment`, () => {
        const d = code === 'bb72-depth8' ? 6 : 12;
        const g = generateExperiment({
          code,
          task,
          distance: d,
          rounds: 3,
          noise: 'stim',
          noiseParams: paperNoise(0.001),
        });
        assert.equal(g.metadata.k, 12);
        assert.equal(g.metadata.numQubits, g.layout.qubits.length);
        const dem = flattenDem(analyzeErrors(g.circuit)); // throws on a non-deterministic detector
        assert.equal(dem.numObservables, 12);
        const text = printCircuit(g.noiselessCircuit);
        const body = text.slice(text.indexOf('REPEAT'), text.lastIndexOf('}'));
        const moments = body.split('TICK').slice(1);
        assert.equal(moments.length, 8, 'moments per cycle');
        for (const mo of moments) {
          const used = new Set<number>();
          for (const line of mo.split('\n')) {
            const m = /^\s*(CX|M|MX|R|RX) ([0-9 ]+)$/.exec(line);
            if (m === null) continue;
            for (const q of m[2].split(' ').map(Number)) {
              assert.ok(!used.has(q), `qubit ${q} used twice in a moment`);
              used.add(q);
            }
          }
        }
        const cx = body.split('\n').filter((l) => /^\s*CX /.test(l));
        const n = g.metadata.n;
        const pairs = cx.reduce((a, l) => a + (l.trim().split(' ').length - 1) / 2, 0);
        assert.equal(pairs, 6 * n, 'six CNOTs per check per cycle');
      });

  /**
   * Circuit-distance upper bound by a local search (how Bravyi et al. bound d_circ: find light
   * logical errors). The lightest code-capacity logicals (exact branching search on the data errors
   * of one round) pick a region: the Z checks they touch. The mechanisms of the circuit DEM whose
   * detectors all lie on those checks (any cycle) form a small model, searched exhaustively up to
   * weight 2h and by random information sets (searchLogicalError). A logical error found there is
   * one of the full circuit: its mechanisms flip no detector and flip an observable (checked).
   */
  function localUpperBound(code: string, d: number, seeds: readonly number[], trials: number): number {
    const cc = flattenDem(
      analyzeErrors(
        generateExperiment({
          code,
          task: 'memory-z',
          distance: d,
          rounds: 1,
          noise: 'code-capacity',
          noiseParams: { p: 0.01 },
        }).circuit,
      ),
    );
    const light = branchingLogicalErrorSearch(cc, { maxWeight: d, maxSolutions: Math.max(...seeds) + 1 });
    assert.equal(light.upper, d, 'code-capacity distance');
    const g = generateExperiment({
      code,
      task: 'memory-z',
      distance: d,
      rounds: 2,
      noise: 'stim',
      noiseParams: paperNoise(0.001),
    });
    const full = flattenDem(analyzeErrors(g.circuit));
    const xy = (c: readonly number[] | undefined): string => `${c?.[0]},${c?.[1]}`;
    let best = Infinity;
    for (const s of seeds) {
      const region = new Set(
        light.solutions[s].flatMap((i) => cc.errors[i].detectors.map((k) => xy(cc.detectorCoords[k]))),
      );
      const local: FlatDem = {
        ...full,
        errors: full.errors.filter(
          (e) => e.detectors.length > 0 && e.detectors.every((k) => region.has(xy(full.detectorCoords[k]))),
        ),
      };
      const r = searchLogicalError(local, new Rng(3), { trials, maxEnumerated: 100_000 });
      if (r.upper === Infinity) continue;
      const det = new Map<number, number>();
      let obs = 0;
      for (const i of r.errors) {
        for (const k of local.errors[i].detectors) det.set(k, (det.get(k) ?? 0) ^ 1);
        for (const o of local.errors[i].observables) obs ^= 1 << o;
      }
      assert.ok([...det.values()].every((v) => v === 0) && obs !== 0, 'a logical error of the full circuit');
      best = Math.min(best, r.upper);
    }
    return best;
  }

  it('[[72,12,6]] depth-8 circuit: a logical error of 6 faults (the paper: d_circ ≤ 6)', () => {
    assert.equal(localUpperBound('bb72-depth8', 6, [0], 30), 6);
  });

  it('[[144,12,12]] depth-8 circuit: a logical error of 10 faults (the paper: d_circ ≤ 10, below the code distance 12)', () => {
    assert.equal(localUpperBound('bb144-depth8', 12, [18], 400), 10);
  });
});
