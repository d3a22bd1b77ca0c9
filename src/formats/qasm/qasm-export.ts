import { LimitError, UnsupportedError } from '../../base/errors.js';
import type { Circuit, Instruction } from '../../circuit/circuit.js';
import { describeInstruction } from '../../circuit/circuit.js';
import {
  isCombiner,
  isInverted,
  isRecordTarget,
  isSweepTarget,
  pauliXBit,
  pauliZBit,
  targetToString,
  targetValue,
} from '../../circuit/target.js';
import { GATE_FLAGS } from '../../gates/gate.js';

/** Table gates with a stdgates.inc (or built-in) spelling: table name → OpenQASM 3 name. */
const DIRECT: Readonly<Record<string, string>> = {
  I: 'id',
  X: 'x',
  Y: 'y',
  Z: 'z',
  H: 'h',
  S: 's',
  S_DAG: 'sdg',
  T: 't',
  T_DAG: 'tdg',
  SQRT_X: 'sx',
  ROT_X: 'rx',
  ROT_Y: 'ry',
  ROT_Z: 'rz',
  U3: 'U',
  CX: 'cx',
  CY: 'cy',
  CZ: 'cz',
  SWAP: 'swap',
  CCX: 'ccx',
  CSWAP: 'cswap',
};

/** Basis changes taking a Pauli to Z before a measurement, and back after. */
const TO_Z: Readonly<Record<'X' | 'Y' | 'Z', { before: string[]; after: string[] }>> = {
  X: { before: ['h'], after: ['h'] },
  Y: { before: ['sdg', 'h'], after: ['h', 's'] },
  Z: { before: [], after: [] },
};

/** Most lines an export may write (REPEAT blocks are unrolled). */
export const QASM_EXPORT_MAX_LINES = 2_000_000;

/**
 * Exports a circuit as OpenQASM 3 (`stdgates.inc`): one `qubit[n] q` and one `bit[m] c` register
 * (bit k is measurement k of the record); REPEAT blocks unrolled; Clifford gates without a standard
 * name expanded through the gate table's H/S/CX decomposition (exact up to global phase); measurements
 * and resets in other bases and Pauli-product measurements (MPP, MXX, …) written with basis
 * changes and CX parity chains, exactly; `CX rec[-k] q` as `if (c[j]) x q[i];`; TICK as a barrier;
 * detector and observable annotations as comments. Noise channels and other instructions without
 * an OpenQASM meaning are an UnsupportedError naming the instruction.
 */
export function exportQasm3(circuit: Circuit): string {
  const body: string[] = [];
  const numQubits = circuit.numQubits;
  const numBits = circuit.numMeasurements;
  let rec = 0;
  const q = (i: number): string => `q[${i}]`;
  const push = (line: string): void => {
    if (body.length >= QASM_EXPORT_MAX_LINES)
      throw new LimitError(
        `OpenQASM export would exceed ${QASM_EXPORT_MAX_LINES} lines (REPEAT blocks are unrolled)`,
      );
    body.push(line);
  };
  const unsupported = (inst: Instruction, why: string): never => {
    throw new UnsupportedError(`cannot export '${describeInstruction(inst)}' to OpenQASM 3: ${why}`, {
      gate: inst.gate.name,
    });
  };
  const measureZ = (qubit: number, inverted: boolean): void => {
    push(`c[${rec}] = measure ${q(qubit)};`);
    if (inverted) push(`c[${rec}] = !c[${rec}];`);
    rec++;
  };
  /** Measures a Pauli product exactly: basis changes, a CX parity chain onto the first qubit, measure, undo. */
  const measureProduct = (factors: { qubit: number; pauli: 'X' | 'Y' | 'Z' }[], inverted: boolean): void => {
    for (const f of factors) for (const g of TO_Z[f.pauli].before) push(`${g} ${q(f.qubit)};`);
    for (let i = 1; i < factors.length; i++) push(`cx ${q(factors[i].qubit)}, ${q(factors[0].qubit)};`);
    measureZ(factors[0].qubit, inverted);
    for (let i = factors.length - 1; i >= 1; i--) push(`cx ${q(factors[i].qubit)}, ${q(factors[0].qubit)};`);
    for (const f of factors) for (const g of TO_Z[f.pauli].after) push(`${g} ${q(f.qubit)};`);
  };
  const pauliOf = (t: number): 'X' | 'Y' | 'Z' =>
    pauliXBit(t) === 1 ? (pauliZBit(t) === 1 ? 'Y' : 'X') : 'Z';

  circuit.forEachFlat((inst) => {
    const g = inst.gate;
    const name = g.name;
    const t = inst.targets;
    if (name === 'TICK') return push('barrier q;');
    if ((g.flags & GATE_FLAGS.ANNOTATION) !== 0 && name !== 'MPAD') {
      const args = inst.args.length > 0 ? `(${inst.args.join(', ')})` : '';
      return push(`// ${name}${args} ${t.map(targetToString).join(' ')}`.trimEnd());
    }
    if ((g.flags & GATE_FLAGS.NOISE) !== 0 || (g.flags & GATE_FLAGS.NON_PAULI_NOISE) !== 0)
      return unsupported(inst, 'OpenQASM 3 has no noise channels (export the noiseless circuit)');
    if (name === 'MPAD') {
      for (const x of t) push(`c[${rec++}] = ${targetValue(x) & 1};`);
      return;
    }
    const basis = { M: 'Z', MX: 'X', MY: 'Y', MR: 'Z', MRX: 'X', MRY: 'Y' }[name] as
      'X' | 'Y' | 'Z' | undefined;
    if (basis !== undefined) {
      if (inst.args.length > 0 && inst.args[0] > 0)
        unsupported(inst, 'noisy measurements have no OpenQASM equivalent');
      for (const x of t) {
        measureProduct([{ qubit: targetValue(x), pauli: basis }], isInverted(x));
        if (name.startsWith('MR')) {
          push(`reset ${q(targetValue(x))};`);
          for (const gg of TO_Z[basis].after) push(`${gg} ${q(targetValue(x))};`);
        }
      }
      return;
    }
    const rbasis = { R: 'Z', RX: 'X', RY: 'Y' }[name] as 'X' | 'Y' | 'Z' | undefined;
    if (rbasis !== undefined) {
      for (const x of t) {
        push(`reset ${q(targetValue(x))};`);
        for (const gg of TO_Z[rbasis].after) push(`${gg} ${q(targetValue(x))};`);
      }
      return;
    }
    if (name === 'MPP' || name === 'MXX' || name === 'MYY' || name === 'MZZ') {
      if (inst.args.length > 0 && inst.args[0] > 0)
        unsupported(inst, 'noisy measurements have no OpenQASM equivalent');
      if (name !== 'MPP') {
        const p = name[1] as 'X' | 'Y' | 'Z';
        for (let i = 0; i < t.length; i += 2)
          measureProduct(
            [
              { qubit: targetValue(t[i]), pauli: p },
              { qubit: targetValue(t[i + 1]), pauli: p },
            ],
            isInverted(t[i]) !== isInverted(t[i + 1]),
          );
        return;
      }
      let factors: { qubit: number; pauli: 'X' | 'Y' | 'Z' }[] = [];
      let inv = false;
      for (let i = 0; i < t.length; i++) {
        if (isCombiner(t[i])) continue;
        factors.push({ qubit: targetValue(t[i]), pauli: pauliOf(t[i]) });
        inv = inv !== isInverted(t[i]);
        if (i + 1 >= t.length || !isCombiner(t[i + 1])) {
          if (new Set(factors.map((f) => f.qubit)).size !== factors.length)
            unsupported(inst, 'a product with a repeated qubit');
          measureProduct(factors, inv);
          factors = [];
          inv = false;
        }
      }
      return;
    }
    if ((g.flags & GATE_FLAGS.UNITARY) === 0) return unsupported(inst, 'no OpenQASM 3 equivalent');
    const arity = g.arity;
    for (let i = 0; i < t.length; i += arity) {
      const group = t.slice(i, i + arity);
      if (group.some((x) => isRecordTarget(x) || isSweepTarget(x))) {
        // Classically controlled Pauli: CX/CY/CZ with a record (or sweep) control.
        const ctrl = group[0];
        const pauli = { CX: 'x', CY: 'y', CZ: 'z' }[name];
        if (pauli === undefined || !isRecordTarget(ctrl) || isRecordTarget(group[1]))
          return unsupported(
            inst,
            'only record-controlled CX/CY/CZ (classically controlled Paulis) can be exported',
          );
        push(`if (c[${rec - targetValue(ctrl)}]) ${pauli} ${q(targetValue(group[1]))};`);
        continue;
      }
      const qs = group.map(targetValue);
      const direct = DIRECT[name];
      if (direct !== undefined) {
        const args = inst.args.length > 0 ? `(${inst.args.map(String).join(', ')})` : '';
        push(`${direct}${args} ${qs.map(q).join(', ')};`);
        continue;
      }
      if (g.decomposition === undefined)
        return unsupported(inst, 'no standard OpenQASM gate and no decomposition in the gate table');
      for (const line of g.decomposition.split('\n')) {
        const parts = line.trim().split(/\s+/);
        if (parts[0] === '') continue;
        const dn = DIRECT[parts[0]];
        if (dn === undefined) return unsupported(inst, `its decomposition uses ${parts[0]}`);
        push(
          `${dn} ${parts
            .slice(1)
            .map((k) => q(qs[Number(k)]))
            .join(', ')};`,
        );
      }
    }
  });
  return [
    'OPENQASM 3.0;',
    'include "stdgates.inc";',
    `qubit[${Math.max(numQubits, 1)}] q;`,
    ...(numBits > 0 ? [`bit[${numBits}] c;`] : []),
    ...body,
    '',
  ].join('\n');
}
