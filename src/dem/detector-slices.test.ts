import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCircuit } from '../circuit/parser.js';
import { detectorSlices } from './detector-slices.js';

const VECTORS = new URL('../../../shared/vectors/circuits/', import.meta.url);
const TESTDATA = new URL('./testdata/', import.meta.url);

/**
 * Our slices at every TICK, as the lines `TICK D<id> TERMS` of the Stim fixtures (their tick t,
 * the t-th TICK counting from 0, is our tick t + 1: tick 0 is the start of the circuit).
 */
function ourLines(circuitText: string): string[] {
  const c = parseCircuit(circuitText);
  const ticks = Array.from({ length: c.stats().numTicks }, (_, t) => t + 1);
  const slices = detectorSlices(c, ticks);
  const lines: string[] = [];
  for (const t of ticks)
    for (const [d, terms] of slices.get(t)!)
      lines.push(`${t - 1} D${d} ${terms.map((x) => `${x.pauli}${x.qubit}`).join('*')}`);
  return lines;
}

describe('detectorSlices (Stim detecting_regions)', () => {
  for (const name of ['surface_code-rotated_memory_z-d3-r3-p0.001', 'color_code-memory_xyz-d3-r3-p0.001'])
    it(`every tick and detector of ${name} matches Stim's detecting_regions`, () => {
      const want = readFileSync(new URL(`${name}.detecting-regions.txt`, TESTDATA), 'utf8')
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#'));
      const got = ourLines(readFileSync(new URL(`${name}.stim`, VECTORS), 'utf8'));
      assert.ok(want.length > 100);
      assert.deepEqual(got, want);
    });

  it('a small exact case: Z on the measured qubit spreads back through CNOTs; an RX-H-M detector is X then Z', () => {
    const c = parseCircuit(
      'R 0 1 2\nTICK\nCX 0 1\nTICK\nCX 2 1\nTICK\nM 1\nDETECTOR rec[-1]\nRX 3\nTICK\nH 3\nTICK\nM 3\nDETECTOR rec[-1]',
    );
    const s = detectorSlices(c, [0, 1, 2, 3, 4, 5, 9]);
    const fmt = (t: number): string[] =>
      [...s.get(t)!].map(([d, terms]) => `D${d}:${terms.map((x) => x.pauli + x.qubit).join('')}`);
    // Tick 0 is the start: before R, no detector is sensitive to anything.
    assert.deepEqual(fmt(0), []);
    assert.deepEqual(fmt(1), ['D0:Z0Z1Z2']);
    assert.deepEqual(fmt(2), ['D0:Z1Z2']);
    assert.deepEqual(fmt(3), ['D0:Z1']);
    // Qubit 3 is reset after the third TICK: D1 is X3 between RX and H, Z3 after H; D0 is measured by then.
    assert.deepEqual(fmt(4), ['D1:X3']);
    assert.deepEqual(fmt(5), ['D1:Z3']);
    assert.deepEqual(fmt(9), []);
  });
});
