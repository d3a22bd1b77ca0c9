// Start-up of the sampling paths, checked on the static import graph: what `qec detect` loads in
// this thread and in its worker threads (before any task or batch message) must not reach the
// protocol schemas (zod), DEM analysis, the decoders or the experiment layer, which only `collect`
// and the service need (they load lazily, on the first task/batch message). Timing itself is a
// benchmark's job (bench/peers.ts); this test catches an import that would bring the weight back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Specifiers of the value imports and re-exports of a file (not `import type`, not `import()`). */
function staticImports(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  const re = /^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm;
  for (let m = re.exec(code); m !== null; m = re.exec(code)) out.push(m[1]);
  return out;
}

/** Files (relative to src/, '/'-separated) and packages statically reachable from `entries`. */
function reachable(entries: readonly string[]): Map<string, string> {
  const via = new Map<string, string>(entries.map((e) => [e, '(entry)']));
  const todo = [...entries];
  while (todo.length > 0) {
    const rel = todo.pop() as string;
    if (!rel.endsWith('.ts')) continue;
    for (const spec of staticImports(readFileSync(join(SRC, rel), 'utf8'))) {
      const target = spec.startsWith('.')
        ? relative(SRC, resolve(SRC, dirname(rel), spec))
            .split('\\')
            .join('/')
            .replace(/\.js$/, '.ts')
        : spec;
      if (via.has(target)) continue;
      via.set(target, rel);
      todo.push(target);
    }
  }
  return via;
}

const HEAVY =
  /^(zod|zod\/.*|decode\/.*|experiment\/.*|dem\/error-analyzer\.ts|protocol\/index\.ts|node\/worker-jobs\.ts)$/;

describe('start-up imports of the sampling paths', () => {
  it('sees value imports and re-exports, not type-only ones', () => {
    const text = [
      "import { a, type B } from './a.js';",
      "import type { C } from './c.js';",
      "export { d } from './d.js';",
      "export type { E } from './e.js';",
      "import 'side-effect';",
      "const f = await import('./f.js');",
    ].join('\n');
    assert.deepEqual(staticImports(text), ['./a.js', './d.js', 'side-effect']);
  });

  for (const entry of [
    'cli/commands/detect.ts',
    'node/worker-pool.ts',
    'node/worker.ts',
    'node/sample-jobs.ts',
  ])
    it(`${entry} reaches no protocol schemas, DEM analysis, decoder or experiment module`, () => {
      const via = reachable([entry]);
      assert.ok(
        via.has('sim/frame/frame-simulator.ts') || entry === 'node/worker.ts',
        'the graph was walked',
      );
      const heavy = [...via].filter(([f]) => HEAVY.test(f)).map(([f, from]) => `${f} (imported by ${from})`);
      assert.deepEqual(heavy, []);
    });

  it('the check catches the heavy handler: worker-jobs.ts reaches the decoders', () => {
    const via = reachable(['node/worker-jobs.ts']);
    assert.ok([...via.keys()].some((f) => f.startsWith('decode/')));
    assert.ok(via.has('zod'));
  });
});
