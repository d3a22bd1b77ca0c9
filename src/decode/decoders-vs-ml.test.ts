// Issue check: on a color code (hyperedge DEM), BP-OSD beats a naive decoder — matching on Stim's
// decomposed DEM — and never beats exact maximum likelihood. Exact logical error rates: every
// syndrome is enumerated by the lookup decoder, so there is no sampling noise.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDem } from '../dem/dem-parser.js';
import { flattenDem } from '../dem/flatten.js';
import { predictAllSyndromes, repetitionCodeCapacityDem, surfaceCodeCapacityDem } from './conformance.js';
import { UNION_FIND_DECODER } from './union-find/union-find-decoder.js';
import { BPOSD_DECODER } from './bposd/bposd-decoder.js';
import { LOOKUP_DECODER, type LookupCompiledDecoder } from './lookup/lookup-decoder.js';
import { MATCHING_DECODER } from './matching/matching-decoder.js';

describe('color code decoding (Stim d=3 color code, circuit-level p = 0.001)', () => {
  it('BP-OSD is better than matching on the decomposed DEM and no better than maximum likelihood', () => {
    const url = new URL(
      '../../../shared/vectors/dems/color_code-memory_xyz-d3-r3-p0.001.dem',
      import.meta.url,
    );
    const dem = flattenDem(parseDem(readFileSync(url, 'utf8')));
    const ml = LOOKUP_DECODER.compile(dem, { keepDistribution: true }) as LookupCompiledDecoder;
    const best = ml.exactLogicalErrorRate(ml.best);
    const bposd = ml.exactLogicalErrorRate(predictAllSyndromes(BPOSD_DECODER.compile(dem)));
    const naive = ml.exactLogicalErrorRate(predictAllSyndromes(MATCHING_DECODER.compile(dem)));
    assert.ok(bposd >= best - 1e-15, `BP-OSD ${bposd} below the ML optimum ${best}`);
    assert.ok(bposd < naive, `BP-OSD ${bposd} should beat matching on the decomposed DEM ${naive}`);
  });
});

describe('decoders against exact maximum likelihood (code capacity, independent X noise)', () => {
  it('repetition code: MWPM predicts exactly what the ML lookup decoder predicts, for every syndrome', () => {
    for (const [d, p] of [
      [5, 0.1],
      [9, 0.2],
    ] as const) {
      const dem = repetitionCodeCapacityDem(d, p);
      const ml = LOOKUP_DECODER.compile(dem, { keepDistribution: true }) as LookupCompiledDecoder;
      assert.deepEqual(
        Array.from(predictAllSyndromes(MATCHING_DECODER.compile(dem))),
        Array.from(ml.best),
        `d=${d}`,
      );
    }
  });

  it('surface code d = 3, 5: MWPM within 5% of ML; BP-OSD within 10% of MWPM; union-find within 35% of ML (exact rates)', () => {
    for (const [d, p] of [
      [3, 0.05],
      [5, 0.05],
    ] as const) {
      const dem = surfaceCodeCapacityDem(d, p);
      const ml = LOOKUP_DECODER.compile(dem, { keepDistribution: true }) as LookupCompiledDecoder;
      const best = ml.exactLogicalErrorRate(ml.best);
      const mwpm = ml.exactLogicalErrorRate(predictAllSyndromes(MATCHING_DECODER.compile(dem)));
      const bposd = ml.exactLogicalErrorRate(predictAllSyndromes(BPOSD_DECODER.compile(dem)));
      const uf = ml.exactLogicalErrorRate(predictAllSyndromes(UNION_FIND_DECODER.compile(dem)));
      assert.ok(mwpm >= best - 1e-15 && mwpm <= 1.05 * best, `d=${d}: MWPM ${mwpm} vs ML ${best}`);
      // Measured: BP-OSD equals MWPM at d = 3 and is 0.1% above it at d = 5.
      assert.ok(bposd <= 1.1 * mwpm, `d=${d}: BP-OSD ${bposd} vs MWPM ${mwpm}`);
      assert.ok(uf >= best - 1e-15, `d=${d}: union-find ${uf} below ML ${best}`);
      // Weighted union-find loses 24–25% to ML here (measured: 1.251× at d = 3, 1.243× at d = 5);
      // Delfosse & Nickerson report it close to MWPM at code capacity, so a bound of 1.35× holds it
      // there and fails on a decoder twice as bad.
      assert.ok(uf <= 1.35 * best, `d=${d}: union-find ${uf} vs ML ${best}`);
    }
  });
});
