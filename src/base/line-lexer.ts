/**
 * The line structure shared by the parsers of Stim's two text formats, circuits (`.stim`) and
 * detector error models (`.dem`):
 *
 *   line := indent (instruction | instruction '{' | '}')? comment? '\n'
 *
 * with blanks (space, tab, CR so CRLF files parse), `#` comments, tags `[...]` with Stim's escapes
 * and parenthesised number lists. {@link LineLexer} keeps the position, line and column, runs the
 * line loop and builds the {@link ParseError}s (source, line, column, the line and a caret); a
 * parser extends it with its instruction and block rules. One pass over char codes, no regex per
 * token.
 */
import { ParseError } from './errors.js';

// Char codes.
export const C_NL = 10;
export const C_CR = 13;
export const C_SPACE = 32;
export const C_TAB = 9;
export const C_HASH = 35;
export const C_LBRACE = 123;
export const C_RBRACE = 125;
export const C_LBRACKET = 91;
export const C_RBRACKET = 93;
export const C_LPAREN = 40;
export const C_RPAREN = 41;
export const C_COMMA = 44;
export const C_BACKSLASH = 92;
export const C_0 = 48;
export const C_9 = 57;

/** An ASCII digit. */
export const isDigit = (c: number): boolean => c >= C_0 && c <= C_9;
/** An ASCII letter. */
export const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** A character of an instruction name after its first letter: letter, digit or '_'. */
export const isNameChar = (c: number): boolean => isLetter(c) || isDigit(c) || c === 95;
/** Spaces, tabs and carriage returns separate tokens within a line (CR so CRLF files parse). */
export const isBlank = (c: number): boolean => c === C_SPACE || c === C_TAB || c === C_CR;

/** Decimal number as Stim writes arguments: optional sign, digits with optional point, optional exponent. */
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Where a block (`REPEAT n {`, `repeat n {`) was opened: named when it is never closed. */
export interface OpenBlock {
  /** 1-based line of the opening. */
  readonly line: number;
  /** 1-based column of the opening. */
  readonly column: number;
  /** Offset where that line starts. */
  readonly lineStart: number;
}

/**
 * The lexer state of one parse (text, position, current line), the stack of open blocks and the
 * helpers both parsers use. Subclasses implement {@link LineLexer.parseInstruction} and
 * {@link LineLexer.closeBlock}, push what they need to know about a block on
 * {@link LineLexer.blocks} when one opens (popping it with {@link LineLexer.popBlock}), and call
 * {@link LineLexer.parseLines}. Mutable; one instance per parse.
 */
export abstract class LineLexer<B extends OpenBlock = OpenBlock> {
  protected readonly text: string;
  /** Names the text in error messages (a file path, `<stdin>`). */
  protected readonly source: string;
  protected readonly n: number;
  /** Offset of the next character. */
  protected pos = 0;
  /** 1-based number of the current line. */
  protected line = 1;
  /** Offset where the current line starts. */
  protected lineStart = 0;
  /** Blocks opened and not closed yet, innermost last. */
  protected readonly blocks: B[] = [];
  /** The block keyword as messages spell it (`REPEAT`, `repeat`). */
  protected abstract readonly blockKeyword: string;

  constructor(text: string, source: string) {
    this.text = text;
    this.source = source;
    this.n = text.length;
  }

  /** Parses one instruction starting at `pos` (a non-blank, non-'}' character) through its line end. */
  protected abstract parseInstruction(): void;
  /** Handles a '}' at `pos` through its line end. */
  protected abstract closeBlock(): void;

  /**
   * The line loop: skips blank lines and comments, hands '}' and instructions to the subclass.
   * @throws ParseError at the opening line of a block still open at the end of the text.
   */
  protected parseLines(): void {
    const text = this.text;
    while (this.pos < this.n) {
      this.skipBlanks();
      if (this.pos >= this.n) break;
      const c = text.charCodeAt(this.pos);
      if (c === C_NL) {
        this.newLine();
        continue;
      }
      if (c === C_HASH) {
        this.skipToEndOfLine();
        continue;
      }
      if (c === C_RBRACE) {
        this.closeBlock();
        continue;
      }
      this.parseInstruction();
    }
    const open = this.blocks[this.blocks.length - 1];
    if (open !== undefined)
      throw this.errorAt(
        `${this.blockKeyword} block opened here is never closed: add a line with '}' after its body`,
        open.line,
        open.column,
        open.lineStart,
      );
  }

  /**
   * The innermost open block, removed, for a '}' at `pos`.
   * @throws ParseError when no block is open.
   */
  protected popBlock(): B {
    const block = this.blocks.pop();
    if (block === undefined) throw this.error(`'}' without a matching '${this.blockKeyword} n {'`);
    return block;
  }

  protected skipBlanks(): void {
    const text = this.text;
    while (this.pos < this.n && isBlank(text.charCodeAt(this.pos))) this.pos++;
  }

  protected skipToEndOfLine(): void {
    const nl = this.text.indexOf('\n', this.pos);
    this.pos = nl < 0 ? this.n : nl;
  }

  /** Steps over the '\n' at `pos` into the next line. */
  protected newLine(): void {
    this.pos++;
    this.line++;
    this.lineStart = this.pos;
  }

  /** True at the end of the text, of the line or at a comment. */
  protected atEndOfLine(): boolean {
    if (this.pos >= this.n) return true;
    const c = this.text.charCodeAt(this.pos);
    return c === C_NL || c === C_HASH;
  }

  /**
   * After an instruction or brace: only blanks, a comment or the end of the line may follow.
   * `advice` ends the message when something else does.
   */
  protected expectEndOfLine(what: string, advice = 'start a new line'): void {
    this.skipBlanks();
    if (this.pos >= this.n) return;
    const c = this.text.charCodeAt(this.pos);
    if (c === C_NL) {
      this.newLine();
      return;
    }
    if (c === C_HASH) {
      this.skipToEndOfLine();
      return;
    }
    throw this.error(`unexpected '${this.text[this.pos]}' after ${what}; ${advice}`);
  }

  /** 1-based column of `pos` in the current line. */
  protected column(pos = this.pos): number {
    return pos - this.lineStart + 1;
  }

  /** The line starting at `lineStart`, without its line break. */
  protected lineText(lineStart = this.lineStart): string {
    let end = this.text.indexOf('\n', lineStart);
    if (end < 0) end = this.n;
    if (end > lineStart && this.text.charCodeAt(end - 1) === C_CR) end--;
    return this.text.slice(lineStart, end);
  }

  /** A {@link ParseError} at `pos` of the current line. */
  protected error(reason: string, pos = this.pos): ParseError {
    return this.errorAt(reason, this.line, this.column(pos), this.lineStart);
  }

  /** A {@link ParseError} at a remembered place (an unclosed block's opening line). */
  protected errorAt(reason: string, line: number, column: number, lineStart: number): ParseError {
    return new ParseError(reason, { source: this.source, line, column }, this.lineText(lineStart));
  }

  /**
   * Reads a tag `[...]` at `pos` (on its '['), undoing Stim's escapes (`\\C` → `]`, `\\B` → `\\`, `\\n`,
   * `\\r`). Leaves `pos` after the ']'.
   */
  protected parseTag(): string {
    const text = this.text;
    const open = this.pos;
    this.pos++;
    let out = '';
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= this.n || text.charCodeAt(this.pos) === C_NL)
        throw this.error(
          `unterminated tag: '[' without a closing ']' on the same line (write ']' inside a tag as \\C)`,
          open,
        );
      const c = text.charCodeAt(this.pos);
      if (c === C_RBRACKET) {
        out += text.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c === C_CR) throw this.error(`a tag cannot contain a carriage return; write it as \\r`);
      if (c === C_BACKSLASH) {
        out += text.slice(chunk, this.pos);
        const e = text[this.pos + 1];
        if (e === 'C') out += ']';
        else if (e === 'B') out += '\\';
        else if (e === 'n') out += '\n';
        else if (e === 'r') out += '\r';
        else
          throw this.error(
            `unknown escape '\\${e ?? ''}' in a tag; the escapes are \\C (for ']'), \\B (for '\\'), \\n and \\r`,
          );
        this.pos += 2;
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  /** Reads a parenthesised argument list `(a, b)` at `pos` (on its '('); leaves `pos` after ')'. */
  protected parseArgs(): number[] {
    const text = this.text;
    this.pos++; // '('
    const args: number[] = [];
    for (;;) {
      this.skipBlanks();
      const start = this.pos;
      while (this.pos < this.n) {
        const c = text.charCodeAt(this.pos);
        if (c === C_COMMA || c === C_RPAREN || isBlank(c) || c === C_NL || c === C_HASH) break;
        this.pos++;
      }
      const token = text.slice(start, this.pos);
      if (token === '') {
        if (this.atEndOfLine())
          throw this.error(`unterminated argument list: expected a number and ')'`, start);
        throw this.error(`expected a number in the argument list, got '${text[this.pos]}'`, start);
      }
      if (!NUMBER_RE.test(token))
        throw this.error(`'${token}' is not a number (write arguments like 0.001, 1e-3, -2 or 3.5)`, start);
      const v = Number(token);
      if (!Number.isFinite(v)) throw this.error(`argument '${token}' is out of the range of a double`, start);
      args.push(v);
      this.skipBlanks();
      const c = this.pos < this.n ? text.charCodeAt(this.pos) : -1;
      if (c === C_COMMA) {
        this.pos++;
        continue;
      }
      if (c === C_RPAREN) {
        this.pos++;
        return args;
      }
      if (c === -1 || c === C_NL || c === C_HASH)
        throw this.error(`unterminated argument list: expected ',' or ')'`);
      throw this.error(`expected ',' or ')' after argument '${token}', got '${text[this.pos]}'`);
    }
  }
}
