import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { BitTable } from '../mem/bit-table.js';
import { parseDem } from '../dem/dem-parser.js';
import { flattenDem } from '../dem/flatten.js';
import { readSamples, SampleBuffer, writeSamples, type SampleFormat } from './sample-formats.js';

const FORMATS: SampleFormat[] = ['01', 'b8', 'r8', 'hits', 'dets', 'ptb64'];
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
const VECTORS = new URL('../../../shared/vectors/', import.meta.url);

function table(rows: number[][], width: number): BitTable {
  const t = new BitTable(rows.length, width);
  rows.forEach((r, s) => r.forEach((k) => t.set(s, k, true)));
  return t;
}

/** A table of random words (xorshift from `seed`), padding bits included. */
function randomTable(shots: number, width: number, seed: number): BitTable {
  const t = new BitTable(shots, width);
  let x = seed | 1;
  for (let i = 0; i < t.data.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    t.data[i] = x >>> 0;
  }
  return t;
}

describe('sample formats', () => {
  it('write exact bytes for a small example in every format', () => {
    const t = table([[], [0, 4], [2, 9]], 10);
    assert.equal(dec(writeSamples(t, '01')), '0000000000\n1000100000\n0010000001\n');
    assert.deepEqual([...writeSamples(t, 'b8')], [0, 0, 0x11, 0, 0x04, 0x02]);
    // r8: zeros before each one, then the count of trailing zeros (an implied one past the end).
    assert.deepEqual([...writeSamples(t, 'r8')], [10, 0, 3, 5, 2, 6, 0]);
    assert.equal(dec(writeSamples(t, 'hits')), '\n0,4\n2,9\n');
    assert.equal(
      dec(writeSamples(t, 'dets', { numMeasurements: 2, numDetectors: 7, numObservables: 1 })),
      'shot\nshot M0 D2\nshot D0 L0\n',
    );
    const long = table([[]], 300);
    assert.deepEqual([...writeSamples(long, 'r8')], [255, 45]);
    const t64 = table(
      Array.from({ length: 64 }, (_, s) => (s === 9 ? [1] : [])),
      2,
    );
    const p = writeSamples(t64, 'ptb64');
    assert.equal(p.length, 16);
    assert.equal(p[8 + 1], 0b10); // bit 1, shot 9: byte 1 of its 8-byte word, bit 1
  });

  it('writes b8 bit by bit as Stim lays it out, whatever lies in the padding past the last column', () => {
    // Widths whose rows take the byte, word-packed (8..63 bytes) and block-copy paths, at every
    // misalignment of row starts in the output; rows are filled with random words, padding included.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (width, shots, seed) => {
          const t = randomTable(shots, width, seed);
          const nb = (width + 7) >>> 3;
          const want = new Uint8Array(shots * nb);
          for (let s = 0; s < shots; s++)
            for (let k = 0; k < width; k++) if (t.get(s, k)) want[s * nb + (k >>> 3)] |= 1 << (k & 7);
          assert.deepEqual(writeSamples(t, 'b8'), want, `width ${width}, ${shots} shots`);
          assert.deepEqual(writeSamples(t, 'b8', {}, new SampleBuffer(3)), want);
        },
      ),
      { seed: 5, numRuns: 300 },
    );
  });

  it('writes 01 character by character, eight columns at a time at any row alignment, padding ignored', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (width, shots, seed) => {
          const t = randomTable(shots, width, seed);
          let want = '';
          for (let s = 0; s < shots; s++) {
            for (let k = 0; k < width; k++) want += t.get(s, k) ? '1' : '0';
            want += '\n';
          }
          assert.equal(dec(writeSamples(t, '01')), want, `width ${width}, ${shots} shots`);
          assert.equal(dec(writeSamples(t, '01', {}, new SampleBuffer(5))), want);
        },
      ),
      { seed: 6, numRuns: 300 },
    );
  });

  it('writes r8, hits, dets and ptb64 from the ones of each row, whatever lies in the padding', () => {
    // Reference bytes from t.get bit by bit; the writers scan words and skip zeros.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 3 }),
        (width, groups, seed, sparsity) => {
          const shots = 64 * groups;
          const t = new BitTable(shots, width);
          let x = seed | 1;
          for (let i = 0; i < t.data.length; i++) {
            let v = 0xffffffff;
            for (let r = 0; r <= sparsity; r++) {
              x ^= x << 13;
              x ^= x >>> 17;
              x ^= x << 5;
              v &= x;
            }
            t.data[i] = v >>> 0;
          }
          const r8: number[] = [];
          const hits: string[] = [];
          const ptb = new Uint8Array((shots / 64) * width * 8);
          for (let s = 0; s < shots; s++) {
            const ones: number[] = [];
            for (let k = 0; k < width; k++) if (t.get(s, k)) ones.push(k);
            let prev = -1;
            for (const k of [...ones, width]) {
              let run = k - prev - 1;
              for (; run >= 255; run -= 255) r8.push(255);
              r8.push(run);
              prev = k;
            }
            hits.push(ones.join(',') + '\n');
            for (const k of ones) ptb[(s >>> 6) * width * 8 + k * 8 + ((s & 63) >>> 3)] |= 1 << (s & 7);
          }
          assert.deepEqual([...writeSamples(t, 'r8')], r8, `r8 width ${width}`);
          assert.equal(dec(writeSamples(t, 'hits')), hits.join(''), `hits width ${width}`);
          assert.deepEqual(writeSamples(t, 'ptb64'), ptb, `ptb64 width ${width}`);
          const dets = hits.map(
            (h) =>
              'shot' +
              h
                .trim()
                .split(',')
                .filter((k) => k !== '')
                .map((k) => ` D${k}`)
                .join('') +
              '\n',
          );
          assert.equal(
            dec(writeSamples(t, 'dets', { numDetectors: width })),
            dets.join(''),
            `dets width ${width}`,
          );
        },
      ),
      { seed: 9, numRuns: 200 },
    );
  });

  it('round-trips random tables of every width around word boundaries in every format', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 7, 8, 9, 31, 32, 33, 64, 65, 300),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(...FORMATS),
        (width, groups, seed, format) => {
          // With 0 bits per shot the binary formats hold no bytes at all, so the shot count is lost (as in Stim).
          fc.pre(!(width === 0 && (format === 'b8' || format === 'ptb64')));
          const shots = format === 'ptb64' ? 64 * groups : 1 + groups * 13;
          const t = new BitTable(shots, width);
          let x = seed | 1;
          for (let s = 0; s < shots; s++)
            for (let k = 0; k < width; k++) {
              x ^= x << 13;
              x ^= x >>> 17;
              x ^= x << 5;
              if ((x & 7) === 0) t.set(s, k, true);
            }
          const opts = {
            numMeasurements: width >> 2,
            numObservables: width >> 3,
            numDetectors: width - (width >> 2) - (width >> 3),
          };
          const back = readSamples(writeSamples(t, format, opts), format, width, opts);
          assert.equal(back.numRows, shots, `${format} width ${width}`);
          assert.ok(back.equals(t), `${format} width ${width}`);
        },
      ),
      { seed: 11, numRuns: 400 },
    );
  });

  it('a reused SampleBuffer gives the same bytes as fresh arrays, call after call', () => {
    const buffer = new SampleBuffer();
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(1, 9, 33, 70, 300),
            fc.integer({ min: 0, max: 3 }),
            fc.constantFrom(...FORMATS),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (calls, seed) => {
          let x = seed | 1;
          for (const [width, groups, format] of calls) {
            const shots = format === 'ptb64' ? 64 * groups : 1 + groups * 29;
            const t = new BitTable(shots, width);
            for (let i = 0; i < t.data.length; i++) {
              x ^= x << 13;
              x ^= x >>> 17;
              x ^= x << 5;
              t.data[i] = x & 0x01010101;
            }
            const opts = { numMeasurements: 1, numObservables: 0, numDetectors: width - 1 };
            assert.deepEqual(
              writeSamples(t, format, opts, buffer),
              writeSamples(t, format, opts),
              `${format} ${width}`,
            );
          }
        },
      ),
      { seed: 5, numRuns: 150 },
    );
  });

  it('rejects malformed input naming the place', () => {
    assert.throws(
      () => readSamples(enc('0101\n011\n'), '01', 4, { source: 'a.01' }),
      /a\.01:2:1: expected 4 characters/,
    );
    assert.throws(
      () => readSamples(enc('01x1\n'), '01', 4, { source: 'a.01' }),
      /a\.01:1:3: expected '0' or '1'/,
    );
    assert.throws(() => readSamples(enc('0101'), '01', 4), /missing newline/);
    assert.throws(
      () => readSamples(new Uint8Array(5), 'b8', 12, { source: 'a.b8' }),
      /a\.b8: b8 data of 5 bytes is not a whole number of shots of 2 bytes/,
    );
    assert.throws(() => readSamples(new Uint8Array([3, 9]), 'r8', 5), /passes the end of shot 0/);
    assert.throws(() => readSamples(new Uint8Array([1]), 'r8', 5), /ends in the middle of shot 0/);
    assert.throws(
      () => readSamples(enc('1,7\n'), 'hits', 5, { source: 'h' }),
      /h:1:3: expected a bit index below 5, got '7'/,
    );
    assert.throws(() => readSamples(enc('shot D9\n'), 'dets', 5), /got 'D9'/);
    assert.throws(() => readSamples(enc('shat\n'), 'dets', 5), /expected a line starting with 'shot'/);
    assert.throws(() => writeSamples(new BitTable(10, 3), 'ptb64'), /multiple of 64 shots/);
  });

  it('reads the Stim-produced sample files (b8 detection events, 01 observables)', () => {
    for (const name of [
      'surface_code-rotated_memory_z-d5-r5-p0.005',
      'repetition_code-memory-d5-r5-p0.005',
    ]) {
      const dem = flattenDem(parseDem(readFileSync(new URL(`dems/${name}.dem`, VECTORS), 'utf8')));
      const dets = readSamples(
        readFileSync(new URL(`samples/${name}.dets.b8`, VECTORS)),
        'b8',
        dem.numDetectors,
      );
      const obs = readSamples(
        readFileSync(new URL(`samples/${name}.obs.01`, VECTORS)),
        '01',
        dem.numObservables,
      );
      assert.equal(dets.numRows, 10000);
      assert.equal(obs.numRows, 10000);
      // Each detector fires with probability well below 1/2 and some fire.
      let fired = 0;
      for (let s = 0; s < 10000; s++) for (let d = 0; d < dem.numDetectors; d++) if (dets.get(s, d)) fired++;
      const perDet = fired / (10000 * dem.numDetectors);
      assert.ok(perDet > 0.001 && perDet < 0.2, `${name}: mean detector rate ${perDet}`);
      // b8 writes back byte for byte.
      assert.deepEqual(
        writeSamples(dets, 'b8'),
        new Uint8Array(readFileSync(new URL(`samples/${name}.dets.b8`, VECTORS))),
      );
    }
  });
});
