/**
 * Text of {@link explainErrors} results in Stim's `explain_errors` layout (its "semi-human-readable
 * format"), so output can be compared with Stim's line by line.
 */
import { escapeTag, formatNumber } from '../circuit/printer.js';
import {
  isCombiner,
  isPauliTarget,
  isRecordTarget,
  isSweepTarget,
  targetToString,
  targetValue,
} from '../circuit/target.js';
import type {
  CircuitErrorLocation,
  ExplainErrorsResult,
  ExplainedError,
  PauliOnQubit,
} from './explain-errors.js';

const coordsText = (c: readonly number[] | undefined): string =>
  c !== undefined && c.length > 0 ? `[coords ${c.map(formatNumber).join(',')}]` : '';

function pauliText(product: readonly PauliOnQubit[], r: ExplainErrorsResult): string {
  return product
    .map(
      (p) => `${p.inverted === true ? '!' : ''}${p.pauli}${p.qubit}${coordsText(r.qubitCoords.get(p.qubit))}`,
    )
    .join('*');
}

/** The instruction restricted to the location's targets, qubits with their coordinates. */
function resolvedInstruction(loc: CircuitErrorLocation, r: ExplainErrorsResult): string {
  const inst = loc.instruction;
  let s = inst.gate.name;
  if (inst.tag !== '') s += `[${escapeTag(inst.tag)}]`;
  if (inst.args.length > 0) s += `(${inst.args.map(formatNumber).join(', ')})`;
  const isPad = inst.gate.name === 'MPAD';
  for (let i = loc.targetStart; i < loc.targetEnd; i++) {
    const t = inst.targets[i];
    if (!isCombiner(t) && (i === loc.targetStart || !isCombiner(inst.targets[i - 1]))) s += ' ';
    s += targetToString(t);
    const onQubit = !isPad && !isCombiner(t) && !isRecordTarget(t) && !isSweepTarget(t);
    if (onQubit || isPauliTarget(t)) s += coordsText(r.qubitCoords.get(targetValue(t)));
  }
  return s;
}

function locationLines(loc: CircuitErrorLocation, r: ExplainErrorsResult): string[] {
  const out = ['    CircuitErrorLocation {'];
  if (loc.pauliProduct.length > 0)
    out.push(`        flipped_pauli_product: ${pauliText(loc.pauliProduct, r)}`);
  const m = loc.flippedMeasurement;
  if (m !== undefined) {
    out.push(`        flipped_measurement.measurement_record_index: ${m.recordIndex}`);
    if (m.observable.length > 0)
      out.push(`        flipped_measurement.measured_observable: ${pauliText(m.observable, r)}`);
  }
  out.push('        Circuit location stack trace:', `            (after ${loc.tick} TICKs)`);
  for (let k = 0; k < loc.stack.length; k++) {
    const f = loc.stack[k];
    const where = k === 0 ? 'in the circuit' : 'in the REPEAT block';
    if (k < loc.stack.length - 1) {
      out.push(
        `            at instruction #${f.instructionOffset + 1} (a REPEAT ${f.repetitions} block) ${where}`,
      );
      out.push(`            after ${f.iterationIndex} completed iterations`);
    } else {
      out.push(
        `            at instruction #${f.instructionOffset + 1} (${loc.instruction.gate.name}) ${where}`,
      );
    }
  }
  out.push(
    loc.targetEnd - loc.targetStart > 1
      ? `            at targets #${loc.targetStart + 1} to #${loc.targetEnd} of the instruction`
      : `            at target #${loc.targetStart + 1} of the instruction`,
    `            resolving to ${resolvedInstruction(loc, r)}`,
    '    }',
  );
  return out;
}

/** The `dem_error_terms` of an explained error: `D0[coords 1,2] D5 L0`. */
export function demErrorTermsText(e: ExplainedError, r: ExplainErrorsResult): string {
  return [
    ...e.detectors.map((d) => `D${d}${coordsText(r.detectorCoords[d])}`),
    ...e.observables.map((o) => `L${o}`),
  ].join(' ');
}

/** Stim's `explain_errors` text of every explained error (ends with a newline unless empty). */
export function formatExplainedErrors(r: ExplainErrorsResult): string {
  const out: string[] = [];
  for (const e of r.errors) {
    out.push('ExplainedError {', `    dem_error_terms: ${demErrorTermsText(e, r)}`);
    if (e.locations.length === 0) out.push('    [no single circuit error had these exact symptoms]');
    for (const loc of e.locations) out.push(...locationLines(loc, r));
    out.push('}');
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
