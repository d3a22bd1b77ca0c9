import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCircuit } from '../circuit/parser.js';
import { analyzeErrors } from '../dem/error-analyzer.js';
import { flattenDem } from '../dem/flatten.js';
import { parseDem } from '../dem/dem-parser.js';
import type { FlatDem } from '../dem/dem.js';
import { shortestGraphlikeLogicalError } from '../dem/distance.js';
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

describe('code families', () => {
  for (const fam of CODE_FAMILIES)
    for (const task of fam.tasks.filter((t) => t !== 'stability'))
      for (const d of [3, 5]) {
        it(`${fam.name} ${task} d=${d}: deterministic without noise, circuit-level distance ${d}`, () => {
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
