import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LimitError } from '../base/errors.js';
import { Rng } from '../base/prng.js';
import { parseCircuit } from '../circuit/parser.js';
import { readSamples, writeSamples } from '../formats/sample-formats.js';
import { MeasurementsToDetections } from './measurements-to-detections.js';
import { TableauSampler } from './tableau/tableau-sampler.js';

const VECTORS = new URL('../../../shared/vectors/', import.meta.url);

describe('measurements → detection events (m2d)', () => {
  it("agrees bit for bit with Stim's m2d on 1,000 shots of the d=5 surface code (shared vectors)", () => {
    const name = 'surface_code-rotated_memory_z-d5-r5-p0.005';
    const circuit = parseCircuit(readFileSync(new URL(`circuits/${name}.stim`, VECTORS), 'utf8'));
    const conv = new MeasurementsToDetections(circuit);
    const meas = readSamples(
      readFileSync(new URL(`m2d/${name}.measurements.01`, VECTORS)),
      '01',
      conv.numMeasurements,
    );
    assert.equal(meas.numRows, 1000);
    const r = conv.convert(meas);
    const text = (t: typeof r.detectors): string =>
      new TextDecoder().decode(
        writeSamples(t, '01', { numMeasurements: 0, numDetectors: t.numCols, numObservables: 0 }),
      );
    assert.equal(text(r.detectors), readFileSync(new URL(`m2d/${name}.dets.01`, VECTORS), 'utf8'));
    assert.equal(text(r.observables), readFileSync(new URL(`m2d/${name}.obs.01`, VECTORS), 'utf8'));
  });

  it('on measurements from the tableau sampler it reproduces that sampler’s detection events', () => {
    const circuit = parseCircuit(
      'R 0 1 2\nX_ERROR(0.2) 0 1 2\nCX 0 1\nM 0 1\nMX 2\nDETECTOR rec[-3]\nDETECTOR rec[-2] rec[-3]\nDETECTOR rec[-1]\nOBSERVABLE_INCLUDE(1) rec[-2]\nX 0\nM 0\nDETECTOR rec[-1] rec[-4]',
    );
    const shots = new TableauSampler(circuit).sample(300, new Rng(4));
    const r = new MeasurementsToDetections(circuit).convert(shots.measurements ?? shots.detectors);
    assert.deepEqual(r.detectors.data, shots.detectors.data);
    assert.deepEqual(r.observables.data, shots.observables.data);
  });

  it('skipReferenceSample reports raw parities; Pauli-target observables are refused', () => {
    const c = parseCircuit('X 0\nM 0\nDETECTOR rec[-1]');
    const m = readSamples(new TextEncoder().encode('1\n0\n'), '01', 1);
    assert.deepEqual(
      [0, 1].map((s) => new MeasurementsToDetections(c).convert(m).detectors.get(s, 0)),
      [false, true],
    );
    const raw = new MeasurementsToDetections(c, { skipReferenceSample: true }).convert(m);
    assert.deepEqual(
      [0, 1].map((s) => raw.detectors.get(s, 0)),
      [true, false],
    );
    assert.throws(
      () => new MeasurementsToDetections(parseCircuit('M 0\nOBSERVABLE_INCLUDE(0) X0')),
      /Pauli target/,
    );
  });
  it('refuses a circuit whose run could not finish, before walking it', () => {
    assert.throws(
      () => new MeasurementsToDetections(parseCircuit('REPEAT 1099511627776 {\n  H 0\n}\nM 0', 'c.stim')),
      (e: unknown) =>
        e instanceof LimitError && /^c\.stim:1:1: REPEAT 1099511627776 would execute/.test(e.message),
    );
  });
});
