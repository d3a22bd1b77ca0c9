/**
 * Circuit → detector error model extraction with Stim's `analyze_errors` semantics.
 *
 * Method (Gidney, "Stim: a fast stabilizer circuit simulator", Quantum 5, 497 (2021), §"detector
 * error models"; Stim's `ErrorAnalyzer`): walk the circuit BACKWARDS keeping, for every qubit q,
 * the sets `xs[q]` / `zs[q]` of detectors and observables whose backward-propagated Pauli
 * sensitivity has an X / Z component on q. An X error on q then flips exactly `zs[q]`, a Z error
 * `xs[q]`, a Y error their symmetric difference. Clifford gates act on the sets through their
 * inverse conjugation; measurements add the detectors/observables that include their record bit;
 * resets and measurements require the sensitivity that anticommutes with their basis to be empty
 * (otherwise a detector/observable is not deterministic). Each noise channel becomes independent
 * mechanisms; identical symptom sets are merged with p ⊕ q = p(1−q) + q(1−p).
 *
 * Sets are immutable sorted `number[]` of encoded targets (detector id d → d, observable k →
 * {@link OBS_BASE} + k, component separator `^` → {@link SEP}); every update builds a new array,
 * so copying the tracker for loop folding is a shallow copy. Detector ids are absolute while
 * analysing and are made relative to `shift_detectors` when the model is emitted.
 */
import { LimitError, QecError, UnsupportedError, ValidationError } from '../base/errors.js';
import type { Gate } from '../gates/gate.js';
import { GATE_FLAGS } from '../gates/gate.js';
import { cliffordAction } from '../gates/clifford-action.js';
import type { Set_ } from './error-sets.js';
import {
  OBS_BASE,
  SEP,
  EMPTY,
  isDet,
  isObs,
  xorSorted,
  toggleSorted,
  setsEqual,
  compareTargets,
  shiftedEquals,
  shiftSet,
  targetName,
  depolarize1ToIndependent,
  depolarize2ToIndependent,
  disjointToIndependentXyz,
} from './error-sets.js';
import {
  isGraphlike,
  splitComponents,
  joinComponents,
  decomposeCombinations,
  bruteForceDecomposition,
  decomposeWithRemnant,
} from './error-decomposition.js';
import type { Circuit, Instruction } from '../circuit/circuit.js';
import { describeInstruction } from '../circuit/circuit.js';
import {
  isCombiner,
  isRecordTarget,
  isSweepTarget,
  pauliXBit,
  pauliZBit,
  targetToString,
  targetValue,
} from '../circuit/target.js';
import type { DemItem, DemSymptom } from './dem.js';
import { DetectorErrorModel } from './dem.js';

export {
  depolarize1ToIndependent,
  depolarize2ToIndependent,
  disjointToIndependentXyz,
} from './error-sets.js';

/** Options of {@link analyzeErrors}. */
export interface AnalyzeErrorsOptions {
  /** Split every error into graphlike components (≤ 2 detectors each) joined by `^`, as Stim's `--decompose_errors`. Default false. */
  decomposeErrors?: boolean;
  /** Emit DEM `repeat` blocks for periodic REPEAT bodies instead of unrolling them. Default true. */
  foldLoops?: boolean;
  /** Turn non-deterministic detectors into 50% errors instead of failing. Default false. */
  allowGaugeDetectors?: boolean;
  /**
   * Allow disjoint channels that have no exact independent decomposition (PAULI_CHANNEL_2,
   * ELSE_CORRELATED_ERROR chains, HERALDED_ERASE, ...) by treating their disjoint probabilities as
   * independent. Default false. A number in [0, 1] is a threshold (as Stim's): only cases whose
   * probability is at most the threshold may be approximated; `true` means 1.
   */
  approximateDisjointErrors?: boolean | number;
  /** With `decomposeErrors`: leave components that cannot be decomposed as they are instead of throwing. Default false. */
  ignoreDecompositionFailures?: boolean;
  /**
   * With `decomposeErrors`: only decompose into symptoms that some error has exactly (no "remnant"
   * edges formed by XOR-ing known symptoms), which may make decomposition fail. Default false.
   */
  blockDecompositionFromIntroducingRemnantEdges?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Reversed model (built while walking backwards, reversed at the end as Stim does).

type RevItem =
  /** A flushed batch of mechanisms, sorted ascending (one item, not one per error: fewer long-lived objects). */
  | { kind: 'errors'; entries: readonly ErrorEntry[] }
  | { kind: 'detector'; coords: readonly number[]; id: number; tag: string }
  | { kind: 'observable'; id: number; tag: string }
  | { kind: 'shift'; coords: readonly number[]; shift: number; tag: string }
  | { kind: 'repeat'; reps: number; body: RevItem[]; tag: string };

function totalDetectorShift(items: readonly RevItem[]): number {
  let s = 0;
  for (const it of items) {
    if (it.kind === 'shift') s += it.shift;
    else if (it.kind === 'repeat') s += it.reps * totalDetectorShift(it.body);
  }
  return s;
}

interface ErrorEntry {
  readonly targets: Set_;
  readonly tag: string;
  readonly hash: number;
  p: number;
  /** Next entry with the same hash (collision chain). */
  next: ErrorEntry | undefined;
}

/** Hash of a target sequence and tag (no string building: this runs once per error case). */
function hashTargets(targets: Set_, tag: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    const v = t < OBS_BASE ? t : t === SEP ? 0x7fffffff : (t - OBS_BASE) ^ 0x5bd1e995;
    h = Math.imul(h ^ v, 0x01000193);
    h ^= h >>> 15;
  }
  for (let i = 0; i < tag.length; i++) h = Math.imul(h ^ tag.charCodeAt(i), 0x01000193);
  return h;
}

/** The accumulated mechanisms, keyed by (targets, tag): a hash map with collision chains. */
class ErrorTable {
  private readonly buckets = new Map<number, ErrorEntry>();

  /** The entry for (targets, tag), created with p = 0 when absent. Keeps `targets` (not copied). */
  entry(targets: Set_, tag: string): ErrorEntry {
    const h = hashTargets(targets, tag);
    const head = this.buckets.get(h);
    for (let e = head; e !== undefined; e = e.next)
      if (e.tag === tag && setsEqual(e.targets, targets)) return e;
    const e: ErrorEntry = { targets, tag, hash: h, p: 0, next: head };
    this.buckets.set(h, e);
    return e;
  }

  delete(entry: ErrorEntry): void {
    let e = this.buckets.get(entry.hash);
    if (e === entry) {
      if (entry.next === undefined) this.buckets.delete(entry.hash);
      else this.buckets.set(entry.hash, entry.next);
      return;
    }
    for (; e !== undefined; e = e.next) {
      if (e.next === entry) {
        e.next = entry.next;
        return;
      }
    }
  }

  /** Entries with non-empty targets and non-zero probability. */
  live(): ErrorEntry[] {
    const out: ErrorEntry[] = [];
    for (const head of this.buckets.values())
      for (let e: ErrorEntry | undefined = head; e !== undefined; e = e.next)
        if (e.targets.length > 0 && e.p !== 0) out.push(e);
    return out;
  }

  clear(): void {
    this.buckets.clear();
  }
}

/**
 * The backward action P ↦ U†·P·U of a Clifford as column sources: new column j (ordered x0, z0,
 * x1, z1) = XOR of the old columns srcs[j].
 */
interface ColumnSources {
  readonly arity: number;
  readonly srcs: readonly (readonly number[])[];
}

/** Column sources by gate id, filled on first use. */
const COLUMN_SOURCES: (ColumnSources | undefined)[] = [];

/**
 * From the gate's shared Clifford action: P has coordinates c over the generators, U†PU =
 * Σ c_g inverseImages[g], so new column j collects the old columns g whose inverse image has bit j.
 */
function columnSources(gate: Gate): ColumnSources {
  const cached = COLUMN_SOURCES[gate.id];
  if (cached !== undefined) return cached;
  const act = cliffordAction(gate);
  if (act === undefined)
    throw new UnsupportedError(`gate ${gate.name} has no tableau; error analysis needs Clifford gates`);
  const m = 2 * act.arity;
  const srcs: number[][] = [];
  for (let j = 0; j < m; j++) {
    const s: number[] = [];
    for (let g = 0; g < m; g++) if (((act.inverseImages[g] >>> j) & 1) !== 0) s.push(g);
    srcs.push(s);
  }
  const cs = { arity: act.arity, srcs };
  COLUMN_SOURCES[gate.id] = cs;
  return cs;
}

/** The mutable state of the backward walk (Stim's SparseUnsignedRevFrameTracker). */
class Tracker {
  xs: Set_[];
  zs: Set_[];
  /** Absolute measurement index → detectors/observables that include that record bit. */
  recBits: Map<number, Set_>;
  numMeasurementsInPast: number;
  numDetectorsInPast: number;

  constructor(numQubits: number, numMeasurements: number, numDetectors: number) {
    this.xs = new Array<Set_>(numQubits).fill(EMPTY);
    this.zs = new Array<Set_>(numQubits).fill(EMPTY);
    this.recBits = new Map();
    this.numMeasurementsInPast = numMeasurements;
    this.numDetectorsInPast = numDetectors;
  }

  copy(): Tracker {
    const t = new Tracker(0, this.numMeasurementsInPast, this.numDetectorsInPast);
    t.xs = this.xs.slice();
    t.zs = this.zs.slice();
    t.recBits = new Map(this.recBits);
    return t;
  }

  /** True when `this` equals `other` after shifting other's detector ids and measurement indices to ours. */
  isShiftedCopy(other: Tracker): boolean {
    const dt = this.numDetectorsInPast - other.numDetectorsInPast;
    const dm = this.numMeasurementsInPast - other.numMeasurementsInPast;
    for (let q = 0; q < this.xs.length; q++) {
      if (!shiftedEquals(other.xs[q], this.xs[q], dt)) return false;
      if (!shiftedEquals(other.zs[q], this.zs[q], dt)) return false;
    }
    if (this.recBits.size !== other.recBits.size) return false;
    for (const [m, s] of other.recBits) {
      const mine = this.recBits.get(m + dm);
      if (mine === undefined || !shiftedEquals(s, mine, dt)) return false;
    }
    return true;
  }

  shift(dm: number, dt: number): void {
    for (let q = 0; q < this.xs.length; q++) {
      this.xs[q] = shiftSet(this.xs[q], dt);
      this.zs[q] = shiftSet(this.zs[q], dt);
    }
    const nb = new Map<number, Set_>();
    for (const [m, s] of this.recBits) nb.set(m + dm, shiftSet(s, dt));
    this.recBits = nb;
    this.numMeasurementsInPast += dm;
    this.numDetectorsInPast += dt;
  }

  toggleRec(index: number, t: number): void {
    const s = toggleSorted(this.recBits.get(index) ?? EMPTY, t);
    if (s.length === 0) this.recBits.delete(index);
    else this.recBits.set(index, s);
  }

  xorRec(index: number, v: Set_): void {
    if (v.length === 0) return;
    const s = xorSorted(this.recBits.get(index) ?? EMPTY, v);
    if (s.length === 0) this.recBits.delete(index);
    else this.recBits.set(index, s);
  }

  /** Pops the record bit of the measurement just undone: returns its set and forgets it. */
  popMeasurement(): Set_ {
    this.numMeasurementsInPast--;
    const idx = this.numMeasurementsInPast;
    const d = this.recBits.get(idx) ?? EMPTY;
    this.recBits.delete(idx);
    return d;
  }
}

/** Canonical gate names in the table are upper case (Stim spelling). */
const nameOf = (gate: Gate): string => gate.name;

const SCRATCH_STORED: Set_[] = new Array<Set_>(16).fill(EMPTY);
const SCRATCH_MASKS: number[] = new Array<number>(16).fill(0);
const SCRATCH_INVOLVED: number[] = [];

class Analyzer {
  tracker: Tracker;
  errors = new ErrorTable();
  rev: RevItem[] = [];
  accumulate = true;
  /** Keep components that cannot be decomposed instead of failing (Stim's ignore_decomposition_failures). */
  ignoreDecompositionFailures = false;
  /** Never decompose with a remnant edge that no single error has (Stim's block_decomposition_from_introducing_remnant_edges). */
  blockRemnantEdges = false;

  constructor(
    readonly circuit: Circuit,
    readonly decompose: boolean,
    readonly foldLoops: boolean,
    readonly allowGauge: boolean,
    readonly disjointThreshold: number,
    tracker: Tracker,
  ) {
    this.tracker = tracker;
  }

  // ------------------------------------------------------------------ error accumulation

  addError(p: number, targets: Set_, tag: string): Set_ {
    if (!this.accumulate) return targets;
    const e = this.errors.entry(targets, tag);
    e.p = e.p * (1 - p) + (1 - e.p) * p;
    return e.targets;
  }

  // ------------------------------------------------------------------ gauge checks

  private checkGauge(set: Set_, context: string, qubit: number, inst: Instruction | undefined): void {
    if (set.length === 0) return;
    let hasObs = false;
    for (const t of set) if (isObs(t)) hasObs = true;
    if (this.allowGauge && !hasObs) {
      this.removeGauge(this.addError(0.5, set, inst?.tag ?? ''));
      return;
    }
    const dets = set.filter(isDet);
    const obs = set.filter(isObs).map((t) => t - OBS_BASE);
    const coords = detectorCoordinates(this.circuit, dets);
    const named = set.map((t) => {
      const c = isDet(t) ? coords.get(t) : undefined;
      return c !== undefined && c.length > 0 ? `${targetName(t)} [coords (${c.join(', ')})]` : targetName(t);
    });
    const what =
      obs.length > 0 && (dets.length === 0 || this.allowGauge)
        ? 'non-deterministic observables'
        : obs.length > 0
          ? 'non-deterministic detectors and observables'
          : 'non-deterministic detectors';
    const where = inst === undefined ? context : `${context} (instruction \`${describeInstruction(inst)}\`)`;
    const fix =
      obs.length > 0
        ? 'Error analysis requires deterministic observables: include the measurements that make the observable deterministic.'
        : 'Fix the DETECTOR definitions, or pass allowGaugeDetectors to treat them as 50% errors.';
    // The backward-propagated Pauli of each (first few) culprit at this point, as Stim reports it.
    const tr = this.tracker;
    const sensitivities = set.slice(0, 4).map((t) => {
      const terms: string[] = [];
      for (let q = 0; q < tr.xs.length; q++) {
        const x = tr.xs[q].includes(t);
        const z = tr.zs[q].includes(t);
        if (x || z) terms.push(`${x ? (z ? 'Y' : 'X') : 'Z'}${q}`);
      }
      return `${targetName(t)}: ${terms.length > 0 ? terms.join('*') : '(none)'}`;
    });
    throw new ValidationError(
      `The circuit contains ${what}: ${named.join(', ')}. This was discovered while analyzing ${where} on qubit ${qubit}: ` +
        `the collapse anticommutes with their backward-propagated sensitivity, so without noise they would be random. ${fix} ` +
        `Their sensitivity at the collapse: ${sensitivities.join('; ')}${set.length > 4 ? '; ...' : ''}.`,
      {
        detectors: dets,
        observables: obs,
        qubit,
        instruction: inst === undefined ? undefined : describeInstruction(inst),
      },
    );
  }

  private checkGauge2(a: Set_, b: Set_, context: string, qubit: number, inst: Instruction | undefined): void {
    if (setsEqual(a, b)) return;
    this.checkGauge(xorSorted(a, b), context, qubit, inst);
  }

  private removeGauge(sorted: Set_): void {
    if (sorted.length === 0) return;
    const max = sorted[sorted.length - 1];
    const tr = this.tracker;
    for (let q = 0; q < tr.xs.length; q++) {
      if (tr.xs[q].includes(max)) tr.xs[q] = xorSorted(tr.xs[q], sorted);
      if (tr.zs[q].includes(max)) tr.zs[q] = xorSorted(tr.zs[q], sorted);
    }
  }

  // ------------------------------------------------------------------ resets and measurements

  private resetZ(q: number, ctx: string, inst: Instruction): void {
    const tr = this.tracker;
    this.checkGauge(tr.xs[q], ctx, q, inst);
    tr.xs[q] = EMPTY;
    tr.zs[q] = EMPTY;
  }
  private resetX(q: number, ctx: string, inst: Instruction): void {
    const tr = this.tracker;
    this.checkGauge(tr.zs[q], ctx, q, inst);
    tr.xs[q] = EMPTY;
    tr.zs[q] = EMPTY;
  }
  private resetY(q: number, ctx: string, inst: Instruction): void {
    const tr = this.tracker;
    this.checkGauge2(tr.xs[q], tr.zs[q], ctx, q, inst);
    tr.xs[q] = EMPTY;
    tr.zs[q] = EMPTY;
  }
  private measureFlip(d: Set_, inst: Instruction): void {
    if (inst.args.length > 0 && inst.args[0] > 0) this.addError(inst.args[0], d, inst.tag);
  }
  private measureZ(q: number, ctx: string, inst: Instruction): void {
    const tr = this.tracker;
    const d = tr.popMeasurement();
    this.measureFlip(d, inst);
    tr.zs[q] = xorSorted(tr.zs[q], d);
    this.checkGauge(tr.xs[q], ctx, q, inst);
  }
  private measureX(q: number, ctx: string, inst: Instruction): void {
    const tr = this.tracker;
    const d = tr.popMeasurement();
    this.measureFlip(d, inst);
    tr.xs[q] = xorSorted(tr.xs[q], d);
    this.checkGauge(tr.zs[q], ctx, q, inst);
  }
  private measureY(q: number, ctx: string, inst: Instruction): void {
    const tr = this.tracker;
    const d = tr.popMeasurement();
    this.measureFlip(d, inst);
    tr.xs[q] = xorSorted(tr.xs[q], d);
    tr.zs[q] = xorSorted(tr.zs[q], d);
    this.checkGauge2(tr.xs[q], tr.zs[q], ctx, q, inst);
  }

  /** Undo the measurement of one Pauli product (targets are Pauli targets). */
  private measureProduct(product: readonly number[], ctx: string, inst: Instruction): void {
    const tr = this.tracker;
    const d = tr.popMeasurement();
    this.measureFlip(d, inst);
    for (const t of product) {
      const q = targetValue(t);
      if (pauliXBit(t)) tr.xs[q] = xorSorted(tr.xs[q], d);
      if (pauliZBit(t)) tr.zs[q] = xorSorted(tr.zs[q], d);
    }
    let anti: Set_ = EMPTY;
    for (const t of product) {
      const q = targetValue(t);
      if (pauliXBit(t)) anti = xorSorted(anti, tr.zs[q]);
      if (pauliZBit(t)) anti = xorSorted(anti, tr.xs[q]);
    }
    this.checkGauge(anti, ctx, product.length > 0 ? targetValue(product[0]) : 0, inst);
  }

  /** SPP / SPP_DAG: exp(±iπ/4 P) maps an anticommuting Q to ±i·P·Q, so those sensitivities gain P. */
  private pauliProductRotation(product: readonly number[]): void {
    const tr = this.tracker;
    let anti: Set_ = EMPTY;
    for (const t of product) {
      const q = targetValue(t);
      if (pauliXBit(t)) anti = xorSorted(anti, tr.zs[q]);
      if (pauliZBit(t)) anti = xorSorted(anti, tr.xs[q]);
    }
    if (anti.length === 0) return;
    for (const t of product) {
      const q = targetValue(t);
      if (pauliXBit(t)) tr.xs[q] = xorSorted(tr.xs[q], anti);
      if (pauliZBit(t)) tr.zs[q] = xorSorted(tr.zs[q], anti);
    }
  }

  // ------------------------------------------------------------------ classical control

  private feedback(control: number, target: number, x: boolean, z: boolean): void {
    if (isSweepTarget(control)) return;
    const tr = this.tracker;
    const idx = tr.numMeasurementsInPast - targetValue(control);
    if (x) tr.xorRec(idx, tr.xs[target]);
    if (z) tr.xorRec(idx, tr.zs[target]);
  }

  /** A controlled Pauli with a classical bit: `kind` is the Pauli applied to the quantum target. */
  private classicalControl(inst: Instruction, c: number, t: number, kind: 'X' | 'Y' | 'Z'): boolean {
    const cBit = isRecordTarget(c) || isSweepTarget(c);
    const tBit = isRecordTarget(t) || isSweepTarget(t);
    if (!cBit && !tBit) return false;
    if (kind === 'Z') {
      if (cBit && !tBit) this.feedback(c, targetValue(t), true, false);
      else if (tBit && !cBit) this.feedback(t, targetValue(c), true, false);
      return true;
    }
    if (tBit)
      throw new ValidationError(
        `${describeInstruction(inst)}: the classical bit ${targetToString(t)} is the target of a controlled ${kind}; only the control of a controlled Pauli may be a measurement record or sweep bit`,
      );
    this.feedback(c, targetValue(t), kind === 'Y', true);
    return true;
  }

  // ------------------------------------------------------------------ noise

  private requireDisjoint(name: string, probs: readonly number[], allowSingle: boolean): void {
    if (allowSingle) {
      let n = 0;
      for (const p of probs) if (p > 0) n++;
      if (n <= 1) return;
    }
    if (this.disjointThreshold === 0)
      throw new UnsupportedError(
        `${name} has disjoint cases with no exact independent-error decomposition; pass approximateDisjointErrors (CLI: --approximate-disjoint-errors) to treat its probabilities as independent`,
        { gate: name },
      );
    for (const p of probs)
      if (p > this.disjointThreshold)
        throw new UnsupportedError(
          `${name} has a probability argument (${p}) larger than the approximateDisjointErrors threshold (${this.disjointThreshold})`,
        );
  }

  /** Stim's add_error_combinations: all 2^s − 1 products of s basis symptoms, optionally decomposed. */
  private addCombinations(probs: number[], basis: readonly Set_[], disjoint: boolean, tag: string): void {
    const s = basis.length;
    const n = 1 << s;
    // Scratch reused across calls (this runs once per channel target): only references are kept.
    const stored = SCRATCH_STORED;
    const masks = SCRATCH_MASKS;
    const involved = SCRATCH_INVOLVED;
    involved.length = 0;
    for (let k = 0; k < n; k++) {
      stored[k] = EMPTY;
      masks[k] = 0;
    }
    for (let k = 0; k < s; k++) {
      stored[1 << k] = basis[k];
      if (this.decompose) {
        for (const id of basis[k]) {
          if (!isDet(id)) continue;
          let r = involved.indexOf(id);
          if (r < 0) {
            if (involved.length >= 30)
              throw new UnsupportedError(
                `an error case of a composite channel flips more than 30 detectors (${basis.map((b) => b.map(targetName).join(' ')).join(' | ')}); cannot decompose it`,
              );
            r = involved.length;
            involved.push(id);
          }
          masks[1 << k] ^= 1 << r;
        }
      }
    }
    for (let k = 3; k < n; k++) {
      const c1 = k & (k - 1);
      const c2 = k ^ c1;
      if (c1 !== 0) {
        stored[k] = xorSorted(stored[c1], stored[c2]);
        masks[k] = masks[c1] ^ masks[c2];
      }
    }
    if (this.decompose) decomposeCombinations(masks, stored, n);
    if (disjoint) {
      // Cases whose symptoms differ by an empty symptom are indistinguishable: merge their (disjoint) probabilities.
      for (let k = 1; k < n; k++) {
        if (stored[k].length !== 0) continue;
        for (let dst = 0; dst < n; dst++) {
          const src = dst ^ k;
          if (src > dst) {
            probs[dst] += probs[src];
            probs[src] = 0;
          }
        }
      }
    }
    for (let k = 1; k < n; k++) if (probs[k] !== 0) this.addError(probs[k], stored[k], tag);
  }

  private compositeError(p: number, targets: readonly number[], tag: string): void {
    const tr = this.tracker;
    let acc: Set_ = EMPTY;
    for (const t of targets) {
      if (isCombiner(t)) continue;
      const q = targetValue(t);
      if (pauliZBit(t)) acc = xorSorted(acc, tr.xs[q]);
      if (pauliXBit(t)) acc = xorSorted(acc, tr.zs[q]);
    }
    this.addError(p, acc, tag);
  }

  private correlatedBlock(block: Instruction[]): void {
    // `block` is in backward order: the ELSE_CORRELATED_ERRORs (last first), then the E that starts the chain.
    if (!this.accumulate) return;
    if (block.length === 1) {
      this.compositeError(block[0].args[0], block[0].targets, block[0].tag);
      return;
    }
    this.requireDisjoint('ELSE_CORRELATED_ERROR', [], false);
    let remaining = 1;
    for (let k = block.length - 1; k >= 0; k--) {
      const inst = block[k];
      const actual = inst.args[0] * remaining;
      remaining *= 1 - inst.args[0];
      if (actual > this.disjointThreshold)
        throw new UnsupportedError(
          `CORRELATED_ERROR/ELSE_CORRELATED_ERROR chain has a case probability ${actual} above the approximateDisjointErrors threshold ${this.disjointThreshold}`,
        );
      this.compositeError(actual, inst.targets, inst.tag);
    }
  }

  // ------------------------------------------------------------------ the walk

  undoCircuit(circuit: Circuit): void {
    const items = circuit.items;
    const stacked: Instruction[] = [];
    for (let k = items.length - 1; k >= 0; k--) {
      const it = items[k];
      if (it.kind === 'repeat') {
        if (stacked.length > 0) throw elseError();
        this.runLoop(it.body, it.repetitions, it.tag);
        continue;
      }
      const name = nameOf(it.gate);
      if (name === 'ELSE_CORRELATED_ERROR') {
        stacked.push(it);
        continue;
      }
      if (name === 'E' || name === 'CORRELATED_ERROR') {
        stacked.push(it);
        this.correlatedBlock(stacked);
        stacked.length = 0;
        continue;
      }
      if (stacked.length > 0) throw elseError();
      this.undoInstruction(it, name);
    }
    if (stacked.length > 0) throw elseError();
  }

  /**
   * Undoes one instruction (the walk goes backward): annotations, measurements and resets, noise
   * channels and unitaries each have their handler.
   */
  private undoInstruction(inst: Instruction, name: string): void {
    if (
      this.undoAnnotation(inst, name) ||
      this.undoMeasurementOrReset(inst, name) ||
      this.undoNoise(inst, name)
    )
      return;
    this.undoUnitary(inst, name);
  }

  /** Identity-like instructions, coordinates, DETECTOR and OBSERVABLE_INCLUDE. False when `name` is not of this family. */
  private undoAnnotation(inst: Instruction, name: string): boolean {
    const tr = this.tracker;
    const t = inst.targets;
    const args = inst.args;
    switch (name) {
      case 'TICK':
      case 'QUBIT_COORDS':
      case 'I':
      case 'II':
      case 'I_ERROR':
      case 'II_ERROR':
        return true;
      case 'SHIFT_COORDS':
        this.rev.push({ kind: 'shift', coords: args, shift: 0, tag: inst.tag });
        return true;
      case 'DETECTOR': {
        tr.numDetectorsInPast--;
        const id = tr.numDetectorsInPast;
        for (const x of t) tr.toggleRec(tr.numMeasurementsInPast - targetValue(x), id);
        this.rev.push({ kind: 'detector', coords: args, id, tag: inst.tag });
        return true;
      }
      case 'OBSERVABLE_INCLUDE': {
        const k = args[0] ?? 0;
        const id = OBS_BASE + k;
        for (const x of t) {
          if (isRecordTarget(x)) tr.toggleRec(tr.numMeasurementsInPast - targetValue(x), id);
          else {
            const q = targetValue(x);
            if (pauliXBit(x)) tr.xs[q] = toggleSorted(tr.xs[q], id);
            if (pauliZBit(x)) tr.zs[q] = toggleSorted(tr.zs[q], id);
          }
        }
        this.rev.push({ kind: 'observable', id: k, tag: inst.tag });
        return true;
      }
      default:
        return false;
    }
  }

  /** Measurements, resets, demolition measurements, MPAD, Pauli products (MPP, SPP) and pair measurements. False when `name` is not of this family. */
  private undoMeasurementOrReset(inst: Instruction, name: string): boolean {
    const tr = this.tracker;
    const t = inst.targets;
    switch (name) {
      case 'M':
      case 'MZ':
        for (let i = t.length - 1; i >= 0; i--)
          this.measureZ(targetValue(t[i]), 'a Z-basis measurement (M)', inst);
        return true;
      case 'MX':
        for (let i = t.length - 1; i >= 0; i--)
          this.measureX(targetValue(t[i]), 'an X-basis measurement (MX)', inst);
        return true;
      case 'MY':
        for (let i = t.length - 1; i >= 0; i--)
          this.measureY(targetValue(t[i]), 'a Y-basis measurement (MY)', inst);
        return true;
      case 'R':
      case 'RZ':
        for (let i = t.length - 1; i >= 0; i--) this.resetZ(targetValue(t[i]), 'a Z-basis reset (R)', inst);
        return true;
      case 'RX':
        for (let i = t.length - 1; i >= 0; i--) this.resetX(targetValue(t[i]), 'an X-basis reset (RX)', inst);
        return true;
      case 'RY':
        for (let i = t.length - 1; i >= 0; i--) this.resetY(targetValue(t[i]), 'a Y-basis reset (RY)', inst);
        return true;
      case 'MR':
      case 'MRZ':
        for (let i = t.length - 1; i >= 0; i--) {
          const ctx = 'a Z-basis demolition measurement (MR)';
          this.resetZ(targetValue(t[i]), ctx, inst);
          this.measureZ(targetValue(t[i]), ctx, inst);
        }
        return true;
      case 'MRX':
        for (let i = t.length - 1; i >= 0; i--) {
          const ctx = 'an X-basis demolition measurement (MRX)';
          this.resetX(targetValue(t[i]), ctx, inst);
          this.measureX(targetValue(t[i]), ctx, inst);
        }
        return true;
      case 'MRY':
        for (let i = t.length - 1; i >= 0; i--) {
          const ctx = 'a Y-basis demolition measurement (MRY)';
          this.resetY(targetValue(t[i]), ctx, inst);
          this.measureY(targetValue(t[i]), ctx, inst);
        }
        return true;
      case 'MPAD':
        for (let i = t.length - 1; i >= 0; i--) this.measureFlip(tr.popMeasurement(), inst);
        return true;
      case 'MPP':
      case 'SPP':
      case 'SPP_DAG': {
        const products = splitProducts(t);
        for (let i = products.length - 1; i >= 0; i--) {
          if (name === 'MPP') this.measureProduct(products[i], 'a Pauli product measurement (MPP)', inst);
          else this.pauliProductRotation(products[i]);
        }
        return true;
      }
      case 'MXX':
      case 'MYY':
      case 'MZZ': {
        const p = name === 'MXX' ? 1 : name === 'MYY' ? 3 : 2;
        const bits = ((p & 1) !== 0 ? 1 << 25 : 0) | ((p & 2) !== 0 ? 1 << 26 : 0);
        for (let i = t.length - 2; i >= 0; i -= 2)
          this.measureProduct(
            [targetValue(t[i]) | bits, targetValue(t[i + 1]) | bits],
            `a pair measurement (${name})`,
            inst,
          );
        return true;
      }
      default:
        return false;
    }
  }

  /** Pauli noise channels: their error mechanisms are added with the current sensitivity of the targets. False when `name` is not of this family. */
  private undoNoise(inst: Instruction, name: string): boolean {
    const tr = this.tracker;
    const t = inst.targets;
    const args = inst.args;
    switch (name) {
      case 'X_ERROR':
        if (this.accumulate) for (const x of t) this.addError(args[0], tr.zs[targetValue(x)], inst.tag);
        return true;
      case 'Z_ERROR':
        if (this.accumulate) for (const x of t) this.addError(args[0], tr.xs[targetValue(x)], inst.tag);
        return true;
      case 'Y_ERROR':
        if (this.accumulate)
          for (const x of t) {
            const q = targetValue(x);
            this.addError(args[0], xorSorted(tr.xs[q], tr.zs[q]), inst.tag);
          }
        return true;
      case 'DEPOLARIZE1': {
        if (args[0] > 0.75)
          throw new ValidationError(
            `cannot analyze over-mixing ${describeInstruction(inst)} (probability > 3/4)`,
          );
        if (!this.accumulate) return true;
        const p = depolarize1ToIndependent(args[0]);
        const probs = [0, p, p, p];
        for (const x of t) {
          const q = targetValue(x);
          this.addCombinations(probs, [tr.xs[q], tr.zs[q]], false, inst.tag);
        }
        return true;
      }
      case 'DEPOLARIZE2': {
        if (args[0] > 15 / 16)
          throw new ValidationError(
            `cannot analyze over-mixing ${describeInstruction(inst)} (probability > 15/16)`,
          );
        if (!this.accumulate) return true;
        const p = depolarize2ToIndependent(args[0]);
        // Not disjoint, so addCombinations leaves `probs` unchanged and it can be shared.
        const probs = new Array<number>(16).fill(p);
        probs[0] = 0;
        for (let i = 0; i < t.length; i += 2) {
          const a = targetValue(t[i]);
          const b = targetValue(t[i + 1]);
          this.addCombinations(probs, [tr.xs[a], tr.zs[a], tr.xs[b], tr.zs[b]], false, inst.tag);
        }
        return true;
      }
      case 'PAULI_CHANNEL_1': {
        const ind = disjointToIndependentXyz(args[0], args[1], args[2]);
        let ix = args[0];
        let iy = args[1];
        let iz = args[2];
        if (ind === undefined) this.requireDisjoint('PAULI_CHANNEL_1', args, true);
        else [ix, iy, iz] = ind;
        if (!this.accumulate) return true;
        for (const x of t) {
          const q = targetValue(x);
          this.addCombinations([0, ix, iz, iy], [tr.zs[q], tr.xs[q]], ind === undefined, inst.tag);
        }
        return true;
      }
      case 'PAULI_CHANNEL_2': {
        this.requireDisjoint('PAULI_CHANNEL_2', args, true);
        if (!this.accumulate) return true;
        // Case index bits: (x_b, z_b, x_a, z_a); args are ordered IX, IY, IZ, XI, ... (first qubit major).
        const probs = new Array<number>(16).fill(0);
        const xz = [0, 1, 3, 2]; // pauli 0..3 = I, X, Y, Z → (x | z << 1)
        for (let k = 0; k < 15; k++) probs[xz[(k + 1) & 3] | (xz[((k + 1) >> 2) & 3] << 2)] = args[k];
        for (let i = 0; i < t.length; i += 2) {
          const a = targetValue(t[i]);
          const b = targetValue(t[i + 1]);
          this.addCombinations(probs.slice(), [tr.zs[b], tr.xs[b], tr.zs[a], tr.xs[a]], true, inst.tag);
        }
        return true;
      }
      case 'HERALDED_ERASE':
      case 'HERALDED_PAULI_CHANNEL_1': {
        let probs: number[];
        if (name === 'HERALDED_ERASE') {
          this.requireDisjoint(name, args, false);
          const p = args[0] / 4;
          probs = [Math.max(0, 1 - 4 * p), 0, 0, 0, p, p, p, p];
        } else {
          this.requireDisjoint(name, args, true);
          const [hi, hx, hy, hz] = args;
          probs = [Math.max(0, 1 - hi - hx - hy - hz), 0, 0, 0, hi, hz, hx, hy];
        }
        for (let i = t.length - 1; i >= 0; i--) {
          const q = targetValue(t[i]);
          const herald = tr.popMeasurement();
          if (this.accumulate)
            this.addCombinations(probs.slice(), [tr.xs[q], tr.zs[q], herald], true, inst.tag);
        }
        return true;
      }
      default:
        return false;
    }
  }

  /** A Clifford unitary, including classically controlled Paulis; anything else is unsupported. */
  private undoUnitary(inst: Instruction, name: string): void {
    const t = inst.targets;
    const gate = inst.gate;
    if ((gate.flags & GATE_FLAGS.STABILIZER) === 0 || (gate.flags & GATE_FLAGS.NON_PAULI_NOISE) !== 0)
      throw new UnsupportedError(
        `error analysis supports stabilizer circuits only; ${describeInstruction(inst)} is not a Clifford operation or Pauli channel`,
        { gate: gate.name },
      );
    if ((gate.flags & GATE_FLAGS.UNITARY) === 0 || gate.tableau === undefined)
      throw new UnsupportedError(
        `error analysis does not handle ${gate.name} (${describeInstruction(inst)})`,
        {
          gate: gate.name,
        },
      );
    if ((gate.flags & GATE_FLAGS.CAN_TARGET_BITS) !== 0) {
      const kind = classicalKind(name);
      if (kind !== undefined) {
        // Process pairs in reverse; pairs with bits are classical feedback, others quantum.
        const act = columnSources(gate);
        for (let i = t.length - 2; i >= 0; i -= 2) {
          const [c, tt] = kind.swap ? [t[i + 1], t[i]] : [t[i], t[i + 1]];
          if (!this.classicalControl(inst, c, tt, kind.pauli)) this.applyClifford(act, t, i);
        }
        return;
      }
    }
    const act = columnSources(gate);
    const a = act.arity;
    for (let i = t.length - a; i >= 0; i -= a) this.applyClifford(act, t, i);
  }

  private applyClifford(act: ColumnSources, t: readonly number[], at: number): void {
    const tr = this.tracker;
    const a = act.arity;
    if (a === 1) {
      const q = targetValue(t[at]);
      const cols = [tr.xs[q], tr.zs[q]];
      tr.xs[q] = combine(cols, act.srcs[0]);
      tr.zs[q] = combine(cols, act.srcs[1]);
      return;
    }
    const cols: Set_[] = [];
    for (let k = 0; k < a; k++) {
      const q = targetValue(t[at + k]);
      cols.push(tr.xs[q], tr.zs[q]);
    }
    for (let k = 0; k < a; k++) {
      const q = targetValue(t[at + k]);
      tr.xs[q] = combine(cols, act.srcs[2 * k]);
      tr.zs[q] = combine(cols, act.srcs[2 * k + 1]);
    }
  }

  // ------------------------------------------------------------------ loops

  private runLoop(body: Circuit, iterations: number, tag: string): void {
    if (!this.foldLoops) {
      for (let k = 0; k < iterations; k++) this.undoCircuit(body);
      return;
    }
    let hareIter = 0;
    let tortoiseIter = 0;
    const hare = new Analyzer(
      this.circuit,
      false,
      true,
      this.allowGauge,
      this.disjointThreshold,
      this.tracker.copy(),
    );
    hare.accumulate = false;
    // Tortoise-and-hare cycle finding on the tracker state up to a shift of ids (Floyd).
    while (hareIter < iterations) {
      try {
        hare.undoCircuit(body);
      } catch (e) {
        if (!(e instanceof QecError)) throw e;
        hareIter = iterations; // let the tortoise hit the error with full context
        break;
      }
      hareIter++;
      if (hare.tracker.isShiftedCopy(this.tracker)) break;
      if (hareIter % 2 === 0) {
        this.undoCircuit(body);
        tortoiseIter++;
        if (hare.tracker.isShiftedCopy(this.tracker)) break;
      }
    }
    if (hareIter < iterations) {
      const period = hareIter - tortoiseIter;
      const periodIterations = Math.floor((iterations - tortoiseIter) / period);
      const detectorsPerPeriod = this.tracker.numDetectorsInPast - hare.tracker.numDetectorsInPast;
      const measurementsPerPeriod = this.tracker.numMeasurementsInPast - hare.tracker.numMeasurementsInPast;
      if (periodIterations > 1) {
        this.flush();
        const outer = this.rev;
        this.rev = [];
        const skipped = periodIterations - 1;
        this.tracker.shift(-skipped * measurementsPerPeriod, -skipped * detectorsPerPeriod);
        tortoiseIter += skipped * period;
        for (let k = 0; k < period; k++) {
          this.undoCircuit(body);
          tortoiseIter++;
        }
        this.flush();
        const inner = this.rev;
        const remaining = detectorsPerPeriod - totalDetectorShift(inner);
        if (remaining > 0) {
          const first = inner[0];
          if (first !== undefined && first.kind === 'shift')
            inner[0] = { ...first, shift: first.shift + remaining };
          else inner.unshift({ kind: 'shift', coords: [], shift: remaining, tag: '' });
        }
        outer.push({ kind: 'repeat', reps: periodIterations, body: inner, tag });
        this.rev = outer;
      }
    }
    while (tortoiseIter < iterations) {
      this.undoCircuit(body);
      tortoiseIter++;
    }
  }

  postCheckInitialization(): void {
    const tr = this.tracker;
    for (let q = 0; q < tr.xs.length; q++)
      this.checkGauge(tr.xs[q], 'qubit initialization into |0> at the start of the circuit', q, undefined);
  }

  // ------------------------------------------------------------------ flushing

  flush(): void {
    if (this.decompose) this.globalDecomposition();
    const entries = this.errors.live();
    entries.sort(compareEntries);
    if (entries.length > 0) this.rev.push({ kind: 'errors', entries });
    this.errors.clear();
  }

  /** Stim's global decomposition pass: rewrite non-graphlike errors using graphlike symptoms that exist. */
  private globalDecomposition(): void {
    const entries = this.errors.live();
    if (!entries.some((e) => !isGraphlike(e.targets))) return;
    entries.sort(compareEntries);
    const known = new Map<string, Set_>();
    for (const e of entries) {
      for (const comp of splitComponents(e.targets)) {
        const dets = comp.filter(isDet);
        if (dets.length === 1 || dets.length === 2) known.set(dets.join(','), comp);
      }
    }
    const rewrites: [ErrorEntry, Set_][] = [];
    for (const e of entries) {
      if (isGraphlike(e.targets)) continue;
      const parts: Set_[] = [];
      for (const comp of splitComponents(e.targets)) {
        const found = bruteForceDecomposition(comp, known);
        if (found !== undefined) {
          parts.push(...found);
          continue;
        }
        const remnant = this.blockRemnantEdges ? undefined : decomposeWithRemnant(comp, known);
        if (remnant !== undefined) {
          parts.push(...remnant);
          continue;
        }
        if (this.ignoreDecompositionFailures) {
          parts.push(comp);
          continue;
        }
        throw new UnsupportedError(
          `failed to decompose an error into graphlike components with at most two detectors each: the component '${comp.map(targetName).join(' ')}' ` +
            `(of error '${e.targets.map(targetName).join(' ')}') is not a combination of existing single- or two-detector errors. ` +
            'Analyze without decomposeErrors, pass ignoreDecompositionFailures to keep such components as they are, or add noise that provides the missing graphlike errors.',
          { component: comp.map(targetName) },
        );
      }
      rewrites.push([e, joinComponents(parts)]);
    }
    for (const [e, targets] of rewrites) {
      this.errors.delete(e);
      this.addError(e.p, targets, e.tag);
    }
  }
}

function elseError(): ValidationError {
  return new ValidationError(
    'ELSE_CORRELATED_ERROR must directly follow a CORRELATED_ERROR (E) or another ELSE_CORRELATED_ERROR',
  );
}

function classicalKind(name: string): { pauli: 'X' | 'Y' | 'Z'; swap: boolean } | undefined {
  switch (name) {
    case 'CX':
    case 'ZCX':
    case 'CNOT':
      return { pauli: 'X', swap: false };
    case 'CY':
    case 'ZCY':
      return { pauli: 'Y', swap: false };
    case 'CZ':
    case 'ZCZ':
      return { pauli: 'Z', swap: false };
    case 'XCZ':
      return { pauli: 'X', swap: true };
    case 'YCZ':
      return { pauli: 'Y', swap: true };
    default:
      return undefined;
  }
}

function combine(cols: readonly Set_[], srcs: readonly number[]): Set_ {
  if (srcs.length === 0) return EMPTY;
  let acc = cols[srcs[0]];
  for (let i = 1; i < srcs.length; i++) acc = xorSorted(acc, cols[srcs[i]]);
  return acc;
}

function splitProducts(targets: readonly number[]): number[][] {
  const out: number[][] = [];
  let cur: number[] = [];
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    if (isCombiner(t)) continue;
    cur.push(t);
    if (i + 1 >= targets.length || !isCombiner(targets[i + 1])) {
      out.push(cur);
      cur = [];
    }
  }
  return out;
}

function compareEntries(a: ErrorEntry, b: ErrorEntry): number {
  const c = compareTargets(a.targets, b.targets);
  if (c !== 0) return c;
  return a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0;
}

/**
 * Coordinates (with SHIFT_COORDS applied) of the given absolute detector ids, for error messages.
 * Walks the circuit once, skipping whole REPEAT iterations that contain none of the ids.
 */
function detectorCoordinates(circuit: Circuit, ids: readonly number[]): Map<number, number[]> {
  const want = new Set(ids);
  const out = new Map<number, number[]>();
  if (want.size === 0) return out;
  const counts = new Map<Circuit, { dets: number; shift: number[] }>();
  const summary = (c: Circuit): { dets: number; shift: number[] } => {
    let s = counts.get(c);
    if (s !== undefined) return s;
    s = { dets: 0, shift: [] };
    for (const it of c.items) {
      if (it.kind === 'repeat') {
        const b = summary(it.body);
        s.dets += b.dets * it.repetitions;
        b.shift.forEach((v, i) => (s.shift[i] = (s.shift[i] ?? 0) + v * it.repetitions));
      } else if (nameOf(it.gate) === 'DETECTOR') s.dets++;
      else if (nameOf(it.gate) === 'SHIFT_COORDS')
        it.args.forEach((v, i) => (s.shift[i] = (s.shift[i] ?? 0) + v));
    }
    counts.set(c, s);
    return s;
  };
  let next = 0;
  const shift: number[] = [];
  const walk = (c: Circuit): void => {
    for (const it of c.items) {
      if (out.size === want.size) return;
      if (it.kind === 'repeat') {
        const b = summary(it.body);
        for (let r = 0; r < it.repetitions; r++) {
          let any = false;
          for (const id of want) if (id >= next && id < next + b.dets) any = true;
          if (any) walk(it.body);
          else {
            next += b.dets;
            b.shift.forEach((v, i) => (shift[i] = (shift[i] ?? 0) + v));
          }
        }
      } else if (nameOf(it.gate) === 'DETECTOR') {
        if (want.has(next))
          out.set(
            next,
            it.args.map((v, i) => v + (shift[i] ?? 0)),
          );
        next++;
      } else if (nameOf(it.gate) === 'SHIFT_COORDS')
        it.args.forEach((v, i) => (shift[i] = (shift[i] ?? 0) + v));
    }
  };
  walk(circuit);
  return out;
}

/** Converts the reversed model into DEM items with relative detector ids (Stim's `unreversed`). */
interface UnreverseState {
  /** Sum of the shift_detectors seen so far (absolute id = relative id + base). */
  base: number;
  /** seenDetectors[d] = 1 once detector d appeared in an emitted error (absolute ids). */
  readonly seenDetectors: Uint8Array;
  readonly seenObservables: Set<number>;
}

function unreverseError(e: ErrorEntry, state: UnreverseState): DemItem {
  // One pass over the targets: split at separators, make ids relative, mark them seen. A
  // single detector-only component at base 0 shares the (immutable) targets array: these
  // objects live as long as the model, so every allocation saved is a copy the GC skips.
  const ts = e.targets;
  const n = ts.length;
  let hasObsOrSep = false;
  for (let k = 0; k < n; k++) {
    const t = ts[k];
    if (t < OBS_BASE) state.seenDetectors[t] = 1;
    else {
      hasObsOrSep = true;
      if (t !== SEP) state.seenObservables.add(t - OBS_BASE);
    }
  }
  let components: DemSymptom[];
  if (!hasObsOrSep && state.base === 0) {
    components = [{ detectors: ts, observables: EMPTY }];
  } else {
    components = [];
    let dets: number[] = [];
    let obs: number[] = [];
    for (let k = 0; k < n; k++) {
      const t = ts[k];
      if (t === SEP) {
        components.push({ detectors: dets, observables: obs.length === 0 ? EMPTY : obs });
        dets = [];
        obs = [];
      } else if (t < OBS_BASE) dets.push(t - state.base);
      else obs.push(t - OBS_BASE);
    }
    components.push({ detectors: dets, observables: obs.length === 0 ? EMPTY : obs });
  }
  return { kind: 'error', probability: e.p, components, tag: e.tag };
}

function unreverse(rev: readonly RevItem[], state: UnreverseState): DemItem[] {
  const out: DemItem[] = [];
  for (let i = rev.length - 1; i >= 0; i--) {
    const e = rev[i];
    switch (e.kind) {
      case 'shift':
        state.base += e.shift;
        out.push({ kind: 'shift_detectors', coords: e.coords, shift: e.shift, tag: e.tag });
        break;
      case 'errors':
        for (const entry of e.entries) out.push(unreverseError(entry, state));
        break;
      case 'detector':
        if (e.coords.length > 0 || e.tag !== '' || state.seenDetectors[e.id] !== 1)
          out.push({ kind: 'detector', coords: e.coords, detectors: [e.id - state.base], tag: e.tag });
        break;
      case 'observable':
        if (e.tag !== '' || !state.seenObservables.has(e.id))
          out.push({ kind: 'logical_observable', observables: [e.id], tag: e.tag });
        break;
      case 'repeat': {
        if (e.reps === 0) break;
        const before = state.base;
        const body = unreverse(e.body, state);
        out.push({ kind: 'repeat', repetitions: e.reps, body: new DetectorErrorModel(body), tag: e.tag });
        state.base += (state.base - before) * (e.reps - 1);
        break;
      }
    }
  }
  return out;
}

function disjointThreshold(v: boolean | number | undefined): number {
  if (v === undefined || v === false) return 0;
  if (v === true) return 1;
  if (!(v >= 0 && v <= 1))
    throw new ValidationError(
      `approximateDisjointErrors must be a boolean or a threshold in [0, 1], got ${v}`,
    );
  return v;
}

/**
 * Extracts the detector error model of a noisy stabilizer circuit, with the semantics of Stim's
 * `analyze_errors` / `Circuit.detector_error_model`: every Pauli noise channel (X/Y/Z_ERROR,
 * DEPOLARIZE1/2, PAULI_CHANNEL_1/2, E/ELSE_CORRELATED_ERROR, HERALDED_ERASE,
 * HERALDED_PAULI_CHANNEL_1, measurement flip probabilities) becomes independent mechanisms listing
 * the detectors (`D`) and observables (`L`) they flip; mechanisms with identical symptoms are
 * merged (p ⊕ q), empty ones dropped. Errors are listed in Stim's order (sorted by targets), then
 * detector declarations with coordinates and `shift_detectors` in circuit order. DEPOLARIZE1(p)
 * is three independent X, Y, Z mechanisms with q = (1 − √(1 − 4p/3))/2 each, DEPOLARIZE2(p)
 * fifteen with q = (1 − (1 − 16p/15)^{1/8})/2.
 *
 * Cost: O(#targets × average sensitivity-set size) for the walk plus O(E log E) to sort E
 * mechanisms; with `foldLoops` a periodic REPEAT body is analysed only a few times (tortoise-and-
 * hare on the tracked state up to a detector-id shift) and emitted as a DEM `repeat` block.
 * Does not mutate the circuit.
 *
 * @throws ValidationError naming the detectors/observables (with coordinates) and the instruction
 *   when a detector or observable is not deterministic without noise (unless `allowGaugeDetectors`
 *   and only detectors are involved), or for over-mixing depolarizing probabilities.
 * @throws LimitError for 2^29 or more detectors (ids are packed into small integers).
 * @throws UnsupportedError for non-Clifford gates, non-Pauli channels, disjoint channels without
 *   `approximateDisjointErrors`, or (with `decomposeErrors`) a hyperedge that cannot be decomposed.
 */
export function analyzeErrors(circuit: Circuit, opts: AnalyzeErrorsOptions = {}): DetectorErrorModel {
  const stats = circuit.stats();
  if (stats.numDetectors >= OBS_BASE || stats.numObservables >= SEP - OBS_BASE)
    throw new LimitError(
      `error analysis supports fewer than ${OBS_BASE} detectors and ${SEP - OBS_BASE} observables; ` +
        `the circuit has ${stats.numDetectors} detectors and ${stats.numObservables} observables`,
      { numDetectors: stats.numDetectors, numObservables: stats.numObservables },
    );
  if (!(stats.numMeasurements <= Number.MAX_SAFE_INTEGER))
    throw new LimitError(
      `the circuit records ${stats.numMeasurements.toPrecision(3)} measurement results once REPEAT blocks are multiplied out, more than 2^53 (record offsets would not be exact)`,
      { numMeasurements: stats.numMeasurements },
    );
  const tracker = new Tracker(stats.numQubits, stats.numMeasurements, stats.numDetectors);
  const a = new Analyzer(
    circuit,
    opts.decomposeErrors ?? false,
    opts.foldLoops ?? true,
    opts.allowGaugeDetectors ?? false,
    disjointThreshold(opts.approximateDisjointErrors),
    tracker,
  );
  a.ignoreDecompositionFailures = opts.ignoreDecompositionFailures ?? false;
  a.blockRemnantEdges = opts.blockDecompositionFromIntroducingRemnantEdges ?? false;
  a.undoCircuit(circuit);
  a.postCheckInitialization();
  a.flush();
  const state: UnreverseState = {
    base: 0,
    seenDetectors: new Uint8Array(stats.numDetectors),
    seenObservables: new Set(),
  };
  return new DetectorErrorModel(unreverse(a.rev, state));
}
