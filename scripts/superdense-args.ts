/**
 * The command line shared by the superdense colour-code scripts (`colour-distance.ts`,
 * `colour-pairs.ts`): `D (odd ≥ 3) memory-z|memory-x`, and the DEM of `color-superdense` at that
 * distance with d rounds and uniform noise p = 10⁻³. Prints the usage and exits 2 on bad input.
 */
import { generateExperiment } from '../src/codes/code-families.js';
import type { FlatDem } from '../src/dem/dem.js';
import { analyzeErrors } from '../src/dem/error-analyzer.js';
import { flattenDem } from '../src/dem/flatten.js';

/** Reads D and the task from process.argv (defaults: `defaultD`, memory-z) and builds the DEM. */
export function superdenseFromArgv(
  script: string,
  defaultD: number,
): { d: number; task: 'memory-z' | 'memory-x'; dem: FlatDem } {
  const d = Number(process.argv[2] ?? String(defaultD));
  const task = process.argv[3] ?? 'memory-z';
  if (!Number.isInteger(d) || d < 3 || d % 2 === 0 || (task !== 'memory-z' && task !== 'memory-x')) {
    process.stderr.write(`usage: ${script} D (odd >= 3) memory-z|memory-x\n`);
    process.exit(2);
  }
  const g = generateExperiment({
    code: 'color-superdense',
    task,
    distance: d,
    rounds: d,
    noise: 'uniform',
    noiseParams: { p: 0.001 },
  });
  return { d, task, dem: flattenDem(analyzeErrors(g.circuit)) };
}
