/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any -- JSON answers are checked field by field by the assertions */
// Support for the service's end-to-end tests: a real server on a free loopback port with its
// SQLite file in a fresh temporary directory, and small HTTP helpers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningService, type ServeOptions } from '../../src/service/server.js';

/** A running test service with one account token, and its cleanup. */
export interface TestService {
  readonly service: RunningService;
  readonly url: string;
  readonly dir: string;
  readonly token: string;
  stop(): Promise<void>;
}

/** Starts a service on 127.0.0.1:0 in a new temporary data directory, with a token for 'alice'. */
export async function startTestService(opts: Partial<ServeOptions> = {}): Promise<TestService> {
  const dir = opts.data ?? mkdtempSync(join(tmpdir(), 'qec-service-'));
  const service = await startServer({ data: dir, port: 0, workers: 2, ...opts });
  const token = service.store.createToken('alice').token;
  return {
    service,
    url: service.url,
    dir,
    token,
    async stop() {
      await service.close(2000);
      if (opts.data === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A JSON answer: status, parsed body (or text when not JSON) and headers. */
export interface Answer {
  readonly status: number;
  readonly body: any;
  readonly text: string;
  readonly headers: Headers;
}

/** One HTTP request; `body` objects are sent as JSON, strings as they are. */
export async function call(
  url: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; contentType?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] = opts.contentType ?? 'application/json';
  }
  const res = await fetch(url + path, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (CSV, SVG)
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** Polls a study until it leaves queued/running (or `timeoutMs` passes); returns its detail. */
export async function waitForStudy(
  url: string,
  token: string,
  id: string,
  timeoutMs = 120_000,
): Promise<Answer> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const a = await call(url, 'GET', `/api/v1/studies/${id}`, { token });
    if (a.status !== 200 || !['queued', 'running'].includes(a.body.status as string)) return a;
    if (Date.now() > end) throw new Error(`study ${id} still ${a.body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A small threshold-style study: rotated surface d = 3, 5 at two p, MWPM. */
export const SMALL_STUDY = {
  decoders: ['mwpm'],
  sweeps: [
    {
      code: 'rotated-surface',
      task: 'memory-z',
      distance: [3, 5],
      rounds: 'd',
      noise: 'uniform',
      params: { p: [0.005, 0.01] },
    },
  ],
  maxShots: 3000,
};
