/**
 * The dashboard's client of the service API (`/api/v1`): every request carries the bearer token;
 * error answers become {@link ApiError} with the service's code, message and JSON path. Live
 * progress is read from `/studies/{id}/events` with `fetch` streaming rather than EventSource,
 * because EventSource cannot send an `Authorization` header and a token in the URL would end up in
 * logs and browser history.
 */
import { SseParser, type SseEvent } from './sse.js';

/** An error answer of the service (or a network failure, status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

/** The study summary and detail shapes the service answers (see src/service/schemas.ts). */
export interface StudySummary {
  readonly id: string;
  readonly status: 'queued' | 'running' | 'done' | 'done-with-failures' | 'failed' | 'cancelled';
  readonly error?: string;
  readonly maxShots: number;
  readonly maxErrors: number;
  readonly numTasks: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface StudyTask {
  readonly strongId: string;
  readonly decoder: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly shots: number;
  readonly errors: number;
  readonly discards: number;
  readonly seconds: number;
  readonly inFlightShots: number;
  readonly rate?: number;
  readonly interval?: { readonly low: number; readonly high: number };
  readonly done: boolean;
  /** A failed task's error (a batch threw): it got no more batches. */
  readonly error?: { readonly code: string; readonly message: string };
}

export interface StudyDetail extends StudySummary {
  readonly spec: unknown;
  readonly tasks: readonly StudyTask[];
}

/** Whether a study may still change. */
export const isActive = (status: StudySummary['status']): boolean =>
  status === 'queued' || status === 'running';

/** A client bound to one token. */
export class Api {
  constructor(
    readonly token: string,
    private readonly base = '',
  ) {}

  private async request(
    method: string,
    path: string,
    body?: string,
    signal?: AbortSignal,
  ): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.base}/api/v1${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (e) {
      if (signal?.aborted === true) throw e;
      throw new ApiError(0, 'NETWORK', `cannot reach the service: ${(e as Error).message}`);
    }
    if (res.ok) return res;
    const text = await res.text();
    let err: { code?: string; message?: string; path?: string } | undefined;
    try {
      err = (JSON.parse(text) as { error?: typeof err }).error;
    } catch {
      // not a JSON error body
    }
    throw new ApiError(
      res.status,
      err?.code ?? `HTTP_${res.status}`,
      err?.message ?? `${method} ${path}: HTTP ${res.status} ${res.statusText}`,
      err?.path,
    );
  }

  /** A JSON answer (undefined for 204). */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request(method, path, body === undefined ? undefined : JSON.stringify(body));
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  /** Sends a JSON text as it is (the editor's text, already validated here). */
  async submit(text: string): Promise<{ id: string }> {
    return (await (await this.request('POST', '/studies', text)).json()) as { id: string };
  }

  /** A file answer (CSV, SVG). */
  async blob(path: string): Promise<Blob> {
    return (await this.request('GET', path)).blob();
  }

  /**
   * Follows a study's event stream until it ends or `signal` aborts; `onEvent` gets each event.
   * Resolves when the service closes the stream (the study reached a final status).
   */
  async events(id: string, onEvent: (e: SseEvent) => void, signal: AbortSignal): Promise<void> {
    const res = await this.request('GET', `/studies/${encodeURIComponent(id)}/events`, undefined, signal);
    if (res.body === null) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SseParser();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      for (const e of parser.push(value)) onEvent(e);
    }
  }
}
