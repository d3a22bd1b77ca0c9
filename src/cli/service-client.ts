import { LimitError, QecError, ValidationError } from '../base/errors.js';

/** Where a client command sends its requests, and as whom. */
export interface ServiceTarget {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  readonly server: string;
  readonly token: string;
}

/** The error of a non-2xx answer: 413/429 → LimitError (exit 3), other 4xx → ValidationError (exit 1). */
async function answerError(res: Response, what: string): Promise<QecError> {
  let code = String(res.status);
  let message = res.statusText;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (typeof body.error?.message === 'string') message = body.error.message;
    if (typeof body.error?.code === 'string') code = body.error.code;
  } catch {
    // not our JSON error body: keep the status line
  }
  const text = `${what}: ${res.status} ${code}: ${message}`;
  if (res.status === 413 || res.status === 429) return new LimitError(text, { status: res.status });
  if (res.status >= 400 && res.status < 500) return new ValidationError(text, { status: res.status });
  return new QecError(text, { code: 'SERVICE', details: { status: res.status } });
}

/**
 * One request to the service with the bearer token. Resolves to the response when its status is
 * 2xx; otherwise rejects with a one-line error carrying the server's code and message.
 */
export async function serviceRequest(
  t: ServiceTarget,
  method: string,
  path: string,
  body?: string,
  signal?: AbortSignal,
): Promise<Response> {
  const url = new URL(path, t.server.endsWith('/') ? t.server : `${t.server}/`).href;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${t.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body }),
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new QecError(
      `cannot reach the service at ${t.server}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
      {
        code: 'SERVICE',
      },
    );
  }
  if (!res.ok) throw await answerError(res, `${method} ${path}`);
  return res;
}

/** One Server-Sent Event. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/**
 * Reads a Server-Sent Events stream event by event (the `event:` and `data:` fields; comments
 * and other fields are skipped).
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buf = '';
  let event = 'message';
  let data: string[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      if (line === '') {
        if (data.length > 0) yield { event, data: data.join('\n') };
        event = 'message';
        data = [];
      } else if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
  }
}
