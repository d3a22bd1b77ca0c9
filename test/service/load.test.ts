/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- JSON answers are checked field by field by the assertions */
// A bounded load test: 50 clients submitting and polling at once for a few seconds against a real
// server on loopback. Asserts correctness under load (no 5xx, every study done with its exact
// shots), not speed; bench/service-load.bench.ts runs the same load for 20 s and prints rates.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestService, call, type TestService } from './helpers.js';
import { quantile, runLoad } from './load-driver.js';

describe('qec serve under load', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService({ workers: 2, limits: { activeStudiesPerUser: 50 } });
  });
  after(() => t.stop());

  it('50 concurrent clients for 3 s: every answer 2xx, every study done with its exact shots', async () => {
    const tokens = ['u1', 'u2', 'u3', 'u4', 'u5'].map((n) => t.service.store.createToken(n).token);
    const r = await runLoad(t.url, tokens, 50, 3);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      Object.keys(r.statuses).sort(),
      ['200', '201'],
      `statuses: ${JSON.stringify(r.statuses)}`,
    );
    assert.ok(r.studiesDone >= 50, `only ${r.studiesDone} studies finished`);
    assert.ok(r.pollMs.length > 0 && Number.isFinite(quantile(r.pollMs, 0.99)));
    // Fairness: every user's studies ran.
    for (const token of tokens) {
      const list = await call(t.url, 'GET', '/api/v1/studies?limit=1000', { token });
      assert.ok(list.body.studies.some((s: { status: string }) => s.status === 'done'));
    }
  });
});
