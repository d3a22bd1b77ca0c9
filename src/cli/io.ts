import { readFile } from 'node:fs/promises';
import { ValidationError } from '../base/errors.js';
import { openOutput, removeTempFiles, writeError, writeOutput, type OutputWriter } from './file-output.js';

export type { OutputWriter } from './file-output.js';

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
   * Writes a whole file: atomically (temporary file + rename) when it is a regular file, so an
   * interrupted or failed command never leaves a half-written output under the requested name;
   * through to the target of a symlink, and in place to devices and pipes. `-` means standard
   * output. Rejects with a one-line ValidationError (no space left, no such folder, ...).
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

/**
 * Makes a closed standard output (`qec gen … | head -1`) end the process quietly, removing the
 * temporary files of unfinished outputs; other stdout errors (e.g. a full disk) end it with one
 * line and exit code 1. Installed once by the `qec` binary.
 */
export function endQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    removeTempFiles();
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`qec: ${writeError('<stdout>', e).message}\n`);
    process.exit(1);
  });
}

function stdoutWrite(d: string | Uint8Array): Promise<void> {
  return new Promise<void>((res) => {
    if (process.stdout.write(d)) res();
    else process.stdout.once('drain', () => res());
  });
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
      if (path === '-') await stdoutWrite(data);
      else await writeOutput(path, data);
    },
    createWriter: async (path) => {
      if (path === '-')
        return { write: stdoutWrite, commit: () => Promise.resolve(), abort: () => Promise.resolve() };
      return openOutput(path);
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
