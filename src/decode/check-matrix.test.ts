import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../base/errors.js';
import { BitTable } from '../mem/bit-table.js';
import { decoderFromCheckMatrix, demFromCheckMatrix } from './check-matrix.js';

/** Repetition code of length n: check i compares bits i and i + 1; the observable is bit 0. */
function repetition(n: number): { check: number[][]; observables: number[][] } {
  const check = Array.from({ length: n - 1 }, (_, i) =>
    Array.from({ length: n }, (_, j) => (j === i || j === i + 1 ? 1 : 0)),
  );
  return { check, observables: [Array.from({ length: n }, (_, j) => (j === 0 ? 1 : 0))] };
}

/** Decodes every syndrome of every error pattern of `n` bits; returns predictions per pattern. */
function decodeAll(
  spec: ReturnType<typeof repetition> & { weights?: number[] },
  decoder: string,
  n: number,
): boolean[] {
  const dec = decoderFromCheckMatrix(spec, decoder);
  const shots = 1 << n;
  const dets = new BitTable(shots, n - 1);
  for (let e = 0; e < shots; e++)
    for (let i = 0; i < n - 1; i++) dets.set(e, i, (((e >> i) ^ (e >> (i + 1))) & 1) === 1);
  const pred = new BitTable(shots, 1);
  dec.decodeBatch(dets, pred);
  return Array.from({ length: shots }, (_, e) => pred.get(e, 0));
}

/** Brute force: the observable flip of the lowest-weight pattern with the same syndrome (unique for odd n). */
function bruteForce(n: number, weights: number[]): boolean[] {
  const syndrome = (e: number) => (e ^ (e >> 1)) & ((1 << (n - 1)) - 1);
  const cost = (e: number) => weights.reduce((c, w, j) => c + (((e >> j) & 1) === 1 ? w : 0), 0);
  return Array.from({ length: 1 << n }, (_, e) => {
    let best = -1;
    for (let f = 0; f < 1 << n; f++)
      if (syndrome(f) === syndrome(e) && (best < 0 || cost(f) < cost(best))) best = f;
    return (best & 1) === 1;
  });
}

describe('decoderFromCheckMatrix (PyMatching from_check_matrix)', () => {
  it('matches brute-force minimum weight on every error pattern of a length-7 repetition code', () => {
    const n = 7;
    const want = bruteForce(n, Array<number>(n).fill(1));
    for (const decoder of ['mwpm', 'unionfind', 'lookup', 'bposd'])
      assert.deepEqual(decodeAll(repetition(n), decoder, n), want, decoder);
  });

  it('weights change the answer as they should: an expensive bit 0 loses to three cheap bits', () => {
    const n = 5;
    // Bit 0 costs 5, the rest 1: flips {0, 1} (cost 6) are explained by {2, 3, 4} (cost 3) instead.
    const weights = [5, 1, 1, 1, 1];
    const got = decodeAll({ ...repetition(n), weights }, 'mwpm', n);
    assert.deepEqual(got, bruteForce(n, weights));
    assert.notDeepEqual(got, bruteForce(n, Array<number>(n).fill(1)), 'the weights matter in this case');
  });

  it('builds the DEM column by column and names malformed entries', () => {
    const dem = demFromCheckMatrix({
      check: [
        [1, 1, 0],
        [0, 1, 1],
      ],
      observables: [[1, 0, 0]],
      errorProbabilities: [0.1, 0.2, 0.3],
    });
    assert.deepEqual(
      dem.errors.map((e) => [e.probability, e.detectors, e.observables]),
      [
        [0.1, [0], [0]],
        [0.2, [0, 1], []],
        [0.3, [1], []],
      ],
    );
    assert.equal(
      demFromCheckMatrix({ check: [[1]], weights: [Math.log(9)] }).errors[0].probability.toFixed(12),
      (0.1).toFixed(12),
    );
    const bad = (spec: Parameters<typeof demFromCheckMatrix>[0], re: RegExp) =>
      assert.throws(
        () => demFromCheckMatrix(spec),
        (e: unknown) => e instanceof ValidationError && re.test(e.message),
      );
    bad({ check: [[1, 2]] }, /check\[0\]\[1\] must be 0 or 1, got 2/);
    bad({ check: [[1, 1], [1]] }, /check\[1\] must have 2 entries/);
    bad({ check: [[1, 1]], weights: [1] }, /weights has 1 entries for 2 errors/);
    bad({ check: [[1]], errorProbabilities: [1] }, /errorProbabilities\[0\] must be in \(0, 1\)/);
  });
});
