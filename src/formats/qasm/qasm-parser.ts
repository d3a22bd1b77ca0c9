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
  const toks = tokenize(text, source);
  const lines = text.split('\n');
  let k = 0;
  const peek = (o = 0): Tok => toks[Math.min(k + o, toks.length - 1)];
  const fail = (msg: string, t: Tok = peek()): never => {
    throw new ParseError(
      msg,
      { source, line: t.pos.line, column: t.pos.column },
      lines[t.pos.line - 1] ?? '',
    );
  };
  const next = (): Tok => toks[k++];
  const isSym = (s: string, o = 0): boolean => peek(o).kind === 'sym' && peek(o).text === s;
  const expectSym = (s: string): Tok =>
    isSym(s) ? next() : fail(`expected '${s}' but found '${peek().text || 'end of file'}'`);
  const expectId = (what: string): Tok =>
    peek().kind === 'id' ? next() : fail(`expected ${what} but found '${peek().text || 'end of file'}'`);
  const expectInt = (what: string): number => {
    const t = peek();
    if (t.kind !== 'num' || !/^\d+$/.test(t.text)) return fail(`expected ${what} (a non-negative integer)`);
    next();
    return Number(t.text);
  };

  let version: 2 | 3 = 3;
  if (peek().kind === 'id' && peek().text === 'OPENQASM') {
    next();
    const v = peek();
    if (v.kind !== 'num') fail('expected a version number after OPENQASM');
    next();
    if (v.text.startsWith('2')) version = 2;
    else if (v.text.startsWith('3')) version = 3;
    else fail(`unsupported OpenQASM version ${v.text} (2.0 and 3 are supported)`, v);
    expectSym(';');
  }

  // Expressions: precedence climbing; ^ and ** are right-associative. Each level of nesting
  // (parentheses, signs, powers, calls) recurses, so nesting is bounded before the stack is.
  let nesting = 0;
  const primary = (): Expr => {
    if (nesting >= MAX_EXPR_NESTING) {
      const t = peek();
      throw new LimitError(
        `${source}:${t.pos.line}:${t.pos.column}: expression nested more than ${MAX_EXPR_NESTING} deep (parentheses, signs, powers or function calls); simplify it`,
        { source, line: t.pos.line, column: t.pos.column, limit: MAX_EXPR_NESTING },
      );
    }
    nesting++;
    try {
      return nestedPrimary();
    } finally {
      nesting--;
    }
  };
  const nestedPrimary = (): Expr => {
    const t = peek();
    if (isSym('-')) {
      next();
      return { kind: 'neg', arg: power(), pos: t.pos };
    }
    if (isSym('+')) {
      next();
      return power();
    }
    if (isSym('(')) {
      next();
      const e = sum();
      expectSym(')');
      return e;
    }
    if (t.kind === 'num') {
      next();
      return { kind: 'num', value: Number(t.text), pos: t.pos };
    }
    if (t.kind === 'id') {
      next();
      if (isSym('(')) {
        next();
        const arg = sum();
        expectSym(')');
        return { kind: 'call', fn: t.text, arg, pos: t.pos };
      }
      return { kind: 'id', name: t.text, pos: t.pos };
    }
    return fail(`expected an expression but found '${t.text || 'end of file'}'`);
  };
  const power = (): Expr => {
    const base = primary();
    if (isSym('^') || isSym('**')) {
      const op = next();
      return { kind: 'bin', op: op.text as '^', left: base, right: power(), pos: op.pos };
    }
    return base;
  };
  const product = (): Expr => {
    let e = power();
    while (isSym('*') || isSym('/')) {
      const op = next();
      e = { kind: 'bin', op: op.text as '*', left: e, right: power(), pos: op.pos };
    }
    return e;
  };
  const sum = (): Expr => {
    let e = product();
    while (isSym('+') || isSym('-')) {
      const op = next();
      e = { kind: 'bin', op: op.text as '+', left: e, right: product(), pos: op.pos };
    }
    return e;
  };

  const operand = (): Operand => {
    const t = peek();
    if (t.kind === 'phys') {
      next();
      return { reg: '$', index: Number(t.text), pos: t.pos };
    }
    const id = expectId('a qubit or bit operand');
    if (isSym('[')) {
      next();
      const index = expectInt('an index');
      expectSym(']');
      return { reg: id.text, index, pos: id.pos };
    }
    return { reg: id.text, index: undefined, pos: id.pos };
  };
  const operandList = (): Operand[] => {
    const out = [operand()];
    while (isSym(',')) {
      next();
      out.push(operand());
    }
    return out;
  };

  const statement = (inGate: boolean): Statement | Statement[] | undefined => {
    const t = peek();
    if (t.kind === 'sym' && t.text === ';') {
      next();
      return undefined;
    }
    if (t.kind !== 'id') return fail(`expected a statement but found '${t.text || 'end of file'}'`);
    const word = t.text;
    if (word in UNSUPPORTED_KEYWORDS)
      throw new UnsupportedError(
        `${source}:${t.pos.line}:${t.pos.column}: '${word}': ${UNSUPPORTED_KEYWORDS[word]}`,
        { keyword: word },
      );
    if (word === 'include' && !inGate) {
      next();
      const f = peek();
      if (f.kind !== 'str') fail('expected a quoted file name after include');
      next();
      expectSym(';');
      if (f.text !== 'qelib1.inc' && f.text !== 'stdgates.inc')
        throw new UnsupportedError(
          `${source}:${f.pos.line}:${f.pos.column}: cannot include '${f.text}': only qelib1.inc and stdgates.inc are built in`,
        );
      return undefined;
    }
    if ((word === 'qreg' || word === 'creg') && !inGate) {
      next();
      const name = expectId('a register name');
      expectSym('[');
      const size = expectInt('a register size');
      expectSym(']');
      expectSym(';');
      return { kind: word, name: name.text, size, pos: t.pos };
    }
    if ((word === 'qubit' || word === 'bit') && !inGate) {
      next();
      let size = 1;
      let sized = false;
      if (isSym('[')) {
        next();
        size = expectInt('a register size');
        expectSym(']');
        sized = true;
      }
      const name = expectId('a register name');
      const decl: Statement = {
        kind: word === 'qubit' ? 'qreg' : 'creg',
        name: name.text,
        size: sized ? size : 1,
        pos: t.pos,
      };
      if (word === 'bit' && isSym('=')) {
        next();
        const m = expectId("'measure'");
        if (m.text !== 'measure') fail("only '= measure q' initialisers are supported", m);
        const q = operand();
        expectSym(';');
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
      expectSym(';');
      return decl;
    }
    if (word === 'gate' && !inGate) {
      next();
      const name = expectId('a gate name');
      const params: string[] = [];
      if (isSym('(')) {
        next();
        if (!isSym(')')) {
          params.push(expectId('a parameter name').text);
          while (isSym(',')) {
            next();
            params.push(expectId('a parameter name').text);
          }
        }
        expectSym(')');
      }
      const qubits = [expectId('a qubit argument').text];
      while (isSym(',')) {
        next();
        qubits.push(expectId('a qubit argument').text);
      }
      expectSym('{');
      const body: Statement[] = [];
      while (!isSym('}')) {
        if (peek().kind === 'eof') fail(`unterminated body of gate '${name.text}'`);
        const s = statement(true);
        if (s !== undefined) body.push(...(Array.isArray(s) ? s : [s]));
      }
      expectSym('}');
      return { kind: 'gatedef', name: name.text, params, qubits, body, pos: t.pos };
    }
    if (word === 'measure') {
      next();
      const q = operand();
      let bit: Operand | undefined;
      if (isSym('->')) {
        next();
        bit = operand();
      }
      expectSym(';');
      return { kind: 'measure', qubit: q, bit, pos: t.pos };
    }
    if (word === 'reset') {
      next();
      const q = operand();
      expectSym(';');
      return { kind: 'reset', qubit: q, pos: t.pos };
    }
    if (word === 'barrier') {
      next();
      const ops = isSym(';') ? [] : operandList();
      expectSym(';');
      return { kind: 'barrier', operands: ops, pos: t.pos };
    }
    if (word === 'box') {
      next();
      expectSym('{');
      const body: Statement[] = [];
      while (!isSym('}')) {
        if (peek().kind === 'eof') fail('unterminated box');
        const s = statement(inGate);
        if (s !== undefined) body.push(...(Array.isArray(s) ? s : [s]));
      }
      expectSym('}');
      return body;
    }
    if (word === 'if' && !inGate) {
      next();
      expectSym('(');
      const creg = operand();
      let value = 1;
      if (isSym('==')) {
        next();
        value = expectInt('a value');
      }
      expectSym(')');
      let body: Statement | undefined;
      if (isSym('{')) {
        next();
        const s = statement(false);
        expectSym('}');
        body = Array.isArray(s) ? s[0] : s;
      } else {
        const s = statement(false);
        body = Array.isArray(s) ? s[0] : s;
      }
      if (body === undefined) return fail('expected a statement after if (...)');
      return { kind: 'if', creg, value, body, pos: t.pos };
    }
    // v3 measurement assignment: c[0] = measure q[0];
    if (isSym('=', 1) || (isSym('[', 1) && isSym('=', 4))) {
      const bit = operand();
      expectSym('=');
      const m = expectId("'measure'");
      if (m.text !== 'measure') fail("only 'bit = measure qubit' assignments are supported", m);
      const q = operand();
      expectSym(';');
      return { kind: 'measure', qubit: q, bit, pos: t.pos };
    }
    // A gate call.
    next();
    if (isSym('@'))
      throw new UnsupportedError(`${source}:${t.pos.line}:${t.pos.column}: gate modifiers are not supported`);
    const args: Expr[] = [];
    if (isSym('(')) {
      next();
      if (!isSym(')')) {
        args.push(sum());
        while (isSym(',')) {
          next();
          args.push(sum());
        }
      }
      expectSym(')');
    }
    const operands = operandList();
    expectSym(';');
    return { kind: 'call', name: word, args, operands, pos: t.pos };
  };

  const statements: Statement[] = [];
  while (peek().kind !== 'eof') {
    const s = statement(false);
    if (s !== undefined) statements.push(...(Array.isArray(s) ? s : [s]));
  }
  return { version, statements };
}
