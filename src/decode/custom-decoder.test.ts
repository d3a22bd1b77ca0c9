import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../base/errors.js';
import { Rng } from '../base/prng.js';
import { compileTask, runBatch } from '../experiment/batch.js';
import { resolveTask } from '../experiment/task.js';
import { decodeMessage, TaskSpecSchema } from '../protocol/index.js';
import type { FlatDem } from '../dem/dem.js';
import { compileDecoder, getDecoderInfo, registerDecoder, unregisterDecoder } from './registry.js';

// One X error that flips the observable and no detector: a shot is a logical error exactly when it
// happens and the decoder predicts no flip; a decoder that always predicts a flip errs in the others.
const CIRCUIT = 'R 0\nX_ERROR(1) 0\nM 0\nOBSERVABLE_INCLUDE(0) rec[-1]';

/** A decoder predicting a flip of every observable in every shot (and recording what it was given). */
const seen: FlatDem[] = [];
const ALWAYS_FLIP = {
  name: 'always-flip',
  compile(dem: FlatDem) {
    seen.push(dem);
    return {
      numDetectors: dem.numDetectors,
      numObservables: dem.numObservables,
      decodeBatch(
        _d: unknown,
        predictions: { numRows: number; set(r: number, c: number, v: boolean): void },
      ) {
        for (let s = 0; s < predictions.numRows; s++) predictions.set(s, 0, true);
      },
    };
  },
};

describe('registerDecoder (sinter custom_decoders)', () => {
  it('a registered decoder runs in tasks, specs and compileDecoder like a built-in one; unregistered, it is unknown', () => {
    registerDecoder(ALWAYS_FLIP);
    try {
      assert.equal(getDecoderInfo('always-flip').graphlikeOnly, false);
      decodeMessage(TaskSpecSchema, { circuit: CIRCUIT, decoder: 'always-flip' }, 'spec');
      const r = runBatch(
        compileTask(resolveTask({ circuit: CIRCUIT, decoder: 'always-flip' })),
        64,
        new Rng(1),
      );
      assert.deepEqual(
        r,
        { shots: 64, errors: 0, discards: 0 },
        'the X error always happens and is always predicted',
      );
      assert.equal(seen.at(-1)?.numObservables, 1);
      assert.equal(compileDecoder(seen[0], 'always-flip').numObservables, 1);
    } finally {
      unregisterDecoder('always-flip');
    }
    assert.throws(
      () => decodeMessage(TaskSpecSchema, { circuit: CIRCUIT, decoder: 'always-flip' }, 'spec'),
      /unknown decoder 'always-flip'; valid decoders: mwpm/,
    );
  });

  it('refuses built-in names, taken names, bad names and decoders without compile', () => {
    const bad = (d: unknown, re: RegExp, opts?: { replace?: boolean }) =>
      assert.throws(
        () => registerDecoder(d as typeof ALWAYS_FLIP, opts),
        (e: unknown) => e instanceof ValidationError && re.test(e.message),
      );
    bad({ ...ALWAYS_FLIP, name: 'mwpm' }, /'mwpm' is a built-in decoder/);
    bad({ ...ALWAYS_FLIP, name: 'a b' }, /needs a name of letters/);
    bad({ name: 'nothing' }, /has no compile/);
    registerDecoder({ ...ALWAYS_FLIP, name: 'twice' });
    try {
      bad({ ...ALWAYS_FLIP, name: 'twice' }, /already registered/);
      registerDecoder({ ...ALWAYS_FLIP, name: 'twice' }, { replace: true });
    } finally {
      unregisterDecoder('twice');
    }
  });

  it('qec decode and qec collect take --custom-decoder MODULE.js', async () => {
    const { main } = await import('../cli/main.js');
    const { MemoryIO } = await import('../cli/io.js');
    const dir = mkdtempSync(join(tmpdir(), 'qec-custom-'));
    try {
      const mod = join(dir, 'never.mjs');
      // Predicts no flip: every shot of CIRCUIT is then a logical error.
      writeFileSync(
        mod,
        'export const decoders = { never: { compile: (dem) => ({ numDetectors: dem.numDetectors, numObservables: dem.numObservables, decodeBatch: (d, p) => p.data.fill(0) }) } };\n',
      );
      const io = new MemoryIO({
        'c.dem': 'error(0.5) D0 L0\nerror(0.1) D0',
        'd.01': '1\n0\n1\n1\n',
        'o.01': '1\n0\n0\n1\n',
      });
      let code = await main(
        [
          'decode',
          '--dem',
          'c.dem',
          '--in',
          'd.01',
          '--obs-in',
          'o.01',
          '--decoder',
          'never',
          '--custom-decoder',
          mod,
        ],
        io,
      );
      assert.equal(code, 0, io.err);
      assert.match(io.out, /logical errors: 2 of 4 shots/);
      const save = join(dir, 'r.csv');
      const io2 = new MemoryIO({ 'c.stim': CIRCUIT });
      const argv = ['collect', '--circuits', 'c.stim', '--decoders', 'never', '--custom_decoders', mod];
      code = await main([...argv, '--max-shots', '500', '--max-errors', '40', '--save', save], io2);
      assert.equal(code, 0, io2.err);
      const { readFileSync } = await import('node:fs');
      const rows = readFileSync(save, 'utf8').trim().split('\n').slice(1);
      const shots = rows.reduce((n, r) => n + Number(r.split(',')[0]), 0);
      const errors = rows.reduce((n, r) => n + Number(r.split(',')[1]), 0);
      assert.equal(errors, shots, 'every shot is an error with a decoder that never predicts the flip');
      assert.ok(rows.every((r) => r.includes(',never,')));
      // An unknown decoder is still a usage error naming the flag.
      code = await main(['decode', '--dem', 'c.dem', '--in', 'd.01', '--decoder', 'nope'], io);
      assert.equal(code, 2);
      assert.match(io.err, /--decoder: 'nope' is not one of mwpm/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      unregisterDecoder('never');
    }
  });
});
