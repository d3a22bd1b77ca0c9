import { UnsupportedError, ValidationError } from '../base/errors.js';
import { matFromRows, matKron, matScale } from '../math/matrix.js';
import type { Gate } from './gate.js';

/**
 * Kraus operators of the noise channels of the gate table, for the exact simulators
 * (state vector by quantum trajectories, density matrix exactly). A channel maps
 * ρ ↦ Σ_k K_k ρ K_k†, with Σ_k K_k† K_k = I (trace preserving).
 *
 * Matrix layout is `src/math/matrix.ts`'s: 2^n × 2^n, row-major, interleaved (re, im), little-endian
 * (bit j of a basis index is the j-th target of one application, as the gate table's unitaries).
 *
 * Pauli codes: 0 = I, 1 = X, 2 = Y, 3 = Z. For two-qubit channels an operator's code is
 * `first | (second << 2)` where `first` acts on the first target of the pair.
 */

/** One noise channel as Kraus operators, plus structure simulators exploit. Immutable by convention. */
export interface KrausChannel {
  /** Qubits of one application (1 or 2). */
  readonly numQubits: number;
  /** The Kraus operators K_k, each 2^numQubits × 2^numQubits. */
  readonly ops: readonly Float64Array[];
  /**
   * When the channel is a Pauli mixture (K_k = √p_k · P_k): the probabilities p_k (summing to 1)
   * and Pauli codes of each operator, so trajectory simulators sample k by p_k without computing
   * norms. Undefined for AMPLITUDE_DAMP and PHASE_DAMP.
   */
  readonly pauliMixture: { readonly probabilities: Float64Array; readonly paulis: Int32Array } | undefined;
  /**
   * For HERALDED_ERASE and HERALDED_PAULI_CHANNEL_1: the herald bit (0 or 1) that the instruction
   * appends to the measurement record when operator k happens. The channel as a whole (summed over
   * heralds) is what a simulator that discards the herald sees; a simulator that records it samples
   * k and records `heralds[k]` (an instrument, not just a channel). Undefined for unheralded channels.
   */
  readonly heralds: Uint8Array | undefined;
}

const I2 = matFromRows([
  [1, 0],
  [0, 1],
]);
const X2 = matFromRows([
  [0, 1],
  [1, 0],
]);
const Y2 = matFromRows([
  [0, { re: 0, im: -1 }],
  [{ re: 0, im: 1 }, 0],
]);
const Z2 = matFromRows([
  [1, 0],
  [0, -1],
]);

/** The single-qubit Pauli matrix of a code (0 = I, 1 = X, 2 = Y, 3 = Z). A fresh copy. */
export function pauliMatrix(code: number): Float64Array {
  const m = [I2, X2, Y2, Z2][code & 3];
  return Float64Array.from(m);
}

/** The two-qubit Pauli matrix of a pair code `first | (second << 2)` (first acts on the low bit). */
export function pauliPairMatrix(code: number): Float64Array {
  return matKron(pauliMatrix(code >>> 2), pauliMatrix(code & 3));
}

function probabilityCheck(name: string, args: readonly number[], count: number): void {
  if (args.length !== count)
    throw new ValidationError(`${name} takes ${count} probability argument(s), got ${args.length}`, {
      gate: name,
      args,
    });
  let sum = 0;
  for (const p of args) {
    if (!(p >= 0 && p <= 1))
      throw new ValidationError(`${name}: argument ${p} is not a probability in [0, 1]`, {
        gate: name,
        args,
      });
    sum += p;
  }
  if (sum > 1 + 1e-12)
    throw new ValidationError(`${name}: probabilities sum to ${sum} > 1`, { gate: name, args, sum });
}

function pauliMixture(
  numQubits: number,
  terms: readonly (readonly [number, number])[],
  heralds?: number[],
): KrausChannel {
  // terms: [pauliCode, probability]; zero-probability terms are dropped except that at least one stays.
  const kept = terms.filter(([, p], i) => p > 0 || (i === 0 && terms.every(([, q]) => q <= 0)));
  const keptHeralds = heralds?.filter((_, i) => kept.includes(terms[i]));
  const ops = kept.map(([code, p]) =>
    matScale(numQubits === 1 ? pauliMatrix(code) : pauliPairMatrix(code), Math.sqrt(p)),
  );
  return {
    numQubits,
    ops,
    pauliMixture: {
      probabilities: Float64Array.from(kept.map(([, p]) => p)),
      paulis: Int32Array.from(kept.map(([c]) => c)),
    },
    heralds: keptHeralds === undefined ? undefined : Uint8Array.from(keptHeralds),
  };
}

/**
 * The Kraus operators of noise channel `gate` with parenthesised `args`.
 *
 * Channels (Stim semantics, plus the two non-Pauli extensions):
 * - `X_ERROR(p)`, `Y_ERROR(p)`, `Z_ERROR(p)`: √(1−p)·I, √p·P.
 * - `DEPOLARIZE1(p)`: I with 1−p, each of X, Y, Z with p/3.
 * - `DEPOLARIZE2(p)`: II with 1−p, each of the 15 other two-qubit Paulis with p/15.
 * - `PAULI_CHANNEL_1(px, py, pz)`; `PAULI_CHANNEL_2(pix, piy, ..., pzz)` (15 args, order IX IY IZ XI
 *   ... ZZ where the left letter acts on the first target).
 * - `I_ERROR`, `II_ERROR`: the identity channel (any arguments are ignored, as Stim does).
 * - `HERALDED_ERASE(p)`: with 1−p nothing and herald 0; with p the qubit is replaced by the maximally
 *   mixed state (I, X, Y, Z each with p/4) and herald 1.
 * - `HERALDED_PAULI_CHANNEL_1(pi, px, py, pz)`: herald 0 with 1−Σ; herald 1 with I, X, Y or Z by the
 *   given probabilities.
 * - `AMPLITUDE_DAMP(γ)`: K0 = [[1,0],[0,√(1−γ)]], K1 = [[0,√γ],[0,0]] (decay |1⟩ → |0⟩, T1).
 * - `PHASE_DAMP(λ)`: K0 = [[1,0],[0,√(1−λ)]], K1 = [[0,0],[0,√λ]] (off-diagonals shrink by √(1−λ), T2);
 *   Nielsen & Chuang §8.3.5–8.3.6.
 *
 * `E`/`CORRELATED_ERROR` and `ELSE_CORRELATED_ERROR` act on Pauli products of any size and depend on
 * the preceding instruction; simulators handle them as chains (see {@link correlatedChainMixture}).
 * Allocates new matrices each call (callers cache per instruction).
 * @throws ValidationError for bad argument counts or probabilities; UnsupportedError for a gate that
 *   is not a fixed-arity noise channel.
 */
export function krausChannel(gate: Gate | string, args: readonly number[]): KrausChannel {
  const name = typeof gate === 'string' ? gate.toUpperCase() : gate.name;
  switch (name) {
    case 'X_ERROR':
    case 'Y_ERROR':
    case 'Z_ERROR': {
      probabilityCheck(name, args, 1);
      const code = name === 'X_ERROR' ? 1 : name === 'Y_ERROR' ? 2 : 3;
      return pauliMixture(1, [
        [0, 1 - args[0]],
        [code, args[0]],
      ]);
    }
    case 'DEPOLARIZE1': {
      probabilityCheck(name, args, 1);
      const p = args[0];
      return pauliMixture(1, [
        [0, 1 - p],
        [1, p / 3],
        [2, p / 3],
        [3, p / 3],
      ]);
    }
    case 'DEPOLARIZE2': {
      probabilityCheck(name, args, 1);
      const p = args[0];
      const terms: [number, number][] = [[0, 1 - p]];
      for (let m = 1; m < 16; m++) terms.push([stimPairIndexToCode(m), p / 15]);
      return pauliMixture(2, terms);
    }
    case 'PAULI_CHANNEL_1': {
      probabilityCheck(name, args, 3);
      const [px, py, pz] = args;
      return pauliMixture(1, [
        [0, 1 - px - py - pz],
        [1, px],
        [2, py],
        [3, pz],
      ]);
    }
    case 'PAULI_CHANNEL_2': {
      probabilityCheck(name, args, 15);
      let sum = 0;
      for (const p of args) sum += p;
      const terms: [number, number][] = [[0, Math.max(0, 1 - sum)]];
      for (let m = 1; m < 16; m++) terms.push([stimPairIndexToCode(m), args[m - 1]]);
      return pauliMixture(2, terms);
    }
    case 'I_ERROR':
      return pauliMixture(1, [[0, 1]]);
    case 'II_ERROR':
      return pauliMixture(2, [[0, 1]]);
    case 'HERALDED_ERASE': {
      probabilityCheck(name, args, 1);
      const p = args[0];
      return pauliMixture(
        1,
        [
          [0, 1 - p],
          [0, p / 4],
          [1, p / 4],
          [2, p / 4],
          [3, p / 4],
        ],
        [0, 1, 1, 1, 1],
      );
    }
    case 'HERALDED_PAULI_CHANNEL_1': {
      probabilityCheck(name, args, 4);
      const [pi, px, py, pz] = args;
      return pauliMixture(
        1,
        [
          [0, Math.max(0, 1 - pi - px - py - pz)],
          [0, pi],
          [1, px],
          [2, py],
          [3, pz],
        ],
        [0, 1, 1, 1, 1],
      );
    }
    case 'AMPLITUDE_DAMP': {
      probabilityCheck(name, args, 1);
      const g = args[0];
      return {
        numQubits: 1,
        ops: [
          matFromRows([
            [1, 0],
            [0, Math.sqrt(1 - g)],
          ]),
          matFromRows([
            [0, Math.sqrt(g)],
            [0, 0],
          ]),
        ],
        pauliMixture: undefined,
        heralds: undefined,
      };
    }
    case 'PHASE_DAMP': {
      probabilityCheck(name, args, 1);
      const l = args[0];
      return {
        numQubits: 1,
        ops: [
          matFromRows([
            [1, 0],
            [0, Math.sqrt(1 - l)],
          ]),
          matFromRows([
            [0, 0],
            [0, Math.sqrt(l)],
          ]),
        ],
        pauliMixture: undefined,
        heralds: undefined,
      };
    }
    default:
      throw new UnsupportedError(
        `krausChannel: '${name}' is not a fixed-arity noise channel (E/ELSE_CORRELATED_ERROR are chains; ` +
          `unitary gates have unitaries, not channels)`,
        { gate: name },
      );
  }
}

/**
 * Stim orders two-qubit Pauli arguments IX, IY, IZ, XI, ..., ZZ: index m (1..15) has the first
 * target's Pauli in its high base-4 digit. Returns the pair code `first | (second << 2)`.
 */
export function stimPairIndexToCode(m: number): number {
  return ((m >>> 2) & 3) | ((m & 3) << 2);
}

/** One term of an `E`/`ELSE_CORRELATED_ERROR` chain: probability and Pauli product (code per qubit). */
export interface CorrelatedTerm {
  readonly probability: number;
  /** Qubit indices of the product. */
  readonly qubits: readonly number[];
  /** Pauli code (1 = X, 2 = Y, 3 = Z) per entry of `qubits`. */
  readonly paulis: readonly number[];
}

/**
 * The Pauli mixture realised by a chain `E(p1) P1`, `ELSE_CORRELATED_ERROR(p2) P2`, ...: term k
 * happens with probability p_k·Π_{j<k}(1−p_j) (only if no earlier term happened), nothing with
 * Π(1−p_j). Returns the weights of each term followed by the weight of "no error" (length k+1).
 */
export function correlatedChainMixture(chain: readonly CorrelatedTerm[]): Float64Array {
  const w = new Float64Array(chain.length + 1);
  let none = 1;
  for (let k = 0; k < chain.length; k++) {
    w[k] = none * chain[k].probability;
    none *= 1 - chain[k].probability;
  }
  w[chain.length] = none;
  return w;
}

/** Σ_k K_k† K_k, which equals the identity for a trace-preserving channel (used by tests). */
export function krausCompleteness(ch: KrausChannel): Float64Array {
  const n = 1 << ch.numQubits;
  const out = new Float64Array(2 * n * n);
  for (const k of ch.ops)
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) {
        let sr = 0;
        let si = 0;
        for (let j = 0; j < n; j++) {
          // conj(K[j,r]) · K[j,c]
          const ar = k[2 * (j * n + r)];
          const ai = -k[2 * (j * n + r) + 1];
          const br = k[2 * (j * n + c)];
          const bi = k[2 * (j * n + c) + 1];
          sr += ar * br - ai * bi;
          si += ar * bi + ai * br;
        }
        out[2 * (r * n + c)] += sr;
        out[2 * (r * n + c) + 1] += si;
      }
  return out;
}

/** Names of the channels {@link krausChannel} accepts. */
export const KRAUS_CHANNEL_NAMES: readonly string[] = [
  'X_ERROR',
  'Y_ERROR',
  'Z_ERROR',
  'DEPOLARIZE1',
  'DEPOLARIZE2',
  'PAULI_CHANNEL_1',
  'PAULI_CHANNEL_2',
  'I_ERROR',
  'II_ERROR',
  'HERALDED_ERASE',
  'HERALDED_PAULI_CHANNEL_1',
  'AMPLITUDE_DAMP',
  'PHASE_DAMP',
];
