/// <reference lib="dom" />
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- JSON answers are checked field by field by the assertions */
// The dashboard's Workers page against a real queue: a private redis-server, `qec serve --queue`
// on loopback and one `qec worker` process, driven in headless Chromium. The page lists the
// worker (host, concurrency), its batch count follows the study it runs without a reload, and the
// row goes when the worker is killed and the queue stops seeing it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startRedis, startWorker, type QecChild, type TestRedis } from '../service/queue-helpers.js';
import { call, startTestService, waitForStudy, type TestService } from '../service/helpers.js';
import {
  buildWeb,
  cleanUp,
  closeBrowser,
  launchBrowser,
  SETUP_TIMEOUT,
  SHOT_DIR,
  TEST_TIMEOUT,
} from './browser.js';

describe('the dashboard Workers page (qec serve --queue, a real qec worker, headless Chromium)', () => {
  let redis: TestRedis;
  let svc: TestService;
  let worker: QecChild;
  let workerId: string;
  let ctx: BrowserContext;
  let page: Page;
  let webDir: string;
  const pageErrors: string[] = [];

  before(
    async () => {
      webDir = buildWeb('web/vite.dashboard.config.ts');
      redis = await startRedis();
      svc = await startTestService({ webDir, queue: redis.url, queueDepth: 4, maxBatchShots: 1024 });
      [worker, workerId] = await startWorker(redis.url);
      ctx = await launchBrowser();
      page = await ctx.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
    },
    { timeout: SETUP_TIMEOUT },
  );

  after(() =>
    cleanUp([
      [
        'killing qec worker',
        () => {
          if (worker !== undefined && worker.proc.exitCode === null && worker.proc.signalCode === null)
            worker.proc.kill('SIGKILL');
        },
      ],
      ['closing Chromium', () => closeBrowser(ctx)],
      ['stopping qec serve', svc === undefined ? undefined : () => svc.stop()],
      ['stopping redis-server', redis === undefined ? undefined : () => redis.stop()],
      ['removing the build', () => rmSync(webDir, { recursive: true, force: true })],
    ]),
  );

  const cell = async (sel: string): Promise<string> =>
    (await page.textContent(`#workers tr[data-id="${workerId}"] ${sel}`)) ?? '';

  it(
    'lists the worker, follows its batches live, and drops it when it dies',
    { timeout: TEST_TIMEOUT },
    async () => {
      await page.goto(`${svc.url}/`);
      await page.fill('#token', svc.token);
      await page.press('#token', 'Enter');
      await page.waitForSelector('#studies');
      await page.click('#nav-workers');
      await page.waitForSelector(`#workers tr[data-id="${workerId}"]`);
      assert.equal(await page.getAttribute('#nav-workers', 'aria-current'), 'page');
      assert.equal(await cell('.host'), hostname());
      assert.equal(await cell('.concurrency'), '1');
      assert.equal(await cell('.batches'), '0');
      assert.match(await cell('.last-seen'), /^\d+ s ago$/);

      // A study of several 1024-shot batches, all run by the one worker.
      const a = await call(svc.url, 'POST', '/api/v1/studies', {
        token: svc.token,
        body: {
          sweeps: [{ code: 'repetition', distance: 3, noise: 'uniform', params: { p: 0.02 } }],
          maxShots: 5 * 1024,
        },
      });
      assert.equal(a.status, 201, a.text);
      const done = await waitForStudy(svc.url, svc.token, a.body.id as string, 120_000);
      assert.equal(done.body.status, 'done', done.text);
      const batches = (done.body.tasks as { batches: number }[])[0].batches;
      assert.ok(batches >= 3, `${batches} batches`);
      // The page, never reloaded, reaches the count the registry reports (heartbeats lag a little).
      let listed = 0;
      const end = Date.now() + 30_000;
      while (listed < batches && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 250));
        const w = await call(svc.url, 'GET', '/api/v1/workers', { token: svc.token });
        listed =
          (w.body.workers as { id: string; batches: number }[]).find((x) => x.id === workerId)?.batches ?? 0;
      }
      assert.ok(listed >= batches, `the registry counts ${listed} of ${batches} batches`);
      await page.waitForFunction(
        ([id, n]) =>
          Number(document.querySelector(`#workers tr[data-id="${id}"] .batches`)?.textContent) >= n,
        [workerId, batches] as const,
        { timeout: 30_000 },
      );
      const shown = Number(await cell('.batches'));
      assert.ok(
        shown >= batches && shown <= listed + 1,
        `page ${shown}, registry ${listed}, study ${batches}`,
      );
      assert.equal(Number((await cell('.shots')).replace(/,/g, '')) >= 5 * 1024, true);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= 1280, `no sideways scrolling at 1280 px (scrollWidth ${scroll})`);
      await page.screenshot({ path: join(SHOT_DIR, 'dashboard-workers.png'), fullPage: true });

      // Killed, the worker stops beating; the queue forgets it after 15 s and so does the page.
      worker.proc.kill('SIGKILL');
      await worker.exited;
      await page.waitForSelector(`#workers tr[data-id="${workerId}"]`, {
        state: 'detached',
        timeout: 60_000,
      });
      assert.match((await page.textContent('#workers-status')) ?? '', /No worker is connected/);
      assert.deepEqual(pageErrors, []);
    },
  );
});
