import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UnsupportedError } from '../../base/errors.js';
import { Rng } from '../../base/prng.js';
import { parseCircuit } from '../../circuit/parser.js';
import { main } from '../../cli/main.js';
import { MemoryIO } from '../../cli/io.js';
import { applyNoise } from '../../noise/apply-noise.js';
import { withoutLeakage } from '../../noise/leakage.js';
import { buildNoiseModel } from '../../noise/noise-models.js';
import { TableauSimulator } from '../tableau/tableau-simulator.js';
import { FRAME_OP, compileFrameProgram, type FrameOp } from './frame-program.js';
import { LEAKAGE_EXTENSION, hasLeakage } from './frame-leakage.js';
import { compileSampler } from './frame-simulator.js';

const SHOTS = 20000;

/** Fraction of ones per measurement result over SHOTS shots. */
function rates(text: string, seed = 1): number[] {
  const m = compileSampler(parseCircuit(text)).sampleMeasurements(SHOTS, new Rng(seed));
  const out: number[] = [];
  for (let k = 0; k < m.numCols; k++) {
    let n = 0;
    for (let s = 0; s < m.numRows; s++) if (m.get(s, k)) n++;
    out.push(n / SHOTS);
  }
  return out;
}

/** Asserts `got` is within 5 binomial sigma of `p` (exact 0 or 1 must be exact). */
function near(got: number, p: number, what: string): void {
  const sigma = Math.sqrt((p * (1 - p)) / SHOTS);
  assert.ok(Math.abs(got - p) <= 5 * sigma, `${what}: ${got} vs ${p} (±${(5 * sigma).toFixed(4)})`);
}

function codes(ops: readonly FrameOp[], out: number[] = []): number[] {
  for (const op of ops) {
    out.push(op.code);
    codes(op.body, out);
  }
  return out;
}

describe('frame sampler: leakage (LEAK / SEEP / LRU)', () => {
  it('a leaked qubit reads out uniformly random results, in any basis and after resets', () => {
    const [a, b] = rates('X 0\nLEAK(1) 0\nM 0 1');
    near(a, 0.5, 'M of a leaked qubit');
    assert.equal(b, 0, 'the other qubit is untouched');
    const [c, d, e] = rates('LEAK(1) 0\nMX 0\nR 0\nM 0\nMR 0');
    near(c, 0.5, 'MX');
    near(d, 0.5, 'M after R (resets do not remove leakage)');
    near(e, 0.5, 'MR');
    near(rates('LEAK(1) 0\nMPP Z0*Z1')[0], 0.5, 'MPP');
  });

  it('LEAK(p) leaks each target with probability p, once', () => {
    // X 0: unleaked reads 1, leaked reads 1/2: P(1) = (1 - p) + p/2.
    near(rates('X 0\nLEAK(0.3) 0\nM 0')[0], 0.85, 'LEAK(0.3)');
    near(rates('X 0\nLEAK(0.3) 0\nLEAK(0.3) 0\nM 0')[0], 1 - 0.51 / 2, 'two LEAK(0.3): leaked w.p. 0.51');
  });

  it('a leaked qubit randomises the partner of each two-qubit gate (X and Z parts)', () => {
    near(rates('X 1\nLEAK(1) 0\nCX 0 1\nM 1')[0], 0.5, 'CX, target measured in Z');
    near(rates('RX 1\nLEAK(1) 0\nCZ 0 1\nMX 1')[0], 0.5, 'CZ, partner measured in X');
    near(rates('X 0\nLEAK(1) 1\nSWAP 0 1\nM 0')[0], 0.5, 'SWAP');
    // Without leakage the same circuits are deterministic.
    assert.deepEqual(rates('X 1\nLEAK(0) 0\nCX 0 1\nM 1\nRX 1\nCZ 0 1\nMX 1'), [1, 0]);
  });

  it('LRU returns leaked qubits maximally mixed and leaves others alone', () => {
    const [a, b] = rates('X 1\nLEAK(1) 0\nLRU 0 1\nM 0 1');
    near(a, 0.5, 'returned qubit is maximally mixed');
    assert.equal(b, 1, 'an unleaked qubit keeps its state');
    // After LRU the qubit no longer randomises its partner: CZ with a mixed control leaves Z alone.
    assert.equal(rates('X 1\nLEAK(1) 0\nLRU 0\nCZ 0 1\nM 1')[0], 1);
  });

  it('SEEP(p) returns a leaked qubit with probability p', () => {
    // Still leaked (1 - p): the partner reads 1/2; returned (p): CZ leaves the partner's 1.
    near(rates('X 1\nLEAK(1) 0\nSEEP(0.4) 0\nCZ 0 1\nM 1')[0], 0.6 * 0.5 + 0.4, 'SEEP(0.4)');
    assert.equal(rates('X 1\nSEEP(1) 0\nCZ 0 1\nM 1')[0], 1, 'SEEP on an unleaked qubit does nothing');
  });

  it('leakage persists across REPEAT iterations until removed', () => {
    const r = rates('X 1\nLEAK(1) 0\nREPEAT 3 {\n  CX 0 1\n  M 1\n}\nLRU 0\nR 1\nCX 0 1\nCX 0 1\nM 1');
    for (let i = 0; i < 3; i++) near(r[i], 0.5, `round ${i}`);
    assert.equal(r[3], 0, 'after LRU, CX·CX is the identity on the partner');
  });

  it('circuits without leakage compile to the plain program (no hooks), with it the hooks are added', () => {
    const plain = parseCircuit('H 0\nCX 0 1\nM 0 1\nDETECTOR rec[-1] rec[-2]');
    assert.equal(hasLeakage(plain), false);
    const p = compileFrameProgram(plain);
    assert.equal(p.leakage, false);
    const leakCodes = [
      FRAME_OP.LEAK,
      FRAME_OP.SEEP,
      FRAME_OP.LRU,
      FRAME_OP.LEAK_PARTNERS,
      FRAME_OP.LEAK_MEASURE,
    ];
    assert.ok(!codes(p.ops).some((c) => (leakCodes as number[]).includes(c)));
    const leaky = parseCircuit('H 0\nREPEAT 2 {\n  CX 0 1\n  LEAK(0.1) 0 1\n  M 0 1\n}');
    assert.equal(hasLeakage(leaky), true);
    const q = compileFrameProgram(leaky, LEAKAGE_EXTENSION);
    assert.equal(q.leakage, true);
    assert.deepEqual(codes(q.ops), [
      FRAME_OP.SQ_SWAP,
      FRAME_OP.REPEAT,
      FRAME_OP.CX,
      FRAME_OP.LEAK_PARTNERS,
      FRAME_OP.LEAK,
      FRAME_OP.LEAK_MEASURE,
      FRAME_OP.MEASURE,
    ]);
  });

  // (LEAK(p) and SEEP(p) with p > 0 draw from the random stream even when nothing leaks, so the
  // property uses LRU, zero-probability LEAK/SEEP and the hooks around every gate and measurement.)
  it('property: with nothing leaked, the hooks change no bit of any sample (same seed)', () => {
    const n = 4;
    const instr = fc.oneof(
      fc.tuple(fc.constantFrom('H', 'S', 'SQRT_X'), fc.nat(n - 1)).map(([g, a]) => `${g} ${a}`),
      fc
        .tuple(fc.constantFrom('CX', 'CZ', 'SWAP', 'ISWAP'), fc.nat(n - 1), fc.nat(n - 2))
        .map(([g, a, b]) => `${g} ${a} ${b >= a ? b + 1 : b}`),
      fc.tuple(fc.constantFrom('M', 'MX', 'MR', 'R'), fc.nat(n - 1)).map(([g, a]) => `${g} ${a}`),
      fc
        .tuple(fc.constantFrom('X_ERROR(0.2)', 'DEPOLARIZE1(0.3)'), fc.nat(n - 1))
        .map(([g, a]) => `${g} ${a}`),
      fc.nat(n - 1).map((a) => `LRU ${a}`),
      fc.nat(n - 1).map((a) => `LEAK(0) ${a}\nSEEP(0) ${a}`),
    );
    fc.assert(
      fc.property(fc.array(instr, { minLength: 1, maxLength: 20 }), fc.nat(1000), (lines, seed) => {
        const text = [...lines, 'M 0 1 2 3'].join('\n');
        const leaky = parseCircuit(text);
        const plain = withoutLeakage(leaky);
        const a = compileSampler(leaky).sampleMeasurements(100, new Rng(seed));
        const b = compileSampler(plain).sampleMeasurements(100, new Rng(seed));
        assert.deepEqual(a.data, b.data);
      }),
      { numRuns: 60, seed: 4 },
    );
  });
});

describe('leakage outside the frame sampler', () => {
  it('the tableau simulator refuses it when sampling and skips it in the reference run', () => {
    const c = parseCircuit('LEAK(0.1) 0\nM 0');
    assert.throws(() => new TableauSimulator(1, new Rng(1)).run(c), UnsupportedError);
    assert.throws(() => new TableauSimulator(1, new Rng(1)).run(c), /LEAK is a leakage instruction/);
    assert.equal(compileSampler(c).sampleMeasurements(10, new Rng(1)).numRows, 10);
  });

  it('qec sample and qec analyze-errors refuse it with file:line:col; qec detect runs it', async () => {
    const text = 'R 0\nX_ERROR(0.1) 0\n  LEAK(0.1) 0\nM 0\nDETECTOR rec[-1]\n';
    for (const argv of [
      ['sample', '--in', 'c.stim', '--shots', '2'],
      ['sample', '--sim', 'statevector', '--in', 'c.stim', '--shots', '2'],
      ['analyze-errors', '--in', 'c.stim'],
    ]) {
      const io = new MemoryIO({ 'c.stim': text });
      assert.equal(await main(argv, io), 1, argv.join(' '));
      assert.match(io.err, /^c\.stim:3:3: gate LEAK is a leakage instruction/, argv.join(' '));
      assert.equal(io.err.trim().split('\n').length, 1);
    }
    const io = new MemoryIO({ 'c.stim': text });
    assert.equal(await main(['detect', '--in', 'c.stim', '--shots', '4', '--workers', '0'], io), 0, io.err);
  });

  it('noise models emit LEAK/SEEP after two-qubit gates and LRU at rounds; withoutLeakage strips them', () => {
    const c = parseCircuit('I[round] 0 1\nCX 0 1\nTICK\nM 1');
    const m = buildNoiseModel('uniform', { p: 0.001, leak: 0.002, seep: 0.01, lru: 1 });
    const text = applyNoise(c, m).toString();
    assert.match(text, /LRU 0 1\n/);
    assert.match(text, /CX 0 1\nDEPOLARIZE2\(0\.001\) 0 1\nLEAK\(0\.002\) 0 1\nSEEP\(0\.01\) 0 1\n/);
    const stripped = withoutLeakage(applyNoise(c, m)).toString();
    assert.doesNotMatch(stripped, /LEAK|SEEP|LRU/);
    assert.doesNotMatch(applyNoise(c, buildNoiseModel('uniform', { p: 0.001 })).toString(), /LEAK|SEEP|LRU/);
    assert.throws(() => buildNoiseModel('uniform', { p: 0.001, lru: 0.5 }), /'lru' = 0.5 must be 0 or 1/);
  });
});
