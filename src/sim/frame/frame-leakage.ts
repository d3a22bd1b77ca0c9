/**
 * Leakage in the frame sampler: the LEAK / SEEP / LRU extension of the circuit language (semantics
 * in `gates/leakage-gates.ts`), compiled into five opcodes and run on a per-batch table of leaked
 * bits (one row per qubit, shots along the word axis like the frames).
 *
 * A circuit without leakage instructions compiles to exactly the program it had before (no hooks,
 * no leaked table), so the sampler's speed is unchanged for it. A circuit with them gets two hooks:
 * before every measurement (M*, MR*, MPP, MXX/MYY/MZZ) the frames of the measured qubits that are
 * leaked are replaced by uniformly random ones (XOR with random words under the leaked mask), so
 * their results are uniformly random in any basis; after every two-qubit Clifford layer the
 * partner of each leaked qubit gets a uniformly random Pauli. The frame of a leaked qubit itself
 * carries no meaning while it is leaked; it is randomised again when SEEP or LRU returns it.
 */
import { findInstruction, type Circuit, type Instruction } from '../../circuit/circuit.js';
import { TARGET_VALUE_MASK } from '../../circuit/target.js';
import { GATE_FLAGS } from '../../gates/gate.js';
import { FRAME_OP, FrameOp, type FrameCompileExtension } from './frame-program.js';
import type { WordRng } from './word-rng.js';

/** True when `circuit` holds a leakage instruction (then the program gets the leakage hooks). */
export function hasLeakage(circuit: Circuit): boolean {
  return findInstruction(circuit, (inst) => (inst.gate.flags & GATE_FLAGS.LEAKAGE) !== 0) !== undefined;
}

/**
 * The leakage extension of the frame program, passed to `compileFrameProgram` for circuits with
 * leakage instructions ({@link hasLeakage}): it compiles LEAK / SEEP / LRU and adds the hooks.
 */
export const LEAKAGE_EXTENSION: FrameCompileExtension = {
  compile(inst: Instruction, ops: FrameOp[]): boolean {
    if ((inst.gate.flags & GATE_FLAGS.LEAKAGE) === 0) return false;
    compileLeakageInstruction(inst, ops);
    return true;
  },
  after: addLeakageHooks,
};

/** Compiles LEAK(p) / SEEP(p) / LRU into `ops`. */
function compileLeakageInstruction(inst: Instruction, ops: FrameOp[]): void {
  const t = inst.targets;
  if (t.length === 0) return;
  const targets = new Int32Array(t.length);
  for (let i = 0; i < t.length; i++) targets[i] = t[i] & TARGET_VALUE_MASK;
  const p = inst.args[0] ?? 0;
  switch (inst.gate.name) {
    case 'LEAK':
      if (p > 0) ops.push(new FrameOp(FRAME_OP.LEAK, targets, { p }));
      return;
    case 'SEEP':
      if (p > 0) ops.push(new FrameOp(FRAME_OP.SEEP, targets, { p }));
      return;
    case 'LRU':
      ops.push(new FrameOp(FRAME_OP.LRU, targets));
      return;
    default:
      throw new Error(`internal: unknown leakage instruction ${inst.gate.name}`);
  }
}

/**
 * Inserts the leakage hooks around the ops appended to `ops` from index `start` on (the ops of one
 * instruction): LEAK_MEASURE before each measurement op, LEAK_PARTNERS after each two-qubit
 * Clifford op.
 */
function addLeakageHooks(ops: FrameOp[], start: number): void {
  const added = ops.splice(start);
  for (const op of added) {
    switch (op.code) {
      case FRAME_OP.MEASURE:
      case FRAME_OP.MEASURE_RESET:
        ops.push(new FrameOp(FRAME_OP.LEAK_MEASURE, op.targets), op);
        break;
      case FRAME_OP.MPP: {
        // aux = [n, q1, bits1, ..., qn, bitsn] per product.
        const qs = new Set<number>();
        const aux = op.aux;
        for (let i = 0; i < aux.length;) {
          const n = aux[i++];
          for (let k = 0; k < n; k++, i += 2) qs.add(aux[i]);
        }
        ops.push(new FrameOp(FRAME_OP.LEAK_MEASURE, Int32Array.from(qs)), op);
        break;
      }
      case FRAME_OP.CX:
      case FRAME_OP.CZ:
      case FRAME_OP.SWAP:
      case FRAME_OP.TWO_QUBIT:
        ops.push(op, new FrameOp(FRAME_OP.LEAK_PARTNERS, op.targets));
        break;
      default:
        ops.push(op);
    }
  }
}

/** The batch storage the leakage ops work on (views of a FrameBatch's fields). */
export interface LeakageBatch {
  readonly x: Uint32Array;
  readonly z: Uint32Array;
  /** Leaked bits: numQubits rows × W words. */
  readonly leaked: Uint32Array;
  readonly W: number;
  readonly nw: number;
  readonly numShots: number;
  readonly rng: WordRng;
}

/** Runs one leakage op (LEAK, SEEP, LRU, LEAK_PARTNERS, LEAK_MEASURE) on batch `b`. */
export function runLeakageOp(op: FrameOp, b: LeakageBatch): void {
  switch (op.code) {
    case FRAME_OP.LEAK:
    case FRAME_OP.SEEP:
      leakOrSeep(op, b, op.code === FRAME_OP.LEAK);
      return;
    case FRAME_OP.LRU:
    case FRAME_OP.LEAK_MEASURE: {
      const t = op.targets;
      const clear = op.code === FRAME_OP.LRU;
      for (let k = 0; k < t.length; k++) randomiseUnder(b, t[k] * b.W, t[k] * b.W, clear);
      return;
    }
    case FRAME_OP.LEAK_PARTNERS: {
      const t = op.targets;
      for (let k = 0; k + 1 < t.length; k += 2) {
        const a = t[k] * b.W;
        const c = t[k + 1] * b.W;
        randomiseUnder(b, a, c, false);
        randomiseUnder(b, c, a, false);
      }
      return;
    }
    default:
      throw new Error(`internal: opcode ${op.code} is not a leakage op`);
  }
}

/**
 * XORs uniformly random words into the frame row at `frameRow` (x and z) under the mask of leaked
 * row `maskRow`; with `clear`, the mask row is cleared (the qubit returns). Words with an empty
 * mask draw nothing.
 */
function randomiseUnder(b: LeakageBatch, frameRow: number, maskRow: number, clear: boolean): void {
  const leaked = b.leaked;
  const x = b.x;
  const z = b.z;
  const rng = b.rng;
  for (let w = 0; w < b.nw; w++) {
    const m = leaked[maskRow + w];
    if (m === 0) continue;
    x[frameRow + w] ^= rng.nextWord() & m;
    z[frameRow + w] ^= rng.nextWord() & m;
    if (clear) leaked[maskRow + w] = 0;
  }
}

/**
 * LEAK(p): each (target, shot) event at rate p leaks the target. SEEP(p): each event on a leaked
 * target returns it with a uniformly random frame. Events found by geometric gaps over the
 * (target × shot) index space, so the cost follows the number of events.
 */
function leakOrSeep(op: FrameOp, b: LeakageBatch, leak: boolean): void {
  const t = op.targets;
  const S = b.numShots;
  const W = b.W;
  const leaked = b.leaked;
  const rng = b.rng;
  const inv = op.invLogQ;
  const total = t.length * S;
  let pos = Math.floor(Math.log(rng.nextUnitNonZero()) * inv);
  while (pos < total) {
    const g = Math.floor(pos / S);
    const shot = pos - g * S;
    const i = t[g] * W + (shot >>> 5);
    const bit = 1 << (shot & 31);
    if (leak) leaked[i] |= bit;
    else if ((leaked[i] & bit) !== 0) {
      leaked[i] ^= bit;
      b.x[i] ^= rng.nextWord() & bit;
      b.z[i] ^= rng.nextWord() & bit;
    }
    pos += 1 + Math.floor(Math.log(rng.nextUnitNonZero()) * inv);
  }
}
