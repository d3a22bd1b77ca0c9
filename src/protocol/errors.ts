/**
 * Errors across a boundary: {@link toProtocolError} turns any thrown value into a
 * {@link ProtocolError} message (code, class name, message, JSON details) and
 * {@link fromProtocolError} rebuilds the same error class on the other side, so a `LimitError`
 * in a worker still ends the CLI with exit code 3 and a `ValidationError` with 1.
 */
import {
  CancelledError,
  LimitError,
  ParseError,
  QecError,
  UnsupportedError,
  ValidationError,
} from '../base/errors.js';
import type { ProtocolError } from './messages.js';

/** Keeps only JSON values of an error's details (functions, cycles and the like are dropped). */
function jsonDetails(details: Readonly<Record<string, unknown>>): ProtocolError['details'] {
  try {
    const v = JSON.parse(JSON.stringify(details)) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0
      ? (v as ProtocolError['details'])
      : undefined;
  } catch {
    return undefined;
  }
}

/** The message form of a thrown value. Non-QecErrors get code `INTERNAL` (a bug). */
export function toProtocolError(e: unknown): ProtocolError {
  if (e instanceof QecError) {
    const details = jsonDetails(e.details);
    return { code: e.code, name: e.name, message: e.message, ...(details === undefined ? {} : { details }) };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return { code: 'INTERNAL', name: err.name, message: `${err.name}: ${err.message}` };
}

/**
 * Rebuilds the error class of a {@link ProtocolError} by its code: PARSE (with its position in
 * `details`), VALIDATION, UNSUPPORTED, LIMIT, CANCELLED; any other code becomes a QecError with
 * that code (`INTERNAL` ones are reported as bugs).
 */
export function fromProtocolError(p: ProtocolError): QecError {
  const details = p.details ?? {};
  switch (p.code) {
    case 'PARSE': {
      const { source, line, column, reason } = details;
      if (typeof source === 'string' && typeof line === 'number' && typeof column === 'number')
        return new ParseError(typeof reason === 'string' ? reason : p.message, { source, line, column });
      return new ValidationError(p.message, details);
    }
    case 'VALIDATION':
      return new ValidationError(p.message, details);
    case 'UNSUPPORTED':
      return new UnsupportedError(p.message, details);
    case 'LIMIT':
      return new LimitError(p.message, details);
    case 'CANCELLED':
      return new CancelledError(p.message, details);
    default: {
      const e = new QecError(p.message, { code: p.code, details });
      e.name = p.name;
      return e;
    }
  }
}

/** The same error (same class and code) with `prefix` put before its message. */
export function prefixError(e: unknown, prefix: string): QecError {
  const p = toProtocolError(e);
  if (p.code === 'PARSE') return fromProtocolError(p);
  return fromProtocolError({ ...p, message: prefix + p.message });
}
