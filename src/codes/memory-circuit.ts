import { ValidationError } from '../base/errors.js';
import type { Circuit } from '../circuit/circuit.js';
import { parseCircuit } from '../circuit/parser.js';
import { NOISELESS_TAG, ROUND_MARKER_TAG } from '../noise/apply-noise.js';
import type { CodeLayout, CodeMetadata, CodeSpec, Pauli } from './code-spec.js';

/** A generated experiment: the noiseless annotated circuit, where its qubits are, and its facts. */
export interface GeneratedCode {
  readonly circuit: Circuit;
  readonly layout: CodeLayout;
  readonly metadata: CodeMetadata;
  /** The code description it was built from. */
  readonly spec: CodeSpec;
}

/** Memory experiment bases: `memory-z` stores logical |0…0⟩, `memory-x` logical |+…+⟩. */
export type MemoryTask = 'memory-x' | 'memory-z';

/** Options of {@link buildMemoryCircuit}. */
export interface MemoryOptions {
  readonly task: MemoryTask;
  readonly rounds: number;
  /**
   * Data qubits whose local frame is Hadamard-conjugated relative to a CSS code (XZZX codes):
   * they are prepared and measured in the other basis.
   */
  readonly hadamardData?: ReadonlySet<number>;
  /**
   * How pure-X checks are measured: `hadamard` (default, as Stim: H, CX ancilla→data, H, MR) or
   * `native` (RX, CX ancilla→data, MRX: no Hadamard, the bias-preserving form used with cat qubits,
   * whose X-basis preparation and measurement are native).
   */
  readonly xChecks?: 'hadamard' | 'native';
  /**
   * Time boundaries: `product` (default) prepares and measures the data in the task basis, as Stim
   * does for CSS codes; `ideal` resets without noise, projects onto the code space with noiseless
   * Pauli-product measurements of every check (`MPP[noiseless]`) and reads the logicals out the same
   * way at the end — for non-CSS codes, whose checks are not deterministic on a product state.
   */
  readonly boundaries?: 'product' | 'ideal';
  /**
   * Stability experiments (see `stability.ts`): ancillas whose first-round results form
   * OBSERVABLE_INCLUDE(0), emitted right after the first round. Their checks must multiply to the
   * identity (so the product is deterministic) and must not be deterministic on the prepared data,
   * so that no first-round detector pins them; the spec then has no logicals (k = 0).
   */
  readonly firstRoundObservable?: readonly number[];
}

const fmt = (xs: readonly number[]): string => xs.map((x) => String(x)).join(', ');

/**
 * Builds the noiseless memory-experiment circuit of a code (Stim's generated-circuit structure):
 * reset data in the task basis and ancillas in |0⟩; `rounds` rounds of syndrome extraction (ancilla
 * Hadamards for non-Z checks, the schedule's layers of CX/CZ/CY, Hadamards, MR), each starting
 * with the round marker `I[round] data...` where noise models put data noise; detectors comparing
 * each check with its previous round (first round: only checks deterministic on the prepared
 * product state); final data measurement with detectors for the checks it determines; one
 * OBSERVABLE_INCLUDE per logical qubit. Rounds after the first are one REPEAT block.
 *
 * Throws ValidationError when rounds < 1; an internal error if the spec is inconsistent (a
 * schedule layer touching a qubit twice, a logical not in the measured basis).
 */
export function buildMemoryCircuit(spec: CodeSpec, opts: MemoryOptions): GeneratedCode {
  const { rounds } = opts;
  if (!Number.isSafeInteger(rounds) || rounds < 1)
    throw new ValidationError(`rounds must be an integer ≥ 1, got ${rounds}`, {
      field: 'rounds',
      value: rounds,
    });
  const w = new MemoryCircuitWriter(spec, opts);
  w.preparation();
  w.round(!w.ideal, '');
  w.firstRoundObservable();
  if (rounds > 1) {
    w.lines.push(`REPEAT ${rounds - 1} {`);
    w.round(false, '    ');
    w.lines.push('}');
  }
  if (w.ideal) w.idealReadout();
  else w.dataReadout();
  return w.finish();
}

/** One CX/CZ/CY layer of the syndrome-extraction schedule, as flat target pairs. */
interface ScheduleLayer {
  readonly CX: number[];
  readonly CZ: number[];
  readonly CY: number[];
}

type Term = { readonly data: number; readonly pauli: Pauli };

/** `X1*Z2*…` of Pauli terms. */
const product = (terms: readonly Term[]): string => terms.map((t) => `${t.pauli}${t.data}`).join('*');

/**
 * What {@link buildMemoryCircuit} derives from the spec once (bases, ancilla order, schedule,
 * which checks are deterministic) and the steps that write the circuit's lines from it.
 */
class MemoryCircuitWriter {
  readonly lines: string[] = [];
  readonly ideal: boolean;
  private readonly taskBasis: Pauli;
  private readonly had: ReadonlySet<number>;
  private readonly data: number[];
  private readonly checks: CodeSpec['checks'][number][];
  private readonly ancillas: number[];
  /** Ancillas needing Hadamards around the schedule (neither pure Z nor native X). */
  private readonly needsH: number[];
  /** Ancillas measured by MR, then those measured by MRX (native X checks). */
  private readonly zAnc: number[];
  private readonly xAnc: number[];
  /** Measurement order within a round: Z-basis ancillas (MR) then native X ones (MRX). */
  private readonly ancOrder: number[];
  /** Per check: deterministic on the prepared product state. */
  private readonly deterministic: boolean[];
  private readonly logicals: CodeSpec['logicalZ'];
  private readonly layers: ScheduleLayer[];
  private readonly numA: number;

  constructor(
    private readonly spec: CodeSpec,
    private readonly opts: MemoryOptions,
  ) {
    const task = opts.task;
    this.had = opts.hadamardData ?? new Set<number>();
    this.taskBasis = task === 'memory-z' ? 'Z' : 'X';
    this.ideal = opts.boundaries === 'ideal';
    this.data = [...spec.dataQubits].sort((a, b) => a - b);
    this.checks = [...spec.checks].sort((a, b) => a.ancilla - b.ancilla);
    this.ancillas = this.checks.map((c) => c.ancilla);
    this.numA = this.ancillas.length;
    const pureZ = this.checks.map((c) => c.terms.every((t) => t.pauli === 'Z'));
    const nativeX = this.checks.map(
      (c) => opts.xChecks === 'native' && c.terms.every((t) => t.pauli === 'X'),
    );
    this.needsH = this.ancillas.filter((_, i) => !pureZ[i] && !nativeX[i]);
    this.zAnc = this.ancillas.filter((_, i) => !nativeX[i]);
    this.xAnc = this.ancillas.filter((_, i) => nativeX[i]);
    this.ancOrder = [...this.zAnc, ...this.xAnc];
    this.deterministic = this.checks.map((c) => c.terms.every((t) => t.pauli === this.basisOf(t.data)));
    this.logicals = task === 'memory-z' ? spec.logicalZ : spec.logicalX;
    for (const [i, l] of this.logicals.entries())
      for (const t of l.terms)
        if (t.pauli !== this.basisOf(t.data))
          throw new Error(
            `internal: logical ${i} of ${spec.family} has ${t.pauli} on data ${t.data}, measured in ${this.basisOf(t.data)}`,
          );
    this.layers = this.schedule(pureZ);
  }

  /** The basis data qubit q is prepared and measured in. */
  private basisOf(q: number): Pauli {
    return this.had.has(q) ? (this.taskBasis === 'Z' ? 'X' : 'Z') : this.taskBasis;
  }

  /** The schedule: per layer, CX/CZ/CY pairs. Pure-Z checks use CX data→ancilla (no Hadamards). */
  private schedule(pureZ: readonly boolean[]): ScheduleLayer[] {
    const spec = this.spec;
    const layers: ScheduleLayer[] = [];
    for (let l = 0; l < spec.numLayers; l++) layers.push({ CX: [], CZ: [], CY: [] });
    const busy = new Map<string, true>();
    this.checks.forEach((c, ci) => {
      for (const t of c.terms) {
        for (const q of [t.data, c.ancilla]) {
          const key = `${t.layer}:${q}`;
          if (busy.has(key))
            throw new Error(`internal: ${spec.family} schedule layer ${t.layer} uses qubit ${q} twice`);
          busy.set(key, true);
        }
        const L = layers[t.layer];
        if (pureZ[ci]) L.CX.push(t.data, c.ancilla);
        else if (t.pauli === 'X') L.CX.push(c.ancilla, t.data);
        else if (t.pauli === 'Z') L.CZ.push(c.ancilla, t.data);
        else L.CY.push(c.ancilla, t.data);
      }
    });
    return layers;
  }

  /** Noiseless Pauli-product measurement of every check, in ancilla order. */
  private mppChecks(): string {
    const checkByAnc = new Map(this.checks.map((c) => [c.ancilla, c]));
    return `MPP[${NOISELESS_TAG}] ${this.ancOrder.map((a) => product(checkByAnc.get(a)?.terms ?? [])).join(' ')}`;
  }

  /** Coordinates, then resets of data (in their bases) and ancillas; with ideal boundaries a projection. */
  preparation(): void {
    const lines = this.lines;
    const spec = this.spec;
    for (const q of [...spec.coords.keys()].sort((a, b) => a - b))
      lines.push(`QUBIT_COORDS(${fmt(spec.coords.get(q) ?? [])}) ${q}`);
    const dataZ = this.data.filter((q) => this.basisOf(q) === 'Z');
    const dataX = this.data.filter((q) => this.basisOf(q) === 'X');
    const tag = this.ideal ? `[${NOISELESS_TAG}]` : '';
    if (dataZ.length > 0) lines.push(`R${tag} ${dataZ.join(' ')}`);
    if (dataX.length > 0) lines.push(`RX${tag} ${dataX.join(' ')}`);
    if (this.zAnc.length > 0) lines.push(`R${tag} ${this.zAnc.join(' ')}`);
    if (this.xAnc.length > 0) lines.push(`RX${tag} ${this.xAnc.join(' ')}`);
    if (this.ideal) lines.push(this.mppChecks());
  }

  /** One round of syndrome extraction and its detectors (`first`: only deterministic checks). */
  round(first: boolean, indent: string): void {
    const out = (s: string): void => {
      this.lines.push(indent + s);
    };
    const { needsH, zAnc, xAnc, numA, ancOrder, spec } = this;
    out('TICK');
    out(`I[${ROUND_MARKER_TAG}] ${this.data.join(' ')}`);
    if (needsH.length > 0) out(`H ${needsH.join(' ')}`);
    for (const L of this.layers) {
      out('TICK');
      if (L.CX.length > 0) out(`CX ${L.CX.join(' ')}`);
      if (L.CZ.length > 0) out(`CZ ${L.CZ.join(' ')}`);
      if (L.CY.length > 0) out(`CY ${L.CY.join(' ')}`);
    }
    if (needsH.length > 0) {
      out('TICK');
      out(`H ${needsH.join(' ')}`);
    }
    out('TICK');
    if (zAnc.length > 0) out(`MR ${zAnc.join(' ')}`);
    if (xAnc.length > 0) out(`MRX ${xAnc.join(' ')}`);
    if (!first) out(`SHIFT_COORDS(${fmt([...zerosFor(spec), 1])})`);
    this.checks.forEach((c, i) => {
      const cur = numA - ancOrder.indexOf(c.ancilla);
      const coords = detectorCoords(spec, c.ancilla, 0);
      if (first) {
        if (this.deterministic[i]) out(`DETECTOR(${fmt(coords)}) rec[-${cur}]`);
      } else out(`DETECTOR(${fmt(coords)}) rec[-${cur}] rec[-${cur + numA}]`);
    });
  }

  /** Stability experiments: the first round's results of the given ancillas form an extra observable. */
  firstRoundObservable(): void {
    const ancillas = this.opts.firstRoundObservable;
    if (ancillas === undefined) return;
    if (this.ideal) throw new Error('internal: a first-round observable needs product boundaries');
    const recs = ancillas.map((a) => {
      const pos = this.ancOrder.indexOf(a);
      if (pos < 0) throw new Error(`internal: observable ancilla ${a} is not a check of ${this.spec.family}`);
      return `rec[-${this.numA - pos}]`;
    });
    this.lines.push(`OBSERVABLE_INCLUDE(${this.logicals.length}) ${recs.join(' ')}`);
  }

  /** Ideal boundaries: noiseless check and logical measurements close the experiment. */
  idealReadout(): void {
    const { lines, numA, logicals } = this;
    lines.push(this.mppChecks());
    this.checks.forEach((c) => {
      const cur = numA - this.ancOrder.indexOf(c.ancilla);
      const coords = detectorCoords(this.spec, c.ancilla, 1);
      lines.push(`DETECTOR(${fmt(coords)}) rec[-${cur}] rec[-${cur + numA}]`);
    });
    lines.push(`MPP[${NOISELESS_TAG}] ${logicals.map((l) => product(l.terms)).join(' ')}`);
    logicals.forEach((_, i) => lines.push(`OBSERVABLE_INCLUDE(${i}) rec[-${logicals.length - i}]`));
  }

  /** Product boundaries: data measured in their bases, detectors for the checks they determine, observables. */
  dataReadout(): void {
    const { lines, numA } = this;
    const measureZ = this.data.filter((q) => this.basisOf(q) === 'Z');
    const measureX = this.data.filter((q) => this.basisOf(q) === 'X');
    // One measurement instruction per basis; record positions follow the order emitted.
    const order = [...measureZ, ...measureX];
    if (measureZ.length > 0) lines.push(`M ${measureZ.join(' ')}`);
    if (measureX.length > 0) lines.push(`MX ${measureX.join(' ')}`);
    const numD = order.length;
    const recOfData = (q: number): number => numD - order.indexOf(q);
    this.checks.forEach((c, i) => {
      if (!this.deterministic[i]) return;
      const recs = c.terms.map((t) => recOfData(t.data));
      recs.push(numD + numA - this.ancOrder.indexOf(c.ancilla));
      const coords = detectorCoords(this.spec, c.ancilla, 1);
      lines.push(`DETECTOR(${fmt(coords)}) ${recs.map((r) => `rec[-${r}]`).join(' ')}`);
    });
    this.logicals.forEach((l, i) => {
      lines.push(`OBSERVABLE_INCLUDE(${i}) ${l.terms.map((t) => `rec[-${recOfData(t.data)}]`).join(' ')}`);
    });
  }

  /** The circuit with its layout and metadata. */
  finish(): GeneratedCode {
    const { spec, checks, ancillas, data, numA } = this;
    const { task, rounds } = this.opts;
    const circuit = parseCircuit(this.lines.join('\n') + '\n', `<${spec.family} ${task}>`);
    const checkTypeOf = (i: number): Pauli | 'mixed' => {
      const ps = new Set(checks[i].terms.map((t) => t.pauli));
      return ps.size === 1 ? [...ps][0] : 'mixed';
    };
    const layout: CodeLayout = {
      qubits: [...spec.coords.keys()]
        .sort((a, b) => a - b)
        .map((q) => {
          const ci = ancillas.indexOf(q);
          return ci >= 0
            ? {
                index: q,
                coords: spec.coords.get(q) ?? [],
                role: 'ancilla' as const,
                checkType: checkTypeOf(ci),
              }
            : { index: q, coords: spec.coords.get(q) ?? [], role: 'data' as const };
        }),
    };
    const metadata: CodeMetadata = {
      code: spec.family,
      task,
      n: spec.n,
      k: spec.k,
      d: spec.d,
      rounds,
      numDataQubits: data.length,
      numAncillaQubits: numA,
      numQubits: data.length + numA,
    };
    return { circuit, layout, metadata, spec };
  }
}

/** Zero shifts for the spatial coordinates (the time coordinate is appended by the caller). */
/** A detector's coordinates: its check ancilla's, the time t, and the check's label if the spec has labels. */
function detectorCoords(spec: CodeSpec, ancilla: number, t: number): number[] {
  const label = spec.detectorLabels?.get(ancilla);
  return [...(spec.coords.get(ancilla) ?? []), t, ...(label === undefined ? [] : [label])];
}

function zerosFor(spec: CodeSpec): number[] {
  let dims = 0;
  for (const c of spec.coords.values()) dims = Math.max(dims, c.length);
  return new Array<number>(dims).fill(0);
}
