import { ValidationError } from '../base/errors.js';

/**
 * Disjoint probabilities (pX, pY, pZ) of a single-qubit Pauli channel (Stim's PAULI_CHANNEL_1
 * arguments). Their sum is the total error probability.
 */
export type PauliRates1 = readonly [number, number, number];

/**
 * The 15 disjoint probabilities of a two-qubit Pauli channel in Stim's PAULI_CHANNEL_2 order:
 * IX IY IZ XI XX XY XZ YI YX YY YZ ZI ZX ZY ZZ (first letter on the first qubit of the pair).
 */
export type PauliRates2 = readonly number[];

/**
 * Pairwise correlated errors between every pair of qubits with coordinates, applied at each round
 * marker: qubits i and j suffer the correlated Pauli P_i P_j with probability
 * `strength · (r_ij / r_min)^(−exponent)`, r_ij their Euclidean distance and r_min the smallest
 * distance between any two qubits (so nearest neighbours get `strength`). As exponent → ∞ only
 * nearest-neighbour pairs keep a non-negligible rate (local noise); pairs whose probability is below
 * `cutoff` are omitted (stated in the circuit as a count, never silently).
 */
export interface CorrelatedNoise {
  readonly strength: number;
  readonly exponent: number;
  readonly pauli: 'X' | 'Y' | 'Z';
  readonly cutoff: number;
}

/**
 * A burst of elevated noise (e.g. a cosmic-ray strike): in rounds `[startRound, startRound +
 * numRounds)` (0-based, counted by round markers), every qubit within Euclidean distance `radius` of
 * `center` suffers the extra channel `rates` at the round marker.
 */
export interface BurstNoise {
  readonly center: readonly number[];
  readonly radius: number;
  readonly startRound: number;
  readonly numRounds: number;
  readonly rates: PauliRates1;
}

/**
 * A noise model as data. {@link applyNoise} turns a noiseless annotated circuit into a noisy one by
 * these rules; simulators never know which model produced an instruction.
 *
 * Where noise goes (the circuit's structure decides, see apply-noise.ts):
 * - `gate1` after every single-qubit Clifford, `gate2` after every two-qubit Clifford;
 * - `dataRound` on the qubits of each round marker (`I[round] q...`, emitted by code generators at
 *   the start of each round on the data qubits), or only the first marker when `dataRoundFirstOnly`;
 * - `idle` on every known qubit not acted on during a moment (between TICKs) that has no
 *   measurement or reset, `idleMeasureReset` during moments that have one;
 * - `measureFlip` as a classical flip before each measurement (X_ERROR before Z-basis, Z_ERROR
 *   before X-basis measurements, the flip argument of MPP), `resetFlip` after each reset;
 * - `correlated` and `burst` at round markers;
 * - leakage (the LEAK / SEEP / LRU extension, frame sampler only): `leak` and `seep` as LEAK(p) and
 *   SEEP(p) on both qubits after every two-qubit Clifford, `lru` as LRU on every qubit at each round
 *   marker;
 * - `erase` as heralded erasure after every two-qubit Clifford, heralds declared as detectors.
 */
export interface NoiseModel {
  /** Name from the NOISE_MODELS table, e.g. `uniform`, `si1000`, `biased`, `cat`. */
  readonly name: string;
  /** The parameters it was built from (for metadata, task ids and reports). */
  readonly params: Readonly<Record<string, number>>;
  readonly gate1?: PauliRates1;
  readonly gate2?: PauliRates2;
  readonly dataRound?: PauliRates1;
  readonly dataRoundFirstOnly?: boolean;
  readonly idle?: PauliRates1;
  readonly idleMeasureReset?: PauliRates1;
  readonly measureFlip?: number;
  readonly resetFlip?: number;
  readonly correlated?: CorrelatedNoise;
  readonly burst?: BurstNoise;
  /** LEAK(p) on both qubits after every two-qubit Clifford (probability per qubit per gate). */
  readonly leak?: number;
  /** SEEP(p) on both qubits after every two-qubit Clifford. */
  readonly seep?: number;
  /** LRU on every qubit at each round marker (leaked qubits return, maximally mixed). */
  readonly lru?: boolean;
  /**
   * HERALDED_ERASE(p) on both qubits after every two-qubit Clifford, each herald a DETECTOR
   * (erasure.ts); the circuit is flattened (REPEAT blocks unrolled).
   */
  readonly erase?: number;
}

/** Depolarizing single-qubit rates: X, Y, Z each p/3. */
export function depolarizing1(p: number): PauliRates1 {
  return [p / 3, p / 3, p / 3];
}

/** Depolarizing two-qubit rates: each of the 15 non-identity Paulis p/15. */
export function depolarizing2(p: number): PauliRates2 {
  return new Array<number>(15).fill(p / 15);
}

/**
 * Biased single-qubit rates with bias η = pZ / (pX + pY) and pX = pY, total p:
 * pZ = p·η/(η+1), pX = pY = p/(2(η+1)). η = 0.5 is depolarizing, η = ∞ pure dephasing.
 */
export function biased1(p: number, eta: number): PauliRates1 {
  if (eta === Infinity) return [0, 0, p];
  return [p / (2 * (eta + 1)), p / (2 * (eta + 1)), (p * eta) / (eta + 1)];
}

/**
 * Biased two-qubit rates, total p: the three Z-type Paulis (IZ, ZI, ZZ) each have weight 2η times
 * that of each of the 12 others, so η = 0.5 gives DEPOLARIZE2(p) and η = ∞ only Z-type errors, the
 * same ratio pZ/pX = 2η as {@link biased1}.
 */
export function biased2(p: number, eta: number): PauliRates2 {
  const out = new Array<number>(15).fill(0);
  const zType = [2, 11, 14]; // IZ, ZI, ZZ in PAULI_CHANNEL_2 order
  if (eta === Infinity) {
    for (const i of zType) out[i] = p / 3;
    return out;
  }
  const wOther = p / (12 + 3 * 2 * eta);
  for (let i = 0; i < 15; i++) out[i] = zType.includes(i) ? 2 * eta * wOther : wOther;
  return out;
}

/** Checks that every rate of a model is a probability and every channel sums to at most 1. */
export function validateNoiseModel(m: NoiseModel): void {
  const check = (what: string, v: number): void => {
    if (!(v >= 0 && v <= 1))
      throw new ValidationError(`noise model '${m.name}': ${what} = ${v} is not a probability in [0, 1]`, {
        field: what,
        value: v,
      });
  };
  const checkRates = (what: string, r: readonly number[] | undefined): void => {
    if (r === undefined) return;
    r.forEach((v, i) => check(`${what}[${i}]`, v));
    check(
      `${what} (sum)`,
      r.reduce((a, b) => a + b, 0),
    );
  };
  checkRates('gate1', m.gate1);
  checkRates('gate2', m.gate2);
  checkRates('dataRound', m.dataRound);
  checkRates('idle', m.idle);
  checkRates('idleMeasureReset', m.idleMeasureReset);
  if (m.measureFlip !== undefined) check('measureFlip', m.measureFlip);
  if (m.resetFlip !== undefined) check('resetFlip', m.resetFlip);
  if (m.correlated !== undefined) {
    check('correlated.strength', m.correlated.strength);
    if (!(m.correlated.exponent >= 0))
      throw new ValidationError(`noise model '${m.name}': correlated.exponent must be ≥ 0`, {
        field: 'exponent',
      });
  }
  if (m.burst !== undefined) checkRates('burst.rates', m.burst.rates);
  if (m.leak !== undefined) check('leak', m.leak);
  if (m.seep !== undefined) check('seep', m.seep);
  if (m.erase !== undefined) check('erase', m.erase);
}
