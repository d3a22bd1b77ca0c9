import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../base/prng.js';
import { bellGhzDemo } from './demo.js';

describe('bellGhzDemo', () => {
  it('shows Bell amplitudes, a 1-bit entropy and a collapsed GHZ state consistent with the outcome', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 12; seed++) {
      const lines = bellGhzDemo(new Rng(seed));
      const text = lines.join('\n');
      assert.match(text, /\|00> {2}amplitude 0\.7071/);
      assert.match(text, /\|11> {2}amplitude 0\.7071/);
      assert.match(text, /entanglement entropy of qubit 0: 1 bit/);
      const m = /outcome (\d); the state collapses to\n\s+\|(\d{3})> {2}amplitude 1 /.exec(text);
      assert.ok(m !== null, text);
      assert.equal(m[2], m[1].repeat(3));
      assert.match(text, /entropy of qubit 2 now: 0 bit/);
      seen.add(m[1]);
    }
    assert.deepEqual([...seen].sort(), ['0', '1']);
  });
});
