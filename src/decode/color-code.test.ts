// Issue check: on a color code (hyperedge DEM), BP-OSD beats a naive decoder — matching on Stim's
// decomposed DEM — and never beats exact maximum likelihood. Exact logical error rates: every
// syndrome is enumerated by the lookup decoder, so there is no sampling noise.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDem } from '../dem/dem-parser.js';
import { flattenDem } from '../dem/flatten.js';
import { predictAllSyndromes } from './conformance.js';
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
