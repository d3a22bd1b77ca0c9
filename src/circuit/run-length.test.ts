import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LimitError } from '../base/errors.js';
import { checkRunLength, Circuit, MAX_RUN_INSTRUCTIONS, runLength } from './circuit.js';
import { parseCircuit } from './parser.js';

/** The LimitError that checkRunLength throws for `text`, or undefined. */
function refusal(text: string, limit?: number): LimitError | undefined {
  try {
    checkRunLength(parseCircuit(text, 'c.stim'), limit);
  } catch (e) {
    if (e instanceof LimitError) return e;
    throw e;
  }
  return undefined;
}

describe('checkRunLength: runs too long are refused statically, naming the REPEAT block', () => {
  it('counts instructions with REPEAT blocks multiplied out, without unrolling', () => {
    assert.equal(
      runLength(parseCircuit('H 0\nREPEAT 3 {\n  X 0\n  REPEAT 5 {\n    Y 0\n  }\n}\nM 0')),
      1 + 3 * (1 + 5) + 1,
    );
    // 2^20 · 2^20 · 2^20 iterations are counted in microseconds (it would never finish unrolled).
    assert.equal(
      runLength(parseCircuit('REPEAT 1048576 {\n REPEAT 1048576 {\n  REPEAT 1048576 {\n   H 0\n  }\n }\n}')),
      2 ** 60,
    );
  });

  it('refuses a body without measurements repeated 2^40 times, at the REPEAT line and column', () => {
    const e = refusal('R 0\n  REPEAT 1099511627776 {\n    H 0\n  }\n');
    assert.ok(e !== undefined);
    assert.match(
      e.message,
      /^c\.stim:2:3: REPEAT 1099511627776 would execute 1\.10e\+12 instructions per shot/,
    );
    assert.ok(!e.message.includes('\n'), 'one line');
    assert.equal(e.details.line, 2);
    assert.equal(e.details.column, 3);
    assert.equal(e.details.instructions, 2 ** 40 + 1);
    assert.equal(e.details.limit, MAX_RUN_INSTRUCTIONS);
  });

  it('names the outermost block of a nest that multiplies past the limit, and the whole count', () => {
    const e = refusal(
      'H 0\nREPEAT 16384 {\n  REPEAT 16384 {\n    REPEAT 16384 {\n      H 0\n    }\n  }\n}\nM 0\n',
    );
    assert.ok(e !== undefined);
    assert.match(e.message, /^c\.stim:2:1: REPEAT 16384 would execute 4\.40e\+12 instructions per shot/);
  });

  it('names the longest block when no one block passes the limit alone', () => {
    const e = refusal('REPEAT 40 {\n  H 0\n}\nREPEAT 60 {\n  H 0\n}\nREPEAT 50 {\n  H 0\n}\n', 100);
    assert.ok(e !== undefined);
    assert.match(
      e.message,
      /^c\.stim:4:1: REPEAT 60 would execute 60\.0 instructions per shot \(the whole circuit 150\)/,
    );
  });

  it('accepts a run at the limit exactly, and refuses one instruction more', () => {
    assert.equal(refusal('REPEAT 99 {\n  H 0\n}\nM 0\n', 100), undefined);
    assert.ok(refusal('REPEAT 100 {\n  H 0\n}\nM 0\n', 100) !== undefined);
  });

  it('has no position to name for circuits built in code', () => {
    const built = new Circuit([{ kind: 'repeat', repetitions: 2 ** 40, body: parseCircuit('H 0'), tag: '' }]);
    try {
      checkRunLength(built);
      assert.fail('not refused');
    } catch (e) {
      assert.ok(e instanceof LimitError);
      assert.match(e.message, /^REPEAT 1099511627776 would execute/);
    }
  });
});
