/**
 * Which circuit locations cause each detector-error-model error: Stim's `explain_errors`
 * (`stim.Circuit.explain_detector_error_model_errors`).
 *
 * Method: every noise location is replaced by *probes* — an `E` error of one Pauli (X or Z) on each
 * qubit of the location, an `MPAD` for a herald bit, and each noisy measurement result split into
 * its own instruction — each carrying a unique tag. {@link analyzeErrors} (Stim's backward
 * sensitivity analysis) keys its mechanisms by symptoms *and tag*, so the model of the probe
 * circuit gives the symptoms of every probe separately, in one backward pass. The symptoms of a
 * channel's term (say `Z1*Y0` of `DEPOLARIZE2 1 0`) are the XOR of its probes' (X0, Z0, Z1): Pauli
 * frames compose linearly. REPEAT blocks are unrolled (each iteration is its own location), so the
 * cost is linear in the unrolled circuit: {@link MAX_EXPLAIN_INSTRUCTIONS} bounds it.
 *
 * Zero-probability terms are not locations (Stim skips them too). Locations are listed in the order
 * the backward analysis meets them — last instruction first, last target group first, and a
 * channel's terms in their argument order — which is Stim's order.
 */
import { LimitError, UnsupportedError } from '../base/errors.js';
import { Circuit, runLength, type Instruction } from '../circuit/circuit.js';
import {
  isCombiner,
  isInverted,
  isPauliTarget,
  pauliTarget,
  pauliXBit,
  pauliZBit,
  targetValue,
} from '../circuit/target.js';
import { gateByName } from '../gates/gate-data.js';
import { GATE_FLAGS, type Gate } from '../gates/gate.js';
import type { DetectorErrorModel } from './dem.js';
import { analyzeErrors } from './error-analyzer.js';
import { EMPTY, OBS_BASE, xorSorted, type Set_ } from './error-sets.js';
import { flattenDem } from './flatten.js';

/** Most instructions (REPEAT blocks unrolled) {@link explainErrors} accepts: 10 million. */
export const MAX_EXPLAIN_INSTRUCTIONS = 10_000_000;

/** One Pauli on one qubit. */
export interface PauliOnQubit {
  readonly qubit: number;
  readonly pauli: 'X' | 'Y' | 'Z';
  /** In a measured observable: the measurement target was inverted (`!Z3`). */
  readonly inverted?: boolean;
}

/**
 * One level of a location's position: the instruction's index (0-based) in its block and, for a
 * REPEAT block entered on the way, the iteration (0-based) and its repetition count.
 */
export interface LocationFrame {
  readonly instructionOffset: number;
  /** For a REPEAT frame: completed iterations before this one. 0 for the instruction's own frame. */
  readonly iterationIndex: number;
  /** For a REPEAT frame: the block's repetition count; 0 for the instruction's own frame. */
  readonly repetitions: number;
}

/** One physical error in the circuit: where it happens and what it flips. */
export interface CircuitErrorLocation {
  /** TICKs executed before the instruction (REPEAT blocks unrolled). */
  readonly tick: number;
  /** The Pauli error applied, in the instruction's target order (empty for a pure result flip). */
  readonly pauliProduct: readonly PauliOnQubit[];
  /**
   * A flipped measurement result: its index in the whole run's record (0-based) and the observable
   * the measurement measured (empty for a herald bit or MPAD).
   */
  readonly flippedMeasurement?: {
    readonly recordIndex: number;
    readonly observable: readonly PauliOnQubit[];
  };
  /** REPEAT frames from the outside in, then the instruction's own frame. */
  readonly stack: readonly LocationFrame[];
  /** The noise instruction as written. */
  readonly instruction: Instruction;
  /** The target group of the instruction that the error acts on: `[targetStart, targetEnd)`. */
  readonly targetStart: number;
  readonly targetEnd: number;
}

/** A DEM error (absolute ids) and the circuit errors that have exactly its symptoms. */
export interface ExplainedError {
  /** Flipped detectors, ascending. */
  readonly detectors: readonly number[];
  /** Flipped observables, ascending. */
  readonly observables: readonly number[];
  /** Empty when no single circuit error has these symptoms (possible only with a filter). */
  readonly locations: readonly CircuitErrorLocation[];
}

/** Options of {@link explainErrors}. */
export interface ExplainErrorsOptions {
  /** Explain only the errors of this model (symptoms = XOR of an error's `^` components). */
  readonly filter?: DetectorErrorModel;
  /** Keep one representative location per error ({@link isSimplerLocation}). Default false. */
  readonly single?: boolean;
}

/** What {@link explainErrors} returns: the explanations and the coordinates to print them with. */
export interface ExplainErrorsResult {
  /** Sorted by symptoms (detectors, then observables, lexicographically). */
  readonly errors: readonly ExplainedError[];
  /** Coordinates of each detector (shifts applied); undefined where none were declared. */
  readonly detectorCoords: readonly (readonly number[] | undefined)[];
  /** Coordinates of qubits from QUBIT_COORDS (shifts applied; the last declaration wins). */
  readonly qubitCoords: ReadonlyMap<number, readonly number[]>;
}

// ---------------------------------------------------------------------------------------------
// Sites: one target group of one noise instruction in one iteration, with its probes.

interface Site {
  readonly inst: Instruction;
  readonly stack: readonly LocationFrame[];
  readonly tick: number;
  readonly start: number;
  readonly end: number;
  /** Probe ids of X and Z on each Pauli-carrying target of the group (parallel to `qubits`). */
  readonly qubits: readonly number[];
  readonly probeX: readonly number[];
  readonly probeZ: readonly number[];
  /** Probe id of the flipped result (measurement or herald), or -1. */
  readonly resultProbe: number;
  readonly recordIndex: number;
  readonly observable: readonly PauliOnQubit[];
  /** Index of the instruction execution the site belongs to (sites of one execution are adjacent). */
  readonly occurrence: number;
}

const NO_EFFECT_NOISE = new Set(['I_ERROR', 'II_ERROR']);
const PAULI_NAMES = ['X', 'Y', 'Z'] as const;

/** Gate of a name that the gate table certainly has. */
function gate(name: string): Gate {
  const g = gateByName(name);
  if (g === undefined) throw new Error(`gate table lacks ${name}`);
  return g;
}

class ProbeBuilder {
  readonly probe: Instruction[] = [];
  readonly sites: Site[] = [];
  readonly qubitCoords = new Map<number, number[]>();
  private coordShift: number[] = [];
  tick = 0;
  numMeasurements = 0;
  numProbes = 0;
  occurrence = 0;
  private readonly E = gate('E');
  private readonly MPAD = gate('MPAD');

  private newProbe(): string {
    return String(this.numProbes++);
  }

  private pauliProbe(q: number, pauli: 1 | 3): number {
    const id = this.numProbes;
    this.probe.push({
      kind: 'instruction',
      gate: this.E,
      args: [PROBE_P],
      targets: [pauliTarget(q, pauli)],
      tag: this.newProbe(),
    });
    return id;
  }

  walk(c: Circuit, stack: LocationFrame[]): void {
    for (let i = 0; i < c.items.length; i++) {
      const it = c.items[i];
      if (it.kind === 'repeat') {
        for (let r = 0; r < it.repetitions; r++) {
          stack.push({ instructionOffset: i, iterationIndex: r, repetitions: it.repetitions });
          this.walk(it.body, stack);
          stack.pop();
        }
        continue;
      }
      stack.push({ instructionOffset: i, iterationIndex: 0, repetitions: 0 });
      this.occurrence++;
      this.instruction(it, stack);
      stack.pop();
    }
  }

  private passThrough(inst: Instruction): void {
    // Tags are how probes are recognised: no other instruction may carry one.
    this.probe.push(inst.tag === '' ? inst : { ...inst, tag: '' });
  }

  private instruction(inst: Instruction, stack: readonly LocationFrame[]): void {
    const name = inst.gate.name;
    const flags = inst.gate.flags;
    if (name === 'TICK') this.tick++;
    else if (name === 'SHIFT_COORDS') this.coordShift = addCoords(this.coordShift, inst.args);
    else if (name === 'QUBIT_COORDS') {
      const c = addCoords(inst.args, this.coordShift).slice(0, inst.args.length);
      for (const t of inst.targets) this.qubitCoords.set(targetValue(t), c);
    }
    if (NO_EFFECT_NOISE.has(name)) return;
    // Stim's noise gates (the gate table's STABILIZER family) are all Pauli channels, heralded or
    // not; the extensions' noise (AMPLITUDE_DAMP, PHASE_DAMP) is not.
    if ((flags & GATE_FLAGS.NOISE) !== 0 && (flags & GATE_FLAGS.STABILIZER) !== 0)
      return this.channel(inst, stack);
    if ((flags & GATE_FLAGS.NOISE) !== 0)
      throw new UnsupportedError(`explain-errors handles Pauli noise channels only; ${name} is not one`, {
        gate: name,
      });
    if ((flags & GATE_FLAGS.PRODUCES_RESULTS) !== 0) return this.measurement(inst, stack);
    this.passThrough(inst);
  }

  private addSite(
    inst: Instruction,
    stack: readonly LocationFrame[],
    start: number,
    end: number,
    resultProbe: number,
    recordIndex: number,
    observable: readonly PauliOnQubit[],
    pauliQubits: readonly number[],
  ): void {
    const probeX: number[] = [];
    const probeZ: number[] = [];
    for (const q of pauliQubits) {
      probeX.push(this.pauliProbe(q, 1));
      probeZ.push(this.pauliProbe(q, 3));
    }
    this.sites.push({
      occurrence: this.occurrence,
      inst,
      stack: stack.slice(),
      tick: this.tick,
      start,
      end,
      qubits: pauliQubits,
      probeX,
      probeZ,
      resultProbe,
      recordIndex,
      observable,
    });
  }

  private channel(inst: Instruction, stack: readonly LocationFrame[]): void {
    const name = inst.gate.name;
    const t = inst.targets;
    if (name === 'HERALDED_ERASE' || name === 'HERALDED_PAULI_CHANNEL_1') {
      for (let i = 0; i < t.length; i++) {
        const id = this.numProbes;
        this.probe.push({
          kind: 'instruction',
          gate: this.MPAD,
          args: [PROBE_P],
          targets: [0],
          tag: this.newProbe(),
        });
        this.addSite(inst, stack, i, i + 1, id, this.numMeasurements++, [], [targetValue(t[i])]);
      }
      return;
    }
    const size =
      name === 'E' || name === 'CORRELATED_ERROR' || name === 'ELSE_CORRELATED_ERROR'
        ? t.length
        : (inst.gate.flags & GATE_FLAGS.TARGETS_PAIRS) !== 0
          ? 2
          : 1;
    for (let i = 0; i < t.length; i += size) {
      const qs: number[] = [];
      for (let k = i; k < i + size; k++) qs.push(targetValue(t[k]));
      this.addSite(inst, stack, i, i + size, -1, -1, [], qs);
    }
  }

  private measurement(inst: Instruction, stack: readonly LocationFrame[]): void {
    const groups = resultGroups(inst);
    const noisy = inst.args.length > 0 && inst.args[0] > 0;
    if (!noisy) {
      this.passThrough(inst);
      this.numMeasurements += groups.length;
      return;
    }
    for (const [s, e] of groups) {
      const id = this.numProbes;
      this.probe.push({ ...inst, args: [PROBE_P], targets: inst.targets.slice(s, e), tag: this.newProbe() });
      this.addSite(inst, stack, s, e, id, this.numMeasurements++, measuredObservable(inst, s, e), []);
    }
  }
}

function addCoords(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) out.push((a[i] ?? 0) + (b[i] ?? 0));
  return out;
}

/** The target ranges `[start, end)` of each result an instruction produces. */
function resultGroups(inst: Instruction): [number, number][] {
  const t = inst.targets;
  const out: [number, number][] = [];
  const f = inst.gate.flags;
  if ((f & GATE_FLAGS.TARGETS_PAULI_PRODUCTS) !== 0) {
    let s = 0;
    for (let i = 1; i <= t.length; i++)
      if (i === t.length || (!isCombiner(t[i]) && !isCombiner(t[i - 1]))) {
        out.push([s, i]);
        s = i;
      }
    return out;
  }
  const step = (f & GATE_FLAGS.TARGETS_PAIRS) !== 0 ? 2 : 1;
  for (let i = 0; i < t.length; i += step) out.push([i, i + step]);
  return out;
}

const BASIS: Readonly<Record<string, 'X' | 'Y' | 'Z'>> = {
  M: 'Z',
  MZ: 'Z',
  MR: 'Z',
  MRZ: 'Z',
  MX: 'X',
  MRX: 'X',
  MY: 'Y',
  MRY: 'Y',
  MXX: 'X',
  MYY: 'Y',
  MZZ: 'Z',
};

/** The Pauli observable measured by the result whose targets are `[s, e)` (empty for MPAD). */
function measuredObservable(inst: Instruction, s: number, e: number): PauliOnQubit[] {
  const out: PauliOnQubit[] = [];
  const basis = BASIS[inst.gate.name];
  for (let i = s; i < e; i++) {
    const t = inst.targets[i];
    if (isCombiner(t)) continue;
    const inv = isInverted(t) ? { inverted: true } : {};
    if (isPauliTarget(t))
      out.push({ qubit: targetValue(t), pauli: pauliName(pauliXBit(t), pauliZBit(t)), ...inv });
    else if (basis !== undefined) out.push({ qubit: targetValue(t), pauli: basis, ...inv });
  }
  return out;
}

const pauliName = (x: number, z: number): 'X' | 'Y' | 'Z' => (x !== 0 ? (z !== 0 ? 'Y' : 'X') : 'Z');

// ---------------------------------------------------------------------------------------------
// Terms of a channel, in Stim's order (the order of its probability arguments).

/** One term: Pauli index (0 = I, 1 = X, 2 = Y, 3 = Z) per qubit of the site; `result` flips the site's result. */
interface Term {
  readonly paulis: readonly number[];
  readonly result: boolean;
}

function channelTerms(inst: Instruction, site: Site): Term[] {
  const a = inst.args;
  const name = inst.gate.name;
  const one = (pauli: number, p: number): Term[] => (p > 0 ? [{ paulis: [pauli], result: false }] : []);
  switch (name) {
    case 'X_ERROR':
      return one(1, a[0]);
    case 'Y_ERROR':
      return one(2, a[0]);
    case 'Z_ERROR':
      return one(3, a[0]);
    case 'DEPOLARIZE1':
      return [1, 2, 3].flatMap((k) => one(k, a[0]));
    case 'PAULI_CHANNEL_1':
      return [1, 2, 3].flatMap((k) => one(k, a[k - 1]));
    case 'DEPOLARIZE2':
    case 'PAULI_CHANNEL_2': {
      const out: Term[] = [];
      for (let k = 1; k < 16; k++)
        if ((name === 'DEPOLARIZE2' ? a[0] : a[k - 1]) > 0)
          out.push({ paulis: [k >> 2, k & 3], result: false });
      return out;
    }
    case 'E':
    case 'CORRELATED_ERROR':
    case 'ELSE_CORRELATED_ERROR':
      return a[0] > 0
        ? [{ paulis: inst.targets.map((t) => (pauliXBit(t) ? (pauliZBit(t) ? 2 : 1) : 3)), result: false }]
        : [];
    case 'HERALDED_ERASE':
      return a[0] > 0 ? [0, 1, 2, 3].map((k) => ({ paulis: [k], result: true })) : [];
    case 'HERALDED_PAULI_CHANNEL_1':
      return [0, 1, 2, 3].filter((k) => a[k] > 0).map((k) => ({ paulis: [k], result: true }));
    default:
      // A noisy measurement: its result flips.
      return site.resultProbe >= 0 ? [{ paulis: [], result: true }] : [];
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Calls `visit` on every (site, term) in the order Stim's backward analysis meets them: executions
 * last first; within one, single-qubit depolarizing/Pauli channels term by term over their targets
 * from the last, two-qubit ones pair by pair from the first, everything else target group by group
 * from the last, each group's terms in argument order.
 */
function forEachInStimOrder(sites: readonly Site[], visit: (site: Site, term: Term) => void): void {
  for (let end = sites.length; end > 0;) {
    let start = end - 1;
    while (start > 0 && sites[start - 1].occurrence === sites[end - 1].occurrence) start--;
    const group = sites.slice(start, end);
    const name = group[0].inst.gate.name;
    if (name === 'DEPOLARIZE1' || name === 'PAULI_CHANNEL_1') {
      const terms = group.map((site) => channelTerms(site.inst, site));
      for (let t = 0; t < terms[0].length; t++)
        for (let g = group.length - 1; g >= 0; g--) visit(group[g], terms[g][t]);
    } else {
      if (name !== 'DEPOLARIZE2' && name !== 'PAULI_CHANNEL_2') group.reverse();
      for (const site of group) for (const term of channelTerms(site.inst, site)) visit(site, term);
    }
    end = start;
  }
}

/** Symptom key: sorted encoded targets (detector d → d, observable k → OBS_BASE + k). */
const keyOf = (s: Set_): string => s.join(',');

function compareSets(a: Set_, b: Set_): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Stim's GateTarget order of Paulis: Z < X < Y (its Z flag is the lower bit), then qubit. */
const PAULI_RANK = { Z: 1, X: 2, Y: 3 } as const;
function comparePauli(a: readonly PauliOnQubit[], b: readonly PauliOnQubit[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = PAULI_RANK[a[i].pauli] - PAULI_RANK[b[i].pauli] || a[i].qubit - b[i].qubit;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/**
 * The total order that picks the representative location of {@link ExplainErrorsOptions.single}:
 * fewer flipped qubits first (a bare result flip counts none), then earlier tick, then the Pauli
 * product (Z < X < Y, then qubit), the flipped result's record index (none last), the target range,
 * and the position in the circuit. This is Stim's `CircuitErrorLocation` order; Stim additionally
 * never replaces a first-found location by one whose measured observable has a different size.
 * Returns a negative number when `a` is simpler.
 */
export function compareLocations(a: CircuitErrorLocation, b: CircuitErrorLocation): number {
  const byQubits = a.pauliProduct.length - b.pauliProduct.length;
  if (byQubits !== 0) return byQubits;
  if (a.tick !== b.tick) return a.tick - b.tick;
  const byPauli = comparePauli(a.pauliProduct, b.pauliProduct);
  if (byPauli !== 0) return byPauli;
  const ra = a.flippedMeasurement?.recordIndex ?? Infinity;
  const rb = b.flippedMeasurement?.recordIndex ?? Infinity;
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (a.targetStart !== b.targetStart) return a.targetStart - b.targetStart;
  if (a.targetEnd !== b.targetEnd) return a.targetEnd - b.targetEnd;
  for (let i = 0; i < Math.min(a.stack.length, b.stack.length); i++) {
    const x = a.stack[i];
    const y = b.stack[i];
    const d =
      x.instructionOffset - y.instructionOffset ||
      x.iterationIndex - y.iterationIndex ||
      x.repetitions - y.repetitions;
    if (d !== 0) return d;
  }
  return a.stack.length - b.stack.length;
}

/**
 * Probability of every probe mechanism. Gauge detectors become 50% mechanisms (as in Stim's
 * explain_errors, which allows them); any mechanism merged with one stays at exactly 1/2, so a
 * probe's own mechanism is the one whose probability is not 1/2.
 */
const PROBE_P = 0.125;

/** The symptoms (encoded, sorted) of every probe of `probe`, indexed by probe id. */
function probeSymptoms(
  probe: Instruction[],
  numProbes: number,
  resultProbes: ReadonlySet<number>,
): { sym: Set_[]; dem: DetectorErrorModel } {
  const dem = analyzeErrors(new Circuit(probe), { foldLoops: false, allowGaugeDetectors: true });
  const sym: Set_[] = new Array<Set_>(numProbes).fill(EMPTY);
  const gaugeOnly = new Set<number>();
  let shift = 0;
  for (const item of dem.items) {
    if (item.kind === 'shift_detectors') shift += item.shift;
    if (item.kind !== 'error' || !/^[0-9]+$/.test(item.tag)) continue;
    const id = Number(item.tag);
    if (item.probability === 0.5) {
      // A gauge detector found at this (measurement) probe; the probe's own mechanism may have merged into it.
      if (sym[id] === EMPTY) gaugeOnly.add(id);
      continue;
    }
    gaugeOnly.delete(id);
    let s: Set_ = EMPTY;
    for (const c of item.components) {
      s = xorSorted(
        s,
        c.detectors.map((d) => d + shift),
      );
      s = xorSorted(
        s,
        c.observables.map((o) => OBS_BASE + o),
      );
    }
    sym[id] = s;
  }
  for (const id of gaugeOnly)
    if (resultProbes.has(id))
      throw new UnsupportedError(
        'a noisy measurement that randomises gauge detectors has a result flip that cannot be told apart from them; make those detectors deterministic',
      );
  return { sym, dem };
}

/**
 * Explains DEM errors by the circuit errors that cause them (Stim's `explain_errors`): for every
 * set of symptoms some single circuit error produces (or only those of `options.filter`), the
 * noise locations — instruction, target group, tick, REPEAT iteration, Pauli term or flipped
 * result — that produce exactly it. The circuit must have deterministic detectors and observables
 * and only Pauli noise. Cost: one error analysis of the unrolled circuit with two probes per
 * noisy qubit. Pure; does not keep `circuit`.
 * @throws LimitError when the unrolled circuit has more than {@link MAX_EXPLAIN_INSTRUCTIONS}
 *   instructions; UnsupportedError for non-Pauli noise; ValidationError as {@link analyzeErrors}.
 */
export function explainErrors(circuit: Circuit, options: ExplainErrorsOptions = {}): ExplainErrorsResult {
  const n = runLength(circuit);
  if (n > MAX_EXPLAIN_INSTRUCTIONS)
    throw new LimitError(
      `explain-errors unrolls REPEAT blocks and this circuit executes ${n} instructions, more than the limit of ${MAX_EXPLAIN_INSTRUCTIONS}`,
      { instructions: n, limit: MAX_EXPLAIN_INSTRUCTIONS },
    );
  const b = new ProbeBuilder();
  b.walk(circuit, []);
  const { sym, dem } = probeSymptoms(
    b.probe,
    b.numProbes,
    new Set(b.sites.map((x) => x.resultProbe).filter((x) => x >= 0)),
  );
  const detectorCoords = flattenDem(dem).detectorCoords;

  let wanted: Map<string, Set_> | undefined;
  if (options.filter !== undefined) {
    wanted = new Map();
    for (const e of flattenDem(options.filter).errors) {
      const s = [...e.detectors, ...e.observables.map((o) => OBS_BASE + o)];
      if (s.length > 0) wanted.set(keyOf(s), s);
    }
  }
  const found = new Map<string, { sym: Set_; locations: CircuitErrorLocation[] }>();
  const visit = (site: Site, term: Term): void => {
    let s: Set_ = term.result ? sym[site.resultProbe] : EMPTY;
    const product: PauliOnQubit[] = [];
    for (let k = 0; k < term.paulis.length; k++) {
      const p = term.paulis[k];
      if (p === 0) continue;
      if (p !== 3) s = xorSorted(s, sym[site.probeX[k]]);
      if (p !== 1) s = xorSorted(s, sym[site.probeZ[k]]);
      product.push({ qubit: site.qubits[k], pauli: PAULI_NAMES[p - 1] });
    }
    if (s.length === 0) return;
    const key = keyOf(s);
    if (wanted !== undefined && !wanted.has(key)) return;
    const loc: CircuitErrorLocation = {
      tick: site.tick,
      pauliProduct: product,
      ...(term.result
        ? { flippedMeasurement: { recordIndex: site.recordIndex, observable: site.observable } }
        : {}),
      stack: site.stack,
      instruction: site.inst,
      targetStart: site.start,
      targetEnd: site.end,
    };
    let entry = found.get(key);
    if (entry === undefined) found.set(key, (entry = { sym: s, locations: [] }));
    if (!options.single) entry.locations.push(loc);
    else if (entry.locations.length === 0) entry.locations.push(loc);
    else if (compareLocations(loc, entry.locations[0]) < 0) entry.locations[0] = loc;
  };
  forEachInStimOrder(b.sites, visit);
  if (wanted !== undefined)
    for (const [key, s] of wanted) if (!found.has(key)) found.set(key, { sym: s, locations: [] });
  const errors = [...found.values()]
    .sort((x, y) => compareSets(x.sym, y.sym))
    .map(({ sym: s, locations }) => ({
      detectors: s.filter((t) => t < OBS_BASE),
      observables: s.filter((t) => t >= OBS_BASE).map((t) => t - OBS_BASE),
      locations,
    }));
  return { errors, detectorCoords, qubitCoords: b.qubitCoords };
}
