import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LimitError, ParseError } from '../base/errors.js';
import { MAX_REPEAT_NESTING, parseCircuit } from './parser.js';
import { printCircuit } from './printer.js';
import type { Instruction, RepeatBlock } from './circuit.js';
import { Circuit } from './circuit.js';
import { COMBINER_TARGET, pauliTarget, qubitTarget, recordTarget, sweepTarget } from './target.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vectors = path.resolve(repoRoot, '../shared/vectors');

function inst(c: Circuit, i: number): Instruction {
  const item = c.items[i];
  if (item.kind !== 'instruction') throw new Error(`item ${i} is a REPEAT block`);
  return item;
}

/** Asserts that parsing `text` throws a ParseError at (line, column) whose reason matches `re`. */
function assertParseError(text: string, line: number, column: number, re: RegExp): void {
  let err: unknown;
  try {
    parseCircuit(text, 'test.stim');
  } catch (e) {
    err = e;
  }
  assert.ok(
    err instanceof ParseError,
    `expected a ParseError for ${JSON.stringify(text)}, got ${String(err)}`,
  );
  assert.match(err.reason, re, `reason for ${JSON.stringify(text)}`);
  assert.equal(err.line, line, `line for ${JSON.stringify(text)}: ${err.message}`);
  assert.equal(err.column, column, `column for ${JSON.stringify(text)}: ${err.message}`);
  assert.equal(err.source, 'test.stim');
  // The message quotes the line and puts a caret under the column.
  const lines = err.message.split('\n');
  assert.equal(lines[0], `test.stim:${line}:${column}: ${err.reason}`);
  assert.equal(lines[2].indexOf('^'), 4 + column - 1);
}

describe('parseCircuit: syntax', () => {
  it('parses gates, args, targets of every kind', () => {
    const c = parseCircuit(
      'H 0 1\nCX 0 1 2 3\nX_ERROR(0.125) 5\nM 0 !1\nMPP X0*!Y1*Z2 Z3\nDETECTOR(1, -2.5) rec[-1] rec[-2]\nCX rec[-1] 4 sweep[3] 5\nE(0.1) X1 Y2 Z3\nOBSERVABLE_INCLUDE(2) rec[-3] X4\n',
    );
    assert.equal(c.items.length, 9);
    assert.deepEqual(inst(c, 0).targets, [0, 1]);
    assert.equal(inst(c, 1).gate.name, 'CX');
    assert.deepEqual(inst(c, 2).args, [0.125]);
    assert.deepEqual(inst(c, 3).targets, [qubitTarget(0), qubitTarget(1, true)]);
    assert.deepEqual(inst(c, 4).targets, [
      pauliTarget(0, 1),
      COMBINER_TARGET,
      pauliTarget(1, 2, true),
      COMBINER_TARGET,
      pauliTarget(2, 3),
      pauliTarget(3, 3),
    ]);
    assert.deepEqual(inst(c, 5).args, [1, -2.5]);
    assert.deepEqual(inst(c, 5).targets, [recordTarget(1), recordTarget(2)]);
    assert.deepEqual(inst(c, 6).targets, [recordTarget(1), 4, sweepTarget(3), 5]);
    assert.equal(inst(c, 7).gate.name, 'E');
    assert.deepEqual(inst(c, 8).targets, [recordTarget(3), pauliTarget(4, 1)]);
    assert.equal(c.numMeasurements, 4);
    assert.equal(c.numQubits, 6);
  });

  it('names are case-insensitive and aliases resolve to canonical names', () => {
    const c = parseCircuit(
      'cnot 0 1\nZcX 1 2\nh_xz 0\nCORRELATED_ERROR(0.1) X0\nmz 0\nrz 1\nmrz 2\nsqrt_z 0',
    );
    assert.deepEqual(
      c.items.map((x) => (x as Instruction).gate.name),
      ['CX', 'CX', 'H', 'E', 'M', 'R', 'MR', 'S'],
    );
    assert.equal(printCircuit(c), 'CX 0 1\nCX 1 2\nH 0\nE(0.1) X0\nM 0\nR 1\nMR 2\nS 0');
  });

  it('comments, blank lines, indentation, tabs, CRLF and spaces inside parens', () => {
    const c = parseCircuit(
      '# header\r\n\r\n   H 0  # trailing\r\n\tPAULI_CHANNEL_1( 0.1 ,0.2e-1,0 ) 1\t2 \r\n#end',
    );
    assert.equal(c.items.length, 2);
    assert.deepEqual(inst(c, 1).args, [0.1, 0.02, 0]);
    assert.deepEqual(inst(c, 1).targets, [1, 2]);
    assert.equal(parseCircuit('').items.length, 0);
    assert.equal(parseCircuit('\n\n# only comments\n').items.length, 0);
    // Pauli targets are case-insensitive, combiners may be spaced out.
    assert.deepEqual(inst(parseCircuit('MPP x0 * z1'), 0).targets, [
      pauliTarget(0, 1),
      COMBINER_TARGET,
      pauliTarget(1, 3),
    ]);
  });

  it('tags with escapes', () => {
    const c = parseCircuit(
      'H[my tag] 0\nX_ERROR[a\\Cb\\Bc\\nd\\re](0.1) 0\nREPEAT[loop] 2 {\n  TICK[t]\n}\nI[] 0',
    );
    assert.equal(inst(c, 0).tag, 'my tag');
    assert.equal(inst(c, 1).tag, 'a]b\\c\nd\re');
    const r = c.items[2] as RepeatBlock;
    assert.equal(r.tag, 'loop');
    assert.equal(inst(r.body, 0).tag, 't');
    assert.equal(inst(c, 3).tag, '');
    assert.equal(
      printCircuit(c),
      'H[my tag] 0\nX_ERROR[a\\Cb\\Bc\\nd\\re](0.1) 0\nREPEAT[loop] 2 {\n    TICK[t]\n}\nI 0',
    );
  });

  it('REPEAT blocks are kept as nested blocks, and counts multiply', () => {
    const c = parseCircuit(
      'R 0\nREPEAT 3 {\n  M 0\n  REPEAT 1000000 {\n    MR 0\n    DETECTOR rec[-1] rec[-2]\n  }\n}\nM 0',
    );
    assert.equal(c.items.length, 3);
    const outer = c.items[1] as RepeatBlock;
    assert.equal(outer.kind, 'repeat');
    assert.equal(outer.repetitions, 3);
    const inner = outer.body.items[1] as RepeatBlock;
    assert.equal(inner.repetitions, 1000000);
    assert.equal(c.numMeasurements, 3 * (1 + 1000000) + 1);
    assert.equal(c.numDetectors, 3000000);
    assert.equal(
      printCircuit(c),
      'R 0\nREPEAT 3 {\n    M 0\n    REPEAT 1000000 {\n        MR 0\n        DETECTOR rec[-1] rec[-2]\n    }\n}\nM 0',
    );
  });

  it('MPAD targets are values, not qubits; heralded noise produces results', () => {
    const c = parseCircuit('MPAD 0 1 1\nHERALDED_ERASE(0.1) 3\nDETECTOR rec[-4]');
    assert.equal(c.numQubits, 4);
    assert.equal(c.numMeasurements, 4);
    assert.equal(parseCircuit('MPAD 1').numQubits, 0);
  });

  it('Circuit.toString prints the Stim text', () => {
    const c = parseCircuit('H 0\nCX 0 1');
    assert.equal(String(c), 'H 0\nCX 0 1');
    assert.equal(c.toString(), printCircuit(c));
  });

  it('extension gates parse with their arguments', () => {
    const c = parseCircuit(
      'T 0\nROT_X(0.5) 1\nU3(1, 2, 3) 0\nCCX 0 1 2\nCSWAP 2 1 0\nAMPLITUDE_DAMP(0.1) 0\nTOFFOLI 0 1 2',
    );
    assert.deepEqual(inst(c, 2).args, [1, 2, 3]);
    assert.equal(inst(c, 6).gate.name, 'CCX');
  });
});

describe('parseCircuit: every instruction of the language', () => {
  it('a circuit using every Stim 1.16 instruction and alias parses and prints canonically', () => {
    const lines = [
      'QUBIT_COORDS(1, 2, 3) 0',
      'I 0',
      'X 1',
      'Y 2',
      'Z 3',
      'TICK',
      'C_XYZ 0',
      'C_NXYZ 1',
      'C_XNYZ 2',
      'C_XYNZ 3',
      'C_ZYX 4',
      'C_NZYX 5',
      'C_ZNYX 6',
      'C_ZYNX 7',
      'H 0',
      'H_XY 0',
      'H_XZ 1',
      'H_YZ 2',
      'H_NXY 3',
      'H_NXZ 4',
      'H_NYZ 5',
      'S 0',
      'S_DAG 0',
      'SQRT_X 0',
      'SQRT_X_DAG 1',
      'SQRT_Y 2',
      'SQRT_Y_DAG 3',
      'SQRT_Z 4',
      'SQRT_Z_DAG 5',
      'CX 0 1',
      'CNOT 0 1',
      'CY 0 1',
      'CZ 0 1',
      'CXSWAP 0 1',
      'SWAPCX 0 1',
      'CZSWAP 0 1',
      'SWAPCZ 0 1',
      'ISWAP 2 3',
      'ISWAP_DAG 4 5',
      'SWAP 6 7',
      'SQRT_XX 0 1',
      'SQRT_XX_DAG 2 3',
      'SQRT_YY 4 5',
      'SQRT_YY_DAG 6 7',
      'SQRT_ZZ 8 9',
      'SQRT_ZZ_DAG 10 11',
      'II 12 13',
      'XCX 0 1',
      'XCY 2 3',
      'XCZ 4 5',
      'YCX 6 7',
      'YCY 8 9',
      'YCZ 10 11',
      'ZCX 12 13',
      'ZCY 14 15',
      'ZCZ 16 17',
      'CORRELATED_ERROR(0.01) X1 Y2 Z3',
      'E(0.01) X1',
      'ELSE_CORRELATED_ERROR(0.02) X4 Y7 Z6',
      'DEPOLARIZE1(0.02) 0',
      'DEPOLARIZE2(0.03) 1 2',
      'PAULI_CHANNEL_1(0.01, 0.02, 0.03) 3',
      'PAULI_CHANNEL_2(0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009, 0.01, 0.011, 0.012, 0.013, 0.014, 0.015) 4 5',
      'X_ERROR(0.01) 0',
      'Y_ERROR(0.02) 1',
      'Z_ERROR(0.03) 2',
      'HERALDED_ERASE(0.04) 3',
      'HERALDED_PAULI_CHANNEL_1(0.01, 0.02, 0.03, 0.04) 6',
      'I_ERROR(0.06) 7',
      'II_ERROR(0.07) 8 9',
      'MPP X0*Y1*Z2 Z0*Z1',
      'SPP X0*Y1*Z2 X3',
      'SPP_DAG X0*Y1*Z2 X2',
      'M 0',
      'MZ 5 6',
      'MX 3',
      'MY 4',
      'MR 0',
      'MRX 0',
      'MRY 1',
      'MRZ 2',
      'R 0',
      'RX 7',
      'RY 8',
      'RZ 9',
      'MXX 0 1 2 3',
      'MYY 4 5',
      'MZZ 6 7',
      'REPEAT 3 {',
      '    H 0',
      '    CX 0 1',
      '    M 1',
      '    TICK',
      '}',
      'MR(0.01) 0',
      'SHIFT_COORDS(1, 2, 3)',
      'DETECTOR(1, 2, 3) rec[-1]',
      'OBSERVABLE_INCLUDE(0) rec[-1]',
      'MPAD 0 1 0',
      'OBSERVABLE_INCLUDE(1) Z2 Z3',
      'MRX !0',
      'MZZ !2 3',
      'MYY !4 !5',
      'MPP X6*!Y7*Z8',
      'CX rec[-1] 0',
      'CY sweep[0] 1',
      'CZ 2 rec[-1]',
    ];
    const c = parseCircuit(lines.join('\n'));
    const alias: Record<string, string> = {
      H_XZ: 'H',
      SQRT_Z: 'S',
      SQRT_Z_DAG: 'S_DAG',
      CNOT: 'CX',
      ZCX: 'CX',
      ZCY: 'CY',
      ZCZ: 'CZ',
      SWAPCZ: 'CZSWAP',
      CORRELATED_ERROR: 'E',
      MZ: 'M',
      MRZ: 'MR',
      RZ: 'R',
    };
    const canonical = lines.map((l) => {
      const m = /^(\s*)(\w*)(.*)$/.exec(l) as RegExpExecArray;
      return m[1] + (alias[m[2]] ?? m[2]) + m[3];
    });
    assert.equal(printCircuit(c), canonical.join('\n'));
    // Results, counted by hand per line: HERALDED_ERASE 1, HERALDED_PAULI_CHANNEL_1 1, MPP 2,
    // M 1, MZ 2, MX 1, MY 1, MR 1, MRX 1, MRY 1, MRZ 1, MXX 2, MYY 1, MZZ 1, REPEAT 3 × M 1,
    // MR 1, MPAD 3, MRX 1, MZZ 1, MYY 1, MPP 1.
    assert.equal(
      c.numMeasurements,
      1 + 1 + 2 + 1 + 2 + 1 + 1 + 1 + 1 + 1 + 1 + 2 + 1 + 1 + 3 + 1 + 3 + 1 + 1 + 1 + 1,
    );
    assert.equal(c.numDetectors, 1);
    assert.equal(c.numObservables, 2);
    assert.equal(c.stats().numSweepBits, 1);
    assert.equal(c.stats().numTicks, 1 + 3);
    assert.equal(c.numQubits, 18);
  });
});

describe('parseCircuit: errors carry line and column', () => {
  it('unknown gate, with suggestions', () => {
    assertParseError('H 0\n  CNTO 0 1', 2, 3, /unknown instruction 'CNTO'.*'CNOT'/);
    assertParseError('H 0\nFOO_BAR_BAZ 1', 2, 1, /unknown instruction 'FOO_BAR_BAZ'/);
    assertParseError('5 0', 1, 1, /expected an instruction name/);
  });

  it('wrong argument counts', () => {
    assertParseError('X_ERROR 0', 1, 9, /X_ERROR takes 1 parenthesised argument but was given 0/);
    assertParseError('H(0.1) 0', 1, 2, /H takes 0 parenthesised arguments but was given 1/);
    assertParseError('M(0.1, 0.2) 0', 1, 2, /takes 0 or 1/);
    assertParseError('H 0\nPAULI_CHANNEL_1(0.1) 0', 2, 16, /takes 3 parenthesised arguments/);
    assertParseError('ROT_X 0', 1, 7, /ROT_X takes 1/);
    assertParseError('REPEAT(2) 3 {\n}', 1, 7, /REPEAT takes no parenthesised arguments/);
  });

  it('probabilities outside [0, 1] or summing past 1; non-integer observable index', () => {
    assertParseError('X_ERROR(1.5) 0', 1, 8, /probabilities in \[0, 1\].*1\.5/);
    assertParseError('DEPOLARIZE1(-0.1) 0', 1, 12, /probabilities/);
    assertParseError('PAULI_CHANNEL_1(0.5, 0.5, 0.5) 0', 1, 16, /sum to 1\.5, more than 1/);
    assertParseError('M(2) 0', 1, 2, /probabilities/);
    assertParseError('OBSERVABLE_INCLUDE(0.5) rec[-1]', 1, 19, /non-negative integer/);
    assertParseError('OBSERVABLE_INCLUDE(-1) rec[-1]', 1, 19, /non-negative integer/);
  });

  it('bad numbers', () => {
    assertParseError('X_ERROR(0.1.2) 0', 1, 9, /'0\.1\.2' is not a number/);
    assertParseError('X_ERROR(abc) 0', 1, 9, /'abc' is not a number/);
    assertParseError('X_ERROR(0.1 0', 1, 13, /expected ',' or '\)'/);
    assertParseError('X_ERROR(0.1', 1, 12, /unterminated argument list/);
    assertParseError('X_ERROR() 0', 1, 9, /expected a number/);
    assertParseError('DETECTOR(1e999) rec[-1]', 1, 10, /out of the range/);
  });

  it('pair gates: odd target counts and repeated qubits', () => {
    assertParseError('CX 0 1 2', 1, 8, /CX takes targets in pairs, but was given 3 targets/);
    assertParseError('H 0\nDEPOLARIZE2(0.1) 4', 2, 18, /pairs/);
    assertParseError('CX 0 1 2 2', 1, 10, /same target twice/);
    assertParseError('SWAP 3 3', 1, 8, /same target twice/);
    assertParseError('CCX 0 1', 1, 7, /triples/);
    assertParseError('CCX 0 1 0', 1, 9, /same target twice/);
  });

  it('record and sweep targets only where allowed', () => {
    assertParseError('M 0\nH rec[-1]', 2, 3, /H cannot take a measurement record/);
    assertParseError('M 0\nM rec[-1]', 2, 3, /cannot take a measurement record/);
    assertParseError('M 0\nCX 0 rec[-1]', 2, 6, /only be the control/);
    assertParseError('M 0\nXCZ rec[-1] 0', 2, 5, /only be the Z side/);
    assertParseError('XCX sweep[0] 1', 1, 5, /XCX cannot take a sweep bit/);
    assertParseError('DETECTOR 0', 1, 10, /measurement records rec\[-k\], not qubits/);
    assertParseError('DETECTOR sweep[1]', 1, 10, /not sweep bits/);
    assertParseError('rec[-1]', 1, 1, /unknown instruction 'rec'/);
    assertParseError('M 0\nCY 1 2 0 sweep[3]', 2, 10, /only be the control/);
    assertParseError('M 0\nYCZ sweep[3] 0', 2, 5, /only be the Z side/);
    // Allowed positions; two classical bits form a (no-op) classical pair, as Stim accepts.
    parseCircuit(
      'M 0\nCX rec[-1] 1\nCY sweep[2] 1\nCZ 1 rec[-1]\nCZ rec[-1] 1\nXCZ 1 rec[-1]\nYCZ 1 sweep[0]\nCX rec[-1] sweep[0]\nCX 1 2 rec[-1] 0',
    );
  });

  it('rec[-k] reaching before the start of the record', () => {
    assertParseError('DETECTOR rec[-1]', 1, 10, /rec\[-1\] looks back further .* \(0 results so far/);
    assertParseError('M 0 1\nDETECTOR rec[-1] rec[-3]', 2, 18, /rec\[-3\].*2 results/);
    // Inside a loop only the first iteration's view counts.
    assertParseError('M 0\nREPEAT 5 {\n    M 0\n    DETECTOR rec[-3]\n}', 4, 14, /rec\[-3\]/);
    parseCircuit('M 0\nREPEAT 5 {\n    M 0\n    DETECTOR rec[-2]\n}\nDETECTOR rec[-6]');
    assertParseError('M 0\nREPEAT 5 {\n    M 0\n}\nDETECTOR rec[-7]', 5, 10, /6 results/);
    assertParseError('M 0\nDETECTOR rec[-0]', 2, 10, /rec\[-0\]/);
    assertParseError('M 0\nDETECTOR rec[1]', 2, 10, /rec\[-k\]/);
  });

  it('braces and REPEAT counts', () => {
    assertParseError('H 0\nREPEAT 2 {\n  H 0\n', 2, 1, /never closed/);
    assertParseError('H 0\n}', 2, 1, /'}' without a matching/);
    assertParseError('REPEAT 0 {\n}', 1, 8, /REPEAT 0 is not allowed/);
    assertParseError('REPEAT {\n}', 1, 8, /needs a repetition count/);
    assertParseError('REPEAT 2\nH 0\n}', 1, 9, /expected '\{'/);
    assertParseError('REPEAT 2.5 {\n}', 1, 8, /whole number/);
    assertParseError('REPEAT 2 { H 0\n}', 1, 12, /unexpected 'H' after '\{'/);
    assertParseError('REPEAT 2 {\n} H 0', 2, 3, /unexpected 'H' after '}'/);
    assertParseError('H 0 {\n}', 1, 5, /only REPEAT opens a block/);
  });

  it('target kinds per gate', () => {
    assertParseError('H !0', 1, 3, /'!' .* only allowed on targets of measurements/);
    assertParseError('H X0', 1, 3, /Pauli targets like 'X0' are only allowed/);
    assertParseError('MPP 0', 1, 5, /MPP takes Pauli targets/);
    assertParseError('MPP X0**X1', 1, 8, /between two Pauli targets/);
    assertParseError('MPP *X0', 1, 5, /between two Pauli targets/);
    assertParseError('MPP X0*', 1, 7, /ends the line/);
    assertParseError('E(0.1) X0*X1', 1, 10, /implicitly/);
    assertParseError('H 0*1', 1, 4, /'\*' combines Pauli targets only/);
    assertParseError('TICK 0', 1, 6, /TICK takes no targets/);
    assertParseError('MPAD 2', 1, 6, /MPAD targets are result values 0 or 1/);
    assertParseError('MPAD !1', 1, 6, /'!'/);
    assertParseError('H 0a', 1, 4, /unexpected 'a'/);
    assertParseError('H 0 foo', 1, 5, /unrecognized target 'foo'/);
    assertParseError('H 16777216', 1, 3, /too large/);
  });

  it('tags', () => {
    assertParseError('H[abc 0', 1, 2, /unterminated tag/);
    assertParseError('H[a\\x] 0', 1, 4, /unknown escape '\\x'/);
  });
});

describe('parseCircuit: the Stim reference circuits', () => {
  const files: string[] = [];
  for (const dir of ['circuits', 'bench'])
    for (const f of readdirSync(path.join(vectors, dir)).sort())
      if (f.endsWith('.stim')) files.push(path.join(dir, f));

  /** Stim's file minus the `# ...` header comment lines and the final newline (str(circuit)). */
  const canonical = (text: string) =>
    text
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n')
      .replace(/\n+$/, '');

  it('finds the vector files', () => assert.ok(files.length >= 18, `${files.length} files`));

  for (const f of files) {
    it(`${f}: print(parse(text)) is Stim's own text, and stats match the DEM and the layout`, () => {
      const text = readFileSync(path.join(vectors, f), 'utf8');
      const c = parseCircuit(text, f);
      assert.equal(printCircuit(c), canonical(text));
      // Expected numbers from the name (code, distance d, rounds r) and from the DEM file.
      const toric = /^circuits\/toric-L(\d+)-code-capacity-x-p/.exec(f);
      if (toric !== null) {
        // qec gen's toric code: 2L² data and 2L² check qubits, one X-type observable per handle, one round.
        const L = Number(toric[1]);
        assert.equal(c.numQubits, 4 * L * L);
        assert.equal(c.numObservables, 2);
        return;
      }
      const m = /^(?:circuits|bench)\/(\w+)-(\w+)-d(\d+)-r(\d+)-p/.exec(f);
      assert.ok(m !== null, f);
      const [, code, task, ds, rs] = m;
      const d = Number(ds);
      const r = Number(rs);
      if (code === 'surface_code' && task.startsWith('rotated')) {
        assert.equal(c.numMeasurements, r * (d * d - 1) + d * d);
        // First and last rounds compare (d²-1)/2 stabilizers each, the r-1 middle rounds all d²-1.
        assert.equal(c.numDetectors, r * (d * d - 1));
      }
      if (code === 'repetition_code') {
        assert.equal(c.numMeasurements, r * (d - 1) + d);
        assert.equal(c.numQubits, 2 * d - 1);
        assert.equal(c.numDetectors, (r + 1) * (d - 1));
      }
      assert.equal(c.numObservables, 1);
      const demPath = path.join(vectors, 'dems', path.basename(f).replace(/\.stim$/, '.dem'));
      if (f.startsWith('circuits')) {
        const dem = readFileSync(demPath, 'utf8');
        let maxD = -1;
        for (const mm of dem.matchAll(/\bD(\d+)\b/g)) maxD = Math.max(maxD, Number(mm[1]));
        assert.equal(c.numDetectors, maxD + 1, 'detectors vs DEM');
      }
    });
  }
});

describe('parseCircuit: structure of a Circuit built by hand round-trips', () => {
  it('print → parse gives the same items', () => {
    const c = new Circuit();
    const h = parseCircuit('H 0');
    c.push(inst(h, 0));
    assert.equal(printCircuit(parseCircuit(printCircuit(c))), 'H 0');
  });
});

describe('parseCircuit: limits', () => {
  const nest = (n: number): string => 'REPEAT 2 {\n'.repeat(n) + 'M 0\n' + '}\n'.repeat(n);

  it('REPEAT blocks nest up to MAX_REPEAT_NESTING deep; one more is a LimitError at the block', () => {
    const ok = parseCircuit(nest(MAX_REPEAT_NESTING));
    assert.equal(ok.numMeasurements, 2 ** MAX_REPEAT_NESTING);
    assert.throws(
      () => parseCircuit(nest(MAX_REPEAT_NESTING + 1), 'deep.stim'),
      (e: unknown) =>
        e instanceof LimitError &&
        e.message ===
          `deep.stim:${MAX_REPEAT_NESTING + 1}:1: REPEAT blocks nested more than ${MAX_REPEAT_NESTING} deep`,
    );
  });

  it('a huge unknown name is quoted as an excerpt, and its line as a window around the column', () => {
    const name = 'Q'.repeat(1_000_000);
    assert.throws(
      () => parseCircuit(`H 0\n${name} 0\n`, 'big.stim'),
      (e: unknown) => {
        assert.ok(e instanceof ParseError);
        assert.equal(
          e.headline,
          `big.stim:2:1: unknown instruction '${'Q'.repeat(60)}… (1000000 characters)' (not a gate of Stim 1.16 nor one of the extensions T, ROT_X/Y/Z, U3, CCX, CSWAP, AMPLITUDE_DAMP, PHASE_DAMP)`,
        );
        assert.ok(e.message.length < 600, `message of ${e.message.length} characters`);
        return true;
      },
    );
    // The caret still points at the column inside the quoted window.
    const line = `H ${'0 '.repeat(500)}x`;
    assert.throws(
      () => parseCircuit(line),
      (e: unknown) => {
        assert.ok(e instanceof ParseError);
        const [, quoted, caret] = e.message.split('\n');
        assert.equal(quoted.trim().length <= 162, true);
        assert.equal(quoted[caret.indexOf('^')], 'x');
        return true;
      },
    );
  });
});
