/**
 * The dashboard page at `/`: the single-file build of `web/dashboard.html` (`npm run build:web`
 * writes `dist/web/dashboard.html`). The file is looked up next to the compiled service
 * (`dist/src/service/` → `dist/web/`) and, when the service runs from sources under tsx
 * (`src/service/` → `dist/web/`), in the repository's `dist/web/`. It is read on each request, so
 * a rebuild shows without a restart. When no build exists, `/` answers 503 with a message naming
 * `npm run build:web` (HTML for browsers, the JSON error body otherwise).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ZodApp } from './context.js';

/** The file name of the dashboard inside a web build folder. */
export const DASHBOARD_FILE = 'dashboard.html';

/** Where the web build is: `dist/web/`, from the compiled service or from its sources. */
export function webDirCandidates(): string[] {
  // Under tsx this module is src/service/dashboard.ts, and ../../web/ would be the *source* page.
  const fromSources = import.meta.url.endsWith('.ts');
  return [fileURLToPath(new URL(fromSources ? '../../dist/web/' : '../../web/', import.meta.url))];
}

async function readFirst(dirs: readonly string[]): Promise<Buffer | undefined> {
  for (const d of dirs) {
    try {
      return await readFile(join(d, DASHBOARD_FILE));
    } catch {
      // not built here; try the next folder
    }
  }
  return undefined;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** `GET /`: the dashboard (no token needed to load the page; every API call it makes needs one). */
export function dashboardRoutes(app: ZodApp, webDir: string | undefined): void {
  const dirs = webDir === undefined ? webDirCandidates() : [webDir];
  app.get('/', { config: { auth: false }, schema: { hide: true } }, async (req, reply) => {
    const page = await readFirst(dirs);
    if (page !== undefined)
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(page);
    const message = `the dashboard is not built: run \`npm run build:web\` (looked for ${DASHBOARD_FILE} in ${dirs.join(', ')}); the API under /api/v1 works without it`;
    if ((req.headers.accept ?? '').includes('text/html'))
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><html lang="en"><meta charset="utf-8"><title>QEC Lab service</title><h1>QEC Lab service</h1><p>${escapeHtml(message)}</p></html>\n`,
        );
    return reply.code(503).send({ error: { code: 'DASHBOARD_NOT_BUILT', message } });
  });
}
