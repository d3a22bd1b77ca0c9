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
  const { task, rounds } = opts;
  if (!Number.isSafeInteger(rounds) || rounds < 1)
    throw new ValidationError(`rounds must be an integer ≥ 1, got ${rounds}`, {
      field: 'rounds',
      value: rounds,
    });
  const had = opts.hadamardData ?? new Set<number>();
  const taskBasis: Pauli = task === 'memory-z' ? 'Z' : 'X';
  const basisOf = (q: number): Pauli => (had.has(q) ? (taskBasis === 'Z' ? 'X' : 'Z') : taskBasis);
  const data = [...spec.dataQubits].sort((a, b) => a - b);
  const checks = [...spec.checks].sort((a, b) => a.ancilla - b.ancilla);
  const ancillas = checks.map((c) => c.ancilla);
  const pureZ = checks.map((c) => c.terms.every((t) => t.pauli === 'Z'));
  const nativeX = checks.map((c) => opts.xChecks === 'native' && c.terms.every((t) => t.pauli === 'X'));
  const needsH = ancillas.filter((_, i) => !pureZ[i] && !nativeX[i]);
  const zAnc = ancillas.filter((_, i) => !nativeX[i]);
  const xAnc = ancillas.filter((_, i) => nativeX[i]);
  // Measurement order within a round: Z-basis ancillas (MR) then native X ones (MRX).
  const ancOrder = [...zAnc, ...xAnc];
  const deterministic = checks.map((c) => c.terms.every((t) => t.pauli === basisOf(t.data)));
  const logicals = task === 'memory-z' ? spec.logicalZ : spec.logicalX;
  for (const [i, l] of logicals.entries())
    for (const t of l.terms)
      if (t.pauli !== basisOf(t.data))
        throw new Error(
          `internal: logical ${i} of ${spec.family} has ${t.pauli} on data ${t.data}, measured in ${basisOf(t.data)}`,
        );

  // The schedule: per layer, CX/CZ/CY pairs. Pure-Z checks use CX data→ancilla (no Hadamards).
  const layers: { CX: number[]; CZ: number[]; CY: number[] }[] = [];
  for (let l = 0; l < spec.numLayers; l++) layers.push({ CX: [], CZ: [], CY: [] });
  const busy = new Map<string, true>();
  checks.forEach((c, ci) => {
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

  const lines: string[] = [];
  const allQubits = [...spec.coords.keys()].sort((a, b) => a - b);
  for (const q of allQubits) lines.push(`QUBIT_COORDS(${fmt(spec.coords.get(q) ?? [])}) ${q}`);
  const dataZ = data.filter((q) => basisOf(q) === 'Z');
  const dataX = data.filter((q) => basisOf(q) === 'X');
  const ideal = opts.boundaries === 'ideal';
  const tag = ideal ? `[${NOISELESS_TAG}]` : '';
  const product = (terms: readonly { data: number; pauli: Pauli }[]): string =>
    terms.map((t) => `${t.pauli}${t.data}`).join('*');
  const checkByAnc = new Map(checks.map((c) => [c.ancilla, c]));
  const mppChecks = (): string =>
    `MPP[${NOISELESS_TAG}] ${ancOrder.map((a) => product(checkByAnc.get(a)?.terms ?? [])).join(' ')}`;
  if (dataZ.length > 0) lines.push(`R${tag} ${dataZ.join(' ')}`);
  if (dataX.length > 0) lines.push(`RX${tag} ${dataX.join(' ')}`);
  if (zAnc.length > 0) lines.push(`R${tag} ${zAnc.join(' ')}`);
  if (xAnc.length > 0) lines.push(`RX${tag} ${xAnc.join(' ')}`);
  if (ideal) lines.push(mppChecks());

  const numA = ancillas.length;
  const round = (first: boolean, indent: string): void => {
    const out = (s: string): void => {
      lines.push(indent + s);
    };
    out('TICK');
    out(`I[${ROUND_MARKER_TAG}] ${data.join(' ')}`);
    if (needsH.length > 0) out(`H ${needsH.join(' ')}`);
    for (const L of layers) {
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
    checks.forEach((c, i) => {
      const cur = numA - ancOrder.indexOf(c.ancilla);
      const coords = [...(spec.coords.get(c.ancilla) ?? []), 0];
      if (first) {
        if (deterministic[i]) out(`DETECTOR(${fmt(coords)}) rec[-${cur}]`);
      } else out(`DETECTOR(${fmt(coords)}) rec[-${cur}] rec[-${cur + numA}]`);
    });
  };
  round(!ideal, '');
  if (opts.firstRoundObservable !== undefined) {
    if (ideal) throw new Error('internal: a first-round observable needs product boundaries');
    const recs = opts.firstRoundObservable.map((a) => {
      const pos = ancOrder.indexOf(a);
      if (pos < 0) throw new Error(`internal: observable ancilla ${a} is not a check of ${spec.family}`);
      return `rec[-${numA - pos}]`;
    });
    lines.push(`OBSERVABLE_INCLUDE(${logicals.length}) ${recs.join(' ')}`);
  }
  if (rounds > 1) {
    lines.push(`REPEAT ${rounds - 1} {`);
    round(false, '    ');
    lines.push('}');
  }
  if (ideal) {
    lines.push(mppChecks());
    checks.forEach((c) => {
      const cur = numA - ancOrder.indexOf(c.ancilla);
      const coords = [...(spec.coords.get(c.ancilla) ?? []), 1];
      lines.push(`DETECTOR(${fmt(coords)}) rec[-${cur}] rec[-${cur + numA}]`);
    });
    lines.push(`MPP[${NOISELESS_TAG}] ${logicals.map((l) => product(l.terms)).join(' ')}`);
    logicals.forEach((_, i) => lines.push(`OBSERVABLE_INCLUDE(${i}) rec[-${logicals.length - i}]`));
    return finish();
  }
  const measureZ = data.filter((q) => basisOf(q) === 'Z');
  const measureX = data.filter((q) => basisOf(q) === 'X');
  // One measurement instruction per basis; record positions follow the order emitted.
  const order = [...measureZ, ...measureX];
  if (measureZ.length > 0) lines.push(`M ${measureZ.join(' ')}`);
  if (measureX.length > 0) lines.push(`MX ${measureX.join(' ')}`);
  const numD = order.length;
  const recOfData = (q: number): number => numD - order.indexOf(q);
  checks.forEach((c, i) => {
    if (!deterministic[i]) return;
    const recs = c.terms.map((t) => recOfData(t.data));
    recs.push(numD + numA - ancOrder.indexOf(c.ancilla));
    const coords = [...(spec.coords.get(c.ancilla) ?? []), 1];
    lines.push(`DETECTOR(${fmt(coords)}) ${recs.map((r) => `rec[-${r}]`).join(' ')}`);
  });
  logicals.forEach((l, i) => {
    lines.push(`OBSERVABLE_INCLUDE(${i}) ${l.terms.map((t) => `rec[-${recOfData(t.data)}]`).join(' ')}`);
  });

  return finish();

  function finish(): GeneratedCode {
    const circuit = parseCircuit(lines.join('\n') + '\n', `<${spec.family} ${task}>`);
    const checkTypeOf = (i: number): Pauli | 'mixed' => {
      const ps = new Set(checks[i].terms.map((t) => t.pauli));
      return ps.size === 1 ? [...ps][0] : 'mixed';
    };
    const layout: CodeLayout = {
      qubits: allQubits.map((q) => {
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
function zerosFor(spec: CodeSpec): number[] {
  let dims = 0;
  for (const c of spec.coords.values()) dims = Math.max(dims, c.length);
  return new Array<number>(dims).fill(0);
}
