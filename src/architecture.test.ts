// The architecture rules of DESIGN.md, enforced: dependency direction between the folders of src/,
// and no I/O in the core. A failure names the file, the import and the rule it broke.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = dirname(fileURLToPath(import.meta.url));

/**
 * Rank of each top-level folder: a file may import only from its own folder or from folders of a
 * strictly lower rank. `index.ts` (the public API) sits just below `node`.
 */
const RANK: Record<string, number> = {
  base: 0,
  mem: 1,
  math: 1,
  gates: 2,
  circuit: 3,
  stabilizer: 4,
  formats: 4,
  sim: 5,
  noise: 5,
  dem: 6,
  codes: 7,
  decode: 7,
  experiment: 8,
  protocol: 9,
  'index.ts': 9.5,
  node: 10,
  cli: 11,
  service: 11,
};
/** Extra restrictions beyond rank. */
const ONLY: Record<string, readonly string[]> = { decode: ['decode', 'dem', 'mem', 'math', 'base'] };
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

/** The top-level folder (or `index.ts`) a path under src/ belongs to. */
function areaOf(file: string): string {
  const rel = relative(SRC, file).split(sep);
  return rel.length === 1 ? rel[0] : rel[0];
}

const files = walk(SRC).filter((f) => relative(SRC, f).split(sep).length > 1 || f.endsWith('index.ts'));

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

  it('imports point downward only, and the core does no I/O', () => {
    const problems: string[] = [];
    for (const file of files) {
      const from = areaOf(file);
      const isTestOrBench = /\.(test|bench)\.ts$/.test(file);
      const text = stripComments(readFileSync(file, 'utf8'));
      const rel = relative(resolve(SRC, '..'), file);
      for (const spec of importsOf(text)) {
        if (!spec.startsWith('.')) {
          const builtin =
            spec.startsWith('node:') ||
            /^(fs|path|os|url|util|worker_threads|child_process|crypto|stream)(\/|$)/.test(spec);
          if (builtin && !EDGE.has(from) && !isTestOrBench)
            problems.push(
              `${rel}: imports '${spec}', but the core (src/${from}) must run in a browser: no Node built-ins`,
            );
          continue;
        }
        if (isTestOrBench) continue; // tests and benches may reach across layers for differential checks
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(SRC + sep)) {
          problems.push(`${rel}: imports '${spec}' from outside src/`);
          continue;
        }
        const to = areaOf(target.replace(/\.js$/, '.ts'));
        if (to === from) continue;
        if (to === 'cli' || to === 'service')
          problems.push(`${rel}: imports '${spec}': nothing may import src/${to}`);
        else if (!(to in RANK)) problems.push(`${rel}: imports '${spec}' in unknown area '${to}'`);
        else if (RANK[to] >= RANK[from])
          problems.push(
            `${rel}: imports '${spec}' (src/${to}), which is not below src/${from} (DESIGN.md dependency direction)`,
          );
        else if (ONLY[from] !== undefined && !ONLY[from].includes(to))
          problems.push(
            `${rel}: imports '${spec}', but src/${from} may import only ${ONLY[from].join(', ')}`,
          );
        else if (from === 'codes' && to === 'decode')
          problems.push(`${rel}: src/codes must never import src/decode`);
      }
      if (!EDGE.has(from) && !isTestOrBench)
        for (const [re, what] of CORE_FORBIDDEN)
          if (re.test(text))
            problems.push(`${rel}: uses ${what}; the core takes clocks, RNGs and output as parameters`);
    }
    assert.deepEqual(problems, [], `architecture violations:\n${problems.join('\n')}`);
  });

  it('the checker itself catches a violation', () => {
    assert.deepEqual(
      importsOf(`import { a } from '../cli/main.js';\nexport * from "./x.js";\nawait import('node:fs');`),
      ['../cli/main.js', './x.js', 'node:fs'],
    );
  });
});
