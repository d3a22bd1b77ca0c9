// The frame sampler's noise injection on its two paths: the WebAssembly kernels (noise, flip,
// noise_dense, flip_dense in src/wasm/frame-kernels.wat) and the TypeScript methods of
// FrameBatchState must draw the same random stream and give the same bits, for every Pauli
// channel kind and measurement flip noise, small p (geometric gaps) and large p (dense rows).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../../base/prng.js';
import { parseCircuit } from '../../circuit/parser.js';
import { compileSampler } from './frame-simulator.js';
import { FRAME_OP, type FrameOp } from './frame-program.js';

/** Probabilities on both sides of the dense threshold (0.05), and p = 1. */
const PROBS = [0.0005, 0.001, 0.004, 0.03, 0.07, 0.2, 0.5, 1];

/**
 * A random circuit of `n` qubits and `layers` layers: Clifford layers between noise of every kind
 * (X/Y/Z_ERROR, DEPOLARIZE1/2, PAULI_CHANNEL_1/2, noisy M/MX/MR/MPP/MPAD), with detectors on
 * consecutive measurements so frame errors reach the output.
 */
function noisyCircuit(n: number, layers: number, rng: Rng): string {
  const lines: string[] = [];
  const p = (): number => PROBS[rng.nextInt(PROBS.length)];
  const all = Array.from({ length: n }, (_, q) => q).join(' ');
  const pairs = (): string => {
    const qs = Array.from({ length: n }, (_, q) => q);
    for (let i = qs.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [qs[i], qs[j]] = [qs[j], qs[i]];
    }
    return qs.slice(0, n & ~1).join(' ');
  };
  let numMeas = 0;
  for (let l = 0; l < layers; l++) {
    lines.push(`H ${rng.nextInt(n)}`, `CX ${pairs()}`);
    switch (rng.nextInt(8)) {
      case 0:
        lines.push(`${'XYZ'[rng.nextInt(3)]}_ERROR(${p()}) ${all}`);
        break;
      case 1:
        lines.push(`DEPOLARIZE1(${p() / 2}) ${all}`);
        break;
      case 2:
        lines.push(`DEPOLARIZE2(${p() / 2}) ${pairs()}`);
        break;
      case 3: {
        const a = p() / 4;
        lines.push(`PAULI_CHANNEL_1(${a}, ${a / 2}, ${a / 3}) ${all}`);
        break;
      }
      case 4: {
        const ps = Array.from({ length: 15 }, (_, i) => (p() * ((i % 3) + 1)) / 60);
        lines.push(`PAULI_CHANNEL_2(${ps.join(', ')}) ${pairs()}`);
        break;
      }
      case 5:
        lines.push(`${['M', 'MX', 'MR'][rng.nextInt(3)]}(${p()}) ${all}`);
        numMeas += n;
        break;
      case 6:
        lines.push(`MPP(${p()}) X0*Z1 Z${n - 1}`, `MPAD(${p()}) 0 1`);
        numMeas += 4;
        break;
      default:
        lines.push(`E(${p() / 2}) X0 Z1`, `ELSE_CORRELATED_ERROR(${p() / 2}) Y${n - 1}`);
        break;
    }
  }
  lines.push(`M ${all}`);
  numMeas += n;
  for (let k = 1; k < numMeas; k++) lines.push(`DETECTOR rec[-${k}] rec[-${k + 1}]`);
  lines.push('OBSERVABLE_INCLUDE(0) rec[-1]');
  return lines.join('\n');
}

/** Every sampling entry point on both paths from the same seeds: same bits. */
function assertSameBits(text: string, shots: number, batchShots: number, seed: number): void {
  const c = parseCircuit(text);
  const w = compileSampler(c, { batchShots, wasm: true });
  const t = compileSampler(c, { batchShots, wasm: false });
  assert.equal(w.usesWasmKernels, true);
  assert.equal(t.usesWasmKernels, false);
  const tag = `seed ${seed}, ${shots} shots, batch ${batchShots}:\n${text}`;
  const a = w.sampleDetectors(shots, new Rng(seed));
  const b = t.sampleDetectors(shots, new Rng(seed));
  assert.ok(a.detectors.equals(b.detectors), `detectors differ (${tag})`);
  assert.ok(a.observables.equals(b.observables), `observables differ (${tag})`);
  const sa = w.sample(shots, new Rng(seed + 1));
  const sb = t.sample(shots, new Rng(seed + 1));
  assert.ok(sa.measurements !== undefined && sb.measurements !== undefined);
  assert.ok(sa.measurements.equals(sb.measurements), `measurements differ (${tag})`);
}

describe('frame sampler noise injection: WebAssembly kernels vs the TypeScript path', () => {
  it('random circuits with every noise kind give identical bits (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 24 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 2 ** 31 - 2 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.constantFrom(32, 96, 160, 2048),
        (n, layers, seed, shots, batchShots) => {
          assertSameBits(noisyCircuit(n, layers, new Rng(seed)), shots, batchShots, seed);
        },
      ),
      { seed: 1207, numRuns: 80 },
    );
  });

  it('rare noise over many groups: events cross group and batch boundaries identically', () => {
    // 300 qubits at p = 1e-4 over 4099 shots (not a multiple of 128): about 120 events per
    // channel, most gaps spanning several groups.
    const n = 300;
    const all = Array.from({ length: n }, (_, q) => q).join(' ');
    const pairs = Array.from({ length: n }, (_, q) => q).join(' ');
    const text = [
      `X_ERROR(0.0001) ${all}`,
      `DEPOLARIZE2(0.0001) ${pairs}`,
      `DEPOLARIZE1(0.0001) ${all}`,
      `M(0.0001) ${all}`,
      ...Array.from({ length: n }, (_, k) => `DETECTOR rec[-${k + 1}]`),
    ].join('\n');
    for (const [shots, batch] of [
      [4099, 2048],
      [1000, 160],
      [37, 32],
    ])
      assertSameBits(text, shots, batch, 77 + shots);
    // And the noise is really there: the detectors fire at about the rate the channels give.
    const s = compileSampler(parseCircuit(text));
    const shots = 20000;
    const d = s.sampleDetectors(shots, new Rng(5)).detectors;
    let ones = 0;
    for (let r = 0; r < shots; r++) for (let c = 0; c < n; c++) if (d.get(r, c)) ones++;
    // A detector flips with X_ERROR, X or Y of DEPOLARIZE1 (2/3), 8 of the 15 DEPOLARIZE2 outcomes
    // on its qubit, and the result flip: to first order p · (1 + 2/3 + 8/15 + 1).
    const expected = shots * n * 1e-4 * (1 + 2 / 3 + 8 / 15 + 1);
    assert.ok(Math.abs(ones - expected) < 5 * Math.sqrt(expected), `${ones} vs ${expected.toFixed(0)}`);
  });

  it('by default in Node the kernels run the noise ops (their tables are in the kernels memory)', () => {
    const text = noisyCircuit(6, 40, new Rng(3));
    const s = compileSampler(parseCircuit(text));
    s.sampleDetectors(100, new Rng(1));
    assert.equal(s.usesWasmKernels, true);
    const engine = (s as unknown as { detEngine: { mem: { targets: Map<unknown, number> } } }).detEngine;
    const program = (s as unknown as { program: { ops: FrameOp[] } }).program;
    let noiseOps = 0;
    const visit = (ops: FrameOp[]): void => {
      for (const op of ops) {
        visit(op.body);
        if (op.code !== FRAME_OP.NOISE && op.code !== FRAME_OP.NOISE_DENSE) continue;
        noiseOps++;
        assert.ok(engine.mem.targets.has(op.targets), 'noise targets in kernel memory');
        if (op.code === FRAME_OP.NOISE) {
          assert.ok(engine.mem.targets.has(op.aux), 'outcome masks in kernel memory');
          assert.ok(engine.mem.targets.has(op.cum), 'cumulative probabilities in kernel memory');
        }
      }
    };
    visit(program.ops);
    assert.ok(noiseOps > 0);
  });
});
