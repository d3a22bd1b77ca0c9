import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UnsupportedError, ValidationError } from '../base/errors.js';
import { BitTable } from '../mem/bit-table.js';
import { CONFORMANCE_CASES, flatError, makeFlatDem, repetitionCodeCapacityDem } from './conformance.js';
import type { FlatDem } from '../dem/dem.js';
import { DECODERS, compileDecoder, getDecoder } from './registry.js';

/**
 * The colour-code decoder reads each detector's basis and colour from its 4th coordinate: the
 * generic cases get detector k annotated as a Z-basis one of colour k mod 3. Other decoders get
 * the DEM as it is.
 */
const forDecoder = (name: string, dem: FlatDem): FlatDem =>
  name !== 'concat-matching'
    ? dem
    : { ...dem, detectorCoords: Array.from({ length: dem.numDetectors }, (_, k) => [0, 0, 0, 3 + (k % 3)]) };

describe('decoder registry', () => {
  it('lists mwpm, mwpm-local, mwpm-correlated, unionfind, bposd, concat-matching, lookup with unique names equal to the decoders’ own names', () => {
    assert.deepEqual(
      DECODERS.map((d) => d.name),
      ['mwpm', 'mwpm-local', 'mwpm-correlated', 'unionfind', 'bposd', 'concat-matching', 'lookup'],
    );
    for (const d of DECODERS) {
      assert.equal(d.decoder.name, d.name);
      assert.ok(d.description.length > 20);
      for (const o of d.options)
        assert.ok(o.description.length > 10, `${d.name}.${o.name} needs a description`);
    }
  });

  it('graphlikeOnly agrees with behaviour on the hyperedge conformance case', () => {
    const hyper = CONFORMANCE_CASES.find((c) => c.name === 'hyperedge')!;
    for (const d of DECODERS) {
      const dem = forDecoder(d.name, hyper.dem);
      if (d.graphlikeOnly) assert.throws(() => compileDecoder(dem, d.name), UnsupportedError, d.name);
      else assert.doesNotThrow(() => compileDecoder(dem, d.name), d.name);
      assert.equal(hyper.mustThrow?.[d.name] === 'UnsupportedError', d.graphlikeOnly);
    }
  });

  it('compiles every decoder by name with defaults; each decodes a single error', () => {
    const dem = repetitionCodeCapacityDem(5, 0.05);
    for (const d of DECODERS) {
      const dec = compileDecoder(forDecoder(d.name, dem), d.name, {});
      const dets = new BitTable(1, 4);
      dets.set(0, 0, true);
      const pred = new BitTable(1, 1);
      dec.decodeBatch(dets, pred);
      assert.equal(pred.get(0, 0), true, d.name);
    }
  });

  it('rejects unknown decoders and options, listing the valid ones', () => {
    const dem = makeFlatDem(1, 1, [flatError(0.1, [[0], [0]])]);
    assert.throws(() => getDecoder('mwmp'), ValidationError);
    assert.throws(
      () => getDecoder('mwmp'),
      /unknown decoder 'mwmp'; valid decoders: mwpm, mwpm-local, mwpm-correlated, unionfind, bposd, concat-matching, lookup/,
    );
    assert.throws(
      () => compileDecoder(dem, 'mwpm', { foo: 1 }),
      /decoder 'mwpm' has no option 'foo'; valid options: \(none\)/,
    );
    assert.throws(() => compileDecoder(dem, 'bposd', { osdOrder: -1 }), /'osdOrder' = -1: must be >= 0/);
    assert.throws(() => compileDecoder(dem, 'lookup', { maxStateBits: 'x' }), /must be a finite number/);
    assert.equal(getDecoder('bposd').name, 'bposd');
  });
});
