import type { Rng } from '../../base/prng.js';
import { formatComplex } from '../../math/complex.js';
import { applyCX, applyH } from './kernels.js';
import { StateVector } from './state-vector.js';

/** `|q0 q1 …⟩` label of basis index i (qubit 0 written first). */
function ket(i: number, n: number): string {
  let s = '';
  for (let q = 0; q < n; q++) s += (i >>> q) & 1;
  return `|${s}>`;
}

function amplitudeLines(psi: StateVector, indent = '    '): string[] {
  const lines: string[] = [];
  for (let i = 0; i < psi.dimension; i++) {
    const a = psi.amplitude(i);
    if (Math.hypot(a.re, a.im) < 1e-12) continue;
    lines.push(
      `${indent}${ket(i, psi.numQubits)}  amplitude ${formatComplex(a)}  probability ${fmt(a.re * a.re + a.im * a.im)}`,
    );
  }
  return lines;
}

function fmt(x: number): string {
  const v = Math.abs(x) < 1e-12 ? 0 : x;
  return String(Math.round(v * 1e4) / 1e4);
}

function matrixLines(m: Float64Array, indent = '    '): string[] {
  const n = Math.round(Math.sqrt(m.length / 2));
  const lines: string[] = [];
  for (let r = 0; r < n; r++) {
    const row: string[] = [];
    for (let c = 0; c < n; c++)
      row.push(formatComplex({ re: m[2 * (r * n + c)], im: m[2 * (r * n + c) + 1] }).padStart(7));
    lines.push(`${indent}[ ${row.join(' ')} ]`);
  }
  return lines;
}

/**
 * A short tour of the state-vector simulator for `npm start` / `qec demo`: superposition, a Bell
 * pair's amplitudes, the 1-bit entanglement entropy of one of its qubits, a GHZ state collapsed by
 * measuring one qubit (outcome drawn from `rng`), and reduced density matrices before and after.
 * Pure: returns the lines of text; the CLI prints them. Kets are written `|q0 q1 …>`.
 */
export function bellGhzDemo(rng: Rng): string[] {
  const out: string[] = [];
  out.push('State-vector simulator (exact amplitudes; kets written |q0 q1 ...>)');
  out.push('');

  const plus = new StateVector(1);
  applyH(plus.data, 1, 0);
  const b = plus.blochVector(0);
  out.push('1. Superposition: H|0> = (|0> + |1>)/sqrt(2)');
  out.push(...amplitudeLines(plus));
  out.push(`    Bloch vector (X, Y, Z) = (${b.map(fmt).join(', ')})`);
  out.push('');

  const bell = new StateVector(2);
  applyH(bell.data, 2, 0);
  applyCX(bell.data, 2, 0, 1);
  out.push('2. Bell pair: H 0, CX 0 1');
  out.push(...amplitudeLines(bell));
  out.push(
    `    <ZZ> = ${fmt(bell.expectation('ZZ'))}, <XX> = ${fmt(bell.expectation('XX'))}, <ZI> = ${fmt(bell.expectation('ZI'))}`,
  );
  out.push(`    entanglement entropy of qubit 0: ${fmt(bell.entanglementEntropy([0]))} bit`);
  out.push(`    Bloch vector of qubit 0 = (${bell.blochVector(0).map(fmt).join(', ')}) (maximally mixed)`);
  out.push('    reduced density matrix of qubit 0:');
  out.push(...matrixLines(bell.reducedDensityMatrix([0]), '      '));
  out.push('');

  const ghz = new StateVector(3);
  applyH(ghz.data, 3, 0);
  applyCX(ghz.data, 3, 0, 1);
  applyCX(ghz.data, 3, 0, 2);
  out.push('3. GHZ state: H 0, CX 0 1, CX 0 2');
  out.push(...amplitudeLines(ghz));
  out.push(
    `    entropy of qubit 2: ${fmt(ghz.entanglementEntropy([2]))} bit; of qubits {1, 2}: ${fmt(ghz.entanglementEntropy([1, 2]))} bit`,
  );
  out.push('    reduced density matrix of qubits {1, 2} (classically correlated mixture):');
  out.push(...matrixLines(ghz.reducedDensityMatrix([1, 2]), '      '));
  out.push('');
  const bit = ghz.measureZ(0, rng.nextFloat());
  out.push(`4. Measure qubit 0 in Z: outcome ${bit}; the state collapses to`);
  out.push(...amplitudeLines(ghz));
  out.push(
    `    entropy of qubit 2 now: ${fmt(ghz.entanglementEntropy([2]))} bit; <Z2> = ${fmt(ghz.expectation('__Z'))}`,
  );
  out.push('    reduced density matrix of qubit 2 (pure):');
  out.push(...matrixLines(ghz.reducedDensityMatrix([2]), '      '));
  return out;
}
