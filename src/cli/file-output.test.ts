import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOutput, writeOutput } from './file-output.js';

function inTemp(f: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qec-out-'));
    try {
      await f(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

describe('file output', () => {
  it(
    'a regular file is replaced atomically, keeps its mode, and no temporary file is left',
    inTemp(async (dir) => {
      const p = join(dir, 'a.txt');
      writeFileSync(p, 'old contents\n');
      chmodSync(p, 0o640);
      await writeOutput(p, 'new\n');
      assert.equal(readFileSync(p, 'utf8'), 'new\n');
      assert.equal(statSync(p).mode & 0o777, 0o640);
      assert.deepEqual(readdirSync(dir), ['a.txt']);
    }),
  );

  it(
    'an aborted stream leaves the old file untouched and removes its temporary file',
    inTemp(async (dir) => {
      const p = join(dir, 'a.txt');
      writeFileSync(p, 'old\n');
      const w = await openOutput(p);
      await w.write('half of the new ');
      await w.abort();
      assert.equal(readFileSync(p, 'utf8'), 'old\n');
      assert.deepEqual(readdirSync(dir), ['a.txt']);
    }),
  );

  it(
    'a symlink is followed: the link stays a link and its target gets the data',
    inTemp(async (dir) => {
      mkdirSync(join(dir, 'real'));
      const target = join(dir, 'real', 't.txt');
      writeFileSync(target, 'old\n');
      symlinkSync(target, join(dir, 'link'));
      await writeOutput(join(dir, 'link'), 'through the link\n');
      assert.ok(lstatSync(join(dir, 'link')).isSymbolicLink());
      assert.equal(readlinkSync(join(dir, 'link')), target);
      assert.equal(readFileSync(target, 'utf8'), 'through the link\n');
      // A dangling link creates its target.
      symlinkSync(join(dir, 'real', 'new.txt'), join(dir, 'dangling'));
      await writeOutput(join(dir, 'dangling'), 'x');
      assert.equal(readFileSync(join(dir, 'real', 'new.txt'), 'utf8'), 'x');
      assert.ok(lstatSync(join(dir, 'dangling')).isSymbolicLink());
    }),
  );

  it(
    'devices are written through, never replaced: a null device stays a device',
    inTemp(async (dir) => {
      // Our own null device when we may create one (root), so that nothing else on the machine
      // can have replaced it; otherwise /dev/null.
      let dev = '/dev/null';
      if (process.getuid?.() === 0 && spawnSync('mknod', [join(dir, 'null'), 'c', '1', '3']).status === 0)
        dev = join(dir, 'null');
      assert.ok(statSync(dev).isCharacterDevice(), `${dev} is a character device to begin with`);
      await writeOutput(dev, 'discarded\n');
      const w = await openOutput(dev);
      await w.write('x');
      await w.commit();
      assert.ok(statSync(dev).isCharacterDevice(), `${dev} is still a character device`);
    }),
  );

  it('/dev/full: no space left on device, as one line naming the file', async () => {
    await assert.rejects(writeOutput('/dev/full', 'x'.repeat(100000)), (e: Error) => {
      assert.equal(e.message, "cannot write '/dev/full': no space left on device (ENOSPC)");
      return true;
    });
    assert.ok(statSync('/dev/full').isCharacterDevice());
  });

  it(
    'a directory or a missing folder is a clean error and creates nothing',
    inTemp(async (dir) => {
      await assert.rejects(writeOutput(dir, 'x'), /cannot write '.*': is a directory$/);
      const missing = join(dir, 'no', 'such', 'f.txt');
      await assert.rejects(
        writeOutput(missing, 'x'),
        /cannot write '.*f\.txt': folder '.*such' does not exist$/,
      );
      assert.ok(!existsSync(join(dir, 'no')));
      assert.deepEqual(readdirSync(dir), []);
    }),
  );
});
