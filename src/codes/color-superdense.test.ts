import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCircuit } from '../circuit/parser.js';
import { printCircuit } from '../circuit/printer.js';
import { analyzeErrors } from '../dem/error-analyzer.js';
import { flattenDem } from '../dem/flatten.js';
import type { FlatDem } from '../dem/dem.js';
import { branchingLogicalErrorSearch, restrictDetectors } from '../dem/distance-branching.js';
import { generateExperiment } from './code-families.js';
import { colorCodeLattice } from './color-code.js';

const key = (ds: readonly number[], os: readonly number[]): string => `${ds.join(',')}|${os.join(',')}`;

/**
 * Upper bound d on the circuit distance: the weight-d bottom-row logical (X for memory-z, Z for
 * memory-x) injected as d single-qubit errors right after the data reset. Checks that each of the d
 * errors is a mechanism of the noisy model and that together they flip no detector and flip the
 * observable: a logical error of d mechanisms.
 */
function bottomRowLogicalError(
  code: string,
  task: 'memory-z' | 'memory-x',
  d: number,
  noisy: FlatDem,
): number {
  const clean = printCircuit(generateExperiment({ code, task, distance: d, rounds: d }).circuit);
  const reset = task === 'memory-z' ? /^R [0-9 ]+$/m : /^RX [0-9 ]+$/m;
  const m = reset.exec(clean);
  assert.ok(m !== null, 'data reset line');
  const err = `${task === 'memory-z' ? 'X' : 'Z'}_ERROR(0.01) ${colorCodeLattice(d).bottom.join(' ')}`;
  const injected = parseCircuit(clean.replace(m[0], `${m[0]}\n${err}`));
  const singles = flattenDem(analyzeErrors(injected)).errors;
  assert.equal(singles.length, d);
  const mechanisms = new Set(noisy.errors.map((e) => key(e.detectors, e.observables)));
  const det = new Map<number, number>();
  let obs = 0;
  for (const e of singles) {
    assert.ok(
      mechanisms.has(key(e.detectors, e.observables)),
      'a single data error is a mechanism of the noisy DEM',
    );
    for (const x of e.detectors) det.set(x, (det.get(x) ?? 0) ^ 1);
    for (const o of e.observables) obs ^= 1 << o;
  }
  assert.ok(
    [...det.values()].every((v) => v === 0),
    'the bottom-row logical flips no detector',
  );
  assert.equal(obs, 1, 'and flips the observable');
  return singles.length;
}

/**
 * Lower bound: the exhaustive branching search on the detectors of the task's basis (Z-type
 * detectors sit at integer y, X-type ones at y + 0.25). Restricting detectors can only lower the
 * distance, so the bound holds for the full model.
 */
function provedLowerBound(task: 'memory-z' | 'memory-x', dem: FlatDem, d: number): number {
  const frac = task === 'memory-z' ? 0 : 0.25;
  const basis = restrictDetectors(dem, (k) => {
    const y = dem.detectorCoords[k]?.[1] ?? NaN;
    return Math.abs(y - Math.floor(y) - frac) < 1e-9;
  });
  const r = branchingLogicalErrorSearch(basis, { maxWeight: d - 1 });
  assert.equal(r.budgetExhausted, false);
  return r.lower;
}

describe('color-superdense (Gidney & Jones 2023 superdense color-code circuit)', () => {
  for (const d of [3, 5])
    for (const task of ['memory-z', 'memory-x'] as const)
      it(`d=${d} ${task}, ${d} rounds, uniform noise: circuit-level distance exactly ${d}`, () => {
        const g = generateExperiment({
          code: 'color-superdense',
          task,
          distance: d,
          rounds: d,
          noise: 'uniform',
          noiseParams: { p: 0.001 },
        });
        assert.equal(g.metadata.n, (3 * d * d + 1) / 4);
        assert.equal(g.metadata.numQubits, g.layout.qubits.length);
        // analyzeErrors rejects non-deterministic detectors and observables.
        const dem = flattenDem(analyzeErrors(g.circuit));
        assert.equal(provedLowerBound(task, dem, d), d, `a logical error of < ${d} mechanisms exists`);
        assert.equal(bottomRowLogicalError('color-superdense', task, d, dem), d);
      });

  it('the bare-ancilla color circuit loses distance under the same search (2 at d=3, 3 at d=5)', () => {
    for (const [d, expected] of [
      [3, 2],
      [5, 3],
    ] as const) {
      const g = generateExperiment({
        code: 'color',
        task: 'memory-z',
        distance: d,
        rounds: d,
        noise: 'uniform',
        noiseParams: { p: 0.001 },
      });
      const r = branchingLogicalErrorSearch(flattenDem(analyzeErrors(g.circuit)), { maxWeight: d });
      assert.deepEqual([r.lower, r.upper], [expected, expected]);
    }
  });
});
