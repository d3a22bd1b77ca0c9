/**
 * The lab's model: turns the form (a generated experiment or pasted Stim text) into everything the
 * views draw — circuit, qubit layout, detector coordinates, the MWPM decoder and the frame
 * sampler. Pure: no DOM, so it is unit-tested in Node.
 */
import {
  analyzeErrors,
  collectCoords,
  compileDecoder,
  compileSampler,
  CODE_FAMILIES,
  flattenDem,
  generateExperiment,
  GATE_FLAGS,
  isPauliTarget,
  isQubitTarget,
  isShotMatcher,
  NOISE_FAMILIES,
  COMMON_NOISE_PARAMS,
  parseCircuit,
  printCircuit,
  targetValue,
  QecError,
  ValidationError,
  type Circuit,
  type CompiledDecoder,
  type CodeTask,
  type CompiledSampler,
  type ShotMatcher,
  type FlatDem,
  type NoiseParamSpec,
} from '../../src/index.js';

/** What the lab form holds (strings as typed; parsed by {@link buildLab}). */
export interface LabForm {
  readonly source: 'generate' | 'stim';
  readonly code: string;
  readonly task: string;
  readonly distance: string;
  /** Empty means "= distance". */
  readonly rounds: string;
  readonly noise: string;
  /** Noise parameter values as typed; empty entries take the model's default. */
  readonly params: Readonly<Record<string, string>>;
  readonly stim: string;
}

/** A generator request with every field given (`qec gen`'s code, task, d, r, noise and parameters). */
export interface GeneratorRequest {
  code: string;
  task: CodeTask;
  distance: number;
  rounds: number;
  noise: string;
  noiseParams: Record<string, number>;
}

/** Starting values: a d=5 rotated surface code memory experiment under uniform noise. */
export const DEFAULT_FORM: LabForm = {
  source: 'generate',
  code: 'rotated-surface',
  task: 'memory-z',
  distance: '5',
  rounds: '',
  noise: 'uniform',
  params: { p: '0.003' },
  stim: '',
};

/** Role of a qubit on the layout. */
export type QubitKind = 'data' | 'check';

/** One qubit as drawn: position, role and (for checks) the check's Pauli type. */
export interface LayoutQubit {
  readonly q: number;
  readonly x: number;
  readonly y: number;
  readonly kind: QubitKind;
  /** X, Z, Y, mixed, or `?` when unknown (pasted circuits). */
  readonly checkType?: string;
}

/** Everything the circuit, shot and sweep views need about one experiment. */
export interface LabExperiment {
  readonly title: string;
  /** The circuit sampled and decoded (with noise). */
  readonly circuit: Circuit;
  readonly circuitText: string;
  readonly qubits: readonly LayoutQubit[];
  readonly numDetectors: number;
  readonly numObservables: number;
  /** Detector (x, y, t) with shifts applied; t is the round (last coordinate), 0 when absent. */
  readonly detectors: readonly { readonly x: number; readonly y: number; readonly t: number }[];
  /** Generator request when generated (the sweep uses it); undefined for pasted circuits. */
  readonly generator?: GeneratorRequest;
  readonly dem: FlatDem;
  /** Whether `dem` is decomposed into graphlike errors (MWPM applies); false for e.g. color codes. */
  readonly graphlike: boolean;
}

/**
 * The DEM the lab decodes with: decomposed into graphlike errors when that works (MWPM), else
 * as it is (hyperedges, e.g. color codes: decoded by BP-OSD, with no matching to draw).
 */
function labDem(c: Circuit): { dem: FlatDem; graphlike: boolean } {
  try {
    return {
      dem: flattenDem(analyzeErrors(c, { decomposeErrors: true, approximateDisjointErrors: true })),
      graphlike: true,
    };
  } catch (err) {
    if (!(err instanceof QecError)) throw err;
    return { dem: flattenDem(analyzeErrors(c, { approximateDisjointErrors: true })), graphlike: false };
  }
}

/** The noise parameters offered for a family: its own, then `pm`, `pr` and `idle` overrides. */
export function noiseParamsOf(noise: string): readonly NoiseParamSpec[] {
  const fam = NOISE_FAMILIES.find((f) => f.name === noise);
  if (fam === undefined) return [];
  const common = COMMON_NOISE_PARAMS.filter((s) => ['idle', 'pm', 'pr'].includes(s.name));
  return fam.name === 'none' ? [] : [...fam.params, ...common];
}

/** Parses a number as typed (accepts 1e-3, Infinity); ValidationError naming the field otherwise. */
export function parseNumber(text: string, field: string): number {
  const t = text.trim();
  const v = t === 'Infinity' || t === '∞' ? Infinity : t === '' ? NaN : Number(t);
  if (Number.isNaN(v)) throw new ValidationError(`${field}: expected a number, got '${text}'`, { field });
  return v;
}

function parseInteger(text: string, field: string): number {
  const v = parseNumber(text, field);
  if (!Number.isSafeInteger(v))
    throw new ValidationError(`${field}: expected an integer, got '${text}'`, { field });
  return v;
}

/** The generator request of a form (validated field by field; errors name the field). */
export function generatorOf(form: LabForm): GeneratorRequest {
  const fam = CODE_FAMILIES.find((f) => f.name === form.code);
  if (fam === undefined) throw new ValidationError(`code: unknown code '${form.code}'`, { field: 'code' });
  const distance = parseInteger(form.distance, 'distance');
  const rounds = form.rounds.trim() === '' ? distance : parseInteger(form.rounds, 'rounds');
  const noiseParams: Record<string, number> = {};
  for (const s of noiseParamsOf(form.noise)) {
    const raw = form.params[s.name] ?? '';
    if (raw.trim() !== '') noiseParams[s.name] = parseNumber(raw, s.name);
  }
  return { code: form.code, task: form.task as CodeTask, distance, rounds, noise: form.noise, noiseParams };
}

/**
 * Builds the experiment of a form: generates (or parses) the circuit, lays out its qubits, extracts
 * the decomposed DEM and its detector coordinates. Throws ValidationError / ParseError with a
 * message naming the field or the line.
 */
export function buildLab(form: LabForm): LabExperiment {
  if (form.source === 'stim') {
    const circuit = parseCircuit(form.stim, 'circuit');
    const { dem, graphlike } = labDem(circuit);
    return {
      graphlike,
      title: `pasted circuit: ${circuit.numQubits} qubits, ${dem.numDetectors} detectors`,
      circuit,
      circuitText: printCircuit(circuit),
      qubits: inferLayout(circuit),
      numDetectors: dem.numDetectors,
      numObservables: dem.numObservables,
      detectors: detectorPositions(dem),
      dem,
    };
  }
  const generator = generatorOf(form);
  const g = generateExperiment(generator);
  const { dem, graphlike } = labDem(g.circuit);
  const m = g.metadata;
  const qubits: LayoutQubit[] = g.layout.qubits.map((q) => ({
    q: q.index,
    x: q.coords[0] ?? q.index,
    y: q.coords[1] ?? 0,
    kind: q.role === 'data' ? 'data' : 'check',
    ...(q.role === 'data' ? {} : { checkType: q.checkType ?? '?' }),
  }));
  const noise =
    generator.noise === 'none'
      ? 'no noise'
      : `${generator.noise} noise ${Object.entries(generator.noiseParams)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`;
  return {
    title: `${m.code} [[${m.n},${m.k},${m.d}]] ${m.task}, ${m.rounds} rounds, ${noise}`,
    graphlike,
    circuit: g.circuit,
    circuitText: printCircuit(g.circuit),
    qubits,
    numDetectors: dem.numDetectors,
    numObservables: dem.numObservables,
    detectors: detectorPositions(dem),
    generator,
    dem,
  };
}

/** Detector positions from the DEM's coordinates: (x, y) and time t = the last coordinate. */
export function detectorPositions(dem: FlatDem): LabExperiment['detectors'] {
  return dem.detectorCoords.map((c, i) => {
    if (c === undefined || c.length === 0) return { x: i, y: 0, t: 0 };
    return { x: c[0], y: c.length > 2 ? c[1] : 0, t: c.length > 1 ? c[c.length - 1] : 0 };
  });
}

/**
 * Layout of a pasted circuit from its QUBIT_COORDS (qubits without coordinates go on a row
 * below). Roles are inferred: qubits measured more often than the least-measured ones are checks
 * (their type unknown); if every qubit is measured equally often all are drawn as data.
 */
export function inferLayout(c: Circuit): LayoutQubit[] {
  const coords = collectCoords(c);
  const measured = new Map<number, number>();
  const touched = new Set<number>(coords.keys());
  const visit = (cc: Circuit, times: number): void => {
    for (const item of cc.items) {
      if (item.kind === 'repeat') {
        visit(item.body, times * item.repetitions);
        continue;
      }
      const isMeasure = (item.gate.flags & GATE_FLAGS.PRODUCES_RESULTS) !== 0;
      for (const t of item.targets) {
        if (!isQubitTarget(t) && !isPauliTarget(t)) continue;
        const q = targetValue(t);
        touched.add(q);
        if (isMeasure) measured.set(q, (measured.get(q) ?? 0) + times);
      }
    }
  };
  visit(c, 1);
  const counts = [...touched].map((q) => measured.get(q) ?? 0);
  const least = counts.length === 0 ? 0 : Math.min(...counts);
  const most = counts.length === 0 ? 0 : Math.max(...counts);
  const qs = [...touched].sort((a, b) => a - b);
  let maxY = 0;
  for (const v of coords.values()) maxY = Math.max(maxY, v[1] ?? 0);
  let free = 0;
  return qs.map((q) => {
    const xy = coords.get(q);
    const isCheck = most > least && (measured.get(q) ?? 0) > least;
    return {
      q,
      x: xy === undefined ? free++ : (xy[0] ?? 0),
      y: xy === undefined ? maxY + 2 : (xy[1] ?? 0),
      kind: isCheck ? 'check' : 'data',
      ...(isCheck ? { checkType: '?' } : {}),
    };
  });
}

/** The engine of the shot view: the frame sampler and the decoder of an experiment. */
export interface ShotEngine {
  readonly sampler: CompiledSampler;
  /** `mwpm` on a graphlike DEM, else `bposd`. */
  readonly decoderName: string;
  readonly decoder: CompiledDecoder;
  /** The MWPM decoder when the DEM is graphlike (its matching is drawn). */
  readonly matcher: ShotMatcher | undefined;
}

/** Compiles the sampler and the decoder: MWPM on a graphlike DEM, BP-OSD otherwise. */
export function compileShotEngine(exp: LabExperiment): ShotEngine {
  const decoderName = exp.graphlike ? 'mwpm' : 'bposd';
  const decoder = compileDecoder(exp.dem, decoderName);
  const matcher = isShotMatcher(decoder) ? decoder : undefined;
  return { sampler: compileSampler(exp.circuit), decoderName, decoder, matcher };
}
