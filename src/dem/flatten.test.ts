import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LimitError } from '../base/errors.js';
import { parseDem } from './dem-parser.js';
import { demArb } from './dem-arbitrary.test.js';
import type { DemItem, FlatDem } from './dem.js';
import { DetectorErrorModel } from './dem.js';
import { countDem, flattenDem } from './flatten.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VECTORS = path.resolve(repoRoot, '../shared/vectors');

/** Independent reference: unroll repeat blocks textually (copy the body n times) in the IR. */
function unroll(m: DetectorErrorModel): DetectorErrorModel {
  const out: DemItem[] = [];
  for (const item of m.items) {
    if (item.kind === 'repeat') {
      const body = unroll(item.body);
      for (let r = 0; r < item.repetitions; r++) out.push(...body.items);
    } else out.push(item);
  }
  return new DetectorErrorModel(out);
}

/** Independent reference flattening of a repeat-free model, by sets (not the template path). */
function naiveFlat(m: DetectorErrorModel): FlatDem {
  let offset = 0;
  const shift: number[] = [];
  let maxD = -1;
  let maxO = -1;
  const coords = new Map<number, number[]>();
  const errors: FlatDem['errors'][number][] = [];
  for (const item of m.items) {
    if (item.kind === 'error') {
      const ds = new Set<number>();
      const os = new Set<number>();
      const comps = item.components.map((c) => {
        const d = c.detectors.map((x) => x + offset);
        for (const x of d) {
          if (ds.has(x)) ds.delete(x);
          else ds.add(x);
          maxD = Math.max(maxD, x);
        }
        for (const x of c.observables) {
          if (os.has(x)) os.delete(x);
          else os.add(x);
          maxO = Math.max(maxO, x);
        }
        return { detectors: d, observables: [...c.observables] };
      });
      errors.push({
        probability: item.probability,
        detectors: [...ds].sort((a, b) => a - b),
        observables: [...os].sort((a, b) => a - b),
        components: comps,
      });
    } else if (item.kind === 'detector') {
      for (const d of item.detectors) {
        coords.set(
          d + offset,
          item.coords.map((c, i) => (i < shift.length ? c + shift[i] : c)),
        );
        maxD = Math.max(maxD, d + offset);
      }
    } else if (item.kind === 'logical_observable') {
      for (const o of item.observables) maxO = Math.max(maxO, o);
    } else if (item.kind === 'shift_detectors') {
      item.coords.forEach((c, i) => {
        shift[i] = (shift[i] ?? 0) + c;
      });
      offset += item.shift;
    }
  }
  const dc: (number[] | undefined)[] = [];
  for (let d = 0; d <= maxD; d++) dc.push(coords.get(d));
  return { numDetectors: maxD + 1, numObservables: maxO + 1, errors, detectorCoords: dc };
}

/** Nested declaration-only repeats of 10^12 iterations in all (exported for parse-flat-dem.test.ts). */
export const NESTED_DECLARATIONS =
  'repeat 1000000 {\n  repeat 1000000 {\n    shift_detectors(1) 0\n  }\n  detector(0) D0\n}\n' +
  'repeat 1000000000000 {\n  shift_detectors(0, 2) 0\n}\ndetector(0, 0) D1\n';

/** Structural comparison that ignores readonly-ness and shared arrays. */
const plain = (f: FlatDem): unknown =>
  JSON.parse(JSON.stringify(f, (_k, v: unknown) => (v === undefined ? null : v)));

/** The sample files of the vectors (readdirSync throws, failing the suite, when they are missing). */
const SAMPLE_FILES = new Set(
  readdirSync(path.join(VECTORS, 'samples')).filter((f) => f.endsWith('.dets.b8')),
);

describe('flattenDem on the Stim-produced DEMs', () => {
  const names = readdirSync(path.join(VECTORS, 'dems')).filter((f) => f.endsWith('.dem'));
  it('every sample file has its DEM, and there are samples to check', () => {
    assert.ok(SAMPLE_FILES.size >= 5, `${SAMPLE_FILES.size} sample files`);
    for (const s of SAMPLE_FILES) assert.ok(names.includes(s.replace(/\.dets\.b8$/, '.dem')), s);
  });
  for (const f of names) {
    it(`${f}: consistent with the naive flattening, the counts and the sample files`, () => {
      const dem = parseDem(readFileSync(path.join(VECTORS, 'dems', f), 'utf8'), f);
      const flat = flattenDem(dem);
      assert.deepEqual(plain(flat), plain(naiveFlat(unroll(dem))));
      const c = countDem(dem);
      assert.equal(c.numDetectors, flat.numDetectors);
      assert.equal(c.numObservables, flat.numObservables);
      assert.equal(c.numErrors, flat.errors.length);
      // Stim declares every detector with coordinates.
      assert.ok(flat.detectorCoords.every((x) => x !== undefined && x.length >= 2));
      assert.equal(flat.numObservables, f.startsWith('toric-') ? 2 : 1);
      for (const e of flat.errors) {
        assert.ok(e.probability > 0 && e.probability < 0.5);
        for (let i = 1; i < e.detectors.length; i++) assert.ok(e.detectors[i] > e.detectors[i - 1]);
      }
      // The sampled detection events of the same circuit have ceil(numDetectors / 8) bytes per shot;
      // the shot count is the number of lines of the observable file beside them.
      const samples = path.join(VECTORS, 'samples', f.replace(/\.dem$/, '.dets.b8'));
      if (SAMPLE_FILES.has(path.basename(samples))) {
        const bytes = readFileSync(samples).length;
        const obs = readFileSync(samples.replace(/\.dets\.b8$/, '.obs.01'), 'utf8');
        const shots = obs.split('\n').filter((l) => l.length > 0).length;
        assert.equal(bytes, shots * Math.ceil(flat.numDetectors / 8));
      }
    });
  }
});

describe('flattenDem semantics (Stim documentation examples)', () => {
  it('the circular error model: repeat with shift equals the written-out list', () => {
    const folded = flattenDem(
      parseDem('error(0.1) D9 D0 L0\nrepeat 9 {\n    error(0.1) D0 D1\n    shift_detectors 1\n}\n'),
    );
    const lines = ['error(0.1) D9 D0 L0'];
    for (let k = 0; k < 9; k++) lines.push(`error(0.1) D${k} D${k + 1}`);
    const written = flattenDem(parseDem(lines.join('\n')));
    assert.deepEqual(
      folded.errors.map((e) => [e.detectors, e.observables]),
      written.errors.map((e) => [e.detectors, e.observables]),
    );
    assert.deepEqual(folded.errors[0].detectors, [0, 9]);
    assert.deepEqual(folded.errors[0].components[0].detectors, [9, 0]);
    assert.equal(folded.numDetectors, 10);
    assert.equal(folded.numObservables, 1);
  });

  it('a diagonal line of detectors (coordinate shifts inside a repeat)', () => {
    const f = flattenDem(
      parseDem(
        'detector(0, 0) D0\nrepeat 1000 {\n    detector(0.5, 0.5) D1\n    error(0.01) D0 D1\n    shift_detectors(0.5, 0.5) 1\n}\n',
      ),
    );
    assert.equal(f.numDetectors, 1001);
    assert.equal(f.errors.length, 1000);
    for (let k = 0; k <= 1000; k++) assert.deepEqual(f.detectorCoords[k], [0.5 * k, 0.5 * k]);
    for (let k = 0; k < 1000; k++) assert.deepEqual(f.errors[k].detectors, [k, k + 1]);
  });

  it('skips extra offset coordinates, XORs components, counts declared-only nodes', () => {
    const f = flattenDem(
      parseDem(`shift_detectors(1, 2, 3) 2
detector(10, 10) D0
detector D1
error(0.2) D0 L1 ^ D0 D3 L1 ^ D1
error(0.3) D5 ^ D5
logical_observable L4
detector(7) D20
`),
    );
    assert.deepEqual(f.detectorCoords[2], [11, 12]);
    assert.deepEqual(f.detectorCoords[3], []);
    assert.equal(f.detectorCoords[4], undefined);
    assert.deepEqual(f.detectorCoords[22], [8]);
    assert.equal(f.numDetectors, 23);
    assert.equal(f.numObservables, 5);
    assert.deepEqual(f.errors[0].detectors, [3, 5]);
    assert.deepEqual(f.errors[0].observables, []);
    assert.deepEqual(
      f.errors[0].components.map((c) => [c.detectors, c.observables]),
      [
        [[2], [1]],
        [[2, 5], [1]],
        [[3], []],
      ],
    );
    // Cancelled detectors still count as mentioned.
    assert.deepEqual(f.errors[1].detectors, []);
  });

  it('repeat 0 contributes nothing; nested repeats multiply', () => {
    const f = flattenDem(
      parseDem(
        'repeat 0 {\n error(0.1) D100\n}\nrepeat 3 {\n repeat 4 {\n  error(0.1) D0\n  shift_detectors 1\n }\n}\n',
      ),
    );
    assert.equal(f.errors.length, 12);
    assert.equal(f.numDetectors, 12);
    assert.deepEqual(
      f.errors.map((e) => e.detectors[0]),
      [...Array(12).keys()],
    );
  });

  it('large repeats flatten in linear time and counting does not unroll', () => {
    const dem = parseDem(
      'repeat 20000 {\n error(0.01) D0 D1 ^ D2\n error(0.02) D1 L0\n shift_detectors(0, 1) 1\n}\n',
    );
    const f = flattenDem(dem);
    assert.equal(f.errors.length, 40000);
    assert.deepEqual(f.errors[39998].detectors, [19999, 20000, 20001]);
    const huge = parseDem('repeat 1000000000000 {\n error(0.01) D0 D1\n shift_detectors 1\n}\n');
    assert.deepEqual(countDem(huge), {
      numDetectors: 1000000000001,
      numObservables: 0,
      numErrors: 1000000000000,
      detectorShift: 1000000000000,
    });
    assert.throws(() => flattenDem(huge), LimitError);
  });

  it('random models: flatten equals the naive flattening of the textual unrolling', () => {
    fc.assert(
      fc.property(demArb, (m) => {
        const f = flattenDem(m);
        assert.deepEqual(plain(f), plain(naiveFlat(unroll(m))));
        const c = countDem(m);
        assert.equal(c.numDetectors, f.numDetectors);
        assert.equal(c.numErrors, f.errors.length);
      }),
      { seed: 99, numRuns: 300 },
    );
  });
  it('random models without errors (declarations and shifts only): flatten equals the naive unrolling', () => {
    // The bodies with no error take the closed-form shortcuts of flattenDem (all repetitions at
    // once, or only the last one); this checks them against the plain textual unrolling.
    const dropErrors = (m: DetectorErrorModel): DetectorErrorModel =>
      new DetectorErrorModel(
        m.items
          .filter((it) => it.kind !== 'error')
          .map((it) => (it.kind === 'repeat' ? { ...it, body: dropErrors(it.body) } : it)),
      );
    fc.assert(
      fc.property(demArb, (m0) => {
        const m = dropErrors(m0);
        assert.deepEqual(plain(flattenDem(m)), plain(naiveFlat(unroll(m))));
      }),
      { seed: 7, numRuns: 400 },
    );
  });

  it('declaration-only repeat bodies do not loop once per repetition (10^12 repetitions)', () => {
    // Each would take hours if walked once per repetition.
    const same = flattenDem(parseDem('repeat 1000000000000 {\n    detector(1, 2) D0\n}\n'));
    assert.deepEqual(same.detectorCoords, [[1, 2]]);
    const moving = flattenDem(
      parseDem('repeat 1000000000000 {\n    shift_detectors(1) 0\n    detector(0, 5) D0\n}\n'),
    );
    assert.deepEqual(moving.detectorCoords, [[1e12, 5]]);
    const nested = flattenDem(parseDem(NESTED_DECLARATIONS));
    assert.deepEqual(nested.detectorCoords, [[1e12], [1e12, 2e12]]);
  });

  it('moves past a repeat block with nothing to record in one step, however many repetitions', () => {
    const f = flattenDem(
      parseDem('repeat 1099511627776 {\n    shift_detectors 0\n}\nerror(0.125) D0 L0\ndetector(1, 2) D0'),
    );
    assert.equal(f.numDetectors, 1);
    assert.deepEqual(
      f.errors.map((e) => [e.probability, e.detectors, e.observables]),
      [[0.125, [0], [0]]],
    );
    assert.deepEqual(f.detectorCoords, [[1, 2]]);
  });
});
