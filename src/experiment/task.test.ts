import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LimitError } from '../base/errors.js';
import { resolveTask } from './task.js';

describe('resolveTask', () => {
  it('refuses a circuit whose run could not finish before anything runs, naming the REPEAT line', () => {
    assert.throws(
      () =>
        resolveTask(
          { circuit: 'R 0\nREPEAT 1099511627776 {\n  H 0\n}\nM 0\nDETECTOR rec[-1]', decoder: 'mwpm' },
          'c.stim',
        ),
      (e: unknown) =>
        e instanceof LimitError &&
        /^c\.stim:2:1: REPEAT 1099511627776 would execute 1\.10e\+12/.test(e.message),
    );
  });
});
