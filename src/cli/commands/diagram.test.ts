import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryIO } from '../io.js';
import { main } from '../main.js';

const CIRCUIT = [
  'QUBIT_COORDS(0, 0) 0',
  'QUBIT_COORDS(1, 0) 1',
  'QUBIT_COORDS(2, 0) 2',
  'R 0 1 2',
  'TICK',
  'CX 0 1',
  'TICK',
  'CX 2 1',
  'TICK',
  'X_ERROR(0.1) 0 2',
  'M 1',
  'DETECTOR(1, 0) rec[-1]',
  'M 0 2',
  'DETECTOR(0, 1) rec[-1] rec[-2] rec[-3]',
  'OBSERVABLE_INCLUDE(0) rec[-2]',
].join('\n');

async function run(args: string[], files: Record<string, string> = { 'c.stim': CIRCUIT }): Promise<MemoryIO> {
  const io = new MemoryIO(files);
  io.err = '';
  (io as { code?: number }).code = await main(['diagram', ...args], io);
  return io;
}
const code = (io: MemoryIO): number | undefined => (io as { code?: number }).code;

describe('qec diagram', () => {
  it('timeline-svg, detslice-svg and matchgraph-svg of a small circuit, to stdout by default', async () => {
    const tl = await run(['--in', 'c.stim', '--type', 'timeline-svg']);
    assert.equal(code(tl), 0, tl.err);
    assert.match(tl.out, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.equal(tl.out.split('<g class="op"').length - 1, 3 + 2 + 2 + 3);
    // At the instant of the first TICK the detector on M 1 is Z0·Z1·Z2 (back through both CNOTs).
    const ds = await run(['--in', 'c.stim', '--type', 'detslice-svg', '--tick', '1']);
    assert.equal(code(ds), 0, ds.err);
    assert.match(ds.out, /data-detector="0" data-coords="1,0" data-terms="Z0\*Z1\*Z2"/);
    // Two detectors; X_ERROR on qubit 0 flips M 0, in D1 and in L0: a boundary edge of D1 crossing L0.
    const mg = await run(['--in', 'c.stim', '--type', 'matchgraph-svg']);
    assert.equal(code(mg), 0, mg.err);
    assert.equal(mg.out.split('<circle class="detector"').length - 1, 2);
    assert.match(mg.out, /class="boundary-edge" data-detectors="1" data-obs="1"/);
  });

  it('bad ticks, an unknown type and a DEM where a circuit is needed: one line each, exit 2 or 1', async () => {
    for (const [args, want, re] of [
      [['--type', 'detslice-svg', '--tick', '5:3'], 2, /half-open/],
      [['--type', 'detslice-svg', '--tick', 'x'], 2, /--tick expects T or A:B/],
      [['--type', 'timeline-3d'], 2, /expected one of timeline-svg, detslice-svg, matchgraph-svg/],
      [['--type', 'detslice-svg', '--filter-coords', 'L0'], 2, /observables are not drawn/],
    ] as const) {
      const io = await run(['--in', 'c.stim', ...args]);
      assert.equal(code(io), want, io.err);
      assert.match(io.err, re);
      assert.equal(io.err.trim().split('\n').length, 1);
    }
    const io = await run(['--in', 'm.dem', '--type', 'timeline-svg'], { 'm.dem': 'error(0.1) D0\n' });
    assert.equal(code(io), 1);
    assert.match(io.err, /^m\.dem:1:1: unknown instruction 'error'/);
  });
});
