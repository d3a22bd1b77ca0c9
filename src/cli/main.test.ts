import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { main } from './main.js';
import { readFileSync } from 'node:fs';
import { MemoryIO } from './io.js';
import { COMMANDS, loadAllCommands } from './commands/index.js';
import { decodeMessage, resolveStudy, StudySpecSchema } from '../protocol/index.js';

async function run(
  argv: string[],
  files: Record<string, string> = {},
): Promise<{ code: number; io: MemoryIO }> {
  const io = new MemoryIO(files);
  const code = await main(argv, io);
  return { code, io };
}

describe('qec command line', () => {
  it('lists every command in --help and gives each its own --help', async () => {
    const { code, io } = await run(['--help']);
    assert.equal(code, 0);
    const loaded = await loadAllCommands();
    for (const [i, c] of loaded.entries()) {
      assert.equal(c.name, COMMANDS[i].name, 'the table row loads the command it names');
      assert.equal(c.summary, COMMANDS[i].summary, `summary of ${c.name} in commands/index.ts`);
      assert.ok(io.out.includes(`  ${c.name} `) && io.out.includes(c.summary), `--help lacks ${c.name}`);
      const sub = await run([c.name, '--help']);
      assert.equal(sub.code, 0);
      assert.match(sub.io.out, new RegExp(`^qec ${c.name} — `));
      for (const o of c.options)
        assert.ok(sub.io.out.includes(`--${o.name}`), `${c.name} --help lacks --${o.name}`);
    }
  });

  it('detect streams chunks (reused tables and buffers): the same bytes on 0 and 2 workers, fresh bits in every chunk', async () => {
    const circuit =
      'R 0 1\nX_ERROR(0.1) 0 1\nM 0 1\nDETECTOR rec[-1]\nDETECTOR rec[-2]\nOBSERVABLE_INCLUDE(0) rec[-1]\n';
    const shots = 2 * 65536 + 777; // two whole chunks and a short one
    const outs: Uint8Array[][] = [];
    for (const workers of ['0', '2']) {
      const { code, io } = await run(
        ['detect', '--in', 'c.stim', '--shots', String(shots), '--out', 'd.b8', '--out-format', 'b8'].concat([
          '--obs-out',
          'o.01',
          '--seed',
          '3',
          '--workers',
          workers,
        ]),
        { 'c.stim': circuit },
      );
      assert.equal(code, 0, io.err);
      outs.push([io.files.get('d.b8') as Uint8Array, io.files.get('o.01') as Uint8Array]);
    }
    const [d0, o0] = outs[0];
    assert.equal(d0.length, shots);
    assert.equal(o0.length, 2 * shots);
    assert.deepEqual(outs[1][0], d0);
    assert.deepEqual(outs[1][1], o0);
    // Each detector fires with p = 0.1 in every chunk (5σ), and the chunks are not copies.
    for (let c = 0; c < 3; c++) {
      const part = d0.subarray(c * 65536, Math.min(shots, (c + 1) * 65536));
      let ones = 0;
      for (const b of part) ones += b & 1;
      const sigma = Math.sqrt(part.length * 0.09);
      assert.ok(Math.abs(ones - 0.1 * part.length) < 5 * sigma, `chunk ${c}: ${ones} of ${part.length}`);
    }
    assert.notDeepEqual(d0.subarray(0, 777), d0.subarray(65536, 65536 + 777));
    assert.notDeepEqual(d0.subarray(0, 777), d0.subarray(2 * 65536));
  });

  it('usage errors: unknown command, unknown option, malformed number, missing required option (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['sample', '--in', 'x.stim', '--shots', '10', '--bogus'], /Unknown option '--bogus'/],
      [['sample', '--in', 'x.stim', '--shots', 'ten'], /--shots: expected an integer, got 'ten'/],
      [['sample', '--in', 'x.stim'], /missing required option --shots/],
      [
        ['gen', '--code', 'rotated-surface', '--distance', '3', '--noise', 'nope'],
        /--noise: expected one of/,
      ],
    ];
    for (const [argv, re] of cases) {
      const { code, io } = await run(argv);
      assert.equal(code, 2, argv.join(' '));
      assert.match(io.err, re);
      assert.ok(!io.err.includes('    at '), 'no stack trace');
    }
  });

  it('bad circuit input: one line file:line:col: message, exit 1, no stack trace', async () => {
    const cases: [string, RegExp][] = [
      ['H 0\nFOO 1\n', /^c\.stim:2:1: .*FOO/],
      ['X_ERROR(1.5) 0\n', /^c\.stim:1:\d+: .*probabilit/i],
      ['M 0\nDETECTOR rec[-2]\n', /^c\.stim:2:\d+: /],
      ['H 0\nCX 0\n', /^c\.stim:2:\d+: /],
      [
        'H 0\nREPEAT 2 {\n  M 0\n  ROT_X(0.1) 0\n}\n',
        /^c\.stim:4:3: gate ROT_X is not supported by the tableau/,
      ],
    ];
    for (const [text, re] of cases) {
      const { code, io } = await run(['sample', '--in', 'c.stim', '--shots', '2', '--sim', 'tableau'], {
        'c.stim': text,
      });
      assert.equal(code, 1, text);
      assert.match(io.err, re);
      assert.equal(io.err.trim().split('\n').length, 1, `one line: ${io.err}`);
    }
    const missing = await run(['sample', '--in', 'nope.stim', '--shots', '1']);
    assert.equal(missing.code, 1);
    assert.match(missing.io.err, /cannot read 'nope\.stim': no such file/);
  });

  it('gen writes a circuit that parses back with the advertised structure', async () => {
    const { code, io } = await run([
      'gen',
      '--code',
      'rotated-surface',
      '--task',
      'memory-z',
      '--distance',
      '3',
      '--rounds',
      '2',
      '--noise',
      'uniform',
      '--p',
      '0.001',
      '--out',
      'c.stim',
    ]);
    assert.equal(code, 0, io.err);
    const text = io.text('c.stim');
    assert.match(text, /^# Generated by qec gen: rotated-surface memory-z, \[\[9, 1, 3\]\], rounds 2/);
    assert.ok(text.includes('DEPOLARIZE2(0.001)'));
    const list = await run(['gen', '--list']);
    for (const name of [
      'repetition',
      'surface',
      'rotated-surface',
      'toric',
      'xzzx',
      'color',
      'steane',
      'shor',
      'five-qubit',
      'bb72',
      'bb144',
    ])
      assert.ok(list.io.out.includes(name), `gen --list lacks ${name}`);
  });

  it('convert: OpenQASM 2 to Stim and Stim to OpenQASM 3', async () => {
    const q =
      'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n';
    const a = await run(['convert', '--in', 'b.qasm', '--to', 'stim'], { 'b.qasm': q });
    assert.equal(a.code, 0, a.io.err);
    assert.equal(a.io.out, 'H 0\nCX 0 1\nM 0 1\n');
    const b = await run(['convert', '--in', 'b.stim', '--to', 'qasm3'], { 'b.stim': 'H 0\nCX 0 1\nM 0 1\n' });
    assert.equal(b.code, 0, b.io.err);
    assert.match(b.io.out, /^OPENQASM 3\.0;/);
    assert.ok(b.io.out.includes('cx q[0], q[1];'));
  });

  it('run prints a histogram of a Bell pair with only 00 and 11', async () => {
    const q =
      'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n';
    const { code, io } = await run(['run', '--in', 'b.qasm', '--shots', '400', '--seed', '3'], {
      'b.qasm': q,
    });
    assert.equal(code, 0, io.err);
    const rows = io.out
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.trim().split(/\s+/));
    assert.deepEqual(rows.map((r) => r[0]).sort(), ['00', '11']);
    const n00 = Number(rows.find((r) => r[0] === '00')?.[1]);
    assert.ok(Math.abs(n00 - 200) < 5 * 10, `00 count ${n00}`);
  });

  it('a state vector that would not fit is refused with the memory it needs (exit 3)', async () => {
    const { code, io } = await run(['run', '--in', 'big.stim', '--shots', '1'], {
      'big.stim': `H ${Array.from({ length: 40 }, (_, q) => q).join(' ')}\nT 0\nM 0`,
    });
    assert.equal(code, 3);
    assert.match(io.err, /40 qubits/);
    assert.match(io.err, /TiB|GiB/);
  });
  it('decode with decoder options and --obs-in counts logical errors; bad options name the flag', async () => {
    const dem = 'error(0.1) D0 L0\nerror(0.1) D0 D1\nerror(0.1) D1\n';
    const files = { 'm.dem': dem, 'd.01': '10\n11\n01\n00\n', 'o.01': '1\n0\n0\n0\n' };
    const ok = await run(
      [
        'decode',
        '--dem',
        'm.dem',
        '--in',
        'd.01',
        '--decoder',
        'bposd',
        '--decoder-options',
        '{"osdOrder": 2}',
        '--obs-in',
        'o.01',
      ],
      files,
    );
    assert.equal(ok.code, 0, ok.io.err);
    assert.match(ok.io.out, /logical errors: 0 of 4 shots/);
    const bad = await run(['decode', '--dem', 'm.dem', '--in', 'd.01', '--decoder-options', '[1]'], files);
    assert.equal(bad.code, 1);
    assert.match(bad.io.err, /--decoder-options: expected a JSON object/);
    const unknown = await run(
      ['decode', '--dem', 'm.dem', '--in', 'd.01', '--decoder', 'mwpm', '--decoder-options', '{"bogus": 1}'],
      files,
    );
    assert.equal(unknown.code, 1);
    assert.match(unknown.io.err, /bogus/);
  });

  it('--version prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const { code, io } = await run(['--version']);
    assert.equal(code, 0);
    assert.equal(io.out, `qec-lab ${pkg.version}\n`);
  });

  it('option values that start with a dash: one line, exit 2; negative numbers reach the range check', async () => {
    const cases: [string[], RegExp][] = [
      [['sample', '--in', 'c.stim', '--shots', '-1'], /--shots: must be at least 0, got -1/],
      [['gen', '--code', 'repetition', '--distance', '-3'], /--distance: must be at least 1, got -3/],
      [['sample', '--in', 'c.stim', '--shots', '-x'], /option --shots needs a value; .*--shots=VALUE/],
      [['sample', '--in', 'c.stim', '--shots'], /option --shots needs a value/],
      [['gen', '--list=3'], /option --list takes no value/],
      [['sample', '--in', 'c.stim', '--shots', '1', `--${'z'.repeat(5000)}`], /Unknown option '--z{58}…'/],
    ];
    for (const [argv, re] of cases) {
      const { code, io } = await run(argv, { 'c.stim': 'M 0\n' });
      assert.equal(code, 2, argv.join(' '));
      assert.match(io.err, re);
      assert.equal(io.err.split('\n').length, 2, `exactly one line: ${io.err.slice(0, 300)}`);
    }
  });

  it('--eta Infinity is accepted as documented (pure Z noise: no X or Y component)', async () => {
    const { code, io } = await run([
      'gen',
      '--code',
      'repetition',
      '--distance',
      '3',
      '--noise',
      'biased',
      '--p',
      '0.01',
      '--eta',
      'Infinity',
    ]);
    assert.equal(code, 0, io.err);
    assert.match(io.out, /# noise: biased \{"p":0.01,"eta":"Infinity"\}/);
    assert.match(io.out, /\nZ_ERROR\(0\.01\) 0 2 4\n/);
    // Only IZ, ZI and ZZ (indices 2, 11, 14 of PAULI_CHANNEL_2), each p/3.
    const z = String(0.01 / 3);
    const pc2 = Array.from({ length: 15 }, (_, i) => ([2, 11, 14].includes(i) ? z : '0')).join(', ');
    assert.ok(io.out.includes(`PAULI_CHANNEL_2(${pc2})`), 'two-qubit channel is pure Z-type');
    const bad = await run(['gen', '--code', 'repetition', '--distance', 'Infinity']);
    assert.equal(bad.code, 2);
    assert.match(bad.io.err, /--distance: expected an integer, got 'Infinity'/);
  });

  it('study --print-spec prints the headline study as a study file that collect and the service read', async () => {
    const { code, io } = await run(['study', '--print-spec', '--max-shots', '2000', '--max-errors', '50']);
    assert.equal(code, 0, io.err);
    const spec = JSON.parse(io.out) as { maxShots: number; maxErrors: number; sweeps: unknown[] };
    assert.equal(spec.maxShots, 2000);
    assert.equal(spec.maxErrors, 50);
    // The same tasks as the study runs: 3·9 surface + 4·8 repetition + 3·8 XZZX + 4·5 cat = 103.
    const tasks = resolveStudy(decodeMessage(StudySpecSchema, spec), () => '');
    assert.equal(tasks.length, 103);
    assert.equal(new Set(tasks.map((t) => t.strongId)).size, 103);
    assert.ok(!io.files.has('out/results.csv'), 'nothing ran');
  });
});
