import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { DemItem } from './dem.js';
import { DetectorErrorModel } from './dem.js';

/*
 * fast-check arbitraries of detector error models, shared by the DEM tests (this file only
 * exports them plus a check that they cover every instruction kind).
 */

const idList = (max: number) => fc.array(fc.nat({ max }), { maxLength: 4 });
const tagArb = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('a]b', 'x\\y', 'l\nm\rn'),
);
const coordArb = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 3 });
const probArb = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.constantFrom(0, 1, 0.5, 0.001, 1e-300),
);

const leafArb: fc.Arbitrary<DemItem> = fc.oneof(
  fc
    .record({
      p: probArb,
      comps: fc.array(fc.record({ detectors: idList(40), observables: idList(5) }), {
        minLength: 1,
        maxLength: 3,
      }),
      tag: tagArb,
    })
    .filter(
      (r) => r.comps.length === 1 || r.comps.every((c) => c.detectors.length + c.observables.length > 0),
    )
    .map((r): DemItem => ({
      kind: 'error',
      probability: r.p,
      // Plain objects (fc.record builds null-prototype ones).
      components: r.comps.map((c) => ({ detectors: c.detectors, observables: c.observables })),
      tag: r.tag,
    })),
  fc
    .record({
      coords: coordArb,
      ids: fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 2 }),
      tag: tagArb,
    })
    .map((r): DemItem => ({ kind: 'detector', coords: r.coords, detectors: r.ids, tag: r.tag })),
  fc
    .record({ ids: fc.array(fc.nat({ max: 9 }), { minLength: 1, maxLength: 2 }), tag: tagArb })
    .map((r): DemItem => ({ kind: 'logical_observable', observables: r.ids, tag: r.tag })),
  fc
    .record({ coords: coordArb, shift: fc.nat({ max: 20 }), tag: tagArb })
    .map((r): DemItem => ({ kind: 'shift_detectors', coords: r.coords, shift: r.shift, tag: r.tag })),
);

/** Random models with nested repeat blocks (depth ≤ 2). */
export const demArb: fc.Arbitrary<DetectorErrorModel> = fc.letrec<{
  model: DetectorErrorModel;
  item: DemItem;
}>((tie) => ({
  model: fc.array(tie('item'), { maxLength: 6 }).map((items) => new DetectorErrorModel(items)),
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    leafArb,
    fc
      .record({ reps: fc.nat({ max: 4 }), body: tie('model'), tag: tagArb })
      .map((r): DemItem => ({ kind: 'repeat', repetitions: r.reps, body: r.body, tag: r.tag })),
  ),
})).model;

describe('demArb', () => {
  it('covers every instruction kind, nested repeats and decomposed errors', () => {
    const seen = new Set<string>();
    const visit = (m: DetectorErrorModel, depth: number): void => {
      for (const it of m.items) {
        seen.add(it.kind);
        if (it.kind === 'repeat') {
          if (depth > 0) seen.add('nested');
          visit(it.body, depth + 1);
        }
        if (it.kind === 'error' && it.components.length > 1) seen.add('decomposed');
        if (it.tag !== '') seen.add('tag');
      }
    };
    for (const m of fc.sample(demArb, { seed: 1, numRuns: 300 })) visit(m, 0);
    for (const k of [
      'error',
      'detector',
      'logical_observable',
      'shift_detectors',
      'repeat',
      'nested',
      'decomposed',
      'tag',
    ])
      assert.ok(seen.has(k), k);
  });
});
