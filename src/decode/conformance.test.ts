import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FlatDem } from '../dem/dem.js';
import type { BitTable } from '../mem/bit-table.js';
import type { CompiledDecoder, Decoder } from './decoder.js';
import {
  CONFORMANCE_CASES,
  ConformanceError,
  checkDecoderCase,
  surfaceCodeCapacityDem,
} from './conformance.js';
import { LOOKUP_DECODER } from './lookup/lookup-decoder.js';

/** A decoder whose decodeBatch is `body` (for checking that the suite catches faults). */
function fake(name: string, body: (det: BitTable, pred: BitTable, dem: FlatDem) => void): Decoder {
  return {
    name,
    compile(dem: FlatDem): CompiledDecoder {
      return {
        numDetectors: dem.numDetectors,
        numObservables: dem.numObservables,
        decodeBatch: (det, pred) => body(det, pred, dem),
      };
    },
  };
}

const rep3 = CONFORMANCE_CASES.find((c) => c.name === 'rep3-basic')!;

describe('conformance suite', () => {
  it('case names are unique and every expected id is a valid observable', () => {
    const names = new Set(CONFORMANCE_CASES.map((c) => c.name));
    assert.equal(names.size, CONFORMANCE_CASES.length);
    for (const c of CONFORMANCE_CASES)
      for (const s of c.shots) {
        for (const d of s.detectors) assert.ok(d >= 0 && d < c.dem.numDetectors, c.name);
        for (const o of s.expected ?? []) assert.ok(o >= 0 && o < c.dem.numObservables, c.name);
      }
  });

  it('catches a decoder that predicts nothing', () => {
    const zero = fake('zero', (_d, pred) => pred.data.fill(0));
    assert.throws(
      () => checkDecoderCase(zero, rep3),
      /shot 1 \(detectors \[0\]\): expected observables \[0\], got \[\]/,
    );
  });

  it('catches padding bits left set in the predictions', () => {
    const sloppy = fake('sloppy', (det, pred) => {
      for (let s = 0; s < det.numRows; s++) {
        pred.data[s * pred.stride] = det.get(s, 0) && !det.get(s, 1) ? 0xffffffff : 0xfffffffe;
      }
    });
    assert.throws(
      () => checkDecoderCase(sloppy, rep3),
      (e: unknown) => e instanceof ConformanceError && /not fully overwritten/.test(e.message),
    );
  });

  it('catches state leaking from one shot to the next', () => {
    const leaky = fake('leaky', (det, pred) => {
      let previousFired = false;
      for (let s = 0; s < det.numRows; s++) {
        const correct = det.get(s, 0) && !det.get(s, 1);
        pred.data.fill(0, s * pred.stride, (s + 1) * pred.stride);
        pred.set(s, 0, correct !== previousFired);
        previousFired = det.get(s, 0) || det.get(s, 1);
      }
    });
    assert.throws(() => checkDecoderCase(leaky, rep3), /expected observables \[\]|decoded alone/);
  });

  it('catches a decoder that accepts a DEM it must reject', () => {
    const hyper = CONFORMANCE_CASES.find((c) => c.name === 'hyperedge')!;
    const lax = fake('unionfind', (_d, pred) => pred.data.fill(0));
    assert.throws(
      () => checkDecoderCase(lax, hyper),
      /compile must throw UnsupportedError, but it returned normally/,
    );
    assert.doesNotThrow(() => checkDecoderCase(LOOKUP_DECODER, hyper));
  });

  it('surface code-capacity DEMs: (d²−1)/2 Z checks, CSS-commuting X checks, X distance exactly d (row 0)', () => {
    for (const d of [3, 5]) {
      const dem = surfaceCodeCapacityDem(d, 0.1, 0.1, 0.1);
      const nz = (d * d - 1) / 2;
      assert.equal(dem.numDetectors, d * d - 1);
      // error order per qubit: X, Y, Z. Z-check supports from X errors, X-check supports from Z errors.
      const zSupp: number[][] = Array.from({ length: nz }, () => []);
      const xSupp: number[][] = Array.from({ length: nz }, () => []);
      for (let q = 0; q < d * d; q++) {
        const x = dem.errors[3 * q];
        const y = dem.errors[3 * q + 1];
        const z = dem.errors[3 * q + 2];
        assert.ok(x.detectors.every((k) => k < nz) && z.detectors.every((k) => k >= nz));
        assert.deepEqual(y.detectors, [...x.detectors, ...z.detectors]);
        for (const k of x.detectors) zSupp[k].push(q);
        for (const k of z.detectors) xSupp[k - nz].push(q);
      }
      for (const a of zSupp)
        for (const b of xSupp) assert.equal(a.filter((q) => b.includes(q)).length % 2, 0);
      // X distance: no set of < d X errors is undetectable and flips L0; some set of d is
      const xOnly = surfaceCodeCapacityDem(d, 0.1);
      const n = d * d;
      const isLogical = (set: number[]) => {
        const det = new Set<number>();
        let obs = 0;
        for (const q of set) {
          for (const k of xOnly.errors[q].detectors)
            if (det.has(k)) det.delete(k);
            else det.add(k);
          obs ^= xOnly.errors[q].observables.length;
        }
        return det.size === 0 && obs === 1;
      };
      const rec = (start: number, cur: number[]): boolean => {
        if (cur.length > 0 && isLogical(cur)) return true;
        if (cur.length === d - 1) return false;
        for (let i = start; i < n; i++) if (rec(i + 1, [...cur, i])) return true;
        return false;
      };
      assert.equal(rec(0, []), false, `d=${d}: a logical of weight < d`);
      assert.ok(isLogical(Array.from({ length: d }, (_, c) => c)), `d=${d}: row 0 is a logical`);
    }
  });
});
