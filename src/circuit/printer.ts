/**
 * Printer of Stim's circuit language, in Stim's canonical form: one instruction per line as
 * `NAME[tag](a, b) t1 t2`, Pauli products joined by `*` without spaces, `REPEAT n {` blocks with
 * bodies indented by 4 spaces per level and a closing `}`, lines joined by '\n' without a trailing
 * newline (as Stim's `str(circuit)`). `parseCircuit(printCircuit(c))` rebuilds `c` exactly.
 */
import { TARGET_COMBINER, targetToString } from './target.js';

/**
 * What the printer reads of an instruction; `Instruction` of `circuit.ts` fits. The printer names
 * only the shape it reads, so `circuit.ts` can import it for `Circuit.toString()` without an
 * import cycle.
 */
export interface PrintableInstruction {
  readonly kind: 'instruction';
  readonly gate: { readonly name: string };
  readonly args: readonly number[];
  readonly targets: readonly number[];
  readonly tag: string;
}

/** What the printer reads of a `REPEAT` block; `RepeatBlock` of `circuit.ts` fits. */
export interface PrintableRepeatBlock {
  readonly kind: 'repeat';
  readonly repetitions: number;
  readonly body: PrintableCircuit;
  readonly tag: string;
}

/** What the printer reads of a circuit; `Circuit` of `circuit.ts` fits. */
export interface PrintableCircuit {
  readonly items: readonly (PrintableInstruction | PrintableRepeatBlock)[];
}

/** Indentation of one REPEAT nesting level. */
const INDENT = '    ';

/**
 * Formats a number as Stim prints arguments: integers below 2^63 in magnitude in plain decimal
 * (`3`, `-2`, `1000000000000000000`), other values like C's `%g` (exponent form `1e-05`, `1e+20` when
 * the decimal exponent is below -4 or at least max(6, significant digits)), but with the
 * shortest digits that round-trip to the same double — where Stim's default 6 significant
 * digits would lose precision, this prints more, so parse∘print is the identity. `-0` prints `0`.
 */
export function formatNumber(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 9.2e18) return BigInt(x).toString();
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const e = x.toExponential(); // shortest round-trip digits: "-1.2345e-7"
  const k = e.indexOf('e');
  const mantissa = e.slice(0, k);
  const exp = Number(e.slice(k + 1));
  const digits = mantissa.length - (x < 0 ? 1 : 0) - (mantissa.includes('.') ? 1 : 0);
  if (exp < -4 || exp >= Math.max(6, digits)) {
    const a = Math.abs(exp);
    return `${mantissa}e${exp < 0 ? '-' : '+'}${a < 10 ? '0' : ''}${a}`;
  }
  return String(x);
}

/** Escapes a tag as Stim does: `\` → `\B`, `]` → `\C`, LF → `\n`, CR → `\r`. */
export function escapeTag(tag: string): string {
  let out = '';
  for (const ch of tag) {
    if (ch === '\\') out += '\\B';
    else if (ch === ']') out += '\\C';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else out += ch;
  }
  return out;
}

/** Stim's text of one instruction (no indentation, no newline): `X_ERROR[t](0.1) 0 1`. */
export function printInstruction(inst: PrintableInstruction): string {
  let s = inst.gate.name;
  if (inst.tag !== '') s += `[${escapeTag(inst.tag)}]`;
  const args = inst.args;
  if (args.length > 0) {
    s += '(';
    for (let i = 0; i < args.length; i++) s += (i > 0 ? ', ' : '') + formatNumber(args[i]);
    s += ')';
  }
  const t = inst.targets;
  for (let i = 0; i < t.length; i++) {
    // A space before every target, except next to a combiner: `MPP X0*X1 Z2`.
    if (t[i] !== TARGET_COMBINER && (i === 0 || t[i - 1] !== TARGET_COMBINER)) s += ' ';
    s += targetToString(t[i]);
  }
  return s;
}

function printRepeatHeader(block: PrintableRepeatBlock): string {
  return `REPEAT${block.tag === '' ? '' : `[${escapeTag(block.tag)}]`} ${block.repetitions} {`;
}

function printInto(c: PrintableCircuit, indent: string, out: string[]): void {
  for (const item of c.items) {
    if (item.kind === 'instruction') {
      out.push(indent + printInstruction(item));
    } else {
      out.push(indent + printRepeatHeader(item));
      printInto(item.body, indent + INDENT, out);
      out.push(`${indent}}`);
    }
  }
}

/**
 * The Stim text of a circuit, in Stim's canonical form (see the module comment). Pure; O(size of
 * the circuit as written — REPEAT blocks are printed once, not unrolled). No trailing newline.
 */
export function printCircuit(c: PrintableCircuit): string {
  const out: string[] = [];
  printInto(c, '', out);
  return out.join('\n');
}
