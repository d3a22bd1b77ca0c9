// The published package as a user gets it: `npm pack`, install the tarball into a fresh folder
// without its optional packages (vega, vega-lite, resvg, log-update) and without the network,
// import the core from TypeScript with --strict (no Node types needed), load the Node layer
// with import and with require() (Node ≥ 20.19), and run `npx qec --version`; and `qec serve`
// run from the unpacked package answers `/` with the dashboard it ships. dist/ is built by
// `npm ci` / `npm install` (prepare) and by `npm pack` itself (prepack); this test packs the
// current dist/ with --ignore-scripts to stay fast.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
};
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function sh(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Unpacks the tarball as `node_modules/qec-lab` in a fresh folder under the repository's `out/`,
 * runs its own `bin/qec.js serve` on a free loopback port and fetches `/`; returns the page and
 * the bytes of the `dist/web/dashboard.html` in the package. The service's optional packages
 * (Fastify, better-sqlite3) resolve from the repository's node_modules, an ancestor folder: an
 * offline install of them would need a native build; what is tested is that the package's own
 * files make the service find its dashboard.
 */
async function serveFromPackage(tarball: string): Promise<{ status: number; page: string; shipped: string }> {
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'out', 'pack-serve-'));
  const pkg = join(dir, 'node_modules', 'qec-lab');
  mkdirSync(pkg, { recursive: true });
  sh('tar', ['-xzf', tarball, '-C', pkg, '--strip-components=1'], dir);
  const child = spawn(
    process.execPath,
    [join(pkg, 'bin', 'qec.js'), 'serve', '--port', '0', '--workers', '1', '--data', join(dir, 'data')],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  try {
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`qec serve did not start:\n${stderr}`)), 60_000);
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (d: string) => {
        stderr += d;
        const m = /listening on (http:\/\/\S+)/.exec(stderr);
        if (m !== null) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`qec serve exited with ${code}:\n${stderr}`));
      });
    });
    const res = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
    return {
      status: res.status,
      page: await res.text(),
      shipped: readFileSync(join(pkg, 'dist', 'web', 'dashboard.html'), 'utf8'),
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(undefined)));
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the npm package', () => {
  it('ships dist and bin only, builds before packing, keeps plotting, progress and the service optional', () => {
    assert.match(PKG.scripts.prepack ?? '', /npm run build/);
    assert.match(
      PKG.scripts.build ?? '',
      /npm run build:web/,
      'the build (prepack, prepare) builds dist/web',
    );
    assert.deepEqual(
      Object.keys(PKG.dependencies ?? {}),
      ['zod'],
      'the only required runtime dependency is zod',
    );
    for (const p of [
      'vega',
      'vega-lite',
      '@resvg/resvg-js',
      'log-update',
      'fastify',
      'better-sqlite3',
      'bullmq',
      'ioredis',
    ])
      assert.ok(PKG.optionalDependencies?.[p] !== undefined, `${p} is optional`);
  });

  it('packs, installs offline into a fresh folder, imports from strict TypeScript and runs npx qec --version', async () => {
    assert.ok(existsSync(join(ROOT, 'dist', 'src', 'index.js')), 'dist/ is missing: run npm run build');
    assert.ok(
      existsSync(join(ROOT, 'dist', 'web', 'dashboard.html')),
      'dist/web/ is missing: run npm run build (it runs build:web)',
    );
    const dir = mkdtempSync(join(tmpdir(), 'qec-pack-'));
    try {
      const packed = JSON.parse(
        sh(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT),
      ) as { filename: string; files: { path: string }[] }[];
      const files = packed[0].files.map((f) => f.path);
      for (const f of [
        'package.json',
        'README.md',
        'bin/qec.js',
        'dist/src/index.js',
        'dist/src/index.d.ts',
        'dist/src/node/index.js',
        'dist/src/cli/main.js',
        'dist/web/index.html',
        'dist/web/dashboard.html',
      ])
        assert.ok(files.includes(f), `the tarball lacks ${f}`);
      const stray = files.filter(
        (f) =>
          !/^(package\.json|README\.md|LICENSE|bin\/|dist\/src\/|dist\/web\/[\w-]+\.html$)/.test(f) ||
          /\.test\.|\.bench\./.test(f),
      );
      assert.deepEqual(stray, [], 'only dist/src, dist/web, bin, README and package.json are shipped');

      const app = join(dir, 'app');
      sh('mkdir', ['-p', app], dir);
      writeFileSync(
        join(app, 'package.json'),
        JSON.stringify({ name: 'app', private: true, type: 'module' }),
      );
      // --prefer-offline: packages from npm's cache, their metadata too where `npm ci` left it
      // there; a fresh cache (npm ci stores tarballs, not metadata) asks the registry for it.
      sh(
        NPM,
        [
          'install',
          '--prefer-offline',
          '--omit=optional',
          '--no-audit',
          '--no-fund',
          join(dir, packed[0].filename),
        ],
        app,
      );
      assert.ok(!existsSync(join(app, 'node_modules', 'vega')), 'optional packages were not installed');

      // The core from TypeScript, --strict, with no Node types at all: the core needs none.
      writeFileSync(
        join(app, 'use.ts'),
        [
          "import { parseCircuit, analyzeErrors, compileDecoder, flattenDem, LimitError, type Circuit } from 'qec-lab';",
          "const c: Circuit = parseCircuit('X_ERROR(0.1) 0\\nM 0\\nDETECTOR rec[-1]\\nOBSERVABLE_INCLUDE(0) rec[-1]\\n');",
          'const dem = analyzeErrors(c);',
          "const decoder = compileDecoder(flattenDem(dem), 'mwpm');",
          'export const summary: string = `${c.numMeasurements} ${dem.toString()} ${typeof decoder} ${LimitError.name}`;',
          '',
        ].join('\n'),
      );
      writeFileSync(
        join(app, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'es2022',
            types: [],
            noEmit: true,
          },
          files: ['use.ts'],
        }),
      );
      sh(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], app);

      // Run: the core and the Node layer by import, the core by require() (ESM from CommonJS).
      const out = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "const core = await import('qec-lab'); const node = await import('qec-lab/node'); " +
            "console.log(core.parseCircuit('M 0\\nM 1').numMeasurements, typeof node.FrameSamplerPool, typeof node.renderSvg);",
        ],
        { cwd: app, encoding: 'utf8' },
      );
      assert.equal(out, '2 function function\n');
      const req = execFileSync(
        process.execPath,
        ['-e', "console.log(typeof require('qec-lab').parseCircuit)"],
        {
          cwd: app,
          encoding: 'utf8',
        },
      );
      assert.equal(req, 'function\n');

      assert.equal(
        sh(NPM, ['exec', '--offline', '--no', '--', 'qec', '--version'], app),
        `qec-lab ${PKG.version}\n`,
      );
      const gen = spawnSync(
        join(app, 'node_modules', '.bin', 'qec'),
        ['gen', '--code', 'repetition', '--distance', '3'],
        {
          cwd: app,
          encoding: 'utf8',
        },
      );
      assert.equal(gen.status, 0, gen.stderr);
      assert.match(gen.stdout, /^# Generated by qec gen: repetition/);
      // The service's packages are optional too: without them `qec serve` says what to install.
      const serve = spawnSync(join(app, 'node_modules', '.bin', 'qec'), ['serve', '--port', '0'], {
        cwd: app,
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(serve.status, 1, serve.stderr);
      assert.match(serve.stderr, /^qec: qec serve needs the optional package '[^']+': npm install \S+\n$/);

      // With them, the unpacked package's `qec serve` answers / with the dashboard it ships.
      const served = await serveFromPackage(join(dir, packed[0].filename));
      assert.equal(served.status, 200, served.page.slice(0, 500));
      assert.match(served.page, /<title>QEC Lab · studies<\/title>/);
      assert.equal(served.page, served.shipped);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
