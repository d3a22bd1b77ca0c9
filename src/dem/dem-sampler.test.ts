import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Rng } from '../base/prng.js';
import { parseDem } from './dem-parser.js';
import { flattenDem } from './flatten.js';
import { compileDemSampler } from './dem-sampler.js';
import type { FlatDem } from './dem.js';
import { readSamples, writeSamples } from '../formats/sample-formats.js';
import { BitTable } from '../mem/bit-table.js';

const VECTORS = new URL('../../../shared/vectors/', import.meta.url);

/** Exact probability that the parity of a set of bits is odd: (1 − Π(1 − 2p_e))/2 over errors flipping it. */
function exactParity(dem: FlatDem, flips: (e: FlatDem['errors'][number]) => boolean): number {
  let prod = 1;
  for (const e of dem.errors) if (flips(e)) prod *= 1 - 2 * e.probability;
  return (1 - prod) / 2;
}

describe('DEM sampler', () => {
  const name = 'surface_code-rotated_memory_x-d3-r3-p0.005';
  const dem = flattenDem(parseDem(readFileSync(new URL(`dems/${name}.dem`, VECTORS), 'utf8')));
  const shots = 40000;
  const r = compileDemSampler(dem).sample(shots, new Rng(3));

  it('every detector and observable fires with its exact probability (5σ)', () => {
    const check = (what: string, count: number, p: number): void => {
      const sigma = Math.sqrt((p * (1 - p)) / shots);
      assert.ok(Math.abs(count / shots - p) < 5 * sigma + 1e-12, `${what}: ${count / shots} vs exact ${p}`);
    };
    for (let d = 0; d < dem.numDetectors; d++) {
      let c = 0;
      for (let s = 0; s < shots; s++) if (r.detectors.get(s, d)) c++;
      check(
        `D${d}`,
        c,
        exactParity(dem, (e) => e.detectors.includes(d)),
      );
    }
    for (let o = 0; o < dem.numObservables; o++) {
      let c = 0;
      for (let s = 0; s < shots; s++) if (r.observables.get(s, o)) c++;
      check(
        `L${o}`,
        c,
        exactParity(dem, (e) => e.observables.includes(o)),
      );
    }
    // Pairs: the parity D_a ⊕ D_b is odd exactly when an odd number of errors touching one of them fire.
    for (const [a, b] of [
      [0, 1],
      [2, 5],
      [3, 10],
      [0, dem.numDetectors - 1],
    ]) {
      let c = 0;
      for (let s = 0; s < shots; s++) if (r.detectors.get(s, a) !== r.detectors.get(s, b)) c++;
      check(
        `D${a}⊕D${b}`,
        c,
        exactParity(dem, (e) => e.detectors.includes(a) !== e.detectors.includes(b)),
      );
    }
  });

  it('is reproducible for a seed and exact for p = 0 and p = 1', () => {
    const again = compileDemSampler(dem).sample(shots, new Rng(3));
    assert.ok(again.detectors.equals(r.detectors) && again.observables.equals(r.observables));
    const fixed = flattenDem(parseDem('error(1) D0 D2 L1\nerror(0) D1\nerror(1) D2'));
    const f = compileDemSampler(fixed).sample(70, new Rng(1));
    for (let s = 0; s < 70; s++) {
      assert.deepEqual(
        [f.detectors.get(s, 0), f.detectors.get(s, 1), f.detectors.get(s, 2)],
        [true, false, false],
      );
      assert.deepEqual([f.observables.get(s, 0), f.observables.get(s, 1)], [false, true]);
    }
  });
});

describe('DEM sampler: recorded and replayed errors (Stim sample_dem --err_out / --replay_err_in)', () => {
  const name = 'repetition_code-memory-d3-r3-p0.005';
  const dem = flattenDem(parseDem(readFileSync(new URL(`dems/${name}.dem`, VECTORS), 'utf8')));
  const sampler = compileDemSampler(dem);
  const data = (kind: string): Uint8Array =>
    readFileSync(new URL(`./testdata/${name}.stim-${kind}.01`, import.meta.url));

  it("replaying Stim's recorded errors gives Stim's detection events and observable flips", () => {
    const errors = readSamples(data('err'), '01', sampler.numErrors);
    assert.equal(errors.numRows, 60);
    const r = sampler.replay(errors);
    const opts = { numMeasurements: 0, numDetectors: dem.numDetectors, numObservables: 0 };
    assert.equal(
      new TextDecoder().decode(writeSamples(r.detectors, '01', opts)),
      new TextDecoder().decode(data('dets')),
    );
    assert.equal(
      new TextDecoder().decode(
        writeSamples(r.observables, '01', { ...opts, numDetectors: 0, numObservables: 1 }),
      ),
      new TextDecoder().decode(data('obs')),
    );
  });

  it('recorded errors replay to the sampled shots; each shot is the XOR of the symptoms of its errors', () => {
    const r = sampler.sample(500, new Rng(9), { recordErrors: true });
    const again = sampler.sample(500, new Rng(9));
    assert.deepEqual(again.detectors.data, r.detectors.data, 'recording does not change the samples');
    assert.ok(r.errors !== undefined);
    const replayed = sampler.replay(r.errors);
    assert.deepEqual(replayed.detectors.data, r.detectors.data);
    assert.deepEqual(replayed.observables.data, r.observables.data);
    let fired = 0;
    for (let s = 0; s < 500; s++) {
      const want = new Set<number>();
      dem.errors.forEach((e, i) => {
        if (!r.errors?.get(s, i)) return;
        fired++;
        for (const d of e.detectors) if (!want.delete(d)) want.add(d);
      });
      for (let d = 0; d < dem.numDetectors; d++) assert.equal(r.detectors.get(s, d), want.has(d));
    }
    assert.ok(fired > 10, `some errors fired (${fired})`);
    assert.throws(() => sampler.replay(new BitTable(1, sampler.numErrors + 1)), /error mechanisms/);
  });
});
