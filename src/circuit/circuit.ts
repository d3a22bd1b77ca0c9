import { LimitError, type SourcePosition } from '../base/errors.js';
import type { Gate } from '../gates/gate.js';
import { GATE_FLAGS } from '../gates/gate.js';
import { isQubitTarget, isPauliTarget, targetValue, isCombiner, targetToString } from './target.js';
import { printCircuit } from './printer.js';

/**
 * One instruction: a gate (or noise channel, measurement, annotation) with its parenthesised
 * arguments and encoded targets (see `target.ts`). Immutable once appended to a circuit.
 */
export interface Instruction {
  readonly kind: 'instruction';
  readonly gate: Gate;
  /** Parenthesised arguments (probabilities, angles, coordinates). */
  readonly args: readonly number[];
  /** Encoded targets (`target.ts`). */
  readonly targets: readonly number[];
  /** Stim tag (`H[my tag] 0`); '' when absent. */
  readonly tag: string;
}

/**
 * Where the parser read an instruction or a REPEAT block, kept beside them (not on them, so they
 * stay plain data) for errors found after parsing: a simulator that cannot run a gate points at
 * its line, a REPEAT block too long to run at its `REPEAT`. The parser records the gates outside
 * Stim's set (T, ROT_X, AMPLITUDE_DAMP, ...), the only instructions such errors name, and every
 * REPEAT block; items built in code have no position.
 */
const POSITIONS = new WeakMap<CircuitItem, SourcePosition>();

/** Records where `item` was read (the circuit parser calls this). */
export function recordPosition(item: CircuitItem, pos: SourcePosition): void {
  POSITIONS.set(item, pos);
}

/** Where `item` (an instruction or a REPEAT block) was read, if it came from a parsed file. */
export function instructionPosition(item: CircuitItem): SourcePosition | undefined {
  return POSITIONS.get(item);
}

/** The first instruction (in program order, each REPEAT body once) for which `pred` holds. */
export function findInstruction(c: Circuit, pred: (inst: Instruction) => boolean): Instruction | undefined {
  for (const item of c.items) {
    if (item.kind === 'instruction') {
      if (pred(item)) return item;
      continue;
    }
    const found = findInstruction(item.body, pred);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A `REPEAT n { ... }` block. Kept as a block: never unrolled in memory. */
export interface RepeatBlock {
  readonly kind: 'repeat';
  /** Number of repetitions, an integer ≥ 1 (≤ 2^53). */
  readonly repetitions: number;
  readonly body: Circuit;
  readonly tag: string;
}

export type CircuitItem = Instruction | RepeatBlock;

/** Summary counts of a circuit, with REPEAT blocks counted as many times as they repeat. */
export interface CircuitStats {
  numQubits: number;
  numMeasurements: number;
  numDetectors: number;
  numObservables: number;
  numTicks: number;
  numSweepBits: number;
}

/**
 * A circuit in Stim's language: a list of instructions and REPEAT blocks. Mutable through
 * {@link Circuit.push}; instructions themselves are immutable. `toString()` prints the Stim text
 * (see `printer.ts`), so parse → print → parse is the identity.
 */
export class Circuit {
  readonly items: CircuitItem[];
  private statsCache: CircuitStats | undefined;

  constructor(items: CircuitItem[] = []) {
    this.items = items;
  }

  /** Appends an item. Invalidates cached counts. */
  push(item: CircuitItem): void {
    this.items.push(item);
    this.statsCache = undefined;
  }

  /** Counts over the whole circuit (REPEAT blocks multiplied). Cached until the next push. */
  stats(): CircuitStats {
    if (this.statsCache === undefined) this.statsCache = computeStats(this);
    return this.statsCache;
  }

  get numQubits(): number {
    return this.stats().numQubits;
  }
  get numMeasurements(): number {
    return this.stats().numMeasurements;
  }
  get numDetectors(): number {
    return this.stats().numDetectors;
  }
  get numObservables(): number {
    return this.stats().numObservables;
  }

  /**
   * Calls `fn` for every instruction in execution order, entering REPEAT blocks as many times
   * as they repeat. Cost is proportional to the unrolled length: use it for small circuits,
   * exact simulators and tests; scalable code walks `items` and handles blocks itself.
   */
  forEachFlat(fn: (inst: Instruction) => void): void {
    for (const item of this.items) {
      if (item.kind === 'instruction') fn(item);
      else for (let r = 0; r < item.repetitions; r++) item.body.forEachFlat(fn);
    }
  }

  /** A new circuit with every REPEAT block unrolled. Size is the unrolled length. */
  flattened(): Circuit {
    const out = new Circuit();
    this.forEachFlat((inst) => out.push(inst));
    return out;
  }

  /** True when the circuit has no item. */
  get isEmpty(): boolean {
    return this.items.length === 0;
  }

  /** The Stim text of the circuit (`printCircuit`): canonical form, no trailing newline. */
  toString(): string {
    return printCircuit(this);
  }
}

/** Number of measurement results one instruction appends to the record. */
export function measurementCount(inst: Instruction): number {
  const f = inst.gate.flags;
  if ((f & GATE_FLAGS.PRODUCES_RESULTS) === 0) return 0;
  const t = inst.targets;
  if ((f & GATE_FLAGS.TARGETS_PAULI_PRODUCTS) !== 0) {
    let n = 0;
    for (let i = 0; i < t.length; i++) if (!isCombiner(t[i]) && (i === 0 || !isCombiner(t[i - 1]))) n++;
    return n;
  }
  if ((f & GATE_FLAGS.TARGETS_PAIRS) !== 0) return t.length >>> 1;
  return t.length;
}

function computeStats(c: Circuit): CircuitStats {
  const s: CircuitStats = {
    numQubits: 0,
    numMeasurements: 0,
    numDetectors: 0,
    numObservables: 0,
    numTicks: 0,
    numSweepBits: 0,
  };
  for (const item of c.items) {
    if (item.kind === 'repeat') {
      const b = item.body.stats();
      s.numQubits = Math.max(s.numQubits, b.numQubits);
      s.numMeasurements += b.numMeasurements * item.repetitions;
      s.numDetectors += b.numDetectors * item.repetitions;
      s.numObservables = Math.max(s.numObservables, b.numObservables);
      s.numTicks += b.numTicks * item.repetitions;
      s.numSweepBits = Math.max(s.numSweepBits, b.numSweepBits);
      continue;
    }
    const name = item.gate.name;
    // MPAD's targets are result values, not qubits (as Stim counts them).
    if (name !== 'MPAD')
      for (const t of item.targets) {
        if (isQubitTarget(t) || isPauliTarget(t)) s.numQubits = Math.max(s.numQubits, targetValue(t) + 1);
        else if ((t & (1 << 29)) !== 0) s.numSweepBits = Math.max(s.numSweepBits, targetValue(t) + 1);
      }
    s.numMeasurements += measurementCount(item);
    if (name === 'DETECTOR') s.numDetectors++;
    else if (name === 'OBSERVABLE_INCLUDE')
      s.numObservables = Math.max(s.numObservables, (item.args[0] ?? 0) + 1);
    else if (name === 'TICK') s.numTicks++;
  }
  return s;
}

/**
 * Most instructions one run of a circuit may execute once REPEAT blocks are multiplied out:
 * 2^32 ≈ 4.3·10^9, already minutes to hours per shot for the simulators here, while QEC circuits
 * stay far below (a distance-25 surface-code memory experiment over 10^6 rounds executes ~2·10^7).
 * Whatever executes circuits refuses longer runs up front ({@link checkRunLength}) instead of
 * looping for hours on `REPEAT 1099511627776 { H 0 }` (no measurement, so no output bounds it)
 * or nested `REPEAT 1000000000` blocks.
 */
export const MAX_RUN_INSTRUCTIONS = 2 ** 32;

/** Instructions one run executes, REPEAT blocks multiplied out (a float: may exceed 2^53). */
export function runLength(c: Circuit): number {
  let n = 0;
  for (const item of c.items) n += item.kind === 'repeat' ? item.repetitions * runLength(item.body) : 1;
  return n;
}

/**
 * The REPEAT block to blame for a run longer than `limit`: the first top-level block whose
 * expansion alone passes the limit (the outermost of a nest), else the one with the longest
 * expansion; undefined when the circuit has none.
 */
function longestBlock(c: Circuit, limit: number): { block: RepeatBlock; count: number } | undefined {
  let best: { block: RepeatBlock; count: number } | undefined;
  for (const item of c.items) {
    if (item.kind !== 'repeat') continue;
    const count = item.repetitions * runLength(item.body);
    if (count > limit) return { block: item, count };
    if (best === undefined || count > best.count) best = { block: item, count };
  }
  return best;
}

/**
 * Refuses, before anything runs, a circuit that executes more than `limit` (default
 * {@link MAX_RUN_INSTRUCTIONS}) instructions per run, counted statically from the REPEAT counts
 * (O(circuit size), nothing unrolled). The one-line message starts with `file:line:col` of the
 * REPEAT block responsible when the circuit was parsed from text, and says how many instructions
 * the block and the whole run would need.
 * @throws LimitError with details `instructions`, `limit` and the block's `source`/`line`/`column`.
 */
export function checkRunLength(c: Circuit, limit: number = MAX_RUN_INSTRUCTIONS): void {
  const n = runLength(c);
  if (n <= limit) return;
  const culprit = longestBlock(c, limit);
  const pos = culprit === undefined ? undefined : instructionPosition(culprit.block);
  const where = pos === undefined ? '' : `${pos.source}:${pos.line}:${pos.column}: `;
  const what =
    culprit === undefined
      ? `the circuit would execute ${n.toPrecision(3)} instructions per shot`
      : `REPEAT ${culprit.block.repetitions} would execute ${culprit.count.toPrecision(3)} instructions per shot` +
        (culprit.count.toPrecision(3) === n.toPrecision(3) ? '' : ` (the whole circuit ${n.toPrecision(3)})`);
  throw new LimitError(
    `${where}${what} once REPEAT blocks are multiplied out, more than the limit of ${limit.toPrecision(3)}; it would not finish: shorten the REPEAT counts`,
    { instructions: n, limit, ...(pos === undefined ? {} : { ...pos }) },
  );
}

/** Short human-readable form of one instruction, for error messages: `CX 0 1`. */
export function describeInstruction(inst: Instruction): string {
  const args = inst.args.length > 0 ? `(${inst.args.join(', ')})` : '';
  return `${inst.gate.name}${args} ${inst.targets.map(targetToString).join(' ')}`.trim();
}
