/// <reference lib="dom" />
// The lab end to end: the static build opened from disk (file://, no server, no network) in
// headless Chromium; its shots checked against `qec decode` and its sweep against `qec collect`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { generateExperiment } from '../../src/index.js';
import { KERNEL_CHECK_SHOTS, sampleDigest } from '../../web/src/kernel-check.js';
import {
  assertReachedInOrder,
  buildWeb,
  cleanUp,
  closeBrowser,
  focusOutline,
  SETUP_TIMEOUT,
  TEST_TIMEOUT,
  launchBrowser,
  ROOT,
  SHOT_DIR,
  tabOrder,
} from './browser.js';

function qec(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'qec.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** The lab's verdict on the shown shot, checked by `qec decode` on the same circuit and shot. */
async function checkShotWithCli(page: Page, dir: string, name: string): Promise<boolean> {
  const circuit = await page.inputValue('#circuit-text');
  const dets = await page.inputValue('#shot-dets');
  const obs = await page.inputValue('#shot-obs');
  const success = (await page.getAttribute('#shot-verdict', 'data-success')) === 'true';
  const predicted = (await page.textContent('#shot-predicted'))?.trim();
  writeFileSync(join(dir, `${name}.stim`), circuit);
  writeFileSync(join(dir, `${name}.dets`), `${dets}\n`);
  writeFileSync(join(dir, `${name}.obs`), `${obs}\n`);
  let r = qec([
    'analyze-errors',
    '--in',
    join(dir, `${name}.stim`),
    '--decompose-errors',
    '--approximate-disjoint-errors',
    '--out',
    join(dir, `${name}.dem`),
  ]);
  assert.equal(r.code, 0, r.err);
  r = qec([
    'decode',
    '--dem',
    join(dir, `${name}.dem`),
    '--in',
    join(dir, `${name}.dets`),
    '--in-format',
    'dets',
    '--obs-in',
    join(dir, `${name}.obs`),
    '--obs-in-format',
    'dets',
    '--out',
    join(dir, `${name}.pred`),
  ]);
  assert.equal(r.code, 0, r.err);
  const m = /logical errors: (\d+) of 1 shots?/.exec(r.out + r.err);
  assert.ok(m !== null, r.out + r.err);
  assert.equal(Number(m[1]) === 0, success, `lab verdict ${success} vs qec decode: ${r.out}`);
  assert.equal(
    readFileSync(join(dir, `${name}.pred`), 'utf8').trim(),
    predicted,
    'predicted observable flip',
  );
  return success;
}

describe('the lab (static build, file://, no server)', () => {
  let ctx: BrowserContext;
  let page: Page;
  let webDir: string;
  let work: string;
  const errors: string[] = [];

  before(
    async () => {
      webDir = buildWeb();
      work = mkdtempSync(join(tmpdir(), 'qec-lab-test-'));
      ctx = await launchBrowser();
      // No network: any request that is not the page itself (file:, blob:, data:) fails the test.
      await ctx.route('**/*', (route) => {
        const u = route.request().url();
        if (/^(file|blob|data):/.test(u)) return route.continue();
        errors.push(`network request to ${u}`);
        return route.abort();
      });
      page = await ctx.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(join(webDir, 'index.html')).href);
    },
    { timeout: SETUP_TIMEOUT },
  );

  after(() =>
    cleanUp([
      ['closing Chromium', () => closeBrowser(ctx)],
      ['removing the build', () => rmSync(webDir, { recursive: true, force: true })],
      ['removing the work folder', () => rmSync(work, { recursive: true, force: true })],
    ]),
  );

  it(
    'generates a d=5 rotated surface code: 25 data qubits and 24 checks on the layout, a timeline',
    { timeout: TEST_TIMEOUT },
    async () => {
      await page.selectOption('#f-code', 'rotated-surface');
      await page.fill('#f-distance', '5');
      await page.fill('#f-rounds', '');
      await page.selectOption('#f-noise', 'uniform');
      await page.fill('#f-param-p', '0.004');
      await page.click('#f-generate');
      await page.waitForFunction(() =>
        document.querySelector('#exp-title')?.textContent?.includes('p=0.004'),
      );
      assert.equal(await page.textContent('#count-data'), '25');
      assert.equal(await page.textContent('#count-checks'), '24');
      assert.equal(await page.locator('#view-circuit svg.layout .qubit.data').count(), 25);
      assert.equal(await page.locator('#view-circuit svg.layout .qubit.check').count(), 24);
      assert.equal(await page.locator('#view-circuit svg.layout .qubit.check-X').count(), 12);
      assert.equal(await page.locator('#view-circuit svg.layout .qubit.check-Z').count(), 12);
      assert.ok((await page.locator('#diagram-box > svg g.op[data-gate=CX]').count()) > 20);
      assert.equal(
        await page.evaluate(() => document.documentElement.scrollWidth),
        1280,
        'no sideways scrolling',
      );
      await page.screenshot({ path: join(SHOT_DIR, 'lab-circuit.png'), fullPage: true });
    },
  );

  it(
    "draws qec diagram's three diagrams: the SVG shown and downloaded is what the CLI prints",
    { timeout: TEST_TIMEOUT },
    async () => {
      const circuit = join(work, 'circuit.stim');
      writeFileSync(circuit, await page.inputValue('#circuit-text'));
      for (const [type, ticks, shot] of [
        ['timeline-svg', undefined, 'lab-diagram-timeline.png'],
        ['detslice-svg', '1:9', 'lab-diagram-detslice.png'],
        ['matchgraph-svg', undefined, 'lab-diagram-matchgraph.png'],
      ] as const) {
        await page.selectOption('#diagram-type', type);
        if (ticks !== undefined) {
          await page.fill('#diagram-ticks', ticks);
          await page.press('#diagram-ticks', 'Enter');
        }
        await page.waitForFunction(
          (t) => document.querySelector('#diagram-command')?.textContent?.includes(t),
          type,
        );
        // Run the command lines the lab shows, on the lab's circuit text.
        const lines = ((await page.textContent('#diagram-command')) ?? '').trim().split('\n');
        let out = '';
        for (const line of lines) {
          const args = line
            .split(' ')
            .slice(1)
            .map((a) =>
              a === 'circuit.stim' ? circuit : a === 'circuit.dem' ? join(work, 'circuit.dem') : a,
            );
          const r = qec(args);
          assert.equal(r.code, 0, `${line}: ${r.err}`);
          out = r.out;
        }
        assert.match(out, /^<svg /);
        // The download is byte for byte the CLI's output, and the drawing is that document.
        const same = await page.evaluate(async (cli) => {
          const a = document.querySelector<HTMLAnchorElement>('#diagram-download')!;
          const text = await (await fetch(a.href)).text();
          const shown = document.querySelector('#diagram-box > svg')!;
          const parsed = new DOMParser().parseFromString(cli, 'image/svg+xml').documentElement;
          return {
            download: text === cli,
            dom: parsed.isEqualNode(shown),
            elements: shown.querySelectorAll('*').length,
          };
        }, out);
        assert.deepEqual(same.download && same.dom, true, `${type}: ${JSON.stringify(same)}`);
        assert.ok(same.elements > 100, `${type}: ${same.elements} elements drawn`);
        await page.screenshot({ path: join(SHOT_DIR, shot), fullPage: true });
      }
      // Bad ticks: one visible error in the panel; fixing them clears it.
      await page.selectOption('#diagram-type', 'detslice-svg');
      await page.fill('#diagram-ticks', '5:3');
      await page.press('#diagram-ticks', 'Enter');
      await page.waitForSelector('#diagram-error:not([hidden])');
      assert.match(
        (await page.textContent('#diagram-error')) ?? '',
        /^ticks 5:3: the range A:B is half-open/,
      );
      await page.fill('#diagram-ticks', '3');
      await page.press('#diagram-ticks', 'Enter');
      await page.waitForSelector('#diagram-error', { state: 'hidden' });
      await page.selectOption('#diagram-type', 'timeline-svg');
    },
  );

  it('a bad field shows one visible error naming it', { timeout: TEST_TIMEOUT }, async () => {
    await page.fill('#f-distance', '4');
    await page.press('#f-distance', 'Enter');
    await page.waitForSelector('#error:not([hidden])');
    assert.match(
      (await page.textContent('#error')) ?? '',
      /distance of 'rotated-surface' must be an odd integer ≥ 3, got 4/,
    );
    await page.fill('#f-distance', '5');
    await page.press('#f-distance', 'Enter');
    await page.waitForSelector('#error', { state: 'hidden' });
  });

  it(
    'shots: detection events, matched edges, and the verdict qec decode gives on the same shot',
    { timeout: TEST_TIMEOUT },
    async () => {
      await page.click('#tab-shot');
      await page.fill('#s-seed', '11');
      await page.fill('#s-index', '0');
      await page.click('#s-show');
      let events = Number(await page.textContent('#shot-events'));
      for (let i = 0; i < 100 && events === 0; i++) {
        await page.click('#s-next');
        events = Number(await page.textContent('#shot-events'));
      }
      assert.ok(events > 0, 'a shot with detection events within 100 shots at p = 0.004');
      const pairs = Number(await page.textContent('#shot-pairs'));
      assert.ok(pairs >= Math.ceil(events / 2) && pairs <= events);
      assert.equal(await page.locator('#view-shot svg.layout .event').count(), events);
      assert.equal(await page.locator('#view-shot svg.layout .match').count(), pairs);
      await checkShotWithCli(page, work, 'first');
      // The slider shows one round at a time: the events of the other rounds turn faint.
      await page.focus('#s-round');
      await page.keyboard.press('ArrowRight');
      assert.match((await page.textContent('#s-round-label')) ?? '', /round 0/);
      await page.screenshot({ path: join(SHOT_DIR, 'lab-shot.png'), fullPage: true });
      await page.click('#s-next-fail');
      await page.waitForSelector('#shot-verdict[data-success=false]');
      assert.equal(await checkShotWithCli(page, work, 'failing'), false);
      await page.screenshot({ path: join(SHOT_DIR, 'lab-shot-failing.png'), fullPage: true });
    },
  );

  it(
    'a two-point sweep in Web Workers agrees with qec collect within 5σ',
    { timeout: TEST_TIMEOUT },
    async () => {
      await page.click('#tab-sweep');
      await page.selectOption('#f-code', 'rotated-surface');
      await page.fill('#f-distance', '3');
      await page.fill('#w-distances', '3');
      await page.fill('#w-xs', '0.005, 0.01');
      await page.fill('#w-rounds', 'd');
      await page.fill('#w-max-shots', '20000');
      await page.fill('#w-max-errors', '1000000');
      await page.click('#w-run');
      await page.waitForSelector('#w-status[data-state=finished]', { timeout: 120_000 });
      await page.waitForSelector('#w-plot svg');
      const rows = await page.locator('#w-table tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({
          p: Number(tr.getAttribute('data-x')),
          shots: Number(tr.getAttribute('data-shots')),
          errors: Number(tr.getAttribute('data-errors')),
        })),
      );
      assert.equal(rows.length, 2);
      writeFileSync(
        join(work, 'study.json'),
        JSON.stringify({
          decoders: ['mwpm'],
          sweeps: [
            {
              code: 'rotated-surface',
              task: 'memory-z',
              distance: [3],
              rounds: 'd',
              noise: 'uniform',
              params: { p: [0.005, 0.01] },
            },
          ],
        }),
      );
      const r = qec([
        'collect',
        '--tasks',
        join(work, 'study.json'),
        '--max-shots',
        '20000',
        '--max-errors',
        '1000000',
        '--save',
        join(work, 'r.csv'),
        '--workers',
        '1',
      ]);
      assert.equal(r.code, 0, r.err);
      const cli = new Map<number, { shots: number; errors: number }>();
      for (const line of readFileSync(join(work, 'r.csv'), 'utf8').split('\n').slice(1)) {
        const m = /^\s*(\d+),\s*(\d+),.*""p"":([0-9.e-]+)/.exec(line);
        if (m === null) continue;
        const c = cli.get(Number(m[3])) ?? { shots: 0, errors: 0 };
        cli.set(Number(m[3]), { shots: c.shots + Number(m[1]), errors: c.errors + Number(m[2]) });
      }
      for (const row of rows) {
        assert.equal(row.shots, 20000);
        const c = cli.get(row.p);
        assert.ok(c !== undefined && c.shots === 20000, `qec collect ran p = ${row.p}`);
        const a = row.errors / row.shots;
        const b = c.errors / c.shots;
        const pooled = (row.errors + c.errors) / (row.shots + c.shots);
        const sigma = Math.sqrt(pooled * (1 - pooled) * (1 / row.shots + 1 / c.shots));
        assert.ok(Math.abs(a - b) <= 5 * sigma, `p = ${row.p}: lab ${a} vs CLI ${b} (σ ${sigma})`);
        assert.ok(a > 0.005 && a < 0.2, `p = ${row.p}: rate ${a} in the expected range for d = 3`);
      }
      // One line (and one band) per distance in the legend.
      const legend = await page.locator('#w-plot svg .role-legend-label text').allTextContents();
      assert.deepEqual(legend, ['d=3']);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#w-csv')]);
      const csv = readFileSync(await download.path(), 'utf8')
        .trim()
        .split('\n');
      assert.equal(csv[0].split(',').slice(0, 5).join(','), 'd,p,rounds,shots,errors');
      assert.deepEqual(
        csv.slice(1).map((l) => l.split(',').slice(0, 5).map(Number)),
        rows.map((r) => [3, r.p, 3, r.shots, r.errors]),
      );
      // Every worker's frame sampler ran the WebAssembly SIMD kernels.
      const workers = Number(await page.inputValue('#w-workers'));
      assert.ok(workers >= 1);
      assert.equal(await page.getAttribute('#w-engine', 'data-workers'), String(workers));
      assert.equal(await page.getAttribute('#w-engine', 'data-wasm-workers'), String(workers));
      await page.screenshot({ path: join(SHOT_DIR, 'lab-sweep.png'), fullPage: true });
      assert.deepEqual(errors, []);
    },
  );

  it(
    'the kernel check: in a worker WebAssembly and TypeScript give the same bits, as the main thread and Node do',
    { timeout: TEST_TIMEOUT },
    async () => {
      // The form's experiment: d = 3 rotated surface code, uniform p = 0.004; the sweep seed.
      await page.fill('#f-distance', '3');
      await page.fill('#f-param-p', '0.004');
      await page.fill('#w-seed', '17');
      await page.click('#w-kernel-check');
      await page.waitForSelector('#w-kernel-verdict', { timeout: 60_000 });
      const rows = await page.locator('#w-kernel-table tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({
          where: tr.getAttribute('data-where'),
          kernels: tr.getAttribute('data-kernels'),
          sha256: tr.getAttribute('data-sha256'),
          events: Number(tr.getAttribute('data-events')),
        })),
      );
      // The main thread runs the kernels when the browser compiles them synchronously there
      // (Chromium 156 does, for this 9.4 KB module); either way its bits must agree.
      assert.deepEqual(
        rows.map((r) => [r.where, r.kernels]),
        [
          ['worker-wasm', 'true'],
          ['worker-ts', 'false'],
          ['main', rows[2].kernels === 'true' ? 'true' : 'false'],
        ],
      );
      assert.equal(await page.getAttribute('#w-kernel-verdict', 'data-same'), 'true');
      // Node samples the same circuit from the same seed, with and without the kernels.
      const generator = {
        code: 'rotated-surface',
        task: 'memory-z',
        distance: 3,
        rounds: 3,
        noise: 'uniform',
        noiseParams: { p: 0.004 },
      } as const;
      const circuit = generateExperiment(generator).circuit;
      const node = [true, false].map((wasm) => sampleDigest(circuit, KERNEL_CHECK_SHOTS, 17, wasm));
      assert.deepEqual(
        node.map((d) => d.kernels),
        [true, false],
      );
      for (const r of rows) {
        assert.equal(r.sha256, node[0].sha256, `${r.where} vs Node`);
        assert.equal(r.events, node[0].detectionEvents);
      }
      assert.ok(node[0].detectionEvents > 100, `${node[0].detectionEvents} detection events`);
      await page.locator('.kernel-check').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOT_DIR, 'lab-kernel-check.png'), fullPage: true });
      assert.deepEqual(errors, []);
    },
  );

  it(
    'is usable from the keyboard: Tab reaches the main controls in order, Enter generates, focus is visible',
    { timeout: TEST_TIMEOUT },
    async () => {
      const order = await tabOrder(page, 30);
      assertReachedInOrder(order, ['f-code', 'f-distance', 'f-noise', 'f-generate']);
      // Tab onward to Generate: its focus ring is drawn (3px solid, style.css :focus-visible).
      await page.focus('#f-noise');
      while ((await page.evaluate(() => document.activeElement?.id)) !== 'f-generate')
        await page.keyboard.press('Tab');
      const ring = await focusOutline(page);
      assert.equal(ring.style, 'solid', `focus ring of #${ring.id}`);
      assert.ok(ring.width >= 2, `focus ring of #${ring.id} is ${ring.width}px`);
      // Enter in a field submits the form: d = 3 has 9 data qubits.
      await page.focus('#f-distance');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('3');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('#count-data')?.textContent === '9');
      // The view tabs are buttons: Enter opens the shot view; Enter in its seed field shows a shot.
      await page.focus('#tab-shot');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#s-seed', { state: 'visible' });
      await page.focus('#s-seed');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('5');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#shot-verdict');
      await page.screenshot({ path: join(SHOT_DIR, 'lab-keyboard.png'), fullPage: true });
      assert.deepEqual(errors, []);
    },
  );
});
