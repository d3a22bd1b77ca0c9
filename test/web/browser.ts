// Helpers of the browser end-to-end tests: build the web app with Vite into a temporary folder and
// drive Debian's Chromium (/usr/bin/chromium, installed by the pretest step scripts/ensure-system-deps.mjs) headless
// through playwright-core, with a fresh profile and no network.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

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

/** A headless Chromium with a fresh user-data dir and a 1280 × 900 viewport. */
export async function launchBrowser(): Promise<BrowserContext> {
  mkdirSync(SHOT_DIR, { recursive: true });
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'qec-chromium-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
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
