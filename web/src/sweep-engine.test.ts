import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileTask, generateExperiment, resolveTask, Rng, runBatch } from '../../src/index.js';
import { sampleDigest } from './kernel-check.js';
import { SweepEngine } from './sweep-engine.js';
import { decodeSweepReply, type BatchRequest } from './sweep-messages.js';

const GEN = {
  code: 'rotated-surface',
  task: 'memory-z',
  distance: 3,
  rounds: 3,
  noise: 'uniform',
  noiseParams: { p: 0.01 },
} as const satisfies BatchRequest['generator'];

describe('sweep engine (the Web Worker without the worker)', () => {
  it('a batch: the counts runBatch gives for the same task and seed, run with the WebAssembly kernels in Node', () => {
    let clock = 0;
    const engine = new SweepEngine(() => (clock += 5));
    const reply = decodeSweepReply(
      engine.handle({ kind: 'batch', id: 3, generator: GEN, decoder: 'mwpm', shots: 1024, seed: 99 }),
    );
    const want = runBatch(compileTask(resolveTask({ generator: GEN, decoder: 'mwpm' })), 1024, new Rng(99));
    assert.deepEqual(reply, {
      kind: 'batch',
      id: 3,
      shots: 1024,
      errors: want.errors,
      seconds: 0.005,
      wasm: true,
    });
    assert.ok(want.errors > 0 && want.errors < 300, `${want.errors} logical errors at p = 0.01, d = 3`);
  });

  it('the kernel check: both paths, equal digests, and the one sampleDigest gives', () => {
    const engine = new SweepEngine(() => 0);
    const r = decodeSweepReply(
      engine.handle({ kind: 'kernel-check', id: 1, generator: GEN, shots: 3000, seed: 5 }),
    );
    assert.equal(r.kind, 'kernel-check');
    if (r.kind !== 'kernel-check') return;
    assert.equal(r.wasm.kernels, true);
    assert.equal(r.typescript.kernels, false);
    assert.equal(r.wasm.sha256, r.typescript.sha256);
    assert.equal(r.wasm.detectionEvents, r.typescript.detectionEvents);
    assert.deepEqual(r.typescript, sampleDigest(generateExperiment(GEN).circuit, 3000, 5, false));
  });

  it('a bad request or a failing one: an error reply with its id, one line', () => {
    const engine = new SweepEngine(() => 0);
    const bad = decodeSweepReply(
      engine.handle({ kind: 'batch', id: 8, generator: GEN, decoder: 'mwpm', shots: -1, seed: 0 }),
    );
    assert.deepEqual(bad, {
      kind: 'error',
      id: 8,
      error: 'sweep worker request: shots: must be ≥ 1, got -1',
    });
    const junk = decodeSweepReply(engine.handle(null));
    assert.equal(junk.kind === 'error' && junk.id, null);
  });
});
