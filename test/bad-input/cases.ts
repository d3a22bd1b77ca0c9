// The bad-input corpus: a few hundred malformed circuits, detector error models, OpenQASM files,
// sample files, study files, results files and flag sets, generated from a handful of valid
// inputs by systematic mutation. Each case says which exit code it must end with: 1 bad input,
// 2 usage, 3 resource limit. `{dir}` in an argument is the case's temporary folder.

/** One run of `qec` on bad input. */
export interface BadInputCase {
  readonly name: string;
  readonly argv: readonly string[];
  /** Files created in the temporary folder before the run (name → contents). */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
  readonly stdin?: string;
  /** The exit code it must end with. */
  readonly code: 1 | 2 | 3;
  /** What the one line on stderr must say. */
  readonly err?: RegExp;
  /** Files the run may leave (none by default: a failed run leaves nothing behind). */
  readonly outputs?: readonly string[];
}

/** What the runner saw. */
export interface CaseResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** Input files whose bytes changed. */
  readonly damaged: readonly string[];
  /** Files that appeared in the folder. */
  readonly extra: readonly string[];
  readonly ms: number;
}

const REP = `R 0 1 2 3 4
X_ERROR(0.01) 0 2 4
TICK
CX 0 1 2 3
DEPOLARIZE2(0.01) 0 1 2 3
TICK
CX 2 1 4 3
TICK
MR 1 3
DETECTOR(1, 0) rec[-2]
DETECTOR(3, 0) rec[-1]
REPEAT 2 {
    CX 0 1 2 3
    CX 2 1 4 3
    X_ERROR(0.01) 1 3
    MR 1 3
    SHIFT_COORDS(0, 1)
    DETECTOR(1, 0) rec[-2] rec[-4]
    DETECTOR(3, 0) rec[-1] rec[-3]
}
M 0 2 4
DETECTOR(1, 1) rec[-3] rec[-2] rec[-5]
OBSERVABLE_INCLUDE(0) rec[-1]
`;

const DEM = `error(0.1) D0 L0
error(0.1) D0 D1
error(0.1) D1
detector(0, 0) D0
`;

const QASM = `OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
creg c[2];
h q[0];
cx q[0],q[1];
rz(pi/4) q[1];
measure q -> c;
`;

const CSV_HEADER = '     shots,    errors,  discards, seconds,decoder,strong_id,json_metadata,custom_counts';
const csvRow = (shots: string, errors: string, d = 3, p = 0.01, discards = '0', seconds = '1.0'): string =>
  `${shots},${errors},${discards},${seconds},mwpm,id${d}-${p},"{""d"":${d},""r"":${d},""p"":${p}}","{}"`;
const GOOD_ROWS = [
  csvRow('1000', '10'),
  csvRow('1000', '5', 5),
  csvRow('1000', '30', 3, 0.02),
  csvRow('1000', '20', 5, 0.02),
];

/** Circuit texts that must be refused as bad input (exit 1), each with what the message names. */
function badCircuits(): [string, string, RegExp][] {
  const lines = REP.split('\n');
  const at = (i: number, line: string): string =>
    [...lines.slice(0, i), line, ...lines.slice(i + 1)].join('\n');
  const out: [string, string, RegExp][] = [];
  const bad: [string, RegExp][] = [
    ['FOO 0', /unknown instruction 'FOO'/],
    ['CNTO 0 1', /did you mean 'CNOT'/],
    ['CX 0', /even|pair|CX/i],
    ['CX 0 0', /CX|same|twice|0/i],
    ['X_ERROR(1.5) 0', /probabilit/i],
    ['X_ERROR(-0.1) 0', /probabilit|negative|-0\.1/i],
    ['X_ERROR(nan) 0', /./],
    ['X_ERROR(0.1, 0.2) 0', /argument/i],
    ['H(0.1) 0', /argument/i],
    ['H -1', /./],
    ['H 1.5', /./],
    ['H 99999999999', /./],
    ['H rec[-1]', /rec|target/i],
    ['DETECTOR rec[-99]', /rec\[-99\]/],
    ['DETECTOR rec[0]', /rec/],
    ['DETECTOR rec[-0]', /rec/],
    ['DETECTOR rec[1]', /rec/],
    ['DETECTOR 0', /DETECTOR|rec/i],
    ['OBSERVABLE_INCLUDE rec[-1]', /OBSERVABLE_INCLUDE|argument/i],
    ['OBSERVABLE_INCLUDE(-1) rec[-1]', /./],
    ['OBSERVABLE_INCLUDE(0.5) rec[-1]', /./],
    ['MPP X0*', /./],
    ['MPP *X0', /./],
    ['MPP X0**Z1', /./],
    ['MPP Q0', /./],
    ['CX 0 !1', /./],
    ['M !', /./],
    ['}', /'\}' without/],
    ['REPEAT 0 {', /REPEAT 0/],
    ['REPEAT -3 {', /REPEAT/],
    ['REPEAT 1.5 {', /REPEAT/],
    ['REPEAT {', /REPEAT/],
    ['REPEAT 3', /'\{'/],
    ['REPEAT 99999999999999999999 {', /too large/],
    ['H 0 {', /block/],
    ['H[unclosed 0', /./],
    ['H 0 # ok\nX 0 1 2 )', /./],
    ['QUBIT_COORDS(1, x) 0', /./],
    ['SHIFT_COORDS 0', /./],
    ['TICK 0', /./],
    ['HERALDED_ERASE(2) 0', /./],
    ['PAULI_CHANNEL_1(0.5, 0.5, 0.5) 0', /./],
    ['\u0000H 0', /./],
    ['H\t0\u00a0', /./],
    ['h0', /./],
    ['✓ 0', /./],
    ['M 0 (', /./],
    ['DEPOLARIZE2(0.1) 0 1 2', /./],
  ];
  for (const [i, [line, re]] of bad.entries())
    out.push([`circuit mutation ${i}: ${JSON.stringify(line).slice(0, 40)}`, at(5, line), re]);
  out.push(['unclosed REPEAT', REP.replace(/\n}\n/, '\n'), /never closed/]);
  out.push(['extra }', `${REP}}\n`, /without a matching/]);
  out.push([
    '10 MB unknown gate name',
    `${'A'.repeat(10_000_000)} 0\n`,
    /unknown instruction 'A{60}… \(10000000 characters\)'/,
  ]);
  out.push(['10 MB line of targets', `H ${'0 '.repeat(2_000_000)}x\n`, /./]);
  return out;
}

/** Circuits that are valid but exceed a resource limit (exit 3), with the command to run them. */
function limitCircuits(): [string, string, string[], RegExp][] {
  const nest = (n: number, reps: number, body: string): string =>
    `${'REPEAT ' + String(reps) + ' {\n'}`.repeat(n) + body + '}\n'.repeat(n);
  return [
    [
      'REPEAT nested 4000 deep (sample)',
      nest(4000, 2, 'M 0\n'),
      ['sample', '--shots', '1'],
      /nested more than 256 deep/,
    ],
    [
      'REPEAT nested 4000 deep (detect)',
      nest(4000, 2, 'M 0\n'),
      ['detect', '--shots', '1'],
      /nested more than 256 deep/,
    ],
    ['REPEAT nested 4000 deep (analyze-errors)', nest(4000, 2, 'M 0\n'), ['analyze-errors'], /nested/],
    [
      'H 9999999 in sample',
      'H 9999999\nM 0\n',
      ['sample', '--shots', '1'],
      /tableau of 10000000 qubits needs 45\.5 TiB/,
    ],
    [
      'H 199999 in sample',
      'H 199999\nM 0\n',
      ['sample', '--shots', '1'],
      /tableau of 200000 qubits needs 18\.6 GiB/,
    ],
    [
      '10^7 qubits in detect',
      'H 9999999\nM 0\nDETECTOR rec[-1]\n',
      ['detect', '--shots', '1'],
      /10000000 qubits.*needs .*GiB/,
    ],
    ...(['sample', 'detect', 'run'] as const).map((cmd): [string, string, string[], RegExp] => [
      `REPEAT 2^40 of H 0, no measurement (${cmd})`,
      'R 0\nREPEAT 1099511627776 {\n  H 0\n}\n',
      cmd === 'run' ? [cmd] : [cmd, '--shots', '1'],
      /c\.stim:2:1: REPEAT 1099511627776 would execute 1\.10e\+12 instructions per shot/,
    ]),
    [
      'nested REPEATs multiplying past 2^40, no measurement (detect)',
      nest(3, 16384, 'H 0\n'),
      ['detect', '--shots', '1'],
      /c\.stim:1:1: REPEAT 16384 would execute 4\.40e\+12 instructions per shot/,
    ],
    [
      '30 nested REPEAT 10^9 in sample',
      nest(30, 1e9, 'M 0\n'),
      ['sample', '--shots', '1'],
      /1\.00e\+270 instructions per shot/,
    ],
    [
      '30 nested REPEAT 10^9 in detect',
      nest(30, 1e9, 'M 0\n'),
      ['detect', '--shots', '1'],
      /1\.00e\+270 instructions/,
    ],
    [
      '30 nested REPEAT 10^9 in analyze-errors',
      nest(30, 1e9, 'M 0\n'),
      ['analyze-errors'],
      /1\.00e\+270 measurement results .* more than 2\^53/,
    ],
    [
      '3.6·10^9 detectors in detect',
      'M 0\nREPEAT 60000 {\nREPEAT 60000 {\nDETECTOR rec[-1]\n}\n}\n',
      ['detect', '--shots', '1'],
      /3600000000 detectors.*needs 858 GiB/,
    ],
    [
      '10^12 detectors in detect (10^12 instructions: refused by the run length first)',
      'M 0\nREPEAT 1000000 {\nREPEAT 1000000 {\nDETECTOR rec[-1]\n}\n}\n',
      ['detect', '--shots', '1'],
      /c\.stim:2:1: REPEAT 1000000 would execute 1\.00e\+12 instructions per shot/,
    ],
    [
      'a state vector of 40 qubits',
      `H ${Array.from({ length: 40 }, (_, q) => q).join(' ')}\nT 0\nM 0\n`,
      ['run', '--shots', '1'],
      /40 qubits/,
    ],
  ];
}

function badDems(): [string, string, RegExp][] {
  const list: [string, RegExp][] = [
    ['error(1.5) D0', /probabilit|1\.5/i],
    ['error(-0.1) D0', /./],
    ['error D0', /./],
    ['error(0.1) D-1', /./],
    ['error(0.1) X0', /./],
    ['error(0.1) D0 ^', /./],
    ['error(0.1) ^ D0', /./],
    ['frobnicate(0.1) D0', /./],
    [`${'e'.repeat(200000)}(0.1) D0`, /unknown instruction 'e{60}… \(200000 characters\)'/],
    ['detector(0, x) D0', /./],
    ['repeat 3 {\nerror(0.1) D0', /./],
    ['}', /./],
    ['shift_detectors D0', /./],
    ['logical_observable L-1', /./],
    ['error(0.1) D99999999999999999999', /./],
    ['error(0.1, 0.2) D0', /./],
    ['error(0.1) D0 L', /./],
  ];
  return list.map(([line, re], i) => [
    `dem mutation ${i}: ${line.split('\n')[0].slice(0, 40)}`,
    `${DEM}${line}\n`,
    re,
  ]);
}

function badQasm(): [string, string, number, RegExp][] {
  const lines = QASM.split('\n');
  const at = (i: number, line: string): string =>
    [...lines.slice(0, i), line, ...lines.slice(i + 1)].join('\n');
  const list: [number, string, number, RegExp][] = [
    [4, 'h q[0]', 1, /';'/],
    [4, 'h q[5];', 1, /./],
    [4, 'h r[0];', 1, /./],
    [4, 'frob q[0];', 1, /frob/],
    [4, 'cx q[0];', 1, /./],
    [4, 'rz q[0];', 1, /./],
    [4, 'rz(pi/) q[0];', 1, /./],
    [4, 'rz(foo) q[0];', 1, /foo/],
    [4, 'rz(sin()) q[0];', 1, /./],
    [4, 'rz(bar(1)) q[0];', 1, /bar/],
    [4, 'measure q[0] -> d[0];', 1, /./],
    [4, 'if (c == 1) x q[0];', 1, /./],
    [2, 'qreg q[-1];', 1, /./],
    [2, 'qreg q[2.5];', 1, /./],
    [0, 'OPENQASM 4.0;', 1, /version/],
    [1, 'include "qelib1.inc', 1, /./],
    [4, `rz(${'('.repeat(20000)}1${')'.repeat(20000)}) q[0];`, 3, /nested more than 1000 deep/],
    [4, `rz(${'-'.repeat(20000)}1) q[0];`, 3, /nested more than 1000 deep/],
    [4, `rz(${'('.repeat(50)}1) q[0];`, 1, /./],
    [4, 'gate g a { g a; }\ng q[0];', 1, /./],
    [4, 'opaque mystery a;\nmystery q[0];', 1, /opaque/],
    [4, '\u0000', 1, /./],
  ];
  return list.map(([i, line, code, re], k) => [
    `qasm mutation ${k}: ${line.slice(0, 30)}`,
    at(i, line),
    code,
    re,
  ]);
}

function badSampleFiles(): [string, string, string, RegExp][] {
  // decode --dem m.dem (2 detectors) --in d.FMT --in-format FMT
  return [
    ['01', '10\n1\n', /./],
    ['01', '10\n111\n', /./],
    ['01', '1x\n', /./],
    ['01', '10', /./],
    ['hits', '5\n', /./],
    ['hits', 'x\n', /./],
    ['hits', '-1\n', /./],
    ['dets', 'shot D9\n', /./],
    ['dets', 'shot X0\n', /./],
    ['dets', 'D0\n', /./],
    ['r8', '\u00ff', /./],
    ['ptb64', '\u0001\u0002', /./],
  ].map(([fmt, text, re], i) => [
    `sample file ${i} (${String(fmt)})`,
    fmt as string,
    text as string,
    re as RegExp,
  ]);
}

function badStudies(): [string, string][] {
  const t = (task: Record<string, unknown>): string => JSON.stringify({ tasks: [task] });
  const ok = { code: 'repetition', distance: 3, noise: 'uniform', p: 0.01 };
  return [
    ['not JSON', '{tasks: ['],
    ['empty file', ''],
    ['JSON array', '[1, 2]'],
    ['JSON string', '"study"'],
    ['null', 'null'],
    ['no tasks', '{}'],
    ['tasks not a list', '{"tasks": 3}'],
    ['empty task list', '{"tasks": []}'],
    ['task not an object', '{"tasks": [3]}'],
    ['unknown code', t({ ...ok, code: 'nope' })],
    ['negative distance', t({ ...ok, distance: -3 })],
    ['fractional distance', t({ ...ok, distance: 2.5 })],
    ['distance as string', t({ ...ok, distance: '3' })],
    ['p above 1', t({ ...ok, p: 1.5 })],
    ['negative p', t({ ...ok, p: -0.1 })],
    ['unknown noise', t({ ...ok, noise: 'cosmic' })],
    ['unknown decoder', t({ ...ok, decoder: 'oracle' })],
    ['circuit file missing', t({ circuit: 'missing.stim' })],
    ['huge sweep', JSON.stringify({ tasks: [{ ...ok, p: 'x' }] })],
  ];
}

/** Every case of the corpus. */
export function allCases(): BadInputCase[] {
  const cases: BadInputCase[] = [];
  for (const [name, text, re] of badCircuits())
    for (const cmd of name.startsWith('10 MB')
      ? [['sample', '--shots', '2']]
      : [
          ['sample', '--shots', '2'],
          ['detect', '--shots', '2', '--workers', '0'],
          ['analyze-errors'],
          ['convert', '--to', 'qasm3'],
        ])
      cases.push({
        name: `${cmd[0]}: ${name}`,
        argv: [...cmd, '--in', '{dir}/c.stim', '--out', '{dir}/out'],
        files: { 'c.stim': text },
        code: 1,
        err: re,
      });
  for (const [name, text, cmd, re] of limitCircuits())
    cases.push({
      name: `limit: ${name}`,
      argv: [
        ...cmd,
        '--in',
        '{dir}/c.stim',
        ...(cmd[0] === 'detect' ? ['--workers', '0'] : []),
        ...(cmd[0] === 'run' ? [] : ['--out', '{dir}/out']),
      ],
      files: { 'c.stim': text },
      code: 3,
      err: re,
    });
  for (const [name, text, re] of badDems()) {
    cases.push({
      name: `sample-dem: ${name}`,
      argv: ['sample-dem', '--in', '{dir}/m.dem', '--shots', '2', '--out', '{dir}/out'],
      files: { 'm.dem': text },
      code: 1,
      err: re,
    });
    cases.push({
      name: `decode: ${name}`,
      argv: ['decode', '--dem', '{dir}/m.dem', '--in', '{dir}/d.01', '--out', '{dir}/out'],
      files: { 'm.dem': text, 'd.01': '10\n01\n' },
      code: 1,
      err: re,
    });
  }
  for (const [name, text, code, re] of badQasm()) {
    cases.push({
      name: `convert: ${name}`,
      argv: ['convert', '--in', '{dir}/c.qasm', '--to', 'stim', '--out', '{dir}/out'],
      files: { 'c.qasm': text },
      code: code as 1 | 3,
      err: re,
    });
    cases.push({
      name: `run: ${name}`,
      argv: ['run', '--in', '{dir}/c.qasm', '--shots', '2'],
      files: { 'c.qasm': text },
      code: code as 1 | 3,
      err: re,
    });
  }
  for (const [name, fmt, text, re] of badSampleFiles())
    cases.push({
      name: `decode: ${name}`,
      argv: [
        'decode',
        '--dem',
        '{dir}/m.dem',
        '--in',
        `{dir}/d.${fmt}`,
        '--in-format',
        fmt,
        '--out',
        '{dir}/out',
      ],
      files: { 'm.dem': DEM, [`d.${fmt}`]: text },
      code: 1,
      err: re,
    });
  for (const [name, text] of badStudies())
    cases.push({
      name: `collect study: ${name}`,
      argv: [
        'collect',
        '--tasks',
        '{dir}/s.json',
        '--max-shots',
        '100',
        '--max-errors',
        '10',
        '--save',
        '{dir}/r.csv',
        '--workers',
        '0',
      ],
      files: { 's.json': text },
      code: 1,
    });
  cases.push(...resultsCases(), ...fileCases(), ...flagCases());
  // Nothing listens on port 1: the service and the worker stop at once with one line, instead of
  // retrying forever (and the service leaves no database behind).
  cases.push(
    {
      name: 'worker: Redis not reachable',
      argv: ['worker', '--queue', 'redis://127.0.0.1:1', '--concurrency', '1'],
      code: 1,
      err: /cannot reach Redis at 127\.0\.0\.1:1: connect ECONNREFUSED/,
    },
    {
      name: 'serve: Redis not reachable',
      argv: ['serve', '--queue', 'redis://127.0.0.1:1', '--port', '0', '--data', '{dir}/data'],
      code: 1,
      err: /cannot reach Redis at 127\.0\.0\.1:1: connect ECONNREFUSED/,
    },
  );
  return cases;
}

/** Results CSVs given to threshold, plot and footprint: the same rows are refused by each. */
function resultsCases(): BadInputCase[] {
  const files: [string, string, RegExp][] = [
    ['empty CSV', '', /empty: not a results file/],
    ['header only', `${CSV_HEADER}\n`, /no results (with|swept)/],
    ['missing column', 'shots,errors\n1,0\n', /missing column 'decoder'/],
    [
      'negative shots',
      [CSV_HEADER, csvRow('-5', '0'), ...GOOD_ROWS].join('\n') + '\n',
      /:2: malformed results row: shots must be a non-negative integer, got '-5'/,
    ],
    [
      'errors > shots',
      [CSV_HEADER, csvRow('10', '12'), ...GOOD_ROWS].join('\n') + '\n',
      /:2: .*errors \(12\) \+ discards \(0\) exceed shots \(10\)/,
    ],
    [
      'discards too many',
      [CSV_HEADER, csvRow('10', '5', 3, 0.01, '6'), ...GOOD_ROWS].join('\n') + '\n',
      /exceed shots/,
    ],
    ['fractional shots', [CSV_HEADER, csvRow('10.5', '1'), ...GOOD_ROWS].join('\n') + '\n', /shots must be/],
    [
      'negative seconds',
      [CSV_HEADER, csvRow('10', '1', 3, 0.01, '0', '-1'), ...GOOD_ROWS].join('\n') + '\n',
      /seconds/,
    ],
    [
      'bad metadata',
      [CSV_HEADER, '10,1,0,1.0,mwpm,x,"{oops}","{}"', ...GOOD_ROWS].join('\n') + '\n',
      /json_metadata is not JSON/,
    ],
    [
      'short row in the middle',
      [CSV_HEADER, '10,1', ...GOOD_ROWS].join('\n') + '\n',
      /:2: malformed results row/,
    ],
    [
      'malformed complete last row',
      [CSV_HEADER, ...GOOD_ROWS, csvRow('-5', '0')].join('\n') + '\n',
      /:6: malformed results row: shots/,
    ],
    ['binary', '\u0000\u0001\u00ff', /./],
  ];
  const out: BadInputCase[] = [];
  for (const [name, text, re] of files) {
    const data = name === 'binary' ? new Uint8Array([0, 1, 0xff, 0xfe, 10]) : text;
    out.push({
      name: `threshold: ${name}`,
      argv: ['threshold', '--in', '{dir}/r.csv'],
      files: { 'r.csv': data },
      code: 1,
      err: re,
    });
    out.push({
      name: `plot: ${name}`,
      argv: ['plot', '--in', '{dir}/r.csv', '--out', '{dir}/p.svg'],
      files: { 'r.csv': data },
      code: 1,
      err: re,
    });
    out.push({
      name: `footprint: ${name}`,
      argv: ['footprint', '--in', '{dir}/r.csv', '--p', '0.001', '--target', '1e-9'],
      files: { 'r.csv': data },
      code: 1,
      err: re,
    });
  }
  return out;
}

/** Outputs that cannot be written and results files that are not results files: nothing changes. */
function fileCases(): BadInputCase[] {
  const gen = ['gen', '--code', 'repetition', '--distance', '3'];
  const out: BadInputCase[] = [
    { name: 'gen --out a directory', argv: [...gen, '--out', '{dir}'], code: 1, err: /is a directory/ },
    {
      name: 'gen --out in a missing folder',
      argv: [...gen, '--out', '{dir}/no/such/c.stim'],
      code: 1,
      err: /folder '.*such' does not exist/,
    },
    {
      name: 'gen --out /dev/full',
      argv: [...gen, '--out', '/dev/full'],
      code: 1,
      err: /cannot write '\/dev\/full': no space left on device \(ENOSPC\)/,
    },
    {
      name: 'detect --out /dev/full',
      argv: ['detect', '--in', '{dir}/c.stim', '--shots', '20000', '--workers', '0', '--out', '/dev/full'],
      files: { 'c.stim': REP },
      code: 1,
      err: /ENOSPC/,
    },
    {
      name: 'detect --obs-out /dev/full',
      argv: [
        'detect',
        '--in',
        '{dir}/c.stim',
        '--shots',
        '100',
        '--workers',
        '0',
        '--out',
        '{dir}/d.01',
        '--obs-out',
        '/dev/full',
      ],
      files: { 'c.stim': REP },
      code: 1,
      err: /ENOSPC/,
    },
    {
      name: 'sample --out a directory',
      argv: ['sample', '--in', '{dir}/c.stim', '--shots', '3', '--out', '{dir}'],
      files: { 'c.stim': REP },
      code: 1,
      err: /is a directory/,
    },
    {
      name: 'read a directory',
      argv: ['sample', '--in', '{dir}', '--shots', '3'],
      code: 1,
      err: /is a directory/,
    },
    {
      name: 'read a missing file',
      argv: ['sample', '--in', '{dir}/nope.stim', '--shots', '3'],
      code: 1,
      err: /no such file/,
    },
    {
      name: 'circuit not UTF-8',
      argv: ['sample', '--in', '{dir}/c.stim', '--shots', '3'],
      files: { 'c.stim': new Uint8Array([0x48, 0x20, 0xff, 0x30, 10]) },
      code: 1,
      err: /not UTF-8/,
    },
  ];
  const collect = (save: string): string[] => [
    'collect',
    '--circuits',
    '{dir}/c.stim',
    '--max-shots',
    '100',
    '--max-errors',
    '10',
    '--workers',
    '0',
    '--save',
    save,
  ];
  const bin = new Uint8Array(4096);
  for (let i = 0; i < bin.length; i++) bin[i] = (i * 7919 + 13) & 0xff;
  const notResults: [string, string | Uint8Array, RegExp][] = [
    ['a text file without a final newline', 'some notes\nthat are not results', /not a results CSV/],
    ['a binary file', bin, /not a results CSV/],
    ['an empty file', '', /is empty/],
    ['a CSV of something else', 'name,age\nada,36\n', /missing column 'shots'/],
    [
      'a results CSV with a malformed row',
      [CSV_HEADER, csvRow('-1', '0'), csvRow('5', '1')].join('\n') + '\n',
      /shots must be/,
    ],
  ];
  for (const [name, data, re] of notResults)
    out.push({
      name: `collect --save ${name}`,
      argv: collect('{dir}/r.csv'),
      files: { 'c.stim': REP, 'r.csv': data },
      code: 1,
      err: re,
    });
  out.push(
    {
      name: 'collect --save a directory',
      argv: collect('{dir}'),
      files: { 'c.stim': REP },
      code: 1,
      err: /is a directory/,
    },
    {
      name: 'collect --save in a missing folder',
      argv: collect('{dir}/no/r.csv'),
      files: { 'c.stim': REP },
      code: 1,
      err: /folder '.*no' does not exist/,
    },
    {
      name: 'collect --save /dev/full',
      argv: collect('/dev/full'),
      files: { 'c.stim': REP },
      code: 1,
      err: /not a regular file/,
    },
  );
  return out;
}

/** Flag sets: every malformed option value, unknown option and command is a usage error (2). */
function flagCases(): BadInputCase[] {
  const files = { 'c.stim': REP };
  const s = (...rest: string[]): string[] => ['sample', '--in', '{dir}/c.stim', ...rest];
  const list: [string[], RegExp][] = [
    [[], /no command given/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['x'.repeat(100000)], /unknown command 'x{60}… \(100000 characters\)'/],
    [s(), /missing required option --shots/],
    [s('--shots'), /--shots needs a value/],
    [s('--shots', '-1'), /at least 0, got -1/],
    [s('--shots', '-x'), /--shots=VALUE/],
    [s('--shots', 'ten'), /expected an integer/],
    [s('--shots', '1e3'), /expected an integer/],
    [s('--shots', '1.5'), /expected an integer/],
    [s('--shots', 'NaN'), /expected an integer/],
    [s('--shots', 'Infinity'), /expected an integer/],
    [s('--shots', '99999999999999999999'), /expected an integer|at most/],
    [s('--shots', '1', '--seed', '-4'), /at least 0/],
    [s('--shots', '1', '--out-format', 'png'), /expected one of/],
    [s('--shots', '1', '--sim', ''), /expected one of/],
    [s('--shots', '1', '--bogus'), /Unknown option '--bogus'/],
    [s('--shots', '1', '-q'), /Unknown option '-q'/],
    [s('--shots', '1', 'extra'), /unexpected argument 'extra'/],
    [s('--shots', '1', `--${'z'.repeat(1_000_000)}`), /Unknown option '--z{58}…'/],
    [s('--shots', '1', '--in', ''), /expected a value/],
    [['gen', '--list=3'], /takes no value/],
    [['gen', '--code', 'repetition', '--distance', '0'], /at least 1/],
    [['gen', '--code', 'repetition', '--distance', '-3'], /at least 1/],
    [['gen', '--code', 'repetition', '--distance', '3', '--p', '-0.1'], /./],
    [['gen', '--code', 'repetition', '--distance', '3', '--p', 'Infinity'], /./],
    [
      ['gen', '--code', 'repetition', '--distance', '3', '--eta', '-Infinity'],
      /at least 0|expected a number/,
    ],
    [['gen', '--code', 'repetition', '--distance', '3', '--noise', 'nope'], /expected one of/],
    [['gen', '--code', 'nope', '--distance', '3'], /expected one of/],
    [['gen', '--distance', '3'], /missing required option --code/],
    [
      ['collect', '--max-shots', '10', '--max-errors', '1', '--save', '{dir}/r.csv'],
      /exactly one of --tasks/,
    ],
    [
      [
        'collect',
        '--circuits',
        '{dir}/c.stim',
        '--decoders',
        'mwpm,oracle',
        '--max-shots',
        '10',
        '--max-errors',
        '1',
        '--save',
        '{dir}/r.csv',
      ],
      /'oracle' is not one of/,
    ],
    [
      [
        'collect',
        '--circuits',
        '{dir}/c.stim',
        '--decoders',
        ',',
        '--max-shots',
        '10',
        '--max-errors',
        '1',
        '--save',
        '{dir}/r.csv',
      ],
      /expected values \(space- or comma-separated\)/,
    ],
    [['decode', '--dem', '{dir}/m.dem', '--in-format', 'xml'], /expected one of/],
    [['threshold'], /missing required option --in/],
    [['plot', '--in', '{dir}/r.csv'], /missing required option --out/],
    [['footprint', '--in', '{dir}/r.csv', '--p', '2', '--target', '1e-9'], /at most 1/],
  ];
  const out: BadInputCase[] = list.map(([argv, re], i) => ({
    name: `flags ${i}: ${argv.join(' ').slice(0, 50)}`,
    argv,
    files,
    code: 2,
    err: re,
  }));
  // Flag sets mixed across commands: every option of one command given to another it lacks.
  for (const [cmd, opt] of [
    ['gen', '--shots'],
    ['detect', '--distance'],
    ['decode', '--noise'],
    ['convert', '--seed'],
    ['threshold', '--out'],
  ] as const)
    out.push({
      name: `flags: ${cmd} ${opt}`,
      argv: [cmd, opt, '1'],
      files,
      code: 2,
      err: new RegExp(`Unknown option '${opt}'`),
    });
  return out;
}
