import { ParseError, UnsupportedError } from '../../base/errors.js';
import type { Circuit } from '../../circuit/circuit.js';
import { parseCircuit } from '../../circuit/parser.js';
import type { Expr, Operand, Pos, Program, Statement } from './qasm-ast.js';
import { parseQasm } from './qasm-parser.js';

/** A classical register of the imported program and where each of its bits was last written. */
export interface ClassicalRegister {
  readonly name: string;
  readonly size: number;
  /** For each bit, the index in the measurement record that last wrote it (undefined if never). */
  readonly records: (number | undefined)[];
}

/** The result of importing OpenQASM: the circuit plus the classical registers in declaration order. */
export interface QasmImport {
  readonly circuit: Circuit;
  readonly qubitRegisters: readonly { name: string; offset: number; size: number }[];
  readonly classicalRegisters: readonly ClassicalRegister[];
  readonly version: 2 | 3;
}

/**
 * Standard gates mapped onto the gate table (qelib1.inc and stdgates.inc names): name → [table
 * gate, how to turn the OpenQASM parameters into the table gate's arguments].
 */
const NATIVE: Readonly<
  Record<string, { gate: string; arity: number; params: number; args?: (p: number[]) => number[] }>
> = {
  id: { gate: 'I', arity: 1, params: 0 },
  i: { gate: 'I', arity: 1, params: 0 },
  x: { gate: 'X', arity: 1, params: 0 },
  y: { gate: 'Y', arity: 1, params: 0 },
  z: { gate: 'Z', arity: 1, params: 0 },
  h: { gate: 'H', arity: 1, params: 0 },
  s: { gate: 'S', arity: 1, params: 0 },
  sdg: { gate: 'S_DAG', arity: 1, params: 0 },
  t: { gate: 'T', arity: 1, params: 0 },
  tdg: { gate: 'T_DAG', arity: 1, params: 0 },
  sx: { gate: 'SQRT_X', arity: 1, params: 0 },
  sxdg: { gate: 'SQRT_X_DAG', arity: 1, params: 0 },
  rx: { gate: 'ROT_X', arity: 1, params: 1 },
  ry: { gate: 'ROT_Y', arity: 1, params: 1 },
  rz: { gate: 'ROT_Z', arity: 1, params: 1 },
  U: { gate: 'U3', arity: 1, params: 3 },
  u: { gate: 'U3', arity: 1, params: 3 },
  u3: { gate: 'U3', arity: 1, params: 3 },
  u2: { gate: 'U3', arity: 1, params: 2, args: ([phi, lam]) => [Math.PI / 2, phi, lam] },
  u1: { gate: 'U3', arity: 1, params: 1, args: ([lam]) => [0, 0, lam] },
  p: { gate: 'U3', arity: 1, params: 1, args: ([lam]) => [0, 0, lam] },
  phase: { gate: 'U3', arity: 1, params: 1, args: ([lam]) => [0, 0, lam] },
  CX: { gate: 'CX', arity: 2, params: 0 },
  cx: { gate: 'CX', arity: 2, params: 0 },
  cnot: { gate: 'CX', arity: 2, params: 0 },
  cy: { gate: 'CY', arity: 2, params: 0 },
  cz: { gate: 'CZ', arity: 2, params: 0 },
  swap: { gate: 'SWAP', arity: 2, params: 0 },
  iswap: { gate: 'ISWAP', arity: 2, params: 0 },
  ccx: { gate: 'CCX', arity: 3, params: 0 },
  toffoli: { gate: 'CCX', arity: 3, params: 0 },
  cswap: { gate: 'CSWAP', arity: 3, params: 0 },
};

/**
 * Standard gates without a table entry, defined (as qelib1.inc / stdgates.inc define them, up to
 * global phase) in terms of gates above; expanded like user gate definitions.
 */
const BUILTIN_DEFS = `
gate ch a, b { s b; h b; t b; cx a, b; tdg b; h b; sdg b; }
gate crz(lambda) a, b { rz(lambda/2) b; cx a, b; rz(-lambda/2) b; cx a, b; }
gate crx(theta) a, b { u1(pi/2) b; cx a, b; u3(-theta/2, 0, 0) b; cx a, b; u3(theta/2, -pi/2, 0) b; }
gate cry(theta) a, b { ry(theta/2) b; cx a, b; ry(-theta/2) b; cx a, b; }
gate cu1(lambda) a, b { u1(lambda/2) a; cx a, b; u1(-lambda/2) b; cx a, b; u1(lambda/2) b; }
gate cp(lambda) a, b { cu1(lambda) a, b; }
gate cphase(lambda) a, b { cu1(lambda) a, b; }
gate cu3(theta, phi, lambda) c, t { u1((lambda+phi)/2) c; u1((lambda-phi)/2) t; cx c, t; u3(-theta/2, 0, -(phi+lambda)/2) t; cx c, t; u3(theta/2, phi, 0) t; }
gate cu(theta, phi, lambda, gamma) c, t { p(gamma) c; cu3(theta, phi, lambda) c, t; }
gate csx a, b { h b; cu1(pi/2) a, b; h b; }
gate rxx(theta) a, b { h a; h b; cx a, b; rz(theta) b; cx a, b; h a; h b; }
gate ryy(theta) a, b { rx(pi/2) a; rx(pi/2) b; cx a, b; rz(theta) b; cx a, b; rx(-pi/2) a; rx(-pi/2) b; }
gate rzz(theta) a, b { cx a, b; rz(theta) b; cx a, b; }
gate rzx(theta) a, b { h b; cx a, b; rz(theta) b; cx a, b; h b; }
gate rccx a, b, c { u2(0, pi) c; u1(pi/4) c; cx b, c; u1(-pi/4) c; cx a, c; u1(pi/4) c; cx b, c; u1(-pi/4) c; u2(0, pi) c; }
gate u0(gamma) a { id a; }
`;

const CONSTANTS: Readonly<Record<string, number>> = {
  pi: Math.PI,
  π: Math.PI,
  tau: 2 * Math.PI,
  τ: 2 * Math.PI,
  euler: Math.E,
  ℇ: Math.E,
};
const FUNCTIONS: Readonly<Record<string, (x: number) => number>> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  exp: Math.exp,
  ln: Math.log,
  sqrt: Math.sqrt,
  arcsin: Math.asin,
  arccos: Math.acos,
  arctan: Math.atan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
};

interface GateDef {
  readonly params: readonly string[];
  readonly qubits: readonly string[];
  readonly body: readonly Statement[];
}

/**
 * Imports OpenQASM 2.0 or 3 (the subset of `qasm-ast.ts`) as a circuit of the gate table: standard
 * gates map to table gates (rotations to ROT_X/ROT_Y/ROT_Z, u/U/u3 to U3, u1/p to U3(0,0,λ)),
 * other qelib1/stdgates gates and user `gate` definitions are expanded, `measure` becomes M (the
 * record remembers which classical bit it writes), `reset` R, `barrier` TICK, and
 * `if (c == 1) x q;` on a single bit the classically controlled Pauli `CX rec[-k] q`. Anything that
 * cannot be represented is an error naming it with its line and column; nothing is dropped.
 */
export function importQasm(text: string, source = '<qasm>'): QasmImport {
  return new QasmImporter(text, source).run();
}

/** A qubit register: its first qubit and size. */
interface QubitRegister {
  readonly offset: number;
  readonly size: number;
}

/** Formats a gate argument (no `-0`). */
const fmt = (x: number): string => (Object.is(x, -0) ? '0' : String(x));

/**
 * One import: the declared registers, the gate definitions in scope and the Stim lines written so
 * far. Statements are executed in order ({@link QasmImporter.exec}); gate calls expand user
 * definitions down to table gates ({@link QasmImporter.callGate}). Mutable; one per import.
 */
class QasmImporter {
  private readonly srcLines: string[];
  private readonly defs = new Map<string, GateDef>();
  private readonly qregs = new Map<string, QubitRegister>();
  private readonly cregs = new Map<string, ClassicalRegister>();
  private numQubits = 0;
  private usesPhysical = false;
  private numRecords = 0;
  /** The circuit being written, one Stim line per entry. */
  private readonly out: string[] = [];

  constructor(
    private readonly text: string,
    private readonly source: string,
  ) {
    this.srcLines = text.split('\n');
    for (const s of parseQasm(BUILTIN_DEFS, '<builtin gates>').statements)
      if (s.kind === 'gatedef') this.defs.set(s.name, { params: s.params, qubits: s.qubits, body: s.body });
  }

  run(): QasmImport {
    const program: Program = parseQasm(this.text, this.source);
    for (const s of program.statements) this.exec(s);
    const circuit = parseCircuit(this.out.join('\n') + '\n', `${this.source} (imported)`);
    return {
      circuit,
      qubitRegisters: [...this.qregs.entries()].map(([name, r]) => ({ name, ...r })),
      classicalRegisters: [...this.cregs.values()],
      version: program.version,
    };
  }

  private fail(msg: string, pos: Pos): never {
    throw new ParseError(
      msg,
      { source: this.source, line: pos.line, column: pos.column },
      this.srcLines[pos.line - 1] ?? '',
    );
  }

  /** The value of an expression; with explicit stacks, not recursion: a 10,000-term sum is a left-deep tree 10,000 deep. */
  private evalExpr(root: Expr, env: ReadonlyMap<string, number>): number {
    const work: { e: Expr; ready: boolean }[] = [{ e: root, ready: false }];
    const vals: number[] = [];
    while (work.length > 0) {
      const { e, ready } = work.pop() as { e: Expr; ready: boolean };
      if (e.kind === 'num') vals.push(e.value);
      else if (e.kind === 'id') {
        const v = env.get(e.name) ?? CONSTANTS[e.name];
        vals.push(v ?? this.fail(`unknown identifier '${e.name}' in an expression`, e.pos));
      } else if (!ready) {
        work.push({ e, ready: true });
        if (e.kind === 'bin') work.push({ e: e.right, ready: false }, { e: e.left, ready: false });
        else work.push({ e: e.arg, ready: false });
      } else if (e.kind === 'neg') vals.push(-(vals.pop() as number));
      else if (e.kind === 'call') {
        const f = FUNCTIONS[e.fn];
        vals.push(f === undefined ? this.fail(`unknown function '${e.fn}'`, e.pos) : f(vals.pop() as number));
      } else {
        const b = vals.pop() as number;
        const a = vals.pop() as number;
        vals.push(binary(e.op, a, b));
      }
    }
    return vals[0];
  }

  /** Qubit indices of an operand (a whole register expands to all its qubits). */
  private qubitsOf(o: Operand, scope: ReadonlyMap<string, number> | undefined): number[] {
    if (scope !== undefined) {
      const q = scope.get(o.reg);
      if (q === undefined || o.index !== undefined)
        return this.fail(
          `'${o.reg}${o.index !== undefined ? `[${o.index}]` : ''}' is not an argument of this gate`,
          o.pos,
        );
      return [q];
    }
    if (o.reg === '$') {
      if (this.qregs.size > 0)
        this.fail('physical qubits ($n) cannot be mixed with declared qubit registers', o.pos);
      this.usesPhysical = true;
      this.numQubits = Math.max(this.numQubits, (o.index ?? 0) + 1);
      return [o.index ?? 0];
    }
    const r = this.qregs.get(o.reg);
    if (r === undefined) return this.fail(`unknown qubit register '${o.reg}'`, o.pos);
    if (o.index === undefined) return Array.from({ length: r.size }, (_, i) => r.offset + i);
    if (o.index >= r.size)
      this.fail(`index ${o.index} is out of range for '${o.reg}' of size ${r.size}`, o.pos);
    return [r.offset + o.index];
  }

  /** Classical bits of an operand (a whole register expands to all its bits). */
  private bitsOf(o: Operand): { reg: ClassicalRegister; index: number }[] {
    const r = this.cregs.get(o.reg);
    if (r === undefined) return this.fail(`unknown classical register '${o.reg}'`, o.pos);
    if (o.index === undefined) return Array.from({ length: r.size }, (_, index) => ({ reg: r, index }));
    if (o.index >= r.size)
      this.fail(`index ${o.index} is out of range for '${o.reg}' of size ${r.size}`, o.pos);
    return [{ reg: r, index: o.index }];
  }

  /**
   * A gate call on operands (whole registers broadcast elementwise, as OpenQASM 2 does): a
   * standard gate becomes its table gate, a user definition is expanded.
   */
  private callGate(
    name: string,
    params: number[],
    operands: readonly Operand[],
    pos: Pos,
    scope: ReadonlyMap<string, number> | undefined,
    depth: number,
  ): void {
    if (depth > 64)
      this.fail(`gate definitions nested deeper than 64 levels (recursive definition of '${name}'?)`, pos);
    const lists = operands.map((o) => this.qubitsOf(o, scope));
    // Register broadcasting (OpenQASM 2): whole registers of equal size apply elementwise.
    const width = Math.max(...lists.map((l) => l.length));
    for (const l of lists)
      if (l.length !== 1 && l.length !== width)
        this.fail(`registers of different sizes in one call of '${name}'`, pos);
    for (let k = 0; k < width; k++) {
      const qs = lists.map((l) => (l.length === 1 ? l[0] : l[k]));
      const user = this.defs.get(name);
      // Standard names map to the table even when the file (re)defines them, as qelib1.inc does.
      if (user !== undefined && NATIVE[name] === undefined)
        this.expandDefinition(name, user, params, qs, pos, depth);
      else this.emitNative(name, params, qs, pos);
    }
  }

  /** Expands a user gate definition on qubits `qs`, its parameters bound to `params`. */
  private expandDefinition(
    name: string,
    user: GateDef,
    params: number[],
    qs: number[],
    pos: Pos,
    depth: number,
  ): void {
    if (user.params.length !== params.length)
      this.fail(`gate '${name}' takes ${user.params.length} parameters, got ${params.length}`, pos);
    if (user.qubits.length !== qs.length)
      this.fail(`gate '${name}' takes ${user.qubits.length} qubits, got ${qs.length}`, pos);
    const env = new Map(user.params.map((p, i) => [p, params[i]]));
    const qscope = new Map(user.qubits.map((q, i) => [q, qs[i]]));
    for (const st of user.body) {
      if (st.kind === 'barrier') continue;
      if (st.kind !== 'call')
        this.fail(`only gate calls and barriers may appear in the body of gate '${name}'`, st.pos);
      else
        this.callGate(
          st.name,
          st.args.map((a) => this.evalExpr(a, env)),
          st.operands,
          st.pos,
          qscope,
          depth + 1,
        );
    }
  }

  /** Writes a standard gate as its table gate on qubits `qs`. */
  private emitNative(name: string, params: number[], qs: number[], pos: Pos): void {
    const nat = NATIVE[name];
    if (nat === undefined)
      throw new UnsupportedError(
        `${this.source}:${pos.line}:${pos.column}: gate '${name}' is not defined and is not a standard gate QEC Lab can represent`,
        {
          gate: name,
        },
      );
    if (params.length !== nat.params)
      this.fail(`gate '${name}' takes ${nat.params} parameters, got ${params.length}`, pos);
    if (qs.length !== nat.arity)
      this.fail(`gate '${name}' acts on ${nat.arity} qubits, got ${qs.length}`, pos);
    if (new Set(qs).size !== qs.length) this.fail(`gate '${name}' is applied to the same qubit twice`, pos);
    if (name === 'u0' || nat.gate === 'I') {
      this.out.push(`I ${qs.join(' ')}`);
      return;
    }
    const args = nat.args !== undefined ? nat.args(params) : params;
    this.out.push(`${nat.gate}${args.length > 0 ? `(${args.map(fmt).join(', ')})` : ''} ${qs.join(' ')}`);
  }

  /** Executes one top-level statement. */
  private exec(s: Statement): void {
    switch (s.kind) {
      case 'qreg':
        if (this.usesPhysical)
          this.fail('qubit registers cannot be declared after physical qubits ($n) are used', s.pos);
        if (this.qregs.has(s.name) || this.cregs.has(s.name))
          this.fail(`'${s.name}' is already declared`, s.pos);
        this.qregs.set(s.name, { offset: this.numQubits, size: s.size });
        this.numQubits += s.size;
        return;
      case 'creg':
        if (this.qregs.has(s.name) || this.cregs.has(s.name))
          this.fail(`'${s.name}' is already declared`, s.pos);
        this.cregs.set(s.name, {
          name: s.name,
          size: s.size,
          records: new Array<number | undefined>(s.size).fill(undefined),
        });
        return;
      case 'gatedef':
        this.defs.set(s.name, { params: s.params, qubits: s.qubits, body: s.body });
        return;
      case 'call':
        this.callGate(
          s.name,
          s.args.map((a) => this.evalExpr(a, new Map())),
          s.operands,
          s.pos,
          undefined,
          0,
        );
        return;
      case 'measure':
        this.measure(s);
        return;
      case 'reset':
        this.out.push(`R ${this.qubitsOf(s.qubit, undefined).join(' ')}`);
        return;
      case 'barrier':
        this.out.push('TICK');
        return;
      case 'if':
        this.conditional(s);
        return;
    }
  }

  /** `measure q -> c;`: M on the qubits; each bit remembers the record index that wrote it. */
  private measure(s: Extract<Statement, { kind: 'measure' }>): void {
    const qs = this.qubitsOf(s.qubit, undefined);
    const bits = s.bit === undefined ? undefined : this.bitsOf(s.bit);
    if (bits !== undefined && bits.length !== qs.length)
      this.fail(`measuring ${qs.length} qubits into ${bits.length} bits`, s.pos);
    this.out.push(`M ${qs.join(' ')}`);
    qs.forEach((_, i) => {
      if (bits !== undefined) bits[i].reg.records[bits[i].index] = this.numRecords;
      this.numRecords++;
    });
  }

  /** `if (c == 1) x q;` on a single bit: the classically controlled Pauli `CX rec[-k] q`. */
  private conditional(s: Extract<Statement, { kind: 'if' }>): void {
    const bits = this.bitsOf(s.creg);
    const body = s.body;
    const pauli =
      body.kind === 'call' ? ({ x: 'CX', y: 'CY', z: 'CZ' } as Record<string, string>)[body.name] : undefined;
    if (
      bits.length !== 1 ||
      s.value !== 1 ||
      body.kind !== 'call' ||
      pauli === undefined ||
      body.args.length > 0
    )
      throw new UnsupportedError(
        `${this.source}:${s.pos.line}:${s.pos.column}: only 'if (bit == 1) x|y|z qubit;' on a single classical bit can be represented (as a classically controlled Pauli)`,
      );
    const rec = bits[0].reg.records[bits[0].index];
    if (rec === undefined)
      this.fail(`classical bit '${s.creg.reg}' is read before any measurement wrote it`, s.creg.pos);
    else
      for (const q of body.operands.flatMap((o) => this.qubitsOf(o, undefined)))
        this.out.push(`${pauli} rec[-${this.numRecords - rec}] ${q}`);
  }
}

function binary(op: '+' | '-' | '*' | '/' | '^' | '**', a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '^':
    case '**':
      return Math.pow(a, b);
  }
}
