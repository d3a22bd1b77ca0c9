import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCircuit } from '../circuit/parser.js';
import { analyzeErrors } from '../dem/error-analyzer.js';
import { flattenDem } from '../dem/flatten.js';
import { parseDem } from '../dem/dem-parser.js';
import type { FlatDem } from '../dem/dem.js';
import { searchLogicalError, shortestGraphlikeLogicalError } from '../dem/distance.js';
import { Rng } from '../base/prng.js';
import { CODE_FAMILIES, generateExperiment } from './code-families.js';

const VECTORS = new URL('../../../shared/vectors/', import.meta.url);

/** Canonical form of a flat DEM with detectors named by their coordinates: "coords|coords|L0" → p. */
function byCoords(dem: FlatDem): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of dem.errors) {
    const key = [
      ...e.detectors
        .map((d) => (dem.detectorCoords[d] ?? []).map((x) => Math.round(x * 1000) / 1000).join(','))
        .sort(),
      ...e.observables.map((o) => `L${o}`),
    ].join('|');
    const q = m.get(key) ?? 0;
    m.set(key, q + e.probability - 2 * q * e.probability);
  }
  return m;
}

/** Families whose DEMs are graphlike after decomposition (matching-type codes). */
const GRAPHLIKE = new Set(['repetition', 'rotated-surface', 'surface', 'toric', 'xzzx']);

describe('code families', () => {
  for (const fam of CODE_FAMILIES.filter((f) => GRAPHLIKE.has(f.name)))
    for (const task of fam.tasks.filter((t) => t !== 'stability'))
      for (const d of [3, 5]) {
        it(`${fam.name} ${task} d=${d}: deterministic without noise, circuit-level distance ${d} (graphlike search)`, () => {
          const g = generateExperiment({
            code: fam.name,
            task,
            distance: d,
            rounds: d,
            noise: 'uniform',
            noiseParams: { p: 0.001 },
          });
          assert.equal(g.metadata.d, d);
          assert.equal(g.metadata.numQubits, g.layout.qubits.length);
          assert.equal(g.metadata.numQubits, fam.numQubits(d));
          // analyzeErrors rejects non-deterministic detectors and observables, naming them.
          const dem = flattenDem(analyzeErrors(g.circuit, { decomposeErrors: true }));
          assert.ok(dem.numDetectors > 0 && dem.numObservables === g.metadata.k);
          const found = shortestGraphlikeLogicalError(dem);
          assert.equal(
            found.distance,
            d,
            `shortest graphlike logical error has ${found.distance} mechanisms`,
          );
        });
      }

  // Codes with weight > 2 checks have hyperedge DEMs: exhaustive + randomised search, under
  // phenomenological noise (data errors each round, measurement flips; the bare-ancilla circuits of
  // these codes spread hook errors, so their circuit-level distance is lower and is not claimed).
  const NON_GRAPHLIKE: [string, number, number][] = [
    ['color', 3, 3],
    ['color', 5, 3],
    ['steane', 3, 3],
    ['shor', 3, 3],
    ['five-qubit', 3, 3],
    ['bb72', 6, 1],
  ];
  for (const [code, d, rounds] of NON_GRAPHLIKE)
    for (const task of ['memory-z', 'memory-x'] as const)
      it(`${code} ${task} d=${d}: deterministic, distance ${d} under phenomenological noise (exhaustive + randomised search)`, () => {
        const noise = code === 'bb72' ? 'code-capacity' : 'phenomenological';
        const g = generateExperiment({ code, task, distance: d, rounds, noise, noiseParams: { p: 0.01 } });
        assert.equal(g.metadata.numQubits, g.layout.qubits.length);
        const dem = flattenDem(analyzeErrors(g.circuit));
        assert.equal(dem.numObservables, g.metadata.k);
        const bounds = searchLogicalError(dem, new Rng(7), { trials: 60, maxEnumerated: 200_000 });
        assert.ok(bounds.exact, `not exact: ${bounds.lower}..${bounds.upper} (${bounds.method})`);
        assert.equal(bounds.upper, d, bounds.method);
      });

  it('the bivariate bicycle codes have the parameters of Bravyi et al. 2024', () => {
    for (const [code, n] of [
      ['bb72', 72],
      ['bb144', 144],
    ] as const) {
      const g = generateExperiment({ code, task: 'memory-z', distance: code === 'bb72' ? 6 : 12, rounds: 1 });
      assert.equal(g.metadata.n, n);
      assert.equal(g.metadata.k, 12);
      assert.equal(g.circuit.numObservables, 12);
    }
  });

  for (const [ours, stim] of [
    [
      { code: 'rotated-surface', task: 'memory-z' as const, d: 3 },
      'surface_code-rotated_memory_z-d3-r3-p0.001',
    ],
    [
      { code: 'rotated-surface', task: 'memory-z' as const, d: 5 },
      'surface_code-rotated_memory_z-d5-r5-p0.005',
    ],
    [{ code: 'repetition', task: 'memory-z' as const, d: 5 }, 'repetition_code-memory-d5-r5-p0.005'],
    [{ code: 'surface', task: 'memory-z' as const, d: 3 }, 'surface_code-unrotated_memory_z-d3-r3-p0.005'],
  ] as const) {
    it(`${ours.code} ${ours.task} d=${ours.d} under uniform noise has exactly Stim's DEM (${stim})`, () => {
      const p = Number(stim.slice(stim.lastIndexOf('-p') + 2));
      const g = generateExperiment({
        code: ours.code,
        task: ours.task,
        distance: ours.d,
        rounds: ours.d,
        noise: 'uniform',
        noiseParams: { p },
      });
      const mine = byCoords(flattenDem(analyzeErrors(g.circuit, { decomposeErrors: true })));
      const theirs = byCoords(
        flattenDem(parseDem(readFileSync(new URL(`dems/${stim}.dem`, VECTORS), 'utf8'))),
      );
      assert.equal(mine.size, theirs.size, 'number of distinct error mechanisms');
      for (const [k, q] of theirs) {
        const v = mine.get(k);
        assert.ok(v !== undefined, `Stim's mechanism ${k} missing from ours`);
        assert.ok(Math.abs(v - q) <= 1e-9 * q, `mechanism ${k}: ours ${v}, Stim ${q}`);
      }
      // And the circuit's own structure: same number of measurements and detectors as Stim's.
      const sc = parseCircuit(readFileSync(new URL(`circuits/${stim}.stim`, VECTORS), 'utf8'));
      assert.equal(g.circuit.numMeasurements, sc.numMeasurements);
      assert.equal(g.circuit.numDetectors, sc.numDetectors);
    });
  }

  it('validates parameters with errors naming the field', () => {
    assert.throws(
      () => generateExperiment({ code: 'rotated-surface', task: 'memory-z', distance: 4, rounds: 3 }),
      /distance.*odd/,
    );
    assert.throws(
      () => generateExperiment({ code: 'nope', task: 'memory-z', distance: 3, rounds: 3 }),
      /unknown code 'nope'/,
    );
    assert.throws(
      () => generateExperiment({ code: 'repetition', task: 'memory-z', distance: 3, rounds: 0 }),
      /rounds/,
    );
  });
});
