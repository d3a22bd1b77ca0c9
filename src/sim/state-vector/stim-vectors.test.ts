// The state-vector sampler on Stim-generated circuits (../shared/vectors, see its README): noiseless
// versions have silent detectors, and the noisy repetition code's per-detector firing rates agree
// with Stim's own 10,000 sampled shots within 5σ.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../base/prng.js';
import { Circuit } from '../../circuit/circuit.js';
import type { CircuitItem } from '../../circuit/circuit.js';
import { parseCircuit } from '../../circuit/parser.js';
import { GATE_FLAGS } from '../../gates/gate.js';
import { sampleShots } from './state-vector-simulator.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const vectors = resolve(repoRoot, '../shared/vectors');

function load(name: string): Circuit {
  return parseCircuit(readFileSync(resolve(vectors, 'circuits', name), 'utf8'), name);
}

/** The circuit with every noise channel removed (measurement flip arguments kept out too). */
function noiseless(c: Circuit): Circuit {
  const items: CircuitItem[] = [];
  for (const item of c.items) {
    if (item.kind === 'repeat') items.push({ ...item, body: noiseless(item.body) });
    else if ((item.gate.flags & GATE_FLAGS.NOISE) === 0)
      items.push((item.gate.flags & GATE_FLAGS.PRODUCES_RESULTS) !== 0 ? { ...item, args: [] } : item);
  }
  return new Circuit(items);
}

describe('state vector on Stim reference circuits', () => {
  for (const name of [
    'repetition_code-memory-d3-r3-p0.001.stim',
    'repetition_code-memory-d5-r5-p0.005.stim',
    'color_code-memory_xyz-d3-r3-p0.001.stim',
    // 17 qubits numbered up to 25: runs only because sampleShots renumbers them densely.
    'surface_code-rotated_memory_x-d3-r3-p0.001.stim',
  ]) {
    it(`${name} without noise: detectors and observables never fire`, () => {
      const c = noiseless(load(name));
      const shots = c.numQubits > 12 ? 1 : 3;
      const r = sampleShots(c, shots, new Rng(5));
      assert.ok(c.numDetectors > 0);
      for (let s = 0; s < shots; s++) {
        for (let d = 0; d < c.numDetectors; d++) assert.equal(r.detectors.get(s, d), false, `detector ${d}`);
        for (let o = 0; o < c.numObservables; o++) assert.equal(r.observables.get(s, o), false);
      }
    });
  }

  it('noisy repetition code d5: detector rates match Stim samples (5σ)', () => {
    const name = 'repetition_code-memory-d5-r5-p0.005';
    const c = load(`${name}.stim`);
    const numDet = c.numDetectors;
    const b8 = readFileSync(resolve(vectors, 'samples', `${name}.dets.b8`));
    const bytesPerShot = Math.ceil(numDet / 8);
    const stimShots = b8.length / bytesPerShot;
    assert.equal(stimShots, 10000);
    const stimCounts = new Array<number>(numDet).fill(0);
    for (let s = 0; s < stimShots; s++)
      for (let d = 0; d < numDet; d++) if ((b8[s * bytesPerShot + (d >> 3)] >> (d & 7)) & 1) stimCounts[d]++;
    const shots = 3000;
    const r = sampleShots(c, shots, new Rng(2026));
    for (let d = 0; d < numDet; d++) {
      let ours = 0;
      for (let s = 0; s < shots; s++) if (r.detectors.get(s, d)) ours++;
      const p1 = ours / shots;
      const p2 = stimCounts[d] / stimShots;
      const pooled = (ours + stimCounts[d]) / (shots + stimShots);
      const sigma = Math.sqrt(Math.max(pooled * (1 - pooled), 1e-4) * (1 / shots + 1 / stimShots));
      assert.ok(Math.abs(p1 - p2) <= 5 * sigma, `detector ${d}: ours ${p1}, Stim ${p2}`);
    }
  });
});
