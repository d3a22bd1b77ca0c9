import { Rng } from '../../base/prng.js';
import { bellGhzDemo } from '../../sim/state-vector/demo.js';
import { largeStabilizerDemo } from '../../sim/tableau/demo.js';
import { num, type CliCommand } from '../command.js';
import { seedOf, SEED_OPTION } from '../common.js';

export const demoCommand: CliCommand = {
  name: 'demo',
  summary:
    'A short demonstration: Bell and GHZ states in the state-vector simulator, then 1000 qubits in the tableau simulator.',
  options: [SEED_OPTION],
  run(opts, io) {
    const rng = new Rng(seedOf(num(opts, 'seed')));
    const lines = [...bellGhzDemo(rng), '', ...largeStabilizerDemo(rng)];
    io.stdout(lines.join('\n') + '\n');
    return Promise.resolve(0);
  },
};
