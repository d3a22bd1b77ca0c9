import { readFileSync } from 'node:fs';
import { CancelledError, excerpt, LimitError, ParseError, QecError } from '../base/errors.js';
import { canonicalName, commandHelp, parseOptions, UsageError, type CliCommand } from './command.js';
import { COMMANDS } from './commands/index.js';
import { endQuietlyOnClosedStdout, nodeIO, type CliIO } from './io.js';

/** Exit codes of `qec`, mapped from error classes here and nowhere else. */
export const EXIT = {
  OK: 0,
  /** Bad input: a parse, validation or unsupported-feature error. */
  INPUT: 1,
  /** Command-line usage error. */
  USAGE: 2,
  /** An explicit resource limit was hit (e.g. a state vector too large). */
  LIMIT: 3,
  /** A bug: an unexpected exception. */
  INTERNAL: 70,
  /** Interrupted (Ctrl-C). */
  CANCELLED: 130,
} as const;

function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 4;
  return [
    'qec — QEC Lab: circuits, simulators, detector error models, decoders, codes and experiments.',
    '',
    'Usage: qec COMMAND [options]      (qec COMMAND --help for its options)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Files may be given as - for standard input/output.',
    '',
  ].join('\n');
}

/**
 * Runs the `qec` command line in-process and returns the exit code. Every error ends as one
 * clear line on stderr (`file:line:col: message` for parse errors) and a non-zero exit code;
 * stack traces are printed only for internal errors when QEC_DEBUG is set.
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const sub = name === 'help' ? COMMANDS.find((c) => c.name === canonicalName(rest[0] ?? '')) : undefined;
    io.stdout(sub !== undefined ? commandHelp(await sub.load()) : topHelp());
    if (name !== undefined) return EXIT.OK;
    io.stderr('qec: no command given (the commands are listed above)\n');
    return EXIT.USAGE;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`qec-lab ${packageVersion()}\n`);
    return EXIT.OK;
  }
  const entry = COMMANDS.find((c) => c.name === canonicalName(name));
  if (entry === undefined) {
    io.stderr(
      `qec: unknown command '${excerpt(name)}'. Commands: ${COMMANDS.map((c) => c.name).join(', ')}\n`,
    );
    return EXIT.USAGE;
  }
  let cmd: CliCommand | undefined;
  try {
    // Only this command's module (and what it imports) is loaded: start-up stays short.
    cmd = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(commandHelp(cmd));
      return EXIT.OK;
    }
    const opts = parseOptions(cmd, rest);
    return await cmd.run(opts, io);
  } catch (e) {
    return reportError(e, cmd, io);
  }
}

let version: string | undefined;
/** The `version` field of the package.json this module was installed with (read once). */
export function packageVersion(): string {
  if (version !== undefined) return version;
  // src/cli/main.ts under tsx and dist/src/cli/main.js when built: walk up to the package root.
  for (let up = '../../'; up.length <= 12; up += '../') {
    try {
      const pkg = JSON.parse(readFileSync(new URL(`${up}package.json`, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'qec-lab' && typeof pkg.version === 'string') return (version = pkg.version);
    } catch {
      // not at this level: keep walking up
    }
  }
  return (version = 'unknown');
}

/** The package a failed dynamic import could not find, if that is what `e` is. */
function missingPackage(e: unknown): string | undefined {
  if ((e as NodeJS.ErrnoException | undefined)?.code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  return /Cannot find package '([^']+)'/.exec((e as Error).message)?.[1];
}

/** The one place where errors become messages and exit codes. */
export function reportError(e: unknown, cmd: CliCommand | undefined, io: CliIO): number {
  if (e instanceof UsageError) {
    io.stderr(`${oneLine(e.message)}${cmd !== undefined ? ` (see 'qec ${cmd.name} --help')` : ''}\n`);
    return EXIT.USAGE;
  }
  if (e instanceof ParseError) {
    io.stderr(`${oneLine(e.headline)}\n`);
    return EXIT.INPUT;
  }
  if (e instanceof CancelledError) {
    io.stderr(`qec: ${e.message}\n`);
    return EXIT.CANCELLED;
  }
  if (e instanceof LimitError) {
    io.stderr(`qec: ${oneLine(e.message)}\n`);
    return EXIT.LIMIT;
  }
  const pkg = missingPackage(e);
  if (pkg !== undefined) {
    // The service and plots need optional packages: name the one to install, not a stack trace.
    io.stderr(
      `qec: ${cmd !== undefined ? `qec ${cmd.name}` : 'this command'} needs the optional package '${pkg}': npm install ${pkg}\n`,
    );
    return EXIT.INPUT;
  }
  if (e instanceof QecError && e.code !== 'INTERNAL') {
    io.stderr(`qec: ${oneLine(e.message)}\n`);
    return EXIT.INPUT;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  io.stderr(`qec: internal error: ${oneLine(err.message)} (this is a bug; set QEC_DEBUG=1 for details)\n`);
  if (typeof process !== 'undefined' && process.env.QEC_DEBUG) io.stderr(`${err.stack ?? ''}\n`);
  return EXIT.INTERNAL;
}

/** Longest error line printed; longer ones (echoing huge input) are cut with a note. */
const MAX_LINE = 400;

function oneLine(s: string): string {
  const i = s.indexOf('\n');
  const first = i < 0 ? s : s.slice(0, i);
  return first.length <= MAX_LINE ? first : `${first.slice(0, MAX_LINE)}… (message cut)`;
}

/** Entry point of the `qec` binary. */
export function run(argv: readonly string[] = process.argv.slice(2)): void {
  endQuietlyOnClosedStdout();
  main(argv, nodeIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.exitCode = reportError(e, undefined, nodeIO());
    },
  );
}
