import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LimitError } from './errors.js';
import { checkAllocation, MAX_ALLOCATION_BYTES } from './limits.js';

describe('allocation limit', () => {
  it('passes up to the limit and refuses one byte more, saying what and how much', () => {
    checkAllocation('x', MAX_ALLOCATION_BYTES);
    assert.throws(
      () => checkAllocation('a table of 3 × 4 bits', MAX_ALLOCATION_BYTES + 1),
      (e: unknown) =>
        e instanceof LimitError &&
        e.message === 'a table of 3 × 4 bits needs 2.00 GiB, more than the limit of 2.00 GiB' &&
        e.details.bytesNeeded === MAX_ALLOCATION_BYTES + 1,
    );
    assert.throws(() => checkAllocation('t', 16 * 2 ** 40), /t needs 16\.0 TiB, more than the limit/);
  });

  it('names astronomically large and infinite requests without printing nonsense', () => {
    assert.throws(
      () => checkAllocation('r', 9e270),
      /r needs more than 1024 EiB, more than the limit of 2\.00 GiB$/,
    );
    assert.throws(() => checkAllocation('r', Infinity), /r needs more than 1024 EiB/);
  });
});
