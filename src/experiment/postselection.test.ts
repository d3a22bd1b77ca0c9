import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../base/errors.js';
import { Rng } from '../base/prng.js';
import { parseCircuit } from '../circuit/parser.js';
import { compileSampler } from '../sim/frame/frame-simulator.js';
import { compileTask, runBatch } from './batch.js';
import { resolveTask } from './task.js';

// Qubit 0's flip fires D0 (postselected); qubit 1's flip is the observable, which no detector sees,
// so every decoder predicts "no flip" and a shot is a logical error exactly when qubit 1 flipped.
const CIRCUIT = 'R 0 1\nX_ERROR(0.2) 0 1\nM 0 1\nDETECTOR rec[-2]\nOBSERVABLE_INCLUDE(0) rec[-1]';

describe('postselection (sinter postselection_mask)', () => {
  it('discards exactly the shots in which a postselected detector fires; errors count only kept shots', () => {
    const shots = 4000;
    const seed = 11;
    const t = compileTask(resolveTask({ circuit: CIRCUIT, decoder: 'mwpm', postselectDetectors: [0] }));
    const r = runBatch(t, shots, new Rng(seed));
    // The same shots, recounted from the sampler (runBatch draws them from the same RNG state).
    const s = compileSampler(parseCircuit(CIRCUIT)).sampleDetectors(shots, new Rng(seed));
    let discards = 0;
    let errors = 0;
    for (let k = 0; k < shots; k++) {
      if (s.detectors.get(k, 0)) discards++;
      else if (s.observables.get(k, 0)) errors++;
    }
    assert.deepEqual(r, { shots, errors, discards });
    // And the counts are what the circuit says: 20% discarded, 20% of the kept are errors (5σ).
    const sd = (p: number, n: number) => 5 * Math.sqrt(p * (1 - p) * n);
    assert.ok(Math.abs(discards - 0.2 * shots) < sd(0.2, shots), `discards ${discards}`);
    assert.ok(Math.abs(errors - 0.16 * shots) < sd(0.16, shots), `errors ${errors}`);
    // Without postselection nothing is discarded and every flip of qubit 1 is an error.
    const plain = runBatch(
      compileTask(resolveTask({ circuit: CIRCUIT, decoder: 'mwpm' })),
      shots,
      new Rng(seed),
    );
    assert.equal(plain.discards, 0);
    let flips = 0;
    for (let k = 0; k < shots; k++) if (s.observables.get(k, 0)) flips++;
    assert.equal(plain.errors, flips);
  });

  it('a detector that always fires discards every shot', () => {
    const c = 'R 0\nX_ERROR(1) 0\nM 0\nDETECTOR rec[-1]\nOBSERVABLE_INCLUDE(0) rec[-1]';
    const t = compileTask(resolveTask({ circuit: c, decoder: 'lookup', postselectDetectors: [0] }));
    assert.deepEqual(runBatch(t, 96, new Rng(1)), { shots: 96, errors: 0, discards: 96 });
  });

  it('is part of the strong id only when given; bad indices name the field', () => {
    const plain = resolveTask({ circuit: CIRCUIT, decoder: 'mwpm' });
    assert.equal(
      resolveTask({ circuit: CIRCUIT, decoder: 'mwpm', postselectDetectors: [] }).strongId,
      plain.strongId,
    );
    const ps = resolveTask({ circuit: CIRCUIT, decoder: 'mwpm', postselectDetectors: [0, 0] });
    assert.notEqual(ps.strongId, plain.strongId);
    assert.deepEqual(ps.postselectDetectors, [0]);
    assert.throws(
      () => resolveTask({ circuit: CIRCUIT, decoder: 'mwpm', postselectDetectors: [1] }, 'c.stim'),
      (e: unknown) =>
        e instanceof ValidationError &&
        /c\.stim: postselectDetectors\[0\] is 1, but the circuit's detectors are 0\.\.0/.test(e.message),
    );
  });

  it('qec collect --postselect-detectors writes the discards to the CSV', async () => {
    const { main } = await import('../cli/main.js');
    const { MemoryIO } = await import('../cli/io.js');
    const dir = mkdtempSync(join(tmpdir(), 'qec-postselect-'));
    try {
      const c = 'R 0\nX_ERROR(1) 0\nM 0\nDETECTOR rec[-1]\nOBSERVABLE_INCLUDE(0) rec[-1]';
      const io = new MemoryIO({ 'c.stim': c });
      const save = join(dir, 'r.csv');
      const argv = ['collect', '--circuits', 'c.stim', '--postselect-detectors', '0', '--max-shots', '1000'];
      const code = await main([...argv, '--max-errors', '10', '--save', save, '--workers', '0'], io);
      assert.equal(code, 0, io.err);
      const rows = readFileSync(save, 'utf8').trim().split('\n').slice(1);
      const sum = (col: number) => rows.reduce((n, r) => n + Number(r.split(',')[col]), 0);
      assert.ok(sum(0) >= 1000, 'max-shots reached: no shot is an error, so only max-shots stops it');
      assert.equal(sum(2), sum(0), 'every shot discarded');
      assert.equal(sum(1), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
