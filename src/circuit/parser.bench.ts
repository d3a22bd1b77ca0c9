// Parse and print rates on the Stim reference circuits (d = 11 and 17 rotated surface code memory).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCircuit } from './parser.js';
import { printCircuit } from './printer.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const benchDir = path.resolve(repoRoot, '../shared/vectors/bench');

function time(fn: () => void, reps: number): number {
  for (let i = 0; i < 5; i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / reps;
}

export async function bench(report: (line: string) => void): Promise<void> {
  for (const name of [
    'surface_code-rotated_memory_z-d11-r11-p0.001.stim',
    'surface_code-rotated_memory_z-d17-r17-p0.001.stim',
  ]) {
    const text = readFileSync(path.join(benchDir, name), 'utf8');
    const t0 = performance.now();
    const c = parseCircuit(text, name);
    const cold = performance.now() - t0;
    const parseMs = time(() => parseCircuit(text, name), 50);
    const printMs = time(() => printCircuit(c), 50);
    const mb = text.length / 1e6;
    report(
      `${name}: ${(text.length / 1024).toFixed(0)} KiB, parse ${parseMs.toFixed(2)} ms warm (${cold.toFixed(1)} ms cold, ` +
        `${(mb / (parseMs / 1000)).toFixed(0)} MB/s), print ${printMs.toFixed(2)} ms`,
    );
  }
  await Promise.resolve();
}
