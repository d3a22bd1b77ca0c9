// `npm run bench [filter...]`: runs every *.bench.ts under src/ and bench/ (or those whose path
// contains one of the filters). Each exports `bench(report)` and prints what it measured
// (shots/s, µs per shot, GB/s), so a change can be compared in one run.
import { readdirSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

type BenchModule = { bench?: (report: (line: string) => void) => Promise<void> | void };

function walk(dir: string, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.bench.ts')) out.push(p);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = [...walk('src'), ...walk('bench')]
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
console.log(
  `QEC Lab benchmarks — node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`,
);
let failed = 0;
for (const file of files) {
  console.log(`\n## ${relative('.', file)}`);
  try {
    const mod = (await import(pathToFileURL(file).href)) as BenchModule;
    if (typeof mod.bench !== 'function') {
      console.log('  (no exported bench function)');
      continue;
    }
    await mod.bench((line) => console.log(`  ${line}`));
  } catch (e) {
    failed++;
    console.log(`  FAILED: ${(e as Error).stack ?? String(e)}`);
  }
}
if (failed > 0) process.exitCode = 1;
