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
import { MATCHING_DECODER, type MatchingCompiledDecoder } from './matching-decoder.js';

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

describe(
  'mwpm vs PyMatching reference predictions',
  // The vectors are required: a missing folder fails every case below (readFileSync throws).
  () => {
    for (const name of CASES) {
      it(name, () => {
        const dem = flattenDem(parseDem(readFileSync(resolve(VECTORS, 'dems', `${name}.dem`), 'utf8'), name));
        const dec = MATCHING_DECODER.compile(dem) as MatchingCompiledDecoder;
        const g = dec.graph;
        const read = (suffix: string, format: 'b8' | '01', bits: number): BitTable =>
          readSamples(
            new Uint8Array(readFileSync(resolve(VECTORS, 'samples', `${name}.${suffix}`))),
            format,
            bits,
          );
        const dets = read('dets.b8', 'b8', dem.numDetectors);
        const actual = read('obs.01', '01', dem.numObservables);
        const theirs = read('pymatching-predictions.01', '01', dem.numObservables);
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
    }
  },
);
