import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DECODERS } from '../../decode/registry.js';
import { main } from '../main.js';
import { MemoryIO } from '../io.js';

const task = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  code: 'repetition',
  distance: 3,
  noise: 'uniform',
  params: { p: 0.01 },
  ...extra,
});

/** Runs `qec collect` on a study in a fresh folder; returns the exit code, stderr and the folder's files. */
async function collectStudy(
  study: unknown,
  extra: string[] = [],
): Promise<{ code: number; err: string; files: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'qec-collect-cli-'));
  try {
    const io = new MemoryIO({ 's.json': JSON.stringify(study) });
    const save = join(dir, 'r.csv');
    const code = await main(
      [
        'collect',
        '--tasks',
        's.json',
        '--max-shots',
        '1000',
        '--max-errors',
        '10',
        '--save',
        save,
        '--workers',
        '0',
        ...extra,
      ],
      io,
    );
    return { code, err: io.err, files: readdirSync(dir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('qec collect: the study is refused before anything runs', () => {
  it('a misspelt decoder: one line naming decoders[0] and the known names, exit 1, no results file', async () => {
    const r = await collectStudy({ decoders: ['mwpn'], tasks: [task()] });
    assert.equal(r.code, 1);
    assert.equal(
      r.err,
      `qec: s.json: decoders[0]: unknown decoder 'mwpn'; valid decoders: ${DECODERS.map((d) => d.name).join(', ')}\n`,
    );
    assert.deepEqual(r.files, []);
  });

  it('an unknown key: named with its JSON path, exit 1, no results file', async () => {
    const r = await collectStudy({ tasks: [task(), { ...task(), nosie: 'uniform' }] });
    assert.equal(r.code, 1);
    assert.equal(r.err, 'qec: s.json: tasks[1].nosie: unknown key\n');
    assert.deepEqual(r.files, []);
  });

  it('noise parameters without a noise model, bad decoder options, a bad distance: exit 1, no file', async () => {
    const cases: [unknown, string[], RegExp][] = [
      [
        { tasks: [task({ noise: undefined })] },
        [],
        /^qec: s\.json: tasks\[0\]\.params\.p: noise parameter 'p' given without a noise model/,
      ],
      [
        { tasks: [task({ decoder: 'unionfind', decoderOptions: { fast: true } })] },
        [],
        /^qec: s\.json: tasks\[0\]\.decoderOptions\.fast: decoder 'unionfind' has no option 'fast'/,
      ],
      [
        { tasks: [task()] },
        ['--decoder-options', '{"osdOrder": 3}'],
        /^qec: tasks\[0\]: decoder 'mwpm' has no option 'osdOrder'/,
      ],
      [
        { sweeps: [task({ distance: [3, 1] })] },
        [],
        /^qec: s\.json: sweeps\[0\]\.distance: distance of 'repetition' must be an integer ≥ 2, got 1/,
      ],
    ];
    for (const [study, extra, re] of cases) {
      const r = await collectStudy(study, extra);
      assert.equal(r.code, 1, r.err);
      assert.match(r.err, re);
      assert.equal(r.err.split('\n').length, 2, `one line: ${r.err}`);
      assert.deepEqual(r.files, []);
    }
  });

  it('maxShots and maxErrors may come from the study file; one of the two is required', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qec-collect-cli-'));
    try {
      const save = join(dir, 'r.csv');
      const io = new MemoryIO({ 's.json': JSON.stringify({ tasks: [task()], maxShots: 300 }) });
      assert.equal(await main(['collect', '--tasks', 's.json', '--save', save, '--workers', '0'], io), 2);
      assert.match(io.err, /^qec collect: missing --max-errors N \(or "maxErrors" in the study file\)/);
      assert.equal(existsSync(save), false);
      const io2 = new MemoryIO({
        's.json': JSON.stringify({ tasks: [task()], maxShots: 300, maxErrors: 1000 }),
      });
      assert.equal(
        await main(['collect', '--tasks', 's.json', '--save', save, '--workers', '0'], io2),
        0,
        io2.err,
      );
      assert.ok(existsSync(save));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('qec gen: noise parameters need their model', () => {
  it('--p without --noise is a usage error naming the flag (exit 2)', async () => {
    const io = new MemoryIO({});
    assert.equal(await main(['gen', '--code', 'repetition', '--distance', '3', '--p', '0.001'], io), 2);
    assert.match(io.err, /^qec gen: --p is a noise parameter; give --noise MODEL too/);
    assert.equal(io.out, '');
  });

  it('a parameter of another model is a usage error naming the flag (exit 2)', async () => {
    const io = new MemoryIO({});
    assert.equal(
      await main(
        [
          'gen',
          '--code',
          'repetition',
          '--distance',
          '3',
          '--noise',
          'uniform',
          '--p',
          '0.01',
          '--nbar',
          '4',
        ],
        io,
      ),
      2,
    );
    assert.match(io.err, /^qec gen: --nbar is not a parameter of --noise uniform/);
  });
});
