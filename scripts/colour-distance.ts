/**
 * Proves a lower bound on the circuit-level distance of the superdense colour-code circuit
 * (`color-superdense`, uniform noise, d rounds) with the exhaustive branching search on the
 * hyperedge DEM restricted to the task basis' detectors (as `src/codes/color-superdense.test.ts`
 * does at d = 3 and 5; restricting detectors can only lower the distance, so the bound holds for
 * the full model). The matching upper bound d is the bottom-row logical (d data-qubit faults).
 *
 *   node --import tsx scripts/colour-distance.ts 7 memory-z
 *
 * Prints the DEM size, the proved bound ("no logical error of fewer than L mechanisms"), the
 * search nodes and the CPU time. Exit code 1 if the search budget ran out.
 */
import { branchingLogicalErrorSearch, restrictDetectors } from '../src/dem/distance-branching.js';
import { superdenseFromArgv } from './superdense-args.js';

const { d, task, dem } = superdenseFromArgv('colour-distance.ts', 7);
// Z-basis detectors sit at integer y, X-basis ones at y + 0.25.
const frac = task === 'memory-z' ? 0 : 0.25;
const basis = restrictDetectors(dem, (k) => {
  const y = dem.detectorCoords[k]?.[1] ?? NaN;
  return Math.abs(y - Math.floor(y) - frac) < 1e-9;
});
const t0 = process.cpuUsage();
const r = branchingLogicalErrorSearch(basis, { maxWeight: d - 1, maxNodes: 1e10 });
const t = process.cpuUsage(t0);
process.stdout.write(
  `color-superdense d=${d} ${task}: ${basis.numDetectors} ${task === 'memory-z' ? 'Z' : 'X'}-basis detectors, ` +
    `${basis.errors.length} mechanisms; no logical error of fewer than ${r.lower} mechanisms` +
    `${r.upper < Infinity ? ` (found one of ${r.upper})` : ''}; ${r.nodes} nodes, ` +
    `${((t.user + t.system) / 1e6).toFixed(1)} s CPU${r.budgetExhausted ? '; BUDGET EXHAUSTED' : ''}\n`,
);
process.exit(r.budgetExhausted ? 1 : 0);
