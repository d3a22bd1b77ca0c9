import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../main.js';
import { MemoryIO } from '../io.js';

describe('qec rare-event', () => {
  it('repetition code, code capacity: the rate at p = 1e-3 (≈ 3.5e-11 per shot) is the exact majority-vote rate within its interval', async () => {
    const io = new MemoryIO({});
    const code = await main(
      [
        'rare-event',
        '--code',
        'repetition',
        '--distance',
        '7',
        '--rounds',
        '1',
        '--noise',
        'code-capacity-x',
        '--p',
        '1e-3',
        '--p-start',
        '0.3',
        '--rungs',
        '10',
        '--steps',
        '20000',
        '--seed',
        '4',
      ],
      io,
    );
    assert.equal(code, 0, io.err);
    const rows = io.out.split('\n').filter((l) => /^\d/.test(l));
    assert.equal(rows.length, 10);
    const [p, rate, low, high] = rows[rows.length - 1].split(',').map(Number);
    assert.equal(p, 1e-3);
    // Majority vote fails when ≥ 4 of 7 bits flip: Σ_{k≥4} C(7,k) p^k (1−p)^(7−k).
    let exact = 0;
    const c7 = [1, 7, 21, 35, 35, 21, 7, 1];
    for (let k = 4; k <= 7; k++) exact += c7[k] * p ** k * (1 - p) ** (7 - k);
    assert.ok(low <= exact && exact <= high, `[${low}, ${high}] vs exact ${exact}`);
    assert.ok(rate > exact / 2 && rate < 2 * exact, `${rate} vs exact ${exact}`);
  });

  it('refuses a ladder that does not go down, in one line (exit 1)', async () => {
    const io = new MemoryIO({});
    const code = await main(
      [
        'rare-event',
        '--code',
        'repetition',
        '--distance',
        '3',
        '--noise',
        'uniform',
        '--p',
        '0.2',
        '--p-start',
        '0.01',
      ],
      io,
    );
    assert.equal(code, 1);
    assert.equal(io.err.trim().split('\n').length, 1, io.err);
    assert.match(io.err, /ladder/);
  });
});
