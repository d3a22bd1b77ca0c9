import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LimitError, ParseError } from '../base/errors.js';
import { demArb } from './dem-arbitrary.test.js';
import { parseDem } from './dem-parser.js';
import { printDem } from './dem-printer.js';
import type { FlatDem } from './dem.js';
import { flattenDem, type FlattenOptions } from './flatten.js';
import { NESTED_DECLARATIONS } from './flatten.test.js';
import { PackedFlatDem } from './packed-dem.js';
import { parseFlatDem } from './parse-flat-dem.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEMS = path.resolve(repoRoot, '../shared/vectors/dems');

/** The existing semantics: the object parser, then flattenDem; or the error it throws. */
function reference(text: string, options: FlattenOptions = {}): FlatDem | Error {
  try {
    return flattenDem(parseDem(text, 'm.dem'), options);
  } catch (e) {
    return e as Error;
  }
}

function fast(text: string, options: FlattenOptions = {}): FlatDem | Error {
  try {
    return parseFlatDem(text, 'm.dem', options);
  } catch (e) {
    return e as Error;
  }
}

/** Plain view of a flat DEM (so a class instance compares equal to an object). */
const plainFlat = (f: FlatDem) => ({
  numDetectors: f.numDetectors,
  numObservables: f.numObservables,
  errors: f.errors,
  detectorCoords: f.detectorCoords,
});

/** Asserts the fast path gives the reference's model or the same error (class and message). */
function assertSame(text: string, options: FlattenOptions = {}): FlatDem | Error {
  const want = reference(text, options);
  const got = fast(text, options);
  if (want instanceof Error) {
    assert.ok(got instanceof Error, `expected ${want.message} for ${JSON.stringify(text)}`);
    assert.equal(got.constructor, want.constructor);
    assert.equal(got.message, want.message);
  } else {
    if (got instanceof Error) assert.fail(`unexpected ${got.message} for ${JSON.stringify(text)}`);
    assert.deepStrictEqual(plainFlat(got), plainFlat(want));
  }
  return got;
}

describe('parseFlatDem equals flattenDem(parseDem(text))', () => {
  it('on the Stim-produced DEMs of ../shared/vectors/dems, through the packed fast path', () => {
    const files = readdirSync(DEMS).filter((f) => f.endsWith('.dem'));
    assert.ok(files.length >= 10);
    for (const f of files) {
      const got = assertSame(readFileSync(path.join(DEMS, f), 'utf8'));
      assert.ok(got instanceof PackedFlatDem, f);
    }
  });

  it('on random models (repeat blocks, shifts, declarations, separators, tags) printed as text', () => {
    let packed = 0;
    let runs = 0;
    fc.assert(
      fc.property(demArb, (dem) => {
        runs++;
        if (assertSame(printDem(dem)) instanceof PackedFlatDem) packed++;
      }),
      { numRuns: 400, seed: 11 },
    );
    // (models with a detector id beyond 2^31 - 1 after shifts would leave it; demArb has none)
    assert.equal(packed, runs, `${packed} of ${runs} took the fast path`);
  });

  it('on hand-written models: case, blanks, comments, CRLF, nested repeats, coordinate shifts', () => {
    const texts = [
      '',
      '\n\n# only a comment\n',
      'ERROR(0.1) d0 l1 ^ D2\r\nDetector(1, 2.5, -3) D0 D2 # c\r\n',
      'error[tag](1e-3) D0 D1 ^ D1 D2 L0\nlogical_observable L3\n',
      'error(0.25)\terror_free_tail\n',
      'shift_detectors(0, 0, 1) 2\ndetector(1, 1) D0\nrepeat 3 {\n  error(0.1) D0 D2\n  shift_detectors(0, 1) 2\n  detector(0, 0, 0, 7) D1\n}\n',
      'repeat 2 {\n repeat 2 {\n  error(0.2) D0 L0\n  shift_detectors 1\n }\n shift_detectors(5) 3\n}\ndetector D0\n',
      'repeat 0 {\n error(0.5) D100\n}\nerror(0.5) D0\n',
      'repeat 1099511627776 {\n shift_detectors 1\n}\n',
      'error(0) D5 D5\nerror(1) L0 L0 ^ D1\nerror(.5) D3 ^ D3\nerror(+1.e-0) D0\nerror(-0) D1\n',
      'repeat 2{\n error(0.1) D0\n}',
      'detector(1e308) D0\nshift_detectors(1e308) 0\ndetector D1\n',
      // Declaration-only bodies, 10^12 repetitions: closed forms, not one walk per repetition.
      'repeat 1000000000000 {\n    detector(1, 2) D0\n}\n',
      'repeat 1000000000000 {\n    shift_detectors(1) 0\n    detector(0, 5) D0\n}\n',
      'repeat 1000000000000 {\n    shift_detectors(0.5) 1\n}\ndetector(1) D0\n',
      NESTED_DECLARATIONS,
    ];
    for (const t of texts) assertSame(t);
    assert.ok(parseFlatDem(texts[5]) instanceof PackedFlatDem);
  });

  it('on malformed models: the same error, file:line:col and message', () => {
    const bad = [
      'error(0.1) D0 ^',
      'error(0.1) ^ D0',
      'error(0.1) D0 ^ ^ D1',
      'error(1.5) D0',
      'error(0.1, 0.2) D0',
      'error D0',
      'error(0.1) 5',
      'error(0.1)D0',
      'error(0.1) D0L1',
      'error(0.1) D',
      'error(0.1) D0 {',
      'error(0.1) D0 }',
      'error(0.1) X0',
      'error() D0',
      'error(0.1 D0',
      'error(1..0) D0',
      'error(1e) D0',
      'error(1e999) D0',
      'error[open(0.1) D0',
      'error[a\\x](0.1) D0',
      'detector L0',
      'detector',
      'logical_observable(1) L0',
      'logical_observable D0',
      'shift_detectors',
      'shift_detectors 1 2',
      'shift_detectors D1',
      'repeat {\n}',
      'repeat 3\n{\n}',
      'repeat(2) 3 {\n}',
      'repeat 3 { error(0.1) D0\n}',
      'repeat 3 {\nerror(0.1) D0\n',
      '}',
      'repeat 2 {\n} x',
      'errors(0.1) D0',
      '{',
      '_error(0.1) D0',
      'error(0.1) D99999999999',
      'error(0.1) L4294967296',
      'repeat 99999999999999999 {\n}',
    ];
    for (const t of bad) {
      const e = assertSame(`# header\nerror(0.1) D0\n  ${t}\n`);
      assert.ok(e instanceof Error, t);
    }
  });

  it('on random edits of random models (malformed and well-formed alike)', () => {
    const alphabet = fc.constantFrom(
      ...' \n\t\r#[](){}^,.-+eE0123456789DdLl\\Cx'.split(''),
      'error',
      'repeat 2 {',
      '}\n',
    );
    const edit = fc.record({
      at: fc.nat(),
      del: fc.nat({ max: 3 }),
      ins: fc.array(alphabet, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(demArb, fc.array(edit, { minLength: 1, maxLength: 3 }), (dem, edits) => {
        let text = printDem(dem);
        for (const e of edits) {
          const at = text.length === 0 ? 0 : e.at % (text.length + 1);
          text = text.slice(0, at) + e.ins.join('') + text.slice(at + e.del);
        }
        assertSame(text);
      }),
      { numRuns: 600, seed: 12 },
    );
  });

  it('applies the limits of flattenDem (same LimitError)', () => {
    const text = 'repeat 1000 {\n error(0.1) D0 D1\n shift_detectors 1\n}\n';
    assert.ok(assertSame(text, { maxErrors: 999 }) instanceof LimitError);
    assert.ok(assertSame(text, { maxDetectors: 1000 }) instanceof LimitError);
    assert.ok(assertSame(text, { maxErrors: 1000, maxDetectors: 1001 }) instanceof PackedFlatDem);
  });

  it('names the file, line and column of a syntax error', () => {
    const e = fast('error(0.1) D0\nerror(0.1) D0 ^\n');
    assert.ok(e instanceof ParseError);
    assert.match(e.message.split('\n')[0], /^m\.dem:2:15: /);
  });
});

describe('PackedFlatDem', () => {
  it('keeps components as written and XORs them into each error', () => {
    const f = parseFlatDem('shift_detectors 10\nerror(0.125) D2 D1 L0 ^ D1 D3 L0 L2\nerror(0.5) D0 D1\n');
    assert.ok(f instanceof PackedFlatDem);
    assert.equal(f.numErrors, 2);
    assert.deepStrictEqual(Array.from(f.dets), [12, 11, 11, 13, 10, 11]);
    assert.deepStrictEqual(Array.from(f.compStart), [0, 2, 3]);
    assert.deepStrictEqual(f.errors[0], {
      probability: 0.125,
      detectors: [12, 13],
      observables: [2],
      components: [
        { detectors: [12, 11], observables: [0] },
        { detectors: [11, 13], observables: [0, 2] },
      ],
    });
    assert.deepStrictEqual(f.errors[1].detectors, [10, 11]);
    assert.equal(f.errors, f.errors); // built once
    // Copies carry the errors (an own enumerable accessor), as custom decoders may copy a model.
    assert.deepStrictEqual({ ...f }.errors, f.errors);
    assert.deepStrictEqual(structuredClone(f).errors, f.errors);
  });
});
