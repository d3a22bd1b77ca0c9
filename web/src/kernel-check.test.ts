import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileSampler, generateExperiment, Rng } from '../../src/index.js';
import { sampleDigest } from './kernel-check.js';

const circuit = generateExperiment({
  code: 'rotated-surface',
  task: 'memory-z',
  distance: 5,
  rounds: 5,
  noise: 'uniform',
  noiseParams: { p: 0.005 },
}).circuit;

describe('kernel check digest', () => {
  it('WebAssembly kernels and the TypeScript path: the same bits for the same seed, other bits for another', () => {
    const wasm = sampleDigest(circuit, 5000, 3, true);
    const ts = sampleDigest(circuit, 5000, 3, false);
    assert.equal(wasm.kernels, true, 'Node compiles the kernels');
    assert.equal(ts.kernels, false);
    assert.equal(wasm.sha256, ts.sha256);
    assert.equal(wasm.detectionEvents, ts.detectionEvents);
    assert.notEqual(sampleDigest(circuit, 5000, 4, true).sha256, wasm.sha256);
  });

  it('counts the detection events the sampler returns', () => {
    const { detectors } = compileSampler(circuit, { wasm: false }).sampleDetectors(5000, new Rng(3));
    let events = 0;
    for (let s = 0; s < detectors.numRows; s++)
      for (let d = 0; d < detectors.numCols; d++) if (detectors.get(s, d)) events++;
    assert.equal(sampleDigest(circuit, 5000, 3, false).detectionEvents, events);
    assert.ok(events > 5000, `${events} events in 5000 shots of d = 5 at p = 0.005`);
  });
});
