/**
 * Decoders from a parity-check matrix instead of a detector error model, as PyMatching's
 * `Matching.from_check_matrix(H, weights, faults_matrix)`: column j of the check matrix is error
 * mechanism j, flipping the detectors (rows) where it has a 1 and the observables where the
 * observables matrix has a 1; its weight w_j = log((1 − p_j)/p_j) or its probability p_j.
 */
import { ValidationError } from '../base/errors.js';
import type { FlatDem, FlatError } from '../dem/dem.js';
import type { CompiledDecoder } from './decoder.js';
import { compileDecoder } from './registry.js';

/** A check matrix with its observables and error weights (dense 0/1 rows). */
export interface CheckMatrixSpec {
  /** `check[d][j]` = 1 when error j flips detector d: one row per detector, one column per error. */
  readonly check: readonly (readonly number[])[];
  /** `observables[k][j]` = 1 when error j flips observable k (PyMatching's faults_matrix). Default: none. */
  readonly observables?: readonly (readonly number[])[];
  /** Weight of each error, log((1 − p)/p) (PyMatching's weights). Default 1 for every error. */
  readonly weights?: readonly number[];
  /** Probability of each error in (0, 1), instead of `weights`. */
  readonly errorProbabilities?: readonly number[];
}

function checkBits(rows: readonly (readonly number[])[], cols: number, name: string): void {
  rows.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== cols)
      throw new ValidationError(
        `${name}[${r}] must have ${cols} entries (one per error), got ${Array.isArray(row) ? row.length : typeof row}`,
        {
          field: `${name}[${r}]`,
        },
      );
    row.forEach((v, j) => {
      if (v !== 0 && v !== 1)
        throw new ValidationError(`${name}[${r}][${j}] must be 0 or 1, got ${String(v)}`, {
          field: `${name}[${r}][${j}]`,
        });
    });
  });
}

/**
 * The flat detector error model a check matrix describes: one mechanism per column, in column
 * order, with probability p_j = 1/(1 + e^{w_j}). Pure; O(rows × columns).
 * @throws ValidationError naming the entry (`check[2][5]`, `weights[3]`) that is malformed.
 */
export function demFromCheckMatrix(spec: CheckMatrixSpec): FlatDem {
  const H = spec.check;
  const given: unknown = H;
  if (!Array.isArray(given))
    throw new ValidationError('check must be a list of rows (one per detector)', { field: 'check' });
  const cols = H.length > 0 ? H[0].length : (spec.weights?.length ?? spec.errorProbabilities?.length ?? 0);
  checkBits(H, cols, 'check');
  const L = spec.observables ?? [];
  checkBits(L, cols, 'observables');
  if (spec.weights !== undefined && spec.errorProbabilities !== undefined)
    throw new ValidationError('give weights or errorProbabilities, not both', { field: 'weights' });
  for (const [name, v] of [
    ['weights', spec.weights],
    ['errorProbabilities', spec.errorProbabilities],
  ] as const)
    if (v !== undefined && v.length !== cols)
      throw new ValidationError(`${name} has ${v.length} entries for ${cols} errors (columns)`, {
        field: name,
      });
  const probs: number[] = [];
  for (let j = 0; j < cols; j++) {
    if (spec.errorProbabilities !== undefined) {
      const p = spec.errorProbabilities[j];
      if (!(p > 0 && p < 1))
        throw new ValidationError(`errorProbabilities[${j}] must be in (0, 1), got ${String(p)}`, {
          field: `errorProbabilities[${j}]`,
        });
      probs.push(p);
    } else {
      const w = spec.weights === undefined ? 1 : spec.weights[j];
      if (!Number.isFinite(w))
        throw new ValidationError(`weights[${j}] must be a finite number, got ${String(w)}`, {
          field: `weights[${j}]`,
        });
      probs.push(1 / (1 + Math.exp(w)));
    }
  }
  const errors: FlatError[] = [];
  for (let j = 0; j < cols; j++) {
    const detectors: number[] = [];
    for (let d = 0; d < H.length; d++) if (H[d][j] === 1) detectors.push(d);
    const observables: number[] = [];
    for (let k = 0; k < L.length; k++) if (L[k][j] === 1) observables.push(k);
    errors.push({ probability: probs[j], detectors, observables, components: [{ detectors, observables }] });
  }
  return {
    numDetectors: H.length,
    numObservables: L.length,
    errors,
    detectorCoords: new Array<undefined>(H.length).fill(undefined),
  };
}

/**
 * A compiled decoder for a check matrix (PyMatching's `from_check_matrix`): `decoder` is any
 * registered decoder name (default `mwpm`, which needs at most two 1s per column).
 * @throws ValidationError as {@link demFromCheckMatrix} and {@link compileDecoder}.
 */
export function decoderFromCheckMatrix(
  spec: CheckMatrixSpec,
  decoder = 'mwpm',
  options?: Readonly<Record<string, unknown>>,
): CompiledDecoder {
  return compileDecoder(demFromCheckMatrix(spec), decoder, options);
}
