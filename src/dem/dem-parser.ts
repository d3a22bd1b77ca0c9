/**
 * Parser of Stim's detector error model language (`.dem` files; see Stim's
 * `doc/file_format_dem_detector_error_model.md`):
 *
 *   line        := indent (instruction | instruction '{' | '}')? comment? '\n'
 *   instruction := NAME ('[' tag ']')? ('(' arg (',' arg)* ')')? (ws target)*
 *   target      := 'D' uint | 'L' uint | uint | '^'
 *
 * Instruction names (`error`, `detector`, `logical_observable`, `shift_detectors`, `repeat`) and
 * target prefixes are case-insensitive. Tags use Stim's escapes (`\C` for `]`, `\B` for `\`, `\n`,
 * `\r`). `repeat n { ... }` blocks are kept as blocks (nested, never unrolled).
 *
 * Validation follows Stim's `DemInstruction::validate`, with a {@link ParseError} carrying the line
 * and column (and the line with a caret) for every bad input: unknown names, `error` without
 * exactly one probability in [0, 1], `^` first, last or doubled, targets of the wrong kind,
 * `shift_detectors` without exactly one count, `logical_observable` with arguments, unbalanced
 * braces, malformed numbers, targets not separated by spaces.
 *
 * Implementation: one hand-written pass over char codes, O(length of text); the line structure,
 * tags and argument lists come from the shared `base/line-lexer.ts`.
 */
import { excerpt } from '../base/errors.js';
import {
  C_RBRACE,
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
import type { DemItem, DemSymptom } from './dem.js';
import { DetectorErrorModel } from './dem.js';

const C_CARET = 94;

/** Largest relative or absolute detector id (ids are JavaScript numbers, exact below 2^53). */
export const MAX_DETECTOR_ID = Number.MAX_SAFE_INTEGER;
/** Largest observable id (Stim's limit, 0xFFFFFFFF). */
export const MAX_OBSERVABLE_ID = 0xffffffff;

type Kind = 'error' | 'detector' | 'logical_observable' | 'shift_detectors' | 'repeat';
const KINDS: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ['error', 'error'],
  ['detector', 'detector'],
  ['logical_observable', 'logical_observable'],
  ['shift_detectors', 'shift_detectors'],
  ['repeat', 'repeat'],
]);

/** A parsed target: detector, observable, separator or bare number, with its column. */
const T_DET = 0;
const T_OBS = 1;
const T_SEP = 2;
const T_NUM = 3;

/** An open block: what its '}' needs to build it, and where it opened. */
interface Frame extends OpenBlock {
  items: DemItem[];
  repetitions: number;
  tag: string;
}

/**
 * Parses Stim detector error model text into a {@link DetectorErrorModel} (ids kept relative, as
 * written). Pure; O(length of text). `source` names the text in error messages (a path, `<stdin>`).
 * @throws ParseError (with `line`, `column`, the offending line and a caret) on any syntax or
 *   validation error; the message says what was given, which rule it broke and how to fix it.
 */
export function parseDem(text: string, source = '<string>'): DetectorErrorModel {
  return new DemParser(text, source).parse();
}

/** "n arguments (a, b)" for messages. */
function givenArgs(args: readonly number[]): string {
  return `${args.length} argument${args.length === 1 ? '' : 's'}${args.length > 0 ? ` (${args.join(', ')})` : ''}`;
}

/** The name of an unsigned integer in messages ({@link DemParser.readUint}'s `what`). */
function uintName(what: string | number): string {
  if (typeof what === 'string') return what;
  const prefix = String.fromCharCode(what);
  return `the ${what === 68 || what === 100 ? 'detector' : 'observable'} id after '${prefix}'`;
}

class DemParser extends LineLexer<Frame> {
  protected readonly blockKeyword = 'repeat';
  private items: DemItem[] = [];
  // Scratch for the targets of the current instruction (kind, value, position).
  private tKind: number[] = [];
  private tVal: number[] = [];
  private tPos: number[] = [];

  constructor(text: string, source: string) {
    super(text, source);
  }

  parse(): DetectorErrorModel {
    this.parseLines();
    return new DetectorErrorModel(this.items);
  }

  // ---- Blocks --------------------------------------------------------------------------------

  protected closeBlock(): void {
    const frame = this.popBlock();
    const body = new DetectorErrorModel(this.items);
    this.items = frame.items;
    this.items.push({ kind: 'repeat', repetitions: frame.repetitions, body, tag: frame.tag });
    this.pos++;
    this.expectEndOfLine(`'}'`);
  }

  // ---- Instructions --------------------------------------------------------------------------

  protected parseInstruction(): void {
    const text = this.text;
    const start = this.pos;
    const c0 = text.charCodeAt(start);
    if (!isLetter(c0)) {
      if (c0 === C_LBRACE) throw this.error(`'{' must follow 'repeat n' on the same line`);
      throw this.error(
        `expected an instruction name (error, detector, logical_observable, shift_detectors, repeat), got '${text[start]}'`,
      );
    }
    while (this.pos < this.n && isNameChar(text.charCodeAt(this.pos))) this.pos++;
    const name = text.slice(start, this.pos);
    const kind = KINDS.get(name.toLowerCase());
    if (kind === undefined)
      throw this.error(
        `unknown instruction '${excerpt(name)}'; a detector error model has error, detector, logical_observable, shift_detectors and repeat`,
        start,
      );
    let tag = '';
    if (this.pos < this.n && text.charCodeAt(this.pos) === C_LBRACKET) tag = this.parseTag();
    const argsPos = this.pos;
    let args: number[] = [];
    if (this.pos < this.n && text.charCodeAt(this.pos) === C_LPAREN) args = this.parseArgs();
    if (kind === 'repeat') {
      this.parseRepeatHeader(tag, args, start, argsPos);
      return;
    }
    this.parseTargets(kind);
    const item = this.buildItem(kind, name, tag, args, start, argsPos);
    this.items.push(item);
    this.expectEndOfLine(`the targets of '${name}'`);
  }

  /**
   * Reads an unsigned integer at `pos` (at most `max`). `what` names it in error messages: a
   * string, or the character code of the target prefix before it (D/d: a detector id, L/l: an
   * observable id), so no message is built for well-formed input.
   */
  private readUint(what: string | number, max: number): number {
    const text = this.text;
    const start = this.pos;
    let v = 0;
    while (this.pos < this.n) {
      const c = text.charCodeAt(this.pos);
      if (!isDigit(c)) break;
      v = v * 10 + (c - 48);
      this.pos++;
    }
    if (this.pos === start) {
      const got = this.pos < this.n ? `'${text[this.pos]}'` : 'the end of the text';
      throw this.error(`expected the digits of ${uintName(what)}, got ${got}`);
    }
    // (15 digits stay exact in the running sum; longer tokens are converted in one go)
    if (this.pos - start > 15) v = Number(text.slice(start, this.pos));
    if (!(v <= max))
      throw this.error(
        `${uintName(what)} ${text.slice(start, this.pos)} is too large (at most ${max})`,
        start,
      );
    return v;
  }

  private parseRepeatHeader(tag: string, args: number[], start: number, argsPos: number): void {
    const text = this.text;
    if (args.length > 0)
      throw this.error(`repeat takes no parenthesised arguments; write 'repeat n {'`, argsPos);
    const c = this.pos < this.n ? text.charCodeAt(this.pos) : -1;
    if (!isBlank(c)) {
      if (c === C_LBRACE || c === -1 || c === C_NL || c === C_HASH)
        throw this.error(`repeat needs a repetition count: write 'repeat n {' with an integer n ≥ 0`);
      throw this.error(`expected a space and a repetition count after 'repeat', got '${text[this.pos]}'`);
    }
    this.skipBlanks();
    if (this.atEndOfLine() || text.charCodeAt(this.pos) === C_LBRACE)
      throw this.error(`repeat needs a repetition count: write 'repeat n {' with an integer n ≥ 0`);
    const numStart = this.pos;
    const reps = this.readUint('the repetition count', Number.MAX_SAFE_INTEGER);
    const d = this.pos < this.n ? text.charCodeAt(this.pos) : -1;
    if (d !== -1 && !isBlank(d) && d !== C_LBRACE && d !== C_NL && d !== C_HASH)
      throw this.error(
        `the repetition count of repeat must be a whole number, got '${text.slice(numStart, this.pos + 1)}...'`,
        numStart,
      );
    this.skipBlanks();
    if (this.pos >= this.n || text.charCodeAt(this.pos) !== C_LBRACE)
      throw this.error(`expected '{' after 'repeat ${reps}' on the same line`);
    this.pos++;
    this.blocks.push({
      items: this.items,
      repetitions: reps,
      tag,
      line: this.line,
      column: this.column(start),
      lineStart: this.lineStart,
    });
    this.items = [];
    this.expectEndOfLine(`'{'`);
  }

  /** Reads the space-separated targets up to the end of the line into the scratch arrays. */
  private parseTargets(kind: Kind): void {
    const text = this.text;
    this.tKind.length = 0;
    this.tVal.length = 0;
    this.tPos.length = 0;
    for (;;) {
      if (this.pos >= this.n) return;
      let c = text.charCodeAt(this.pos);
      if (c === C_NL || c === C_HASH) return;
      if (!isBlank(c)) {
        if (c === C_LBRACE) throw this.error(`unexpected '{': only 'repeat n' opens a block`);
        throw this.error(
          `targets must be separated by spaces; got '${text[this.pos]}' right after the previous token`,
        );
      }
      this.skipBlanks();
      if (this.atEndOfLine()) return;
      c = text.charCodeAt(this.pos);
      const p = this.pos;
      if (c === 68 || c === 100) {
        // 'D' or 'd'
        this.pos++;
        this.tKind.push(T_DET);
        this.tVal.push(this.readUint(c, MAX_DETECTOR_ID));
      } else if (c === 76 || c === 108) {
        // 'L' or 'l'
        this.pos++;
        this.tKind.push(T_OBS);
        this.tVal.push(this.readUint(c, MAX_OBSERVABLE_ID));
      } else if (c === C_CARET) {
        this.pos++;
        this.tKind.push(T_SEP);
        this.tVal.push(0);
      } else if (isDigit(c)) {
        this.tKind.push(T_NUM);
        this.tVal.push(
          this.readUint(kind === 'shift_detectors' ? 'the detector shift' : 'a number', MAX_DETECTOR_ID),
        );
      } else if (c === C_LBRACE) {
        throw this.error(`unexpected '{': only 'repeat n' opens a block`);
      } else if (c === C_RBRACE) {
        throw this.error(`'}' must be on a line of its own`);
      } else {
        throw this.error(
          `unrecognised target '${text[p]}': targets are D# (detector), L# (observable), ^ (separator) or a number`,
        );
      }
      this.tPos.push(p);
    }
  }

  /** Target i of the current instruction as written (for messages). */
  private targetText(i: number): string {
    const k = this.tKind[i];
    const v = this.tVal[i];
    return k === T_DET ? `D${v}` : k === T_OBS ? `L${v}` : k === T_SEP ? '^' : String(v);
  }

  private buildItem(
    kind: Exclude<Kind, 'repeat'>,
    name: string,
    tag: string,
    args: number[],
    start: number,
    argsPos: number,
  ): DemItem {
    const tKind = this.tKind;
    const tVal = this.tVal;
    const tPos = this.tPos;
    const nt = tKind.length;
    switch (kind) {
      case 'error': {
        if (args.length !== 1)
          throw this.error(
            `'${name}' takes exactly 1 parenthesised argument (a probability) but was given ${givenArgs(args)}; write e.g. error(0.01) D0 D1`,
            args.length === 0 ? start : argsPos,
          );
        const p = args[0];
        if (!(p >= 0 && p <= 1))
          throw this.error(`the probability of '${name}' must be in [0, 1], but it is ${p}`, argsPos + 1);
        const components: DemSymptom[] = [];
        let dets: number[] = [];
        let obs: number[] = [];
        for (let i = 0; i < nt; i++) {
          const k = tKind[i];
          if (k === T_SEP) {
            if (i === 0) throw this.error(`an error's targets cannot start with the separator '^'`, tPos[i]);
            if (i === nt - 1)
              throw this.error(`an error's targets cannot end with the separator '^'`, tPos[i]);
            if (tKind[i - 1] === T_SEP)
              throw this.error(`adjacent separators '^ ^' in an error's targets`, tPos[i]);
            components.push({ detectors: dets, observables: obs });
            dets = [];
            obs = [];
          } else if (k === T_DET) dets.push(tVal[i]);
          else if (k === T_OBS) obs.push(tVal[i]);
          else
            throw this.error(
              `'${name}' takes detector (D#), observable (L#) and separator (^) targets, not the number ${this.targetText(i)}`,
              tPos[i],
            );
        }
        components.push({ detectors: dets, observables: obs });
        return { kind: 'error', probability: p, components, tag };
      }
      case 'detector': {
        if (nt === 0) throw this.error(`'${name}' needs a detector target, e.g. detector(1, 2, 0) D5`);
        const ids: number[] = [];
        for (let i = 0; i < nt; i++) {
          if (tKind[i] !== T_DET)
            throw this.error(`'${name}' takes detector targets (D#), not ${this.targetText(i)}`, tPos[i]);
          ids.push(tVal[i]);
        }
        return { kind: 'detector', coords: args, detectors: ids, tag };
      }
      case 'logical_observable': {
        if (args.length > 0)
          throw this.error(
            `'${name}' takes no parenthesised arguments but was given ${givenArgs(args)}`,
            argsPos,
          );
        if (nt === 0) throw this.error(`'${name}' needs an observable target, e.g. logical_observable L0`);
        const ids: number[] = [];
        for (let i = 0; i < nt; i++) {
          if (tKind[i] !== T_OBS)
            throw this.error(`'${name}' takes observable targets (L#), not ${this.targetText(i)}`, tPos[i]);
          ids.push(tVal[i]);
        }
        return { kind: 'logical_observable', observables: ids, tag };
      }
      case 'shift_detectors': {
        if (nt !== 1 || tKind[0] !== T_NUM) {
          const bad = nt === 0 ? -1 : tKind[0] !== T_NUM ? 0 : 1;
          throw this.error(
            `'${name}' takes exactly one number target (the detector shift), e.g. shift_detectors(0, 0, 1) 5` +
              (bad >= 0 ? `; got '${this.targetText(bad)}'` : ''),
            bad >= 0 ? tPos[bad] : this.pos,
          );
        }
        return { kind: 'shift_detectors', coords: args, shift: tVal[0], tag };
      }
    }
  }
}
