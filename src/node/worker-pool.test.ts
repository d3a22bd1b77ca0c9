import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UnsupportedError, ValidationError } from '../base/errors.js';
import { deriveSeed, Rng } from '../base/prng.js';
import { parseCircuit } from '../circuit/parser.js';
import { compileSampler } from '../sim/frame/frame-simulator.js';
import {
  allocateSharedSamples,
  FrameSamplerPool,
  sampleDetectorsParallel,
  sampleDetectorsSerial,
} from './worker-pool.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const CIRCUIT = [
  'R 0 1 2 3 4',
  'REPEAT 3 {',
  '  DEPOLARIZE1(0.05) 0 2 4',
  '  CX 0 1 2 3',
  '  CX 2 1 4 3',
  '  DEPOLARIZE2(0.02) 0 1',
  '  MR(0.01) 1 3',
  '  DETECTOR rec[-1]',
  '  DETECTOR rec[-2]',
  '}',
  'M 0 2 4',
  'DETECTOR rec[-1] rec[-2] rec[-4]',
  'OBSERVABLE_INCLUDE(0) rec[-1]',
].join('\n');

/** FNV-1a over the words of both tables: a compact fingerprint to compare across processes. */
function fingerprint(words: Uint32Array[]): string {
  let h = 0x811c9dc5;
  for (const a of words)
    for (let i = 0; i < a.length; i++) {
      h ^= a[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  return h.toString(16);
}

describe('worker pool: parallel detection sampling', () => {
  it('is bit-identical to the batch-by-batch single-thread result, whatever the worker count', async () => {
    const numShots = 5000;
    const opts = { seed: 77, batchSize: 1024, samplerBatchShots: 256 };
    const serial = sampleDetectorsSerial(CIRCUIT, numShots, opts);
    // The serial result is literally "batch b sampled with deriveSeed(seed, b)".
    const sampler = compileSampler(parseCircuit(CIRCUIT), { batchShots: 256 });
    const b1 = sampler.sampleDetectors(1024, new Rng(deriveSeed(77, 1)));
    for (let s = 0; s < 1024; s++)
      for (let d = 0; d < sampler.numDetectors; d++)
        assert.equal(serial.detectors.get(1024 + s, d), b1.detectors.get(s, d));
    for (const workers of [1, 2]) {
      const par = await sampleDetectorsParallel(CIRCUIT, numShots, { ...opts, workers });
      assert.ok(par.detectors.equals(serial.detectors), `detectors with ${workers} workers`);
      assert.ok(par.observables.equals(serial.observables), `observables with ${workers} workers`);
    }
    // A sampler compiled once, writing into reused tables, gives the same bits call after call.
    const out = { detectors: serial.detectors.transposed().transposed(), observables: serial.observables };
    out.detectors.clear();
    for (let r = 0; r < 2; r++) {
      const again = sampleDetectorsSerial(sampler, numShots, { ...opts, out: { ...out } });
      assert.equal(again.detectors, out.detectors);
      assert.ok(again.detectors.equals(serial.detectors), `compiled sampler into reused tables, call ${r}`);
    }
    // The noise is real: some detectors fire.
    let ones = 0;
    for (let s = 0; s < numShots; s++) if (serial.detectors.get(s, 0)) ones++;
    assert.ok(ones > 0 && ones < numShots);
  });

  it('a persistent pool serves several calls into reused shared tables', async () => {
    const pool = new FrameSamplerPool(CIRCUIT, { workers: 2, samplerBatchShots: 128 });
    try {
      const out = allocateSharedSamples(3000, pool.numDetectors, pool.numObservables);
      for (const seed of [3, 4]) {
        const got = await pool.sampleDetectors(3000, { seed, batchSize: 512, out });
        assert.equal(got, out);
        const want = sampleDetectorsSerial(CIRCUIT, 3000, { seed, batchSize: 512, samplerBatchShots: 128 });
        assert.ok(
          out.detectors.equals(want.detectors) && out.observables.equals(want.observables),
          `seed ${seed}`,
        );
      }
      await assert.rejects(pool.sampleDetectors(10, { seed: 1, batchSize: 64, out }), ValidationError);
    } finally {
      await pool.close();
    }
  });

  it('rejects bad options and unsupported circuits before starting workers', async () => {
    await assert.rejects(sampleDetectorsParallel('T 0\nM 0', 100, { seed: 1, workers: 2 }), UnsupportedError);
    await assert.rejects(sampleDetectorsParallel(CIRCUIT, 100, { seed: 1, batchSize: 33 }), ValidationError);
    await assert.rejects(sampleDetectorsParallel(CIRCUIT, -1, { seed: 1 }), ValidationError);
  });

  it('runs from built JavaScript (worker file resolved next to the module, no tsx)', async (t) => {
    // Transpile src/ the way the build lays it out (dist/src/**.js) with esbuild (a tsx dependency).
    let esbuild: typeof import('esbuild');
    try {
      esbuild = await import('esbuild');
    } catch {
      t.skip('esbuild is not installed');
      return;
    }
    const out = mkdtempSync(path.join(tmpdir(), 'qec-dist-'));
    try {
      const files: string[] = [];
      const walk = (dir: string): void => {
        for (const name of readdirSync(dir)) {
          const p = path.join(dir, name);
          if (statSync(p).isDirectory()) walk(p);
          else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.bench.ts'))
            files.push(p);
        }
      };
      walk(path.join(repoRoot, 'src'));
      await esbuild.build({
        entryPoints: files,
        outdir: path.join(out, 'src'),
        outbase: path.join(repoRoot, 'src'),
        format: 'esm',
        platform: 'node',
        target: 'node20',
        bundle: false,
        logLevel: 'silent',
      });
      writeFileSync(path.join(out, 'package.json'), '{"type":"module"}');
      // The built code imports its runtime dependencies (zod) from the project's node_modules.
      symlinkSync(path.join(repoRoot, 'node_modules'), path.join(out, 'node_modules'), 'dir');
      const pool = pathToFileURL(path.join(out, 'src/node/worker-pool.js')).href;
      const script = [
        `import { sampleDetectorsParallel } from ${JSON.stringify(pool)};`,
        `const r = await sampleDetectorsParallel(${JSON.stringify(CIRCUIT)}, 3000, { seed: 5, workers: 2, batchSize: 512 });`,
        `let h = 0x811c9dc5;`,
        `for (const a of [r.detectors.data, r.observables.data]) for (let i = 0; i < a.length; i++) { h ^= a[i]; h = Math.imul(h, 0x01000193) >>> 0; }`,
        `console.log(h.toString(16));`,
      ].join('\n');
      const runner = path.join(out, 'run.mjs');
      writeFileSync(runner, script);
      const res = spawnSync(process.execPath, [runner], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      assert.equal(res.status, 0, res.stderr);
      const expected = sampleDetectorsSerial(CIRCUIT, 3000, { seed: 5, batchSize: 512 });
      assert.equal(res.stdout.trim(), fingerprint([expected.detectors.data, expected.observables.data]));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
