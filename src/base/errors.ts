/**
 * The one error hierarchy of QEC Lab. Every error thrown by the library is a {@link QecError}
 * with a stable `code`, structured `details` and an optional `cause`. Subclasses exist only
 * where callers branch on them. Exit codes (CLI) and HTTP statuses (service) are mapped from
 * these classes in exactly one place each.
 */
export class QecError extends Error {
  /** Stable machine-readable code, e.g. `PARSE`, `VALIDATION`, `LIMIT`. */
  readonly code: string;
  /** Structured facts about the failure (field names, given values, limits). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    message: string,
    options: { code?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'QecError';
    this.code = options.code ?? 'QEC';
    this.details = options.details ?? {};
  }
}

/** Position of a parse error inside a text source. Line and column are 1-based. */
export interface SourcePosition {
  /** A name for the source: a file path, `<stdin>` or `<string>`. */
  readonly source: string;
  readonly line: number;
  readonly column: number;
}

/** Characters quoted either side of the column when a ParseError quotes a long line. */
const QUOTE_RADIUS = 80;

/**
 * A syntax or semantic error at a known place in a text input. `message` is formatted
 * `source:line:col: what`, followed by the offending line and a caret under the column;
 * `reason` is the bare explanation.
 */
export class ParseError extends QecError {
  readonly source: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;
  readonly lineText: string;

  constructor(reason: string, pos: SourcePosition, lineText = '', cause?: unknown) {
    const head = `${pos.source}:${pos.line}:${pos.column}: ${reason}`;
    // A very long line is quoted as a window around the column (the caret still points at it).
    let quoted = lineText;
    let col = pos.column - 1;
    if (lineText.length > 2 * QUOTE_RADIUS) {
      const from = Math.max(0, Math.min(col - QUOTE_RADIUS, lineText.length - 2 * QUOTE_RADIUS));
      quoted = `${from > 0 ? '…' : ''}${lineText.slice(from, from + 2 * QUOTE_RADIUS)}${from + 2 * QUOTE_RADIUS < lineText.length ? '…' : ''}`;
      col = col - from + (from > 0 ? 1 : 0);
    }
    const caret = quoted === '' ? '' : `\n    ${quoted}\n    ${' '.repeat(Math.max(0, col))}^`;
    super(head + caret, { code: 'PARSE', details: { ...pos, reason }, cause });
    this.name = 'ParseError';
    this.source = pos.source;
    this.line = pos.line;
    this.column = pos.column;
    this.reason = reason;
    this.lineText = quoted;
  }

  /** The first line of the message: `source:line:col: reason`. */
  get headline(): string {
    return `${this.source}:${this.line}:${this.column}: ${this.reason}`;
  }
}

/** A value given by the caller breaks a rule (a field out of range, inconsistent options). */
export class ValidationError extends QecError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(message, { code: 'VALIDATION', details, cause });
    this.name = 'ValidationError';
  }
}

/** Valid input that this component cannot handle (a non-Clifford gate in a stabilizer simulator). */
export class UnsupportedError extends QecError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(message, { code: 'UNSUPPORTED', details, cause });
    this.name = 'UnsupportedError';
  }
}

/** A request that exceeds an explicit resource limit (memory, qubits, size). Raised before allocating. */
export class LimitError extends QecError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(message, { code: 'LIMIT', details, cause });
    this.name = 'LimitError';
  }
}

/** The operation was cancelled through its cancellation signal. */
export class CancelledError extends QecError {
  constructor(message = 'cancelled', details: Record<string, unknown> = {}) {
    super(message, { code: 'CANCELLED', details });
    this.name = 'CancelledError';
  }
}

/**
 * At most `max` characters of user input for a message: a 10 MB gate name or argument is shown
 * as its start and its length, never echoed whole.
 */
export function excerpt(s: string, max = 60): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
}

/** Formats a byte count for messages: `16 TiB`, `512 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toPrecision(3)} ${units[i]}`;
}
