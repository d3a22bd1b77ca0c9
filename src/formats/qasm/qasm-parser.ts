import { LimitError, ParseError, UnsupportedError } from '../../base/errors.js';
import type { Expr, Operand, Pos, Program, Statement } from './qasm-ast.js';

type TokKind = 'id' | 'num' | 'str' | 'sym' | 'phys' | 'eof';
interface Tok {
  readonly kind: TokKind;
  readonly text: string;
  readonly pos: Pos;
}

const SYMBOLS = [
  '->',
  '==',
  '**',
  ';',
  ',',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '+',
  '-',
  '*',
  '/',
  '^',
  '@',
  '=',
  ':',
];

/** Splits OpenQASM text into tokens, skipping comments and `#pragma` lines. */
function tokenize(text: string, source: string): Tok[] {
  const toks: Tok[] = [];
  const lines = text.split('\n');
  let line = 1;
  let col = 1;
  let i = 0;
  const err = (msg: string): never => {
    throw new ParseError(msg, { source, line, column: col }, lines[line - 1] ?? '');
  };
  const advance = (n: number): void => {
    for (let k = 0; k < n; k++) {
      if (text[i] === '\n') {
        line++;
        col = 1;
      } else col++;
      i++;
    }
  };
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      advance(1);
      continue;
    }
    if (
      text.startsWith('//', i) ||
      (col === 1 && text.startsWith('#pragma', i)) ||
      (c === '#' && text.startsWith('#pragma', i))
    ) {
      while (i < text.length && text[i] !== '\n') advance(1);
      continue;
    }
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) err('unterminated /* comment');
      advance(end + 2 - i);
      continue;
    }
    const pos = { line, column: col };
    if (/[A-Za-z_π]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j])) j++;
      toks.push({ kind: 'id', text: text.slice(i, j), pos });
      advance(j - i);
      continue;
    }
    if (/[0-9.]/.test(c)) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
      if (m === null) err(`malformed number`);
      else {
        toks.push({ kind: 'num', text: m[0], pos });
        advance(m[0].length);
      }
      continue;
    }
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) err('unterminated string');
      toks.push({ kind: 'str', text: text.slice(i + 1, end), pos });
      advance(end + 1 - i);
      continue;
    }
    if (c === '$') {
      const m = /^\$(\d+)/.exec(text.slice(i, i + 16));
      if (m === null) err("expected a physical qubit like '$0'");
      else {
        toks.push({ kind: 'phys', text: m[1], pos });
        advance(m[0].length);
      }
      continue;
    }
    const sym = SYMBOLS.find((s) => text.startsWith(s, i));
    if (sym === undefined) err(`unexpected character '${c}'`);
    else {
      toks.push({ kind: 'sym', text: sym, pos });
      advance(sym.length);
    }
  }
  toks.push({ kind: 'eof', text: '', pos: { line, column: col } });
  return toks;
}

/** Words this importer recognises but does not support, with the reason shown to the user. */
const UNSUPPORTED_KEYWORDS: Readonly<Record<string, string>> = {
  opaque: 'opaque gates have no definition to simulate',
  input: 'program inputs (parameters) are not supported: substitute their values',
  output: 'output declarations are not supported',
  const: 'classical constants are not supported: substitute their values',
  float: 'classical variables are not supported',
  angle: 'classical variables are not supported',
  int: 'classical variables are not supported',
  uint: 'classical variables are not supported',
  bool: 'classical variables are not supported',
  for: 'loops are not supported: unroll them',
  while: 'loops are not supported: unroll them',
  def: 'subroutines are not supported',
  defcal: 'pulse-level calibrations are not supported',
  cal: 'pulse-level calibrations are not supported',
  delay: 'delays are not supported',
  ctrl: 'gate modifiers (ctrl @, negctrl @, inv @, pow @) are not supported',
  negctrl: 'gate modifiers (ctrl @, negctrl @, inv @, pow @) are not supported',
  inv: 'gate modifiers (ctrl @, negctrl @, inv @, pow @) are not supported',
  pow: 'gate modifiers (ctrl @, negctrl @, inv @, pow @) are not supported',
};

/**
 * Parses OpenQASM 2.0 or 3 (the subset described in qasm-ast.ts). Errors are ParseErrors with
 * the line and column; constructs outside the subset are UnsupportedErrors naming them and the
 * position.
 */
/** Deepest nesting of parentheses, signs, powers and calls in one expression. */
const MAX_EXPR_NESTING = 1000;

export function parseQasm(text: string, source = '<qasm>'): Program {
  return new QasmParser(text, source).parse();
}

/** A statement handler's result: nothing (an empty statement or include), one, or several. */
type Parsed = Statement | Statement[] | undefined;

/**
 * Recursive descent over the tokens of one text: a statement per keyword
 * ({@link QasmParser.statement}), expressions by precedence climbing. Mutable; one per parse.
 */
class QasmParser {
  private readonly toks: Tok[];
  private readonly lines: string[];
  /** Index of the next token. */
  private k = 0;
  /** Depth of the expression being parsed (bounded by {@link MAX_EXPR_NESTING}). */
  private nesting = 0;

  constructor(
    text: string,
    private readonly source: string,
  ) {
    this.toks = tokenize(text, source);
    this.lines = text.split('\n');
  }

  parse(): Program {
    const version = this.header();
    const statements: Statement[] = [];
    while (this.peek().kind !== 'eof') pushParsed(statements, this.statement(false));
    return { version, statements };
  }

  // ---- tokens

  private peek(o = 0): Tok {
    return this.toks[Math.min(this.k + o, this.toks.length - 1)];
  }
  private fail(msg: string, t: Tok = this.peek()): never {
    throw new ParseError(
      msg,
      { source: this.source, line: t.pos.line, column: t.pos.column },
      this.lines[t.pos.line - 1] ?? '',
    );
  }
  private next(): Tok {
    return this.toks[this.k++];
  }
  private isSym(s: string, o = 0): boolean {
    return this.peek(o).kind === 'sym' && this.peek(o).text === s;
  }
  private expectSym(s: string): Tok {
    return this.isSym(s)
      ? this.next()
      : this.fail(`expected '${s}' but found '${this.peek().text || 'end of file'}'`);
  }
  private expectId(what: string): Tok {
    return this.peek().kind === 'id'
      ? this.next()
      : this.fail(`expected ${what} but found '${this.peek().text || 'end of file'}'`);
  }
  private expectInt(what: string): number {
    const t = this.peek();
    if (t.kind !== 'num' || !/^\d+$/.test(t.text))
      return this.fail(`expected ${what} (a non-negative integer)`);
    this.next();
    return Number(t.text);
  }
  /** `[n]` with a non-negative integer n. */
  private bracketedInt(what: string): number {
    this.expectSym('[');
    const n = this.expectInt(what);
    this.expectSym(']');
    return n;
  }
  /** Comma-separated items until the closing ')' (the '(' already read). */
  private parenthesised<T>(item: () => T): T[] {
    const out: T[] = [];
    if (!this.isSym(')')) {
      out.push(item());
      while (this.isSym(',')) {
        this.next();
        out.push(item());
      }
    }
    this.expectSym(')');
    return out;
  }

  /** The optional `OPENQASM 2.0;` / `OPENQASM 3;` line (default 3). */
  private header(): 2 | 3 {
    let version: 2 | 3 = 3;
    if (this.peek().kind === 'id' && this.peek().text === 'OPENQASM') {
      this.next();
      const v = this.peek();
      if (v.kind !== 'num') this.fail('expected a version number after OPENQASM');
      this.next();
      if (v.text.startsWith('2')) version = 2;
      else if (v.text.startsWith('3')) version = 3;
      else this.fail(`unsupported OpenQASM version ${v.text} (2.0 and 3 are supported)`, v);
      this.expectSym(';');
    }
    return version;
  }

  // ---- expressions: precedence climbing; ^ and ** are right-associative. Each level of nesting
  // (parentheses, signs, powers, calls) recurses, so nesting is bounded before the stack is.

  private primary(): Expr {
    if (this.nesting >= MAX_EXPR_NESTING) {
      const t = this.peek();
      throw new LimitError(
        `${this.source}:${t.pos.line}:${t.pos.column}: expression nested more than ${MAX_EXPR_NESTING} deep (parentheses, signs, powers or function calls); simplify it`,
        { source: this.source, line: t.pos.line, column: t.pos.column, limit: MAX_EXPR_NESTING },
      );
    }
    this.nesting++;
    try {
      return this.nestedPrimary();
    } finally {
      this.nesting--;
    }
  }
  private nestedPrimary(): Expr {
    const t = this.peek();
    if (this.isSym('-')) {
      this.next();
      return { kind: 'neg', arg: this.power(), pos: t.pos };
    }
    if (this.isSym('+')) {
      this.next();
      return this.power();
    }
    if (this.isSym('(')) {
      this.next();
      const e = this.sum();
      this.expectSym(')');
      return e;
    }
    if (t.kind === 'num') {
      this.next();
      return { kind: 'num', value: Number(t.text), pos: t.pos };
    }
    if (t.kind === 'id') {
      this.next();
      if (this.isSym('(')) {
        this.next();
        const arg = this.sum();
        this.expectSym(')');
        return { kind: 'call', fn: t.text, arg, pos: t.pos };
      }
      return { kind: 'id', name: t.text, pos: t.pos };
    }
    return this.fail(`expected an expression but found '${t.text || 'end of file'}'`);
  }
  private power(): Expr {
    const base = this.primary();
    if (this.isSym('^') || this.isSym('**')) {
      const op = this.next();
      return { kind: 'bin', op: op.text as '^', left: base, right: this.power(), pos: op.pos };
    }
    return base;
  }
  private product(): Expr {
    let e = this.power();
    while (this.isSym('*') || this.isSym('/')) {
      const op = this.next();
      e = { kind: 'bin', op: op.text as '*', left: e, right: this.power(), pos: op.pos };
    }
    return e;
  }
  private sum(): Expr {
    let e = this.product();
    while (this.isSym('+') || this.isSym('-')) {
      const op = this.next();
      e = { kind: 'bin', op: op.text as '+', left: e, right: this.product(), pos: op.pos };
    }
    return e;
  }

  // ---- operands

  private operand(): Operand {
    const t = this.peek();
    if (t.kind === 'phys') {
      this.next();
      return { reg: '$', index: Number(t.text), pos: t.pos };
    }
    const id = this.expectId('a qubit or bit operand');
    if (this.isSym('[')) return { reg: id.text, index: this.bracketedInt('an index'), pos: id.pos };
    return { reg: id.text, index: undefined, pos: id.pos };
  }
  private operandList(): Operand[] {
    const out = [this.operand()];
    while (this.isSym(',')) {
      this.next();
      out.push(this.operand());
    }
    return out;
  }

  // ---- statements

  /** One statement (`inGate`: inside a gate body, where declarations are not allowed). */
  private statement(inGate: boolean): Parsed {
    const t = this.peek();
    if (t.kind === 'sym' && t.text === ';') {
      this.next();
      return undefined;
    }
    if (t.kind !== 'id') return this.fail(`expected a statement but found '${t.text || 'end of file'}'`);
    const word = t.text;
    if (word in UNSUPPORTED_KEYWORDS)
      throw new UnsupportedError(
        `${this.source}:${t.pos.line}:${t.pos.column}: '${word}': ${UNSUPPORTED_KEYWORDS[word]}`,
        { keyword: word },
      );
    if (!inGate) {
      if (word === 'include') return this.include();
      if (word === 'qreg' || word === 'creg') return this.registerV2(word, t);
      if (word === 'qubit' || word === 'bit') return this.declarationV3(word, t);
      if (word === 'gate') return this.gateDefinition(t);
      if (word === 'if') return this.conditional(t);
    }
    if (word === 'measure') return this.measure(t);
    if (word === 'reset') {
      this.next();
      const q = this.operand();
      this.expectSym(';');
      return { kind: 'reset', qubit: q, pos: t.pos };
    }
    if (word === 'barrier') {
      this.next();
      const ops = this.isSym(';') ? [] : this.operandList();
      this.expectSym(';');
      return { kind: 'barrier', operands: ops, pos: t.pos };
    }
    if (word === 'box') {
      this.next();
      return this.block(inGate, 'unterminated box');
    }
    // v3 measurement assignment: c[0] = measure q[0];
    if (this.isSym('=', 1) || (this.isSym('[', 1) && this.isSym('=', 4))) return this.measureAssignment(t);
    return this.gateCall(word, t);
  }

  /** `{ statements }` (a gate body or a box), flattened. */
  private block(inGate: boolean, unterminated: string): Statement[] {
    this.expectSym('{');
    const body: Statement[] = [];
    while (!this.isSym('}')) {
      if (this.peek().kind === 'eof') this.fail(unterminated);
      pushParsed(body, this.statement(inGate));
    }
    this.expectSym('}');
    return body;
  }

  /** `include "qelib1.inc";` (only the built-in standard libraries). */
  private include(): undefined {
    this.next();
    const f = this.peek();
    if (f.kind !== 'str') this.fail('expected a quoted file name after include');
    this.next();
    this.expectSym(';');
    if (f.text !== 'qelib1.inc' && f.text !== 'stdgates.inc')
      throw new UnsupportedError(
        `${this.source}:${f.pos.line}:${f.pos.column}: cannot include '${f.text}': only qelib1.inc and stdgates.inc are built in`,
      );
    return undefined;
  }

  /** OpenQASM 2 `qreg q[n];` / `creg c[n];`. */
  private registerV2(word: 'qreg' | 'creg', t: Tok): Statement {
    this.next();
    const name = this.expectId('a register name');
    const size = this.bracketedInt('a register size');
    this.expectSym(';');
    return { kind: word, name: name.text, size, pos: t.pos };
  }

  /** OpenQASM 3 `qubit[n] q;` / `bit[n] c;`, optionally `bit c = measure q;`. */
  private declarationV3(word: 'qubit' | 'bit', t: Tok): Parsed {
    this.next();
    const sized = this.isSym('[');
    const size = sized ? this.bracketedInt('a register size') : 1;
    const name = this.expectId('a register name');
    const decl: Statement = { kind: word === 'qubit' ? 'qreg' : 'creg', name: name.text, size, pos: t.pos };
    if (word === 'bit' && this.isSym('=')) {
      this.next();
      const m = this.expectId("'measure'");
      if (m.text !== 'measure') this.fail("only '= measure q' initialisers are supported", m);
      const q = this.operand();
      this.expectSym(';');
      return [
        decl,
        {
          kind: 'measure',
          qubit: q,
          bit: { reg: name.text, index: sized ? undefined : 0, pos: name.pos },
          pos: t.pos,
        },
      ];
    }
    this.expectSym(';');
    return decl;
  }

  /** `gate name(params) a, b { body }`. */
  private gateDefinition(t: Tok): Statement {
    this.next();
    const name = this.expectId('a gate name');
    let params: string[] = [];
    if (this.isSym('(')) {
      this.next();
      params = this.parenthesised(() => this.expectId('a parameter name').text);
    }
    const qubits = [this.expectId('a qubit argument').text];
    while (this.isSym(',')) {
      this.next();
      qubits.push(this.expectId('a qubit argument').text);
    }
    const body = this.block(true, `unterminated body of gate '${name.text}'`);
    return { kind: 'gatedef', name: name.text, params, qubits, body, pos: t.pos };
  }

  /** `measure q -> c;` (the target bit optional). */
  private measure(t: Tok): Statement {
    this.next();
    const q = this.operand();
    let bit: Operand | undefined;
    if (this.isSym('->')) {
      this.next();
      bit = this.operand();
    }
    this.expectSym(';');
    return { kind: 'measure', qubit: q, bit, pos: t.pos };
  }

  /** OpenQASM 3 `c[0] = measure q[0];`. */
  private measureAssignment(t: Tok): Statement {
    const bit = this.operand();
    this.expectSym('=');
    const m = this.expectId("'measure'");
    if (m.text !== 'measure') this.fail("only 'bit = measure qubit' assignments are supported", m);
    const q = this.operand();
    this.expectSym(';');
    return { kind: 'measure', qubit: q, bit, pos: t.pos };
  }

  /** `if (c == v) statement` or `if (c == v) { statement }` (one statement). */
  private conditional(t: Tok): Statement {
    this.next();
    this.expectSym('(');
    const creg = this.operand();
    let value = 1;
    if (this.isSym('==')) {
      this.next();
      value = this.expectInt('a value');
    }
    this.expectSym(')');
    const braced = this.isSym('{');
    if (braced) this.next();
    const s = this.statement(false);
    if (braced) this.expectSym('}');
    const body = Array.isArray(s) ? s[0] : s;
    if (body === undefined) return this.fail('expected a statement after if (...)');
    return { kind: 'if', creg, value, body, pos: t.pos };
  }

  /** `name(args) operands;` (gate modifiers `@` are refused). */
  private gateCall(word: string, t: Tok): Statement {
    this.next();
    if (this.isSym('@'))
      throw new UnsupportedError(
        `${this.source}:${t.pos.line}:${t.pos.column}: gate modifiers are not supported`,
      );
    let args: Expr[] = [];
    if (this.isSym('(')) {
      this.next();
      args = this.parenthesised(() => this.sum());
    }
    const operands = this.operandList();
    this.expectSym(';');
    return { kind: 'call', name: word, args, operands, pos: t.pos };
  }
}

/** Appends a statement handler's result to `out`. */
function pushParsed(out: Statement[], s: Parsed): void {
  if (s === undefined) return;
  if (Array.isArray(s)) out.push(...s);
  else out.push(s);
}
