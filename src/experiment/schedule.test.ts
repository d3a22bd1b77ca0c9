import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../base/prng.js';
import {
  BatchScheduler,
  batchSeed,
  batchShots,
  firstFreeBatch,
  UNRECORDED_INDEX_BOUND,
  type FinishedBatch,
  type ScheduledBatch,
  type TaskStart,
} from './schedule.js';
import { EMPTY_STATS } from './stats.js';

const id = (k: number): string => k.toString(16).padStart(2, '0').repeat(32);

/** A fake batch outcome that depends only on (task, batch index): a pure stand-in for sampling. */
function outcome(b: ScheduledBatch): FinishedBatch {
  const rng = new Rng(b.seed);
  let errors = 0;
  for (let s = 0; s < Math.min(b.shots, 64); s++) if (rng.nextFloat() < 0.3) errors++;
  return { strongId: b.strongId, batch: b.batch, shots: b.shots, errors, discards: 0, seconds: 0 };
}

/**
 * Runs a schedule with `workers` simulated workers; `pick` chooses which running batch finishes
 * next. Returns the counted batches per task in order and the final stats.
 */
function simulate(starts: TaskStart[], workers: number, pick: (n: number) => number) {
  const s = new BatchScheduler(
    starts,
    { maxShots: 5000, maxErrors: 40 },
    { maxBatchShots: 1024, maxOutstanding: 6 },
  );
  const running: ScheduledBatch[] = [];
  const counted: string[] = [];
  for (let guard = 0; guard < 100000 && !s.finished; guard++) {
    while (running.length < workers) {
      const b = s.next();
      if (b === undefined) break;
      running.push(b);
    }
    assert.ok(running.length > 0, 'a stalled schedule');
    const [b] = running.splice(pick(running.length), 1);
    for (const c of s.finish(outcome(b)))
      counted.push(`${c.strongId.slice(0, 2)}:${c.batch}:${c.shots}:${c.errors}`);
  }
  return { counted, stats: starts.map((t) => s.stats(t.strongId)) };
}

describe('batch schedule (pure)', () => {
  it('batch sizes double from 256 up to the cap', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 8, 9, 40].map((k) => batchShots(k, 65536)),
      [256, 512, 1024, 2048, 65536, 65536, 65536],
    );
    assert.equal(batchShots(2, 300), 300);
  });

  it('batch seeds are distinct for distinct batch indices of a task (2^32 indices: sampled)', () => {
    const seen = new Set<number>();
    const t = id(7);
    for (let b = 0; b < 200000; b++) seen.add(batchSeed(t, b));
    for (let b = UNRECORDED_INDEX_BOUND; b < UNRECORDED_INDEX_BOUND + 100000; b++) seen.add(batchSeed(t, b));
    assert.equal(seen.size, 300000);
    assert.throws(() => batchSeed(t, 2 ** 32), /batch index must be an integer in \[0, 2\^32\)/);
  });

  it('new work starts after recorded indices, and past 2^31 when rows have none', () => {
    assert.equal(firstFreeBatch(undefined, 0), 0);
    assert.equal(firstFreeBatch(41, 0), 42);
    assert.equal(firstFreeBatch(undefined, 3), UNRECORDED_INDEX_BOUND);
    assert.equal(firstFreeBatch(UNRECORDED_INDEX_BOUND + 5, 3), UNRECORDED_INDEX_BOUND + 6);
  });

  it('counts do not depend on the number of workers or on the order batches finish in', () => {
    const starts: TaskStart[] = [
      { strongId: id(1), previous: EMPTY_STATS, firstBatch: 0 },
      { strongId: id(2), previous: { shots: 1000, errors: 5, discards: 0, seconds: 1 }, firstBatch: 17 },
      { strongId: id(3), previous: EMPTY_STATS, firstBatch: UNRECORDED_INDEX_BOUND },
    ];
    const reference = simulate(starts, 1, () => 0);
    // Every task stops by its rule: 40 errors or exactly 5000 shots.
    for (const st of reference.stats) assert.ok(st.errors >= 40 || st.shots === 5000, JSON.stringify(st));
    assert.ok(
      reference.stats.some((st) => st.shots === 5000) || reference.stats.some((st) => st.errors >= 40),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer(), (workers, seed) => {
        const rng = new Rng(seed >>> 0);
        const r = simulate(starts, workers, (n) => rng.nextInt(n));
        assert.deepEqual(r.stats, reference.stats);
        assert.deepEqual([...r.counted].sort(), [...reference.counted].sort());
      }),
      { numRuns: 40, seed: 13 },
    );
  });

  it('refuses results it did not hand out', () => {
    const s = new BatchScheduler([{ strongId: id(1), previous: EMPTY_STATS, firstBatch: 0 }], {
      maxShots: 100,
      maxErrors: 10,
    });
    const b = s.next();
    assert.deepEqual(b && { ...b, seed: 0 }, { strongId: id(1), batch: 0, shots: 100, seed: 0 });
    assert.equal(s.next(), undefined, 'max shots planned');
    assert.throws(
      () => s.finish({ strongId: id(1), batch: 3, shots: 1, errors: 0, discards: 0, seconds: 0 }),
      /unexpected result for batch 3/,
    );
  });

  it('a run starting at batch k with sizeStep k plans what an uninterrupted run plans from k on', () => {
    const rule = { maxShots: 20_000, maxErrors: 1e9 };
    const whole = new BatchScheduler([{ strongId: id(4), previous: EMPTY_STATS, firstBatch: 0 }], rule);
    const plan: ScheduledBatch[] = [];
    for (let b = whole.next(); b !== undefined; b = whole.next()) plan.push(b);
    assert.deepEqual(
      plan.map((b) => b.shots),
      [256, 512, 1024, 2048, 4096, 8192, 3872],
    );
    const counted = plan.slice(0, 3).map(outcome);
    const previous = {
      shots: 1792,
      errors: counted.reduce((a, c) => a + c.errors, 0),
      discards: 0,
      seconds: 0,
    };
    const rest = new BatchScheduler([{ strongId: id(4), previous, firstBatch: 3, sizeStep: 3 }], rule);
    const tail: ScheduledBatch[] = [];
    for (let b = rest.next(); b !== undefined; b = rest.next()) tail.push(b);
    assert.deepEqual(tail, plan.slice(3));
    // Without sizeStep a run starts again at 256 shots (qec collect resuming a results file).
    const fresh = new BatchScheduler([{ strongId: id(4), previous, firstBatch: 3 }], rule);
    assert.equal(fresh.next()?.shots, 256);
  });

  it("nextOf gives one task's next batch without moving the turn; abandon stops a task for good", () => {
    const s = new BatchScheduler(
      [1, 2].map((k) => ({ strongId: id(k), previous: EMPTY_STATS, firstBatch: 0 })),
      { maxShots: 1e6, maxErrors: 1e9 },
      { maxOutstanding: Number.POSITIVE_INFINITY },
    );
    assert.equal(s.next()?.strongId, id(1));
    assert.deepEqual(
      [s.nextOf(id(1)), s.nextOf(id(1))].map((b) => [b?.batch, b?.shots]),
      [
        [1, 512],
        [2, 1024],
      ],
    );
    assert.equal(s.next()?.strongId, id(2), 'the turn is still task 2');
    assert.equal(s.nextOf(id(9)), undefined);
    // Task 1's batch 1 finishes first: it waits for batch 0; then task 1 fails.
    assert.deepEqual(
      s.finish(outcome({ strongId: id(1), batch: 1, shots: 512, seed: batchSeed(id(1), 1) })),
      [],
    );
    assert.equal(s.inFlightShots(id(1)), 256 + 512 + 1024);
    s.abandon(id(1));
    assert.ok(s.isTaskDone(id(1)));
    assert.equal(s.inFlightShots(id(1)), 0);
    assert.equal(s.nextOf(id(1)), undefined);
    assert.deepEqual(
      s.finish(outcome({ strongId: id(1), batch: 0, shots: 256, seed: batchSeed(id(1), 0) })),
      [],
    );
    assert.deepEqual(s.stats(id(1)), EMPTY_STATS, 'nothing of a failed task counts after it failed');
    assert.equal(s.next()?.strongId, id(2), 'only task 2 gets batches');
    assert.equal(s.next()?.strongId, id(2));
  });
});
