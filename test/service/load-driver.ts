/* eslint-disable @typescript-eslint/no-unsafe-member-access -- JSON answers are checked field by field by the assertions */
// A bounded load on the service: `clients` concurrent clients, each submitting a small study and
// polling GET /studies/{id} until it is done, again and again until `seconds` have passed.
// Used by the load test (short, asserts correctness) and bench/service-load.bench.ts (20 s, rates).
import { call } from './helpers.js';

/** What a load run saw. */
export interface LoadReport {
  readonly seconds: number;
  readonly requests: number;
  /** Answers by HTTP status. */
  readonly statuses: Readonly<Record<number, number>>;
  /** Latencies of GET /studies/{id} in milliseconds, sorted. */
  readonly pollMs: readonly number[];
  readonly studiesDone: number;
  /** Problems seen (wrong status, wrong shot totals); empty when all was well. */
  readonly problems: readonly string[];
}

/** The q-quantile of sorted values (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** A tiny study: one batch of 256 shots of a distance-3 repetition code. */
const TINY = {
  tasks: [{ code: 'repetition', distance: 3, noise: 'uniform', params: { p: 0.05 } }],
  maxShots: 256,
};

/** Runs the load against `url` with one token per client (tokens may repeat). */
export async function runLoad(
  url: string,
  tokens: readonly string[],
  clients: number,
  seconds: number,
): Promise<LoadReport> {
  const statuses: Record<number, number> = {};
  const pollMs: number[] = [];
  const problems: string[] = [];
  let requests = 0;
  let studiesDone = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const count = (s: number): void => {
    requests++;
    statuses[s] = (statuses[s] ?? 0) + 1;
  };
  const client = async (k: number): Promise<void> => {
    const token = tokens[k % tokens.length];
    while (performance.now() < deadline) {
      const created = await call(url, 'POST', '/api/v1/studies', { token, body: TINY });
      count(created.status);
      if (created.status !== 201) {
        problems.push(`POST /studies: ${created.status} ${created.text}`);
        return;
      }
      for (;;) {
        const t0 = performance.now();
        const a = await call(url, 'GET', `/api/v1/studies/${created.body.id}`, { token });
        pollMs.push(performance.now() - t0);
        count(a.status);
        if (a.status !== 200) {
          problems.push(`GET /studies/{id}: ${a.status} ${a.text}`);
          return;
        }
        if (a.body.status === 'done') {
          if (a.body.tasks[0].shots !== TINY.maxShots)
            problems.push(`study ${created.body.id}: ${a.body.tasks[0].shots} shots`);
          studiesDone++;
          break;
        }
        if (a.body.status !== 'queued' && a.body.status !== 'running') {
          problems.push(`study ${created.body.id} ended ${a.body.status}`);
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, k) => client(k)));
  pollMs.sort((a, b) => a - b);
  return { seconds: (performance.now() - start) / 1000, requests, statuses, pollMs, studiesDone, problems };
}
