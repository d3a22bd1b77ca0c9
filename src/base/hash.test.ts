import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, sha256Hex } from './hash.js';

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(
      sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });
  it("agrees with Node's crypto on random inputs of every length around block boundaries", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), (bytes) => {
        assert.equal(sha256Hex(bytes), createHash('sha256').update(bytes).digest('hex'));
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys and is insensitive to insertion order', () => {
    assert.equal(
      canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }], u: undefined }),
      '{"a":[1,{"c":3,"d":2}],"b":1}',
    );
    assert.equal(canonicalJson({ x: Infinity }), '{"x":"Infinity"}');
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string().filter((k) => k !== '__proto__'),
          fc.integer(),
        ),
        (obj) => {
          const reversed = Object.fromEntries(Object.entries(obj).reverse());
          assert.equal(canonicalJson(obj), canonicalJson(reversed));
          assert.deepEqual(JSON.parse(canonicalJson(obj)), { ...obj });
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});
