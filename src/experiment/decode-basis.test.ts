import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../base/errors.js';
import { Rng } from '../base/prng.js';
import { parseCircuit } from '../circuit/parser.js';
import { printCircuit } from '../circuit/printer.js';
import { generateExperiment } from '../codes/code-families.js';
import { restrictDemDetectors } from '../dem/detector-basis.js';
import type { FlatDem } from '../dem/dem.js';
import { analyzeErrors } from '../dem/error-analyzer.js';
import { flattenDem } from '../dem/flatten.js';
import { compileDecoder } from '../decode/registry.js';
import { BitTable } from '../mem/bit-table.js';
import { compileTask, runBatch } from './batch.js';
import { decodeDetectorMask, resolveTask } from './task.js';

/** The paper's noise (Bravyi et al. 2024) at p on a bivariate bicycle depth-8 memory. */
const paperNoise = (p: number): Record<string, number> => ({
  'after-clifford-depolarization': p,
  'before-measure-flip-probability': p,
  'after-reset-flip-probability': p,
  idle: p,
});

/** Mechanisms merged by symptom (independent: p = p1 + p2 − 2 p1 p2), as `detectors|observables` → p. */
function merged(dem: FlatDem): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of dem.errors) {
    if (e.detectors.length === 0 && e.observables.length === 0) continue;
    const key = `${e.detectors.join(',')}|${e.observables.join(',')}`;
    const q = out.get(key) ?? 0;
    out.set(key, q + e.probability - 2 * q * e.probability);
  }
  return out;
}

describe('decodeBasis: the DEM a basis-restricted decoder sees', () => {
  it('bb72-depth8 memory-z: the restricted DEM equals the DEM of the circuit without its X-check detectors', () => {
    const g = generateExperiment({
      code: 'bb72-depth8',
      task: 'memory-z',
      distance: 6,
      rounds: 2,
      noise: 'stim',
      noiseParams: paperNoise(0.003),
    });
    // Independent selection: Z checks sit at even first coordinate, X checks at odd (the layout's rule).
    const text = printCircuit(g.circuit);
    const isXCheckDetector = (line: string): boolean => {
      const m = /^\s*DETECTOR\((\d+)/.exec(line);
      return m !== null && Number(m[1]) % 2 === 1;
    };
    const lines = text.split('\n');
    const stripped = parseCircuit(lines.filter((l) => !isXCheckDetector(l)).join('\n'));
    const mask = decodeDetectorMask(g.circuit, 'z');
    const full = flattenDem(analyzeErrors(g.circuit));
    const coordsOdd = full.detectorCoords.map((c) => ((c?.[0] ?? 0) % 2 === 1 ? 0 : 1));
    assert.deepEqual([...mask], coordsOdd, 'the basis mask is the Z-check detectors');
    assert.equal(
      mask.reduce((a, b) => a + b, 0),
      36 * 3,
    );
    const restricted = merged(restrictDemDetectors(full, mask));
    const direct = merged(flattenDem(analyzeErrors(stripped)));
    assert.equal(restricted.size, direct.size);
    for (const [key, p] of direct) {
      const q = restricted.get(key);
      assert.ok(q !== undefined, `mechanism ${key} missing from the restricted DEM`);
      assert.ok(Math.abs(q - p) <= 1e-12 + 1e-9 * p, `${key}: ${q} vs ${p}`);
    }
  });

  it('runBatch decodes the restricted DEM from exactly the kept detectors of each sampled shot', () => {
    // Recount by hand: the same shots (same seed), the kept bits copied one by one, the decoder
    // compiled from the restricted DEM, predictions compared with the observables.
    const generator = {
      code: 'bb72-depth8',
      task: 'memory-x' as const,
      distance: 6,
      rounds: 2,
      noise: 'stim',
      noiseParams: paperNoise(0.006),
    };
    const task = resolveTask({ generator, decoder: 'bposd', decodeBasis: 'task' });
    const t = compileTask(task);
    const shots = 300;
    const r = runBatch(t, shots, new Rng(11));
    const mask = decodeDetectorMask(task.circuit, 'x');
    const kept = [...mask.keys()].filter((d) => mask[d] === 1);
    assert.equal(t.numDetectors, kept.length);
    const { detectors, observables } = t.sampler.sampleDetectors(shots, new Rng(11));
    const syndromes = new BitTable(shots, kept.length);
    for (let s = 0; s < shots; s++) kept.forEach((d, j) => syndromes.set(s, j, detectors.get(s, d)));
    const dem = restrictDemDetectors(flattenDem(analyzeErrors(task.circuit)), mask);
    const predictions = new BitTable(shots, dem.numObservables);
    compileDecoder(dem, 'bposd', {}).decodeBatch(syndromes, predictions);
    let errors = 0;
    for (let s = 0; s < shots; s++) {
      let differs = false;
      for (let o = 0; o < dem.numObservables; o++)
        if (predictions.get(s, o) !== observables.get(s, o)) differs = true;
      if (differs) errors++;
    }
    assert.ok(errors >= 3, `enough errors to compare (${errors})`);
    assert.equal(r.errors, errors);
  });

  it('bposd on the restricted bb72 DEM fails more often when it may only read the wrong basis', () => {
    // Memory-z decoded from the X checks sees none of the X errors that flip the Z observables: it
    // predicts nothing, so every shot with an observable flip is an error.
    const generator = {
      code: 'bb72-depth8',
      task: 'memory-z' as const,
      distance: 6,
      rounds: 2,
      noise: 'stim',
      noiseParams: paperNoise(0.004),
    };
    const right = runBatch(
      compileTask(resolveTask({ generator, decoder: 'bposd', decodeBasis: 'z' })),
      600,
      new Rng(3),
    );
    const wrong = runBatch(
      compileTask(resolveTask({ generator, decoder: 'bposd', decodeBasis: 'x' })),
      600,
      new Rng(3),
    );
    assert.ok(wrong.errors > 4 * Math.max(right.errors, 5), `wrong ${wrong.errors} vs right ${right.errors}`);
  });
});

describe('decodeBasis: validation and ids', () => {
  const generator = {
    code: 'bb72-depth8',
    task: 'memory-x' as const,
    distance: 6,
    rounds: 1,
    noise: 'stim',
    noiseParams: paperNoise(0.001),
  };
  it('"task" resolves through the generator and is part of the strong id and metadata', () => {
    const plain = resolveTask({ generator, decoder: 'mwpm' });
    const t = resolveTask({ generator, decoder: 'mwpm', decodeBasis: 'task' });
    const x = resolveTask({ generator, decoder: 'mwpm', decodeBasis: 'x' });
    assert.equal(t.decodeBasis, 'x');
    assert.equal(t.metadata.decodeBasis, 'x');
    assert.equal(t.strongId, x.strongId);
    assert.notEqual(t.strongId, plain.strongId);
    assert.equal(plain.decodeBasis, undefined);
  });
  it('refuses "task" for a circuit, a basis without detectors and an unknown basis, naming the field', () => {
    const circuit = 'RX 0\nMX 0\nDETECTOR rec[-1]';
    const bad = (spec: Parameters<typeof resolveTask>[0], re: RegExp): void =>
      assert.throws(
        () => resolveTask(spec, 'c.stim'),
        (e: unknown) => e instanceof ValidationError && re.test(e.message),
      );
    bad(
      { circuit, decoder: 'mwpm', decodeBasis: 'task' },
      /^c\.stim: 'decodeBasis' "task" needs a generated/,
    );
    bad({ circuit, decoder: 'mwpm', decodeBasis: 'z' }, /no detector of the circuit compares only Z-basis/);
    bad(
      { circuit, decoder: 'mwpm', decodeBasis: 'y' as 'x' },
      /'decodeBasis' is "y"; expected "x", "z" or "task"/,
    );
    assert.equal(resolveTask({ circuit, decoder: 'mwpm', decodeBasis: 'x' }).decodeBasis, 'x');
    // A surface code measuring its X checks with H + M mixes the bases: refused, not mis-split.
    const surface = { code: 'rotated-surface', task: 'memory-z' as const, distance: 3, rounds: 3 };
    bad(
      { generator: surface, decoder: 'mwpm', decodeBasis: 'z' },
      /keep X and Z errors apart .* but it has H$/,
    );
  });
});
