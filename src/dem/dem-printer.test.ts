import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDem } from './dem-parser.js';
import { formatDoubleG, printDem } from './dem-printer.js';
import { demArb } from './dem-arbitrary.test.js';
import { DetectorErrorModel } from './dem.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEMS = path.resolve(repoRoot, '../shared/vectors/dems');

describe('printDem on the Stim-produced DEMs (../shared/vectors/dems)', () => {
  const files = readdirSync(DEMS).filter((f) => f.endsWith('.dem'));
  it('finds the vectors', () => assert.ok(files.length >= 10));
  for (const f of files) {
    it(`${f}: printDem(parseDem(text)) === text`, () => {
      const text = readFileSync(path.join(DEMS, f), 'utf8');
      assert.equal(printDem(parseDem(text, f)), text);
    });
  }
});

describe('formatDoubleG (C printf %.Ng)', () => {
  it('matches values printed by glibc printf', () => {
    // Expected strings from `printf '%.19g'` / `printf '%.Ng'` (glibc, exact value, ties to even).
    const cases: [number, number, string][] = [
      [0.1, 19, '0.1000000000000000056'],
      [0.125, 19, '0.125'],
      [6.669779853440971351e-5, 19, '6.669779853440971351e-05'],
      [0.00193118273431066201, 19, '0.00193118273431066201'],
      [1e19, 19, '1e+19'],
      [1e18, 19, '1000000000000000000'],
      [1e-5, 19, '1.000000000000000082e-05'],
      [0.0001, 19, '0.0001000000000000000048'],
      [-3, 19, '-3'],
      [5e-324, 19, '4.940656458412465442e-324'],
      [0.5, 19, '0.5'],
      [2.5, 1, '2'],
      [3.5, 1, '4'],
      [0.125, 2, '0.12'],
      [0.375, 2, '0.38'],
      [1.25, 2, '1.2'],
      [123456, 6, '123456'],
      [1234567, 6, '1.23457e+06'],
      [0, 19, '0'],
      [-0, 19, '-0'],
    ];
    for (const [x, p, s] of cases) assert.equal(formatDoubleG(x, p), s, `${x} at ${p}`);
  });

  it('19 significant digits always parse back to the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        assert.ok(Object.is(Number(formatDoubleG(x)), x));
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});

describe('printDem / parseDem round trip on random models', () => {
  it('parseDem(printDem(m)) equals m and printing is a fixed point', () => {
    fc.assert(
      fc.property(demArb, (m) => {
        const text = printDem(m);
        const back = parseDem(text);
        assert.deepEqual(back, m);
        assert.equal(printDem(back), text);
      }),
      { seed: 20261125, numRuns: 400 },
    );
  });

  it("'shortest' numbers also round-trip exactly", () => {
    fc.assert(
      fc.property(demArb, (m) => {
        assert.deepEqual(parseDem(printDem(m, { numbers: 'shortest' })), m);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('prints the canonical form of a small model', () => {
    const m = parseDem(`ERROR[t]( 0.25 ) D2 L0 ^ D1
detector( 1 , 2 ) D0
REPEAT 2 {
  repeat[in] 3 {
    shift_detectors(0, 1) 1
  }
  logical_observable L1
}
`);
    assert.equal(
      printDem(m),
      `error[t](0.25) D2 L0 ^ D1
detector(1, 2) D0
repeat 2 {
    repeat[in] 3 {
        shift_detectors(0, 1) 1
    }
    logical_observable L1
}
`,
    );
    assert.equal(printDem(new DetectorErrorModel()), '');
  });
});
