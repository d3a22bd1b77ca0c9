/**
 * The shortest logical error of a circuit, as detector-error-model mechanisms and as the circuit
 * locations that cause them (Stim's `Circuit.shortest_graphlike_error`, plus a hyperedge search).
 */
import { ValidationError } from '../base/errors.js';
import type { Circuit } from '../circuit/circuit.js';
import { DetectorErrorModel, type DemSymptom, type FlatDem } from './dem.js';
import { searchLogicalError, shortestGraphlikeLogicalError } from './distance.js';
import { analyzeErrors } from './error-analyzer.js';
import { explainErrors, type ExplainErrorsResult, type ExplainedError } from './explain-errors.js';
import { flattenDem } from './flatten.js';

/** Options of {@link shortestLogicalError}. */
export interface ShortestErrorOptions {
  /**
   * `graphlike` (default): the fewest graphlike components (edges of the decomposed model) that
   * flip an observable without flipping a detector, exact (Stim's shortest_graphlike_error).
   * `hyperedge`: the fewest mechanisms of the undecomposed model, by {@link searchLogicalError}:
   * exact when its exhaustive search reaches the weight found, otherwise an upper bound with a
   * proved lower bound.
   */
  readonly method?: 'graphlike' | 'hyperedge';
  /** One representative circuit location per mechanism (explain-errors' `single`). Default false. */
  readonly single?: boolean;
  /** Passed to the error analysis (graphlike): keep undecomposable errors instead of failing. */
  readonly ignoreDecompositionFailures?: boolean;
  /** Hyperedge search: random number source, information-set trials and enumeration budget. */
  readonly rng?: { nextInt(n: number): number };
  readonly trials?: number;
  readonly maxEnumerated?: number;
}

/** What {@link shortestLogicalError} found. */
export interface ShortestErrorResult {
  /** The mechanisms, as a model (probability 1 for graphlike edges as Stim prints them; the mechanism's own for hyperedges). */
  readonly dem: DetectorErrorModel;
  /** Number of mechanisms. */
  readonly weight: number;
  /** Every logical error has at least this many mechanisms (equals `weight` when exact). */
  readonly lowerBound: number;
  readonly exact: boolean;
  readonly method: string;
  /**
   * For each mechanism in order: the circuit errors that cause exactly it, or — for a graphlike
   * edge that is only a component of decomposed circuit errors — those circuit errors (their
   * symptoms then include the edge and more); `component` tells which.
   */
  readonly explained: readonly { readonly error: ExplainedError; readonly component: boolean }[];
  /** Coordinates to print the explanations with. */
  readonly coords: Pick<ExplainErrorsResult, 'detectorCoords' | 'qubitCoords'>;
}

const symptomKey = (d: readonly number[], o: readonly number[]): string => `${d.join(',')}|${o.join(',')}`;

function demOf(symptoms: readonly DemSymptom[], probs: readonly number[]): DetectorErrorModel {
  return new DetectorErrorModel(
    symptoms.map((s, i) => ({ kind: 'error' as const, probability: probs[i], components: [s], tag: '' })),
  );
}

/** The graphlike search: edges, then the decomposed errors having each missing edge as a component. */
function graphlike(flat: FlatDem): { symptoms: DemSymptom[]; parents: (DemSymptom | undefined)[] } {
  const r = shortestGraphlikeLogicalError(flat);
  if (r.distance === Infinity)
    throw new ValidationError(
      'the circuit has no graphlike logical error: no set of graphlike error components flips an observable without flipping a detector',
    );
  const symptoms = r.edges.map(([a, b, mask]) => {
    const observables: number[] = [];
    for (let k = 0; mask >>> k !== 0; k++) if (((mask >>> k) & 1) !== 0) observables.push(k);
    return { detectors: [a, b].filter((x) => x >= 0).sort((x, y) => x - y), observables };
  });
  const parents = symptoms.map((s) => {
    const key = symptomKey(s.detectors, s.observables);
    const parent = flat.errors.find(
      (e) =>
        e.probability > 0 &&
        e.components.some(
          (c) =>
            symptomKey(
              [...c.detectors].sort((x, y) => x - y),
              c.observables,
            ) === key,
        ),
    );
    return parent === undefined
      ? undefined
      : { detectors: parent.detectors, observables: parent.observables };
  });
  return { symptoms, parents };
}

/**
 * Finds the shortest logical error of `circuit` and explains each of its mechanisms by circuit
 * locations. Pure (the hyperedge search draws from `options.rng`).
 * @throws ValidationError when there is no logical error (none found by the hyperedge search), or
 *   as {@link analyzeErrors} and {@link explainErrors}.
 */
export function shortestLogicalError(
  circuit: Circuit,
  options: ShortestErrorOptions = {},
): ShortestErrorResult {
  const method = options.method ?? 'graphlike';
  let symptoms: DemSymptom[];
  let probs: number[];
  let parents: (DemSymptom | undefined)[];
  let lowerBound: number;
  let exact: boolean;
  let how: string;
  if (method === 'graphlike') {
    const flat = flattenDem(
      analyzeErrors(circuit, {
        decomposeErrors: true,
        ignoreDecompositionFailures: options.ignoreDecompositionFailures,
      }),
    );
    ({ symptoms, parents } = graphlike(flat));
    probs = symptoms.map(() => 1);
    lowerBound = symptoms.length;
    exact = true;
    how = 'breadth-first search over the graphlike components of the decomposed model';
  } else {
    const flat = flattenDem(analyzeErrors(circuit));
    const b = searchLogicalError(flat, options.rng ?? { nextInt: () => 0 }, {
      trials: options.trials,
      maxEnumerated: options.maxEnumerated,
    });
    if (b.upper === Infinity)
      throw new ValidationError(
        `no logical error found (every logical error has at least ${b.lower} mechanisms); raise the trials or the enumeration budget`,
      );
    const errs = b.errors.map((i) => flat.errors[i]);
    symptoms = errs.map((e) => ({ detectors: e.detectors, observables: e.observables }));
    probs = errs.map((e) => e.probability);
    parents = symptoms.map(() => undefined);
    lowerBound = b.lower;
    exact = b.exact;
    how = b.method;
  }
  const dem = demOf(symptoms, probs);
  const wanted = [...symptoms, ...parents.filter((p): p is DemSymptom => p !== undefined)];
  const ex = explainErrors(circuit, {
    filter: demOf(
      wanted,
      wanted.map(() => 1),
    ),
    single: options.single,
  });
  const byKey = new Map(ex.errors.map((e) => [symptomKey(e.detectors, e.observables), e]));
  const explained = symptoms.map((s, i) => {
    const own = byKey.get(symptomKey(s.detectors, s.observables));
    const parent = parents[i];
    if ((own === undefined || own.locations.length === 0) && parent !== undefined) {
      const viaParent = byKey.get(symptomKey(parent.detectors, parent.observables));
      if (viaParent !== undefined) return { error: viaParent, component: true };
    }
    return {
      error: own ?? { detectors: s.detectors, observables: s.observables, locations: [] },
      component: false,
    };
  });
  return {
    dem,
    weight: symptoms.length,
    lowerBound,
    exact,
    method: how,
    explained,
    coords: { detectorCoords: ex.detectorCoords, qubitCoords: ex.qubitCoords },
  };
}
