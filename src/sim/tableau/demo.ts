import { ValidationError } from '../../base/errors.js';
import type { Rng } from '../../base/prng.js';
import { Circuit } from '../../circuit/circuit.js';
import { parseCircuit } from '../../circuit/parser.js';
import { gateByName } from '../../gates/gate-data.js';
import { PauliString } from '../../stabilizer/pauli-string.js';
import { checkDeterministic } from './reference-sample.js';
import { TableauSimulator } from './tableau-simulator.js';

/** Gates drawn by {@link randomCliffordCircuitText}: [name, arity, inverse name]. */
const DEMO_GATES: readonly (readonly [string, number, string])[] = [
  ['H', 1, 'H'],
  ['S', 1, 'S_DAG'],
  ['S_DAG', 1, 'S'],
  ['SQRT_X', 1, 'SQRT_X_DAG'],
  ['C_XYZ', 1, 'C_ZYX'],
  ['CX', 2, 'CX'],
  ['CZ', 2, 'CZ'],
  ['SWAP', 2, 'SWAP'],
  ['ISWAP', 2, 'ISWAP_DAG'],
];

/**
 * Stim text of a random Clifford circuit on `numQubits` ≥ 2 qubits with `numGates` gate
 * applications (H, S, S_DAG, SQRT_X, C_XYZ, CX, CZ, SWAP, ISWAP on random qubits). With
 * `withInverse` the inverse circuit is appended, so the whole circuit is the identity.
 */
export function randomCliffordCircuitText(
  numQubits: number,
  numGates: number,
  rng: Rng,
  withInverse = false,
): string {
  const fwd: string[] = [];
  const inv: string[] = [];
  for (let i = 0; i < numGates; i++) {
    const [name, arity, inverse] = DEMO_GATES[rng.nextInt(DEMO_GATES.length)];
    const a = rng.nextInt(numQubits);
    let b = rng.nextInt(numQubits - 1);
    if (b >= a) b++;
    const qs = arity === 1 ? `${a}` : `${a} ${b}`;
    fwd.push(`${name} ${qs}`);
    if (withInverse) inv.push(`${inverse} ${qs}`);
  }
  return withInverse ? `${fwd.join('\n')}\n${inv.reverse().join('\n')}` : fwd.join('\n');
}

/**
 * A random Clifford circuit built directly as a {@link Circuit} (no text round trip), with the same
 * gate set and distribution as {@link randomCliffordCircuitText}.
 */
export function randomCliffordCircuit(
  numQubits: number,
  numGates: number,
  rng: Rng,
  withInverse = false,
): Circuit {
  const fwd: [string, number[], string][] = [];
  for (let i = 0; i < numGates; i++) {
    const [name, arity, inverse] = DEMO_GATES[rng.nextInt(DEMO_GATES.length)];
    const a = rng.nextInt(numQubits);
    let b = rng.nextInt(numQubits - 1);
    if (b >= a) b++;
    fwd.push([name, arity === 1 ? [a] : [a, b], inverse]);
  }
  const c = new Circuit();
  const push = (name: string, targets: number[]): void => {
    const gate = gateByName(name);
    if (gate === undefined) throw new ValidationError(`randomCliffordCircuit: unknown gate ${name}`);
    c.push({ kind: 'instruction', gate, args: [], targets, tag: '' });
  };
  for (const [name, qs] of fwd) push(name, qs);
  if (withInverse) for (let i = fwd.length - 1; i >= 0; i--) push(fwd[i][2], fwd[i][1]);
  return c;
}

/**
 * A 1000-qubit stabilizer demonstration, returned as text lines (pure: no console, no clock):
 * a GHZ state over 1000 qubits measured in Z (all outcomes equal; detectors comparing neighbours
 * are deterministic), then a random 1000-qubit Clifford circuit of 10,000 gates: a few stabilizer
 * expectations, and the circuit followed by its inverse returning every qubit to |0⟩.
 */
export function largeStabilizerDemo(rng: Rng): string[] {
  const n = 1000;
  const lines: string[] = [];
  const chain = [...Array(n - 1).keys()].map((q) => `${q} ${q + 1}`).join(' ');
  const dets = [...Array(n - 1).keys()].map((k) => `DETECTOR rec[-${k + 1}] rec[-${k + 2}]`).join('\n');
  const ghz = parseCircuit(`H 0\nCX ${chain}\nM ${[...Array(n).keys()].join(' ')}\n${dets}`);
  const sim = new TableauSimulator(n, rng);
  sim.run(ghz);
  const rec = sim.measurementRecord;
  const ones = rec.reduce((a, b) => a + b, 0);
  lines.push(`GHZ state on ${n} qubits (H, then a chain of ${n - 1} CX), measured in Z:`);
  lines.push(
    `  outcomes: ${ones === 0 ? `all ${n} are 0` : ones === n ? `all ${n} are 1` : `${ones} ones (NOT all equal)`}`,
  );
  lines.push(`  first outcome random, the other ${n - 1} forced equal to it`);
  const det = checkDeterministic(ghz);
  lines.push(
    `  ${n - 1} neighbour-comparison detectors: ${det.nonDeterministicDetectors.length === 0 ? 'all deterministic' : `${det.nonDeterministicDetectors.length} random`}, ` +
      `all fired 0: ${sim.detectorRecord.every((d) => d === 0) ? 'yes' : 'no'}`,
  );

  const numGates = 10000;
  const rc = new TableauSimulator(n, rng);
  rc.run(randomCliffordCircuit(n, numGates, rng));
  lines.push(
    `Random Clifford circuit: ${n} qubits, ${numGates} gates (H, S, S_DAG, SQRT_X, C_XYZ, CX, CZ, SWAP, ISWAP):`,
  );
  const probe = new PauliString(n);
  let det1 = 0;
  for (let q = 0; q < 20; q++) {
    probe.xs.fill(0);
    probe.zs.fill(0);
    probe.setPauli(q, 0, 1);
    if (rc.peekObservableExpectation(probe) !== 0) det1++;
  }
  lines.push(`  ⟨Z_q⟩ for q < 20: ${det1} of 20 deterministic`);
  const stab = rc.stabilizerGenerator(0);
  lines.push(
    `  stabilizer generator C·Z0·C† has weight ${stab.weight}; its expectation is ${rc.peekObservableExpectation(stab)}`,
  );
  const back = new TableauSimulator(n, rng);
  back.run(randomCliffordCircuit(n, numGates, rng, true));
  let allZ = true;
  for (let q = 0; q < n; q++) {
    probe.xs.fill(0);
    probe.zs.fill(0);
    probe.setPauli(q, 0, 1);
    if (back.peekObservableExpectation(probe) !== 1) allZ = false;
  }
  lines.push(
    `  circuit followed by its inverse (${2 * numGates} gates): every qubit back in |0⟩: ${allZ ? 'yes' : 'no'}`,
  );
  return lines;
}
