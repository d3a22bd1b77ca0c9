import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { jsonErrorAt } from './json-locate.js';

describe('jsonErrorAt', () => {
  it('accepts every JSON.stringify output', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, pretty) => {
        assert.equal(jsonErrorAt(JSON.stringify(v, null, pretty ? 2 : undefined)), undefined);
      }),
    );
  });

  it('agrees with JSON.parse on whether a text is valid', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.nat(),
        fc.constantFrom('', '}', ']', ',', '"', ':', 'x', '\n', '-', '0'),
        (v, at, junk) => {
          const s = JSON.stringify(v);
          const k = at % (s.length + 1);
          const text = s.slice(0, k) + junk + s.slice(k);
          let ok = true;
          try {
            JSON.parse(text);
          } catch {
            ok = false;
          }
          assert.equal(jsonErrorAt(text) === undefined, ok, text);
        },
      ),
    );
  });

  it('points at the first character that cannot continue the document', () => {
    assert.deepEqual(jsonErrorAt('{"a": [1, }'), { offset: 10, expected: 'a value' });
    assert.deepEqual(jsonErrorAt('{"a" 1}'), { offset: 5, expected: "':'" });
    assert.deepEqual(jsonErrorAt('{a: 1}'), { offset: 1, expected: 'a key in double quotes' });
    assert.deepEqual(jsonErrorAt('[1, 2'), { offset: 5, expected: "',' or ']'" });
    assert.deepEqual(jsonErrorAt('[1] 2'), { offset: 4, expected: 'the end of the document' });
    assert.deepEqual(jsonErrorAt('"ab'), { offset: 3, expected: 'a closing "' });
    assert.equal(jsonErrorAt('01')?.offset, 1);
    assert.notEqual(jsonErrorAt('['.repeat(200_000)), undefined, 'deep nesting answers, never throws');
  });
});
