// The architecture rules of DESIGN.md, enforced: dependency direction between the folders of src/
// (for sources, benches and test support alike), no I/O in the core, no import cycles, and test
// support kept out of the published build. A failure names the file, the import and the rule.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(SRC, '..');

/**
 * Rank of each top-level folder: a file may import only from its own folder or from folders of a
 * strictly lower rank. `index.ts` (the public API) sits just below `node`.
 */
const RANK: Record<string, number> = {
  base: 0,
  mem: 1,
  math: 1.5, // above mem: Gf2Matrix is a BitTable
  wasm: 1,
  gates: 2,
  circuit: 3,
  stabilizer: 4,
  formats: 4,
  sim: 5,
  noise: 5,
  dem: 6,
  // SVG diagrams of circuits, detector slices and DEMs: pure text, shared by the CLI and the web lab.
  diagram: 6.5,
  codes: 7,
  decode: 7,
  experiment: 8,
  protocol: 9,
  'index.ts': 9.5,
  node: 10,
  service: 11,
  // The CLI is the outermost edge: `qec serve` and `qec token` start the service.
  cli: 12,
};
/** Extra restrictions beyond rank. */
const ONLY: Record<string, readonly string[]> = { decode: ['decode', 'dem', 'mem', 'math', 'wasm', 'base'] };
/** Folders that may do I/O and import Node built-ins. */
const EDGE = new Set(['node', 'cli', 'service']);
/** Forbidden in the core outside tests and benchmarks: I/O, clocks and unseeded randomness. */
const CORE_FORBIDDEN: readonly [RegExp, string][] = [
  [/\bprocess\.(?:env|argv|stdout|stderr|exit|cwd|hrtime)/, 'process'],
  [/\bconsole\.(?:log|error|warn|info|debug)\(/, 'console'],
  [/\bDate\.now\(/, 'Date.now'],
  [/\bperformance\.now\(/, 'performance.now'],
  [/\bMath\.random\(/, 'Math.random'],
];

/** Longest source file (lines) before it must be split by role (DESIGN.md "Size and shape"). */
const MAX_FILE_LINES = 700;
/**
 * Files allowed past {@link MAX_FILE_LINES}, each with its reason: generated or deliberately
 * unrolled kernels, and files whose split by role is still pending (issue 11), named so the
 * list shrinks rather than grows.
 */
const LONG_FILES: Record<string, string> = {};

/** What a file is, for the rules: tests may reach across layers for differential checks. */
type Kind = 'source' | 'bench' | 'test' | 'support';

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function importsOf(text: string): string[] {
  const specs: string[] = [];
  const re =
    /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) specs.push(m[1] ?? m[2] ?? m[3]);
  return specs;
}

/** The top-level folder (or `index.ts`) of a path relative to src/ with '/' separators. */
function areaOf(relToSrc: string): string {
  return relToSrc.split('/')[0];
}

/** Normalises a relative import of `fromRel` (both relative to src/, '/' separators). */
function resolveSpec(fromRel: string, spec: string): string {
  const parts = fromRel.split('/').slice(0, -1);
  for (const p of spec.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/').replace(/\.js$/, '.ts');
}

/**
 * The rule violations of one file: `rel` is its path relative to src/ ('/' separators), `text` its
 * source without comments. Every file obeys the layer rule except tests (`*.test.ts`), which may
 * import upward for differential checks; benches may also use lower layers beyond {@link ONLY}
 * (a decoder bench samples its shots from circuits). The core's sources and test support do no
 * I/O.
 */
function checkFile(rel: string, text: string, kind: Kind): string[] {
  const problems: string[] = [];
  const from = areaOf(rel);
  const where = `src/${rel}${kind === 'source' ? '' : ` (${kind})`}`;
  for (const spec of importsOf(text)) {
    if (!spec.startsWith('.')) {
      const builtin =
        spec.startsWith('node:') ||
        /^(fs|path|os|url|util|worker_threads|child_process|crypto|stream)(\/|$)/.test(spec);
      if (builtin && !EDGE.has(from) && (kind === 'source' || kind === 'support'))
        problems.push(
          `${where}: imports '${spec}', but the core (src/${from}) must run in a browser: no Node built-ins`,
        );
      continue;
    }
    const target = resolveSpec(rel, spec);
    if (target.startsWith('..')) {
      problems.push(`${where}: imports '${spec}' from outside src/`);
      continue;
    }
    const to = areaOf(target);
    if (to === from) continue;
    if (to === 'cli' || (to === 'service' && from !== 'cli')) {
      if (kind !== 'test')
        problems.push(
          `${where}: imports '${spec}': nothing may import src/${to}${to === 'service' ? ' (except src/cli)' : ''}`,
        );
      continue;
    }
    if (kind === 'test') continue;
    if (!(to in RANK)) problems.push(`${where}: imports '${spec}' in unknown area '${to}'`);
    else if (RANK[to] >= RANK[from])
      problems.push(
        `${where}: imports '${spec}' (src/${to}), which is not below src/${from} (DESIGN.md dependency direction)`,
      );
    else if (kind !== 'bench' && ONLY[from] !== undefined && !ONLY[from].includes(to))
      problems.push(`${where}: imports '${spec}', but src/${from} may import only ${ONLY[from].join(', ')}`);
    else if (from === 'codes' && to === 'decode')
      problems.push(`${where}: src/codes must never import src/decode`);
  }
  if (!EDGE.has(from) && (kind === 'source' || kind === 'support'))
    for (const [re, what] of CORE_FORBIDDEN)
      if (re.test(text))
        problems.push(`${where}: uses ${what}; the core takes clocks, RNGs and output as parameters`);
  return problems;
}

/** Import cycles among the given files (relative to src/), each as a path `a -> b -> a`. */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const state = new Map<string, 1 | 2>(); // 1 = on the DFS stack, 2 = done
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 1);
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (!graph.has(g)) continue;
      const s = state.get(g);
      if (s === 1) cycles.push([...stack.slice(stack.indexOf(g)), g].map((x) => `src/${x}`).join(' -> '));
      else if (s === undefined) visit(g);
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of [...graph.keys()].sort()) if (!state.has(f)) visit(f);
  return cycles;
}

/** A tsconfig glob (`src/**\/*.test.ts`, exact paths) as a RegExp over '/'-separated paths. */
function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*' && glob[i + 2] === '/') {
      re += '(?:.*/)?';
      i += 2;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const all = walk(SRC)
  .map((f) => relative(SRC, f).split(sep).join('/'))
  .filter((rel) => rel.includes('/') || rel === 'index.ts');
const texts = new Map(all.map((rel) => [rel, stripComments(readFileSync(join(SRC, rel), 'utf8'))]));
const localImports = new Map(
  all.map((rel) => [
    rel,
    importsOf(texts.get(rel) ?? '')
      .filter((s) => s.startsWith('.'))
      .map((s) => resolveSpec(rel, s)),
  ]),
);
const isTest = (rel: string): boolean => rel.endsWith('.test.ts');
const isBench = (rel: string): boolean => rel.endsWith('.bench.ts');
/**
 * Entry points that nothing in src/ imports: the package's `main`/`exports` and what `bin/` runs
 * (paths `dist/src/....js` in package.json and bin/*.js).
 */
const entries = new Set(
  [
    readFileSync(join(ROOT, 'package.json'), 'utf8'),
    ...readdirSync(join(ROOT, 'bin')).map((f) => readFileSync(join(ROOT, 'bin', f), 'utf8')),
  ].flatMap((text) => [...text.matchAll(/dist\/src\/([\w./-]+)\.js/g)].map((m) => `${m[1]}.ts`)),
);
/**
 * Test support: a source file that only tests, benches and other test support import (conformance
 * suites, bench timers). Grown to a fixed point, so support of support counts too.
 */
const support = new Set<string>();
for (let grew = true; grew;) {
  grew = false;
  for (const rel of all) {
    if (isTest(rel) || isBench(rel) || support.has(rel) || entries.has(rel)) continue;
    const importers = all.filter((o) => localImports.get(o)?.includes(rel));
    if (importers.length > 0 && importers.every((o) => isTest(o) || isBench(o) || support.has(o))) {
      support.add(rel);
      grew = true;
    }
  }
}
function kindOf(rel: string): Kind {
  if (isTest(rel)) return 'test';
  if (isBench(rel)) return 'bench';
  return support.has(rel) ? 'support' : 'source';
}

describe('architecture (DESIGN.md)', () => {
  it('every top-level folder of src/ has a known rank and a README', () => {
    for (const name of readdirSync(SRC)) {
      const p = join(SRC, name);
      if (!statSync(p).isDirectory()) continue;
      if (walk(p).length === 0) continue;
      assert.ok(name in RANK, `src/${name}/ is not in the architecture table of src/architecture.test.ts`);
      assert.ok(
        readdirSync(p).includes('README.md'),
        `src/${name}/ has no README.md (say what belongs there and what it may import)`,
      );
    }
  });

  it('imports point downward only (sources, benches and test support), and the core does no I/O', () => {
    const problems = all.flatMap((rel) => checkFile(rel, texts.get(rel) ?? '', kindOf(rel)));
    assert.deepEqual(problems, [], `architecture violations:\n${problems.join('\n')}`);
  });

  it('no import cycles between the files that ship', () => {
    const shipped = new Map([...localImports].filter(([rel]) => kindOf(rel) === 'source'));
    const cycles = cyclesOf(shipped);
    assert.deepEqual(
      cycles,
      [],
      `import cycles (split the shared part into its own file):\n${cycles.join('\n')}`,
    );
  });

  it('tests, benches and test support do not ship in dist (tsconfig.build.json excludes them)', () => {
    const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as {
      exclude?: string[];
    };
    const excludes = (build.exclude ?? []).map(globRegExp);
    const shipped = all
      .filter((rel) => kindOf(rel) !== 'source')
      .map((rel) => `src/${rel}`)
      .filter((p) => !excludes.some((re) => re.test(p)));
    assert.deepEqual(
      shipped,
      [],
      `not excluded by tsconfig.build.json, so they would ship in dist: ${shipped.join(', ')}`,
    );
  });

  it('source files stay under ~700 lines (files by role), except the listed ones', () => {
    const tooLong = all
      .filter((rel) => kindOf(rel) !== 'test')
      .map((rel) => [rel, readFileSync(join(SRC, rel), 'utf8').split('\n').length] as const)
      .filter(([rel, n]) => n > MAX_FILE_LINES && !(rel in LONG_FILES))
      .map(
        ([rel, n]) =>
          `src/${rel}: ${n} lines (split it by role, or list a generated/unrolled kernel in LONG_FILES)`,
      );
    assert.deepEqual(tooLong, [], tooLong.join('\n'));
    const stale = Object.keys(LONG_FILES).filter(
      (rel) =>
        !all.includes(rel) || readFileSync(join(SRC, rel), 'utf8').split('\n').length <= MAX_FILE_LINES,
    );
    assert.deepEqual(
      stale,
      [],
      `LONG_FILES entries that are gone or short now (remove them): ${stale.join(', ')}`,
    );
  });

  it('the checker itself catches a violation', () => {
    assert.deepEqual(
      importsOf(`import { a } from '../cli/main.js';\nexport * from "./x.js";\nawait import('node:fs');`),
      ['../cli/main.js', './x.js', 'node:fs'],
    );
    const upward = `import { FrameSamplerPool } from '../../node/worker-pool.js';`;
    for (const kind of ['source', 'bench', 'support'] as const)
      assert.match(
        checkFile('sim/frame/x.bench.ts', upward, kind).join('\n'),
        /src\/sim\/frame\/x\.bench\.ts.*'\.\.\/\.\.\/node\/worker-pool\.js' \(src\/node\), which is not below src\/sim/,
      );
    assert.deepEqual(checkFile('sim/frame/x.test.ts', upward, 'test'), []);
    assert.match(checkFile('dem/x.ts', `import 'node:fs';`, 'source')[0], /no Node built-ins/);
    assert.match(checkFile('decode/x.ts', `import '../codes/c.js';`, 'source')[0], /not below src\/decode/);
    assert.deepEqual(
      cyclesOf(
        new Map([
          ['circuit/a.ts', ['circuit/b.ts']],
          ['circuit/b.ts', ['circuit/a.ts']],
        ]),
      ),
      ['src/circuit/a.ts -> src/circuit/b.ts -> src/circuit/a.ts'],
    );
    assert.ok(globRegExp('src/**/*.test.ts').test('src/a/b/c.test.ts'));
    assert.ok(!globRegExp('src/**/*.test.ts').test('src/a/b/c.ts'));
  });
});
