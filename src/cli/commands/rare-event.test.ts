import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../main.js';
import { MemoryIO } from '../io.js';

/** The 7-bit repetition code at code capacity, from p = 0.3 down to 1e-3 in 10 rungs, seed 4. */
function repetitionArgs(steps: string): string[] {
  return [
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
    steps,
    '--seed',
    '4',
  ];
}

describe('qec rare-event', () => {
  it('repetition code, code capacity: the rate at p = 1e-3 (≈ 3.5e-11 per shot) is the exact majority-vote rate within its interval', async () => {
    const io = new MemoryIO({});
    const code = await main(repetitionArgs('20000'), io);
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

  it('--lanes 4 --tempering: a column per lane, the rate their geometric mean, the exact rate within the interval; --lanes 3 alone is refused (exit 2)', async () => {
    const args = (...more: string[]) => [...repetitionArgs('4000'), '--workers', '0', ...more];
    const io = new MemoryIO({});
    assert.equal(await main(args('--lanes', '4', '--tempering'), io), 0, io.err);
    const lines = io.out.split('\n');
    assert.equal(lines.filter((l) => /^# lane \d (down|up): swaps/.test(l)).length, 4);
    const header = lines.find((l) => l.startsWith('p,')) ?? '';
    assert.match(header, /,lane0_per_shot,lane1_per_shot,lane2_per_shot,lane3_per_shot,spread_r$/);
    const last = lines.filter((l) => /^\d/.test(l)).pop() ?? '';
    const cols = last.split(',').map(Number);
    const [p, rate, low, high] = cols;
    const lanes = cols.slice(12, 16);
    const geo = Math.exp(lanes.reduce((a, x) => a + Math.log(x), 0) / 4);
    // Printed to 4 significant digits.
    assert.ok(Math.abs(rate / geo - 1) < 2e-3, `${rate} vs ${geo}`);
    let exact = 0;
    const c7 = [1, 7, 21, 35, 35, 21, 7, 1];
    for (let k = 4; k <= 7; k++) exact += c7[k] * p ** k * (1 - p) ** (7 - k);
    assert.ok(low <= exact && exact <= high, `[${low}, ${high}] vs exact ${exact}`);
    assert.ok(high / low < 4, `[${low}, ${high}]`);
    const refused = new MemoryIO({});
    assert.equal(await main(args('--lanes', '3'), refused), 2);
    assert.equal(refused.err.trim().split('\n').length, 1, refused.err);
    assert.match(refused.err, /--lanes 3 needs --tempering/);
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
