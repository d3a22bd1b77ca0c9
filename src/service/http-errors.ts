import { QecError } from '../base/errors.js';

/** The JSON body of every error answer: `{"error": {"code", "message", "path"?}}`. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly path?: string };
}

/** An error that already knows its HTTP status (auth, not found, limits of the service itself). */
export class HttpError extends QecError {
  readonly status: number;
  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message, { code, details });
    this.name = 'HttpError';
    this.status = status;
  }
}

const firstLine = (s: string): string => {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
};

/** Fastify's own error codes that are the client's fault, with the status and code we answer. */
const FASTIFY_CLIENT_ERRORS: Readonly<Record<string, [number, string, string?]>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'BODY_TOO_LARGE'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'MALFORMED_JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'MALFORMED_JSON', 'the body is empty; send a JSON document'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_REQUEST'],
};

/**
 * The one place where errors become HTTP statuses and error bodies: QecError codes map to 4xx
 * (VALIDATION and PARSE → 422, LIMIT → 413, UNSUPPORTED → 422), Fastify's parsing errors to
 * 400/413/415, anything else to 500 with a generic message (no stack trace leaves the server).
 * `internal` is true for the 500s, which the caller logs.
 */
export function toHttpError(e: unknown): { status: number; body: ErrorBody; internal: boolean } {
  const out = (status: number, code: string, message: string, path?: string) => ({
    status,
    body: { error: { code, message: firstLine(message), ...(path === undefined ? {} : { path }) } },
    internal: false,
  });
  if (e instanceof HttpError) {
    const path = e.details.path;
    return out(e.status, e.code, e.message, typeof path === 'string' ? path : undefined);
  }
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in FASTIFY_CLIENT_ERRORS) {
    const [status, ours, msg] = FASTIFY_CLIENT_ERRORS[code];
    const text = msg ?? (e as Error).message;
    return out(status, ours, status === 400 && ours === 'MALFORMED_JSON' ? `malformed JSON: ${text}` : text);
  }
  if (e instanceof QecError) {
    const p = e.details.path ?? e.details.field;
    const path = typeof p === 'string' && p !== '' ? p : undefined;
    switch (e.code) {
      case 'VALIDATION':
      case 'PARSE':
      case 'UNSUPPORTED':
        return out(422, e.code, e.message, path);
      case 'LIMIT':
        return out(413, e.code, e.message, path);
      default:
        break;
    }
  }
  const status = (e as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return out(status, typeof code === 'string' ? code : 'BAD_REQUEST', (e as Error).message);
  return { ...out(500, 'INTERNAL', 'internal error (logged on the server)'), internal: true };
}
