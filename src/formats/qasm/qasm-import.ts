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
  const program: Program = parseQasm(text, source);
  const srcLines = text.split('\n');
  const fail = (msg: string, pos: Pos): never => {
    throw new ParseError(msg, { source, line: pos.line, column: pos.column }, srcLines[pos.line - 1] ?? '');
  };
  const defs = new Map<string, GateDef>();
  for (const s of parseQasm(BUILTIN_DEFS, '<builtin gates>').statements)
    if (s.kind === 'gatedef') defs.set(s.name, { params: s.params, qubits: s.qubits, body: s.body });
  const qregs = new Map<string, { offset: number; size: number }>();
  const cregs = new Map<string, ClassicalRegister>();
  let numQubits = 0;
  let usesPhysical = false;
  let numRecords = 0;
  const out: string[] = [];

  // With explicit stacks, not recursion: a 10,000-term sum is a left-deep tree 10,000 deep.
  const evalExpr = (root: Expr, env: ReadonlyMap<string, number>): number => {
    const work: { e: Expr; ready: boolean }[] = [{ e: root, ready: false }];
    const vals: number[] = [];
    while (work.length > 0) {
      const { e, ready } = work.pop() as { e: Expr; ready: boolean };
      if (e.kind === 'num') vals.push(e.value);
      else if (e.kind === 'id') {
        const v = env.get(e.name) ?? CONSTANTS[e.name];
        vals.push(v ?? fail(`unknown identifier '${e.name}' in an expression`, e.pos));
      } else if (!ready) {
        work.push({ e, ready: true });
        if (e.kind === 'bin') work.push({ e: e.right, ready: false }, { e: e.left, ready: false });
        else work.push({ e: e.arg, ready: false });
      } else if (e.kind === 'neg') vals.push(-(vals.pop() as number));
      else if (e.kind === 'call') {
        const f = FUNCTIONS[e.fn];
        vals.push(f === undefined ? fail(`unknown function '${e.fn}'`, e.pos) : f(vals.pop() as number));
      } else {
        const b = vals.pop() as number;
        const a = vals.pop() as number;
        vals.push(binary(e.op, a, b));
      }
    }
    return vals[0];
  };

  /** Qubit indices of an operand (a whole register expands to all its qubits). */
  const qubitsOf = (o: Operand, scope: ReadonlyMap<string, number> | undefined): number[] => {
    if (scope !== undefined) {
      const q = scope.get(o.reg);
      if (q === undefined || o.index !== undefined)
        return fail(
          `'${o.reg}${o.index !== undefined ? `[${o.index}]` : ''}' is not an argument of this gate`,
          o.pos,
        );
      return [q];
    }
    if (o.reg === '$') {
      if (qregs.size > 0) fail('physical qubits ($n) cannot be mixed with declared qubit registers', o.pos);
      usesPhysical = true;
      numQubits = Math.max(numQubits, (o.index ?? 0) + 1);
      return [o.index ?? 0];
    }
    const r = qregs.get(o.reg);
    if (r === undefined) return fail(`unknown qubit register '${o.reg}'`, o.pos);
    if (o.index === undefined) return Array.from({ length: r.size }, (_, i) => r.offset + i);
    if (o.index >= r.size) fail(`index ${o.index} is out of range for '${o.reg}' of size ${r.size}`, o.pos);
    return [r.offset + o.index];
  };
  const bitsOf = (o: Operand): { reg: ClassicalRegister; index: number }[] => {
    const r = cregs.get(o.reg);
    if (r === undefined) return fail(`unknown classical register '${o.reg}'`, o.pos);
    if (o.index === undefined) return Array.from({ length: r.size }, (_, index) => ({ reg: r, index }));
    if (o.index >= r.size) fail(`index ${o.index} is out of range for '${o.reg}' of size ${r.size}`, o.pos);
    return [{ reg: r, index: o.index }];
  };

  const fmt = (x: number): string => (Object.is(x, -0) ? '0' : String(x));

  const callGate = (
    name: string,
    params: number[],
    operands: readonly Operand[],
    pos: Pos,
    scope: ReadonlyMap<string, number> | undefined,
    depth: number,
  ): void => {
    if (depth > 64)
      fail(`gate definitions nested deeper than 64 levels (recursive definition of '${name}'?)`, pos);
    const lists = operands.map((o) => qubitsOf(o, scope));
    // Register broadcasting (OpenQASM 2): whole registers of equal size apply elementwise.
    const width = Math.max(...lists.map((l) => l.length));
    for (const l of lists)
      if (l.length !== 1 && l.length !== width)
        fail(`registers of different sizes in one call of '${name}'`, pos);
    for (let k = 0; k < width; k++) {
      const qs = lists.map((l) => (l.length === 1 ? l[0] : l[k]));
      const user = defs.get(name);
      const nat = NATIVE[name];
      // Standard names map to the table even when the file (re)defines them, as qelib1.inc does.
      if (user !== undefined && nat === undefined) {
        if (user.params.length !== params.length)
          fail(`gate '${name}' takes ${user.params.length} parameters, got ${params.length}`, pos);
        if (user.qubits.length !== qs.length)
          fail(`gate '${name}' takes ${user.qubits.length} qubits, got ${qs.length}`, pos);
        const env = new Map(user.params.map((p, i) => [p, params[i]]));
        const qscope = new Map(user.qubits.map((q, i) => [q, qs[i]]));
        for (const st of user.body) {
          if (st.kind === 'barrier') continue;
          if (st.kind !== 'call')
            fail(`only gate calls and barriers may appear in the body of gate '${name}'`, st.pos);
          else
            callGate(
              st.name,
              st.args.map((a) => evalExpr(a, env)),
              st.operands,
              st.pos,
              qscope,
              depth + 1,
            );
        }
        continue;
      }
      if (nat === undefined)
        throw new UnsupportedError(
          `${source}:${pos.line}:${pos.column}: gate '${name}' is not defined and is not a standard gate QEC Lab can represent`,
          {
            gate: name,
          },
        );
      if (params.length !== nat.params)
        fail(`gate '${name}' takes ${nat.params} parameters, got ${params.length}`, pos);
      if (qs.length !== nat.arity) fail(`gate '${name}' acts on ${nat.arity} qubits, got ${qs.length}`, pos);
      if (new Set(qs).size !== qs.length) fail(`gate '${name}' is applied to the same qubit twice`, pos);
      if (name === 'u0' || nat.gate === 'I') {
        out.push(`I ${qs.join(' ')}`);
        continue;
      }
      const args = nat.args !== undefined ? nat.args(params) : params;
      out.push(`${nat.gate}${args.length > 0 ? `(${args.map(fmt).join(', ')})` : ''} ${qs.join(' ')}`);
    }
  };

  const exec = (s: Statement): void => {
    switch (s.kind) {
      case 'qreg':
        if (usesPhysical)
          fail('qubit registers cannot be declared after physical qubits ($n) are used', s.pos);
        if (qregs.has(s.name) || cregs.has(s.name)) fail(`'${s.name}' is already declared`, s.pos);
        qregs.set(s.name, { offset: numQubits, size: s.size });
        numQubits += s.size;
        return;
      case 'creg':
        if (qregs.has(s.name) || cregs.has(s.name)) fail(`'${s.name}' is already declared`, s.pos);
        cregs.set(s.name, {
          name: s.name,
          size: s.size,
          records: new Array<number | undefined>(s.size).fill(undefined),
        });
        return;
      case 'gatedef':
        defs.set(s.name, { params: s.params, qubits: s.qubits, body: s.body });
        return;
      case 'call':
        callGate(
          s.name,
          s.args.map((a) => evalExpr(a, new Map())),
          s.operands,
          s.pos,
          undefined,
          0,
        );
        return;
      case 'measure': {
        const qs = qubitsOf(s.qubit, undefined);
        const bits = s.bit === undefined ? undefined : bitsOf(s.bit);
        if (bits !== undefined && bits.length !== qs.length)
          fail(`measuring ${qs.length} qubits into ${bits.length} bits`, s.pos);
        out.push(`M ${qs.join(' ')}`);
        qs.forEach((_, i) => {
          if (bits !== undefined) bits[i].reg.records[bits[i].index] = numRecords;
          numRecords++;
        });
        return;
      }
      case 'reset':
        out.push(`R ${qubitsOf(s.qubit, undefined).join(' ')}`);
        return;
      case 'barrier':
        out.push('TICK');
        return;
      case 'if': {
        const bits = bitsOf(s.creg);
        const body = s.body;
        const pauli =
          body.kind === 'call'
            ? ({ x: 'CX', y: 'CY', z: 'CZ' } as Record<string, string>)[body.name]
            : undefined;
        if (
          bits.length !== 1 ||
          s.value !== 1 ||
          body.kind !== 'call' ||
          pauli === undefined ||
          body.args.length > 0
        )
          throw new UnsupportedError(
            `${source}:${s.pos.line}:${s.pos.column}: only 'if (bit == 1) x|y|z qubit;' on a single classical bit can be represented (as a classically controlled Pauli)`,
          );
        const rec = bits[0].reg.records[bits[0].index];
        if (rec === undefined)
          fail(`classical bit '${s.creg.reg}' is read before any measurement wrote it`, s.creg.pos);
        else
          for (const q of body.operands.flatMap((o) => qubitsOf(o, undefined)))
            out.push(`${pauli} rec[-${numRecords - rec}] ${q}`);
        return;
      }
    }
  };
  for (const s of program.statements) exec(s);
  const circuit = parseCircuit(out.join('\n') + '\n', `${source} (imported)`);
  return {
    circuit,
    qubitRegisters: [...qregs.entries()].map(([name, r]) => ({ name, ...r })),
    classicalRegisters: [...cregs.values()],
    version: program.version,
  };
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
