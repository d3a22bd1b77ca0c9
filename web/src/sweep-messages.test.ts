import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../src/index.js';
import { decodeSweepReply, decodeSweepRequest } from './sweep-messages.js';

const GEN = {
  code: 'rotated-surface',
  task: 'memory-z',
  distance: 3,
  rounds: 3,
  noise: 'uniform',
  noiseParams: { p: 0.01 },
};
const BATCH = { kind: 'batch', id: 4, generator: GEN, decoder: 'mwpm', shots: 256, seed: 7 };
const DIGEST = { kernels: true, sha256: 'ab'.repeat(32), detectionEvents: 12 };

/** The message of the ValidationError `f` throws (fails when it throws anything else or nothing). */
function problem(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof ValidationError, String(e));
    assert.equal(e.message.split('\n').length, 1);
    return e.message;
  }
  assert.fail('no error');
}

describe('sweep worker messages', () => {
  it('accept the requests and replies the page and the workers send', () => {
    assert.deepEqual(decodeSweepRequest(BATCH), BATCH);
    const check = { kind: 'kernel-check', id: 0, generator: GEN, shots: 5000, seed: 1 };
    assert.deepEqual(decodeSweepRequest(check), check);
    for (const r of [
      { kind: 'batch', id: 4, shots: 256, errors: 3, seconds: 0.02, wasm: true },
      { kind: 'kernel-check', id: 0, wasm: DIGEST, typescript: { ...DIGEST, kernels: false } },
      { kind: 'error', id: null, error: 'boom' },
    ])
      assert.deepEqual(decodeSweepReply(r), r);
  });

  it('refuse anything else with one line naming the JSON path', () => {
    const req = (v: unknown): string => problem(() => decodeSweepRequest(v));
    const rep = (v: unknown): string => problem(() => decodeSweepReply(v));
    assert.equal(req({ ...BATCH, shots: 0 }), 'sweep worker request: shots: must be ≥ 1, got 0');
    assert.equal(req({ ...BATCH, seed: 1.5 }), 'sweep worker request: seed: expected an integer, got 1.5');
    assert.equal(req({ ...BATCH, extra: 1 }), 'sweep worker request: extra: unknown key');
    assert.match(
      req({ ...BATCH, decoder: 'mwpn' }),
      /^sweep worker request: decoder: unknown decoder 'mwpn'/,
    );
    assert.match(
      req({ ...BATCH, generator: { ...GEN, distance: 4 } }),
      /^sweep worker request: generator\.distance/,
    );
    assert.match(req({ ...BATCH, kind: 'run' }), /^sweep worker request: kind: /);
    assert.match(req('hello'), /^sweep worker request: \(top level\): expected object/);
    assert.equal(
      rep({ kind: 'batch', id: 1, shots: 10, errors: 11, seconds: 0, wasm: false }),
      'sweep worker reply: errors: errors exceed shots',
    );
    assert.equal(
      rep({ kind: 'kernel-check', id: 0, wasm: { ...DIGEST, sha256: 'x' }, typescript: DIGEST }),
      'sweep worker reply: wasm.sha256: expected 64 hex digits',
    );
    assert.match(
      rep({ kind: 'batch', id: 1, shots: 10, errors: 1, seconds: 0 }),
      /^sweep worker reply: wasm: expected boolean/,
    );
  });
});
