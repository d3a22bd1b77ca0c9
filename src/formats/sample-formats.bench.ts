import { Rng } from '../base/prng.js';
import { BitTable } from '../mem/bit-table.js';
import { readSamples, writeSamples, type SampleFormat } from './sample-formats.js';

/**
 * MB/s of reading and writing b8 and 01 (120 bits per shot, as d=5 surface-code detectors), and
 * µs per shot of writing the sparse formats.
 */
export async function bench(report: (line: string) => void): Promise<void> {
  const bits = 120;
  const shots = 200_000;
  const rng = new Rng(3);
  const table = new BitTable(shots, bits);
  for (let s = 0; s < shots; s++)
    for (let w = 0; w < 4; w++) table.data[s * table.stride + w] = rng.nextU32();
  for (const fmt of ['b8', '01'] as SampleFormat[]) {
    let bytes = writeSamples(table, fmt);
    const reps = 5;
    let t = performance.now();
    for (let r = 0; r < reps; r++) bytes = writeSamples(table, fmt);
    const wSec = (performance.now() - t) / 1000 / reps;
    readSamples(bytes, fmt, bits);
    t = performance.now();
    for (let r = 0; r < reps; r++) readSamples(bytes, fmt, bits);
    const rSec = (performance.now() - t) / 1000 / reps;
    const mb = bytes.length / 1e6;
    report(
      `${fmt} (${bits} bits/shot, ${shots} shots, ${mb.toFixed(1)} MB): write ${(mb / wSec).toFixed(0)} MB/s, read ${(mb / rSec).toFixed(0)} MB/s`,
    );
  }
  // Sparse formats on detection-event-like rows: 4 896 bits (d = 17, 17 rounds), one bit in 200 set.
  const width = 4896;
  const sparseShots = 19_968;
  const sparse = new BitTable(sparseShots, width);
  for (let s = 0; s < sparseShots; s++)
    for (let k = 0; k < width; k++) if (rng.nextU32() % 200 === 0) sparse.set(s, k, true);
  for (const fmt of ['r8', 'hits', 'dets', 'ptb64'] as SampleFormat[]) {
    writeSamples(sparse, fmt);
    const reps = 3;
    const t = performance.now();
    for (let r = 0; r < reps; r++) writeSamples(sparse, fmt);
    const us = ((performance.now() - t) * 1000) / reps / sparseShots;
    report(`${fmt} (${width} bits/shot, 1 in 200 set, ${sparseShots} shots): write ${us.toFixed(2)} µs/shot`);
  }
  await Promise.resolve();
}
