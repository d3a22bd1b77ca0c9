// Helpers of the browser end-to-end tests: build the web app with Vite into a temporary folder and
// drive Debian's Chromium (/usr/bin/chromium, installed by the pretest step scripts/ensure-system-deps.mjs) headless
// through playwright-core, with a fresh profile and no network.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where screenshots go (kept after the run for people to look at). */
export const SHOT_DIR = join(ROOT, 'out', 'web-test');

/**
 * Builds a web entry (`vite build`; the lab by default, `web/vite.dashboard.config.ts` for the
 * service dashboard) into a fresh folder; returns the folder.
 */
export function buildWeb(config = 'web/vite.config.ts'): string {
  const out = mkdtempSync(join(tmpdir(), 'qec-web-'));
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      config,
      '--outDir',
      out,
      '--logLevel',
      'warn',
      // Vite 8 refuses a second build while one of the same project runs (a lock file under
      // node_modules/.vite): test files build at the same time, each into its own folder.
      '--bypass-lock',
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 300_000 },
  );
  if (r.status !== 0) throw new Error(`vite build failed (${r.status ?? r.signal}): ${r.stderr}`);
  return out;
}

/** Most time one browser test may take (a failure fails after this, never hangs the file). */
export const TEST_TIMEOUT = 180_000;
/** Most time a before hook may take (it builds the page with Vite and starts servers). */
export const SETUP_TIMEOUT = 360_000;
/** Most time each clean-up step of an after hook may take. */
export const STEP_TIMEOUT = 20_000;

/** Chromium process ids (process-group leaders) of the browsers this process launched and has not closed. */
const open = new Map<Browser, number>();
process.once('exit', () => {
  for (const pid of open.values()) killGroup(pid);
});

/** Pids of this process's Chromium children (Linux /proc). */
function chromiumChildren(): Set<number> {
  const out = new Set<number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('chromium'))
        out.add(Number(name));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** SIGKILLs a browser's process group (Playwright starts Chromium as a group leader), or the pid alone. */
function killGroup(pid: number): void {
  for (const target of [-pid, pid])
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
}

/**
 * A headless Chromium with a fresh profile (Playwright's own temporary user-data dir, removed on
 * close) and a 1280 × 900 viewport; its actions wait at most 30 s. Close it with
 * {@link closeBrowser} (or {@link cleanUp}), which kills it by pid when closing does not finish.
 */
export async function launchBrowser(): Promise<BrowserContext> {
  mkdirSync(SHOT_DIR, { recursive: true });
  const before = chromiumChildren();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  for (const pid of chromiumChildren()) if (!before.has(pid)) open.set(browser, pid);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  ctx.setDefaultTimeout(30_000);
  return ctx;
}

/** Settles `p` or rejects after `ms` with a message naming `what`. */
async function bounded(what: string, ms: number, p: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      p,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: not done after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes a context's browser; when that does not finish within `ms`, kills it by pid. */
export async function closeBrowser(ctx: BrowserContext | undefined, ms = STEP_TIMEOUT): Promise<void> {
  const b = ctx?.browser() ?? undefined;
  if (b === undefined) return;
  try {
    await bounded('closing Chromium', ms, b.close());
  } finally {
    const pid = open.get(b);
    open.delete(b);
    if (pid !== undefined && existsSync(`/proc/${pid}`)) killGroup(pid);
  }
}

/**
 * Runs every clean-up step of an after hook (close the browser, stop servers, remove folders),
 * each bounded by `ms`, even when an earlier one failed or timed out; then throws the first
 * failure, so a stuck step fails the file instead of hanging it. Undefined steps (what a failed
 * before hook never started) are skipped.
 */
export async function cleanUp(
  steps: readonly (readonly [string, (() => unknown) | undefined])[],
  ms = STEP_TIMEOUT,
): Promise<void> {
  const failures: Error[] = [];
  for (const [what, step] of steps) {
    if (step === undefined) continue;
    try {
      await bounded(what, ms, Promise.resolve().then(step));
    } catch (e) {
      failures.push(e instanceof Error ? e : new Error(String(e)));
    }
  }
  if (failures.length > 0) throw failures[0];
}

/** Presses Tab `n` times from the top of the page; the id (or tag.class) of each element focused. */
export async function tabOrder(page: Page, n: number): Promise<string[]> {
  // Tab until focus leaves the page's last control (focus on <body>): the next Tab is the first.
  // (At least once: after a view change focus is on <body> but the Tab start point is mid-page.)
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement === document.body)) break;
  }
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('Tab');
    out.push(
      await page.evaluate(() => {
        const el = document.activeElement;
        return el === null ? '' : el.id !== '' ? el.id : `${el.tagName.toLowerCase()}.${el.className}`;
      }),
    );
  }
  return out;
}

/** Asserts that `ids` were all reached, in this order. */
export function assertReachedInOrder(order: readonly string[], ids: readonly string[]): void {
  const at = ids.map((id) => order.indexOf(id));
  for (const [i, id] of ids.entries()) assert.ok(at[i] >= 0, `Tab never reaches #${id}: ${order.join(' ')}`);
  for (let i = 1; i < at.length; i++)
    assert.ok(at[i - 1] < at[i], `#${ids[i - 1]} comes before #${ids[i]} in tab order: ${order.join(' ')}`);
}

/** The focus outline of the focused element (focus-visible after keyboard moves). */
export async function focusOutline(page: Page): Promise<{ id: string; style: string; width: number }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const cs = getComputedStyle(el);
    return { id: el.id, style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
  });
}
