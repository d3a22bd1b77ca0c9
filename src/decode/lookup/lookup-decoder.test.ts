import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LimitError, ValidationError } from '../../base/errors.js';
import { BitTable } from '../../mem/bit-table.js';
import {
  CONFORMANCE_CASES,
  checkDecoderCase,
  flatError,
  makeFlatDem,
  predictAllSyndromes,
  surfaceCodeCapacityDem,
} from '../conformance.js';
import { LOOKUP_DECODER, LookupCompiledDecoder } from './lookup-decoder.js';

interface Mech {
  p: number;
  det: number; // detector mask
  obs: number; // observable mask
}

/**
 * Independent oracle: enumerates all 2^E subsets of mechanisms, accumulating the probability of
 * each (syndrome, observable mask); returns the joint distribution as a Map keyed `syn,obs`.
 */
function bruteJoint(mechs: readonly Mech[]): Map<string, number> {
  const out = new Map<string, number>();
  for (let s = 0; s < 1 << mechs.length; s++) {
    let syn = 0;
    let obs = 0;
    let pr = 1;
    mechs.forEach((m, e) => {
      if ((s >> e) & 1) {
        syn ^= m.det;
        obs ^= m.obs;
        pr *= m.p;
      } else pr *= 1 - m.p;
    });
    const key = `${syn},${obs}`;
    out.set(key, (out.get(key) ?? 0) + pr);
  }
  return out;
}

function toDem(nd: number, no: number, mechs: readonly Mech[]) {
  const ids = (mask: number, n: number) =>
    Array.from({ length: n }, (_, i) => i).filter((i) => (mask >> i) & 1);
  return makeFlatDem(
    nd,
    no,
    mechs.map((m) => flatError(m.p, [ids(m.det, nd), ids(m.obs, no)])),
  );
}

describe('lookup decoder', () => {
  for (const c of CONFORMANCE_CASES) it(`conformance: ${c.name}`, () => checkDecoderCase(LOOKUP_DECODER, c));

  it('matches brute-force enumeration of all 2^E error subsets on random tiny DEMs', () => {
    const arb = fc
      .record({ nd: fc.integer({ min: 0, max: 5 }), no: fc.integer({ min: 0, max: 3 }) })
      .chain(({ nd, no }) =>
        fc.record({
          nd: fc.constant(nd),
          no: fc.constant(no),
          mechs: fc.array(
            fc.record({
              p: fc.double({ min: 0.001, max: 0.7, noNaN: true }),
              det: fc.integer({ min: 0, max: (1 << nd) - 1 }),
              obs: fc.integer({ min: 0, max: (1 << no) - 1 }),
            }),
            { maxLength: 9 },
          ),
        }),
      );
    fc.assert(
      fc.property(arb, ({ nd, no, mechs }) => {
        const dec = LOOKUP_DECODER.compile(toDem(nd, no, mechs)) as LookupCompiledDecoder;
        const joint = bruteJoint(mechs);
        const dets = new BitTable(1 << nd, nd);
        for (let s = 0; s < 1 << nd; s++) for (let d = 0; d < nd; d++) if ((s >> d) & 1) dets.set(s, d, true);
        const pred = new BitTable(1 << nd, no);
        dec.decodeBatch(dets, pred);
        for (let s = 0; s < 1 << nd; s++) {
          let total = 0;
          let best = -1;
          for (let o = 0; o < 1 << no; o++) {
            const v = joint.get(`${s},${o}`) ?? 0;
            total += v;
            best = Math.max(best, v);
          }
          assert.ok(Math.abs(dec.syndromeProbability[s] - total) <= 1e-12, `P(s=${s})`);
          let got = 0;
          for (let o = 0; o < no; o++) if (pred.get(s, o)) got |= 1 << o;
          const pGot = joint.get(`${s},${got}`) ?? 0;
          // the chosen class is a most likely one (ties may pick either)
          assert.ok(pGot >= best - 1e-12, `syndrome ${s}: chose ${got} with ${pGot}, best is ${best}`);
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('exact logical error rate equals brute-force enumeration (surface d=3 X noise) and is minimal', () => {
    const dem = surfaceCodeCapacityDem(3, 0.1);
    const dec = LOOKUP_DECODER.compile(dem, { keepDistribution: true }) as LookupCompiledDecoder;
    let fail = 0;
    const E = dem.errors.length;
    for (let set = 0; set < 1 << E; set++) {
      let syn = 0;
      let obs = 0;
      let pr = 1;
      for (let e = 0; e < E; e++) {
        const err = dem.errors[e];
        if ((set >> e) & 1) {
          for (const d of err.detectors) syn ^= 1 << d;
          for (const o of err.observables) obs ^= 1 << o;
          pr *= err.probability;
        } else pr *= 1 - err.probability;
      }
      if (dec.best[syn] !== obs) fail += pr;
    }
    const exact = dec.exactLogicalErrorRate(dec.best);
    assert.ok(Math.abs(exact - fail) < 1e-12, `${exact} vs brute force ${fail}`);
    assert.deepEqual(Array.from(predictAllSyndromes(dec)), Array.from(dec.best));
    const never = dec.exactLogicalErrorRate(new Uint32Array(dec.best.length));
    assert.ok(exact < never);
    assert.throws(
      () => (LOOKUP_DECODER.compile(dem) as LookupCompiledDecoder).jointProbability(0, 0),
      /keepDistribution/,
    );
  });

  it('enforces its limits with LimitError naming the sizes', () => {
    const dem = makeFlatDem(20, 3, [flatError(0.1, [[0], [0]])]);
    assert.throws(
      () => LOOKUP_DECODER.compile(dem),
      (e: unknown) => e instanceof LimitError && /20 \+ 3 = 23 exceeds maxStateBits = 22/.test(e.message),
    );
    assert.throws(() => LOOKUP_DECODER.compile(dem, { maxStateBits: 27 }), ValidationError);
    assert.throws(
      () => LOOKUP_DECODER.compile(dem, { maxStates: 3 }),
      /valid options: maxStateBits, keepDistribution/,
    );
    const small = LOOKUP_DECODER.compile(makeFlatDem(2, 1, []), { maxStateBits: 3 });
    assert.equal(small.numDetectors, 2);
  });

  it('rejects invalid DEMs with ValidationError', () => {
    assert.throws(
      () => LOOKUP_DECODER.compile(makeFlatDem(2, 1, [flatError(1.5, [[0], []])])),
      /outside \[0, 1\]/,
    );
    assert.throws(
      () => LOOKUP_DECODER.compile(makeFlatDem(2, 1, [flatError(0.1, [[2], []])])),
      /flips detector D2/,
    );
  });
});
