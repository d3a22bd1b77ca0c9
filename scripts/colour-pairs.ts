/**
 * Exhaustive fault-tolerance check of the `concat-matching` colour-code decoder on the superdense
 * colour code (`color-superdense`, uniform noise p = 10⁻³, d rounds): every single fault and every
 * pair of distinct fault mechanisms of the task basis' DEM (`checkFaultPairs`). At circuit
 * distance d ≥ 5 every pair is correctable, so a decoder reaching the full distance fails on none.
 *
 *   node --import tsx scripts/colour-pairs.ts 5 memory-z
 *
 * Prints the counts (failing pairs by kind, see `fault-check.ts`), the mechanisms each colour
 * leaves out, the CPU time and up to 10 failing pairs. Exit code 1 if any fail.
 */
import { ConcatMatchingDecoder } from '../src/decode/concat-matching/concat-matching-decoder.js';
import { checkFaultPairs } from '../src/decode/concat-matching/fault-check.js';
import { superdenseFromArgv } from './superdense-args.js';

const { d, task, dem } = superdenseFromArgv('colour-pairs.ts', 5);
const t0 = process.cpuUsage();
const dec = new ConcatMatchingDecoder(dem);
const r = checkFaultPairs(dec);
const t = process.cpuUsage(t0);
const pb = dec.problems[0];
const dets = (e: number): string => pb.errors[e].dets.map((l) => 'rgb'[pb.colour[l]] + l).join(' ');
const failed = r.pairFailures.noColour + r.pairFailures.stage1 + r.pairFailures.weight;
process.stdout.write(
  `color-superdense d=${d} ${task}: ${r.faults} mechanisms (left out per colour r/g/b: ` +
    `${pb.stages.map((s) => s.dropped).join('/')}); ${r.singleFailures} of ${r.faults} single faults ` +
    `and ${failed} of ${r.pairs} pairs fail (no common colour ${r.pairFailures.noColour}, ` +
    `stage 1 ${r.pairFailures.stage1}, weight ${r.pairFailures.weight}); ` +
    `${((t.user + t.system) / 1e6).toFixed(1)} s CPU\n` +
    r.examples.map(([i, j]) => `  ${i} [${dets(i)}] + ${j} [${dets(j)}]\n`).join(''),
);
process.exit(r.singleFailures + failed > 0 ? 1 : 0);
