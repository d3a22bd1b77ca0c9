import type { Check, CodeSpec, Pauli } from './code-spec.js';

/**
 * The distance-d repetition code on a line (Stim's layout: data qubits at even positions 0, 2, …,
 * 2d−2, check qubits between them). `checkType` 'Z' gives the bit-flip code (checks Z_i Z_{i+1},
 * protects logical |0⟩ against X errors); 'X' the phase-flip code (checks X_i X_{i+1}, protects
 * logical |+⟩ against Z errors, the code concatenated with cat qubits). Each check couples to its
 * left data qubit in layer 0 and its right one in layer 1.
 */
export function repetitionSpec(d: number, checkType: Pauli): CodeSpec {
  const coords = new Map<number, readonly number[]>();
  const data: number[] = [];
  for (let i = 0; i < 2 * d - 1; i++) {
    coords.set(i, [i]);
    if (i % 2 === 0) data.push(i);
  }
  const checks: Check[] = [];
  for (let a = 1; a < 2 * d - 1; a += 2)
    checks.push({
      ancilla: a,
      terms: [
        { data: a - 1, pauli: checkType, layer: 0 },
        { data: a + 1, pauli: checkType, layer: 1 },
      ],
    });
  const other: Pauli = checkType === 'Z' ? 'X' : 'Z';
  // The logical of the check type's own Pauli is a single qubit (the last, as Stim); the other is the product of all.
  const single = { terms: [{ data: 2 * d - 2, pauli: checkType }] };
  const all = { terms: data.map((q) => ({ data: q, pauli: other })) };
  return {
    family: 'repetition',
    n: d,
    k: 1,
    d,
    dataQubits: data,
    checks,
    coords,
    logicalZ: [checkType === 'Z' ? single : all],
    logicalX: [checkType === 'Z' ? all : single],
    numLayers: 2,
  };
}
