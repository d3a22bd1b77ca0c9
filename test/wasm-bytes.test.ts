// The committed WebAssembly bytes (src/wasm/frame-kernels-bytes.ts, bp-kernels-bytes.ts) must be what the hand-written
// .wat assembles to today: a stale file would run kernels nobody can read.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate, generateBp } from '../scripts/build-wasm.mjs';

describe('WebAssembly kernels build', () => {
  it('frame-kernels-bytes.ts is the assembly of frame-kernels.wat', async () => {
    const committed = readFileSync(
      fileURLToPath(new URL('../src/wasm/frame-kernels-bytes.ts', import.meta.url)),
      'utf8',
    );
    const fresh = await generate();
    assert.ok(fresh.includes('FRAME_KERNELS_BASE64'));
    assert.equal(committed, fresh, 'run `node scripts/build-wasm.mjs` and commit the result');
  });
  it('bp-kernels-bytes.ts is the assembly of bp-kernels.wat', async () => {
    const committed = readFileSync(
      fileURLToPath(new URL('../src/wasm/bp-kernels-bytes.ts', import.meta.url)),
      'utf8',
    );
    const fresh = await generateBp();
    assert.ok(fresh.includes('BP_KERNELS_BASE64'));
    assert.equal(committed, fresh, 'run `node scripts/build-wasm.mjs` and commit the result');
  });
});
