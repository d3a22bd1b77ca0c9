// `npm run bench service-load`: 50 clients submitting tiny studies and polling GET /studies/{id}
// for 20 s against a real server on loopback (2 batch workers): requests per second and the
// latency quantiles of the poll.
import { quantile, runLoad } from '../test/service/load-driver.js';
import { startTestService } from '../test/service/helpers.js';

export async function bench(report: (line: string) => void): Promise<void> {
  const t = await startTestService({ workers: 2, limits: { activeStudiesPerUser: 50 } });
  try {
    const tokens = ['u1', 'u2', 'u3', 'u4', 'u5'].map((n) => t.service.store.createToken(n).token);
    const cpu0 = process.cpuUsage();
    const r = await runLoad(t.url, tokens, 50, 20);
    const cpu = process.cpuUsage(cpu0);
    report(
      `50 clients, ${r.seconds.toFixed(1)} s: ${r.requests} requests (${(r.requests / r.seconds).toFixed(0)} req/s), ${r.studiesDone} studies done, statuses ${JSON.stringify(r.statuses)}`,
    );
    report(
      `GET /studies/{id}: p50 ${quantile(r.pollMs, 0.5).toFixed(1)} ms, p99 ${quantile(r.pollMs, 0.99).toFixed(1)} ms, max ${quantile(r.pollMs, 1).toFixed(1)} ms (${r.pollMs.length} polls)`,
    );
    report(
      `main thread CPU (server + clients): user ${(cpu.user / 1e6).toFixed(1)} s, sys ${(cpu.system / 1e6).toFixed(1)} s`,
    );
    if (r.problems.length > 0) report(`problems: ${r.problems.slice(0, 3).join('; ')}`);
  } finally {
    await t.stop();
  }
}
