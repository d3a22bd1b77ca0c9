import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FlatDem } from './dem.js';
import { branchingLogicalErrorSearch, restrictDetectors } from './distance-branching.js';
import { shortestGraphlikeLogicalError } from './distance.js';
import { parseCircuit } from '../circuit/parser.js';
import { analyzeErrors } from './error-analyzer.js';
import { flattenDem } from './flatten.js';

/** A flat DEM from (detectors, observables) lists, probability 0.01 each. */
function demOf(numDetectors: number, numObservables: number, errs: [number[], number[]][]): FlatDem {
  return {
    numDetectors,
    numObservables,
    detectorCoords: [],
    errors: errs.map(([d, o]) => {
      const detectors = [...new Set(d)].sort((a, b) => a - b);
      const observables = [...new Set(o)].sort((a, b) => a - b);
      return { probability: 0.01, detectors, observables, components: [{ detectors, observables }] };
    }),
  };
}

/** Brute force over all subsets: the lightest set with empty syndrome and some observable flipped. */
function bruteForce(dem: FlatDem): number {
  const E = dem.errors.length;
  let best = Infinity;
  for (let s = 1; s < 1 << E; s++) {
    const det = new Uint8Array(dem.numDetectors);
    let obs = 0;
    let w = 0;
    for (let i = 0; i < E; i++)
      if ((s >>> i) & 1) {
        w++;
        for (const d of dem.errors[i].detectors) det[d] ^= 1;
        for (const o of dem.errors[i].observables) obs ^= 1 << o;
      }
    if (obs !== 0 && det.every((x) => x === 0)) best = Math.min(best, w);
  }
  return best;
}

describe('branchingLogicalErrorSearch', () => {
  it('finds the exact minimum of random hypergraph DEMs (brute force over all subsets)', () => {
    const errArb = fc.tuple(
      fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 0, maxLength: 4 }),
      fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.array(errArb, { minLength: 1, maxLength: 13 }), (errs) => {
        const dem = demOf(8, 2, errs);
        const truth = bruteForce(dem);
        const r = branchingLogicalErrorSearch(dem, { maxWeight: 13 });
        assert.equal(r.budgetExhausted, false);
        if (truth === Infinity) {
          assert.equal(r.upper, Infinity);
          assert.equal(r.lower, 14);
        } else {
          assert.equal(r.upper, truth);
          assert.equal(r.lower, truth);
          // The reported mechanisms really are a logical error of that weight.
          const det = new Uint8Array(8);
          let obs = 0;
          for (const i of r.errors) {
            for (const d of dem.errors[i].detectors) det[d] ^= 1;
            for (const o of dem.errors[i].observables) obs ^= 1 << o;
          }
          assert.equal(r.errors.length, truth);
          assert.ok(obs !== 0 && det.every((x) => x === 0));
        }
      }),
      { numRuns: 300, seed: 18 },
    );
  });

  it('a search cut short says how far it got', () => {
    // A ring of 12 detectors closed through the observable: distance 12.
    const errs: [number[], number[]][] = [];
    for (let k = 0; k < 12; k++) errs.push([[k, (k + 1) % 12], k === 0 ? [0] : []]);
    const dem = demOf(12, 1, errs);
    const full = branchingLogicalErrorSearch(dem, { maxWeight: 20 });
    assert.deepEqual([full.lower, full.upper], [12, 12]);
    const capped = branchingLogicalErrorSearch(dem, { maxWeight: 5 });
    assert.deepEqual([capped.lower, capped.upper, capped.budgetExhausted], [6, Infinity, false]);
    const cut = branchingLogicalErrorSearch(dem, { maxWeight: 20, maxNodes: 30 });
    assert.equal(cut.budgetExhausted, true);
    assert.ok(cut.lower >= 1 && cut.lower < 12 && cut.upper === Infinity);
  });

  it('collects several lightest logical errors when asked', () => {
    // Two disjoint weight-2 logical errors (D0 and D1 each closed through L0) and a weight-3 one.
    const dem = demOf(3, 1, [
      [[0], [0]],
      [[0], []],
      [[1], [0]],
      [[1], []],
      [[2], [0]],
      [[2], []],
    ]);
    const r = branchingLogicalErrorSearch(dem, { maxWeight: 4, maxSolutions: 10 });
    assert.equal(r.upper, 2);
    assert.equal(r.solutions.length, 3);
    assert.deepEqual(
      r.solutions.map((s) => [...s].sort((a, b) => a - b)),
      [
        [0, 1],
        [2, 3],
        [4, 5],
      ],
    );
    assert.equal(branchingLogicalErrorSearch(dem, { maxWeight: 4, maxSolutions: 2 }).solutions.length, 2);
  });

  it('agrees with the graphlike search on the d = 3 repetition-code circuit, and restriction only lowers it', () => {
    const round = 'DEPOLARIZE1(0.01) 0 2 4\nCX 0 1 2 3\nCX 2 1 4 3\nX_ERROR(0.01) 1 3\nMR 1 3\n';
    const c = parseCircuit(
      'R 0 1 2 3 4\n' +
        round +
        'DETECTOR rec[-2]\nDETECTOR rec[-1]\nREPEAT 2 {\n' +
        round +
        'DETECTOR rec[-2] rec[-4]\nDETECTOR rec[-1] rec[-3]\n}\n' +
        'X_ERROR(0.01) 0 2 4\nM 0 2 4\nDETECTOR rec[-2] rec[-3] rec[-5]\nDETECTOR rec[-1] rec[-2] rec[-4]\n' +
        'OBSERVABLE_INCLUDE(0) rec[-1]\n',
    );
    const dem = flattenDem(analyzeErrors(c, { decomposeErrors: true }));
    const exact = branchingLogicalErrorSearch(dem, { maxWeight: 6 });
    assert.equal(exact.upper, shortestGraphlikeLogicalError(dem).distance);
    assert.equal(exact.upper, 3);
    const half = restrictDetectors(dem, (d) => d % 2 === 0);
    assert.ok(branchingLogicalErrorSearch(half, { maxWeight: 6 }).upper <= exact.upper);
  });
});
