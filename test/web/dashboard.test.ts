/// <reference lib="dom" />
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment -- JSON answers are checked field by field by the assertions */
// The service dashboard end to end: a real `qec serve` on loopback serving the dashboard build at
// `/`, driven in headless Chromium: sign in, a JSON error shown with its path, a small study
// submitted from the form followed live to `done`, its plot (one line per distance) and CSV; Λ
// and footprint tables and plots checked against rates computed here; n̄ in a cat study's
// tables; the studies list paged with the service's cursor (page size 3 in this service).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { call, startTestService, waitForStudy, type TestService } from '../service/helpers.js';
import {
  assertReachedInOrder,
  buildWeb,
  cleanUp,
  closeBrowser,
  focusOutline,
  SETUP_TIMEOUT,
  TEST_TIMEOUT,
  launchBrowser,
  SHOT_DIR,
  tabOrder,
} from './browser.js';

/** The service's page size of GET /studies in these tests: small, so the list has several pages. */
const PAGE_SIZE = 3;

/** A per-shot rate over `rounds` rounds as a per-round rate: 1 − 2ε = (1 − 2r)^(1/rounds). */
const perRound = (errors: number, shots: number, rounds: number): number =>
  (1 - Math.pow(1 - (2 * errors) / shots, 1 / rounds)) / 2;

/** Submits a study over the API and waits for it to finish; returns its id and detail. */
async function runStudy(svc: TestService, body: unknown): Promise<{ id: string; detail: any }> {
  const a = await call(svc.url, 'POST', '/api/v1/studies', { token: svc.token, body });
  assert.equal(a.status, 201, a.text);
  const detail = await waitForStudy(svc.url, svc.token, a.body.id as string);
  assert.equal(detail.body.status, 'done', detail.text);
  return { id: a.body.id as string, detail: detail.body };
}

describe('the service dashboard (qec serve at /, headless Chromium)', () => {
  let svc: TestService;
  let ctx: BrowserContext;
  let page: Page;
  let webDir: string;
  let work: string;
  const pageErrors: string[] = [];

  before(
    async () => {
      webDir = buildWeb('web/vite.dashboard.config.ts');
      work = mkdtempSync(join(tmpdir(), 'qec-dashboard-test-'));
      svc = await startTestService({ webDir, limits: { pageSize: PAGE_SIZE } });
      ctx = await launchBrowser();
      page = await ctx.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('dialog', (d) => void d.accept());
    },
    { timeout: SETUP_TIMEOUT },
  );

  after(() =>
    cleanUp([
      ['closing Chromium', () => closeBrowser(ctx)],
      ['stopping qec serve', svc === undefined ? undefined : () => svc.stop()],
      ['removing the build', () => rmSync(webDir, { recursive: true, force: true })],
      ['removing the work folder', () => rmSync(work, { recursive: true, force: true })],
    ]),
  );

  it(
    'answers / with a message naming npm run build:web when the build is missing',
    { timeout: TEST_TIMEOUT },
    async () => {
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
    },
  );

  it(
    'by default serves the built page from dist/web, never the Vite source page',
    { timeout: TEST_TIMEOUT },
    async () => {
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
    },
  );

  it('refuses a wrong token visibly, then signs in', { timeout: TEST_TIMEOUT }, async () => {
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

  it('validates the study JSON as you type, naming the JSON path', { timeout: TEST_TIMEOUT }, async () => {
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

  it(
    'submits a small study from the form and follows it live to done',
    { timeout: TEST_TIMEOUT },
    async () => {
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
    },
  );

  it(
    'shows the study page: one line per distance, analysis tables, the CSV downloads',
    { timeout: TEST_TIMEOUT },
    async () => {
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
    },
  );

  it('cancels a running study and deletes studies from the list', { timeout: TEST_TIMEOUT }, async () => {
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

  it(
    'shows Λ and the footprint of a below-threshold study: tables and plots agree with rates computed here',
    { timeout: TEST_TIMEOUT },
    async () => {
      const { id, detail } = await runStudy(svc, {
        decoders: ['mwpm'],
        sweeps: [
          {
            code: 'rotated-surface',
            task: 'memory-z',
            distance: [3, 5],
            rounds: 'd',
            noise: 'uniform',
            params: { p: [0.004, 0.006] },
          },
        ],
        maxShots: 4000,
      });
      await page.goto(`${svc.url}/#/studies/${id}`);
      await page.waitForSelector('#lambda-table tbody tr[data-group]');
      // Λ = ε₃/ε₅ per round at each p, from the task counts (closed-form per-round rate).
      type T = { metadata: { d: number; r: number; p: number }; shots: number; errors: number };
      const tasks = detail.tasks as T[];
      const rate = (d: number, p: number): number => {
        const t = tasks.find((x) => x.metadata.d === d && x.metadata.p === p);
        assert.ok(t !== undefined && t.errors > 0, `task d=${d} p=${p} has errors`);
        return perRound(t.errors, t.shots, t.metadata.r);
      };
      const rows = await page.locator('#lambda-table tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({
          at: tr.querySelector('.at')?.textContent ?? '',
          lambda: Number(tr.querySelector('.lambda')?.textContent),
        })),
      );
      assert.deepEqual(
        rows.map((r) => r.at),
        ['p = 0.004', 'p = 0.006'],
      );
      for (const [i, p] of [0.004, 0.006].entries()) {
        const expected = rate(3, p) / rate(5, p);
        assert.ok(
          Math.abs(rows[i].lambda - expected) <= 0.01 * expected,
          `Λ at p=${p}: page ${rows[i].lambda}, counts give ${expected}`,
        );
      }
      // The Λ plot: one point per (p, d → d′).
      await page.waitForSelector('#plot-lambda-1 svg .mark-symbol.role-mark path');
      assert.equal(await page.locator('#plot-lambda-1 svg .mark-symbol.role-mark path').count(), 2);
      // The footprint: the service's answer at the form's p and target, and a plotted line.
      const fpAt = async (p: number, target: number): Promise<{ distance: number; qubits: number }> => {
        const a = await call(svc.url, 'GET', `/api/v1/studies/${id}/analysis?p=${p}&target=${target}`, {
          token: svc.token,
        });
        assert.equal(a.status, 200, a.text);
        return a.body.footprint.rows[0] as { distance: number; qubits: number };
      };
      const cell = async (sel: string): Promise<number> =>
        Number(((await page.textContent(`#footprint-table tbody tr ${sel}`)) ?? '').replace(/,/g, ''));
      const at3 = await fpAt(1e-3, 1e-12);
      assert.ok(at3.distance >= 5, `a footprint distance (got ${at3.distance})`);
      assert.equal(await cell('.distance'), at3.distance);
      assert.equal(await cell('.qubits'), at3.qubits);
      await page.waitForSelector('#plot-footprint svg .mark-line path');
      // Enter in the form recomputes at another p: a larger p needs a larger code.
      await page.fill('#fp-p', '2e-3');
      await page.press('#fp-p', 'Enter');
      await page.waitForFunction(() =>
        document.querySelector('#footprint-table caption')?.textContent?.includes('p = 0.002'),
      );
      const at2 = await fpAt(2e-3, 1e-12);
      assert.ok(at2.distance > at3.distance, `d(p=2e-3) = ${at2.distance} > d(p=1e-3) = ${at3.distance}`);
      assert.equal(await cell('.distance'), at2.distance);
      // A bad value is refused visibly, naming the field.
      await page.fill('#fp-target', '2');
      await page.press('#fp-target', 'Enter');
      await page.waitForSelector('#fp-error:not([hidden])');
      assert.match((await page.textContent('#fp-error')) ?? '', /^target must be a number between 0 and 1/);
      assert.equal(await page.getAttribute('#fp-target', 'aria-invalid'), 'true');
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= 1280, `no sideways scrolling at 1280 px (scrollWidth ${scroll})`);
      await page.screenshot({ path: join(SHOT_DIR, 'dashboard-analysis.png'), fullPage: true });
      assert.deepEqual(pageErrors, []);
    },
  );

  it(
    'writes n̄ (not nbar) for a cat-qubit study and says why it has no threshold',
    { timeout: TEST_TIMEOUT },
    async () => {
      const { id } = await runStudy(svc, {
        decoders: ['mwpm'],
        sweeps: [
          {
            code: 'repetition',
            task: 'memory-x',
            distance: [3, 5],
            rounds: 'd',
            noise: 'cat',
            params: { nbar: [2, 3], k1k2: 0.01 },
          },
        ],
        maxShots: 2000,
      });
      await page.goto(`${svc.url}/#/studies/${id}`);
      await page.waitForSelector('#lambda-table tbody tr[data-group]');
      const heads = await page.locator('#task-table thead th').allTextContents();
      assert.ok(heads.includes('n̄') && heads.includes('κ1/κ2'), `task table headers: ${heads.join(' | ')}`);
      assert.ok(!heads.includes('nbar') && !heads.includes('k1k2'), `raw keys shown: ${heads.join(' | ')}`);
      assert.match(
        (await page.getAttribute('#task-table th[data-key="nbar"]', 'title')) ?? '',
        /mean photon number/,
      );
      assert.match((await page.textContent('#threshold-table tbody')) ?? '', /no threshold for a n̄ sweep/);
      const at = await page.locator('#lambda-table tbody .at').allTextContents();
      assert.deepEqual(at, ['n̄ = 2', 'n̄ = 3']);
      // Row headers are the plots' titles, with the fixed parameters written as symbols.
      assert.match((await page.textContent('#lambda-table tbody th')) ?? '', /cat noise \(κ1\/κ2 = 0\.01\)/);
      await page.waitForSelector('#plot-rates-1 svg .role-axis-title text');
      const axis = await page.locator('#plot-rates-1 svg .role-axis-title text').allTextContents();
      assert.ok(
        axis.some((t) => /mean photon number/.test(t)),
        `axis titles: ${axis.join(' | ')}`,
      );
      // The hardware-versus-code table of `qec study`: one row per n̄, the service's rows shown.
      const a = await call(svc.url, 'GET', `/api/v1/studies/${id}/analysis?p=0.001&target=1e-12`, {
        token: svc.token,
      });
      assert.equal(a.status, 200, a.text);
      const catRows = (
        a.body.catFootprint.groups as { rows: { nbar: number; distance?: number }[] }[]
      ).flatMap((g) => g.rows);
      assert.deepEqual(
        catRows.map((r) => r.nbar),
        [2, 3],
      );
      await page.waitForSelector('#cat-footprint-table tbody tr');
      assert.deepEqual(await page.locator('#cat-footprint-table tbody .nbar').allTextContents(), ['2', '3']);
      assert.deepEqual(
        await page.locator('#cat-footprint-table tbody .distance').allTextContents(),
        catRows.map((r) => (typeof r.distance === 'number' ? String(r.distance) : 'unreachable')),
      );
      await page.screenshot({ path: join(SHOT_DIR, 'dashboard-cat.png'), fullPage: true });
      assert.deepEqual(pageErrors, []);
    },
  );

  it('pages the studies list with the service cursor, newest first', { timeout: TEST_TIMEOUT }, async () => {
    // Every study id over the API, newest first, following the cursor.
    const allIds = async (): Promise<string[]> => {
      const out: string[] = [];
      for (let cursor: number | undefined; ;) {
        const q = cursor === undefined ? '' : `?cursor=${cursor}`;
        const a = await call(svc.url, 'GET', `/api/v1/studies${q}`, { token: svc.token });
        assert.equal(a.status, 200, a.text);
        out.push(...(a.body.studies as { id: string }[]).map((x) => x.id));
        cursor = a.body.next as number | undefined;
        if (cursor === undefined) return out;
      }
    };
    // Tiny studies until there are more than two pages.
    for (let n = (await allIds()).length; n < 2 * PAGE_SIZE + 1; n++)
      await runStudy(svc, {
        sweeps: [{ code: 'repetition', distance: 3, noise: 'uniform', params: { p: 0.01 } }],
        maxShots: 1,
      });
    const ids = await allIds();
    assert.ok(ids.length > 2 * PAGE_SIZE, `${ids.length} studies`);
    await page.evaluate(() => (location.hash = '#/'));
    const shown = async (): Promise<string[]> =>
      page
        .locator('#studies tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id') ?? ''));
    await page.waitForFunction((n) => document.querySelectorAll('#studies tbody tr').length === n, PAGE_SIZE);
    assert.equal(await page.isDisabled('#page-newer'), true);
    const seen: string[] = [];
    for (let pageNo = 1; ; pageNo++) {
      const rows = await shown();
      assert.equal(await page.textContent('#page-label'), `page ${pageNo}`);
      assert.deepEqual(rows, ids.slice(seen.length, seen.length + PAGE_SIZE), `page ${pageNo}`);
      seen.push(...rows);
      if (await page.isDisabled('#page-older')) break;
      await page.click('#page-older');
      await page.waitForFunction(
        (n) => document.querySelector('#page-label')?.textContent === `page ${n}`,
        pageNo + 1,
      );
    }
    assert.deepEqual(seen, ids, 'every study once, newest first');
    // Back one page: the page before the last, as it was.
    const last = Math.ceil(ids.length / PAGE_SIZE);
    await page.click('#page-newer');
    await page.waitForFunction(
      (n) => document.querySelector('#page-label')?.textContent === `page ${n}`,
      last - 1,
    );
    assert.deepEqual(await shown(), ids.slice((last - 2) * PAGE_SIZE, (last - 1) * PAGE_SIZE));
    await page.screenshot({ path: join(SHOT_DIR, 'dashboard-pages.png'), fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  it(
    'is usable from the keyboard: Enter signs in, Tab reaches the main controls in order, focus is visible',
    { timeout: TEST_TIMEOUT },
    async () => {
      await page.goto(`${svc.url}/#/`);
      await page.click('#signout');
      await page.waitForSelector('#signin');
      assert.equal(
        await page.evaluate(() => document.activeElement?.id),
        'token',
        'the token field has focus',
      );
      await page.keyboard.type(svc.token);
      await page.keyboard.press('Enter');
      await page.waitForSelector('#studies tbody tr');
      const order = await tabOrder(page, 60);
      assertReachedInOrder(order, [
        'nav-studies',
        'nav-workers',
        'signout',
        'refresh',
        'page-older',
        's-distances',
        's-p',
        's-max-shots',
        'study-json',
        'submit-study',
      ]);
      // Keyboard focus on a button draws the ring.
      await page.focus('#nav-workers');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      const ring = await focusOutline(page);
      assert.equal(ring.id, 'refresh');
      assert.equal(ring.style, 'solid');
      assert.ok(ring.width >= 2, `focus ring ${ring.width}px`);
      // Enter on a study's link opens its page.
      const first = order.find((id) => id.startsWith('a.mono'));
      assert.ok(first !== undefined, `a study link is in the tab order: ${order.join(' ')}`);
      await page.focus('#studies tbody tr a');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#study-title');
      assert.deepEqual(pageErrors, []);
    },
  );
});
