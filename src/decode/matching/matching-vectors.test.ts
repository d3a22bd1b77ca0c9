// The MWPM decoder against Stim/PyMatching reference vectors (../shared/vectors, see its README):
// 10,000 shots per circuit sampled by Stim, decoded by PyMatching 2.4 with the decomposed DEM.
//
// Our decoder minimises exactly PyMatching's integer objective (same merging and discretisation),
// so predictions may only differ on exact ties. For every shot where they differ, an independent
// oracle (Dijkstra on the graph x observable-mask product, then a DP over subsets of events)
// computes the minimum weight of a correction producing PyMatching's prediction and asserts it
// equals the weight of our matching. Logical error counts must agree within 5 binomial sigma.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDem } from '../../dem/dem-parser.js';
import { flattenDem } from '../../dem/flatten.js';
import { readSamples } from '../../formats/sample-formats.js';
import { BitTable } from '../../mem/bit-table.js';
import type { MatchingGraph } from './matching-graph.js';
import { MATCHING_DECODER, MatchingCompiledDecoder } from './matching-decoder.js';
import { SPARSE_BLOSSOM_DECODER, SparseBlossomDecoder } from './sparse-blossom-decoder.js';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const VECTORS = resolve(REPO_ROOT, '../shared/vectors');

const CASES = [
  'surface_code-rotated_memory_z-d5-r5-p0.005',
  'surface_code-rotated_memory_x-d3-r3-p0.005',
  'repetition_code-memory-d5-r5-p0.005',
];

/** Largest number of events the tie oracle handles (2^k subsets). */
const ORACLE_MAX_EVENTS = 20;

/**
 * Minimum integer weight of a set of graph edges whose boundary is exactly `events` and whose
 * observable mask is `mask`, for every mask (numObservables <= 4). Independent of the decoder's
 * matching: Dijkstra on (node, mask) pairs from every event, then a DP pairing events with each
 * other or the boundary.
 */
function minWeightByMask(g: MatchingGraph, events: readonly number[]): Float64Array {
  const M = 1 << g.numObservables;
  assert.ok(g.numObservables <= 4 && g.obsWords === 1);
  const n = g.numDetectors;
  const k = events.length;
  const pairD = new Float64Array(k * k * M).fill(Infinity);
  const bndD = new Float64Array(k * M).fill(Infinity);
  for (let i = 0; i < k; i++) {
    const dist = new Float64Array(n * M).fill(Infinity);
    const done = new Uint8Array(n * M);
    dist[events[i] * M] = 0;
    // Simple O(V^2) Dijkstra: the graphs here have at most a few hundred nodes.
    while (true) {
      let best = -1;
      for (let s = 0; s < n * M; s++)
        if (!done[s] && dist[s] < Infinity && (best < 0 || dist[s] < dist[best])) best = s;
      if (best < 0) break;
      done[best] = 1;
      const x = Math.floor(best / M);
      const m = best % M;
      const d = dist[best];
      for (let a = g.adjStart[x]; a < g.adjStart[x + 1]; a++) {
        const s2 = g.adjNode[a] * M + (m ^ g.edgeObs[g.adjEdge[a]]);
        if (d + g.adjWeight[a] < dist[s2]) dist[s2] = d + g.adjWeight[a];
      }
      const be = g.boundaryEdge[x];
      if (be >= 0) {
        const m2 = m ^ g.edgeObs[be];
        bndD[i * M + m2] = Math.min(bndD[i * M + m2], d + g.edgeWeight[be]);
      }
    }
    for (let j = 0; j < k; j++)
      for (let m = 0; m < M; m++) pairD[(i * k + j) * M + m] = dist[events[j] * M + m];
  }
  const f = new Float64Array((1 << k) * M).fill(Infinity);
  f[0] = 0;
  for (let S = 1; S < 1 << k; S++) {
    const i = 31 - Math.clz32(S & -S);
    const rest = S & ~(1 << i);
    for (let m = 0; m < M; m++) {
      let best = Infinity;
      for (let mb = 0; mb < M; mb++) best = Math.min(best, bndD[i * M + mb] + f[rest * M + (m ^ mb)]);
      for (let j = i + 1; j < k; j++) {
        if (((rest >> j) & 1) === 0) continue;
        const r2 = rest & ~(1 << j);
        for (let mp = 0; mp < M; mp++)
          best = Math.min(best, pairD[(i * k + j) * M + mp] + f[r2 * M + (m ^ mp)]);
      }
      f[S * M + m] = best;
    }
  }
  return f.subarray(((1 << k) - 1) * M, (1 << k) * M);
}

function rowMask(t: BitTable, r: number, numCols: number): number {
  let m = 0;
  for (let c = 0; c < numCols; c++) if (t.get(r, c)) m |= 1 << c;
  return m;
}

describe('mwpm vs PyMatching reference predictions', () => {
  // The vectors are required: a missing folder fails every case below (readFileSync throws).
  for (const name of CASES)
    for (const decoder of [MATCHING_DECODER, SPARSE_BLOSSOM_DECODER])
      it(`${decoder.name}: ${name}`, () => {
        const dem = flattenDem(parseDem(readFileSync(resolve(VECTORS, 'dems', `${name}.dem`), 'utf8'), name));
        const dec = decoder.compile(dem) as MatchingCompiledDecoder | SparseBlossomDecoder;
        const g = dec.graph;
        const { dets, actual, theirs } = readVectors(name, dem.numDetectors, dem.numObservables);
        const shots = dets.numRows;
        assert.equal(shots, 10000);
        const ours = new BitTable(shots, dem.numObservables);
        dec.decodeBatch(dets, ours);

        let disagreements = 0;
        let ourErrors = 0;
        let theirErrors = 0;
        for (let s = 0; s < shots; s++) {
          const o = rowMask(ours, s, dem.numObservables);
          const t = rowMask(theirs, s, dem.numObservables);
          const a = rowMask(actual, s, dem.numObservables);
          if (o !== a) ourErrors++;
          if (t !== a) theirErrors++;
          if (o === t) continue;
          disagreements++;
          // A disagreement must be an exact tie: PyMatching's prediction is reachable at our weight.
          const r = dec.matchShot(dets.row(s));
          assert.ok(
            r.events.length <= ORACLE_MAX_EVENTS,
            `${name} shot ${s}: ${r.events.length} events, too many for the tie oracle`,
          );
          const byMask = minWeightByMask(g, r.events);
          const flip = g.flipObservables[0];
          const best = Math.min(...byMask);
          assert.equal(
            r.weight,
            best,
            `${name} shot ${s}: our matching weight ${r.weight} is not minimal (${best})`,
          );
          assert.equal(
            byMask[o ^ flip],
            r.weight,
            `${name} shot ${s}: our prediction is not that of our matching`,
          );
          assert.equal(
            byMask[t ^ flip],
            r.weight,
            `${name} shot ${s}: PyMatching predicts ${t}, whose minimum weight ${byMask[t ^ flip]} exceeds ours (${r.weight})`,
          );
        }
        // Ties are rare: almost every shot agrees exactly.
        assert.ok(disagreements <= shots / 1000, `${name}: ${disagreements} disagreements with PyMatching`);
        const p = theirErrors / shots;
        const sigma = Math.sqrt(shots * Math.max(p, 1 / shots) * (1 - p));
        assert.ok(
          Math.abs(ourErrors - theirErrors) <= 5 * sigma,
          `${name}: ${ourErrors} logical errors vs PyMatching's ${theirErrors} (5 sigma = ${5 * sigma})`,
        );
      });
});

/** The shots, actual observables and PyMatching's predictions of vector `name`. */
function readVectors(
  name: string,
  numDetectors: number,
  numObservables: number,
): { dets: BitTable; actual: BitTable; theirs: BitTable } {
  const read = (suffix: string, format: 'b8' | '01', bits: number): BitTable =>
    readSamples(new Uint8Array(readFileSync(resolve(VECTORS, 'samples', `${name}.${suffix}`))), format, bits);
  return {
    dets: read('dets.b8', 'b8', numDetectors),
    actual: read('obs.01', '01', numObservables),
    theirs: read('pymatching-predictions.01', '01', numObservables),
  };
}

/** Logical errors of `pred` against `actual`, and shots where `pred` differs from `theirs`. */
function countErrors(
  pred: BitTable,
  actual: BitTable,
  theirs: BitTable,
  numObservables: number,
): { ours: number; theirs: number; disagreements: number } {
  let ours = 0;
  let their = 0;
  let disagreements = 0;
  for (let s = 0; s < pred.numRows; s++) {
    const o = rowMask(pred, s, numObservables);
    const t = rowMask(theirs, s, numObservables);
    const a = rowMask(actual, s, numObservables);
    if (o !== a) ours++;
    if (t !== a) their++;
    if (o !== t) disagreements++;
  }
  return { ours, theirs: their, disagreements };
}

// Dense defects (hundreds of events per shot): too many for the subset oracle above, so the
// matching weight is checked against the certified local solver (an independent exact algorithm)
// on a prefix of the shots, and predictions against PyMatching's shot by shot (surface code:
// all but rare ties agree) or by logical error counts (toric code: equal weights everywhere, so
// ties with different outcomes are common).
describe('sparse blossom vs PyMatching on dense-defect vectors', () => {
  it('surface code d=11, p=0.01 (above threshold), shot by shot', () => {
    const name = 'surface_code-rotated_memory_z-d11-r11-p0.01';
    const dem = flattenDem(parseDem(readFileSync(resolve(VECTORS, 'dems', `${name}.dem`), 'utf8'), name));
    const { dets, actual, theirs } = readVectors(name, dem.numDetectors, dem.numObservables);
    assert.equal(dets.numRows, 2000);
    const dec = new SparseBlossomDecoder(dem);
    const pred = new BitTable(dets.numRows, dem.numObservables);
    dec.decodeBatch(dets, pred);
    const c = countErrors(pred, actual, theirs, dem.numObservables);
    assert.ok(c.disagreements <= 10, `${c.disagreements} of 2000 shots disagree with PyMatching`);
    const sigma = Math.sqrt(dets.numRows * (c.theirs / dets.numRows) * (1 - c.theirs / dets.numRows));
    assert.ok(
      Math.abs(c.ours - c.theirs) <= 5 * sigma,
      `${c.ours} logical errors vs PyMatching's ${c.theirs}`,
    );
    const reference = new MatchingCompiledDecoder(dem);
    for (let s = 0; s < 60; s++) {
      const a = dec.matchShot(dets.row(s));
      const b = reference.matchShot(dets.row(s));
      assert.ok(a.events.length > 100, `shot ${s}: ${a.events.length} events`);
      assert.equal(
        a.weight,
        b.weight,
        `shot ${s}: sparse blossom weight ${a.weight}, certified local ${b.weight}`,
      );
    }
  });

  it('toric code L=10 code capacity p=0.1: logical errors within statistics of PyMatching (1,277 of 5,000)', () => {
    const name = 'toric-L10-code-capacity-x-p0.1';
    const dem = flattenDem(parseDem(readFileSync(resolve(VECTORS, 'dems', `${name}.dem`), 'utf8'), name));
    const { dets, actual, theirs } = readVectors(name, dem.numDetectors, dem.numObservables);
    assert.equal(dets.numRows, 5000);
    const dec = new SparseBlossomDecoder(dem);
    const pred = new BitTable(dets.numRows, dem.numObservables);
    dec.decodeBatch(dets, pred);
    const c = countErrors(pred, actual, theirs, dem.numObservables);
    assert.equal(c.theirs, 1277);
    const p = c.theirs / dets.numRows;
    const sigma = Math.sqrt(dets.numRows * p * (1 - p));
    assert.ok(
      Math.abs(c.ours - c.theirs) <= 5 * sigma,
      `${c.ours} logical errors vs PyMatching's ${c.theirs} (5 sigma = ${5 * sigma})`,
    );
    const reference = new MatchingCompiledDecoder(dem);
    for (let s = 0; s < 40; s++)
      assert.equal(dec.matchShot(dets.row(s)).weight, reference.matchShot(dets.row(s)).weight, `shot ${s}`);
  });
});
