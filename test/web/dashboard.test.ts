/// <reference lib="dom" />
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- JSON answers are checked field by field by the assertions */
// The service dashboard end to end: a real `qec serve` on loopback serving the dashboard build at
// `/`, driven in headless Chromium: sign in, a JSON error shown with its path, a small study
// submitted from the form followed live to `done`, its plot (one line per distance) and CSV.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { call, startTestService, type TestService } from '../service/helpers.js';
import { buildWeb, launchBrowser, SHOT_DIR } from './browser.js';

describe('the service dashboard (qec serve at /, headless Chromium)', () => {
  let svc: TestService;
  let ctx: BrowserContext;
  let page: Page;
  let webDir: string;
  let work: string;
  const pageErrors: string[] = [];

  before(async () => {
    webDir = buildWeb('web/vite.dashboard.config.ts');
    work = mkdtempSync(join(tmpdir(), 'qec-dashboard-test-'));
    svc = await startTestService({ webDir });
    ctx = await launchBrowser();
    page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (d) => void d.accept());
  });

  after(async () => {
    await ctx?.close();
    await svc?.stop();
    rmSync(webDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('answers / with a message naming npm run build:web when the build is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'qec-noweb-'));
    const bare = await startTestService({ webDir: empty });
    try {
      const a = await call(bare.url, 'GET', '/');
      assert.equal(a.status, 503);
      assert.equal(a.body.error.code, 'DASHBOARD_NOT_BUILT');
      assert.match(a.body.error.message as string, /npm run build:web/);
      const html = await fetch(`${bare.url}/`, { headers: { accept: 'text/html' } });
      assert.equal(html.status, 503);
      assert.match(await html.text(), /npm run build:web/);
    } finally {
      await bare.stop();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('by default serves the built page from dist/web, never the Vite source page', async () => {
    const dflt = await startTestService();
    try {
      const a = await call(dflt.url, 'GET', '/');
      if (a.status === 503) assert.match(a.body.error.message as string, /npm run build:web.*dist\/web/);
      else {
        assert.equal(a.status, 200);
        assert.doesNotMatch(a.text, /src\/dashboard\/main\.ts/);
      }
    } finally {
      await dflt.stop();
    }
  });

  it('refuses a wrong token visibly, then signs in', async () => {
    await page.goto(`${svc.url}/`);
    await page.fill('#token', 'not-a-token');
    await page.press('#token', 'Enter');
    await page.waitForSelector('#signin-error:not([hidden])');
    assert.match((await page.textContent('#signin-error')) ?? '', /unknown or revoked token/);
    await page.fill('#token', svc.token);
    await page.click('#signin-button');
    await page.waitForSelector('#studies');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('qec-token')), svc.token);
  });

  it('validates the study JSON as you type, naming the JSON path', async () => {
    const good = await page.inputValue('#study-json');
    assert.match((await page.textContent('#study-json-status')) ?? '', /valid study/);
    await page.fill('#study-json', good.replace('"noise"', '"nosie"'));
    assert.match((await page.textContent('#study-json-status')) ?? '', /sweeps\[0\]\.nosie: unknown key/);
    assert.equal(await page.isDisabled('#submit-study'), true);
    await page.fill('#study-json', good.replace('"mwpm"', '"mwpn"'));
    assert.match(
      (await page.textContent('#study-json-status')) ?? '',
      /decoders\[0\]: unknown decoder 'mwpn'/,
    );
    await page.fill('#study-json', '{\n  "decoders": [\n}');
    assert.match((await page.textContent('#study-json-status')) ?? '', /line 3, column 1: JSON syntax/);
    await page.screenshot({ path: join(SHOT_DIR, 'dashboard-json-error.png'), fullPage: true });
  });

  it('submits a small study from the form and follows it live to done', async () => {
    // Typing into the form rewrites the JSON editor.
    await page.fill('#s-distances', '3, 5');
    await page.fill('#s-p', '0.02, 0.04');
    await page.fill('#s-max-shots', '400');
    const spec = JSON.parse(await page.inputValue('#study-json')) as {
      sweeps: { distance: number[]; params: { p: number[] } }[];
      maxShots: number;
    };
    assert.deepEqual(spec.sweeps[0].distance, [3, 5]);
    assert.deepEqual(spec.sweeps[0].params.p, [0.02, 0.04]);
    assert.equal(spec.maxShots, 400);
    await page.click('#submit-study');
    const row = page.locator('#studies tbody tr').first();
    await row.waitFor();
    const id = await row.getAttribute('data-id');
    assert.ok(id !== null);
    await page.waitForSelector(`#studies tr[data-id="${id}"][data-status="done"]`, { timeout: 120_000 });
    assert.equal(await page.getAttribute(`#progress-${id}`, 'value'), '1');
    assert.match((await page.textContent(`#studies tr[data-id="${id}"] .pct`)) ?? '', /^100%$/);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= 1280, `no sideways scrolling at 1280 px (scrollWidth ${scroll})`);
    await page.screenshot({ path: join(SHOT_DIR, 'dashboard-list.png'), fullPage: true });
  });

  it('shows the study page: one line per distance, analysis tables, the CSV downloads', async () => {
    const id = await page.locator('#studies tbody tr').first().getAttribute('data-id');
    await page.click(`#studies tr[data-id="${id}"] a`);
    await page.waitForSelector('#plot-rates-1 svg .mark-line path');
    await page.waitForSelector('#threshold-table');
    // The rate plot: one line (and one legend entry) per distance.
    const lines = await page.locator('#plot-rates-1 svg .mark-line path').count();
    assert.equal(lines, 2, 'one line per distance (3 and 5)');
    const legend = await page.locator('#plot-rates-1 svg .role-legend-label text').allTextContents();
    assert.deepEqual(legend.map((t) => t.replace(/\s+/g, '')).sort(), ['d=3', 'd=5']);
    const ticks = await page.locator('#plot-rates-1 svg .role-axis-label text').allTextContents();
    assert.ok(!ticks.some((t) => /^0\.000/.test(t)), `log ticks read like 1e-4: ${ticks.join(' ')}`);
    const detail = await call(svc.url, 'GET', `/api/v1/studies/${id}`, { token: svc.token });
    assert.equal(await page.locator('#task-table tbody tr').count(), detail.body.tasks.length);
    // The CSV: sinter's header and, per task, the shots the service reports.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const file = join(work, 'results.csv');
    await download.saveAs(file);
    const csv = readFileSync(file, 'utf8').trim().split('\n');
    assert.match(
      csv[0],
      /^\s*shots,\s*errors,\s*discards,\s*seconds,\s*decoder,\s*strong_id,\s*json_metadata/,
    );
    const shotsById = new Map<string, number>();
    for (const line of csv.slice(1)) {
      const cells = line.split(',').map((c) => c.trim());
      shotsById.set(cells[5], (shotsById.get(cells[5]) ?? 0) + Number(cells[0]));
    }
    assert.equal(shotsById.size, 4, '2 distances × 2 p');
    for (const t of detail.body.tasks as { strongId: string; shots: number }[])
      assert.equal(shotsById.get(t.strongId), t.shots, `shots of ${t.strongId}`);
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#download-svg-1')]);
    await svg.saveAs(join(work, 'rates.svg'));
    assert.match(readFileSync(join(work, 'rates.svg'), 'utf8'), /^<svg/);
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#download-png-1')]);
    await png.saveAs(join(work, 'rates.png'));
    assert.deepEqual([...readFileSync(join(work, 'rates.png')).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= 1280, `no sideways scrolling at 1280 px (scrollWidth ${scroll})`);
    await page.screenshot({ path: join(SHOT_DIR, 'dashboard-study.png'), fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  it('cancels a running study and deletes studies from the list', async () => {
    const big = await call(svc.url, 'POST', '/api/v1/studies', {
      token: svc.token,
      body: {
        sweeps: [{ code: 'rotated-surface', distance: 7, noise: 'uniform', params: { p: 0.001 } }],
        maxShots: 1e9,
      },
    });
    assert.equal(big.status, 201, big.text);
    const id = big.body.id as string;
    await page.click('#back');
    await page.click(`#studies tr[data-id="${id}"] button.cancel`);
    await page.waitForSelector(`#studies tr[data-id="${id}"][data-status="cancelled"]`);
    await page.click(`#studies tr[data-id="${id}"] button.delete`);
    await page.waitForSelector(`#studies tr[data-id="${id}"]`, { state: 'detached' });
    assert.equal((await call(svc.url, 'GET', `/api/v1/studies/${id}`, { token: svc.token })).status, 404);
    assert.deepEqual(pageErrors, []);
  });
});
