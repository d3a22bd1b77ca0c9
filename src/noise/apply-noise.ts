import { ValidationError } from '../base/errors.js';
import { Circuit, type Instruction } from '../circuit/circuit.js';
import { isPauliTarget, isQubitTarget, pauliTarget, targetValue } from '../circuit/target.js';
import type { Gate } from '../gates/gate.js';
import { GATE_FLAGS } from '../gates/gate.js';
import { gateByName } from '../gates/gate-data.js';
import { insertHeraldedErasure } from './erasure.js';
import { validateNoiseModel, type NoiseModel, type PauliRates1, type PauliRates2 } from './noise-model.js';

/**
 * Tag of the round marker `I[round] q1 q2 ...` that code generators put at the start of every
 * syndrome-extraction round, on the data qubits. `I` does nothing in every simulator; the marker
 * tells {@link applyNoise} where "before-round data noise", correlated noise and bursts go.
 */
export const ROUND_MARKER_TAG = 'round';

/**
 * Tag of instructions that {@link applyNoise} leaves noiseless (ideal preparation and read-out at
 * the time boundaries of small-code memory experiments, e.g. `MPP[noiseless] X0*Z1*Z2*X3`).
 */
export const NOISELESS_TAG = 'noiseless';

function gate(name: string): Gate {
  const g = gateByName(name);
  if (g === undefined) throw new Error(`internal: gate ${name} missing from the gate table`);
  return g;
}

function inst(name: string, args: readonly number[], targets: readonly number[], tag = ''): Instruction {
  return { kind: 'instruction', gate: gate(name), args, targets, tag };
}

/** Appends the single-qubit Pauli channel `rates` on `qubits` (nothing when all rates are zero). */
/** Sums of channel rates, rounded to 15 significant digits so that 3·(p/3) prints as p. */
const total = (v: number): number => Number(v.toPrecision(15));

function emit1(out: Circuit, rates: PauliRates1 | undefined, qubits: readonly number[]): void {
  if (rates === undefined || qubits.length === 0) return;
  const [px, py, pz] = rates;
  if (px === 0 && py === 0 && pz === 0) return;
  if (px === py && py === pz) out.push(inst('DEPOLARIZE1', [total(px * 3)], qubits));
  else if (py === 0 && pz === 0) out.push(inst('X_ERROR', [px], qubits));
  else if (px === 0 && py === 0) out.push(inst('Z_ERROR', [pz], qubits));
  else if (px === 0 && pz === 0) out.push(inst('Y_ERROR', [py], qubits));
  else out.push(inst('PAULI_CHANNEL_1', [px, py, pz], qubits));
}

/** Appends the two-qubit Pauli channel `rates` on the pairs `pairs` (flat list q0 q1 q0' q1' ...). */
function emit2(out: Circuit, rates: PauliRates2 | undefined, pairs: readonly number[]): void {
  if (rates === undefined || pairs.length === 0) return;
  let sum = 0;
  let uniform = true;
  for (let i = 0; i < 15; i++) {
    sum += rates[i];
    if (Math.abs(rates[i] - rates[0]) > 1e-15 * Math.max(1e-300, rates[0])) uniform = false;
  }
  if (sum === 0) return;
  if (uniform) out.push(inst('DEPOLARIZE2', [total(rates[0] * 15)], pairs));
  else out.push(inst('PAULI_CHANNEL_2', [...rates], pairs));
}

type Basis = 'X' | 'Y' | 'Z';
const MEASURE_BASIS: Readonly<Record<string, Basis>> = {
  M: 'Z',
  MR: 'Z',
  MX: 'X',
  MRX: 'X',
  MY: 'Y',
  MRY: 'Y',
};
const RESET_BASIS: Readonly<Record<string, Basis>> = {
  R: 'Z',
  MR: 'Z',
  RX: 'X',
  MRX: 'X',
  RY: 'Y',
  MRY: 'Y',
};
/** The Pauli error that flips a result in a basis (for Y either X or Z does; X is used). */
const FLIP_ERROR: Readonly<Record<Basis, string>> = { Z: 'X_ERROR', X: 'Z_ERROR', Y: 'X_ERROR' };

/** Options for {@link applyNoise}. */
export interface ApplyNoiseOptions {
  /**
   * Qubit coordinates for correlated noise and bursts; by default taken from the circuit's
   * QUBIT_COORDS (with SHIFT_COORDS ignored, as code generators declare coordinates up front).
   */
  readonly qubitCoords?: ReadonlyMap<number, readonly number[]>;
}

/**
 * Returns a noisy copy of a noiseless annotated circuit under `model` (rules in noise-model.ts).
 * Existing noise instructions are kept. REPEAT blocks stay blocks unless the model depends on the
 * round index (bursts, first-round-only data noise), in which case they are unrolled so each
 * round gets its own noise. The input is not mutated.
 *
 * Throws ValidationError for an invalid model or when correlated noise or bursts are requested on
 * a circuit without qubit coordinates.
 */
export function applyNoise(circuit: Circuit, model: NoiseModel, options: ApplyNoiseOptions = {}): Circuit {
  validateNoiseModel(model);
  const coords = options.qubitCoords ?? collectCoords(circuit);
  if ((model.correlated !== undefined || model.burst !== undefined) && coords.size === 0)
    throw new ValidationError(
      `noise model '${model.name}' needs qubit coordinates (QUBIT_COORDS) for correlated noise or bursts`,
    );
  const erase = model.erase !== undefined && model.erase > 0;
  const roundDependent = model.burst !== undefined || model.dataRoundFirstOnly === true || erase;
  const src = roundDependent ? circuit.flattened() : circuit;
  const allQubits = collectQubits(circuit);
  const state = { round: 0, correlatedPairs: correlatedPairs(model, coords), allQubits };
  const noisy = transform(src, model, allQubits, coords, state);
  return erase ? insertHeraldedErasure(noisy, model.erase) : noisy;
}

interface State {
  round: number;
  /** Precomputed [pauli-target pair..., probability] groups for correlated noise. */
  readonly correlatedPairs: readonly { p: number; targets: number[] }[];
  /** Every qubit of the circuit (LRU targets). */
  readonly allQubits: readonly number[];
}

function transform(
  c: Circuit,
  model: NoiseModel,
  allQubits: readonly number[],
  coords: ReadonlyMap<number, readonly number[]>,
  state: State,
): Circuit {
  const out = new Circuit();
  const touched = new Set<number>();
  let momentHasOps = false;
  let momentHasMeasureOrReset = false;
  const endMoment = (): void => {
    const rates = momentHasMeasureOrReset ? (model.idleMeasureReset ?? model.idle) : model.idle;
    if (momentHasOps && rates !== undefined) {
      const idle = allQubits.filter((q) => !touched.has(q));
      emit1(out, rates, idle);
    }
    touched.clear();
    momentHasOps = false;
    momentHasMeasureOrReset = false;
  };
  for (const item of c.items) {
    if (item.kind === 'repeat') {
      endMoment();
      out.push({ ...item, body: transform(item.body, model, allQubits, coords, state) });
      continue;
    }
    const g = item.gate;
    const f = g.flags;
    if (g.name === 'TICK') {
      endMoment();
      out.push(item);
      continue;
    }
    if (g.name === 'I' && item.tag === ROUND_MARKER_TAG) {
      out.push(item);
      roundNoise(out, model, item.targets.map(targetValue), coords, state);
      state.round++;
      continue;
    }
    if (
      (f & (GATE_FLAGS.ANNOTATION | GATE_FLAGS.NOISE | GATE_FLAGS.LEAKAGE)) !== 0 ||
      g.name === 'REPEAT' ||
      item.tag === NOISELESS_TAG
    ) {
      out.push(item);
      continue;
    }
    momentHasOps = true;
    for (const t of item.targets) if (isQubitTarget(t) || isPauliTarget(t)) touched.add(targetValue(t));
    const qubits = item.targets.filter(isQubitTarget).map(targetValue);
    const mBasis = MEASURE_BASIS[g.name];
    const rBasis = RESET_BASIS[g.name];
    if (mBasis !== undefined || rBasis !== undefined) momentHasMeasureOrReset = true;
    if (mBasis !== undefined && model.measureFlip !== undefined && model.measureFlip > 0)
      out.push(inst(FLIP_ERROR[mBasis], [model.measureFlip], qubits));
    if (mBasis === undefined && (f & GATE_FLAGS.PRODUCES_RESULTS) !== 0 && model.measureFlip !== undefined) {
      // Pauli-product and pair measurements: the flip goes into the measurement's own argument.
      const p0 = item.args[0] ?? 0;
      const pm = model.measureFlip;
      out.push({ ...item, args: [p0 + pm - 2 * p0 * pm] });
    } else out.push(item);
    if (rBasis !== undefined && model.resetFlip !== undefined && model.resetFlip > 0)
      out.push(inst(FLIP_ERROR[rBasis], [model.resetFlip], qubits));
    if ((f & GATE_FLAGS.UNITARY) !== 0 && (f & GATE_FLAGS.STABILIZER) !== 0 && g.name !== 'I') {
      if (g.arity === 1) emit1(out, model.gate1, qubits);
      else if (g.arity === 2 && qubits.length === item.targets.length) {
        emit2(out, model.gate2, qubits);
        if (model.leak !== undefined && model.leak > 0) out.push(inst('LEAK', [model.leak], qubits));
        if (model.seep !== undefined && model.seep > 0) out.push(inst('SEEP', [model.seep], qubits));
      }
    }
  }
  endMoment();
  return out;
}

function roundNoise(
  out: Circuit,
  model: NoiseModel,
  data: readonly number[],
  coords: ReadonlyMap<number, readonly number[]>,
  state: State,
): void {
  if (model.lru === true) out.push(inst('LRU', [], state.allQubits));
  if (!(model.dataRoundFirstOnly === true && state.round > 0)) emit1(out, model.dataRound, data);
  for (const g of state.correlatedPairs) out.push(inst('CORRELATED_ERROR', [g.p], g.targets));
  const b = model.burst;
  if (b !== undefined && state.round >= b.startRound && state.round < b.startRound + b.numRounds) {
    const hit: number[] = [];
    for (const [q, xyz] of coords) if (distance(xyz, b.center) <= b.radius) hit.push(q);
    hit.sort((a, c) => a - c);
    emit1(out, b.rates, hit);
  }
}

function correlatedPairs(
  model: NoiseModel,
  coords: ReadonlyMap<number, readonly number[]>,
): { p: number; targets: number[] }[] {
  const cn = model.correlated;
  if (cn === undefined || cn.strength === 0) return [];
  const qs = [...coords.keys()].sort((a, b) => a - b);
  let rMin = Infinity;
  for (let i = 0; i < qs.length; i++)
    for (let j = i + 1; j < qs.length; j++)
      rMin = Math.min(rMin, distance(coords.get(qs[i])!, coords.get(qs[j])!));
  const pauli = cn.pauli === 'X' ? 1 : cn.pauli === 'Y' ? 2 : 3;
  const out: { p: number; targets: number[] }[] = [];
  for (let i = 0; i < qs.length; i++)
    for (let j = i + 1; j < qs.length; j++) {
      const r = distance(coords.get(qs[i])!, coords.get(qs[j])!);
      const p =
        cn.exponent === Infinity
          ? r <= rMin * (1 + 1e-9)
            ? cn.strength
            : 0
          : cn.strength * Math.pow(r / rMin, -cn.exponent);
      if (p >= cn.cutoff && p > 0)
        out.push({ p: Math.min(p, 0.5), targets: [pauliTarget(qs[i], pauli), pauliTarget(qs[j], pauli)] });
    }
  return out;
}

function distance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    s += d * d;
  }
  return Math.sqrt(s);
}

/** Qubit coordinates declared by QUBIT_COORDS (first declaration wins). */
export function collectCoords(c: Circuit): Map<number, readonly number[]> {
  const m = new Map<number, readonly number[]>();
  for (const item of c.items)
    if (item.kind === 'instruction' && item.gate.name === 'QUBIT_COORDS')
      for (const t of item.targets) if (!m.has(targetValue(t))) m.set(targetValue(t), item.args);
  return m;
}

/** Every qubit the circuit declares or touches, sorted. */
function collectQubits(c: Circuit): number[] {
  const s = new Set<number>();
  const visit = (cc: Circuit): void => {
    for (const item of cc.items) {
      if (item.kind === 'repeat') visit(item.body);
      else for (const t of item.targets) if (isQubitTarget(t) || isPauliTarget(t)) s.add(targetValue(t));
    }
  };
  visit(c);
  return [...s].sort((a, b) => a - b);
}
