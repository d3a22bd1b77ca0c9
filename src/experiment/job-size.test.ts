import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jobShotTarget } from './job-size.js';

describe('jobShotTarget', () => {
  it('sizes a job to 20x the overhead at the measured speed', () => {
    // 10 ms overhead, 1 µs per shot: 0.2 s of work is 200 000 shots.
    const base = { overheadSeconds: 0.01, secondsPerShot: 1e-6, shots: 1000, errors: 0, maxErrors: 100 };
    assert.equal(jobShotTarget(base), 200_000);
    assert.equal(jobShotTarget({ ...base, factor: 10 }), 100_000);
  });

  it('never aims past the expected error stop; nothing measured means one batch per job', () => {
    const base = { overheadSeconds: 0.01, secondsPerShot: 1e-6, shots: 1000, errors: 10, maxErrors: 100 };
    // 10 errors in 1000 shots: 90 more errors are expected in 9000 shots.
    assert.equal(jobShotTarget(base), 9000);
    assert.equal(jobShotTarget({ ...base, errors: 100 }), 0);
    assert.equal(jobShotTarget({ ...base, shots: 0, errors: 0 }), 0);
    assert.equal(jobShotTarget({ ...base, overheadSeconds: 0 }), 0);
    assert.equal(jobShotTarget({ ...base, secondsPerShot: 0 }), 0);
  });
});
