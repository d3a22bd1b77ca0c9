import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeErrors } from '../dem/error-analyzer.js';
import { flattenDem } from '../dem/flatten.js';
import { searchLogicalError, shortestGraphlikeLogicalError } from '../dem/distance.js';
import { Gf2Matrix, gf2Rank } from '../math/gf2.js';
import { sampleTableau } from '../sim/tableau/tableau-sampler.js';
import { Rng } from '../base/prng.js';
import { CODE_FAMILIES, codeFamily, distanceRule, generateExperiment } from './code-families.js';
import { rotatedStabilityPatch, unrotatedStabilityPatch, type StabilityPatch } from './stability.js';

const STABILITY_FAMILIES = ['rotated-surface', 'surface', 'xzzx'];

/** Rank of the checks as symplectic vectors (x | z) over the data qubits. */
function checkRank(p: StabilityPatch): number {
  const col = new Map(p.spec.dataQubits.map((q, i) => [q, i]));
  const n = p.spec.dataQubits.length;
  const m = new Gf2Matrix(p.spec.checks.length, 2 * n);
  p.spec.checks.forEach((c, r) => {
    for (const t of c.terms) {
      const i = col.get(t.data) ?? -1;
      if (t.pauli !== 'Z') m.set(r, i, true);
      if (t.pauli !== 'X') m.set(r, n + i, true);
    }
  });
  return gf2Rank(m);
}

describe('stability experiments (Gidney 2022)', () => {
  it('the stability task is offered by exactly the surface-code families', () => {
    assert.deepEqual(
      CODE_FAMILIES.filter((f) => f.tasks.includes('stability')).map((f) => f.name),
      STABILITY_FAMILIES,
    );
  });

  it('patches encode nothing (k = 0) with exactly one redundancy: the product of the observable checks', () => {
    const cases: [string, StabilityPatch, number][] = [
      ['rotated D=2', rotatedStabilityPatch(2), 4],
      ['rotated D=4', rotatedStabilityPatch(4), 16],
      ['rotated D=6', rotatedStabilityPatch(6), 36],
      ['xzzx D=4', rotatedStabilityPatch(4, true), 16],
      ['unrotated d=2', unrotatedStabilityPatch(2), 4],
      ['unrotated d=4', unrotatedStabilityPatch(4), 24],
    ];
    for (const [name, p, n] of cases) {
      assert.equal(p.spec.dataQubits.length, n, name);
      assert.equal(p.spec.checks.length, n + 1, `${name}: n + 1 checks`);
      assert.equal(checkRank(p), n, `${name}: rank n, so k = 0 and one dependency`);
      // Gidney's Fig. 1: the 4×4 patch has twelve X checks.
      if (name === 'rotated D=4') assert.equal(p.observableChecks.length, 12);
    }
  });

  for (const code of STABILITY_FAMILIES)
    it(`${code}: noiseless runs give random first-round observable checks whose product is always +1`, () => {
      const d = code === 'surface' ? 3 : 4;
      const g = generateExperiment({ code, task: 'stability', distance: d, rounds: 3 });
      assert.equal(g.metadata.task, 'stability');
      assert.equal(g.metadata.k, 0);
      assert.equal(g.circuit.numObservables, 1);
      const fam = codeFamily(code);
      assert.equal(g.metadata.numQubits, distanceRule(fam, 'stability').numQubits(d));
      const patch =
        code === 'surface' ? unrotatedStabilityPatch(d) : rotatedStabilityPatch(d, code === 'xzzx');
      // Every ancilla is measured with MR in ascending index order, first round first.
      const ancillas = patch.spec.checks.map((c) => c.ancilla).sort((a, b) => a - b);
      const obsPos = patch.observableChecks.map((a) => ancillas.indexOf(a));
      const otherPos = ancillas.map((_, i) => i).filter((i) => !obsPos.includes(i));
      const shots = 64;
      const res = sampleTableau(g.circuit, shots, new Rng(11));
      const meas = res.measurements;
      assert.ok(meas !== undefined);
      for (const pos of obsPos) {
        let ones = 0;
        for (let s = 0; s < shots; s++) if (meas.get(s, pos)) ones++;
        assert.ok(ones > 0 && ones < shots, `observable check at ${pos} is random (${ones}/${shots})`);
      }
      for (let s = 0; s < shots; s++) {
        let parity = false;
        for (const pos of obsPos) parity = parity !== meas.get(s, pos);
        assert.equal(parity, false, `shot ${s}: product of first-round observable checks`);
        for (const pos of otherPos) assert.equal(meas.get(s, pos), false, 'the other checks start at +1');
      }
    });

  // Circuit-level distance under uniform depolarizing noise: the observable is flipped only by a
  // timelike chain through every round, so the distance is R, whatever the patch diameter
  // (Gidney 2022: the number of rounds is the experiment's distance, the dual of a memory
  // experiment's spatial one). Checked for R below, equal to and above the diameter.
  const GRAPHLIKE: [string, number, number[]][] = [
    ['rotated-surface', 2, [1, 2, 5, 9]],
    ['rotated-surface', 4, [1, 3, 4, 7]],
    ['rotated-surface', 6, [2, 6, 8]],
    ['surface', 2, [1, 4, 7]],
    ['surface', 3, [2, 3, 6]],
    ['surface', 5, [3, 5, 8]],
    ['xzzx', 4, [2, 4, 6]],
  ];
  for (const [code, d, roundsList] of GRAPHLIKE)
    it(`${code} stability d=${d}: circuit-level distance = rounds R ∈ {${roundsList.join(', ')}} (graphlike search)`, () => {
      for (const rounds of roundsList) {
        const g = generateExperiment({
          code,
          task: 'stability',
          distance: d,
          rounds,
          noise: 'uniform',
          noiseParams: { p: 0.001 },
        });
        // analyzeErrors rejects non-deterministic detectors or observables.
        const dem = flattenDem(analyzeErrors(g.circuit, { decomposeErrors: true }));
        assert.equal(dem.numObservables, 1);
        const found = shortestGraphlikeLogicalError(dem);
        assert.equal(
          found.distance,
          rounds,
          `R=${rounds}: shortest graphlike logical error ${found.distance}`,
        );
      }
    });

  // The same without decomposition, by the exhaustive (meet-in-the-middle) search on hyperedges.
  const EXHAUSTIVE: [string, number, number][] = [
    ['rotated-surface', 2, 4],
    ['rotated-surface', 4, 3],
    ['surface', 3, 3],
    ['xzzx', 2, 3],
  ];
  for (const [code, d, rounds] of EXHAUSTIVE)
    it(`${code} stability d=${d} R=${rounds}: exact distance R by exhaustive search of the undecomposed DEM`, () => {
      const g = generateExperiment({
        code,
        task: 'stability',
        distance: d,
        rounds,
        noise: 'uniform',
        noiseParams: { p: 0.001 },
      });
      const b = searchLogicalError(flattenDem(analyzeErrors(g.circuit)), new Rng(5), {
        trials: 20,
        maxEnumerated: 300_000,
      });
      assert.ok(b.exact, `${b.lower}..${b.upper} (${b.method})`);
      assert.equal(b.upper, rounds);
    });

  it('detector counts: the other checks every round and at read-out, the observable checks from round 2', () => {
    for (const rounds of [1, 2, 5]) {
      const p = rotatedStabilityPatch(4);
      const g = generateExperiment({ code: 'rotated-surface', task: 'stability', distance: 4, rounds });
      const nObs = p.observableChecks.length;
      const nOther = p.spec.checks.length - nObs;
      assert.equal(g.circuit.numDetectors, nOther * (rounds + 1) + nObs * (rounds - 1));
    }
  });

  it('validates the diameter per task, naming the rule', () => {
    assert.throws(
      () => generateExperiment({ code: 'rotated-surface', task: 'stability', distance: 5, rounds: 3 }),
      /even integer ≥ 2 for stability/,
    );
    assert.throws(
      () => generateExperiment({ code: 'rotated-surface', task: 'memory-z', distance: 4, rounds: 3 }),
      /odd/,
    );
    assert.throws(
      () => generateExperiment({ code: 'color', task: 'stability', distance: 3, rounds: 3 }),
      /does not support task 'stability'/,
    );
    assert.throws(() => rotatedStabilityPatch(3), /even diameter/);
    assert.throws(() => unrotatedStabilityPatch(1), /d ≥ 2/);
  });
});
