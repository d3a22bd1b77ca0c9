import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BitTable } from '../mem/bit-table.js';
import type { CompiledDecoder } from './decoder.js';
import { timeDecodeBatch } from './decoder-bench-support.js';

/** A decoder predicting observable 0 = detector 0 that advances a fake clock by 2 ms per shot. */
function fakeDecoder(clock: { t: number; shots: number[] }): CompiledDecoder {
  return {
    numDetectors: 1,
    numObservables: 1,
    decodeBatch(dets: BitTable, pred: BitTable): void {
      clock.shots.push(dets.numRows);
      for (let s = 0; s < dets.numRows; s++) pred.data[s * pred.stride] = dets.data[s * dets.stride] & 1;
      clock.t += 2 * dets.numRows;
    },
  };
}

test('timeDecodeBatch times every shot, whatever the decoder speed, and reports the median pass', () => {
  const clock = { t: 0, shots: [] as number[] };
  const n = 50;
  const dets = new BitTable(n, 1);
  const obs = new BitTable(n, 1);
  for (let s = 0; s < n; s++) {
    dets.data[s * dets.stride] = s % 3 === 0 ? 1 : 0;
    obs.data[s * obs.stride] = s % 5 === 0 ? 1 : 0;
  }
  const r = timeDecodeBatch(fakeDecoder(clock), dets, obs, () => clock.t, { warmupShots: 7, passes: 3 });
  assert.deepEqual(clock.shots, [7, n, n, n]);
  assert.equal(r.shots, n);
  assert.equal(r.usPerShot, 2000);
  // mistakes: shots where (s%3==0) != (s%5==0)
  let want = 0;
  for (let s = 0; s < n; s++) if ((s % 3 === 0) !== (s % 5 === 0)) want++;
  assert.equal(r.logicalErrors, want);
});

test('timeDecodeBatch defaults: one warm-up pass over all shots, one timed pass', () => {
  const clock = { t: 0, shots: [] as number[] };
  const r = timeDecodeBatch(fakeDecoder(clock), new BitTable(4, 1), new BitTable(4, 1), () => clock.t);
  assert.deepEqual(clock.shots, [4, 4]);
  assert.equal(r.logicalErrors, 0);
});
