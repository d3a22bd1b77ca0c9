import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { groupCurves, Rng } from '../../src/index.js';
import {
  checkSweep,
  sweepCsv,
  sweptParam,
  FIRST_BATCH,
  MAX_BATCH,
  nextBatch,
  parseList,
  planSweep,
  recordBatch,
  sweepRecords,
  taskDone,
  type SweepSpec,
} from './sweep-model.js';

const SPEC: SweepSpec = {
  code: 'rotated-surface',
  task: 'memory-z',
  noise: 'uniform',
  noiseParams: {},
  distances: [3, 5],
  param: 'p',
  xs: [0.004, 0.008],
  rounds: { perD: 1 },
  decoder: 'mwpm',
  maxShots: 50_000,
  maxErrors: 100,
  seed: 9,
};

describe('sweep model', () => {
  it('plans distance-major tasks with rounds = d and the swept p in the noise parameters', () => {
    const t = planSweep(SPEC);
    assert.deepEqual(
      t.map((x) => [x.d, x.x, x.rounds, x.generator.noiseParams.p]),
      [
        [3, 0.004, 3, 0.004],
        [3, 0.008, 3, 0.008],
        [5, 0.004, 5, 0.004],
        [5, 0.008, 5, 0.008],
      ],
    );
    assert.equal(new Set(t.map((x) => x.seed)).size, 4);
    assert.deepEqual(
      planSweep({ ...SPEC, rounds: { fixed: 2 } }).map((x) => x.rounds),
      [2, 2, 2, 2],
    );
    assert.throws(() => planSweep({ ...SPEC, maxShots: 0 }), /max shots/);
  });

  it('hands out doubling batches within the shot budget, stops at the error budget, seeds are unique', () => {
    const tasks = planSweep(SPEC);
    const seeds = new Set<number>();
    const rng = new Rng(1);
    // Simulated workers: 3 in flight; the task at p = 0.008 d = 3 has a 1% error rate, others 0.
    const inflight = [];
    for (;;) {
      while (inflight.length < 3) {
        const o = nextBatch(tasks, SPEC);
        if (o === undefined) break;
        assert.ok(o.shots <= MAX_BATCH && o.shots >= 1);
        assert.ok(!seeds.has(o.seed));
        seeds.add(o.seed);
        inflight.push(o);
      }
      const o = inflight.shift();
      if (o === undefined) break;
      const rate = o.task === 1 ? 0.01 : 0;
      let errors = 0;
      for (let i = 0; i < o.shots; i++) if (rng.nextFloat() < rate) errors++;
      recordBatch(tasks, o, { shots: o.shots, errors, seconds: 0.01 });
    }
    for (const t of tasks) {
      assert.ok(taskDone(t, SPEC));
      assert.equal(t.inflight, 0);
      assert.ok(t.shots <= SPEC.maxShots);
    }
    assert.equal(tasks[0].shots, SPEC.maxShots, 'no errors: runs to the shot budget');
    assert.ok(tasks[1].errors >= SPEC.maxErrors && tasks[1].shots < SPEC.maxShots, 'stopped by errors');
    // At most two batches in flight past the error budget (3 in flight at a time).
    assert.ok(tasks[1].errors < SPEC.maxErrors + 2 * MAX_BATCH * 0.05);
    assert.equal(FIRST_BATCH * 2 ** 5, MAX_BATCH);
  });

  it('records group into one curve family per the CLI analysis, with a point per (d, p)', () => {
    const tasks = planSweep(SPEC);
    tasks.forEach((t, i) => {
      t.shots = 1000;
      t.errors = [20, 80, 5, 300][i]; // per round: d=3 0.0067, 0.028; d=5 0.001, 0.08
    });
    const groups = groupCurves(sweepRecords(tasks, 'mwpm'), new Rng(1));
    assert.equal(groups.length, 1);
    assert.equal(groups[0].points.length, 4);
    assert.deepEqual([...new Set(groups[0].points.map((p) => p.d))], [3, 5]);
    assert.ok(groups[0].threshold !== undefined, 'the d = 5 curve crosses d = 3 between the two p');
    assert.deepEqual(parseList('3, 5 7;9', 'd'), [3, 5, 7, 9]);
    assert.throws(() => parseList('3, x', 'distances'), /distances: 'x' is not a number/);
  });

  it('checks every point before running, naming the field; CSV has a row per point', () => {
    assert.throws(
      () => checkSweep(planSweep({ ...SPEC, distances: [3, 4] })),
      /distances: d = 4 of 'rotated-surface' must be an odd integer/,
    );
    assert.throws(() => checkSweep(planSweep({ ...SPEC, xs: [0.01, 1.5] })), /'p' = 1.5 is outside \[0, 1\]/);
    assert.throws(
      () => checkSweep(planSweep({ ...SPEC, rounds: { fixed: 0 } })),
      /rounds: must be an integer ≥ 1/,
    );
    checkSweep(planSweep(SPEC));
    const tasks = planSweep(SPEC);
    tasks[1].shots = 1000;
    tasks[1].errors = 30;
    const rows = sweepCsv(tasks, SPEC).trim().split('\n');
    assert.equal(rows.length, 5);
    assert.match(rows[0], /^d,p,rounds,shots,errors,/);
    const r = rows[2].split(',').map(Number);
    assert.deepEqual(r.slice(0, 5), [3, 0.008, 3, 1000, 30]);
    assert.equal(r[6], 0.03);
    // per round: (1 - (1 - 2·0.03)^(1/3)) / 2
    assert.ok(Math.abs(r[7] - (1 - Math.cbrt(1 - 0.06)) / 2) < 1e-12);
    assert.equal(sweptParam('cat'), 'nbar');
    assert.equal(sweptParam('si1000'), 'p');
    const cat = planSweep({ ...SPEC, noise: 'cat', param: 'nbar', xs: [4, 8], noiseParams: { k1k2: 1e-3 } });
    assert.deepEqual(cat[1].generator.noiseParams, { k1k2: 1e-3, nbar: 8 });
  });
});
