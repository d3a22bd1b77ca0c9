import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ParseError } from '../base/errors.js';
import { parseDem } from './dem-parser.js';
import { DetectorErrorModel } from './dem.js';

describe('parseDem: valid input', () => {
  it('parses every instruction kind with tags, comments and case-insensitive names', () => {
    const dem = parseDem(`# header comment
ERROR(0.125) D0 D1 L0 ^ D2   # trailing comment
error[my tag](0) 
Detector(1, -2.5, 3e-1) D5
detector[t] d6 D7
logical_observable L3
Logical_Observable[x] l1 L2
shift_detectors(0, 0, 1) 10
SHIFT_DETECTORS 2
REPEAT[r] 3 {
    repeat 0 {
        error(1) D0
    }
    error(0.5) D0
    shift_detectors 1
}
`);
    assert.deepEqual(
      dem,
      new DetectorErrorModel([
        {
          kind: 'error',
          probability: 0.125,
          components: [
            { detectors: [0, 1], observables: [0] },
            { detectors: [2], observables: [] },
          ],
          tag: '',
        },
        { kind: 'error', probability: 0, components: [{ detectors: [], observables: [] }], tag: 'my tag' },
        { kind: 'detector', coords: [1, -2.5, 0.3], detectors: [5], tag: '' },
        { kind: 'detector', coords: [], detectors: [6, 7], tag: 't' },
        { kind: 'logical_observable', observables: [3], tag: '' },
        { kind: 'logical_observable', observables: [1, 2], tag: 'x' },
        { kind: 'shift_detectors', coords: [0, 0, 1], shift: 10, tag: '' },
        { kind: 'shift_detectors', coords: [], shift: 2, tag: '' },
        {
          kind: 'repeat',
          repetitions: 3,
          tag: 'r',
          body: new DetectorErrorModel([
            {
              kind: 'repeat',
              repetitions: 0,
              tag: '',
              body: new DetectorErrorModel([
                { kind: 'error', probability: 1, components: [{ detectors: [0], observables: [] }], tag: '' },
              ]),
            },
            { kind: 'error', probability: 0.5, components: [{ detectors: [0], observables: [] }], tag: '' },
            { kind: 'shift_detectors', coords: [], shift: 1, tag: '' },
          ]),
        },
      ]),
    );
  });

  it('decodes tag escapes, accepts CRLF line ends, blank lines and an unterminated last line', () => {
    const dem = parseDem('error[a\\Cb\\Bc\\nd\\re](0.5) D0\r\n\r\n  \t\nerror(0.25) L1');
    assert.equal(dem.items.length, 2);
    assert.equal(dem.items[0].tag, 'a]b\\c\nd\re');
    assert.deepEqual(dem.items[1], {
      kind: 'error',
      probability: 0.25,
      components: [{ detectors: [], observables: [1] }],
      tag: '',
    });
  });

  it('parses an empty text and a comment-only text to an empty model', () => {
    assert.deepEqual(parseDem('').items, []);
    assert.deepEqual(parseDem('# nothing\n\n   # more\n').items, []);
  });

  it('keeps the order of targets within a component and duplicate ids as written', () => {
    const dem = parseDem('error(0.1) D3 D1 D3 L2 L0');
    assert.deepEqual(dem.items[0], {
      kind: 'error',
      probability: 0.1,
      components: [{ detectors: [3, 1, 3], observables: [2, 0] }],
      tag: '',
    });
  });

  it('reads numbers to the nearest double, in every form Stim writes', () => {
    // 0.1000000000000000055511151231257827 is the exact value of the double nearest 0.1, and
    // 0.00100000000000000002 rounds to the double 0.001; 2^-20 = 9.5367431640625e-07 exactly.
    const dem = parseDem(
      'error(0.1000000000000000055511151231257827) D0\nerror(0.00100000000000000002) D0\nerror(9.5367431640625e-07) D0\ndetector(-1e+2, .5, 7.) D0',
    );
    const prob = (i: number): number => (dem.items[i] as { probability: number }).probability;
    assert.equal(prob(0), 1 / 10);
    assert.equal(prob(1), 1 / 1000);
    assert.equal(prob(2), 2 ** -20);
    assert.deepEqual((dem.items[3] as { coords: readonly number[] }).coords, [-100, 0.5, 7]);
  });
});

describe('parseDem: ids', () => {
  it('reads ids of any length up to 2^53 - 1 exactly, leading zeros allowed', () => {
    const dem = parseDem('error(0.1) D007 D123456789012345 L0042\nshift_detectors 9007199254740991');
    const e = dem.items[0];
    assert.ok(e.kind === 'error');
    assert.deepEqual(e.components[0].detectors, [7, 123456789012345]);
    assert.deepEqual(e.components[0].observables, [42]);
    assert.equal((dem.items[1] as { shift: number }).shift, 9007199254740991);
  });
});

describe('parseDem: errors carry line and column', () => {
  const cases: [string, number, number, RegExp][] = [
    ['error(1.5) D0', 1, 7, /\[0, 1\]/],
    ['error(-0.1) D0', 1, 7, /\[0, 1\]/],
    ['error D0', 1, 1, /exactly 1 parenthesised argument/],
    ['error(0.1, 0.2) D0', 1, 6, /exactly 1 parenthesised argument/],
    ['error(0.1) ^ D0', 1, 12, /cannot start with the separator/],
    ['error(0.1) D0 ^', 1, 15, /cannot end with the separator/],
    ['error(0.1) D0 ^ ^ D1', 1, 17, /adjacent separators/],
    ['error(0.1) D0 5', 1, 15, /not the number 5/],
    ['error(0.1) X0', 1, 12, /unrecognised target 'X'/],
    ['error(0.1) D', 1, 13, /detector id/],
    ['error(0.1) D-1', 1, 13, /detector id/],
    ['error(0.1) D0D1', 1, 14, /separated by spaces/],
    ['error(0.1) L4294967296', 1, 13, /observable id after 'L' 4294967296 is too large/],
    ['error(0.1) d9007199254740992', 1, 13, /detector id after 'd' 9007199254740992 is too large/],
    ['error(0.1) l', 1, 13, /digits of the observable id after 'l'/],
    ['shift_detectors 90071992547409920', 1, 17, /detector shift 90071992547409920 is too large/],
    ['error(abc) D0', 1, 7, /not a number/],
    ['error(0.1 D0', 1, 11, /expected ',' or '\)'/],
    ['error(0.1', 1, 10, /unterminated argument list/],
    ['error[abc(0.1) D0', 1, 6, /unterminated tag/],
    ['error[a\\q](0.1) D0', 1, 8, /unknown escape/],
    ['error (0.1) D0', 1, 7, /unrecognised target '\('/],
    ['\n\n  errorx(0.1) D0', 3, 3, /unknown instruction 'errorx'/],
    ['detector(1, 2)', 1, 15, /needs a detector target/],
    ['detector(1) L0', 1, 13, /detector targets \(D#\), not L0/],
    ['detector(1) 5', 1, 13, /not 5/],
    ['logical_observable(1) L0', 1, 19, /no parenthesised arguments/],
    ['logical_observable D0', 1, 20, /observable targets \(L#\), not D0/],
    ['logical_observable', 1, 19, /needs an observable target/],
    ['shift_detectors(1)', 1, 19, /exactly one number target/],
    ['shift_detectors 1 2', 1, 19, /exactly one number target.*got '2'/],
    ['shift_detectors D1', 1, 17, /exactly one number target.*got 'D1'/],
    ['repeat {\n}', 1, 8, /repetition count/],
    ['repeat 5\nerror(0.1) D0', 1, 9, /expected '\{'/],
    ['repeat(2) 5 {\n}', 1, 7, /no parenthesised arguments/],
    ['repeat 5x {\n}', 1, 8, /whole number/],
    ['repeat 5 { error(0.1) D0\n}', 1, 12, /after '\{'/],
    ['error(0.1) D0\n}', 2, 1, /without a matching/],
    ['error(0.1) D0\n  repeat 2 {\n    error(0.1) D0\n', 2, 3, /never closed/],
    ['repeat 2 {\n} error(0.1) D0', 2, 3, /after '\}'/],
    ['error(0.1) D0 {', 1, 15, /only 'repeat n' opens a block/],
    ['error(0.1) D0 }', 1, 15, /line of its own/],
    ['{', 1, 1, /'\{' must follow/],
    ['5 D0', 1, 1, /expected an instruction name/],
  ];
  for (const [text, line, column, re] of cases) {
    it(`${JSON.stringify(text)} → ${line}:${column} ${re.source}`, () => {
      try {
        parseDem(text, 'x.dem');
        assert.fail('expected a ParseError');
      } catch (e) {
        assert.ok(e instanceof ParseError, String(e));
        assert.match(e.reason, re);
        assert.equal(e.source, 'x.dem');
        assert.deepEqual([e.line, e.column], [line, column], e.message);
        assert.ok(e.message.startsWith(`x.dem:${line}:${column}: `));
      }
    });
  }
});
