import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BitTable, compileDecoder, deriveSeed, Rng } from '../../src/index.js';
import { buildLab, compileShotEngine, DEFAULT_FORM, type LabForm } from './lab-model.js';
import { detectorRounds, SHOT_BATCH, shotToDets, ShotSource } from './shot-model.js';

const FORM: LabForm = { ...DEFAULT_FORM, distance: '3', rounds: '3', params: { p: '0.02' } };

describe('shot model', () => {
  const exp = buildLab(FORM);
  const engine = compileShotEngine(exp);

  it('shot k is row k mod 256 of the batch seeded deriveSeed(seed, k / 256), decoded like decodeBatch', () => {
    const src = new ShotSource(exp, engine, 7);
    // Independent sampling of batch 1 with a fresh sampler and decoder.
    const fresh = compileShotEngine(exp);
    const batch = fresh.sampler.sampleDetectors(SHOT_BATCH, new Rng(deriveSeed(7, 1)));
    const pred = new BitTable(SHOT_BATCH, exp.numObservables);
    compileDecoder(exp.dem, 'mwpm').decodeBatch(batch.detectors, pred);
    let failures = 0;
    for (let row = 0; row < SHOT_BATCH; row++) {
      const s = src.shot(SHOT_BATCH + row);
      const events = [];
      for (let d = 0; d < exp.numDetectors; d++) if (batch.detectors.get(row, d)) events.push(d);
      assert.deepEqual(s.events, events);
      assert.deepEqual(s.actual, batch.observables.get(row, 0) ? [0] : []);
      assert.deepEqual(s.predicted, pred.get(row, 0) ? [0] : []);
      assert.deepEqual(s.matching?.observables, s.predicted, 'the matching predicts what decodeBatch does');
      assert.equal(s.success, pred.get(row, 0) === batch.observables.get(row, 0));
      // Every event is matched exactly once.
      const ends = s.matching.pairs.flatMap((p) => (p.b < 0 ? [p.a] : [p.a, p.b])).sort((a, b) => a - b);
      assert.deepEqual(ends, s.matching.events);
      if (!s.success) failures++;
    }
    assert.ok(failures > 0, 'p = 0.02 at d = 3 fails some of 256 shots');
  });

  it('equal seeds give equal shots; find() returns the first failing shot', () => {
    const a = new ShotSource(exp, engine, 3);
    const b = new ShotSource(exp, compileShotEngine(exp), 3);
    assert.deepEqual(a.shot(5), b.shot(5));
    const k = a.find(0, 5000, 'failure');
    assert.ok(k >= 0);
    for (let j = 0; j < k; j++) assert.equal(b.shot(j).success, true, `shot ${j} before the first failure`);
    assert.equal(b.shot(k).success, false);
    const e = a.find(0, 1000, 'events');
    assert.ok(b.shot(e).events.length > 0);
    for (let j = 0; j < e; j++) assert.equal(b.shot(j).events.length, 0);
  });

  it('dets text and rounds', () => {
    const s = {
      seed: 1,
      index: 0,
      events: [2, 9],
      actual: [0],
      matching: undefined,
      predicted: [],
      success: false,
    };
    assert.equal(shotToDets(s, false), 'shot D2 D9');
    assert.equal(shotToDets(s, true), 'shot D2 D9 L0');
    assert.deepEqual(detectorRounds(exp), [0, 1, 2, 3]);
  });

  it('a code whose errors do not decompose (color code) is decoded by BP-OSD, with no matching drawn', () => {
    const color = buildLab({ ...FORM, code: 'color', distance: '5', rounds: '2' });
    assert.equal(color.graphlike, false);
    assert.ok(color.dem.errors.some((e) => e.detectors.length > 2));
    const eng = compileShotEngine(color);
    assert.equal(eng.decoderName, 'bposd');
    assert.equal(eng.matcher, undefined);
    const src = new ShotSource(color, eng, 2);
    const k = src.find(0, 2000, 'events');
    const s = src.shot(k);
    assert.ok(s.events.length > 0);
    assert.equal(s.matching, undefined);
    assert.equal(
      s.success,
      s.predicted.length === s.actual.length && s.predicted.every((o, i) => o === s.actual[i]),
    );
    assert.equal(exp.graphlike, true);
  });
});
