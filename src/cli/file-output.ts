import { unlinkSync } from 'node:fs';
import { chmod, lstat, open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ValidationError } from '../base/errors.js';

/** A streaming output file: `write` chunks, then `commit` (keep) or `abort` (discard what it can). */
export interface OutputWriter {
  write(data: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Temporary files not yet renamed into place, removed if the process ends early (closed stdout). */
const liveTemps = new Set<string>();

/** Removes the temporary files of outputs still being written (synchronous: safe at exit). */
export function removeTempFiles(): void {
  for (const t of liveTemps)
    try {
      unlinkSync(t);
    } catch {
      // already gone
    }
  liveTemps.clear();
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  EPIPE: 'the reading end was closed',
};

/** One-line ValidationError for a failed write of `path` (the errno code in words). */
export function writeError(path: string, e: unknown): ValidationError {
  if (e instanceof ValidationError) return e;
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const why = REASONS[code] ?? (e as Error).message.split('\n')[0];
  return new ValidationError(
    `cannot write '${path}': ${why}${code !== '' ? ` (${code})` : ''}`,
    { path, code },
    e,
  );
}

/**
 * Where the bytes for `path` go. A regular file (or a name that does not exist yet) is written
 * atomically: to a temporary file in the same folder, renamed over the target on commit, so a
 * failed or interrupted command never leaves a half-written file under the name. A symbolic link
 * is followed (the link stays, its target is replaced). Devices, pipes and sockets (`/dev/null`,
 * `/dev/stdout`, a FIFO) are written through in place: renaming over them would replace the node.
 */
async function plan(path: string): Promise<{ target: string; atomic: boolean; mode?: number }> {
  const link = await lstat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw writeError(path, e);
  });
  if (link === undefined) {
    const dir = dirname(path);
    const d = await stat(dir).catch(() => undefined);
    if (d === undefined || !d.isDirectory())
      throw new ValidationError(`cannot write '${path}': folder '${dir}' does not exist`, { path });
    return { target: path, atomic: true };
  }
  let target = path;
  let st = link;
  if (link.isSymbolicLink()) {
    try {
      target = await realpath(path);
      st = await stat(target);
    } catch {
      // A dangling link, or one into /proc (e.g. /dev/stdout on a pipe): write through it.
      return { target: path, atomic: false };
    }
  }
  if (st.isDirectory()) throw new ValidationError(`cannot write '${path}': is a directory`, { path });
  return { target, atomic: st.isFile(), mode: st.isFile() ? st.mode & 0o7777 : undefined };
}

/** Opens `path` for writing as described at {@link plan}; every failure is one-line ValidationError. */
export async function openOutput(path: string): Promise<OutputWriter> {
  const { target, atomic, mode } = await plan(path);
  const file = atomic ? `${target}.tmp-${process.pid}` : target;
  let h: FileHandle;
  try {
    h = await open(file, 'w');
  } catch (e) {
    throw writeError(path, e);
  }
  if (atomic) liveTemps.add(file);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await h.close();
  };
  const discard = async (): Promise<void> => {
    if (!atomic) return;
    liveTemps.delete(file);
    await unlink(file).catch(() => undefined);
  };
  return {
    write: async (d) => {
      try {
        if (typeof d === 'string') await h.write(d);
        else await h.write(d);
      } catch (e) {
        throw writeError(path, e);
      }
    },
    commit: async () => {
      try {
        await close();
        if (!atomic) return;
        if (mode !== undefined) await chmod(file, mode);
        await rename(file, target);
        liveTemps.delete(file);
      } catch (e) {
        await discard();
        throw writeError(path, e);
      }
    },
    abort: async () => {
      await close().catch(() => undefined);
      await discard();
    },
  };
}

/** Writes a whole file through {@link openOutput} (atomic for regular files). */
export async function writeOutput(path: string, data: string | Uint8Array): Promise<void> {
  const w = await openOutput(path);
  try {
    await w.write(data);
    await w.commit();
  } catch (e) {
    await w.abort();
    throw e;
  }
}
