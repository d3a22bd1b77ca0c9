/**
 * The gate table: one {@link Gate} record per instruction of Stim's circuit language (Stim 1.16:
 * names, aliases, argument counts, target rules, unitaries, stabilizer tableaus and H/S/CX
 * decompositions, following Stim's `doc/gates.md`), plus a few clearly marked extensions for the
 * exact (state-vector / density-matrix) simulators.
 *
 * Extensions beyond Stim (they lack {@link GATE_FLAGS.STABILIZER}, so stabilizer simulators
 * reject them with a clear error):
 * - `T`, `T_DAG`: diag(1, e^{±iπ/4}).
 * - `ROT_X(θ)`, `ROT_Y(θ)`, `ROT_Z(θ)`: exp(−iθP/2), θ in radians. **Not `RX`/`RY`/`RZ`**: in
 *   Stim's language `RX` and `RY` are the X- and Y-basis *resets* and `RZ` is an alias of the
 *   Z-basis reset `R`, so the rotations get the non-clashing names `ROT_*`. OpenQASM's `rx`,
 *   `ry`, `rz` map to `ROT_X`, `ROT_Y`, `ROT_Z`.
 * - `U3(θ, φ, λ)`: OpenQASM's general single-qubit gate
 *   [[cos(θ/2), −e^{iλ} sin(θ/2)], [e^{iφ} sin(θ/2), e^{i(φ+λ)} cos(θ/2)]].
 * - `CCX` (alias `TOFFOLI`): targets in triples, controls first two; `CSWAP` (alias `FREDKIN`):
 *   control first, then the swapped pair.
 * - `AMPLITUDE_DAMP(γ)`, `PHASE_DAMP(λ)`: non-Pauli channels ({@link GATE_FLAGS.NON_PAULI_NOISE});
 *   their Kraus operators live in `channels.ts`.
 * - `LEAK(p)`, `SEEP(p)`, `LRU`: leakage ({@link GATE_FLAGS.LEAKAGE}, `leakage-gates.ts`), run by the
 *   frame sampler only.
 *
 * Matrix layout: 2^k × 2^k complex entries, row-major, interleaved (re, im), little-endian (bit j
 * of a basis index is the j-th target of one application), as Stim's "Unitary Matrix (little
 * endian)". Tableaus: signed images of X0, Z0 (, X1, Z1) with character j = qubit j.
 *
 * The table is data only: no I/O, no dependency beyond `gate.ts` and `base/errors.ts`.
 */
import { ValidationError } from '../base/errors.js';
import type { Gate } from './gate.js';
import { GATE_FLAGS } from './gate.js';
import type { GateSpec } from './gate-spec.js';
import { ANNOTATION_GATES } from './annotation-gates.js';
import { EXTENSION_GATES } from './extension-gates.js';
import { LEAKAGE_GATES } from './leakage-gates.js';
import { MEASUREMENT_GATES } from './measurement-gates.js';
import { NOISE_GATES } from './noise-gates.js';
import { SINGLE_QUBIT_GATES } from './single-qubit-gates.js';
import { TWO_QUBIT_GATES } from './two-qubit-gates.js';

const F = GATE_FLAGS;

/** Every record in id order: the Stim families first, in Stim's order, then the extensions. */
const SPECS: readonly GateSpec[] = [
  ...SINGLE_QUBIT_GATES,
  ...TWO_QUBIT_GATES,
  ...MEASUREMENT_GATES,
  ...NOISE_GATES,
  ...ANNOTATION_GATES,
  ...EXTENSION_GATES,
  ...LEAKAGE_GATES,
];

/**
 * The gate table, indexed by id (`GATE_DATA[g.id] === g`). Frozen. Stim-native gates come first,
 * then the extensions. O(1) lookup by id; use {@link gateByName} for names.
 */
export const GATE_DATA: readonly Gate[] = Object.freeze(
  SPECS.map((s, id): Gate => {
    const g: Gate = {
      id,
      name: s.name,
      aliases: Object.freeze([...(s.aliases ?? [])]),
      flags: s.flags,
      category: s.category,
      argCount: s.argCount ?? 0,
      arity: s.arity,
      inverse: s.inverse,
      unitary: s.unitary,
      tableau: s.tableau === undefined ? undefined : Object.freeze([...s.tableau]),
      help: s.help,
      ...(s.decomposition === undefined ? {} : { decomposition: s.decomposition }),
    };
    return Object.freeze(g);
  }),
);

/** Every canonical gate name and alias accepted by {@link gateByName}. */
export type GateName =
  | 'I'
  | 'X'
  | 'Y'
  | 'Z'
  | 'C_XYZ'
  | 'C_NXYZ'
  | 'C_XNYZ'
  | 'C_XYNZ'
  | 'C_ZYX'
  | 'C_ZYNX'
  | 'C_ZNYX'
  | 'C_NZYX'
  | 'H'
  | 'H_XZ'
  | 'H_XY'
  | 'H_YZ'
  | 'H_NXY'
  | 'H_NXZ'
  | 'H_NYZ'
  | 'S'
  | 'SQRT_Z'
  | 'S_DAG'
  | 'SQRT_Z_DAG'
  | 'SQRT_X'
  | 'SQRT_X_DAG'
  | 'SQRT_Y'
  | 'SQRT_Y_DAG'
  | 'CX'
  | 'CNOT'
  | 'ZCX'
  | 'CY'
  | 'ZCY'
  | 'CZ'
  | 'ZCZ'
  | 'XCX'
  | 'XCY'
  | 'XCZ'
  | 'YCX'
  | 'YCY'
  | 'YCZ'
  | 'SWAP'
  | 'ISWAP'
  | 'ISWAP_DAG'
  | 'CXSWAP'
  | 'SWAPCX'
  | 'CZSWAP'
  | 'SWAPCZ'
  | 'II'
  | 'SQRT_XX'
  | 'SQRT_XX_DAG'
  | 'SQRT_YY'
  | 'SQRT_YY_DAG'
  | 'SQRT_ZZ'
  | 'SQRT_ZZ_DAG'
  | 'MPP'
  | 'SPP'
  | 'SPP_DAG'
  | 'M'
  | 'MZ'
  | 'MR'
  | 'MRZ'
  | 'R'
  | 'RZ'
  | 'MX'
  | 'MRX'
  | 'RX'
  | 'MY'
  | 'MRY'
  | 'RY'
  | 'MXX'
  | 'MYY'
  | 'MZZ'
  | 'X_ERROR'
  | 'Y_ERROR'
  | 'Z_ERROR'
  | 'I_ERROR'
  | 'II_ERROR'
  | 'DEPOLARIZE1'
  | 'DEPOLARIZE2'
  | 'PAULI_CHANNEL_1'
  | 'PAULI_CHANNEL_2'
  | 'E'
  | 'CORRELATED_ERROR'
  | 'ELSE_CORRELATED_ERROR'
  | 'HERALDED_ERASE'
  | 'HERALDED_PAULI_CHANNEL_1'
  | 'DETECTOR'
  | 'OBSERVABLE_INCLUDE'
  | 'QUBIT_COORDS'
  | 'SHIFT_COORDS'
  | 'TICK'
  | 'MPAD'
  | 'REPEAT'
  | 'T'
  | 'T_DAG'
  | 'ROT_X'
  | 'ROT_Y'
  | 'ROT_Z'
  | 'U3'
  | 'CCX'
  | 'TOFFOLI'
  | 'CSWAP'
  | 'FREDKIN'
  | 'AMPLITUDE_DAMP'
  | 'PHASE_DAMP';

const BY_NAME = new Map<string, Gate>();
for (const g of GATE_DATA) {
  for (const n of [g.name, ...g.aliases]) {
    if (BY_NAME.has(n)) throw new Error(`gate-data: duplicate gate name ${n}`);
    BY_NAME.set(n, g);
  }
}

/**
 * Gate ids by name: every canonical name and every alias (`GATE_ID.CX === GATE_ID.CNOT`,
 * `GATE_ID.E === GATE_ID.CORRELATED_ERROR`). Frozen; use for dispatch (`switch (g.id)`).
 */
export const GATE_ID: Readonly<Record<GateName, number>> = Object.freeze(
  Object.fromEntries([...BY_NAME].map(([n, g]) => [n, g.id])) as Record<GateName, number>,
);

/**
 * The gate called `name` (canonical name or alias, any letter case), or undefined. O(1) for
 * names already in upper case; otherwise one `toUpperCase`.
 */
export function gateByName(name: string): Gate | undefined {
  return BY_NAME.get(name) ?? BY_NAME.get(name.toUpperCase());
}

/** Every accepted name (canonical names and aliases), upper case. For help and suggestions. */
export function allGateNames(): string[] {
  return [...BY_NAME.keys()];
}

/**
 * Up to `max` known gate names close to `name` (edit distance ≤ 2, or sharing a prefix), best
 * first, for "unknown gate" messages. O(#names · |name|²).
 */
export function suggestGateNames(name: string, max = 3): string[] {
  const up = name.toUpperCase();
  const scored: [number, string][] = [];
  for (const n of BY_NAME.keys()) {
    // Lengths differing by more than 2 cannot be within distance 2: skip the O(|name|·|n|) table.
    const d = Math.abs(up.length - n.length) > 2 ? 3 : editDistance(up, n);
    if (d <= 2 || (up.length >= 3 && (n.startsWith(up) || up.startsWith(n)))) scored.push([d, n]);
  }
  scored.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
  return scored.slice(0, max).map((s) => s[1]);
}

function editDistance(a: string, b: string): number {
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** Throws when a parametrised gate gets the wrong number of arguments. */
function expectArgs(gate: Gate, args: readonly number[], n: number): void {
  if (args.length !== n)
    throw new ValidationError(
      `gateUnitary: ${gate.name} takes ${n} argument(s) but was given ${args.length} (${args.join(', ')})`,
      { gate: gate.name, args: [...args] },
    );
}

/**
 * The unitary of one application of `gate` with arguments `args`: the fixed {@link Gate.unitary}
 * for fixed gates, or a new matrix for the parametrised extensions `ROT_X/ROT_Y/ROT_Z(θ)` and
 * `U3(θ, φ, λ)` (angles in radians). Layout as {@link Gate.unitary}. Undefined for non-unitary
 * gates and for SPP/SPP_DAG (whose size depends on the targets). Does not mutate `args`.
 * @throws ValidationError when a parametrised gate gets the wrong number of arguments.
 */
export function gateUnitary(gate: Gate, args: readonly number[] = []): Float64Array | undefined {
  if (gate.unitary !== undefined) return gate.unitary;
  switch (gate.name) {
    case 'ROT_X':
    case 'ROT_Y':
    case 'ROT_Z': {
      expectArgs(gate, args, 1);
      const c = Math.cos(args[0] / 2);
      const s = Math.sin(args[0] / 2);
      const m = new Float64Array(8);
      if (gate.name === 'ROT_X') {
        // [[c, -is], [-is, c]]
        m[0] = c;
        m[3] = -s;
        m[5] = -s;
        m[6] = c;
      } else if (gate.name === 'ROT_Y') {
        // [[c, -s], [s, c]]
        m[0] = c;
        m[2] = -s;
        m[4] = s;
        m[6] = c;
      } else {
        // diag(e^{-iθ/2}, e^{iθ/2})
        m[0] = c;
        m[1] = -s;
        m[6] = c;
        m[7] = s;
      }
      return m;
    }
    case 'U3': {
      expectArgs(gate, args, 3);
      const [theta, phi, lambda] = args;
      const c = Math.cos(theta / 2);
      const s = Math.sin(theta / 2);
      return new Float64Array([
        c,
        0,
        -Math.cos(lambda) * s,
        -Math.sin(lambda) * s,
        Math.cos(phi) * s,
        Math.sin(phi) * s,
        Math.cos(phi + lambda) * c,
        Math.sin(phi + lambda) * c,
      ]);
    }
    default:
      return undefined;
  }
}

/**
 * The inverse operation of a unitary `gate` applied with `args`: the gate named by
 * {@link Gate.inverse} with the arguments transformed (ROT_P(θ) → ROT_P(−θ); U3(θ, φ, λ) →
 * U3(−θ, −λ, −φ); fixed gates keep no arguments). New arrays; does not mutate `args`.
 * @throws ValidationError for gates without an inverse (measurements, noise, annotations).
 */
export function gateInverse(gate: Gate, args: readonly number[] = []): { gate: Gate; args: number[] } {
  const inv = gate.inverse === undefined ? undefined : gateByName(gate.inverse);
  if (inv === undefined)
    throw new ValidationError(`gateInverse: ${gate.name} is not unitary and has no inverse`, {
      gate: gate.name,
    });
  switch (gate.name) {
    case 'ROT_X':
    case 'ROT_Y':
    case 'ROT_Z':
      return { gate: inv, args: args.map((a) => -a) };
    case 'U3':
      return { gate: inv, args: [-args[0], -args[2], -args[1]] };
    default:
      return { gate: inv, args: [...args] };
  }
}

/**
 * Number of targets one application consumes: 1, 2 (pairs) or 3 (triples); 0 for variable-size
 * target lists (Pauli products and strings, records, annotations).
 */
export function targetGroupSize(gate: Gate): number {
  const f = gate.flags;
  if (
    (f & (F.TARGETS_PAULI_PRODUCTS | F.TARGETS_PAULI_STRING | F.TARGETS_RECORDS | F.ANNOTATION | F.BLOCK)) !==
    0
  )
    return 0;
  if ((f & F.TARGETS_TRIPLES) !== 0) return 3;
  if ((f & F.TARGETS_PAIRS) !== 0) return 2;
  return 1;
}
