import { open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { ValidationError } from '../base/errors.js';

/**
 * Everything a CLI command may do to the outside world. Commands receive it as a parameter so
 * tests can run `main(argv, io)` in-process with in-memory files and captured output.
 */
export interface CliIO {
  /** Writes text or bytes to standard output. */
  stdout(data: string | Uint8Array): void;
  /** Writes text to standard error (progress, warnings, the one-line error). */
  stderr(text: string): void;
  /** Reads a whole file; `-` means standard input. Rejects with a ValidationError naming the path. */
  readFile(path: string): Promise<Uint8Array>;
  /**
   * Writes a whole file atomically (temporary file + rename), so an interrupted or failed command
   * never leaves a half-written output under the requested name. `-` means standard output.
   */
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  /**
   * Opens a streaming output: chunks go to a temporary file that becomes `path` only on
   * `commit()`; `abort()` removes it. `-` streams to standard output.
   */
  createWriter(path: string): Promise<OutputWriter>;
  /** Whether stderr is an interactive terminal (live progress displays). */
  readonly interactive: boolean;
  /** Monotonic clock in milliseconds (progress, ETA). */
  now(): number;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** A streaming output file (see {@link CliIO.createWriter}). */
export interface OutputWriter {
  write(data: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** The real process IO. */
export function nodeIO(): CliIO {
  return {
    stdout: (data) => {
      process.stdout.write(data);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    readFile: async (path) => {
      if (path === '-') return readStdin();
      try {
        return new Uint8Array(await readFile(path));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(code);
        throw new ValidationError(`cannot read '${path}': ${why}`, { path }, e);
      }
    },
    writeFile: async (path, data) => {
      if (path === '-') {
        process.stdout.write(data);
        return;
      }
      const tmp = `${path}.tmp-${process.pid}`;
      try {
        await writeFile(tmp, data);
        await rename(tmp, path);
      } catch (e) {
        await unlink(tmp).catch(() => undefined);
        throw new ValidationError(`cannot write '${path}': ${(e as Error).message}`, { path }, e);
      }
    },
    createWriter: async (path) => {
      if (path === '-')
        return {
          write: (d) =>
            new Promise<void>((res) => {
              if (process.stdout.write(d)) res();
              else process.stdout.once('drain', () => res());
            }),
          commit: () => Promise.resolve(),
          abort: () => Promise.resolve(),
        };
      const tmp = `${path}.tmp-${process.pid}`;
      let fh;
      try {
        fh = await open(tmp, 'w');
      } catch (e) {
        throw new ValidationError(`cannot write '${path}': ${(e as Error).message}`, { path }, e);
      }
      const h = fh;
      return {
        write: async (d) => {
          if (typeof d === 'string') await h.write(d);
          else await h.write(d);
        },
        commit: async () => {
          await h.close();
          await rename(tmp, path);
        },
        abort: async () => {
          await h.close().catch(() => undefined);
          await unlink(tmp).catch(() => undefined);
        },
      };
    },
    interactive: process.stderr.isTTY === true,
    now: () => performance.now(),
  };
}

/** An in-memory IO for tests: files in a map, output captured as strings. */
export class MemoryIO implements CliIO {
  readonly files = new Map<string, Uint8Array>();
  out = '';
  err = '';
  readonly interactive = false;
  private clock = 0;

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [k, v] of Object.entries(files)) this.files.set(k, typeof v === 'string' ? encode(v) : v);
  }
  stdout(data: string | Uint8Array): void {
    this.out += typeof data === 'string' ? data : new TextDecoder().decode(data);
  }
  stderr(text: string): void {
    this.err += text;
  }
  readFile(path: string): Promise<Uint8Array> {
    const f = this.files.get(path);
    if (f === undefined)
      return Promise.reject(new ValidationError(`cannot read '${path}': no such file`, { path }));
    return Promise.resolve(f);
  }
  writeFile(path: string, data: string | Uint8Array): Promise<void> {
    if (path === '-') this.stdout(data);
    else this.files.set(path, typeof data === 'string' ? encode(data) : data);
    return Promise.resolve();
  }
  createWriter(path: string): Promise<OutputWriter> {
    const chunks: Uint8Array[] = [];
    return Promise.resolve({
      write: (d: string | Uint8Array) => {
        chunks.push(typeof d === 'string' ? encode(d) : d.slice());
        return Promise.resolve();
      },
      commit: () => {
        const total = chunks.reduce((a, c) => a + c.length, 0);
        const all = new Uint8Array(total);
        let o = 0;
        for (const c of chunks) {
          all.set(c, o);
          o += c.length;
        }
        return this.writeFile(path, all);
      },
      abort: () => Promise.resolve(),
    });
  }
  /** A file's content as text. */
  text(path: string): string {
    const f = this.files.get(path);
    if (f === undefined) throw new Error(`MemoryIO: no file ${path}`);
    return new TextDecoder().decode(f);
  }
  now(): number {
    return (this.clock += 1);
  }
}

function encode(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** Decodes UTF-8 input, naming the file when it is not text. */
export function decodeText(data: Uint8Array, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch (e) {
    throw new ValidationError(`'${path}' is not UTF-8 text`, { path }, e);
  }
}
