import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RadixQueue } from './radix-queue.js';

/** Runs a program of pushes (time offsets from now) and pops against a sorted-list model. */
function runAgainstModel(
  q: RadixQueue,
  ops: readonly { push: boolean; offset: number }[],
  start: number,
): void {
  let model: { time: number; value: number }[] = [];
  let now = start;
  let value = 0;
  for (const op of ops) {
    if (op.push) {
      q.push(now + op.offset, value);
      model.push({ time: now + op.offset, value: value++ });
      continue;
    }
    const t = q.popBatch();
    if (model.length === 0) {
      assert.equal(t, -1);
      assert.equal(q.batchSize, 0);
      continue;
    }
    const min = Math.min(...model.map((e) => e.time));
    assert.equal(t, min);
    assert.equal(q.now, min);
    now = min;
    const expected = model.filter((e) => e.time === min).map((e) => e.value);
    model = model.filter((e) => e.time !== min);
    assert.deepEqual(
      Array.from(q.batch.subarray(0, q.batchSize)).sort((a, b) => a - b),
      expected.sort((a, b) => a - b),
    );
    assert.equal(q.size, model.length);
  }
}

describe('RadixQueue', () => {
  it('pops batches of equal minimum times in order, like a sorted list (random programs)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            push: fc.boolean(),
            offset: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 70000 })),
          }),
          { maxLength: 300 },
        ),
        (ops) => runAgainstModel(new RadixQueue(2), ops, 0),
      ),
      { seed: 3, numRuns: 300 },
    );
  });

  it('rebases past 2^30 and keeps working; clear resets it; rejects a time 2^31 ahead', () => {
    const q = new RadixQueue(1);
    const ops = Array.from({ length: 200 }, (_, i) => ({ push: i % 3 !== 2, offset: (i * 7919) % 65536 }));
    runAgainstModel(q, [{ push: true, offset: 2 ** 30 - 5 }, { push: false, offset: 0 }, ...ops], 0);
    assert.ok(q.now > 2 ** 30);
    q.clear();
    assert.equal(q.now, 0);
    assert.equal(q.size, 0);
    runAgainstModel(q, ops, 0);
    q.clear();
    assert.throws(() => q.push(2 ** 32, 1), /more than 2\^31 after now/);
  });
});
