import { parseArgs } from 'node:util';
import { QecError } from '../base/errors.js';
import type { CliIO } from './io.js';

/** A command-line usage mistake (unknown option, missing or malformed value). Exit code 2. */
export class UsageError extends QecError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, { code: 'USAGE', details });
    this.name = 'UsageError';
  }
}

/** The value kinds an option can take; parsing and validation derive from it. */
export type OptionKind = 'string' | 'boolean' | 'int' | 'number' | 'choice' | 'list';

/** One `--name value` option of a subcommand, described as data (help and parsing derive from it). */
export interface OptionSpec {
  readonly name: string;
  readonly kind: OptionKind;
  readonly help: string;
  /** Placeholder in help, e.g. `FILE`, `N`. */
  readonly value?: string;
  readonly required?: boolean;
  /** Default value as it would be typed on the command line. */
  readonly default?: string;
  /** Allowed values for `choice` (and for each element of `list` when given). */
  readonly choices?: readonly string[];
  /** Inclusive bounds for `int` and `number`. */
  readonly min?: number;
  readonly max?: number;
  /**
   * Other spellings of the option (Stim's, sinter's), without `--`. Underscores and dashes are
   * interchangeable in every option name anyway (`--out_format` is `--out-format`), so list only
   * names that differ otherwise (sinter's `save_resume_filepath` for `save`).
   */
  readonly aliases?: readonly string[];
  /**
   * For `list`: the values are file paths, which may contain commas (sinter's `d=5,p=0.001.stim`),
   * so they are separated by spaces or repeated flags only, never split at commas.
   */
  readonly paths?: boolean;
  /**
   * `choices` are the known values, listed in help, but others pass the parser: the command checks
   * them itself (decoder names, to which a --custom-decoder module may add).
   */
  readonly openChoices?: boolean;
  /** Other spellings of `choice`/`list` values, mapped to the canonical value (`pymatching` → `mwpm`). */
  readonly choiceAliases?: Readonly<Record<string, string>>;
}

/** Parsed option values, keyed by option name. */
export type OptionValues = Record<string, string | boolean | number | string[] | undefined>;

/** A subcommand: its description and options are data; `run` returns the exit code. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  /** Longer description shown by `qec NAME --help`. */
  readonly description?: string;
  readonly options: readonly OptionSpec[];
  /**
   * Other names of the command (Stim's spellings). Underscores and dashes are interchangeable in
   * command names anyway (`analyze_errors` is `analyze-errors`); list only names that differ otherwise.
   */
  readonly aliases?: readonly string[];
  /**
   * Positional arguments in order (`qec submit STUDY.json`), stored in the parsed values under
   * their names; absent means none are accepted.
   */
  readonly positionals?: readonly {
    readonly name: string;
    readonly help: string;
    readonly required?: boolean;
  }[];
  /** Example invocations shown in help. */
  readonly examples?: readonly string[];
  run(opts: OptionValues, io: CliIO): Promise<number>;
}

/** Typed accessors over parsed values (the parser has already validated kinds and ranges). */
export function str(opts: OptionValues, name: string): string | undefined {
  const v = opts[name];
  return typeof v === 'string' ? v : undefined;
}
export function num(opts: OptionValues, name: string): number | undefined {
  const v = opts[name];
  return typeof v === 'number' ? v : undefined;
}
export function flag(opts: OptionValues, name: string): boolean {
  return opts[name] === true;
}
export function list(opts: OptionValues, name: string): string[] | undefined {
  const v = opts[name];
  return Array.isArray(v) ? v : undefined;
}

/** The canonical spelling of a command or option name: underscores become dashes (Stim's `sample_dem`). */
export const canonicalName = (name: string): string => name.replace(/_/g, '-');

/** The command called `name` in `commands`, by name, any spelling of it, or an alias. */
export function findCommand(commands: readonly CliCommand[], name: string): CliCommand | undefined {
  const n = canonicalName(name);
  return commands.find((c) => c.name === n || (c.aliases ?? []).some((a) => canonicalName(a) === n));
}

/** The option of `cmd` that `name` (without `--`) spells, by name, any spelling of it, or an alias. */
function findOption(cmd: CliCommand, name: string): OptionSpec | undefined {
  const n = canonicalName(name);
  return cmd.options.find((o) => o.name === n || (o.aliases ?? []).some((a) => canonicalName(a) === n));
}

/**
 * Rewrites `argv` into canonical `--name value` pairs: option names in any spelling (underscores,
 * aliases) become the table's name, and a `list` option takes every following value up to the
 * next `--option` (so `--in results/*.csv` takes what the shell's glob expanded to). Unknown
 * options are left for the parser to report.
 */
export function normalizeArgv(cmd: CliCommand, argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i];
    if (tok === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (!tok.startsWith('--') || tok.length === 2) {
      out.push(tok);
      continue;
    }
    const eq = tok.indexOf('=');
    const spec = findOption(cmd, eq < 0 ? tok.slice(2) : tok.slice(2, eq));
    if (spec === undefined) {
      out.push(tok);
      continue;
    }
    const name = `--${spec.name}`;
    if (spec.kind !== 'list') {
      out.push(eq < 0 ? name : `${name}=${tok.slice(eq + 1)}`);
      continue;
    }
    let n = 0;
    if (eq >= 0) {
      out.push(`${name}=${tok.slice(eq + 1)}`);
      n++;
    }
    while (i + 1 < argv.length && !(argv[i + 1].startsWith('--') && argv[i + 1].length > 2)) {
      out.push(`${name}=${argv[++i]}`);
      n++;
    }
    if (n === 0) out.push(name);
  }
  return out;
}

/** Parses and validates `argv` (after the subcommand name) against the command's option table. */
export function parseOptions(cmd: CliCommand, argv: readonly string[]): OptionValues {
  const config: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const o of cmd.options)
    config[o.name] =
      o.kind === 'list'
        ? { type: 'string', multiple: true }
        : { type: o.kind === 'boolean' ? 'boolean' : 'string' };
  let parsed: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };
  try {
    const r = parseArgs({
      args: joinDashValues(cmd, normalizeArgv(cmd, argv)),
      options: config,
      strict: true,
      allowPositionals: true,
    });
    parsed = { values: r.values as typeof parsed.values, positionals: r.positionals };
  } catch (e) {
    throw new UsageError(`qec ${cmd.name}: ${parseArgsMessage(e as Error)}`);
  }
  const wanted = cmd.positionals ?? [];
  if (parsed.positionals.length > wanted.length)
    throw new UsageError(
      `qec ${cmd.name}: unexpected argument '${excerptArg(parsed.positionals[wanted.length])}' (options are given as --name value)`,
    );
  const out: OptionValues = {};
  wanted.forEach((p, i) => {
    const v = parsed.positionals[i];
    if (v === undefined && p.required === true)
      throw new UsageError(`qec ${cmd.name}: missing ${p.name.toUpperCase()} (${p.help})`);
    if (v !== undefined) out[p.name] = v;
  });
  for (const o of cmd.options) {
    const raw = parsed.values[o.name] ?? o.default;
    if (raw === undefined) {
      if (o.required)
        throw new UsageError(
          `qec ${cmd.name}: missing required option --${o.name} ${o.value ?? ''}`.trimEnd(),
        );
      continue;
    }
    out[o.name] = convert(cmd, o, raw);
  }
  return out;
}

/**
 * `--shots -1` is ambiguous to node's parseArgs (is `-1` a value or an option?); a value of an
 * option that takes one which looks like a negative number or `-Infinity` is joined as
 * `--shots=-1`, so the range check answers it in one line.
 */
function joinDashValues(cmd: CliCommand, argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = argv[i + 1];
    const o = a.startsWith('--') ? cmd.options.find((x) => `--${x.name}` === a) : undefined;
    if (o !== undefined && o.kind !== 'boolean' && next !== undefined && /^-(\d|\.\d|Infinity)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** node's parseArgs messages, made one line (and free of its multi-line hints). */
function parseArgsMessage(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  const opt = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && / argument missing/.test(e.message))
    return `option ${opt} needs a value`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /ambiguous/.test(e.message))
    return `option ${opt} needs a value; to give one that starts with '-', write ${opt}=VALUE`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /does not take an argument/.test(e.message))
    return `option ${opt} takes no value`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Unknown option '${excerptArg(opt)}'`;
  return e.message.split('\n')[0].replace(/\. To specify.*$/s, '');
}

const excerptArg = (s: string): string => (s.length <= 60 ? s : `${s.slice(0, 60)}…`);

function convert(cmd: CliCommand, o: OptionSpec, raw: string | boolean | string[]): OptionValues[string] {
  const where = `qec ${cmd.name}: --${o.name}`;
  if (o.kind === 'boolean') return raw === true || raw === 'true';
  if (o.kind === 'list' && o.paths === true) {
    const items = (Array.isArray(raw) ? raw : [String(raw)]).filter((x) => x !== '');
    if (items.length === 0) throw new UsageError(`${where}: expected one or more files`);
    return items;
  }
  const s = Array.isArray(raw) ? raw.join(',') : String(raw);
  const canon = (v: string): string => o.choiceAliases?.[v] ?? v;
  switch (o.kind) {
    case 'string':
      if (s === '') throw new UsageError(`${where}: expected a value, got an empty string`);
      return s;
    case 'int':
    case 'number': {
      const t = s.replace(/_/g, '');
      const v = o.kind === 'int' && /^[+-]?\d+$/.test(t) ? Number(t) : o.kind === 'number' ? Number(t) : NaN;
      // Infinity is a value only where the option's range includes it (e.g. --eta Infinity).
      const infOk = (v === Infinity && o.max === Infinity) || (v === -Infinity && o.min === -Infinity);
      if (
        t === '' ||
        Number.isNaN(v) ||
        (!Number.isFinite(v) && !infOk) ||
        (o.kind === 'int' && !Number.isSafeInteger(v))
      )
        throw new UsageError(
          `${where}: expected ${o.kind === 'int' ? 'an integer' : 'a number'}, got '${excerptArg(s)}'`,
        );
      if (o.min !== undefined && v < o.min)
        throw new UsageError(`${where}: must be at least ${o.min}, got ${s}`);
      if (o.max !== undefined && v > o.max)
        throw new UsageError(`${where}: must be at most ${o.max}, got ${s}`);
      return v;
    }
    case 'choice':
      if (o.choices !== undefined && o.openChoices !== true && !o.choices.includes(canon(s)))
        throw new UsageError(`${where}: expected one of ${o.choices.join(', ')}, got '${excerptArg(s)}'`);
      return canon(s);
    case 'list': {
      const items = s
        .split(',')
        .map((x) => canon(x.trim()))
        .filter((x) => x !== '');
      if (items.length === 0)
        throw new UsageError(`${where}: expected values (space- or comma-separated), got '${excerptArg(s)}'`);
      if (o.choices !== undefined && o.openChoices !== true)
        for (const it of items)
          if (!o.choices.includes(it))
            throw new UsageError(`${where}: '${excerptArg(it)}' is not one of ${o.choices.join(', ')}`);
      return items;
    }
  }
}

/** Help text of one command, derived from its table. */
export function commandHelp(cmd: CliCommand): string {
  const lines = [`qec ${cmd.name} — ${cmd.summary}`, ''];
  if (cmd.aliases !== undefined && cmd.aliases.length > 0) lines.push(`Also: ${cmd.aliases.join(', ')}`, '');
  if (cmd.description !== undefined) lines.push(cmd.description, '');
  for (const p of cmd.positionals ?? [])
    lines.push(`Argument ${p.name.toUpperCase()}: ${p.help}${p.required === true ? ' [required]' : ''}`);
  if ((cmd.positionals ?? []).length > 0) lines.push('');
  lines.push('Options:');
  const heads = cmd.options.map(
    (o) => `  --${o.name}${o.kind === 'boolean' ? '' : ` ${o.value ?? 'VALUE'}`}`,
  );
  const width = Math.max(...heads.map((h) => h.length), 10) + 2;
  cmd.options.forEach((o, i) => {
    let h = o.help;
    if (o.choices !== undefined && o.kind === 'choice') h += ` (${o.choices.join('|')})`;
    if (o.required === true) h += ' [required]';
    if (o.default !== undefined) h += ` [default: ${o.default}]`;
    if (o.aliases !== undefined && o.aliases.length > 0)
      h += ` (also ${o.aliases.map((a) => `--${a}`).join(', ')})`;
    lines.push(heads[i].padEnd(width) + h);
  });
  lines.push('  --help'.padEnd(width) + 'Show this help.');
  lines.push(
    '',
    'Option names may use underscores for dashes, as Stim and sinter spell them (--out_format); list options take several values, space- or comma-separated or repeated.',
  );
  if (cmd.examples !== undefined && cmd.examples.length > 0) {
    lines.push('', 'Examples:');
    for (const e of cmd.examples) lines.push(`  ${e}`);
  }
  return lines.join('\n') + '\n';
}
