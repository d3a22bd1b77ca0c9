/**
 * The syntax tree of the OpenQASM 2.0 / 3 subset QEC Lab reads (what Qiskit's `qasm2.dumps` /
 * `qasm3.dumps` and Amazon Braket emit): register declarations, gate definitions, gate calls with
 * parameter expressions, measure, reset, barrier and single-bit `if`. Every node carries its
 * source position for error messages.
 */

/** 1-based position in the source text. */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

/** A parameter expression. */
export type Expr =
  | { readonly kind: 'num'; readonly value: number; readonly pos: Pos }
  | { readonly kind: 'id'; readonly name: string; readonly pos: Pos }
  | { readonly kind: 'neg'; readonly arg: Expr; readonly pos: Pos }
  | {
      readonly kind: 'bin';
      readonly op: '+' | '-' | '*' | '/' | '^' | '**';
      readonly left: Expr;
      readonly right: Expr;
      readonly pos: Pos;
    }
  | { readonly kind: 'call'; readonly fn: string; readonly arg: Expr; readonly pos: Pos };

/** A qubit or bit operand: a whole register (`q`) or one element (`q[3]`), or a physical qubit `$3`. */
export interface Operand {
  readonly reg: string;
  readonly index: number | undefined;
  readonly pos: Pos;
}

export type Statement =
  | { readonly kind: 'qreg'; readonly name: string; readonly size: number; readonly pos: Pos }
  | { readonly kind: 'creg'; readonly name: string; readonly size: number; readonly pos: Pos }
  | {
      readonly kind: 'gatedef';
      readonly name: string;
      readonly params: readonly string[];
      readonly qubits: readonly string[];
      readonly body: readonly Statement[];
      readonly pos: Pos;
    }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly Expr[];
      readonly operands: readonly Operand[];
      readonly pos: Pos;
    }
  | {
      readonly kind: 'measure';
      readonly qubit: Operand;
      readonly bit: Operand | undefined;
      readonly pos: Pos;
    }
  | { readonly kind: 'reset'; readonly qubit: Operand; readonly pos: Pos }
  | { readonly kind: 'barrier'; readonly operands: readonly Operand[]; readonly pos: Pos }
  | {
      readonly kind: 'if';
      readonly creg: Operand;
      readonly value: number;
      readonly body: Statement;
      readonly pos: Pos;
    };

export interface Program {
  readonly version: 2 | 3;
  readonly statements: readonly Statement[];
}
