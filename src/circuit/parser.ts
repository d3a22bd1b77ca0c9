/**
 * Parser of Stim's circuit language (`.stim` files, Stim 1.16 grammar; see Stim's
 * `doc/file_format_stim_circuit.md`):
 *
 *   line        := indent (instruction | instruction '{' | '}')? comment? '\n'
 *   instruction := NAME ('[' tag ']')? ('(' arg (',' arg)* ')')? (ws target)*
 *   target      := '!'? uint | '!'? [XYZ] uint | 'rec[-' uint ']' | 'sweep[' uint ']' | '*'
 *
 * Names are case-insensitive and may be aliases (`CNOT` → `CX`). Tags use Stim's escapes (`\C` for
 * `]`, `\B` for `\`, `\n`, `\r`). `REPEAT n { ... }` blocks are kept as blocks (nested, never
 * unrolled). Instructions are not fused: `H 0` then `H 1` stay two instructions.
 *
 * Everything is validated once, here, with a {@link ParseError} pointing at the line and column
 * (and quoting the line with a caret): unknown gates (with suggestions), argument counts and
 * ranges (probabilities in [0, 1] summing to at most 1), target kinds per gate, pairs and triples,
 * `rec[-k]` reaching before the start of the record, braces, `REPEAT 0`, malformed numbers.
 *
 * Implementation: one hand-written pass over char codes (no regex per token), O(text length); the
 * line structure, tags and argument lists come from the shared `base/line-lexer.ts`.
 */
import { excerpt, LimitError } from '../base/errors.js';
import {
  C_0,
  C_LBRACE,
  C_LBRACKET,
  C_LPAREN,
  C_HASH,
  C_NL,
  isBlank,
  isDigit,
  isLetter,
  isNameChar,
  LineLexer,
} from '../base/line-lexer.js';
import type { OpenBlock } from '../base/line-lexer.js';
import type { Gate } from '../gates/gate.js';
import { ARGS_ANY, ARGS_ZERO_OR_ONE, GATE_FLAGS } from '../gates/gate.js';
import { GATE_ID, gateByName, suggestGateNames } from '../gates/gate-data.js';
import type { CircuitItem, Instruction } from './circuit.js';
import { Circuit, measurementCount, recordPosition } from './circuit.js';
import {
  MAX_TARGET_VALUE,
  TARGET_COMBINER,
  TARGET_INVERTED,
  TARGET_PAULI_X,
  TARGET_PAULI_Z,
  TARGET_RECORD,
  TARGET_SWEEP,
} from './target.js';

const F = GATE_FLAGS;

const C_BANG = 33;
const C_STAR = 42;
const C_MINUS = 45;

/** The advice when something follows an instruction on its line. */
const NEXT_LINE = 'start a new line for the next instruction';

/**
 * Deepest nesting of REPEAT blocks. Circuits nest two or three deep; the bound keeps every
 * recursive walk over blocks (statistics, printing, simulators) far from the stack limit.
 */
export const MAX_REPEAT_NESTING = 256;

/** Largest repetition count of a REPEAT block (exactly representable integers). */
const MAX_REPETITIONS = Number.MAX_SAFE_INTEGER;

/** An open block: what its '}' needs to build it, and where it opened. */
interface Frame extends OpenBlock {
  items: CircuitItem[];
  repetitions: number;
  tag: string;
  /** Measurements recorded before the block started (first iteration view). */
  measurementsBefore: number;
}

/**
 * Parses Stim circuit text into a {@link Circuit}. Pure; O(length of text). `source` names the
 * text in error messages (a file path, `<stdin>`).
 * @throws ParseError (with `line`, `column`, the offending line and a caret) on any syntax or
 *   validation error; the message says what was given, which rule it broke and how to fix it.
 */
export function parseCircuit(text: string, source = '<string>'): Circuit {
  return new CircuitParser(text, source).parse();
}

class CircuitParser extends LineLexer<Frame> {
  /** Measurement results recorded so far, counting each enclosing block's first iteration only. */
  private measurements = 0;
  protected readonly blockKeyword = 'REPEAT';
  private items: CircuitItem[] = [];

  constructor(text: string, source: string) {
    super(text, source);
  }

  parse(): Circuit {
    this.parseLines();
    return new Circuit(this.items);
  }

  // ---- Blocks --------------------------------------------------------------------------------

  protected closeBlock(): void {
    const frame = this.popBlock();
    this.pos++;
    const body = new Circuit(this.items);
    const bodyMeasurements = this.measurements - frame.measurementsBefore;
    this.measurements = Math.min(
      MAX_REPETITIONS,
      frame.measurementsBefore + bodyMeasurements * frame.repetitions,
    );
    this.items = frame.items;
    const block: CircuitItem = { kind: 'repeat', repetitions: frame.repetitions, body, tag: frame.tag };
    recordPosition(block, { source: this.source, line: frame.line, column: frame.column });
    this.items.push(block);
    this.expectEndOfLine(`'}'`, NEXT_LINE);
  }

  // ---- Instructions --------------------------------------------------------------------------

  protected parseInstruction(): void {
    const text = this.text;
    const start = this.pos;
    if (!isLetter(text.charCodeAt(start)))
      throw this.error(
        `expected an instruction name (a letter, then letters, digits or '_'), got '${text[start]}'`,
      );
    let end = start + 1;
    while (end < this.n && isNameChar(text.charCodeAt(end))) end++;
    const name = text.slice(start, end);
    const gate = gateByName(name);
    if (gate === undefined) {
      const s = suggestGateNames(name);
      throw this.error(
        `unknown instruction '${excerpt(name)}'` +
          (s.length > 0
            ? `; did you mean ${s.map((x) => `'${x}'`).join(' or ')}?`
            : ' (not a gate of Stim 1.16 nor one of the extensions T, ROT_X/Y/Z, U3, CCX, CSWAP, AMPLITUDE_DAMP, PHASE_DAMP)'),
        start,
      );
    }
    this.pos = end;

    // Tag.
    let tag = '';
    if (this.pos < this.n && text.charCodeAt(this.pos) === C_LBRACKET) tag = this.parseTag();

    // Parenthesised arguments (blanks allowed before '(').
    this.skipBlanks();
    let args: number[] = [];
    let argsPos = this.pos;
    if (this.pos < this.n && text.charCodeAt(this.pos) === C_LPAREN) {
      argsPos = this.pos;
      args = this.parseArgs();
    }

    if ((gate.flags & F.BLOCK) !== 0) {
      this.parseRepeatHeader(tag, args, start, argsPos);
      return;
    }

    this.checkArgs(gate, args, argsPos);
    const targets = this.parseTargets(gate, start);
    const inst: Instruction = { kind: 'instruction', gate, args, targets, tag };
    this.measurements = Math.min(MAX_REPETITIONS, this.measurements + measurementCount(inst));
    this.items.push(inst);
    // Gates outside Stim's set are remembered with their position, for the stabilizer simulators'
    // "not supported" error (recording every instruction would cost memory on huge circuits).
    if ((gate.flags & GATE_FLAGS.STABILIZER) === 0)
      recordPosition(inst, { source: this.source, line: this.line, column: this.column(start) });
    // parseTargets stops at the end of the line, a comment or a '{'.
    if (this.pos < this.n && text.charCodeAt(this.pos) === C_LBRACE)
      throw this.error(`only REPEAT opens a block; '${gate.name}' cannot be followed by '{'`);
    this.expectEndOfLine(`the targets`, NEXT_LINE);
  }

  private checkArgs(gate: Gate, args: number[], argsPos: number): void {
    const k = gate.argCount;
    const given = (): string =>
      `${args.length} argument${args.length === 1 ? '' : 's'}${args.length > 0 ? ` (${args.join(', ')})` : ''}`;
    if (k === ARGS_ZERO_OR_ONE) {
      if (args.length > 1)
        throw this.error(
          `${gate.name} takes 0 or 1 parenthesised arguments but was given ${given()}`,
          argsPos,
        );
    } else if (k !== ARGS_ANY && args.length !== k) {
      throw this.error(
        `${gate.name} takes ${k} parenthesised argument${k === 1 ? '' : 's'} but was given ${given()}` +
          (k > 0 && args.length === 0
            ? `; write e.g. ${gate.name}(${new Array<string>(k).fill('0.01').join(', ')}) ...`
            : ''),
        argsPos,
      );
    }
    const f = gate.flags;
    if ((f & F.ARGS_ARE_PROBABILITIES) !== 0) {
      let sum = 0;
      for (const p of args) {
        if (!(p >= 0 && p <= 1))
          throw this.error(`${gate.name} takes probabilities in [0, 1], but an argument is ${p}`, argsPos);
        sum += p;
      }
      if (sum > 1 + 1e-7)
        throw this.error(
          `the disjoint probabilities (${args.join(', ')}) given to ${gate.name} sum to ${sum}, more than 1`,
          argsPos,
        );
    }
    if ((f & F.ARGS_ARE_UNSIGNED_INTEGERS) !== 0) {
      for (const a of args)
        if (!(a >= 0 && Number.isInteger(a) && a <= MAX_TARGET_VALUE))
          throw this.error(`${gate.name} takes a non-negative integer index, but was given ${a}`, argsPos);
    }
  }

  private parseRepeatHeader(tag: string, args: number[], start: number, argsPos: number): void {
    const text = this.text;
    if (args.length > 0)
      throw this.error(`REPEAT takes no parenthesised arguments; write 'REPEAT n {'`, argsPos);
    this.skipBlanks();
    const numStart = this.pos;
    while (this.pos < this.n && isDigit(text.charCodeAt(this.pos))) this.pos++;
    if (this.pos === numStart)
      throw this.error(`REPEAT needs a repetition count: write 'REPEAT n {' with an integer n ≥ 1`);
    const token = text.slice(numStart, this.pos);
    const c = this.pos < this.n ? text.charCodeAt(this.pos) : -1;
    if (c !== -1 && !isBlank(c) && c !== C_LBRACE && c !== C_NL && c !== C_HASH)
      throw this.error(
        `the repetition count of REPEAT must be a whole number ≥ 1, got '${token}${text[this.pos]}...'`,
        numStart,
      );
    const reps = Number(token);
    if (reps === 0)
      throw this.error(
        `REPEAT 0 is not allowed (a block that never runs makes it ambiguous whether its qubits, detectors and observables exist); delete the block instead`,
        numStart,
      );
    if (!(reps <= MAX_REPETITIONS))
      throw this.error(`repetition count ${token} is too large (at most ${MAX_REPETITIONS})`, numStart);
    this.skipBlanks();
    if (this.pos >= this.n || text.charCodeAt(this.pos) !== C_LBRACE)
      throw this.error(`expected '{' after 'REPEAT ${token}' on the same line`);
    this.pos++;
    if (this.blocks.length >= MAX_REPEAT_NESTING)
      throw new LimitError(
        `${this.source}:${this.line}:${this.column(start)}: REPEAT blocks nested more than ${MAX_REPEAT_NESTING} deep`,
        { source: this.source, line: this.line, column: this.column(start), limit: MAX_REPEAT_NESTING },
      );
    this.blocks.push({
      items: this.items,
      repetitions: reps,
      tag,
      line: this.line,
      column: this.column(start),
      lineStart: this.lineStart,
      measurementsBefore: this.measurements,
    });
    this.items = [];
    this.expectEndOfLine(`'{'`, NEXT_LINE);
  }

  /** Reads an unsigned decimal integer at pos; returns -1 if there is none. Checks the range. */
  private readUint(what: string): number {
    const text = this.text;
    const start = this.pos;
    let v = 0;
    while (this.pos < this.n) {
      const c = text.charCodeAt(this.pos);
      if (!isDigit(c)) break;
      v = v * 10 + (c - C_0);
      this.pos++;
    }
    if (this.pos === start) return -1;
    if (v > MAX_TARGET_VALUE)
      throw this.error(
        `${what} ${text.slice(start, this.pos)} is too large (at most ${MAX_TARGET_VALUE})`,
        start,
      );
    return v;
  }

  private expectLiteral(lit: string, what: string): void {
    if (this.text.startsWith(lit, this.pos)) {
      this.pos += lit.length;
      return;
    }
    throw this.error(`malformed ${what}: expected '${lit}'`);
  }

  /**
   * Parses the targets up to the end of the line / a comment / '{', validating each against the
   * gate's target rules as it goes (so errors point at the offending target).
   */
  private parseTargets(gate: Gate, nameStart: number): number[] {
    const text = this.text;
    const f = gate.flags;
    const id = gate.id;
    const targets: number[] = [];
    const positions: number[] = [];
    const pauliProducts = (f & F.TARGETS_PAULI_PRODUCTS) !== 0;
    const pauliString = (f & F.TARGETS_PAULI_STRING) !== 0;
    const recordsOnly = (f & F.TARGETS_RECORDS) !== 0;
    const isObservable = id === GATE_ID.OBSERVABLE_INCLUDE;
    const isMpad = id === GATE_ID.MPAD;
    const canBits = (f & F.CAN_TARGET_BITS) !== 0;
    const invertible = (f & F.TARGETS_INVERTIBLE) !== 0 || (f & F.PRODUCES_RESULTS) !== 0;
    for (;;) {
      // Blanks separate targets; a combiner may touch its neighbours.
      this.skipBlanks();
      if (this.pos >= this.n) break;
      const c0 = text.charCodeAt(this.pos);
      if (c0 === C_NL || c0 === C_HASH || c0 === C_LBRACE) break;
      const tpos = this.pos;
      if (
        targets.length > 0 &&
        !isBlank(text.charCodeAt(tpos - 1)) &&
        c0 !== C_STAR &&
        targets[targets.length - 1] !== TARGET_COMBINER
      )
        throw this.error(`targets must be separated by spaces`);
      let t: number;
      if (c0 === C_STAR) {
        this.pos++;
        t = TARGET_COMBINER;
        if (!pauliProducts)
          throw this.error(
            pauliString
              ? `${gate.name} multiplies its Pauli targets implicitly; remove the '*' (write '${gate.name}(p) X1 Y2')`
              : `'*' combines Pauli targets only in MPP, SPP and SPP_DAG, not in ${gate.name}`,
            tpos,
          );
        const prev = targets.length > 0 ? targets[targets.length - 1] : -1;
        if (prev === -1 || prev === TARGET_COMBINER)
          throw this.error(`'*' must stand between two Pauli targets, as in 'X1*Z2'`, tpos);
      } else {
        let inverted = 0;
        if (c0 === C_BANG) {
          inverted = TARGET_INVERTED;
          this.pos++;
        }
        const c = this.pos < this.n ? text.charCodeAt(this.pos) : -1;
        const upper = c & ~32;
        if (isDigit(c)) {
          const v = this.readUint('qubit index');
          t = v | inverted;
          if (pauliProducts || pauliString)
            throw this.error(
              `${gate.name} takes Pauli targets like X${v}, Y${v} or Z${v}, not a bare qubit`,
              tpos,
            );
          if (recordsOnly)
            throw this.error(
              isObservable
                ? `${gate.name} takes measurement records rec[-k] or Pauli targets (X${v}), not a bare qubit`
                : `${gate.name} takes measurement records rec[-k], not qubits`,
              tpos,
            );
          if ((f & F.NO_TARGETS) !== 0) throw this.error(`${gate.name} takes no targets`, tpos);
          if (inverted !== 0 && (!invertible || isMpad))
            throw this.error(
              `'!' (an inverted result) is only allowed on targets of measurements, not on ${gate.name}`,
              tpos,
            );
          if (isMpad && v > 1) throw this.error(`MPAD targets are result values 0 or 1, got ${v}`, tpos);
        } else if (
          (upper === 88 || upper === 89 || upper === 90) &&
          this.pos + 1 < this.n &&
          isDigit(text.charCodeAt(this.pos + 1))
        ) {
          // X, Y, Z followed by a qubit index.
          this.pos++;
          const v = this.readUint('qubit index');
          const bits =
            upper === 88 ? TARGET_PAULI_X : upper === 90 ? TARGET_PAULI_Z : TARGET_PAULI_X | TARGET_PAULI_Z;
          t = v | bits | inverted;
          if (!(pauliProducts || pauliString || isObservable))
            throw this.error(
              `Pauli targets like '${text.slice(tpos, this.pos)}' are only allowed in MPP, SPP, SPP_DAG, CORRELATED_ERROR, ELSE_CORRELATED_ERROR and OBSERVABLE_INCLUDE, not in ${gate.name}`,
              tpos,
            );
        } else if (inverted === 0 && (c === 114 || c === 82) && text.startsWith('ec[', this.pos + 1)) {
          // rec[-k]
          this.pos += 4;
          if (this.pos >= this.n || text.charCodeAt(this.pos) !== C_MINUS)
            throw this.error(`measurement record targets look back: write rec[-k] with k ≥ 1`, tpos);
          this.pos++;
          const k = this.readUint('lookback');
          if (k < 0)
            throw this.error(`malformed measurement record target: expected 'rec[-k]' with a number k`, tpos);
          this.expectLiteral(']', 'measurement record target');
          if (k === 0)
            throw this.error(`rec[-0] is not a measurement; the most recent result is rec[-1]`, tpos);
          t = TARGET_RECORD | k;
          this.checkBitTarget(gate, canBits, recordsOnly, tpos, 'measurement record');
          if (k > this.measurements)
            throw this.error(
              `rec[-${k}] looks back further than the start of the measurement record ` +
                `(${this.measurements} result${this.measurements === 1 ? '' : 's'} so far at this point)`,
              tpos,
            );
        } else if (inverted === 0 && (c === 115 || c === 83) && text.startsWith('weep[', this.pos + 1)) {
          // sweep[k]
          this.pos += 6;
          const k = this.readUint('sweep bit index');
          if (k < 0)
            throw this.error(`malformed sweep target: expected 'sweep[k]' with a number k ≥ 0`, tpos);
          this.expectLiteral(']', 'sweep target');
          t = TARGET_SWEEP | k;
          if (recordsOnly)
            throw this.error(`${gate.name} takes measurement records rec[-k], not sweep bits`, tpos);
          this.checkBitTarget(gate, canBits, false, tpos, 'sweep bit');
        } else {
          let e = this.pos;
          while (
            e < this.n &&
            !isBlank(text.charCodeAt(e)) &&
            text.charCodeAt(e) !== C_NL &&
            text.charCodeAt(e) !== C_HASH
          )
            e++;
          throw this.error(
            `unrecognized target '${text.slice(tpos, e)}' (targets are qubits 5, inverted !5, Paulis X5/Y5/Z5, rec[-k], sweep[k] or '*')`,
            tpos,
          );
        }
      }
      // A target token must end at a separator (a combiner may touch the next target).
      if (this.pos < this.n && t !== TARGET_COMBINER) {
        const d = text.charCodeAt(this.pos);
        if (!(isBlank(d) || d === C_NL || d === C_HASH || d === C_STAR || d === C_LBRACE))
          throw this.error(
            `unexpected '${text[this.pos]}' in target '${text.slice(tpos, this.pos + 1)}'`,
            this.pos,
          );
      }
      targets.push(t);
      positions.push(tpos);
    }
    this.checkTargetGroups(gate, targets, positions, nameStart);
    return targets;
  }

  /** Which gates take rec[-k] / sweep[k] targets (sides within a pair: {@link checkBitSides}). */
  private checkBitTarget(
    gate: Gate,
    canBits: boolean,
    recordsOnly: boolean,
    tpos: number,
    what: string,
  ): void {
    if (recordsOnly) return;
    if (!canBits)
      throw this.error(
        `${gate.name} cannot take a ${what} target; only DETECTOR and OBSERVABLE_INCLUDE (rec[-k]) and the classically controlled Paulis CX, CY, CZ, XCZ, YCZ take them`,
        tpos,
      );
  }

  private checkTargetGroups(gate: Gate, targets: number[], positions: number[], nameStart: number): void {
    const f = gate.flags;
    const n = targets.length;
    if ((f & F.TARGETS_PAULI_PRODUCTS) !== 0 && n > 0 && targets[n - 1] === TARGET_COMBINER)
      throw this.error(`'*' must stand between two Pauli targets, but it ends the line`, positions[n - 1]);
    const group = (f & F.TARGETS_TRIPLES) !== 0 ? 3 : (f & F.TARGETS_PAIRS) !== 0 ? 2 : 1;
    if (group === 1) return;
    if (n % group !== 0)
      throw this.error(
        `${gate.name} takes targets in ${group === 2 ? 'pairs' : 'triples'}, but was given ${n} target${n === 1 ? '' : 's'}` +
          (group === 2 ? ` (an odd number); the last one has no partner` : ''),
        n > 0 ? positions[n - 1] : nameStart,
      );
    for (let i = 0; i < n; i += group) {
      for (let a = i; a < i + group; a++)
        for (let b = a + 1; b < i + group; b++) {
          const ta = targets[a];
          const tb = targets[b];
          // As Stim: identical targets within one pair (or triple) are rejected.
          if (ta === tb)
            throw this.error(
              `${gate.name} is applied to the same target twice in one ${group === 2 ? 'pair' : 'triple'} ` +
                `(a gate cannot interact a qubit with itself)`,
              positions[b],
            );
        }
      if ((f & F.CAN_TARGET_BITS) !== 0) this.checkBitSides(gate, targets, positions, i);
    }
  }

  /**
   * A classical bit controls a Pauli on the qubit of its pair, so it must sit on the gate's Z
   * (control) side: first for CX and CY, second for XCZ and YCZ, either for CZ. Pairs of two bits
   * are classical no-ops and are accepted (as Stim accepts them).
   */
  private checkBitSides(gate: Gate, targets: number[], positions: number[], i: number): void {
    const BIT = TARGET_RECORD | TARGET_SWEEP;
    const aBit = (targets[i] & BIT) !== 0;
    const bBit = (targets[i + 1] & BIT) !== 0;
    if (aBit === bBit) return;
    const id = gate.id;
    const what = (t: number) => ((t & TARGET_RECORD) !== 0 ? 'measurement record' : 'sweep bit');
    if ((id === GATE_ID.CX || id === GATE_ID.CY) && bBit)
      throw this.error(
        `a ${what(targets[i + 1])} can only be the control (first target of a pair) of ${gate.name}; the target must be a qubit`,
        positions[i + 1],
      );
    if ((id === GATE_ID.XCZ || id === GATE_ID.YCZ) && aBit)
      throw this.error(
        `a ${what(targets[i])} can only be the Z side (second target of a pair) of ${gate.name}; the first must be a qubit`,
        positions[i],
      );
  }
}
